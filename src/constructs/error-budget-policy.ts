import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { BudgetPolicyStep } from './budget-policy-step';
import { reportIssues } from './internal/construct-validation';
import { durationSeconds } from './internal/duration-conversion';
import { ServiceTier } from './service-tier';
import {
  BudgetForecast, BudgetPolicy, DEFAULT_BUDGET_POLICY_ALERT_NAME, DEFAULT_BUDGET_POLICY_SEVERITY,
  DEFAULT_FORECAST_ALERT_NAME, defaultBudgetForecast,
} from '../model/budget-policy';
import { error } from '../model/validation-issue';

/** What an organisation does as an SLO's error budget runs low. */
export interface ErrorBudgetPolicyOptions {
  /**
   * Whether to generate the policy's alerts.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The tier whose default steps apply when `steps` is not set.
   * @default - ServiceTier.ESSENTIAL's steps: review at 25% left, freeze at 10% left
   */
  readonly tier?: ServiceTier;
  /**
   * The steps. Only the strictest step whose threshold is crossed fires, so a freeze does not also
   * repeat the review.
   * @default - the tier's steps
   */
  readonly steps?: BudgetPolicyStep[];
  /**
   * Whether to alert when, at the error rate of `forecastLookback`, the budget left runs out within
   * `forecastHorizon`; for a calendar window, before the current period ends (the alert says when).
   * @default true
   */
  readonly forecast?: boolean;
  /**
   * The trailing window whose error rate the forecast assumes continues.
   * @default - 1 day, or a quarter of the SLO window when that is shorter
   */
  readonly forecastLookback?: Duration;
  /**
   * The forecast alert fires when the budget left lasts less than this. Not used with a calendar
   * window, whose forecast looks to the end of the period.
   * @default - a quarter of the SLO window (7.5 days for 30 days)
   */
  readonly forecastHorizon?: Duration;
  /**
   * The `severity` label of the policy's alerts.
   * @default "warning"
   */
  readonly severity?: string;
  /**
   * Extra labels on the policy's alerts, e.g. a routing label.
   * @default - none
   */
  readonly labels?: { [name: string]: string };
  /**
   * The alert name of the steps; steps are told apart by their `budget_action` label.
   * @default "SloErrorBudgetPolicy"
   */
  readonly alertName?: string;
  /**
   * The alert name of the forecast.
   * @default "SloErrorBudgetExhaustionForecast"
   */
  readonly forecastAlertName?: string;
}

/**
 * An SLO's error-budget policy as alerts: one per step, labelled `budget_action` (e.g. `review`,
 * `freeze`) with `slo_service` and `slo_name`, firing while the budget left over the SLO window is
 * below the step's threshold; and a forecast alert when the budget will run out soon at the recent error
 * rate. An `Slo` creates one as its `BudgetPolicy` child when given `budgetPolicy`; the alerts go into
 * the SLO's long-window rule group.
 */
export class ErrorBudgetPolicy extends Construct {
  /** Whether the policy's alerts are generated. */
  public readonly enabled: boolean;
  /** The steps in effect. */
  public readonly steps: BudgetPolicyStep[];
  /** Whether the forecast alert is generated. */
  public readonly forecast: boolean;

  private readonly options: ErrorBudgetPolicyOptions;

  public constructor(scope: Construct, id: string, options: ErrorBudgetPolicyOptions = {}) {
    super(scope, id);
    this.options = options;
    this.enabled = options.enabled ?? true;
    // From JavaScript (or a jsii language) `steps` may be something else: report it, do not crash.
    const stepsGiven = options.steps !== undefined && !Array.isArray(options.steps);
    if (stepsGiven) reportIssues(this, () => [error('steps', `must be a list of steps, got ${typeof options.steps}`)]);
    const steps = (stepsGiven ? undefined : options.steps) ?? (options.tier ?? ServiceTier.ESSENTIAL).budgetPolicySteps();
    this.steps = steps.map((step) => ({ ...step }));
    this.forecast = options.forecast ?? true;
  }

  /** @internal The policy for an SLO with this window, or undefined when disabled. */
  public _resolve(sloWindowSeconds: number): BudgetPolicy | undefined {
    if (!this.enabled) {
      return undefined;
    }
    const defaults = defaultBudgetForecast(sloWindowSeconds);
    const forecast: BudgetForecast | undefined = this.forecast
      ? {
        lookbackSeconds: this.options.forecastLookback ? durationSeconds(this.options.forecastLookback) : defaults.lookbackSeconds,
        horizonSeconds: this.options.forecastHorizon ? durationSeconds(this.options.forecastHorizon) : defaults.horizonSeconds,
      }
      : undefined;
    return {
      steps: this.steps,
      forecast,
      alertName: this.options.alertName ?? DEFAULT_BUDGET_POLICY_ALERT_NAME,
      forecastAlertName: this.options.forecastAlertName ?? DEFAULT_FORECAST_ALERT_NAME,
      severity: this.options.severity ?? DEFAULT_BUDGET_POLICY_SEVERITY,
      labels: { ...(this.options.labels ?? {}) },
    };
  }
}
