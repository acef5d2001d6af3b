import type { UserSummary } from '@kindred/contract';
import { useTranslation } from '../lib/translation';
import { Avatar } from './avatar';

/** "Val and 2 other friends are going" / "… are members", with their faces; nothing when no friend is. */
export function FriendsLine({ friends, kind }: { friends: { count: number; sample: UserSummary[] }; kind: 'going' | 'members' }) {
  const { t } = useTranslation();
  const first = friends.sample[0];
  if (!friends.count || !first) return null;
  return (
    <p className="friends-line small" data-testid={`friends-${kind}`}>
      <span className="friends-line__faces" aria-hidden="true">
        {friends.sample.map((u) => (
          <Avatar key={u.id} name={u.displayName} seed={u.id} src={u.avatarUrl} size={20} />
        ))}
      </span>
      <span>{t(`social.friends${kind === 'going' ? 'Going' : 'Members'}`, { count: friends.count - 1, name: first.displayName, total: friends.count })}</span>
    </p>
  );
}
