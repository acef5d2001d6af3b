import type { CardInterest, CompanionPerson, CompanionPreferences, CompanionRequest, Gender, RequestWhen } from '@kindred/contract';
import { useState } from 'react';
import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { useApply, useInvite } from '../data/companions';
import { useTaxonomy } from '../data/taxonomy';
import { browserTimeZone } from '../lib/activity-time';
import { useAvailabilityText } from '../lib/availability';
import { Avatar } from './avatar';
import { Photo } from './photo';
import { MessageDialog, SafetyMenu } from './companion-dialogs';
import { Icon } from './icons';
import { HeldBadge } from './held-notice';
import { AreaLine, MatchBadge, MatchWhy } from './match';
import { TagChip } from './tag-chip';
import { useToast } from './toast';

/** "29 · Female", leaving out what the member did not share. */
export function AgeGender({ age, gender }: { age: number | null; gender: Gender | null }) {
  const { t } = useTranslation();
  const parts = [age !== null ? t('companions.age', { age }) : null, gender ? t(`gender.${gender}`) : null].filter(Boolean);
  return parts.length ? <span className="muted small">{parts.join(' · ')}</span> : null;
}

export function InterestList({ interests }: { interests: CardInterest[] }) {
  const { t } = useTranslation();
  return (
    <ul className="tag-list">
      {interests.map((i) => (
        <li key={i.tag}>
          <TagChip tag={i.tag} skill={t(`skill.${i.skill}`)} />
        </li>
      ))}
    </ul>
  );
}

/** Who someone wants to go with, in a line: "Ages 25–40 · Female · Beginner", or "Anyone". */
export function usePreferencesText() {
  const { t } = useTranslation();
  return (p: CompanionPreferences): string => {
    const parts: string[] = [];
    if (p.ageMin !== null && p.ageMax !== null) parts.push(t('companions.request.ages', { min: p.ageMin, max: p.ageMax }));
    else if (p.ageMin !== null) parts.push(t('companions.request.agesFrom', { min: p.ageMin }));
    else if (p.ageMax !== null) parts.push(t('companions.request.agesTo', { max: p.ageMax }));
    if (p.genders.length) parts.push(p.genders.map((g) => t(`gender.${g}`)).join(t('companions.when.listSep')));
    if (p.skills.length) parts.push(p.skills.map((s) => t(`skill.${s}`)).join(t('companions.when.listSep')));
    return parts.length ? parts.join(' · ') : t('companions.request.anyone');
  };
}

/** When a request is for, in its own time zone (named when it is not the reader's). */
export function RequestWhenText({ when, timeZone }: { when: RequestWhen; timeZone: string }) {
  const { t } = useTranslation();
  const text = useAvailabilityText();
  const zone = timeZone !== browserTimeZone() ? ` ${t('companions.when.zone', { zone: timeZone.replace(/_/g, ' ') })}` : '';
  if (when.type === 'once') return <>{t('companions.when.once', { date: text.date(when.date), from: when.from, to: when.to }) + zone}</>;
  return <>{t('companions.when.recurring', { slots: text.slots(when.slots), date: text.date(when.until) }) + zone}</>;
}

function MoneyChips({ budget, costSharing }: Pick<CompanionPerson, 'budget' | 'costSharing'>) {
  const { t } = useTranslation();
  return (
    <>
      <span className="fact-chip">
        <Icon name="wallet" size={14} /> {t(`companions.budget.${budget}`)}
      </span>
      <span className="fact-chip">
        <Icon name="receipt" size={14} /> {t(`companions.costSharing.${costSharing}`)}
      </span>
    </>
  );
}

/** Invite someone, or where my invite with them stands. */
function InviteControl({ person }: { person: CompanionPerson }) {
  const { t } = useTranslation();
  const toast = useToast();
  const invite = useInvite();
  const [open, setOpen] = useState(false);
  const state = person.invite;
  if (state?.status === 'accepted') {
    return (
      <Link to="/companions/chats" className="btn btn--secondary btn--sm" data-testid="person-connected">
        <Icon name="comment" size={16} /> {t('companions.person.connected')}
      </Link>
    );
  }
  if (state?.status === 'pending') {
    return state.direction === 'sent' ? (
      <span className="status-pill status-pill--pending" data-testid="person-invited">
        <Icon name="check" size={14} /> {t('companions.person.sent')}
      </span>
    ) : (
      <Link to="/companions/inbox" className="btn btn--primary btn--sm" data-testid="person-answer">
        {t('companions.person.received')} · {t('companions.person.answer')}
      </Link>
    );
  }
  const name = person.user.displayName;
  return (
    <>
      <button type="button" className="btn btn--primary btn--sm" onClick={() => setOpen(true)} data-testid="invite-button">
        <Icon name="send" size={16} /> {t('companions.person.invite')}
      </button>
      <MessageDialog
        open={open}
        title={t('companions.person.inviteTitle', { name })}
        hint={t('companions.person.inviteHint')}
        placeholder={t('companions.person.invitePlaceholder')}
        busy={invite.isPending}
        error={invite.error}
        onClose={() => {
          setOpen(false);
          invite.reset();
        }}
        onSend={(message) =>
          invite.mutate(
            { username: person.user.username, message },
            {
              onSuccess: () => {
                setOpen(false);
                toast.show(t('companions.person.inviteSent', { name }), 'success');
              },
            },
          )
        }
      />
    </>
  );
}

/** Another member's companion card, as a searcher sees it: who, what, when, roughly where, and why they match. */
export function PersonCard({ person }: { person: CompanionPerson }) {
  const { t } = useTranslation();
  const text = useAvailabilityText();
  const u = person.user;
  return (
    <article className="card companion-card" data-testid="person-card" aria-labelledby={`person-${u.id}`}>
      {person.photo ? <Photo media={person.photo} fit="cover" className="companion-card__photo" sizes="(min-width: 640px) 360px, 100vw" /> : null}
      <header className="companion-card__head">
        <Avatar name={u.displayName} seed={u.id} src={u.avatarUrl} size={48} />
        <div className="companion-card__who">
          <h3 id={`person-${u.id}`} className="companion-card__name">
            <Link to={`/u/${u.username}`}>{u.displayName}</Link>
          </h3>
          <AgeGender age={person.age} gender={person.gender} />
        </div>
        <MatchBadge match={person.match} />
      </header>
      <MatchWhy match={person.match} reasons="folded" />
      <InterestList interests={person.interests} />
      <ul className="companion-card__lines">
        <li>
          <AreaLine area={person.area} distance={person.distance} />
        </li>
        <li>
          <Icon name="clock" size={15} />
          <span>{text.availability(person.availability)}</span>
        </li>
      </ul>
      {person.intro ? <p className="companion-card__intro">{person.intro}</p> : null}
      <div className="fact-chips">
        <span className="fact-chip">
          <Icon name="users" size={14} /> {t('companions.groupUpTo', { count: person.groupSizeMax })}
        </span>
        <MoneyChips budget={person.budget} costSharing={person.costSharing} />
      </div>
      <footer className="companion-card__foot">
        <InviteControl person={person} />
        <SafetyMenu label={t('companions.person.actions', { name: u.displayName })} user={u} />
      </footer>
    </article>
  );
}

/** Apply to a request, or where my application stands. */
export function ApplyControl({ request, block = false }: { request: CompanionRequest; block?: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const apply = useApply(request.id);
  const [open, setOpen] = useState(false);
  if (request.mine) return null;
  const mine = request.myApplication;
  if (mine && mine.status !== 'withdrawn') {
    const status = (['pending', 'accepted', 'declined'] as const).find((s) => s === mine.status) ?? 'pending';
    return (
      <span className={`status-pill status-pill--${status}`} data-testid="my-application">
        <Icon name={status === 'accepted' ? 'checkCircle' : status === 'declined' ? 'x' : 'hourglass'} size={14} />
        {t(`companions.request.myApplication.${status}`)}
      </span>
    );
  }
  if (request.status !== 'open') return null;
  return (
    <>
      <button type="button" className={`btn btn--primary${block ? ' btn--lg btn--block' : ' btn--sm'}`} onClick={() => setOpen(true)} data-testid="apply-button">
        <Icon name="send" size={16} /> {t('companions.request.apply')}
      </button>
      <MessageDialog
        open={open}
        title={t('companions.request.applyTitle', { name: request.author.displayName })}
        hint={t('companions.request.applyHint')}
        placeholder={t('companions.request.applyPlaceholder')}
        busy={apply.isPending}
        error={apply.error}
        onClose={() => {
          setOpen(false);
          apply.reset();
        }}
        onSend={(message) =>
          apply.mutate(message, {
            onSuccess: () => {
              setOpen(false);
              toast.show(t('companions.request.applied'), 'success');
            },
          })
        }
      />
    </>
  );
}

export function RequestStatusBadge({ status }: { status: CompanionRequest['status'] }) {
  const { t } = useTranslation();
  return <span className={`badge badge--request-${status}`}>{t(`companions.request.status.${status}`)}</span>;
}

/** A companion request in a list: what, when, where, who is asked for, and why it fits me. */
export function RequestCard({ request: r }: { request: CompanionRequest }) {
  const { t } = useTranslation();
  const { tagLabel } = useTaxonomy();
  const prefs = usePreferencesText();
  return (
    <article className="card companion-card companion-card--request" data-testid="request-card" aria-labelledby={`request-${r.id}`}>
      <header className="companion-card__head">
        <Avatar name={r.author.displayName} seed={r.author.id} src={r.author.avatarUrl} size={40} />
        <div className="companion-card__who">
          <h3 id={`request-${r.id}`} className="companion-card__name">
            <Link to={`/companions/requests/${r.id}`} className="stretched-link">
              {tagLabel(r.tag)}
              {r.activity ? <span className="companion-card__activity"> · {r.activity.title}</span> : null}
            </Link>
          </h3>
          <span className="muted small">
            {r.mine ? t('companions.request.yours') : t('companions.request.by', { name: r.author.displayName })}
            {r.age !== null || r.gender ? ' · ' : null}
            <AgeGender age={r.age} gender={r.gender} />
          </span>
        </div>
        {r.match ? <MatchBadge match={r.match} /> : null}
      </header>
      <ul className="companion-card__lines">
        <li>
          <Icon name="calendar" size={15} />
          <span data-testid="request-when">
            <RequestWhenText when={r.when} timeZone={r.timeZone} />
          </span>
        </li>
        <li>
          <AreaLine area={r.area} distance={r.distance} />
        </li>
        <li>
          <Icon name="users" size={15} />
          <span>
            {t('companions.request.spotsWanted', { count: r.spots })}
            {r.accepted ? ` · ${t('companions.request.spots', { accepted: r.accepted, spots: r.spots })}` : ''}
            {' · '}
            {prefs(r.preferences)}
          </span>
        </li>
      </ul>
      <p className="companion-card__description">{r.description}</p>
      {r.match ? <MatchWhy match={r.match} /> : null}
      <div className="fact-chips">
        <HeldBadge held={r.heldForReview} />
        {r.status !== 'open' ? <RequestStatusBadge status={r.status} /> : null}
        <MoneyChips budget={r.budget} costSharing={r.costSharing} />
      </div>
      <footer className="companion-card__foot">
        {r.mine ? (
          <Link to={`/companions/requests/${r.id}`} className="btn btn--secondary btn--sm">
            <Icon name="users" size={16} /> {t('companions.request.applications')}
          </Link>
        ) : (
          <>
            <ApplyControl request={r} />
            <SafetyMenu label={t('companions.request.actions')} user={r.author} requestId={r.id} />
          </>
        )}
      </footer>
    </article>
  );
}
