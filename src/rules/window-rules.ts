/**
 * Error ratios over windows longer than 5 minutes, derived from the recorded 5-minute rates and weighted
 * by events: (sum of error rates) / (sum of total rates) over the window. The cost does not depend on the
 * cardinality of the raw metrics, an idle slice adds nothing rather than NaN, and the result is the true
 * occurrence ratio of the window.
 */
import { range, sloSeries, sumBy } from './promql-builder';
import { RecordingRule } from './rule';
import { ERRORS_RATE_5M, errorRatioMetric, TOTAL_RATE_5M } from '../model/naming';
import { SloDefinition } from '../model/slo-definition';

export function windowRatioRule(definition: SloDefinition, windowSeconds: number, labels: Record<string, string>): RecordingRule {
  const { service, name } = definition;
  const grouping = definition.indicator.grouping;
  // Summing by the grouping labels (not matching on all labels) keeps the ratio one series per group
  // even while a window still holds series recorded under an SLO's previous labels.
  const windowSum = (metric: string) => sumBy(grouping, `sum_over_time(${range(sloSeries(metric, service, name), windowSeconds)})`);
  return {
    record: errorRatioMetric(windowSeconds),
    expr: `${windowSum(ERRORS_RATE_5M)}\n/\n${windowSum(TOTAL_RATE_5M)}`,
    labels,
  };
}
