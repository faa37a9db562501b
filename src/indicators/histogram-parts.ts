/** Checks and reading that the two latency kinds (classic and native histograms) share. */
import { positiveSecondsIssues, trySelector } from './field-checks';
import { AnnotationReader, LatencyPanelFacts } from './indicator-kind';
import { formatDecimal } from '../model/decimal';
import { error, ValidationIssue } from '../model/validation-issue';
import { parseVectorSelector, renderVectorSelector } from '../promql/selector';
import { sumBy } from '../rules/promql-builder';

const HISTOGRAM_SUFFIXES = ['_bucket', '_count', '_sum'];

/** The fields of a latency indicator: a histogram by its name, and a threshold in seconds. */
export interface HistogramThreshold {
  readonly histogram: string;
  readonly thresholdSeconds: number;
}

/**
 * Problems with a latency indicator's histogram and threshold. A classic histogram is named by its base
 * name (the library selects `_bucket` and `_count` itself).
 */
export function histogramIssues(indicator: HistogramThreshold, classic: boolean): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const selector = trySelector('indicator.histogram', indicator.histogram, issues);
  if (selector) {
    if (selector.metric === undefined) {
      issues.push(error('indicator.histogram', 'name the histogram by its metric name, e.g. http_request_duration_seconds{job="api"}'));
    } else if (classic && HISTOGRAM_SUFFIXES.some((suffix) => selector.metric!.endsWith(suffix))) {
      issues.push(error('indicator.histogram', `give the histogram's base name without ${HISTOGRAM_SUFFIXES.join('/')}: the library selects _bucket and _count itself`));
    }
    if (selector.matchers.some((m) => m.name === 'le')) {
      issues.push(error('indicator.histogram', 'must not match on `le`: the threshold selects the bucket'));
    }
  }
  issues.push(...positiveSecondsIssues('indicator.threshold', indicator.thresholdSeconds));
  return issues;
}

/** The histogram and threshold fields of a latency annotation. */
export function readHistogramThreshold(reader: AnnotationReader): HistogramThreshold {
  return { histogram: reader.string('histogram', true) ?? '', thresholdSeconds: reader.number('thresholdSeconds', true) ?? 0 };
}

/**
 * The latency panel of a histogram kind: quantiles from the `_bucket` series by `le` for a classic
 * histogram, from the histogram itself for a native one.
 */
export function latencyPanel(classic: boolean): LatencyPanelFacts<HistogramThreshold> {
  return {
    thresholdSeconds: (indicator) => indicator.thresholdSeconds,
    quantile(indicator, quantile, extraMatchers, grouping, rateInterval) {
      const histogram = parseVectorSelector(indicator.histogram);
      const series = renderVectorSelector({ metric: classic ? `${histogram.metric}_bucket` : histogram.metric, matchers: [...histogram.matchers, ...extraMatchers] });
      return `histogram_quantile(${formatDecimal(quantile)}, ${sumBy(classic ? ['le', ...grouping] : grouping, `rate(${series}[${rateInterval}])`)})`;
    },
  };
}
