import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from '../../lib/translation';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { normalizeLanguage } from '../../i18n';
import { dateTimeFormat, numberFormat } from '../../lib/intl';
import './charts.css';

/** A series' colour, one of the app's theme colours (see charts.css for the legend's swatches). */
export type ChartTone = 'primary' | 'secondary' | 'tertiary';

const toneVariable: Record<ChartTone, string> = { primary: '--brand', secondary: '--rose', tertiary: '--focus' };
const toneFallback: Record<ChartTone, string> = { primary: '#0f766e', secondary: '#e11d48', tertiary: '#2563eb' };

export interface ChartSeries {
  label: string;
  /** One value per day of `days`; null where there is nothing to show. */
  values: readonly (number | null)[];
  tone: ChartTone;
  /** Dashed, so the series can be told apart without its colour. */
  dashed?: boolean;
  /** Drawn as bars (a chart with a single count per day). */
  bars?: boolean;
  /** On a second axis at the right, for a unit other than counts (hours). */
  rightAxis?: boolean;
  format: (value: number) => string;
}

const DAY = 86_400;
// Whole days, weeks and months only: a day's figure is never split across ticks.
const timeIncrs = [DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 60 * DAY, 90 * DAY, 180 * DAY, 365 * DAY];
const countIncrs = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 2500, 5e3, 1e4, 2e4, 25e3, 5e4, 1e5, 2e5, 5e5, 1e6];
const hourIncrs = [0.5, 1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720];

/** Each chart on the page shows the same day under the cursor. */
const SYNC_KEY = 'kindred-charts';

function cssVariable(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

/** A hex theme colour at an opacity, for bar fills; other colour syntaxes are used as they are. */
function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color)?.[1];
  if (!hex) return color;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** Seconds since the epoch of a UTC day (YYYY-MM-DD), as uPlot's time scale counts. */
function daySeconds(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 1000;
}

function formatDay(day: string, format: Intl.DateTimeFormat): string {
  return format.format(new Date(`${day}T00:00:00Z`));
}

function maxOf(values: readonly (number | null)[]): { value: number; index: number } | null {
  let best: { value: number; index: number } | null = null;
  values.forEach((v, index) => {
    if (v !== null && (best === null || v > best.value)) best = { value: v, index };
  });
  return best;
}

function lastIndexWithValue(values: readonly (number | null)[]): number {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return i;
  return -1;
}

/**
 * A chart of daily figures (uPlot, on a canvas): a title, a legend that reads out the day under the
 * cursor (the last day otherwise), date and value axes, and its width follows its container. For
 * assistive technology the canvas is an image named by a summary, and the figures are in a table.
 */
export function TimeSeriesChart({ title, days, series, level = 3, testId }: {
  title: string;
  days: readonly string[];
  series: readonly ChartSeries[];
  /** The title's heading level, under the page's own headings. */
  level?: 2 | 3 | 4;
  testId?: string;
}) {
  const Heading = `h${level}` as const;
  const { t, i18n } = useTranslation();
  const lang = normalizeLanguage(i18n.resolvedLanguage ?? i18n.language);
  const titleId = useId();
  const plotRef = useRef<HTMLDivElement>(null);
  const [cursorIdx, setCursorIdx] = useState<number | null>(null);

  const dayFormat = useMemo(() => dateTimeFormat(lang, { month: 'short', day: 'numeric', timeZone: 'UTC' }), [lang]);
  const longDayFormat = useMemo(() => dateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }), [lang]);
  const readoutDayFormat = useMemo(() => dateTimeFormat(lang, { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' }), [lang]);

  useEffect(() => {
    const el = plotRef.current;
    if (!el || days.length === 0) return;
    const root = getComputedStyle(document.documentElement);
    const font = `12px ${getComputedStyle(document.body).fontFamily}`;
    const ink = cssVariable(root, '--muted', '#675f57');
    const grid = cssVariable(root, '--border', '#e6e0d6');
    const monthFormat = dateTimeFormat(lang, { month: 'short', timeZone: 'UTC' });
    const monthYearFormat = dateTimeFormat(lang, { year: 'numeric', month: 'short', timeZone: 'UTC' });
    const shortDay = dateTimeFormat(lang, { month: 'short', day: 'numeric', timeZone: 'UTC' });
    const compact = numberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 });
    const hasBars = series.some((s) => s.bars);
    const right = series.find((s) => s.rightAxis);
    const barPaths = uPlot.paths.bars?.({ size: [0.7, 28], align: 0 });

    const sizeFor = (width: number) => ({ width, height: width < 480 ? 190 : 230 });
    const axisBase = { stroke: ink, font, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1, size: 4 } };
    const options: uPlot.Options = {
      ...sizeFor(Math.max(el.clientWidth, 200)),
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'UTC'),
      legend: { show: false },
      cursor: {
        y: false,
        drag: { x: false, y: false, setScale: false },
        points: { size: 8, width: 2 },
        sync: { key: SYNC_KEY },
      },
      scales: {
        // Bars are centred on their day: half a day either side keeps the first and last whole.
        x: { time: true, ...(hasBars ? { range: (_u, min, max) => [min - DAY / 2, max + DAY / 2] } : {}) },
        y: { range: (_u, _min, max) => [0, max > 0 ? (uPlot.rangeNum(0, max, 0.1, true)[1] ?? max) : 1] },
        ...(right ? { right: { range: (_u, _min, max) => [0, max > 0 ? (uPlot.rangeNum(0, max, 0.1, true)[1] ?? max) : 1] } } : {}),
      },
      axes: [
        {
          ...axisBase,
          space: 64,
          incrs: timeIncrs,
          grid: { show: false },
          // Days, or months once ticks are a month apart (with the year on the first and on each January).
          values: (_u, splits, _axis, _space, incr) =>
            splits.map((s, i) => {
              const date = new Date(s * 1000);
              if (incr < 30 * DAY) return shortDay.format(date);
              return (i === 0 || date.getUTCMonth() === 0 ? monthYearFormat : monthFormat).format(date);
            }),
        },
        { ...axisBase, scale: 'y', size: 44, space: 32, incrs: countIncrs, values: (_u, splits) => splits.map((v) => compact.format(v)) },
        ...(right ? [{ ...axisBase, scale: 'right', side: 1 as const, size: 60, space: 32, incrs: hourIncrs, grid: { show: false }, values: (_u: uPlot, splits: number[]) => splits.map((v) => right.format(v)) }] : []),
      ],
      series: [
        {},
        ...series.map((s): uPlot.Series => {
          const color = cssVariable(root, toneVariable[s.tone], toneFallback[s.tone]);
          return {
            label: s.label,
            scale: s.rightAxis ? 'right' : 'y',
            stroke: color,
            width: s.bars ? 1 : 2,
            ...(s.dashed ? { dash: [6, 4] } : {}),
            ...(s.bars ? { fill: withAlpha(color, 0.55), ...(barPaths ? { paths: barPaths } : {}), points: { show: false } } : {}),
            // A figure between two days without one would otherwise not be drawn at all.
            ...(s.rightAxis ? { points: { show: true, size: 5, fill: color } } : {}),
            spanGaps: false,
          };
        }),
      ],
      hooks: { setLegend: [(u) => setCursorIdx(u.cursor.idx ?? null)] },
    };
    const data: uPlot.AlignedData = [days.map(daySeconds), ...series.map((s) => [...s.values])];
    const chart = new uPlot(options, data, el);

    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const width = el.clientWidth;
        if (width > 0 && width !== chart.width) chart.setSize(sizeFor(width));
      });
    });
    observer.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      chart.destroy();
      setCursorIdx(null);
    };
  }, [days, series, lang]);

  const latest = Math.max(...series.map((s) => lastIndexWithValue(s.values)));
  const shownIdx = cursorIdx ?? (latest >= 0 ? latest : days.length - 1);
  const shownDay = days[shownIdx];
  const noValue = t('console.health.chart.noValue');

  const summary = useMemo(() => {
    const parts = series.map((s) => {
      const max = maxOf(s.values);
      const last = s.values[lastIndexWithValue(s.values)];
      if (!max || last === undefined || last === null) return t('console.health.chart.seriesEmpty', { label: s.label });
      return t('console.health.chart.seriesSummary', { label: s.label, max: s.format(max.value), date: formatDay(days[max.index] ?? '', dayFormat), latest: s.format(last) });
    });
    return t('console.health.chart.summary', {
      title,
      from: days[0] ? formatDay(days[0], longDayFormat) : '',
      to: days.at(-1) ? formatDay(days.at(-1)!, longDayFormat) : '',
      series: parts.join(t('console.health.chart.separator')),
    });
  }, [series, days, title, dayFormat, longDayFormat, t]);

  return (
    <figure className="chart card" aria-labelledby={titleId} data-testid={testId}>
      <div className="chart__head">
        <Heading id={titleId} className="chart__title">
          {title}
        </Heading>
        <p className="chart__day small muted" data-testid="chart-day">
          {shownDay ? formatDay(shownDay, readoutDayFormat) : null}
          {shownDay && cursorIdx === null ? ` · ${t('console.health.chart.latest')}` : null}
        </p>
      </div>
      <ul className="chart__legend" data-testid="chart-legend">
        {series.map((s) => {
          const value = s.values[shownIdx];
          return (
            <li key={s.label} className="chart__legend-item">
              <span className={`chart__swatch chart__swatch--${s.tone}${s.dashed ? ' chart__swatch--dashed' : ''}${s.bars ? ' chart__swatch--bar' : ''}`} aria-hidden="true" />
              <span className="chart__label">{s.label}</span>
              <span className="chart__value">{value === null || value === undefined ? noValue : s.format(value)}</span>
            </li>
          );
        })}
      </ul>
      <div className="chart__plot" ref={plotRef} role="img" aria-label={summary} data-testid="chart-plot" />
      {/* A table sized to its content ignores a width: the wrapper is what keeps it out of sight. */}
      <div className="visually-hidden">
        <table>
          <caption>{t('console.health.chart.table', { title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('console.health.chart.date')}</th>
              {series.map((s) => (
                <th scope="col" key={s.label}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((day, i) => (
              <tr key={day}>
                <th scope="row">{formatDay(day, longDayFormat)}</th>
                {series.map((s) => {
                  const v = s.values[i];
                  return <td key={s.label}>{v === null || v === undefined ? t('console.health.notAvailable') : s.format(v)}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
