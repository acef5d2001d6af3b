import type { MyCompanionCard } from '@kindred/contract';
import { useTranslation } from '../lib/translation';
import { Link, NavLink, Outlet, useLocation } from 'react-router-dom';
import { PersonCard, RequestCard } from '../components/companion-cards';
import { CompanionSearch, useCompanionFilters } from '../components/companion-filters';
import { CardSkeletons, EmptyState, ErrorView, LoadMore } from '../components/feedback';
import { Icon, type IconName } from '../components/icons';
import { useToast } from '../components/toast';
import { useChatUnread } from '../data/chat';
import { cardBody, useCompanionRequests, useInvites, useMyCard, useMyRequests, usePeople, useSaveCard, type RequestFilters } from '../data/companions';
import { useMe } from '../data/session';
import { cities, useTaxonomy } from '../data/taxonomy';
import { isApiError } from '../lib/api';
import { useDocumentTitle } from '../lib/document-title';
import { useProgressiveList } from '../lib/use-progressive-list';

type Tab = 'requests' | 'people' | 'inbox' | 'chats' | 'card';
const tabs: { tab: Tab; to: string; icon: IconName; end?: boolean }[] = [
  { tab: 'requests', to: '/companions', icon: 'flag', end: true },
  { tab: 'people', to: '/companions/people', icon: 'users' },
  { tab: 'inbox', to: '/companions/inbox', icon: 'send' },
  { tab: 'chats', to: '/companions/chats', icon: 'comment' },
  { tab: 'card', to: '/companions/card', icon: 'user' },
];

/** Companions: the section's header and sub-tabs around Requests, People, Inbox, Chats and My card. */
export function CompanionsLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const unread = useChatUnread(true);
  const pendingIncoming = useInvites('incoming', 'pending').data?.pages[0]?.items.length ?? 0;
  const onRequests = location.pathname === '/companions' || location.pathname === '/companions/';

  return (
    <div className="page page--companions">
      <header className="page-header page-header--split activities-header">
        <div>
          <h1>{t('companions.title')}</h1>
          <p className="muted hide-sm">{t('companions.subtitle')}</p>
        </div>
        <Link to="/companions/requests/new" className="btn btn--primary btn--sm only-wide" data-testid="new-request">
          <Icon name="plus" size={18} />
          {t('companions.newRequest')}
        </Link>
        {onRequests ? (
          <Link to="/companions/requests/new" className="fab" aria-label={t('companions.newRequest')} title={t('companions.newRequest')}>
            <Icon name="plus" size={26} />
          </Link>
        ) : null}
      </header>
      <nav className="tabs tabs--pills companion-tabs" aria-label={t('companions.tabsLabel')}>
        {tabs.map(({ tab, to, icon, end }) => (
          <NavLink key={tab} to={to} end={end} className="tabs__tab" data-testid={`companions-tab-${tab}`}>
            <Icon name={icon} size={16} />
            <span>{t(`companions.tabs.${tab}`)}</span>
            {tab === 'chats' && unread ? (
              <>
                <span className="tab-badge" aria-hidden="true">
                  {unread > 99 ? '99+' : unread}
                </span>
                <span className="visually-hidden">, {t('companions.chats.unread', { count: unread })}</span>
              </>
            ) : null}
            {tab === 'inbox' && pendingIncoming ? <span className="tab-dot" aria-hidden="true" /> : null}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}

/** Interest tags to offer as quick filters: the card's, else the profile's. */
function useMyTags(card: MyCompanionCard | null | undefined): string[] {
  const me = useMe();
  return (card?.interests.map((i) => i.tag) ?? me?.interests.map((i) => i.tag) ?? []).slice(0, 10);
}

/** "Near": my area (the card's, else my home), or a city picked here. */
function NearChooser({ value, onChange }: { value: string; onChange: (city: string | undefined) => void }) {
  const { t } = useTranslation();
  const { lang } = useTaxonomy();
  return (
    <div className="select-wrap select-wrap--sm">
      <Icon name="mapPin" size={16} />
      <select aria-label={t('companions.requests.near')} value={value} onChange={(e) => onChange(e.target.value || undefined)} data-testid="near-select">
        <option value="">{t('companions.requests.nearMyArea')}</option>
        {cities.map((c) => (
          <option key={c.key} value={c.key}>
            {lang === 'zh-CN' ? c.zh : c.en}
          </option>
        ))}
      </select>
    </div>
  );
}

/** My own requests, folded away above the search. */
function MyRequests() {
  const { t } = useTranslation();
  const mine = useMyRequests();
  const items = mine.data?.pages.flatMap((p) => p.items) ?? [];
  if (!items.length) return null;
  return (
    <details className="my-requests card" data-testid="my-requests">
      <summary>
        <Icon name="flag" size={16} /> {t('companions.requests.seeMine', { count: items.length })}
      </summary>
      <div className="stack my-requests__list">
        {items.map((r) => (
          <RequestCard key={r.id} request={r} />
        ))}
        <LoadMore hasMore={mine.hasNextPage} loading={mine.isFetchingNextPage} onLoad={() => void mine.fetchNextPage()} />
      </div>
    </details>
  );
}

/** Requests near me by other members, best match first, with filters. */
export function RequestsTab() {
  const { t } = useTranslation();
  const { lang } = useTaxonomy();
  const card = useMyCard();
  const myTags = useMyTags(card.data);
  const { filters, params, update } = useCompanionFilters();
  const nearCity = cities.find((c) => c.key === params.get('near'));
  const requestFilters: RequestFilters = nearCity ? { ...filters, lat: nearCity.lat, lng: nearCity.lng } : filters;
  const list = useCompanionRequests(requestFilters);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const shown = useProgressiveList(items, 3);
  useDocumentTitle(t('companions.tabs.requests'));
  const needsPlace = isApiError(list.error) && list.error.code === 'validation_failed' && 'location' in list.error.fields;

  return (
    <>
      <MyRequests />
      <CompanionSearch myTags={myTags} label={t('companions.tabs.requests')} toolbar={<NearChooser value={nearCity?.key ?? ''} onChange={(near) => update({ near })} />}>
        {list.isPending ? (
          <CardSkeletons count={3} />
        ) : needsPlace ? (
          <EmptyState
            icon="mapPin"
            title={t('companions.requests.needPlaceTitle')}
            body={t('companions.requests.needPlaceBody')}
            action={
              <div className="chip-row chip-row--center">
                <Link to="/companions/card" className="btn btn--primary">
                  {t('companions.people.createCard')}
                </Link>
                {cities.map((c) => (
                  <button key={c.key} type="button" className="chip chip--toggle" onClick={() => update({ near: c.key })}>
                    <Icon name="mapPin" size={14} /> {lang === 'zh-CN' ? c.zh : c.en}
                  </button>
                ))}
              </div>
            }
          />
        ) : list.isError ? (
          <ErrorView error={list.error} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState
            icon="flag"
            title={t('companions.requests.emptyTitle')}
            body={t('companions.requests.emptyBody')}
            action={
              <Link to="/companions/requests/new" className="btn btn--primary">
                {t('companions.newRequest')}
              </Link>
            }
          />
        ) : (
          <>
            <div className="companion-grid" data-testid="request-list">
              {shown.map((r) => (
                <RequestCard key={r.id} request={r} />
              ))}
            </div>
            <LoadMore hasMore={list.hasNextPage && shown.length === items.length} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />
          </>
        )}
      </CompanionSearch>
    </>
  );
}

/** Asks for a card before People can be searched. */
function NeedCard() {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon="user"
      title={t('companions.people.needCardTitle')}
      body={t('companions.people.needCardBody')}
      action={
        <Link to="/companions/card" className="btn btn--primary" data-testid="create-card-link">
          {t('companions.people.createCard')}
        </Link>
      }
    />
  );
}

function PausedNotice({ card }: { card: MyCompanionCard }) {
  const { t } = useTranslation();
  const toast = useToast();
  const save = useSaveCard();
  return (
    <div className="notice notice--warning companion-notice" data-testid="card-paused">
      <Icon name="hourglass" size={20} />
      <div className="notice__text">
        <p className="notice__body">{t('companions.people.paused')}</p>
      </div>
      <button
        type="button"
        className="btn btn--secondary btn--sm"
        disabled={save.isPending}
        onClick={() => save.mutate({ ...cardBody(card), discoverable: true }, { onSuccess: () => toast.show(t('companions.card.resumedToast'), 'success') })}
      >
        {t('companions.people.resume')}
      </button>
    </div>
  );
}

/** People whose cards match mine, best first, with filters. */
export function PeopleTab() {
  const { t } = useTranslation();
  const card = useMyCard();
  const myTags = useMyTags(card.data);
  const { filters, active, state } = useCompanionFilters();
  const filtered = active > 0 || !!state.tag;
  const people = usePeople(filters, !!card.data);
  const items = people.data?.pages.flatMap((p) => p.items) ?? [];
  useDocumentTitle(t('companions.tabs.people'));

  if (card.isPending) return <CardSkeletons count={3} />;
  if (card.isError) return <ErrorView error={card.error} onRetry={() => void card.refetch()} />;
  if (!card.data || isApiError(people.error, 'companion_card_required')) return <NeedCard />;

  return (
    <>
      {!card.data.discoverable ? <PausedNotice card={card.data} /> : null}
      <CompanionSearch myTags={myTags} label={t('companions.tabs.people')}>
        {people.isPending ? (
          <CardSkeletons count={3} />
        ) : people.isError ? (
          <ErrorView error={people.error} onRetry={() => void people.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState
            icon="users"
            title={filtered ? t('companions.people.emptyTitle') : t('companions.people.noneTitle')}
            body={filtered ? t('companions.people.emptyBody') : t('companions.people.noneBody')}
            action={
              filtered ? null : (
                <Link to="/companions/card" className="btn btn--secondary">
                  {t('companions.tabs.card')}
                </Link>
              )
            }
          />
        ) : (
          <>
            <div className="companion-grid" data-testid="people-list">
              {items.map((p) => (
                <PersonCard key={p.user.id} person={p} />
              ))}
            </div>
            <LoadMore hasMore={people.hasNextPage} loading={people.isFetchingNextPage} onLoad={() => void people.fetchNextPage()} />
          </>
        )}
      </CompanionSearch>
    </>
  );
}
