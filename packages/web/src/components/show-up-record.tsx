import type { AttendanceRecord } from '@kindred/contract';
import { useState, type FormEvent } from 'react';
import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { useContestAttendance, useMyAttendance } from '../data/attendance';
import { fieldMessage, useErrorMessage } from '../lib/errors';
import { useFormat } from '../lib/format';
import { useScrollToAnchor } from '../lib/use-anchor';
import { Dialog } from './dialog';
import { LoadMore, Skeleton } from './feedback';
import { Field, FormError } from './form-field';
import { Icon } from './icons';
import { useToast } from './toast';

/** How long after an activity a no-show may be contested (the server's rule). */
const CONTEST_DAYS = 30;

/** My show-up record (to myself only): the rate, the counts, and each past activity, where a recent no-show may be contested. */
export function ShowUpRecord() {
  const { t } = useTranslation();
  const f = useFormat();
  const record = useMyAttendance();
  const [contesting, setContesting] = useState<AttendanceRecord | null>(null);
  useScrollToAnchor(!record.isPending);
  const showUp = record.data?.pages[0]?.showUp;
  const items = record.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="card card--padded show-up" aria-labelledby="show-up-title" id="show-up" data-testid="show-up-record">
      <h2 className="card__title" id="show-up-title">
        <Icon name="checkCircle" size={20} /> {t('attendance.recordTitle')}
      </h2>
      <p className="small muted">
        <Icon name="lock" size={14} /> {t('attendance.recordPrivate')}
      </p>
      {record.isPending ? (
        <Skeleton height={48} width="100%" />
      ) : record.isError || !showUp ? null : (
        <>
          <p className="show-up__rate" data-testid="show-up-rate">
            {showUp.rate === null ? t('attendance.rateUnknown') : t('attendance.rate', { percent: f.percent(showUp.rate) })}
          </p>
          <dl className="show-up__counts">
            <div>
              <dt>{t('attendance.attendedCount')}</dt>
              <dd data-testid="show-up-attended">{showUp.attended}</dd>
            </div>
            <div>
              <dt>{t('attendance.noShowsCount')}</dt>
              <dd data-testid="show-up-no-shows">{showUp.noShows}</dd>
            </div>
            <div>
              <dt>{t('attendance.lateCount')}</dt>
              <dd data-testid="show-up-late">{showUp.lateCancellations}</dd>
            </div>
          </dl>
          <h3 className="show-up__history-title">{t('attendance.history')}</h3>
          {items.length === 0 ? (
            <p className="small muted">{t('attendance.historyEmpty')}</p>
          ) : (
            <ul className="show-up__history">
              {items.map((item) => (
                <HistoryRow key={item.registrationId} item={item} onContest={() => setContesting(item)} />
              ))}
            </ul>
          )}
          <LoadMore hasMore={record.hasNextPage} loading={record.isFetchingNextPage} onLoad={() => void record.fetchNextPage()} />
        </>
      )}
      {contesting ? <ContestDialog item={contesting} onClose={() => setContesting(null)} /> : null}
    </section>
  );
}

function HistoryRow({ item, onContest }: { item: AttendanceRecord; onContest: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const contestable = item.attendance === 'no_show' && !item.contested && Date.now() - new Date(item.activity.startsAt).getTime() < CONTEST_DAYS * 86_400_000;
  const status = item.lateCancel ? 'late' : item.attendance === 'attended' ? 'attended' : 'no_show';
  return (
    <li className="show-up__item" data-testid="show-up-item">
      <div className="show-up__item-text">
        <Link to={`/activities/${item.activity.id}`} className="show-up__item-title">
          {item.activity.title}
        </Link>
        <span className="small muted">{f.date(item.activity.startsAt)}</span>
      </div>
      <div className="show-up__item-status">
        <span className={`badge badge--attendance-${status}`} data-testid="show-up-status">
          {status === 'late' ? t('attendance.statusLate') : status === 'attended' ? t('attendance.came') : t('attendance.noShow')}
        </span>
        {item.contested ? (
          <span className="badge badge--pending" data-testid="show-up-disputed">
            {t('attendance.disputed')}
          </span>
        ) : null}
        {contestable ? (
          <button type="button" className="btn btn--ghost btn--sm" onClick={onContest} aria-label={t('attendance.contestLabel', { title: item.activity.title })} data-testid="contest-button">
            <Icon name="flag" size={15} /> {t('attendance.contest')}
          </button>
        ) : null}
      </div>
    </li>
  );
}

function ContestDialog({ item, onClose }: { item: AttendanceRecord; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const contest = useContestAttendance();
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) {
      setMissing(true);
      return;
    }
    contest.mutate(
      { registrationId: item.registrationId, note: note.trim() },
      {
        onSuccess: () => {
          toast.show(t('attendance.contested'), 'success');
          onClose();
        },
      },
    );
  };
  return (
    <Dialog open title={t('attendance.contestTitle')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate data-testid="contest-form">
        <p className="small muted">
          <strong>{item.activity.title}</strong> · {t('attendance.contestBody')}
        </p>
        <FormError message={contest.error ? errorMessage(contest.error) : null} />
        <Field label={t('attendance.contestNote')} error={missing ? fieldMessage('note', { kind: 'required' }) : undefined} limit={500}>
          <textarea rows={3} value={note} onChange={(e) => setNote(e.target.value)} data-testid="contest-note" />
        </Field>
        <div className="form__actions">
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={contest.isPending} data-testid="contest-send">
            {t('attendance.contestSend')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
