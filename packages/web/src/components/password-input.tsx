import { useState } from 'react';
import { useTranslation } from '../lib/translation';

/** A password box with a show/hide toggle. Receives id/aria props from <Field>. */
export function PasswordInput({ value, onChange, autoComplete, ...rest }: {
  value: string;
  onChange: (value: string) => void;
  autoComplete: string;
  id?: string;
}) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  return (
    <span className="password-input">
      <input {...rest} type={visible ? 'text' : 'password'} autoComplete={autoComplete} value={value} onChange={(e) => onChange(e.target.value)} required />
      <button type="button" className="password-input__toggle" onClick={() => setVisible((v) => !v)} aria-pressed={visible}>
        {visible ? t('auth.hidePassword') : t('auth.showPassword')}
      </button>
    </span>
  );
}
