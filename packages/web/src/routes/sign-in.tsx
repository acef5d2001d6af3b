import { useState, type FormEvent } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { AuthLayout } from '../components/auth-layout';
import { Field, FormError } from '../components/form-field';
import { PasswordInput } from '../components/password-input';
import { safeNext } from '../components/require-auth';
import { useSession, useSignIn } from '../data/session';
import { isApiError } from '../lib/api';
import { fieldErrors, useErrorMessage } from '../lib/errors';
import { useFormat } from '../lib/format';
import { nextQuery } from '../lib/return-to';

const DEMO = { username: 'demo', password: 'kindred-demo' };

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const session = useSession();
  const signIn = useSignIn();
  const errorMessage = useErrorMessage();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  const next = safeNext(location.search);
  if (session.data?.user && !signIn.isPending && !signIn.isSuccess) return <Navigate to={next} replace />;

  const submit = (creds: { username: string; password: string }) =>
    signIn.mutate(creds, { onSuccess: (r) => navigate(r.user.onboarded ? next : `/onboarding${nextQuery(next)}`, { replace: true }) });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit({ username: username.trim(), password });
  };
  const fields = fieldErrors(signIn.error);

  return (
    <AuthLayout>
      <h2 className="auth__title">{t('auth.signInTitle')}</h2>
      <p className="muted auth__subtitle">{t('auth.signInSubtitle')}</p>
      <form onSubmit={onSubmit} className="form" noValidate data-testid="signin-form">
        {isApiError(signIn.error, 'account_suspended') ? (
          <Suspended until={signIn.error.fields.until} reason={signIn.error.fields.reason} />
        ) : (
          <FormError message={signIn.error ? errorMessage(signIn.error) : null} />
        )}
        <Field label={t('auth.username')} error={fields.username}>
          <input type="text" autoComplete="username" autoCapitalize="none" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </Field>
        <Field label={t('auth.password')} error={fields.password}>
          <PasswordInput autoComplete="current-password" value={password} onChange={setPassword} />
        </Field>
        <button type="submit" className="btn btn--primary btn--block btn--lg" disabled={signIn.isPending}>
          {signIn.isPending ? t('auth.signingIn') : t('auth.submitSignIn')}
        </button>
      </form>

      <div className="demo-box" data-testid="demo-box">
        <p className="demo-box__title">{t('auth.demoTitle')}</p>
        <p className="muted">
          {t('auth.demoBody', { username: DEMO.username, password: DEMO.password })}
        </p>
        <button
          type="button"
          className="btn btn--secondary btn--block"
          onClick={() => {
            setUsername(DEMO.username);
            setPassword(DEMO.password);
            submit(DEMO);
          }}
          disabled={signIn.isPending}
          data-testid="use-demo"
        >
          {t('auth.useDemo')}
        </button>
      </div>

      <p className="auth__switch">
        {t('auth.noAccount')}{' '}
        <Link to={`/signup${location.search}`}>{t('auth.createAccount')}</Link>
      </p>
    </AuthLayout>
  );
}

/** Why the account may not sign in, and until when (a ban has no end). */
function Suspended({ until, reason }: { until?: string; reason?: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className="form-error" role="alert" data-testid="signin-suspended">
      <p>{until ? t('auth.suspendedUntil', { date: f.dateTime(until) }) : t('auth.banned')}</p>
      {reason ? <p>{t('auth.suspensionReason', { reason })}</p> : null}
    </div>
  );
}
