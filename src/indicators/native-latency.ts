/**
 * Latency from a native histogram: requests slower than a threshold are bad. The share of good requests
 * is `histogram_fraction(0, threshold, …)`, so the threshold need not be a bucket bound.
 */
import { pyrraGrouping } from './document-parts';
import { overWindow, rate5m } from './event-parts';
import { histogramIssues, latencyPanel, readHistogramThreshold } from './histogram-parts';
import { GroupedIndicator, IndicatorKind } from './indicator-kind';
import { BASE_WINDOW_SECONDS } from '../model/alerting-policy';
import { formatDecimal, roundSignificant } from '../model/decimal';
import { formatPromDuration } from '../model/duration';
import { error } from '../model/validation-issue';
import { normalizeSelector } from '../promql/selector';
import { onLabels, sumBy } from '../rules/promql-builder';

/** Requests slower than a threshold, from a native histogram. */
export interface NativeLatencyIndicator extends GroupedIndicator {
  readonly kind: 'nativeLatency';
  /** The native histogram's name with matchers. */
  readonly histogram: string;
  readonly thresholdSeconds: number;
}

/** The share of bad requests of a native histogram's rate: `1 - histogram_fraction(0, threshold, rate)`. */
function slowFraction(indicator: NativeLatencyIndicator, histogramRate: string): string {
  return `(1 - histogram_fraction(0, ${formatDecimal(indicator.thresholdSeconds)}, ${histogramRate}))`;
}

export const NATIVE_LATENCY: IndicatorKind<NativeLatencyIndicator> = {
  validate: (indicator) => histogramIssues(indicator, false),

  rates(indicator, recordedTotal) {
    const histogramRate = sumBy(indicator.grouping, rate5m(normalizeSelector(indicator.histogram)));
    return {
      total: `histogram_count(${histogramRate})`,
      errors: `${recordedTotal}\n* ${onLabels(indicator.grouping)}\n${slowFraction(indicator, histogramRate)}`,
    };
  },

  events(indicator, window) {
    const histogramRate = sumBy(indicator.grouping, overWindow('rate', normalizeSelector(indicator.histogram), window));
    const total = `histogram_count(${histogramRate})`;
    return { total, errors: `${total} * ${slowFraction(indicator, histogramRate)}` };
  },

  // OpenSLO has no histogram metric: the standalone 5-minute queries, as a ratio of non-counters.
  toOpenSlo(indicator, source) {
    const queries = NATIVE_LATENCY.events({ ...indicator, grouping: [] }, formatPromDuration(BASE_WINDOW_SECONDS));
    return { timeslices: false, spec: { ratioMetric: { counter: false, bad: source(queries.errors), total: source(queries.total) } } };
  },

  fromOpenSlo: null,

  toPyrra(indicator, _options, issues) {
    const millis = roundSignificant(indicator.thresholdSeconds * 1000);
    if (!Number.isInteger(millis)) {
      issues.push(error('indicator.threshold', `Pyrra reads the latency as a Prometheus duration: ${indicator.thresholdSeconds}s is not a whole number of milliseconds`));
      return undefined;
    }
    const latency = Number.isInteger(indicator.thresholdSeconds) ? formatPromDuration(indicator.thresholdSeconds) : `${millis}ms`;
    return { latencyNative: { latency, total: { metric: normalizeSelector(indicator.histogram) }, ...pyrraGrouping(indicator.grouping) } };
  },

  readAnnotation: (reader, grouping) => ({ kind: 'nativeLatency', ...readHistogramThreshold(reader), grouping }),

  dashboard: { countsRequests: true, latency: latencyPanel(false) },
};
