/**
 * The SLO's metadata and error-budget series: objective, budget, burn rates, budget remaining. Recorded
 * series are read one per group (see onePerGroup), so a label change never duplicates them.
 */
import { identityLabels, onePerGroup, sloSeries } from './promql-builder';
import { RecordingRule } from './rule';
import { BASE_WINDOW_SECONDS } from '../model/alerting-policy';
import { formatDecimal } from '../model/decimal';
import {
  CURRENT_BURN_RATE, ERROR_BUDGET_RATIO, errorRatioMetric, OBJECTIVE_RATIO, PERIOD_BURN_RATE,
  PERIOD_ERROR_BUDGET_REMAINING, PERIOD_ERROR_RATIO,
} from '../model/naming';
import { errorBudget } from '../model/objective';
import { SloDefinition } from '../model/slo-definition';

/** The burn rate over the last 5 minutes (1 means the budget lasts exactly the SLO window). */
export function currentBurnRateRule(definition: SloDefinition, labels: Record<string, string>): RecordingRule {
  const identity = identityLabels(definition.indicator.grouping);
  const ratio = onePerGroup(identity, sloSeries(errorRatioMetric(BASE_WINDOW_SECONDS), definition.service, definition.name));
  return { record: CURRENT_BURN_RATE, expr: `${ratio} / ${formatDecimal(errorBudget(definition.objective))}`, labels };
}

/**
 * Objective and error budget as constant series, and the burn and budget remaining over the SLO window:
 * the rolling window, or for a calendar SLO the current period so far.
 */
export function budgetRules(definition: SloDefinition, labels: Record<string, string>): RecordingRule[] {
  const { service, name, objective } = definition;
  const budget = formatDecimal(errorBudget(objective));
  const identity = identityLabels(definition.indicator.grouping);
  const ratioMetric = objective.calendar ? PERIOD_ERROR_RATIO : errorRatioMetric(objective.windowSeconds);
  const periodRatio = onePerGroup(identity, sloSeries(ratioMetric, service, name));
  return [
    { record: OBJECTIVE_RATIO, expr: `vector(${formatDecimal(objective.target)})`, labels },
    { record: ERROR_BUDGET_RATIO, expr: `vector(${budget})`, labels },
    { record: PERIOD_BURN_RATE, expr: `${periodRatio} / ${budget}`, labels },
    { record: PERIOD_ERROR_BUDGET_REMAINING, expr: `1 - ${onePerGroup(identity, sloSeries(PERIOD_BURN_RATE, service, name))}`, labels },
  ];
}
