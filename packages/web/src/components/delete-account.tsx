import { useState, type FormEvent } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, useNavigate } from 'react-router-dom';
import { useDeleteAccount } from '../data/session';
import { isApiError } from '../lib/api';
import { useErrorMessage } from '../lib/errors';
import { Dialog } from './dialog';
import { Field, FormError } from './form-field';
import { PasswordInput } from './password-input';
import { useToast } from './toast';

/** "id:name" lines of an unsettled deletion's error field, as links. */
function unsettledItems(lines: string | undefined, path: string) {
  return (lines ?? '').split('\n').flatMap((line) => {
    const split = line.indexOf(':');
    return split > 0 ? [{ to: `/${path}/${line.slice(0, split)}`, name: line.slice(split + 1) }] : [];
  });
}

/** Deleting the account: what goes and what stays, confirmed with the password; what must be settled first is listed with links. */
export function DeleteAccount() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const remove = useDeleteAccount();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const unsettled = isApiError(remove.error, 'account_unsettled')
    ? [...unsettledItems(remove.error.fields.groups, 'groups'), ...unsettledItems(remove.error.fields.activities, 'activities')]
    : null;
  const close = () => {
    setOpen(false);
    setPassword('');
    remove.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    remove.mutate(
      { password },
      {
        onSuccess: async () => {
          await remove.forget();
          toast.show(t('account.deleted'), 'info');
          navigate('/signup', { replace: true });
        },
      },
    );
  };

  return (
    <>
      <button type="button" className="btn btn--ghost btn--block btn--danger-text" onClick={() => setOpen(true)} data-testid="delete-account">
        {t('account.delete')}
      </button>
      <Dialog
        open={open}
        title={t('account.deleteTitle')}
        onClose={close}
        footer={
          <>
            <button type="button" className="btn btn--ghost" onClick={close}>
              {t('common.cancel')}
            </button>
            <button type="submit" form="delete-account-form" className="btn btn--danger" disabled={remove.isPending || !password} data-testid="confirm-delete-account">
              {t('account.deleteConfirm')}
            </button>
          </>
        }
      >
        <form id="delete-account-form" className="stack" onSubmit={submit}>
          <p>{t('account.deleteGoes')}</p>
          <p className="muted small">{t('account.deleteStays')}</p>
          {unsettled ? (
            <div className="form-error" role="alert">
              <p>{t('account.unsettled')}</p>
              <ul>
                {unsettled.map((item) => (
                  <li key={item.to}>
                    <Link to={item.to} onClick={close}>
                      {item.name}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <FormError message={remove.error && !isApiError(remove.error, 'invalid_credentials') ? errorMessage(remove.error) : null} />
          )}
          <Field label={t('account.password')} error={isApiError(remove.error, 'invalid_credentials') ? t('account.wrongPassword') : undefined}>
            <PasswordInput value={password} onChange={setPassword} autoComplete="current-password" />
          </Field>
        </form>
      </Dialog>
    </>
  );
}
