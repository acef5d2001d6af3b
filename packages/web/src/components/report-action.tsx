import { useState, type ReactNode } from 'react';
import { useTranslation } from '../lib/translation';
import { useMe } from '../data/session';
import { ReportDialog, type ReportTarget } from './companion-dialogs';
import { Menu, type MenuItem } from './menu';

/**
 * "Report" for a menu of one's own (with the dialog to render beside it); null for the signed-out and
 * for one's own content (`authorId` is the content's author, or the member themselves).
 */
export function useReportItem(target: ReportTarget, authorId: number | null | undefined): { item: MenuItem | null; dialog: ReactNode } {
  const { t } = useTranslation();
  const me = useMe();
  const [open, setOpen] = useState(false);
  if (!me || !me.onboarded || (authorId !== undefined && authorId === me.id)) return { item: null, dialog: null };
  return {
    item: { label: t('moderation.report.action'), icon: 'flag', onSelect: () => setOpen(true), testId: 'report-action' },
    dialog: <ReportDialog open={open} target={target} onClose={() => setOpen(false)} />,
  };
}

/** A discreet "⋯" menu holding "Report" (and `extra` items first); nothing when there is nothing to offer. */
export function ReportMenu({ target, authorId, label, extra = [], className }: {
  target: ReportTarget;
  authorId: number | null | undefined;
  label?: string;
  extra?: MenuItem[];
  /** For the element around the menu (there is none when the menu is left out). */
  className?: string;
}) {
  const { t } = useTranslation();
  const { item, dialog } = useReportItem(target, authorId);
  const items = item ? [...extra, item] : extra;
  if (items.length === 0) return null;
  return (
    <span className={className ?? 'report-menu'}>
      <Menu label={label ?? t('moderation.report.more')} items={items} />
      {dialog}
    </span>
  );
}
