/**
 * The 5-minute rules: the only rules that read the user's raw metrics. Each indicator becomes two
 * recorded rates (bad and total events per second) and their ratio.
 */
import { onePerGroup, sloSeries, sumBy } from './promql-builder';
import { RecordingRule } from './rule';
import { BaseRateExpressions } from '../indicators/indicator-kind';
import { kindOf } from '../indicators/registry';
import { BASE_WINDOW_SECONDS } from '../model/alerting-policy';
import { Indicator } from '../model/indicator';
import { ERRORS_RATE_5M, errorRatioMetric, TOTAL_RATE_5M } from '../model/naming';
import { SloDefinition } from '../model/slo-definition';

/** The three 5-minute recording rules of an SLO: total rate, error rate, error ratio. */
export function baseRateRules(definition: SloDefinition, labels: Record<string, string>): RecordingRule[] {
  const { service, name, indicator } = definition;
  const grouping = indicator.grouping;
  const recordedTotal = sloSeries(TOTAL_RATE_5M, service, name);
  const recordedErrors = sloSeries(ERRORS_RATE_5M, service, name);
  const expressions = baseRateExpressions(indicator, onePerGroup(grouping, recordedTotal));
  return [
    { record: TOTAL_RATE_5M, expr: expressions.total, labels },
    { record: ERRORS_RATE_5M, expr: expressions.errors, labels },
    {
      record: errorRatioMetric(BASE_WINDOW_SECONDS),
      expr: `${sumBy(grouping, recordedErrors)}\n/\n${sumBy(grouping, recordedTotal)}`,
      labels,
    },
  ];
}

/**
 * The rate expressions of an indicator, from its kind's module. The error rate reads the just-recorded
 * total where it can (rules of a group run in order at one timestamp), so each raw series is read once.
 */
export function baseRateExpressions(indicator: Indicator, recordedTotal: string): BaseRateExpressions {
  return kindOf(indicator).rates(indicator, recordedTotal);
}
