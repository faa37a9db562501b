/**
 * Multiwindow, multi-burn-rate alerts: one alert rule per window pair, firing while the error ratio is
 * above the pair's threshold over both its long and its short window.
 */
import { identityLabels, onePerGroup, onLabels, sloSeries } from './promql-builder';
import { AlertingRule } from './rule';
import { windowRateSum } from './window-rules';
import { escapeGoTemplate } from '../model/alert-templates';
import { burnRateFactor, burnRateThreshold, BurnRateWindowPair } from '../model/burn-rate';
import { formatDecimal, formatPercent } from '../model/decimal';
import { formatPromDuration } from '../model/duration';
import {
  errorRatioMetric, LONG_WINDOW_LABEL, SEVERITY_LABEL, SHORT_WINDOW_LABEL,
  TOTAL_RATE_5M,
} from '../model/naming';
import { errorBudget } from '../model/objective';
import { SloDefinition } from '../model/slo-definition';

/** An alert rule with the window pair it watches. */
export interface BurnRateAlert {
  readonly pair: BurnRateWindowPair;
  readonly rule: AlertingRule;
}

/**
 * The alert rules of an SLO, one per window pair, in the policy's order. `fastGroupIntervalSeconds` is
 * the evaluation interval of the group that records the 5-minute rates; the minimum-events guard needs
 * it to turn a sum of rate samples into a count of events.
 */
export function burnRateAlerts(
  definition: SloDefinition,
  seriesLabels: Record<string, string>,
  fastGroupIntervalSeconds: number,
): BurnRateAlert[] {
  const policy = definition.alerting;
  if (!policy.enabled) {
    return [];
  }
  return policy.pairs.map((pair) => ({ pair, rule: burnRateAlertRule(definition, pair, seriesLabels, fastGroupIntervalSeconds) }));
}

function burnRateAlertRule(
  definition: SloDefinition,
  pair: BurnRateWindowPair,
  seriesLabels: Record<string, string>,
  fastGroupIntervalSeconds: number,
): AlertingRule {
  const { service, name, objective, alerting: policy } = definition;
  const grouping = definition.indicator.grouping;
  const identity = identityLabels(grouping);
  const threshold = formatDecimal(burnRateThreshold(pair, objective));
  const long = formatPromDuration(pair.longSeconds);
  const short = formatPromDuration(pair.shortSeconds);

  const conditions = [
    `${onePerGroup(identity, sloSeries(errorRatioMetric(pair.longSeconds), service, name))} > ${threshold}`,
    `${onePerGroup(identity, sloSeries(errorRatioMetric(pair.shortSeconds), service, name))} > ${threshold}`,
  ];
  if (policy.minimumEvents !== undefined && policy.minimumEvents > 0) {
    // Events in the long window ≈ sum of the 5-minute rate samples × the interval between samples.
    // (Prometheus 2 ranges include both ends, one extra sample: a 1/60 overcount per hour, harmless here.)
    const events = `${windowRateSum(definition, TOTAL_RATE_5M, pair.longSeconds, identity)} * ${fastGroupIntervalSeconds}`;
    conditions.push(`${events} >= ${formatDecimal(policy.minimumEvents)}`);
  }
  const expr = conditions.join(`\nand ${onLabels(identity)}\n`);

  return {
    alert: policy.alertName,
    expr,
    ...((pair.forSeconds ?? policy.forSeconds) ? { for: formatPromDuration((pair.forSeconds ?? policy.forSeconds)!) } : {}),
    labels: {
      ...seriesLabels,
      ...policy.labels,
      ...(pair.labels ?? {}),
      [SEVERITY_LABEL]: pair.severity,
      [LONG_WINDOW_LABEL]: long,
      [SHORT_WINDOW_LABEL]: short,
    },
    annotations: alertAnnotations(definition, pair, long, short),
  };
}

function alertAnnotations(definition: SloDefinition, pair: BurnRateWindowPair, long: string, short: string): Record<string, string> {
  const { objective, alerting: policy } = definition;
  const slo = escapeGoTemplate(`${definition.service} ${definition.name}`);
  const factor = formatDecimal(burnRateFactor(pair, objective.windowSeconds));
  const threshold = formatPercent(burnRateThreshold(pair, objective));
  const annotations: Record<string, string> = {
    summary: policy.summary ?? `${slo} SLO is burning its error budget ${factor}x faster than sustainable`,
    description: policy.description ?? [
      `The error ratio of ${slo} is {{ $value | humanizePercentage }} over the last ${long}`,
      `and above ${threshold} over the last ${short} as well: ${factor}x the error budget of ${formatPercent(errorBudget(objective))}`,
      `(target ${formatPercent(objective.target)} ${objective.calendar ? `per calendar ${objective.calendar.unit}` : `over ${formatPromDuration(objective.windowSeconds)}`}).`,
      `At this rate ${formatPercent(pair.budgetConsumed)} of the budget is spent in ${long}.`,
    ].join(' '),
  };
  if (definition.description !== undefined) annotations.slo_description = escapeGoTemplate(definition.description);
  if (policy.runbookUrl !== undefined) annotations.runbook_url = escapeGoTemplate(policy.runbookUrl);
  if (policy.dashboardUrl !== undefined) annotations.dashboard_url = escapeGoTemplate(policy.dashboardUrl);
  return { ...annotations, ...policy.annotations };
}
