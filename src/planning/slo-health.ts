/**
 * How worrying an SLO's current state is, for people scanning a status table: the budget already
 * overspent or a page firing is urgent; a ticket firing or less than a quarter of the budget left needs
 * attention soon.
 */

/** `exhausted`: budget below zero or a critical alert firing; `at-risk`: a warning firing or budget below 25%. */
export type SloHealth = 'exhausted' | 'at-risk' | 'healthy' | 'unknown';

/** Below this fraction of budget left an SLO is at risk (the default review step of error-budget policies). */
export const AT_RISK_BUDGET_REMAINING = 0.25;

export interface SloHealthInput {
  /** Fraction of the error budget left over the SLO window; negative when overspent; null when unknown. */
  readonly budgetRemaining: number | null;
  /** Severities of the SLO's firing alerts. */
  readonly alertsFiring: readonly string[];
}

export function classifySloHealth(input: SloHealthInput): SloHealth {
  const { budgetRemaining, alertsFiring } = input;
  if ((budgetRemaining !== null && budgetRemaining < 0) || alertsFiring.includes('critical')) return 'exhausted';
  if ((budgetRemaining !== null && budgetRemaining < AT_RISK_BUDGET_REMAINING) || alertsFiring.includes('warning')) return 'at-risk';
  return budgetRemaining === null ? 'unknown' : 'healthy';
}
