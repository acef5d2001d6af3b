import type { ReactNode } from 'react';
import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { Logo } from './app-shell';
import { CategoryIcon, Icon } from './icons';
import { LanguageSwitcher } from './language-switcher';

/** Sign in / sign up: a welcoming brand panel beside (desktop) or above (phone) the form. */
export function AuthLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="auth">
      <aside className="auth__hero">
        <div className="auth__hero-top">
          <Link to="/discover" className="brand brand--light">
            <Logo />
            <span className="brand__name">{t('app.name')}</span>
          </Link>
          <LanguageSwitcher compact />
        </div>
        <div className="auth__pitch">
          <h1 className="auth__tagline">{t('app.tagline')}</h1>
          <ul className="auth__points">
            <li>
              <Icon name="users" /> {t('auth.heroPoints.groups')}
            </li>
            <li>
              <Icon name="comment" /> {t('auth.heroPoints.posts')}
            </li>
            <li>
              <Icon name="mapPin" /> {t('auth.heroPoints.local')}
            </li>
          </ul>
        </div>
        <div className="auth__bubbles" aria-hidden="true">
          {['outdoors', 'games', 'food', 'music', 'sports', 'arts'].map((c) => (
            <span key={c} className={`auth__bubble auth__bubble--${c}`}>
              <CategoryIcon category={c} size={28} />
            </span>
          ))}
        </div>
      </aside>
      <main className="auth__main" id="main">
        <div className="auth__card">{children}</div>
      </main>
    </div>
  );
}
