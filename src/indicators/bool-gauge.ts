/**
 * A 0/1 gauge such as `probe_success` or `up`: every sample is an event, a 0 sample a bad one. The rate is
 * per second of the 5-minute window, so that it sums like the request rates of the other kinds.
 */
import { pyrraGrouping } from './document-parts';
import { atLeastZero, overWindow } from './event-parts';
import { selectorIssues } from './field-checks';
import { GroupedIndicator, IndicatorKind } from './indicator-kind';
import { BASE_WINDOW_SECONDS } from '../model/alerting-policy';
import { normalizeSelector, tryNormalizeSelector } from '../promql/selector';
import { onLabels, range, sumBy } from '../rules/promql-builder';

/** A 0/1 gauge such as `probe_success` or `up`: each sample is an event, a 0 sample a bad one. */
export interface BoolGaugeIndicator extends GroupedIndicator {
  readonly kind: 'boolGauge';
  readonly metric: string;
}

export const BOOL_GAUGE: IndicatorKind<BoolGaugeIndicator> = {
  validate: (indicator) => selectorIssues('indicator.metric', indicator.metric),

  rates(indicator, recordedTotal) {
    const samples = (fn: string) => sumBy(indicator.grouping, `${fn}(${range(normalizeSelector(indicator.metric), BASE_WINDOW_SECONDS)})`);
    const perSecond = `/ ${BASE_WINDOW_SECONDS}`;
    return {
      total: `${samples('count_over_time')} ${perSecond}`,
      // The recorded total may be from another evaluation (vmalert): clamped like the other differences.
      errors: atLeastZero(`${recordedTotal}\n- ${onLabels(indicator.grouping)}\n(${samples('sum_over_time')} ${perSecond})`),
    };
  },

  events(indicator, window) {
    const samples = (fn: string) => sumBy(indicator.grouping, overWindow(fn, normalizeSelector(indicator.metric), window));
    const total = samples('count_over_time');
    // Both sides read the same 0/1 samples, so the difference cannot go below zero: no clamp.
    return { total, errors: `${total} - ${samples('sum_over_time')}` };
  },

  toOpenSlo(indicator, source) {
    const metric = normalizeSelector(indicator.metric);
    return { timeslices: false, spec: { ratioMetric: { counter: false, good: source(`sum(${metric})`), total: source(`count(${metric})`) } } };
  },

  // good: sum(<gauge>) over total: count(<the same gauge>), as toOpenSlo writes it.
  fromOpenSlo: {
    metric: 'raw',
    read(queries) {
      if (queries.metric === 'threshold') return undefined;
      const good = queries.good !== undefined ? /^sum\s*\((.*)\)$/s.exec(queries.good) : null;
      const total = /^count\s*\((.*)\)$/s.exec(queries.total);
      const metric = good ? tryNormalizeSelector(good[1]) : undefined;
      if (metric === undefined || !total || metric !== tryNormalizeSelector(total[1])) return undefined;
      return { indicator: { kind: 'boolGauge', metric, grouping: [] } };
    },
  },

  toPyrra: (indicator) => ({ boolGauge: { metric: normalizeSelector(indicator.metric), ...pyrraGrouping(indicator.grouping) } }),

  readAnnotation: (reader, grouping) => ({ kind: 'boolGauge', metric: reader.string('metric', true) ?? '', grouping }),

  dashboard: { countsRequests: false, latency: null },
};
