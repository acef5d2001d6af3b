import type { PostSummary } from '@kindred/contract';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from '../lib/translation';
import { useFormat } from '../lib/format';
import { Avatar } from './avatar';
import { Icon } from './icons';
import { KindBadge } from './kind-badge';
import { LikeButton } from './like-button';
import { Photo } from './photo';
import { TagList } from './tag-chip';

/**
 * A post in a list: where it's from, what it is, who wrote it, how people reacted.
 * `note` goes above it all (a recommendation's reason), `corner` in the top-right corner (a dismiss button).
 * `eagerCover`: the card is on the first screen, its cover is fetched at once (see Photo).
 */
export function PostCard({ post, showGroup = true, note, corner, eagerCover = false, testId = 'post-card' }: { post: PostSummary; showGroup?: boolean; note?: ReactNode; corner?: ReactNode; eagerCover?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <article
      className={`card post-card${post.pinned ? ' post-card--pinned' : ''}${corner ? ' card--with-corner' : ''}`}
      data-testid={testId}
      aria-labelledby={`post-title-${post.id}`}
    >
      {corner ? <div className="card__corner">{corner}</div> : null}
      {note}
      {post.cover ? <Photo media={post.cover} fit="cover" className="post-card__cover" sizes="(min-width: 760px) 640px, 100vw" eager={eagerCover} /> : null}
      <header className="post-card__meta">
        <KindBadge kind={post.kind} />
        {post.pinned ? (
          <span className="badge badge--pinned">
            <Icon name="pin" size={13} /> {t('group.pinned')}
          </span>
        ) : null}
        {showGroup ? (
          <Link className="post-card__group" to={`/groups/${post.group.id}`}>
            {post.group.visibility === 'private' ? <Icon name="lock" size={13} /> : null}
            {post.group.name}
          </Link>
        ) : null}
      </header>
      <h3 className="post-card__title" id={`post-title-${post.id}`}>
        <Link to={`/posts/${post.id}`} className="stretched-link">
          {post.title}
        </Link>
      </h3>
      {post.excerpt ? <p className="post-card__excerpt">{post.excerpt}</p> : null}
      {post.tags.length ? <TagList tags={post.tags} max={4} /> : null}
      <footer className="post-card__footer">
        <Link to={`/u/${post.author.username}`} className="byline">
          <Avatar name={post.author.displayName} seed={post.author.id} src={post.author.avatarUrl} size={24} />
          <span className="byline__name">{post.author.displayName}</span>
        </Link>
        <time className="muted" dateTime={post.createdAt}>
          {f.timeAgo(post.createdAt)}
        </time>
        <span className="post-card__stats">
          <LikeButton id={post.id} liked={post.viewer.liked} likeCount={post.likeCount} compact />
          <Link to={`/posts/${post.id}#comments`} className="stat" aria-label={t('common.comments', { count: post.commentCount })}>
            <Icon name="comment" size={18} />
            <span>{f.number(post.commentCount)}</span>
          </Link>
        </span>
      </footer>
    </article>
  );
}
