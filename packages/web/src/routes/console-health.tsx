import { useId, useMemo } from 'react';
import { useTranslation } from '../lib/translation';
import { useSearchParams } from 'react-router-dom';
import { FunnelChart, type FunnelStep } from '../components/charts/funnel-chart';
import { TimeSeriesChart, type ChartSeries } from '../components/charts/time-series-chart';
import { EmptyState, ErrorView, Skeleton } from '../components/feedback';
import { Segmented } from '../components/segmented';
import {
  healthQuery,
  healthRanges,
  isQuietRange,
  parseHealthRange,
  parseHealthScope,
  useCommunityHealth,
  type CommunityHealth,
  type HealthFacet,
  type HealthRange,
} from '../data/health';
import { useTaxonomy } from '../data/taxonomy';
import { useFormat } from '../lib/format';
import { numberFormat } from '../lib/intl';
import './console-health.css';

/** A count written out in full ("13,240"): operators compare these, so no "13K". */
function formatCount(n: number, lang: string): string {
  return numberFormat(lang, { maximumFractionDigits: 0 }).format(n);
}

/** Hours as "3.5 hr" / "3.5小时". */
function formatHours(hours: number, lang: string): string {
  return numberFormat(lang, { style: 'unit', unit: 'hour', unitDisplay: 'short', maximumFractionDigits: 1 }).format(hours);
}

/** The console's Health section: the community's daily figures for a range, for everyone or one city or interest. */
export function ConsoleHealthPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [search, setSearch] = useSearchParams();
  const range = parseHealthRange(search.get('range'));
  const scope = parseHealthScope(search);
  // The same query (and so the same cached answer) for as long as the URL stays.
  const query = useMemo(() => healthQuery(parseHealthRange(search.get('range')), parseHealthScope(search)), [search]);
  const health = useCommunityHealth(query);
  const data = health.data;

  /** Changes the URL's range or filter; the other values stay. */
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setSearch(next, { preventScrollReset: true });
  };

  return (
    <section aria-labelledby="console-health-title" className="health" data-testid="health">
      <div className="health__head">
        <h2 id="console-health-title" className="console__title">
          {t('console.health.title')}
        </h2>
        <p className="muted small">{t('console.health.intro')}</p>
        {data ? (
          <p className="small muted" data-testid="health-updated">
            {data.updatedAt ? (
              <time dateTime={data.updatedAt} title={f.dateTime(data.updatedAt)}>
                {t('console.health.updated', { ago: f.timeAgo(data.updatedAt) })}
              </time>
            ) : (
              t('console.health.notBuilt')
            )}
          </p>
        ) : null}
      </div>

      <div className="card card--padded health-filters" role="group" aria-label={t('console.health.filters')} data-testid="health-filters">
        <div className="health-filters__range">
          <span className="field__label" aria-hidden="true">
            {t('console.health.range')}
          </span>
          <Segmented<`${HealthRange}`>
            size="sm"
            label={t('console.health.range')}
            value={`${range}`}
            onChange={(value) => update({ range: value })}
            options={healthRanges.map((days) => ({ value: `${days}`, label: t(`console.health.ranges.d${days}`), testId: `health-range-${days}` }))}
          />
        </div>
        <FacetSelect
          kind="city"
          value={scope.kind === 'city' ? scope.city : ''}
          facets={data?.cities ?? []}
          onChange={(city) => update({ city, interest: null })}
        />
        <FacetSelect
          kind="interest"
          value={scope.kind === 'interest' ? scope.interest : ''}
          facets={data?.interests ?? []}
          onChange={(interest) => update({ interest, city: null })}
        />
      </div>

      {health.isPending ? (
        <HealthSkeleton />
      ) : health.isError ? (
        <ErrorView error={health.error} onRetry={() => void health.refetch()} />
      ) : (
        <div
          className={`health__body${health.isPlaceholderData ? ' health__body--stale' : ''}`}
          aria-busy={health.isPlaceholderData}
          data-testid="health-body"
          data-from={health.isPlaceholderData ? undefined : health.data.from}
          data-to={health.isPlaceholderData ? undefined : health.data.to}
          data-city={health.isPlaceholderData ? undefined : (health.data.city ?? '')}
          data-interest={health.isPlaceholderData ? undefined : (health.data.interest ?? '')}
        >
          {health.isPlaceholderData ? <p className="visually-hidden" role="status">{t('console.health.refreshing')}</p> : null}
          {health.data.updatedAt === null ? (
            <EmptyState icon="hourglass" title={t('console.health.notBuilt')} body={t('console.health.notBuiltBody')} />
          ) : isQuietRange(health.data) ? (
            <EmptyState icon="gauge" title={t('console.health.empty')} body={t('console.health.emptyBody')} />
          ) : (
            <HealthDashboard health={health.data} />
          )}
        </div>
      )}
    </section>
  );
}

/** A picker of the cities or interests the figures can be narrowed to, with their member counts; "All" first. */
function FacetSelect({ kind, value, facets, onChange }: { kind: 'city' | 'interest'; value: string; facets: readonly HealthFacet[]; onChange: (value: string | null) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { cityLabel, tagLabel } = useTaxonomy();
  const id = useId();
  const label = (key: string) => (kind === 'city' ? (cityLabel(key) ?? key) : tagLabel(key));
  // A value typed into the URL that the community does not have is still shown as chosen.
  const options = value && !facets.some((x) => x.key === value) ? [{ key: value, members: 0 }, ...facets] : facets;
  return (
    <div className="field health-filters__facet">
      <label className="field__label" htmlFor={id}>
        {t(kind === 'city' ? 'console.health.city' : 'console.health.interest')}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value || null)} data-testid={`health-${kind}`}>
        <option value="">{t(kind === 'city' ? 'console.health.allCities' : 'console.health.allInterests')}</option>
        {options.map((facet) => (
          <option key={facet.key} value={facet.key}>
            {t('console.health.facet', { name: label(facet.key), members: f.number(facet.members) })}
          </option>
        ))}
      </select>
    </div>
  );
}

function HealthSkeleton() {
  const { t } = useTranslation();
  return (
    <div className="health__body" role="status" aria-busy="true" data-testid="health-loading">
      <span className="visually-hidden">{t('common.loading')}</span>
      <div className="health-tiles">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="health-tile card">
            <Skeleton width="60%" height={12} />
            <Skeleton width="40%" height={26} />
          </div>
        ))}
      </div>
      <div className="health-charts">
        {Array.from({ length: 2 }, (_, i) => (
          <div key={i} className="card chart">
            <Skeleton width="40%" height={16} />
            <Skeleton width="100%" height={190} />
          </div>
        ))}
      </div>
    </div>
  );
}

/** A number, or a dash (read out as "Not available") when there is none. */
function Figure({ value }: { value: string | null }) {
  const { t } = useTranslation();
  if (value !== null) return <>{value}</>;
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{t('console.health.notAvailable')}</span>
    </>
  );
}

function HealthDashboard({ health }: { health: CommunityHealth }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { lang } = f;
  const hours = (h: number) => formatHours(h, lang);
  const count = (n: number) => formatCount(n, lang);
  const { totals, series, days } = health;

  const tiles: { key: string; label: string; value: string | null; hint?: string }[] = [
    { key: 'signups', label: t('console.health.tiles.signups'), value: count(totals.signups) },
    { key: 'posts', label: t('console.health.tiles.posts'), value: count(totals.posts) },
    { key: 'comments', label: t('console.health.tiles.comments'), value: count(totals.comments) },
    { key: 'activitiesHeld', label: t('console.health.tiles.activitiesHeld'), value: count(totals.activitiesHeld) },
    {
      key: 'showUpRate',
      label: t('console.health.tiles.showUpRate'),
      value: totals.showUpRate === null ? null : f.percent(totals.showUpRate),
      hint:
        totals.showUpRate === null
          ? undefined
          : t('console.health.tiles.showUpHint', { attended: count(totals.attended), marked: count(totals.attended + totals.noShows) }),
    },
    {
      key: 'resolution',
      label: t('console.health.tiles.resolution'),
      value: totals.resolutionHours === null ? null : hours(totals.resolutionHours),
      hint: t('console.health.tiles.resolutionHint', { count: totals.reportsResolved }),
    },
  ];

  const funnel: FunnelStep[] = [
    { key: 'viewed', label: t('console.health.funnel.viewed'), count: totals.views },
    { key: 'registered', label: t('console.health.funnel.registered'), count: totals.registrations },
    { key: 'paid', label: t('console.health.funnel.paid'), count: totals.paid },
    { key: 'attended', label: t('console.health.funnel.attended'), count: totals.attended },
  ];

  // Built once per answer and language: a new array would draw every chart again.
  const charts = useMemo(() => {
    const number = (n: number) => formatCount(n, lang);
    const line = (label: string, values: readonly (number | null)[], tone: ChartSeries['tone'], dashed = false): ChartSeries => ({ label, values, tone, dashed, format: number });
    const bars = (label: string, values: readonly number[]): ChartSeries => ({ ...line(label, values, 'primary'), bars: true });
    const charts: { id: string; title: string; series: ChartSeries[] }[] = [
      {
        id: 'active',
        title: t('console.health.charts.active'),
        series: [line(t('console.health.charts.daily'), series.activeMembers, 'primary'), line(t('console.health.charts.weekly'), series.weeklyActiveMembers, 'secondary', true)],
      },
      { id: 'signups', title: t('console.health.charts.signups'), series: [bars(t('console.health.charts.signups'), series.signups)] },
      {
        id: 'content',
        title: t('console.health.charts.content'),
        series: [line(t('console.health.charts.posts'), series.posts, 'primary'), line(t('console.health.charts.comments'), series.comments, 'secondary', true)],
      },
      {
        id: 'activities',
        title: t('console.health.charts.activities'),
        series: [line(t('console.health.charts.created'), series.activitiesCreated, 'primary'), line(t('console.health.charts.held'), series.activitiesHeld, 'secondary', true)],
      },
      { id: 'registrations', title: t('console.health.charts.registrations'), series: [bars(t('console.health.charts.registrations'), series.registrations)] },
      {
        id: 'reports',
        title: t('console.health.charts.reports'),
        series: [
          line(t('console.health.charts.opened'), series.reportsOpened, 'secondary'),
          line(t('console.health.charts.resolved'), series.reportsResolved, 'primary'),
          { label: t('console.health.charts.resolutionHours'), values: series.resolutionHours, tone: 'tertiary', dashed: true, rightAxis: true, format: (h) => formatHours(h, lang) },
        ],
      },
    ];
    return charts;
  }, [series, t, lang]);

  return (
    <>
      <section aria-labelledby="health-totals-title" className="health__section">
        <h3 id="health-totals-title" className="health__subtitle">
          {t('console.health.totals')}
        </h3>
        <dl className="health-tiles" data-testid="health-tiles">
          {tiles.map((tile) => (
            <div key={tile.key} className="health-tile card" data-testid={`health-tile-${tile.key}`}>
              <dt className="health-tile__label">{tile.label}</dt>
              <dd className="health-tile__value">
                <Figure value={tile.value} />
              </dd>
              {tile.hint ? <dd className="health-tile__hint small muted">{tile.hint}</dd> : null}
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="health-funnel-title" className="health__section card card--padded">
        <h3 id="health-funnel-title" className="health__subtitle">
          {t('console.health.funnel.title')}
        </h3>
        <p className="small muted health__note">{t('console.health.funnel.intro')}</p>
        <FunnelChart steps={funnel} testId="health-funnel" />
      </section>

      <section aria-labelledby="health-trends-title" className="health__section">
        <h3 id="health-trends-title" className="health__subtitle">
          {t('console.health.trends')}
        </h3>
        <div className="health-charts">
          {charts.map((chart) => (
            <TimeSeriesChart key={chart.id} level={4} title={chart.title} days={days} series={chart.series} testId={`health-chart-${chart.id}`} />
          ))}
        </div>
      </section>
    </>
  );
}
