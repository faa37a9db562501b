/**
 * A gauge under a bound, judged once a minute: a minute is bad when the sum of the selected series (per
 * group) is above the maximum, e.g. consumer lag in messages.
 */
import { selectorIssues } from './field-checks';
import { GroupedIndicator, IndicatorKind } from './indicator-kind';
import { timeSlicePieces } from './time-slice-parts';
import { formatDecimal } from '../model/decimal';
import { error, ValidationIssue } from '../model/validation-issue';
import { normalizeSelector, tryNormalizeSelector } from '../promql/selector';
import { aggregate } from '../rules/promql-builder';

/**
 * A gauge under a bound, judged once per evaluation (every minute): a minute is bad when the sum of the
 * selected series (per group) is above `maximum`, e.g. consumer lag in messages.
 */
export interface GaugeThresholdIndicator extends GroupedIndicator {
  readonly kind: 'gaugeThreshold';
  readonly metric: string;
  readonly maximum: number;
}

export const GAUGE_THRESHOLD: IndicatorKind<GaugeThresholdIndicator> = {
  // A group with samples is an event each minute, a bad one while its sum is above the maximum.
  ...timeSlicePieces<GaugeThresholdIndicator>((indicator) => {
    const metric = normalizeSelector(indicator.metric);
    return { present: metric, bad: `${aggregate('sum', indicator.grouping, metric)} > bool ${formatDecimal(indicator.maximum)}` };
  }),

  validate(indicator) {
    const issues: ValidationIssue[] = selectorIssues('indicator.metric', indicator.metric);
    if (typeof indicator.maximum !== 'number' || !Number.isFinite(indicator.maximum)) {
      issues.push(error('indicator.maximum', `must be a finite number, got ${indicator.maximum}`));
    }
    return issues;
  },

  toOpenSlo: (indicator, source) => ({
    timeslices: true,
    threshold: indicator.maximum,
    spec: { thresholdMetric: source(`sum(${normalizeSelector(indicator.metric)})`) },
  }),

  // Any other threshold query: `sum(<gauge selector>)` or a bare selector.
  fromOpenSlo: {
    metric: 'threshold',
    read(queries) {
      // A tiled slice is judged once at its end, which only a query over the slice means: queryThreshold's.
      if (queries.metric !== 'threshold' || (queries.op ?? 'lte') !== 'lte' || queries.timeSliceSeconds !== undefined) return undefined;
      // Other queries are the query-threshold kind's.
      const summed = /^sum\s*\((.*)\)$/s.exec(queries.query);
      const metric = tryNormalizeSelector(summed ? summed[1] : queries.query);
      return metric === undefined ? undefined : { indicator: { kind: 'gaugeThreshold', metric, maximum: queries.value, grouping: [] } };
    },
  },

  toPyrra: null,

  readAnnotation(reader, grouping) {
    return { kind: 'gaugeThreshold', metric: reader.string('metric', true) ?? '', maximum: reader.number('maximum', true) ?? 0, grouping };
  },

  dashboard: { countsRequests: false, latency: null },
};
