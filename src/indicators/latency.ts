/**
 * Latency from a classic histogram: requests slower than a threshold are bad. The threshold must be one of
 * the histogram's bucket bounds; good requests are the `_bucket{le="<threshold>"}` series, all requests
 * the `_count` series.
 */
import { pyrraGrouping } from './document-parts';
import { atLeastZero, overWindow, rate5m } from './event-parts';
import { histogramIssues, latencyPanel, readHistogramThreshold } from './histogram-parts';
import { GroupedIndicator, IndicatorKind } from './indicator-kind';
import { formatDecimal } from '../model/decimal';
import { warning } from '../model/validation-issue';
import { LabelMatcher, parseVectorSelector, renderVectorSelector, VectorSelector } from '../promql/selector';
import { onLabels, sumBy } from '../rules/promql-builder';

/** Requests slower than a threshold, from a classic histogram's `_bucket` and `_count` series. */
export interface LatencyIndicator extends GroupedIndicator {
  readonly kind: 'latency';
  /** The histogram's base name with matchers, e.g. `http_request_duration_seconds{job="checkout"}`. */
  readonly histogram: string;
  /** Good requests take at most this many seconds; must be one of the histogram's bucket bounds. */
  readonly thresholdSeconds: number;
}

/**
 * The `le` matcher of the bucket at the threshold. Prometheus 3 may write whole-number bounds as `1.0`
 * where older clients wrote `1`, so whole numbers match both spellings.
 */
export function bucketMatcher(thresholdSeconds: number): LabelMatcher {
  const bound = formatDecimal(thresholdSeconds);
  return Number.isInteger(thresholdSeconds)
    ? { name: 'le', operator: '=~', value: `${bound}(\\.0)?` }
    : { name: 'le', operator: '=', value: bound };
}

/** The bound of an `le` matcher: `le="0.3"`, or the `le=~"1(\.0)?"` that `bucketMatcher` writes for whole numbers. */
function bucketBound(matcher: { operator: string; value: string }): number | undefined {
  if (matcher.operator === '=' && /^\d+(\.\d+)?$/.test(matcher.value)) return Number(matcher.value);
  const whole = /^(\d+)\(\\\.0\)\?$/.exec(matcher.value);
  if (matcher.operator === '=~' && whole) return Number(whole[1]);
  return undefined;
}

/** The `_count` series and the good `_bucket` series of the indicator's histogram. */
function histogramSeries(indicator: LatencyIndicator): { count: string; goodBucket: string } {
  const selector = parseVectorSelector(indicator.histogram);
  return {
    count: renderVectorSelector({ metric: `${selector.metric}_count`, matchers: selector.matchers }),
    goodBucket: renderVectorSelector({
      metric: `${selector.metric}_bucket`,
      matchers: [...selector.matchers, bucketMatcher(indicator.thresholdSeconds)],
    }),
  };
}

/** A latency indicator when `good` is `<h>_bucket{..., le="t"}` and `total` is `<h>_count{...}` with the same matchers. */
function latencyOf(good: string, total: string): LatencyIndicator | undefined {
  const goodSelector = parseVectorSelector(good);
  const totalSelector = parseVectorSelector(total);
  if (!goodSelector.metric?.endsWith('_bucket') || !totalSelector.metric?.endsWith('_count')) return undefined;
  const base = goodSelector.metric.slice(0, -'_bucket'.length);
  if (totalSelector.metric.slice(0, -'_count'.length) !== base) return undefined;
  const le = goodSelector.matchers.filter((m) => m.name === 'le');
  if (le.length !== 1) return undefined;
  const threshold = bucketBound(le[0]);
  if (threshold === undefined) return undefined;
  const rest: VectorSelector = { metric: base, matchers: goodSelector.matchers.filter((m) => m.name !== 'le') };
  if (renderVectorSelector({ metric: base, matchers: totalSelector.matchers }) !== renderVectorSelector(rest)) return undefined;
  return { kind: 'latency', histogram: renderVectorSelector(rest), thresholdSeconds: threshold, grouping: [] };
}

export const LATENCY: IndicatorKind<LatencyIndicator> = {
  validate: (indicator) => histogramIssues(indicator, true),

  rates(indicator, recordedTotal) {
    const { count, goodBucket } = histogramSeries(indicator);
    const grouping = indicator.grouping;
    return {
      total: sumBy(grouping, rate5m(count)),
      errors: atLeastZero(`${recordedTotal}\n- ${onLabels(grouping)}\n${sumBy(grouping, rate5m(goodBucket))}`),
    };
  },

  events(indicator, window) {
    const { count, goodBucket } = histogramSeries(indicator);
    const total = sumBy(indicator.grouping, overWindow('rate', count, window));
    return { total, errors: atLeastZero(`${total} - ${sumBy(indicator.grouping, overWindow('rate', goodBucket, window))}`) };
  },

  toOpenSlo(indicator, source) {
    const { count, goodBucket } = histogramSeries(indicator);
    return { timeslices: false, spec: { ratioMetric: { counter: true, good: source(goodBucket), total: source(count) } } };
  },

  fromOpenSlo: {
    metric: 'counter',
    read(queries) {
      if (queries.metric === 'threshold' || queries.good === undefined) return undefined;
      const indicator = latencyOf(queries.good, queries.total);
      return indicator ? { indicator } : undefined;
    },
  },

  toPyrra(indicator, options, issues) {
    const selector = parseVectorSelector(indicator.histogram);
    let bound = formatDecimal(indicator.thresholdSeconds);
    if (Number.isInteger(indicator.thresholdSeconds)) {
      if (options.prometheus3BucketBounds === undefined) {
        issues.push(warning('indicator.threshold', `Pyrra needs one exact le value: wrote le="${bound}" as Prometheus 2 clients expose it; Prometheus 3 stores le="${bound}.0" (choose with SloDocumentFormat.pyrra({ prometheus3BucketBounds }))`));
      } else if (options.prometheus3BucketBounds) {
        bound = `${bound}.0`;
      }
    }
    return {
      latency: {
        success: { metric: renderVectorSelector({ metric: `${selector.metric}_bucket`, matchers: [...selector.matchers, { name: 'le', operator: '=', value: bound }] }) },
        total: { metric: renderVectorSelector({ metric: `${selector.metric}_count`, matchers: selector.matchers }) },
        ...pyrraGrouping(indicator.grouping),
      },
    };
  },

  readAnnotation: (reader, grouping) => ({ kind: 'latency', ...readHistogramThreshold(reader), grouping }),

  dashboard: { countsRequests: true, latency: latencyPanel(true) },
};
