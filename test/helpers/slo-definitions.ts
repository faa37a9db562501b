/**
 * Plain `SloDefinition` data for the rule-generation tests, built directly (not through the cdk8s
 * constructs), so a test states exactly the model the generators see.
 */
import { AlertingPolicy, DEFAULT_BURN_RATE_ALERT_NAME } from '../../src/model/alerting-policy';
import { BudgetPolicy, DEFAULT_BUDGET_POLICY_ALERT_NAME, DEFAULT_FORECAST_ALERT_NAME } from '../../src/model/budget-policy';
import { SRE_WORKBOOK_WINDOW_PAIRS } from '../../src/model/burn-rate';
import { SECONDS_PER_DAY } from '../../src/model/duration';
import { Indicator } from '../../src/model/indicator';
import { SloDefinition } from '../../src/model/slo-definition';

export const MINUTE = 60;
export const HOUR = 3_600;
export const DAY = SECONDS_PER_DAY;

/** The ratio indicator most cases use: 5xx over all requests of job `checkout`. */
export const CHECKOUT_RATIO: Indicator = {
  kind: 'ratio',
  errors: 'http_requests_total{job="checkout",code=~"5.."}',
  total: 'http_requests_total{job="checkout"}',
  grouping: [],
};

/** The SRE-workbook alerting policy: the four workbook pairs, default name, no extras. */
export function workbookAlerting(overrides: Partial<AlertingPolicy> = {}): AlertingPolicy {
  return {
    enabled: true,
    alertName: DEFAULT_BURN_RATE_ALERT_NAME,
    pairs: SRE_WORKBOOK_WINDOW_PAIRS,
    labels: {},
    annotations: {},
    ...overrides,
  };
}

/** A budget policy with the library's default names and severity. */
export function budgetPolicy(overrides: Partial<BudgetPolicy> = {}): BudgetPolicy {
  return {
    steps: [],
    alertName: DEFAULT_BUDGET_POLICY_ALERT_NAME,
    forecastAlertName: DEFAULT_FORECAST_ALERT_NAME,
    severity: 'warning',
    labels: {},
    ...overrides,
  };
}

/** `checkout`/`availability`: 99.9% over 30 days, the checkout ratio, workbook alerting. */
export function definition(overrides: Partial<SloDefinition> = {}): SloDefinition {
  return {
    service: 'checkout',
    name: 'availability',
    objective: { target: 0.999, windowSeconds: 30 * DAY },
    indicator: CHECKOUT_RATIO,
    labels: {},
    alerting: workbookAlerting(),
    ...overrides,
  };
}
