import { useTranslation } from '../../lib/translation';
import { useFormat } from '../../lib/format';
import { numberFormat } from '../../lib/intl';
import './charts.css';

export interface FunnelStep {
  key: string;
  label: string;
  count: number;
}

/**
 * Steps as horizontal bars, each as long as its share of the largest step, with its count and its
 * share of the step before it. An ordered list, so a screen reader hears the same figures in order.
 */
export function FunnelChart({ steps, testId }: { steps: readonly FunnelStep[]; testId?: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const whole = numberFormat(f.lang, { maximumFractionDigits: 0 });
  const largest = Math.max(1, ...steps.map((s) => s.count));
  return (
    <ol className="funnel" data-testid={testId}>
      {steps.map((step, i) => {
        const previous = i > 0 ? steps[i - 1] : undefined;
        const share = previous ? (previous.count > 0 ? f.percent(step.count / previous.count) : null) : undefined;
        return (
          <li key={step.key} className="funnel__step" data-testid="funnel-step" data-step={step.key}>
            <div className="funnel__text">
              <span className="funnel__label">{step.label}</span>
              <span className="funnel__count" data-testid="funnel-count">
                {whole.format(step.count)}
              </span>
              {share === undefined ? null : (
                <span className="funnel__share small muted">
                  {share === null ? t('console.health.funnel.noPrevious') : t('console.health.funnel.ofPrevious', { percent: share })}
                </span>
              )}
            </div>
            <div className="funnel__track" aria-hidden="true">
              <span className="funnel__bar" style={{ width: `${step.count > 0 ? Math.max(1, (step.count / largest) * 100) : 0}%` }} />
            </div>
          </li>
        );
      })}
    </ol>
  );
}
