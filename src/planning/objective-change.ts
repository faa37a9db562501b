/**
 * How a change of an SLO's target or window moves its error budget, in the words an SRE reviews it in:
 * "target 99.9% → 99.95% (stricter: budget 0.1% → 0.05%)". A stricter SLO spends its budget faster, so
 * its burn-rate alerts fire sooner.
 */
import { formatPercent, roundSignificant } from '../model/decimal';
import { formatPromDuration } from '../model/duration';

export type ObjectiveDirection = 'stricter' | 'looser' | 'unchanged';

export interface TargetChange {
  readonly before: number;
  readonly after: number;
  readonly direction: ObjectiveDirection;
  /** The error budget (1 - target) before and after. */
  readonly budgetBefore: number;
  readonly budgetAfter: number;
  /** `target 99.9% → 99.95% (stricter: budget 0.1% → 0.05%)` */
  readonly text: string;
}

/** A raised target is stricter (a smaller budget); a lowered one looser. */
export function targetChange(before: number, after: number): TargetChange {
  const budgetBefore = roundSignificant(1 - before);
  const budgetAfter = roundSignificant(1 - after);
  const direction: ObjectiveDirection = after > before ? 'stricter' : after < before ? 'looser' : 'unchanged';
  const text = direction === 'unchanged'
    ? `target ${formatPercent(after)}`
    : `target ${formatPercent(before)} → ${formatPercent(after)} (${direction}: budget ${formatPercent(budgetBefore)} → ${formatPercent(budgetAfter)})`;
  return { before, after, direction, budgetBefore, budgetAfter, text };
}

/**
 * A changed window: the budget fraction stays, but it is spent over another span, so the time of full
 * outage it allows changes: `window 30d → 28d (budget 43m12s → 40m19s of full outage)`.
 */
export function windowChangeText(beforeSeconds: number, afterSeconds: number, target?: number): string {
  const text = `window ${formatPromDuration(beforeSeconds)} → ${formatPromDuration(afterSeconds)}`;
  if (target === undefined || !(target > 0 && target < 1)) return text;
  return `${text} (budget ${outageText(target, beforeSeconds)} → ${outageText(target, afterSeconds)} of full outage)`;
}

/** The time of total failure an SLO's budget allows per window: 99.9% over 30d → 43m12s. */
export function budgetOutageSeconds(target: number, windowSeconds: number): number {
  return Math.round(roundSignificant(1 - target) * windowSeconds);
}

function outageText(target: number, windowSeconds: number): string {
  const seconds = budgetOutageSeconds(target, windowSeconds);
  return seconds > 0 ? formatPromDuration(seconds) : '0s';
}
