import type { PaymentEntry, PaymentMethod, PaymentState, PaymentTotal } from '@kindred/contract';
import { useTranslation } from '../lib/translation';
import { Link, useParams } from 'react-router-dom';
import { CardSkeletons, EmptyState, ErrorView, LoadMore } from '../components/feedback';
import { Icon } from '../components/icons';
import { usePaymentHistory, usePaymentSummary, useReceipt } from '../data/payments';
import { instantIn } from '../lib/activity-time';
import { useDocumentTitle } from '../lib/document-title';
import { useFormat } from '../lib/format';

/** My payments: how I pay (the simulated wallet), what I have paid and spent per currency, and every charge and refund. */
export function PaymentsPage() {
  const { t } = useTranslation();
  const summary = usePaymentSummary();
  const history = usePaymentHistory();
  useDocumentTitle(t('payments.title'));
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="page page--narrow payments">
      <header className="page-header">
        <Link to="/me" className="back-link">
          <Icon name="back" size={18} /> {t('profile.title')}
        </Link>
        <h1>{t('payments.title')}</h1>
        <p className="muted">{t('payments.subtitle')}</p>
      </header>
      {summary.isPending ? (
        <CardSkeletons count={1} />
      ) : summary.isError ? (
        <ErrorView error={summary.error} onRetry={() => void summary.refetch()} />
      ) : (
        <>
          <MethodCard method={summary.data.method} />
          <TotalsCard totals={summary.data.totals} />
        </>
      )}
      <section className="card card--padded" aria-labelledby="payments-history">
        <h2 className="card__title" id="payments-history">
          {t('payments.history')}
        </h2>
        {history.isPending ? (
          <CardSkeletons count={2} />
        ) : history.isError ? (
          <ErrorView error={history.error} onRetry={() => void history.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState icon="wallet" title={t('payments.empty')} body={t('payments.emptyBody')} action={<Link to="/activities">{t('payments.findActivities')}</Link>} />
        ) : (
          <ul className="payment-list" data-testid="payment-history">
            {items.map((entry) => (
              <PaymentLine key={`${entry.kind}-${entry.paymentId}`} entry={entry} />
            ))}
          </ul>
        )}
        <LoadMore hasMore={history.hasNextPage} loading={history.isFetchingNextPage} onLoad={() => void history.fetchNextPage()} />
      </section>
    </div>
  );
}

function MethodCard({ method }: { method: PaymentMethod }) {
  const { t } = useTranslation();
  return (
    <section className="card card--padded payment-method" aria-labelledby="payment-method" data-testid="payment-method">
      <h2 className="card__title" id="payment-method">
        {t('payments.method')}
      </h2>
      <div className="payment-method__row">
        <span className="payment-method__icon" aria-hidden="true">
          <Icon name="wallet" size={24} />
        </span>
        <div>
          <p className="payment-method__name">
            {method.simulated ? t('payments.wallet') : method.provider} {method.simulated ? <span className="badge badge--warning">{t('payments.demo')}</span> : null}
          </p>
          {method.simulated ? <p className="small muted">{t('payments.walletExplain')}</p> : null}
        </div>
      </div>
    </section>
  );
}

function TotalsCard({ totals }: { totals: PaymentTotal[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <section className="card card--padded" aria-labelledby="payment-totals" data-testid="payment-totals">
      <h2 className="card__title" id="payment-totals">
        {t('payments.totals')}
      </h2>
      {totals.length === 0 ? (
        <p className="muted small">{t('payments.noTotals')}</p>
      ) : (
        <ul className="payment-totals">
          {totals.map((total) => (
            <li key={total.currency} className="payment-totals__currency" data-testid={`payment-total-${total.currency}`}>
              <dl>
                <div>
                  <dt>{t('payments.net')}</dt>
                  <dd className="payment-totals__net" data-testid="payment-net">
                    {f.money(total.net, total.currency)}
                  </dd>
                </div>
                <div>
                  <dt>{t('payments.paid')}</dt>
                  <dd data-testid="payment-paid">{f.money(total.paid, total.currency)}</dd>
                </div>
                <div>
                  <dt>{t('payments.refunded')}</dt>
                  <dd data-testid="payment-refunded">{f.money(total.refunded, total.currency)}</dd>
                </div>
                {total.pending > 0 ? (
                  <div>
                    <dt>{t('payments.pendingTotal')}</dt>
                    <dd>{f.money(total.pending, total.currency)}</dd>
                  </div>
                ) : null}
              </dl>
            </li>
          ))}
        </ul>
      )}
      <p className="small muted">{t('payments.noBalance')}</p>
    </section>
  );
}

export function StatusBadge({ status }: { status: PaymentState }) {
  const { t } = useTranslation();
  return (
    <span className={`badge payment-status payment-status--${status}`} data-testid="payment-status">
      {t(`payments.status.${status}`)}
    </span>
  );
}

function PaymentLine({ entry }: { entry: PaymentEntry }) {
  const { t } = useTranslation();
  const f = useFormat();
  const refund = entry.kind === 'refund';
  return (
    <li className={`payment-line payment-line--${entry.kind}`} data-testid="payment-line" data-kind={entry.kind}>
      <span className="payment-line__icon" aria-hidden="true">
        <Icon name={refund ? 'receipt' : 'wallet'} size={20} />
      </span>
      <div className="payment-line__main">
        <p className="payment-line__title">
          {entry.activity ? <Link to={`/activities/${entry.activity.id}`}>{entry.activity.title}</Link> : <span className="muted">{t('payments.hiddenActivity')}</span>}
        </p>
        <p className="small muted">
          {refund ? t('payments.refund') : t('payments.charge')} · <time dateTime={entry.at}>{f.dateTime(entry.at)}</time>
        </p>
        <p className="payment-line__meta">
          {refund ? null : <StatusBadge status={entry.status} />}
          <Link to={`/payments/${entry.paymentId}/receipt`} className="small" data-testid="receipt-link">
            {t('payments.receiptLink', { number: entry.receiptNumber })}
          </Link>
        </p>
      </div>
      <span className={`payment-line__amount${refund ? ' payment-line__amount--refund' : ''}`} data-testid="payment-amount">
        {refund ? '+' : ''}
        {f.money(entry.amount, entry.currency)}
      </span>
    </li>
  );
}

/** A payment's receipt, printable. */
export function ReceiptPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const params = useParams();
  const raw = Number(params.id);
  const id = Number.isInteger(raw) && raw > 0 ? raw : null;
  const receipt = useReceipt(id);
  useDocumentTitle(receipt.data ? t('payments.receiptTitle', { number: receipt.data.receiptNumber }) : t('payments.receipt'));
  const back = (
    <Link to="/me/payments" className="back-link">
      <Icon name="back" size={18} /> {t('payments.title')}
    </Link>
  );
  if (id === null) {
    return (
      <div className="page page--narrow">
        {back}
        <EmptyState icon="receipt" title={t('payments.noReceipt')} />
      </div>
    );
  }
  if (receipt.isPending) return <div className="page page--narrow"><CardSkeletons count={1} /></div>;
  if (receipt.isError) {
    return (
      <div className="page page--narrow">
        {back}
        <ErrorView error={receipt.error} />
      </div>
    );
  }
  const r = receipt.data;
  const net = r.amount - r.refundedAmount;
  return (
    <div className="page page--narrow receipt-page">
      <header className="page-header no-print">{back}</header>
      <article className="card card--padded receipt" aria-labelledby="receipt-title" data-testid="receipt">
        <header className="receipt__head">
          <h1 id="receipt-title">{t('payments.receipt')}</h1>
          <StatusBadge status={r.status} />
        </header>
        <p className="receipt__number" data-testid="receipt-number">
          {r.receiptNumber}
        </p>
        <dl className="receipt__facts">
          <div>
            <dt>{t('payments.date')}</dt>
            <dd>
              <time dateTime={r.issuedAt}>{f.dateTime(r.issuedAt)}</time>
            </dd>
          </div>
          <div>
            <dt>{t('payments.payer')}</dt>
            <dd>
              {r.payer.displayName} <span className="muted">@{r.payer.username}</span>
            </dd>
          </div>
          <div>
            <dt>{t('payments.activity')}</dt>
            <dd data-testid="receipt-activity">
              {r.activity ? (
                <>
                  <Link to={`/activities/${r.activity.id}`}>{r.activity.title}</Link>
                  <br />
                  <span className="small muted">{instantIn(r.activity.startsAt, r.activity.timeZone, f.lang)}</span>
                </>
              ) : (
                <span className="muted">{t('payments.hiddenActivity')}</span>
              )}
            </dd>
          </div>
          {r.organizer ? (
            <div>
              <dt>{t('payments.organizer')}</dt>
              <dd>
                <Link to={`/u/${r.organizer.username}`}>{r.organizer.displayName}</Link>
              </dd>
            </div>
          ) : null}
          <div>
            <dt>{t('payments.method')}</dt>
            <dd>
              {r.method.simulated ? t('payments.wallet') : r.method.provider}
              {r.method.simulated ? <span className="small muted"> — {t('payments.demoShort')}</span> : null}
            </dd>
          </div>
        </dl>
        <table className="receipt__amounts">
          <tbody>
            <tr>
              <th scope="row">{t('payments.amount')}</th>
              <td data-testid="receipt-amount">{f.money(r.amount, r.currency)}</td>
            </tr>
            {r.refunds.map((refund) => (
              <tr key={refund.at} data-testid="receipt-refund">
                <th scope="row">
                  {t('payments.refundOn', { date: f.dateTime(refund.at) })}
                </th>
                <td>−{f.money(refund.amount, r.currency)}</td>
              </tr>
            ))}
            <tr className="receipt__total">
              <th scope="row">{t('payments.netPaid')}</th>
              <td data-testid="receipt-net">{f.money(r.status === 'failed' || r.status === 'pending' ? 0 : net, r.currency)}</td>
            </tr>
          </tbody>
        </table>
        {r.method.simulated ? <p className="small muted">{t('payments.walletExplain')}</p> : null}
      </article>
      <div className="form__actions no-print">
        <button type="button" className="btn btn--secondary" onClick={() => window.print()} data-testid="print-receipt">
          <Icon name="receipt" size={18} /> {t('payments.print')}
        </button>
      </div>
    </div>
  );
}
