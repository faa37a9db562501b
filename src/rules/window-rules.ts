/**
 * Error ratios over windows longer than 5 minutes, derived from the recorded 5-minute rates and weighted
 * by events: (sum of error rates) / (sum of total rates) over the window. The cost does not depend on the
 * cardinality of the raw metrics, an idle slice adds nothing rather than NaN, and the result is the true
 * occurrence ratio of the window. Windows of a day or longer sum hourly rollups (see hourly-rollup.ts), so
 * their cost grows with hours, not minutes.
 */
import { hourlyRollupWindowSum, usesHourlyRollup } from './hourly-rollup';
import { range, sloSeries, sumBy } from './promql-builder';
import { RecordingRule } from './rule';
import { ERRORS_RATE_5M, errorRatioMetric, TOTAL_RATE_5M } from '../model/naming';
import { SloDefinition } from '../model/slo-definition';

export function windowRatioRule(definition: SloDefinition, windowSeconds: number, labels: Record<string, string>): RecordingRule {
  return {
    record: errorRatioMetric(windowSeconds),
    expr: [ERRORS_RATE_5M, TOTAL_RATE_5M].map((rate) => windowRateSum(definition, rate, windowSeconds, definition.indicator.grouping)).join('\n/\n'),
    labels,
  };
}

/**
 * The sum of a recorded 5-minute rate's samples over a window, by `by`: the grouping labels, optionally
 * with the SLO's identity labels. Summing by these (not matching on all labels) keeps one series per group
 * even while a window still holds series recorded under an SLO's previous labels.
 */
export function windowRateSum(definition: SloDefinition, rate: string, windowSeconds: number, by: readonly string[]): string {
  if (usesHourlyRollup(windowSeconds)) {
    return hourlyRollupWindowSum(definition, rate, windowSeconds, by);
  }
  return sumBy(by, `sum_over_time(${range(sloSeries(rate, definition.service, definition.name), windowSeconds)})`);
}
