import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from '../lib/translation';
import { Icon } from './icons';

/** A modal dialog on the native <dialog> element: focus trap, Esc to close, backdrop. */
export function Dialog({ open, title, onClose, children, footer }: { open: boolean; title: string; onClose: () => void; children?: ReactNode; footer?: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { t } = useTranslation();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === ref.current) onClose();
      }}
    >
      {open ? (
        <div className="dialog__panel">
          <header className="dialog__header">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="icon-button" onClick={onClose} aria-label={t('common.close')}>
              <Icon name="x" />
            </button>
          </header>
          {children ? <div className="dialog__body">{children}</div> : null}
          {footer ? <footer className="dialog__footer">{footer}</footer> : null}
        </div>
      ) : null}
    </dialog>
  );
}

/** Asks before something that can't be undone. */
export function ConfirmDialog({ open, title, body, confirmLabel, cancelLabel, danger = false, busy = false, onConfirm, onClose }: {
  open: boolean;
  title: string;
  body?: string;
  confirmLabel: string;
  /** The button that backs out; "Cancel" unless that would be ambiguous (e.g. "Cancel registration"). */
  cancelLabel?: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {cancelLabel ?? t('common.cancel')}
          </button>
          <button type="button" className={`btn ${danger ? 'btn--danger' : 'btn--primary'}`} onClick={onConfirm} disabled={busy} data-testid="confirm-button">
            {confirmLabel}
          </button>
        </>
      }
    >
      {body ? <p>{body}</p> : null}
    </Dialog>
  );
}
