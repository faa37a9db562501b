/**
 * Error-budget policy alerts: one alert per policy step, firing while the budget left is in the step's
 * band (only the strictest crossed step fires, so a freeze does not also repeat the review), and an
 * exhaustion forecast. They read the recorded budget series, never raw metrics.
 */
import { identityLabels, onePerGroup, onLabels, sloSeries } from './promql-builder';
import { AlertingRule } from './rule';
import { escapeGoTemplate } from '../model/alert-templates';
import { BudgetPolicy, stepsLoosestFirst } from '../model/budget-policy';
import { CalendarPeriod, currentPeriodPhrase } from '../model/calendar-period';
import { formatDecimal, formatPercent } from '../model/decimal';
import { formatPromDuration } from '../model/duration';
import {
  BUDGET_ACTION_LABEL, errorRatioMetric, PERIOD_BUDGET_BURNDOWN, PERIOD_END_TIMESTAMP, PERIOD_ERROR_BUDGET_REMAINING,
  PERIOD_START_TIMESTAMP, SEVERITY_LABEL, SLO_NAME_LABEL, SLO_SERVICE_LABEL,
} from '../model/naming';
import { errorBudget } from '../model/objective';
import { SloDefinition } from '../model/slo-definition';

/** The alert rules of an SLO's error-budget policy (none without a policy). */
export function budgetPolicyAlerts(definition: SloDefinition, seriesLabels: Record<string, string>): AlertingRule[] {
  const policy = definition.budgetPolicy;
  if (!policy) {
    return [];
  }
  const rules = stepAlerts(definition, policy, seriesLabels);
  if (policy.forecast) {
    rules.push(forecastAlert(definition, policy, seriesLabels));
  }
  return rules;
}

function stepAlerts(definition: SloDefinition, policy: BudgetPolicy, seriesLabels: Record<string, string>): AlertingRule[] {
  const identity = identityLabels(definition.indicator.grouping);
  const remaining = onePerGroup(identity, sloSeries(PERIOD_ERROR_BUDGET_REMAINING, definition.service, definition.name));
  const slo = escapeGoTemplate(`${definition.service} ${definition.name}`);
  const steps = stepsLoosestFirst(policy.steps);
  return steps.map((step, index) => {
    const stricter = steps[index + 1];
    const band = stricter === undefined
      ? `${remaining} < ${formatDecimal(step.remainingBelow)}`
      : `${remaining} < ${formatDecimal(step.remainingBelow)} >= ${formatDecimal(stricter.remainingBelow)}`;
    const what = step.description === undefined ? '' : ` Policy: ${escapeGoTemplate(step.description)}.`;
    return {
      alert: policy.alertName,
      expr: band,
      labels: {
        ...seriesLabels,
        ...policy.labels,
        [SEVERITY_LABEL]: policy.severity,
        [BUDGET_ACTION_LABEL]: step.action,
      },
      annotations: {
        summary: `${slo} SLO has less than ${formatPercent(step.remainingBelow)} of its error budget left: ${step.action}`,
        description: `{{ $value | humanizePercentage }} of the error budget of ${slo} is left ${budgetScope(definition)}, `
          + `below the ${step.action} threshold of ${formatPercent(step.remainingBelow)}.${what}`,
      },
    };
  });
}

/** "over the last 30d", or "in the current calendar month (UTC)". */
function budgetScope(definition: SloDefinition): string {
  const { objective } = definition;
  return objective.calendar ? `in ${currentPeriodPhrase(objective.calendar)}` : `over the last ${formatPromDuration(objective.windowSeconds)}`;
}

/**
 * Fires when, at the error rate of the lookback window, the budget left is spent within the horizon:
 * remaining × window ÷ burn rate < horizon. The value is that time in seconds. It is pessimistic: it
 * ignores the errors that age out of the rolling window meanwhile.
 */
function forecastAlert(definition: SloDefinition, policy: BudgetPolicy, seriesLabels: Record<string, string>): AlertingRule {
  if (definition.objective.calendar) return periodForecastAlert(definition, definition.objective.calendar, policy, seriesLabels);
  const { service, name, objective } = definition;
  const forecast = policy.forecast!;
  const labels = identityLabels(definition.indicator.grouping);
  const identity = onLabels(labels);
  const remaining = onePerGroup(labels, sloSeries(PERIOD_ERROR_BUDGET_REMAINING, service, name));
  const recentRatio = onePerGroup(labels, sloSeries(errorRatioMetric(forecast.lookbackSeconds), service, name));
  const budget = formatDecimal(errorBudget(objective));
  const lookback = formatPromDuration(forecast.lookbackSeconds);
  const horizon = formatPromDuration(forecast.horizonSeconds);
  const slo = escapeGoTemplate(`${service} ${name}`);
  return {
    alert: policy.forecastAlertName,
    expr: [
      `${remaining} * ${objective.windowSeconds}`,
      `/ ${identity}`,
      `(${recentRatio} / ${budget})`,
      `< ${forecast.horizonSeconds}`,
      `and ${identity}`,
      `${remaining} > 0`,
    ].join('\n'),
    labels: { ...seriesLabels, ...policy.labels, [SEVERITY_LABEL]: policy.severity },
    annotations: {
      summary: `${slo} SLO will run out of error budget within ${horizon} at the error rate of the last ${lookback}`,
      description: `At the error rate of the last ${lookback}, the error budget of ${slo} left over the last `
        + `${formatPromDuration(objective.windowSeconds)} is spent in {{ $value | humanizeDuration }}, `
        + `sooner than the forecast horizon of ${horizon}.`,
    },
  };
}

/**
 * A calendar SLO's forecast: fires when, at the error rate of the lookback window, the period's budget
 * runs out before the period ends. The period's budget is the budget fraction of all its events, those so
 * far and those still to come at the period's average rate so far; what is left of it is the burn-down
 * B = 1 − consumed × elapsed ÷ length, spent at the lookback's burn rate β in B × length ÷ β. The value
 * is the time it runs out, in Unix seconds, for the alert text.
 */
function periodForecastAlert(
  definition: SloDefinition,
  calendar: CalendarPeriod,
  policy: BudgetPolicy,
  seriesLabels: Record<string, string>,
): AlertingRule {
  const { service, name, objective } = definition;
  const forecast = policy.forecast!;
  const labels = identityLabels(definition.indicator.grouping);
  const slo = [SLO_SERVICE_LABEL, SLO_NAME_LABEL];
  const burndown = onePerGroup(labels, sloSeries(PERIOD_BUDGET_BURNDOWN, service, name));
  const start = onePerGroup(slo, sloSeries(PERIOD_START_TIMESTAMP, service, name));
  const end = onePerGroup(slo, sloSeries(PERIOD_END_TIMESTAMP, service, name));
  const recentRatio = onePerGroup(labels, sloSeries(errorRatioMetric(forecast.lookbackSeconds), service, name));
  const budget = formatDecimal(errorBudget(objective));
  const lookback = formatPromDuration(forecast.lookbackSeconds);
  const period = currentPeriodPhrase(calendar);
  const sloText = escapeGoTemplate(`${service} ${name}`);
  return {
    alert: policy.forecastAlertName,
    expr: [
      'time()',
      `+ ${burndown}`,
      `* ${onLabels(slo)} group_left () (${end} - ${start})`,
      `/ ${onLabels(labels)} (${recentRatio} / ${budget})`,
      `< ${onLabels(slo)} group_left () ${end}`,
      `and ${onLabels(labels)}`,
      `${burndown} > 0`,
    ].join('\n'),
    labels: { ...seriesLabels, ...policy.labels, [SEVERITY_LABEL]: policy.severity },
    annotations: {
      summary: `${sloText} SLO will run out of error budget before ${period} ends, at the error rate of the last ${lookback}`,
      description: `At the error rate of the last ${lookback}, the error budget of ${sloText} for ${period} is spent `
        + 'at {{ $value | humanizeTimestamp }}, before the period ends.',
    },
  };
}
