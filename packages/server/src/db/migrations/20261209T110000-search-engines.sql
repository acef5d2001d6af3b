-- Whether a member's public profile may be indexed by search engines (its page then says noindex); on by default, as their profile is public.
alter table users add column search_engines boolean not null default true;
