/**
 * Error-budget policies as data: what the organisation does as the budget runs low (review, freeze), and
 * an early warning when the budget will run out at the current error rate.
 */
import { formatPromDuration, SECONDS_PER_DAY, SECONDS_PER_MINUTE } from './duration';
import { validateLabels, validateLabelValue } from './labels';
import { BudgetPolicyStepDefinition } from './service-tier';
import { textIssues } from './text';
import { error, ValidationIssue } from './validation-issue';

export const DEFAULT_BUDGET_POLICY_ALERT_NAME = 'SloErrorBudgetPolicy';
export const DEFAULT_FORECAST_ALERT_NAME = 'SloErrorBudgetExhaustionForecast';
export const DEFAULT_BUDGET_POLICY_SEVERITY = 'warning';

/** When the budget will run out at the recent error rate. */
export interface BudgetForecast {
  /** The error rate of this trailing window is assumed to continue; a recorded window. */
  readonly lookbackSeconds: number;
  /** Alert when the remaining budget lasts less than this. */
  readonly horizonSeconds: number;
}

/** A resolved error-budget policy for one SLO. */
export interface BudgetPolicy {
  /** The steps, in any order; only the strictest step whose threshold is crossed fires. */
  readonly steps: readonly BudgetPolicyStepDefinition[];
  /** The exhaustion forecast, or undefined for none. */
  readonly forecast?: BudgetForecast;
  readonly alertName: string;
  readonly forecastAlertName: string;
  /** The `severity` label of policy and forecast alerts. */
  readonly severity: string;
  /** Extra labels on the policy's alerts, e.g. the routing label. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The default forecast for an SLO window: the error rate of the last day (a quarter of the window when
 * that is shorter) continues, and the alert fires when the budget left lasts less than a quarter of the
 * SLO window (7.5 days of a 30-day window) — time enough to act before a freeze.
 */
export function defaultBudgetForecast(sloWindowSeconds: number): BudgetForecast {
  const quarter = Math.floor(sloWindowSeconds / 4 / SECONDS_PER_MINUTE) * SECONDS_PER_MINUTE;
  return {
    lookbackSeconds: Math.max(5 * SECONDS_PER_MINUTE, Math.min(SECONDS_PER_DAY, quarter)),
    horizonSeconds: quarter,
  };
}

/** Steps sorted from the loosest threshold to the strictest. */
export function stepsLoosestFirst(steps: readonly BudgetPolicyStepDefinition[]): BudgetPolicyStepDefinition[] {
  return [...steps].sort((a, b) => b.remainingBelow - a.remainingBelow);
}

const ACTION = /^[a-z][a-z0-9_-]*$/;
const ALERT_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Problems with a policy, given the SLO window it serves. */
export function validateBudgetPolicy(policy: BudgetPolicy, sloWindowSeconds: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const field = 'budgetPolicy';
  if (policy.steps.length === 0 && !policy.forecast) {
    issues.push(error(`${field}.steps`, 'a policy needs at least one step or the forecast; disable the policy instead'));
  }
  const actions = new Set<string>();
  const thresholds = new Set<number>();
  policy.steps.forEach((step, index) => {
    const stepField = `${field}.steps[${index}]`;
    if (typeof step.action !== 'string' || !ACTION.test(step.action)) {
      issues.push(error(`${stepField}.action`, `"${step.action}" must be a lowercase word such as "review" or "freeze" (a-z, 0-9, "-", "_")`));
    } else if (actions.has(step.action)) {
      issues.push(error(`${stepField}.action`, `the action "${step.action}" appears twice`));
    }
    actions.add(step.action);
    if (typeof step.remainingBelow !== 'number' || !Number.isFinite(step.remainingBelow) || step.remainingBelow > 1 || step.remainingBelow < -1) {
      issues.push(error(`${stepField}.remainingBelow`, `must be a fraction of the budget between -1 and 1 (0.25 = a quarter left, 0 = overspent), got ${step.remainingBelow}`));
    } else if (thresholds.has(step.remainingBelow)) {
      issues.push(error(`${stepField}.remainingBelow`, `another step already acts below ${step.remainingBelow}; one of them could never fire`));
    }
    thresholds.add(step.remainingBelow);
    if (step.description !== undefined) {
      issues.push(...textIssues(`${stepField}.description`, step.description, false));
    }
  });
  for (const [name, value] of [['alertName', policy.alertName], ['forecastAlertName', policy.forecastAlertName]]) {
    if (!ALERT_NAME.test(value)) {
      issues.push(error(`${field}.${name}`, `"${value}" is not a valid alert name: use letters, digits and underscores`));
    }
  }
  if (policy.severity === '') {
    issues.push(error(`${field}.severity`, 'must be a non-empty label value such as "warning"'));
  } else {
    issues.push(...validateLabelValue(`${field}.severity`, policy.severity));
  }
  issues.push(...validateLabels(`${field}.labels`, policy.labels));
  if (policy.forecast) {
    const { lookbackSeconds, horizonSeconds } = policy.forecast;
    if (!Number.isInteger(lookbackSeconds) || lookbackSeconds % SECONDS_PER_MINUTE !== 0 || lookbackSeconds < 5 * SECONDS_PER_MINUTE) {
      issues.push(error(`${field}.forecastLookback`, `must be a whole number of minutes, at least 5m, got ${lookbackSeconds} seconds`));
    } else if (lookbackSeconds > sloWindowSeconds) {
      issues.push(error(`${field}.forecastLookback`, `${formatPromDuration(lookbackSeconds)} is longer than the SLO window`));
    }
    if (!Number.isInteger(horizonSeconds) || horizonSeconds <= 0) {
      issues.push(error(`${field}.forecastHorizon`, `must be a positive whole number of seconds, got ${horizonSeconds}`));
    }
  }
  return issues;
}
