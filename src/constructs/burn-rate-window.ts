import { Duration } from 'cdk8s';

/** One multiwindow burn-rate condition. */
export interface BurnRateWindow {
  /** The long window: how much evidence an alert needs. */
  readonly longWindow: Duration;
  /**
   * The short window: proves the burn is still going on, so the alert clears soon after recovery.
   * @default - 1/12 of the long window (at least 5 minutes), as in the SRE workbook
   */
  readonly shortWindow?: Duration;
  /** Fraction of the whole error budget spent within the long window at the threshold, e.g. 0.02 for 2%. */
  readonly budgetConsumed: number;
  /** The alert's `severity` label, e.g. `critical` to page or `warning` for a ticket. */
  readonly severity: string;
  /**
   * Labels on this pair's alert only, e.g. the routing label `{ channel: 'pagerduty-critical' }`.
   * @default - none
   */
  readonly labels?: { [name: string]: string };
  /**
   * How long this pair's condition must hold before its alert fires.
   * @default - the alerting's `for`
   */
  readonly for?: Duration;
}
