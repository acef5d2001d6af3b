import type { GroupSummary, Media } from '@kindred/contract';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from '../lib/translation';
import { categoryOfTag, useTaxonomy } from '../data/taxonomy';
import { hueOf, useFormat } from '../lib/format';
import { CategoryIcon, Icon } from './icons';
import { Photo } from './photo';
import { TagList } from './tag-chip';
import { FriendsLine } from './friends-line';
import { HeldBadge } from './held-notice';

/** A group's cover photo, or else a colour band derived from its id and main interest. */
export function GroupCover({ group, size = 'md' }: { group: Pick<GroupSummary, 'id' | 'tags' | 'name'> & { cover?: Media | null }; size?: 'sm' | 'md' | 'lg' }) {
  if (group.cover) {
    return <Photo media={{ ...group.cover, alt: '' }} fit="cover" className={`group-cover group-cover--${size} group-cover--photo`} sizes={size === 'lg' ? '(min-width: 760px) 720px, 100vw' : '(min-width: 640px) 320px, 76px'} eager={size === 'lg'} />;
  }
  const hue = hueOf(group.tags[0] ?? group.id);
  const category = group.tags.map(categoryOfTag).find(Boolean);
  return (
    <div
      className={`group-cover group-cover--${size}`}
      aria-hidden="true"
      style={{
        background: `radial-gradient(circle at 85% 20%, hsl(${(hue + 50) % 360} 85% 70% / .9), transparent 55%), linear-gradient(135deg, hsl(${hue} 60% 42%), hsl(${(hue + 30) % 360} 65% 30%))`,
      }}
    >
      <span className="group-cover__icon">
        <CategoryIcon category={category?.key} size={size === 'lg' ? 64 : size === 'md' ? 40 : 32} />
      </span>
    </div>
  );
}

/** "Quiet": nothing posted or held in 90 days; the explanation is its tooltip and, for screen readers, part of it. */
export function QuietBadge() {
  const { t } = useTranslation();
  return (
    <span className="badge badge--quiet" title={t('quiet.explain')} data-testid="quiet-badge">
      <Icon name="moon" size={12} /> {t('quiet.label')}
      <span className="visually-hidden">: {t('quiet.explain')}</span>
    </span>
  );
}

export function GroupBadges({ group }: { group: GroupSummary }) {
  const { t } = useTranslation();
  return (
    <>
      <HeldBadge held={group.heldForReview} />
      {group.quiet ? <QuietBadge /> : null}
      {group.visibility === 'private' ? (
        <span className="badge badge--private">
          <Icon name="lock" size={12} /> {t('group.private')}
        </span>
      ) : null}
      {group.joinPolicy === 'approval' ? <span className="badge badge--approval">{t('group.approval')}</span> : null}
      {group.viewer.role ? <span className={`badge badge--role badge--${group.viewer.role}`}>{t(`group.role.${group.viewer.role}`)}</span> : null}
      {group.viewer.pending ? <span className="badge badge--pending">{t('group.pending')}</span> : null}
    </>
  );
}

/**
 * A group in a list. `extra` goes at the end of the body (a recommendation's reason and Join button),
 * `corner` in the top-right corner above the card's link (a dismiss button).
 */
export function GroupCard({ group, extra, corner, className, testId = 'group-card' }: { group: GroupSummary; extra?: ReactNode; corner?: ReactNode; className?: string; testId?: string }) {
  const { t } = useTranslation();
  const { cityLabel } = useTaxonomy();
  const f = useFormat();
  return (
    <article className={`card group-card${className ? ` ${className}` : ''}`} data-testid={testId} aria-labelledby={`group-name-${group.id}`}>
      <GroupCover group={group} size="sm" />
      {corner ? <div className="card__corner">{corner}</div> : null}
      <div className="group-card__body">
        <h3 className="group-card__name" id={`group-name-${group.id}`}>
          <Link to={`/groups/${group.id}`} className="stretched-link">
            {group.name}
          </Link>
        </h3>
        <p className="group-card__meta muted">
          <span className="inline-icon">
            <Icon name="users" size={15} /> {t('common.members', { count: group.memberCount, formatted: f.number(group.memberCount) })}
          </span>
          <span className="inline-icon">
            <Icon name="mapPin" size={15} /> {cityLabel(group.city) ?? t('common.online')}
          </span>
        </p>
        {group.attendedRecently > 0 ? (
          <p className="group-card__went small" data-testid="attended-recently">
            <Icon name="checkCircle" size={14} /> {t('quiet.attendedRecently', { count: group.attendedRecently })}
          </p>
        ) : null}
        <FriendsLine friends={group.friends} kind="members" />
        <TagList tags={group.tags} max={3} />
        <div className="group-card__badges">
          <GroupBadges group={group} />
        </div>
        {extra}
      </div>
    </article>
  );
}
