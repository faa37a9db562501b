/**
 * Freshness, judged once a minute: a minute is bad when the newest timestamp in a gauge of Unix seconds
 * (e.g. the last successful run) is older than the maximum age.
 */
import { positiveSecondsIssues, selectorIssues } from './field-checks';
import { GroupedIndicator, IndicatorKind } from './indicator-kind';
import { timeSlicePieces } from './time-slice-parts';
import { formatDecimal } from '../model/decimal';
import { normalizeSelector } from '../promql/selector';
import { aggregate } from '../rules/promql-builder';

/**
 * Freshness, judged once per evaluation (every minute): a minute is bad when the newest timestamp in
 * `timestamp` (a gauge of Unix seconds, e.g. the last successful run) is older than `maxAgeSeconds`.
 */
export interface FreshnessIndicator extends GroupedIndicator {
  readonly kind: 'freshness';
  /** Selector of a gauge holding a Unix time in seconds, e.g. `job_last_success_unixtime{job="etl"}`. */
  readonly timestamp: string;
  readonly maxAgeSeconds: number;
}

export const FRESHNESS: IndicatorKind<FreshnessIndicator> = {
  // A group with a timestamp is an event each minute, a bad one while the newest timestamp is too old.
  ...timeSlicePieces<FreshnessIndicator>((indicator) => {
    const timestamp = normalizeSelector(indicator.timestamp);
    const newest = aggregate('max', indicator.grouping, timestamp);
    return { present: timestamp, bad: `time() - ${newest} > bool ${formatDecimal(indicator.maxAgeSeconds)}` };
  }),

  validate: (indicator) => [
    ...selectorIssues('indicator.timestampMetric', indicator.timestamp),
    ...positiveSecondsIssues('indicator.maxAge', indicator.maxAgeSeconds),
  ],

  toOpenSlo: (indicator, source) => ({
    timeslices: true,
    threshold: indicator.maxAgeSeconds,
    spec: { thresholdMetric: source(`time() - max(${normalizeSelector(indicator.timestamp)})`) },
  }),

  // A threshold query `time() - max(<timestamp selector>)`, as toOpenSlo writes it.
  fromOpenSlo: {
    metric: 'threshold',
    read(queries, context) {
      // A tiled slice is judged once at its end, which only a query over the slice means: queryThreshold's.
      if (queries.metric !== 'threshold' || (queries.op ?? 'lte') !== 'lte' || queries.timeSliceSeconds !== undefined) return undefined;
      const age = /^time\(\)\s*-\s*max\s*\((.*)\)$/s.exec(queries.query);
      if (!age) return undefined;
      const timestamp = context.selector(age[1], `${queries.at}.thresholdMetric.metricSource.spec.query`);
      return timestamp === undefined ? {} : { indicator: { kind: 'freshness', timestamp, maxAgeSeconds: queries.value, grouping: [] } };
    },
  },

  toPyrra: null,

  readAnnotation(reader, grouping) {
    return {
      kind: 'freshness',
      timestamp: reader.string('timestamp', true) ?? '',
      maxAgeSeconds: reader.number('maxAgeSeconds', true) ?? 0,
      grouping,
    };
  },

  dashboard: { countsRequests: false, latency: null },
};
