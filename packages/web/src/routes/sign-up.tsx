import { useState, type FormEvent } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { AuthLayout } from '../components/auth-layout';
import { Field, FormError } from '../components/form-field';
import { PasswordInput } from '../components/password-input';
import { safeNext } from '../components/require-auth';
import { useSession, useSignUp } from '../data/session';
import { fieldErrors, formErrorBanner, useErrorMessage } from '../lib/errors';
import { nextQuery } from '../lib/return-to';

export function SignUpPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const session = useSession();
  const signUp = useSignUp();
  const errorMessage = useErrorMessage();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');

  // Where the visitor was going (an activity to register for, a group to join); onboarding comes first.
  const next = safeNext(location.search);
  if (session.data?.user && !signUp.isPending && !signUp.isSuccess) return <Navigate to={next} replace />;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    signUp.mutate(
      { username: username.trim(), displayName: displayName.trim() || username.trim(), password },
      { onSuccess: () => navigate(`/onboarding${nextQuery(next)}`, { replace: true }) },
    );
  };
  const fields = fieldErrors(signUp.error);
  const banner = formErrorBanner(signUp.error, errorMessage);

  return (
    <AuthLayout>
      <h2 className="auth__title">{t('auth.signUpTitle')}</h2>
      <p className="muted auth__subtitle">{t('auth.signUpSubtitle')}</p>
      <form onSubmit={onSubmit} className="form" noValidate data-testid="signup-form">
        <FormError message={banner} />
        <Field label={t('auth.username')} hint={t('auth.usernameHint')} error={fields.username} limit={20}>
          <input
            type="text"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            minLength={3}
            pattern="[A-Za-z0-9_]+"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </Field>
        <Field label={t('auth.displayName')} hint={t('auth.displayNameHint')} error={fields.displayName} limit={50}>
          <input type="text" autoComplete="nickname" value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />
        </Field>
        <Field label={t('auth.password')} hint={t('auth.passwordHint')} error={fields.password}>
          <PasswordInput autoComplete="new-password" value={password} onChange={setPassword} />
        </Field>
        <button type="submit" className="btn btn--primary btn--block btn--lg" disabled={signUp.isPending}>
          {signUp.isPending ? t('auth.signingUp') : t('auth.submitSignUp')}
        </button>
      </form>
      <p className="auth__switch">
        {t('auth.haveAccount')} <Link to={`/signin${location.search}`}>{t('auth.submitSignIn')}</Link>
      </p>
    </AuthLayout>
  );
}
