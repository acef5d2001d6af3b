import { useTranslation } from 'react-i18next';
import { useLikePost } from '../data/posts';
import { useMe } from '../data/session';
import { useFormat } from '../lib/format';
import { Icon } from './icons';
import { useToast } from './toast';

/** The heart on a post. Optimistic: the count moves at once and rolls back on failure. */
export function LikeButton({ id, liked, likeCount, compact = false }: { id: number; liked: boolean; likeCount: number; compact?: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const like = useLikePost();
  const toast = useToast();
  const f = useFormat();
  return (
    <button
      type="button"
      className={`like-button${liked ? ' like-button--on' : ''}${compact ? ' like-button--compact' : ''}`}
      aria-pressed={liked}
      aria-label={`${liked ? t('post.unlike') : t('post.like')} (${t('common.likes', { count: likeCount })})`}
      data-testid="like-button"
      onClick={() => {
        if (!me) {
          toast.show(t('errors.unauthenticated'), 'info');
          return;
        }
        like.mutate({ id, like: !liked, likeCount });
      }}
    >
      <Icon name="heart" size={compact ? 18 : 20} filled={liked} />
      <span>{compact ? f.number(likeCount) : liked ? t('post.liked') : t('post.like')}</span>
      {compact ? null : <span className="like-button__count">{f.number(likeCount)}</span>}
    </button>
  );
}
