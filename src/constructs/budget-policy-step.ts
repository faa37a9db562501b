/** One step of an error-budget policy. */
export interface BudgetPolicyStep {
  /** The action, the `budget_action` label: a lowercase word such as `review` or `freeze`. */
  readonly action: string;
  /**
   * Fires while the fraction of the error budget left over the SLO window is below this: 0.25 for a
   * quarter left, 0 for overspent.
   */
  readonly remainingBelow: number;
  /**
   * What the action means, for the alert description.
   * @default - none
   */
  readonly description?: string;
}
