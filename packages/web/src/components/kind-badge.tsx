import type { PostKind } from '@kindred/contract';
import { useTranslation } from '../lib/translation';
import { Icon, type IconName } from './icons';

export const postKinds: PostKind[] = ['guide', 'experience', 'question', 'discussion'];

const kindIcons: Record<PostKind, IconName> = { guide: 'compass', experience: 'sparkle', question: 'help', discussion: 'comment' };

export function KindBadge({ kind }: { kind: PostKind }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--kind badge--${kind}`} data-testid="kind-badge">
      {t(`kind.${kind}`)}
    </span>
  );
}

export function KindIcon({ kind, size = 20 }: { kind: PostKind; size?: number }) {
  return <Icon name={kindIcons[kind]} size={size} />;
}
