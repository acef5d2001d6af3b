import type { Media } from '@kindred/contract';
import type { MemberInterest } from '@kindred/contract';
import type { ReactNode } from 'react';
import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { useTaxonomy } from '../data/taxonomy';
import { hueOf, useFormat } from '../lib/format';
import { Avatar } from './avatar';
import { Icon } from './icons';
import { TagChip } from './tag-chip';

export interface ProfileHeaderData {
  id: number;
  username: string;
  displayName: string;
  bio: string;
  city: string | null;
  createdAt: string;
  avatar: Media | null;
  /** Null: their privacy settings hide their groups. */
  groupCount?: number | null;
  postCount?: number;
  followerCount?: number;
  followingCount?: number;
  friendCount?: number;
  /** Their follow lists may be opened (their privacy settings show them to me). */
  followsOpen?: boolean;
}

/** Banner, avatar, name, city, bio and counts — the same on one's own and others' profiles. */
export function ProfileHeader({ user, actions }: { user: ProfileHeaderData; actions?: ReactNode }) {
  const { t } = useTranslation();
  const { cityLabel } = useTaxonomy();
  const f = useFormat();
  const hue = hueOf(user.id);
  return (
    <header className="card profile-hero" data-testid="profile-header">
      <div className="profile-hero__banner" aria-hidden="true" style={{ background: `linear-gradient(120deg, hsl(${hue} 65% 45%), hsl(${(hue + 60) % 360} 70% 55%))` }} />
      <div className="profile-hero__body">
        <div className="profile-hero__avatar">
          <Avatar name={user.displayName} seed={user.id} src={user.avatar?.variants[0]?.url} size={88} />
        </div>
        <div className="profile-hero__top">
          <div>
            <h1 className="profile-hero__name" data-testid="profile-name">
              {user.displayName}
            </h1>
            <p className="muted">@{user.username}</p>
          </div>
          {actions ? <div className="profile-hero__actions">{actions}</div> : null}
        </div>
        {user.bio ? <p className="profile-hero__bio">{user.bio}</p> : null}
        <p className="profile-hero__meta muted small">
          {user.city ? (
            <span className="inline-icon">
              <Icon name="mapPin" size={15} /> {cityLabel(user.city)}
            </span>
          ) : null}
          <span className="inline-icon">
            <Icon name="clock" size={15} /> {t('profile.memberSince', { date: f.date(user.createdAt) })}
          </span>
        </p>
        {user.followerCount !== undefined ? (
          <dl className="stats" data-testid="profile-stats">
            {(['followers', 'following', 'friends'] as const).map((kind) => {
              const count = f.number({ followers: user.followerCount, following: user.followingCount, friends: user.friendCount }[kind] ?? 0);
              return (
                <div key={kind}>
                  <dt>{t(`profile.stats.${kind}`)}</dt>
                  <dd>
                    {user.followsOpen ? (
                      <Link to={`/u/${user.username}/${kind}`} data-testid={`stat-${kind}`} aria-label={`${count} ${t(`profile.stats.${kind}`)}`}>
                        {count}
                      </Link>
                    ) : (
                      <span data-testid={`stat-${kind}`}>{count}</span>
                    )}
                  </dd>
                </div>
              );
            })}
            {user.groupCount !== undefined && user.groupCount !== null ? (
              <div>
                <dt>{t('profile.stats.groups')}</dt>
                <dd>{f.number(user.groupCount)}</dd>
              </div>
            ) : null}
            <div>
              <dt>{t('profile.stats.posts')}</dt>
              <dd>{f.number(user.postCount ?? 0)}</dd>
            </div>
          </dl>
        ) : null}
      </div>
    </header>
  );
}

export function InterestChips({ interests }: { interests: MemberInterest[] }) {
  const { t } = useTranslation();
  if (!interests.length) return <p className="muted small">{t('profile.noInterests')}</p>;
  return (
    <ul className="tag-list" data-testid="profile-interests">
      {interests.map((i) => (
        <li key={i.tag}>
          <TagChip tag={i.tag} skill={i.skill ? t(`skill.${i.skill}`) : null} />
        </li>
      ))}
    </ul>
  );
}
