import { roundSignificant } from './decimal';
import { formatPromDuration, SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from './duration';
import { errorBudget, Objective } from './objective';

/**
 * One multiwindow burn-rate condition: alert when, over both the long and the short window, the SLO
 * burns its error budget fast enough to spend `budgetConsumed` of it within the long window.
 */
export interface BurnRateWindowPair {
  /** The long window, in seconds: how much evidence is required. */
  readonly longSeconds: number;
  /** The short window, in seconds: proves the burn is still happening, so alerts clear fast. */
  readonly shortSeconds: number;
  /** Fraction of the whole error budget spent within the long window at the alert threshold (0.02 = 2%). */
  readonly budgetConsumed: number;
  /** The `severity` label of the alert, e.g. `critical` (page) or `warning` (ticket). */
  readonly severity: string;
  /** Labels on this pair's alert only, e.g. the routing label `channel`. */
  readonly labels?: Readonly<Record<string, string>>;
  /** This pair's own `for` in seconds (OpenSLO's alertAfter per condition, Pyrra's per tier); else the policy's. */
  readonly forSeconds?: number;
}

/**
 * The Google SRE workbook's multiwindow, multi-burn-rate policy ("Alerting on SLOs"): page on 2% of the
 * budget in 1h or 5% in 6h, ticket on 10% in 1d or in 3d; each short window is 1/12 of its long window.
 */
export const SRE_WORKBOOK_WINDOW_PAIRS: readonly BurnRateWindowPair[] = [
  { longSeconds: SECONDS_PER_HOUR, shortSeconds: 5 * SECONDS_PER_MINUTE, budgetConsumed: 0.02, severity: 'critical' },
  { longSeconds: 6 * SECONDS_PER_HOUR, shortSeconds: 30 * SECONDS_PER_MINUTE, budgetConsumed: 0.05, severity: 'critical' },
  { longSeconds: SECONDS_PER_DAY, shortSeconds: 2 * SECONDS_PER_HOUR, budgetConsumed: 0.1, severity: 'warning' },
  { longSeconds: 3 * SECONDS_PER_DAY, shortSeconds: 6 * SECONDS_PER_HOUR, budgetConsumed: 0.1, severity: 'warning' },
];

/** The short window the workbook pairs with a long window: 1/12 of it, in whole minutes, at least 5m. */
export function defaultShortWindowSeconds(longSeconds: number): number {
  const twelfthInMinutes = Math.round(longSeconds / 12 / SECONDS_PER_MINUTE);
  return Math.max(5, twelfthInMinutes) * SECONDS_PER_MINUTE;
}

/**
 * The burn-rate factor of a pair: budget fraction × SLO window / long window.
 * For a 30-day SLO the workbook pairs give 14.4, 6, 3 and 1; for 28 days 13.44, 5.6, 2.8 and 0.933….
 */
export function burnRateFactor(pair: BurnRateWindowPair, sloWindowSeconds: number): number {
  return roundSignificant((pair.budgetConsumed * sloWindowSeconds) / pair.longSeconds);
}

/** The error-ratio threshold of a pair: factor × error budget, e.g. 14.4 × 0.001 = 0.0144. */
export function burnRateThreshold(pair: BurnRateWindowPair, objective: Objective): number {
  return roundSignificant(((pair.budgetConsumed * objective.windowSeconds) / pair.longSeconds) * errorBudget(objective));
}

/** A short, stable name for a pair, used in labels and messages: `1h/5m`. */
export function windowPairName(pair: BurnRateWindowPair): string {
  return `${formatPromDuration(pair.longSeconds)}/${formatPromDuration(pair.shortSeconds)}`;
}

/** Whether two pairs watch the same windows at the same budget fraction (severity and labels aside). */
export function sameWindowPair(a: BurnRateWindowPair, b: BurnRateWindowPair): boolean {
  return a.longSeconds === b.longSeconds
    && a.shortSeconds === b.shortSeconds
    && roundSignificant(a.budgetConsumed) === roundSignificant(b.budgetConsumed);
}
