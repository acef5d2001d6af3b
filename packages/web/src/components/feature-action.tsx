import { useState, type ReactNode } from 'react';
import { useTranslation } from '../lib/translation';
import { isFeatured, useFeatured, useSetFeatured, type FeaturedKind } from '../data/featured';
import { useMe } from '../data/session';
import type { MenuItem } from './menu';
import { ModerationDialog } from './moderation-dialog';
import { useToast } from './toast';

/**
 * "Pin to Discover" / "Unpin from Discover" for a menu (operators only), with the dialog asking why to render beside it.
 * `eligible`: whether it may be pinned now (a public group, a published activity to come); a pinned one may always be unpinned.
 */
export function useFeatureItem(kind: FeaturedKind, id: number, name: string, eligible: boolean): { item: MenuItem | null; dialog: ReactNode } {
  const { t } = useTranslation();
  const toast = useToast();
  const me = useMe();
  const operator = me?.role === 'operator';
  const featured = useFeatured(operator);
  const setFeatured = useSetFeatured(kind, id);
  const [open, setOpen] = useState(false);
  const pinned = isFeatured(featured.data, kind, id);
  if (!operator || pinned === undefined || (!pinned && !eligible)) return { item: null, dialog: null };
  const close = () => {
    setOpen(false);
    setFeatured.reset();
  };
  return {
    item: {
      label: pinned ? t('featured.unpin') : t('featured.pin'),
      icon: pinned ? 'x' : 'star',
      onSelect: () => setOpen(true),
      testId: pinned ? 'unpin-featured' : 'pin-featured',
    },
    dialog: (
      <ModerationDialog
        open={open}
        title={pinned ? t('featured.unpinTitle', { name }) : t('featured.pinTitle', { name })}
        extra={pinned ? null : <p className="small muted">{t('featured.pinHint')}</p>}
        busy={setFeatured.isPending}
        error={setFeatured.error}
        onSubmit={({ reason }) =>
          setFeatured.mutate(
            { pinned: !pinned, reason },
            {
              onSuccess: () => {
                close();
                toast.show(pinned ? t('featured.unpinned') : t('featured.pinned'), 'success');
              },
            },
          )
        }
        onClose={close}
      />
    ),
  };
}
