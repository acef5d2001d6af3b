import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from '../lib/translation';
import { useErrorMessage } from '../lib/errors';
import { Dialog } from './dialog';
import { Field, FormError } from './form-field';

/** Asks for the reason of a staff action (and, for a suspension, how many days); the caller acts and closes. */
export function ModerationDialog({ open, title, memberFacing = false, askDays = false, danger = false, busy, error, extra, onSubmit, onClose }: {
  open: boolean;
  title: string;
  /** The member is told the reason (a warning, a suspension). */
  memberFacing?: boolean;
  askDays?: boolean;
  danger?: boolean;
  busy: boolean;
  error: unknown;
  extra?: ReactNode;
  onSubmit: (input: { reason: string; days: number }) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [reason, setReason] = useState('');
  const [days, setDays] = useState('7');
  const [tried, setTried] = useState(false);
  useEffect(() => {
    if (open) {
      setReason('');
      setDays('7');
      setTried(false);
    }
  }, [open]);
  const dayCount = Number(days);
  const daysValid = Number.isInteger(dayCount) && dayCount >= 1 && dayCount <= 3650;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!reason.trim() || (askDays && !daysValid)) return;
    onSubmit({ reason: reason.trim(), days: dayCount });
  };
  return (
    <Dialog open={open} title={title} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate data-testid="moderation-form">
        <FormError message={error ? errorMessage(error) : null} />
        {extra}
        {askDays ? (
          <Field label={t('moderation.dialog.days')} error={tried && !daysValid ? t('moderation.dialog.daysInvalid') : undefined}>
            <input type="number" inputMode="numeric" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} data-testid="moderation-days" />
          </Field>
        ) : null}
        <Field
          label={t('moderation.dialog.reason')}
          hint={memberFacing ? t('moderation.dialog.reasonHintMember') : t('moderation.dialog.reasonHint')}
          error={tried && !reason.trim() ? t('moderation.dialog.reasonRequired') : undefined}
          limit={500}
        >
          <textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus data-testid="moderation-reason" />
        </Field>
        <div className="form__actions">
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className={`btn ${danger ? 'btn--danger' : 'btn--primary'}`} disabled={busy} data-testid="moderation-confirm">
            {t('moderation.dialog.confirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
