import type { UserSummary } from '@kindred/contract';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from '../lib/translation';
import { useBlockMember } from '../data/profile';
import { reportReasons, useReport, type ReportReason } from '../data/reports';
import { useErrorMessage } from '../lib/errors';
import { ConfirmDialog, Dialog } from './dialog';
import { Field, FormError } from './form-field';
import { Menu, type MenuItem } from './menu';
import { useToast } from './toast';

/** A short message with an invite or an application; the caller sends it and closes on success. */
export function MessageDialog({ open, title, hint, placeholder, busy, error, onSend, onClose }: {
  open: boolean;
  title: string;
  hint: string;
  placeholder: string;
  busy: boolean;
  error: unknown;
  onSend: (message: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [message, setMessage] = useState('');
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    if (open) {
      setMessage('');
      setMissing(false);
    }
  }, [open]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = message.trim();
    if (!text) {
      setMissing(true);
      return;
    }
    onSend(text);
  };
  return (
    <Dialog open={open} title={title} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate data-testid="message-form">
        <FormError message={error ? errorMessage(error) : null} />
        <Field label={t('companions.message.label')} hint={hint} error={missing ? t('companions.message.required') : undefined} limit={500}>
          <textarea rows={4} value={message} placeholder={placeholder} onChange={(e) => setMessage(e.target.value)} autoFocus />
        </Field>
        <div className="form__actions">
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy} data-testid="send-message">
            {busy ? t('companions.message.sending') : t('companions.message.send')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** What a member may report: a person, or one piece of content by its id. */
export type ReportTarget =
  | { kind: 'user'; user: Pick<UserSummary, 'username' | 'displayName'> }
  | { kind: 'companion_request' | 'photo' | 'post' | 'comment' | 'activity' | 'group' | 'room_message'; id: number };

export function ReportDialog({ open, target, onClose }: { open: boolean; target: ReportTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const report = useReport();
  const name = useId();
  const [reason, setReason] = useState<ReportReason>('spam');
  const [details, setDetails] = useState('');
  const { reset } = report;
  // Each opening starts a fresh report.
  useEffect(() => {
    if (open) {
      setReason('spam');
      setDetails('');
      reset();
    }
  }, [open, reset]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body =
      target.kind === 'user'
        ? { kind: 'user' as const, username: target.user.username, reason, details: details.trim() }
        : { kind: target.kind, id: target.id, reason, details: details.trim() };
    report.mutate(body, {
      onSuccess: () => {
        toast.show(t('companions.report.sent'), 'success');
        onClose();
      },
    });
  };
  const title =
    target.kind === 'user'
      ? t('companions.report.userTitle', { name: target.user.displayName })
      : target.kind === 'photo'
        ? t('photos.report')
        : target.kind === 'companion_request'
          ? t('companions.report.requestTitle')
          : t(`moderation.report.${target.kind}`);
  return (
    <Dialog open={open} title={title} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate data-testid="report-form">
        <FormError message={report.error ? errorMessage(report.error) : null} />
        <fieldset className="fieldset">
          <legend className="field__label">{t('companions.report.reason')}</legend>
          <div className="choice-list">
            {reportReasons.map((r) => (
              <label key={r} className="choice-card">
                <input type="radio" name={name} value={r} checked={reason === r} onChange={() => setReason(r)} />
                {t(`companions.report.reasons.${r}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <Field label={t('companions.report.details')} hint={t('companions.report.detailsHint')} optional limit={1000}>
          <textarea rows={3} value={details} onChange={(e) => setDetails(e.target.value)} />
        </Field>
        <div className="form__actions">
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn--danger" disabled={report.isPending} data-testid="send-report">
            {t('companions.report.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function BlockDialog({ open, user, onClose, onBlocked }: { open: boolean; user: UserSummary; onClose: () => void; onBlocked?: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const block = useBlockMember();
  return (
    <ConfirmDialog
      open={open}
      title={t('companions.block.title', { name: user.displayName })}
      body={t('companions.block.body')}
      confirmLabel={t('companions.block.confirm')}
      danger
      busy={block.isPending}
      onClose={onClose}
      onConfirm={() =>
        block.mutate(user.username, {
          onSuccess: () => {
            toast.show(t('companions.block.done', { name: user.displayName }), 'success');
            onClose();
            onBlocked?.();
          },
        })
      }
    />
  );
}

/**
 * The "⋯" menu on a person, a request or a chat: report (the person, or the request) and block.
 * `extra` items go first (e.g. "View profile").
 */
export function SafetyMenu({ label, user, requestId, extra = [], onBlocked }: {
  label: string;
  user: UserSummary;
  /** Report the request rather than the person. */
  requestId?: number;
  extra?: MenuItem[];
  onBlocked?: () => void;
}) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<'report' | 'block' | null>(null);
  return (
    <>
      <Menu
        label={label}
        items={[
          ...extra,
          { label: t('companions.report.action'), icon: 'flag', onSelect: () => setDialog('report'), testId: 'report-action' },
          { label: t('companions.block.action'), icon: 'shield', danger: true, onSelect: () => setDialog('block'), testId: 'block-action' },
        ]}
      />
      <ReportDialog
        open={dialog === 'report'}
        target={requestId ? { kind: 'companion_request', id: requestId } : { kind: 'user', user }}
        onClose={() => setDialog(null)}
      />
      <BlockDialog open={dialog === 'block'} user={user} onClose={() => setDialog(null)} onBlocked={onBlocked} />
    </>
  );
}
