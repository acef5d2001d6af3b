import { useTranslation } from '../lib/translation';
import { useLikePost } from '../data/posts';
import { useMe } from '../data/session';
import { useFormat } from '../lib/format';
import { Icon } from './icons';
import { useToast } from './toast';

/**
 * The heart on a post. Optimistic: the count moves at once and rolls back on failure.
 * Its name is its own text ("Like", with the count spelled out for screen readers); aria-pressed
 * says whether it is on.
 */
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
      {compact ? <span className="visually-hidden">{t('post.like')}</span> : <span>{liked ? t('post.liked') : t('post.like')}</span>}
      <span className={compact ? undefined : 'like-button__count'} aria-hidden="true">
        {f.number(likeCount)}
      </span>
      <span className="visually-hidden"> ({t('common.likes', { count: likeCount })})</span>
    </button>
  );
}
