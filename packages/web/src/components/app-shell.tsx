import { useCallback, useEffect } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, NavLink, Outlet, useLocation } from 'react-router-dom';
import { useChatUnread, useRealtimeChat } from '../data/chat';
import { UNREAD_CAP, useRealtimeNotifications, useUnreadCount } from '../data/notifications';
import { useRealtimeRooms, useRoomsUnread } from '../data/rooms';
import { useMe, useSessionEndedByServer } from '../data/session';
import { Avatar } from './avatar';
import { Icon, type IconName } from './icons';
import { LanguageSwitcher } from './language-switcher';
import { OfflineNotice } from './offline-notice';
import { useToast } from './toast';

interface NavItem {
  to: string;
  label: 'nav.home' | 'nav.discover' | 'nav.activities' | 'nav.companions' | 'nav.search' | 'nav.me';
  icon: IconName;
  end?: boolean;
  testId: string;
}

// The app's sections.
const navItems: NavItem[] = [
  { to: '/', label: 'nav.home', icon: 'home', end: true, testId: 'nav-home' },
  { to: '/discover', label: 'nav.discover', icon: 'compass', testId: 'nav-discover' },
  { to: '/activities', label: 'nav.activities', icon: 'calendar', testId: 'nav-activities' },
  { to: '/companions', label: 'nav.companions', icon: 'users', testId: 'nav-companions' },
  { to: '/search', label: 'nav.search', icon: 'search', testId: 'nav-search' },
  { to: '/me', label: 'nav.me', icon: 'user', testId: 'nav-me' },
];

/** The bell with the unread count (kept live by the socket), linking to the notifications. */
function NotificationBell() {
  const { t } = useTranslation();
  const unread = useUnreadCount(true).data ?? 0;
  const many = unread >= UNREAD_CAP;
  const label = many ? t('notifications.bellUnreadMany') : unread ? t('notifications.bellUnread', { count: unread }) : t('notifications.title');
  return (
    <Link to="/notifications" className="icon-button bell" aria-label={label} title={label} data-testid="notification-bell" data-unread={unread}>
      <Icon name="bell" size={21} />
      {unread ? (
        <span className="bell__count" aria-hidden="true" data-testid="notification-count">
          {many ? `${UNREAD_CAP}+` : unread}
        </span>
      ) : null}
    </Link>
  );
}

/** Unread chat and room messages on the Companions entry: a number to see, a sentence to hear (after the entry's own name). */
function NavBadge({ count }: { count: number }) {
  const { t } = useTranslation();
  if (!count) return null;
  return (
    <>
      <span className="nav-badge" aria-hidden="true" data-testid="chat-unread-badge">
        {count > 99 ? '99+' : count}
      </span>
      <span className="visually-hidden">, {t('companions.chats.unread', { count })}</span>
    </>
  );
}

export function Logo() {
  return (
    <svg width="30" height="30" viewBox="0 0 64 64" aria-hidden="true" className="logo">
      <rect width="64" height="64" rx="18" fill="var(--brand)" />
      <circle cx="24" cy="27" r="9" fill="#fff" />
      <circle cx="40" cy="27" r="9" fill="var(--sun)" />
      <path d="M13 50c2-8 8-12 14-12h10c6 0 12 4 14 12" fill="none" stroke="#fff" strokeWidth="5" strokeLinecap="round" />
    </svg>
  );
}

/** Top bar with brand and desktop navigation, the page, the footer, and the phone tab bar. */
export function AppShell() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  // One live connection for the whole app while signed in; it keeps chats and the badge current.
  useRealtimeChat(me?.onboarded ? me.id : null);
  useRealtimeNotifications(me?.onboarded ? me.id : null);
  useRealtimeRooms(me?.onboarded ? me.id : null);
  // Direct chats and activity and group chats, all under Companions → Chats.
  const chatUnread = useChatUnread(!!me?.onboarded) + useRoomsUnread(!!me?.onboarded);
  const toast = useToast();
  // Suspended, or signed out in another tab: the page shows it at once, without waiting for a refused request.
  useSessionEndedByServer(useCallback(() => toast.show(t('moderation.signedOut'), 'info'), [toast, t]));
  const staff = me?.role === 'moderator' || me?.role === 'operator';

  // New page, new reading position — unless the URL points at an anchor.
  useEffect(() => {
    if (!location.hash) window.scrollTo(0, 0);
  }, [location.pathname, location.hash]);

  return (
    <div className="app">
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <Link to="/" className="brand" aria-label={t('app.name')}>
            <Logo />
            <span className="brand__name">{t('app.name')}</span>
          </Link>
          <nav className="topnav" aria-label={t('nav.main')}>
            {navItems
              .filter((item) => item.to !== '/me')
              .map((item) => (
                <NavLink key={item.to} to={item.to} end={item.end} className="topnav__link">
                  <Icon name={item.icon} size={18} />
                  {t(item.label)}
                  {item.to === '/companions' ? <NavBadge count={chatUnread} /> : null}
                </NavLink>
              ))}
          </nav>
          <div className="topbar__actions">
            <LanguageSwitcher compact />
            {me ? (
              <>
                <NotificationBell />
                {staff ? (
                  <Link to="/console" className="icon-button topbar__console" aria-label={t('moderation.console')} title={t('moderation.console')} data-testid="console-link">
                    <Icon name="shield" size={21} />
                  </Link>
                ) : null}
                <Link to="/groups/new" className="btn btn--primary btn--sm topbar__create" title={t('nav.createGroup')}>
                  <Icon name="plus" size={16} />
                  <span className="topbar__create-label">{t('nav.createGroup')}</span>
                </Link>
                <Link to="/me" className="topbar__me" data-testid="topbar-profile">
                  <Avatar name={me.displayName} seed={me.id} src={me.avatar?.variants[0]?.url} size={34} />
                  <span className="visually-hidden">{t('nav.profile')}</span>
                </Link>
              </>
            ) : me === null ? (
              <Link to="/signin" className="btn btn--primary btn--sm">
                {t('nav.signIn')}
              </Link>
            ) : null}
          </div>
        </div>
      </header>
      <OfflineNotice />

      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>

      <footer className="site-footer">
        <div className="site-footer__inner">
          <span className="brand brand--small">
            <Logo />
            <span>{t('app.name')}</span>
          </span>
          <p className="muted">{t('app.footer')}</p>
          <a href="/api/docs" className="muted">
            {t('app.apiDocs')}
          </a>
        </div>
      </footer>

      <nav className="tabbar" aria-label={t('nav.main')}>
        {navItems.map((item) => (
          <NavLink key={item.to} to={item.to} end={item.end} className="tabbar__link" data-testid={item.testId}>
            <Icon name={item.icon} size={22} />
            <span>{t(item.label)}</span>
            {item.to === '/companions' ? <NavBadge count={chatUnread} /> : null}
          </NavLink>
        ))}
      </nav>
    </div>
  );
}
