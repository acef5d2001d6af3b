import type { Suggestion } from '@kindred/contract';
import { useState } from 'react';
import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { useDismissSuggestion, useFollow, useSuggestions } from '../data/profile';
import { Avatar } from './avatar';
import { Icon } from './icons';

/** People the member may know, each with why, to follow or dismiss; nothing when there is no one. */
export function PeopleYouMayKnow() {
  const { t } = useTranslation();
  const suggestions = useSuggestions();
  const items = suggestions.data?.items ?? [];
  if (!items.length) return null;
  return (
    <section className="pymk" aria-labelledby="pymk-title" data-testid="people-you-may-know">
      <header className="section__header rec-section__header">
        <h2 id="pymk-title">
          <span className="rec-section__icon" aria-hidden="true">
            <Icon name="users" size={18} />
          </span>
          {t('social.pymk.title')}
        </h2>
      </header>
      <ul className="pymk__list">
        {items.map((s) => (
          <SuggestionCard key={s.user.id} suggestion={s} />
        ))}
      </ul>
    </section>
  );
}

function SuggestionCard({ suggestion: { user, reasons } }: { suggestion: Suggestion }) {
  const { t } = useTranslation();
  const follow = useFollow(user.username);
  const dismiss = useDismissSuggestion();
  const [followed, setFollowed] = useState(false);
  const top = reasons[0];
  return (
    <li className="card pymk__card" data-testid="suggestion">
      <button type="button" className="icon-button pymk__dismiss" onClick={() => dismiss.mutate(user.username)} aria-label={t('social.pymk.dismiss', { name: user.displayName })} title={t('social.pymk.dismiss', { name: user.displayName })}>
        <Icon name="x" size={16} />
      </button>
      <Link to={`/u/${user.username}`} className="pymk__who">
        <Avatar name={user.displayName} seed={user.id} src={user.avatarUrl} size={56} />
        <span className="pymk__name">{user.displayName}</span>
      </Link>
      {top ? <p className="pymk__why small muted">{t(`social.pymk.${top.kind}`, { count: top.count })}</p> : null}
      <button
        type="button"
        className={`btn btn--sm ${followed ? 'btn--secondary' : 'btn--primary'}`}
        disabled={followed || follow.isPending}
        onClick={() => follow.mutate(true, { onSuccess: () => setFollowed(true) })}
        data-testid="suggestion-follow"
      >
        {followed ? t('social.following') : t('social.follow')}
      </button>
    </li>
  );
}
