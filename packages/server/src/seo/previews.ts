import type { Media } from '@kindred/contract';
import { can, loadActivityFacts, loadPostFacts } from '../auth/access.js';
import type { AppContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { getProfile } from '../features/accounts/accounts.service.js';
import { getActivity } from '../features/activities/activities.service.js';
import { getGroup } from '../features/groups/groups.service.js';
import { getPost } from '../features/posts/posts.service.js';
import { markdownToText } from '../lib/markdown.js';
import { clip, formatCount, formatFee, formatLocalDateTime, interestLabel, phrasesFor, type PageLanguage } from './wording.js';

/**
 * What a shared link shows before anyone opens it (the page's title, description, image and the like), and
 * the main content of the page for readers without JavaScript: of a group, an activity, a post or a
 * member's profile, as an anonymous visitor may see it through the access rules (the same service calls
 * as the API's). Anything such a visitor may not read is never loaded into a preview: a private group (its
 * posts and activities too) is "a private group on Kindred", and what is missing, deleted, held or by a
 * suspended member is plain "Kindred", kept out of search results.
 */
export interface Preview {
  /** The item's own title (og:title). */
  title: string;
  /** The document's title: the item's with the site's name, as the web app writes it. */
  pageTitle: string;
  description: string;
  /** The canonical path, without query; null for a page that stands for nothing (missing, private). */
  path: string | null;
  type: 'website' | 'article' | 'profile';
  image: PreviewImage | null;
  /**
   * The page's first and largest photo as the web app shows it (the `sizes` its layout gives it), for the
   * page to fetch with itself rather than once the app has rendered: an activity's cover, a post's first photo.
   */
  hero: { media: Media; sizes: string } | null;
  /** A photo wide enough for the large card (covers, a post's first photo), or a small square one (an avatar). */
  card: 'summary' | 'summary_large_image';
  /** Keep the page out of search results. */
  noindex: boolean;
  /** More Open Graph properties of its type (article:published_time, profile:username). */
  properties: [string, string][];
  content: PageContent | null;
}

export interface PreviewImage {
  /** A path on this server (made absolute by the page). */
  path: string;
  width: number;
  height: number;
  alt: string;
}

/** The page's main content as data: the renderer escapes every part of it. */
export interface PageContent {
  heading: string;
  /** Short labelled facts: when, where, fee, members. */
  facts: { label: string; value: string; href?: string }[];
  paragraphs: string[];
}

/** The pages that have a preview, by the web app's routes (packages/web/src/App.tsx). */
const routes: { pattern: RegExp; preview: (ctx: AppContext, key: string, lang: PageLanguage) => Promise<Preview> }[] = [
  { pattern: /^\/groups\/([1-9]\d{0,14})\/?$/, preview: (ctx, id, lang) => groupPreview(ctx, Number(id), lang) },
  { pattern: /^\/activities\/([1-9]\d{0,14})\/?$/, preview: (ctx, id, lang) => activityPreview(ctx, Number(id), lang) },
  { pattern: /^\/posts\/([1-9]\d{0,14})\/?$/, preview: (ctx, id, lang) => postPreview(ctx, Number(id), lang) },
  { pattern: /^\/u\/([A-Za-z0-9_]{3,20})\/?$/, preview: (ctx, username, lang) => profilePreview(ctx, username, lang) },
];

/** Whether this path is one of the pages with a preview (without reading anything). */
export function hasPreview(pathname: string): boolean {
  return routes.some((r) => r.pattern.test(pathname));
}

/** The preview of the page at this path, or null for a page that has none (the app's other pages). */
export async function previewOf(ctx: AppContext, pathname: string, lang: PageLanguage): Promise<Preview | null> {
  for (const route of routes) {
    const match = route.pattern.exec(pathname);
    if (match) return route.preview(ctx, match[1]!, lang);
  }
  return null;
}

/** "<title> · Kindred", as the web app titles its pages (lib/document-title.ts). */
function withSite(title: string, lang: PageLanguage): string {
  return `${title} · ${phrasesFor(lang).site}`;
}

/** Plain "Kindred": a page that stands for nothing a visitor may see. */
function genericPreview(lang: PageLanguage): Preview {
  const words = phrasesFor(lang);
  return { title: words.site, pageTitle: words.site, description: words.siteDescription, path: null, type: 'website', image: null, hero: null, card: 'summary', noindex: true, properties: [], content: null };
}

/** A private group (or something in one): that much, and nothing about it. */
function privatePreview(lang: PageLanguage): Preview {
  const words = phrasesFor(lang);
  return { title: words.privateGroup, pageTitle: words.privateGroup, description: words.privateGroup, path: null, type: 'website', image: null, hero: null, card: 'summary', noindex: true, properties: [], content: null };
}

/** Runs a preview; a 404 from the services (what an anonymous visitor may not see) becomes `hidden`. */
async function unlessHidden(load: () => Promise<Preview>, hidden: () => Promise<Preview>): Promise<Preview> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof NotFoundError) return hidden();
    throw error;
  }
}

/** A photo's mid-size JPEG: what every link-preview reader takes. */
function imageOf(media: Media | null | undefined, fallbackAlt: string): PreviewImage | null {
  const variant = media?.variants.find((v) => v.name === 'display') ?? media?.variants[0];
  if (!media || !variant) return null;
  return { path: variant.fallbackUrl, width: variant.width, height: variant.height, alt: media.alt || fallbackAlt };
}

/** Paragraphs of member-written Markdown as plain text. */
function paragraphsOf(markdown: string): string[] {
  return markdownToText(markdown)
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** The lead facts, then the start of the text, cut to a description's length. */
function descriptionOf(parts: (string | null | undefined | false)[], text: string): string {
  const lead = parts.filter(Boolean).join(' · ');
  const body = markdownToText(text).replace(/\s+/g, ' ').trim();
  return clip(lead && body ? `${lead} — ${body}` : lead || body, 200);
}

async function groupPreview(ctx: AppContext, id: number, lang: PageLanguage): Promise<Preview> {
  return unlessHidden(
    async () => {
      const group = await getGroup(ctx.db, null, id);
      // That a private group exists is public (group.view); what it is about is for its members.
      if (!group.viewer.canReadPosts) return privatePreview(lang);
      const words = phrasesFor(lang);
      const interests = group.tags.map((t) => interestLabel(t, lang));
      const members = words.members(formatCount(group.memberCount, lang));
      return {
        title: group.name,
        pageTitle: withSite(group.name, lang),
        description: descriptionOf([interests.slice(0, 3).join(', '), group.city, members], group.description),
        path: `/groups/${group.id}`,
        type: 'website',
        image: imageOf(group.cover, group.name),
        hero: null,
        card: group.cover ? 'summary_large_image' : 'summary',
        noindex: false,
        properties: [],
        content: {
          heading: group.name,
          facts: [
            ...(interests.length ? [{ label: words.interests, value: interests.join(', ') }] : []),
            ...(group.city ? [{ label: words.city, value: group.city }] : []),
            { label: words.membersLabel, value: formatCount(group.memberCount, lang) },
          ],
          paragraphs: paragraphsOf(group.description),
        },
      };
    },
    async () => genericPreview(lang),
  );
}

async function activityPreview(ctx: AppContext, id: number, lang: PageLanguage): Promise<Preview> {
  return unlessHidden(
    async () => {
      // A crawler's visit is not interest in the activity: no view is counted.
      const activity = await getActivity(ctx, null, id, false);
      const words = phrasesFor(lang);
      const when = formatLocalDateTime(activity.startsAt, activity.timeZone, lang);
      const fee = formatFee(activity.fee.amount, activity.fee.currency, lang);
      const cancelled = activity.status === 'cancelled';
      const title = cancelled ? `${words.cancelled}: ${activity.title}` : activity.title;
      const place = [activity.place.name, activity.place.address].filter(Boolean).join(', ');
      return {
        title,
        pageTitle: withSite(title, lang),
        description: descriptionOf([when, activity.place.name, fee], activity.description),
        path: `/activities/${activity.id}`,
        type: 'website',
        image: imageOf(activity.cover, activity.title),
        // The activity page's cover (components/activity-card.tsx, ActivityCover).
        hero: activity.cover ? { media: activity.cover, sizes: '(min-width: 760px) 720px, 100vw' } : null,
        card: activity.cover ? 'summary_large_image' : 'summary',
        noindex: false,
        properties: [],
        content: {
          heading: title,
          facts: [
            { label: words.when, value: when },
            { label: words.where, value: place },
            ...(activity.place.meetingPoint ? [{ label: words.meetingPoint, value: activity.place.meetingPoint }] : []),
            { label: words.fee, value: fee },
            { label: words.organizer, value: activity.organizer.displayName, href: `/u/${activity.organizer.username}` },
            ...(activity.group ? [{ label: words.inGroup, value: activity.group.name, href: `/groups/${activity.group.id}` }] : []),
          ],
          paragraphs: paragraphsOf(activity.description),
        },
      };
    },
    async () => {
      const facts = (await loadActivityFacts(ctx.db, 0, [id])).get(id);
      const inPrivateGroup =
        facts !== undefined &&
        facts.status !== 'draft' &&
        facts.group_id !== null &&
        facts.group_visibility === 'private' &&
        !can({ groupId: facts.group_id, visibility: facts.group_visibility, joinPolicy: facts.group_join_policy ?? 'approval', role: null }, null, 'read');
      return inPrivateGroup ? privatePreview(lang) : genericPreview(lang);
    },
  );
}

async function postPreview(ctx: AppContext, id: number, lang: PageLanguage): Promise<Preview> {
  return unlessHidden(
    async () => {
      const post = await getPost(ctx.db, null, id);
      const words = phrasesFor(lang);
      const cover = post.photos[0];
      return {
        title: post.title,
        pageTitle: withSite(post.title, lang),
        description: descriptionOf([], post.body),
        path: `/posts/${post.id}`,
        type: 'article',
        image: imageOf(cover, post.title),
        // The post page's gallery (components/photo-gallery.tsx): one photo wide, several in a grid.
        hero: cover ? { media: cover, sizes: post.photos.length === 1 ? '(min-width: 760px) 720px, 100vw' : '(min-width: 760px) 240px, 33vw' } : null,
        card: cover ? 'summary_large_image' : 'summary',
        noindex: false,
        properties: [
          ['article:published_time', post.createdAt],
          ...(post.editedAt ? ([['article:modified_time', post.editedAt]] as [string, string][]) : []),
          ...post.tags.map((t): [string, string] => ['article:tag', interestLabel(t, lang)]),
        ],
        content: {
          heading: post.title,
          facts: [
            { label: words.inGroup, value: post.group.name, href: `/groups/${post.group.id}` },
            { label: words.postedBy, value: post.author.displayName, href: `/u/${post.author.username}` },
          ],
          paragraphs: paragraphsOf(post.body),
        },
      };
    },
    async () => {
      const facts = (await loadPostFacts(ctx.db, 0, [id])).get(id);
      const inPrivateGroup = facts !== undefined && !facts.deleted && facts.group.visibility === 'private' && !can(facts.group, null, 'read');
      return inPrivateGroup ? privatePreview(lang) : genericPreview(lang);
    },
  );
}

async function profilePreview(ctx: AppContext, username: string, lang: PageLanguage): Promise<Preview> {
  return unlessHidden(
    async () => {
      const { row: member, profile } = await getProfile(ctx.db, null, username);
      const words = phrasesFor(lang);
      const interests = profile.interests.map((i) => interestLabel(i.tag, lang));
      const title = `${profile.displayName} (@${profile.username})`;
      return {
        title,
        pageTitle: withSite(title, lang),
        description: clip([profile.city, profile.bio.replace(/\s+/g, ' ').trim()].filter(Boolean).join(' · ') || title, 200),
        path: `/u/${profile.username}`,
        type: 'profile',
        image: imageOf(profile.avatar, profile.displayName),
        hero: null,
        card: 'summary',
        // The member may ask search engines to leave their page out (privacy settings).
        noindex: !member.search_engines,
        properties: [['profile:username', profile.username]],
        content: {
          heading: title,
          facts: [
            ...(profile.city ? [{ label: words.city, value: profile.city }] : []),
            ...(interests.length ? [{ label: words.interests, value: interests.join(', ') }] : []),
          ],
          paragraphs: profile.bio.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean),
        },
      };
    },
    async () => genericPreview(lang),
  );
}
