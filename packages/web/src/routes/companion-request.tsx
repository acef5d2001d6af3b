import type { CompanionRequest } from '@kindred/contract';
import { Fact } from '../components/fact';
import { useState } from 'react';
import { useTranslation } from '../lib/translation';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Avatar } from '../components/avatar';
import { AgeGender, ApplyControl, RequestStatusBadge, RequestWhenText, usePreferencesText } from '../components/companion-cards';
import { SafetyMenu } from '../components/companion-dialogs';
import { ConfirmDialog } from '../components/dialog';
import { EmptyState, ErrorView, LoadMore, PageSpinner } from '../components/feedback';
import { Icon } from '../components/icons';
import { InviteItem } from '../components/invite-item';
import { HeldNotice } from '../components/held-notice';
import { AreaLine, MatchBadge, MatchWhy } from '../components/match';
import { TagChip } from '../components/tag-chip';
import { useToast } from '../components/toast';
import { useCloseRequest, useCompanionRequest, useInvites } from '../data/companions';
import { useTaxonomy } from '../data/taxonomy';
import { isApiError } from '../lib/api';
import { useDocumentTitle } from '../lib/document-title';
import { useFormat } from '../lib/format';
import { useScrollToAnchor } from '../lib/use-anchor';

/** /companions/requests/:id — the request, applying to it, and for its author the applications and Close. */
export function CompanionRequestPage() {
  const { t } = useTranslation();
  const { tagLabel } = useTaxonomy();
  const id = Number(useParams().id);
  const request = useCompanionRequest(id);
  useDocumentTitle(request.data ? tagLabel(request.data.tag) : t('companions.tabs.requests'));

  if (!Number.isInteger(id) || id <= 0 || isApiError(request.error, 'not_found')) {
    return (
      <div className="page page--narrow">
        <EmptyState
          icon="flag"
          title={t('companions.request.notFound')}
          action={
            <Link to="/companions" className="btn btn--secondary">
              {t('companions.tabs.requests')}
            </Link>
          }
        />
      </div>
    );
  }
  if (request.isPending) return <PageSpinner />;
  if (request.isError) {
    return (
      <div className="page page--narrow">
        <ErrorView error={request.error} onRetry={() => void request.refetch()} />
      </div>
    );
  }
  const r = request.data;
  return (
    <div className="page page--request">
      <Link to="/companions" className="back-link">
        <Icon name="back" size={18} /> {t('companions.title')}
      </Link>
      <RequestHero request={r} />
      <HeldNotice held={r.heldForReview} />
      <div className="activity-layout">
        <aside className="activity-layout__aside stack">{r.mine ? <AuthorPanel request={r} /> : <ApplyPanel request={r} />}</aside>
        <div className="activity-layout__main stack">
          <RequestFacts request={r} />
          <section className="card card--padded" aria-labelledby="request-about">
            <h2 className="card__title" id="request-about">
              {t('companions.form.description')}
            </h2>
            <p className="request-description" data-testid="request-description">
              {r.description}
            </p>
          </section>
          {r.match ? (
            <section className="card card--padded" aria-labelledby="request-match">
              <h2 className="card__title" id="request-match">
                {t('companions.match.why')}
              </h2>
              <MatchWhy match={r.match} reasons="listed" />
            </section>
          ) : null}
        </div>
      </div>
    </div>
  );
}

function RequestHero({ request: r }: { request: CompanionRequest }) {
  const { t } = useTranslation();
  const { tagLabel } = useTaxonomy();
  const f = useFormat();
  return (
    <header className="card card--padded request-hero" data-testid="request-hero">
      <div className="request-hero__top">
        <TagChip tag={r.tag} />
        <RequestStatusBadge status={r.status} />
        {r.match ? <MatchBadge match={r.match} /> : null}
      </div>
      <h1 className="request-hero__title">
        {tagLabel(r.tag)}
        {r.activity ? <span className="muted"> · {r.activity.title}</span> : null}
      </h1>
      <p className="request-hero__by">
        <Avatar name={r.author.displayName} seed={r.author.id} src={r.author.avatarUrl} size={30} />
        <span>
          {r.mine ? (
            t('companions.request.yours')
          ) : (
            <Link to={`/u/${r.author.username}`} data-testid="request-author">
              {r.author.displayName}
            </Link>
          )}{' '}
          <AgeGender age={r.age} gender={r.gender} />
        </span>
        <span className="muted small">· {t('companions.request.posted', { when: f.timeAgo(r.createdAt) })}</span>
      </p>
    </header>
  );
}

function RequestFacts({ request: r }: { request: CompanionRequest }) {
  const { t } = useTranslation();
  const prefs = usePreferencesText();
  return (
    <section className="card card--padded facts" aria-label={t('activity.whenWhere')}>
      <Fact icon="calendar" label={t('activity.when')}>
        <p className="fact__main" data-testid="request-when">
          <RequestWhenText when={r.when} timeZone={r.timeZone} />
        </p>
      </Fact>
      <Fact icon="mapPin" label={t('activity.where')}>
        <p className="fact__main">
          <AreaLine area={r.area} distance={r.distance} />
        </p>
        <p className="small muted">{t('companions.request.within', { km: r.radiusKm, area: r.area })}</p>
      </Fact>
      <Fact icon="users" label={t('companions.request.preferences')}>
        <p className="fact__main">{t('companions.request.spotsWanted', { count: r.spots })}</p>
        <p className="small muted">
          {t('companions.request.spots', { accepted: r.accepted, spots: r.spots })} · {prefs(r.preferences)}
        </p>
      </Fact>
      <Fact icon="wallet" label={t('companions.card.money')}>
        <p className="fact__main">
          {t(`companions.budget.${r.budget}`)} · {t(`companions.costSharing.${r.costSharing}`)}
        </p>
      </Fact>
      {r.activity ? (
        <Link to={`/activities/${r.activity.id}`} className="panel panel--link" data-testid="request-activity-link">
          <Icon name="ticket" size={18} />
          <span>{t('companions.chat.registerFor', { title: r.activity.title })}</span>
          <Icon name="chevronRight" size={16} />
        </Link>
      ) : null}
    </section>
  );
}

function ApplyPanel({ request: r }: { request: CompanionRequest }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <section className="card card--padded request-panel" data-testid="apply-panel">
      <div className="request-panel__head">
        <p className="request-panel__spots">{t('companions.request.spots', { accepted: r.accepted, spots: r.spots })}</p>
        <SafetyMenu label={t('companions.request.actions')} user={r.author} requestId={r.id} onBlocked={() => navigate('/companions', { replace: true })} />
      </div>
      <ApplyControl request={r} block />
      {r.myApplication?.status === 'accepted' ? (
        <Link to="/companions/chats" className="btn btn--secondary btn--block">
          <Icon name="comment" size={18} /> {t('companions.tabs.chats')}
        </Link>
      ) : null}
      {r.status !== 'open' && !r.myApplication ? <p className="muted small center">{t(`companions.request.status.${r.status}`)}</p> : null}
    </section>
  );
}

/** For the author: who applied (answer each), and Close. */
function AuthorPanel({ request: r }: { request: CompanionRequest }) {
  const { t } = useTranslation();
  const toast = useToast();
  const close = useCloseRequest(r.id);
  const [closing, setClosing] = useState(false);
  // Applications are the incoming invites that name this request.
  const incoming = useInvites('incoming', undefined, true, r.id);
  const applications = incoming.data?.pages.flatMap((p) => p.items) ?? [];
  // A notification's #invite-12 (an application) is brought into view once the applications are in.
  useScrollToAnchor(applications.length > 0);
  const canClose = r.status === 'open' || r.status === 'full';

  return (
    <section className="card card--padded request-panel" aria-labelledby="applications-title" data-testid="applications">
      <h2 className="card__title" id="applications-title">
        <Icon name="users" size={18} /> {t('companions.request.applications')}
        {applications.length ? <span className="count-pill">{applications.length}</span> : null}
      </h2>
      {incoming.isPending ? (
        <div className="page-spinner page-spinner--sm">
          <span className="spinner" aria-hidden="true" />
        </div>
      ) : incoming.isError ? (
        <ErrorView error={incoming.error} onRetry={() => void incoming.refetch()} />
      ) : applications.length === 0 ? (
        <div className="request-panel__empty">
          <p className="notice__title">{t('companions.request.noApplications')}</p>
          <p className="muted small">{t('companions.request.noApplicationsBody')}</p>
        </div>
      ) : (
        <ul className="invite-list invite-list--plain">
          {applications.map((invite) => (
            <InviteItem key={invite.id} invite={invite} box="incoming" showRequest={false} />
          ))}
        </ul>
      )}
      <LoadMore hasMore={incoming.hasNextPage} loading={incoming.isFetchingNextPage} onLoad={() => void incoming.fetchNextPage()} />
      {canClose ? (
        <button type="button" className="btn btn--ghost btn--block btn--danger-text" onClick={() => setClosing(true)} data-testid="close-request">
          {t('companions.request.close')}
        </button>
      ) : null}
      <ConfirmDialog
        open={closing}
        title={t('companions.request.closeTitle')}
        body={t('companions.request.closeBody')}
        confirmLabel={t('companions.request.closeConfirm')}
        cancelLabel={t('companions.request.keepOpen')}
        danger
        busy={close.isPending}
        onClose={() => setClosing(false)}
        onConfirm={() =>
          close.mutate(undefined, {
            onSuccess: () => {
              setClosing(false);
              toast.show(t('companions.request.closed'), 'success');
            },
            onError: () => setClosing(false),
          })
        }
      />
    </section>
  );
}
