import { CalendarPeriod, NOMINAL_PERIOD_SECONDS, validateCalendarPeriod } from './calendar-period';
import { roundSignificant } from './decimal';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from './duration';
import { error, ValidationIssue, warning } from './validation-issue';

/** The shortest SLO window: shorter windows cannot hold the 5-minute base rate meaningfully. */
export const MIN_SLO_WINDOW_SECONDS = SECONDS_PER_HOUR;
/** The longest SLO window: one year. */
export const MAX_SLO_WINDOW_SECONDS = 365 * SECONDS_PER_DAY;
/** The default rolling window. */
export const DEFAULT_SLO_WINDOW_SECONDS = 30 * SECONDS_PER_DAY;
/** Targets outside [0.9, 0.9999] are legal but usually a mistake; they produce warnings. */
export const LOW_TARGET_WARNING = 0.9;
export const HIGH_TARGET_WARNING = 0.9999;

/** What an SLO promises: a fraction of good events over a rolling or a calendar-aligned window. */
export interface Objective {
  /** Fraction of events that must be good, 0 < target < 1. */
  readonly target: number;
  /**
   * Rolling window length in seconds, a whole number of minutes. For a calendar window, its nominal
   * length (NOMINAL_PERIOD_SECONDS), which burn-rate factors and the rolling comparison window use.
   */
  readonly windowSeconds: number;
  /** The calendar period the budget resets with, or undefined for a rolling window. */
  readonly calendar?: CalendarPeriod;
}

/** The error budget: the fraction of events allowed to be bad (1 - target, without float noise). */
export function errorBudget(objective: Objective): number {
  return roundSignificant(1 - objective.target);
}

/** Problems with an objective's target and window. */
export function validateObjective(objective: Objective): ValidationIssue[] {
  const problems: ValidationIssue[] = [];
  const { target, windowSeconds } = objective;
  if (typeof target !== 'number' || !Number.isFinite(target) || target <= 0 || target >= 1) {
    problems.push(error('target', `must be a number strictly between 0 and 1 (for example 0.999 for 99.9%), got ${target}`));
  } else if (roundSignificant(target) >= 1 || Math.abs((1 - roundSignificant(target)) - (1 - target)) > (1 - target) * 1e-6) {
    // The rules print numbers with 12 significant digits; a finer target would be recorded as another objective.
    problems.push(error('target', `${target} leaves an error budget of ${1 - target}, finer than the 12 significant digits the rules are written with (the objective would read ${roundSignificant(target)}); use at most 11 nines, e.g. 0.99999999999`));
  } else if (target < LOW_TARGET_WARNING) {
    problems.push(warning('target', `${target} is below ${LOW_TARGET_WARNING}: an SLO that allows more than 10% bad events rarely protects users`));
  } else if (target > HIGH_TARGET_WARNING) {
    problems.push(warning('target', `${target} is above ${HIGH_TARGET_WARNING}: the error budget is so small that single failures page`));
  }
  if (objective.calendar !== undefined) {
    problems.push(...validateCalendarPeriod(objective.calendar));
    const nominal = NOMINAL_PERIOD_SECONDS[objective.calendar.unit];
    if (nominal !== undefined && windowSeconds !== nominal) {
      problems.push(error('window', `a calendar ${objective.calendar.unit} stands for ${nominal / SECONDS_PER_DAY} days; do not set \`window\` with \`calendarWindow\``));
    }
  } else if (!Number.isFinite(windowSeconds) || windowSeconds % SECONDS_PER_MINUTE !== 0) {
    problems.push(error('window', `must be a whole number of minutes, got ${windowSeconds} seconds`));
  } else if (windowSeconds < MIN_SLO_WINDOW_SECONDS || windowSeconds > MAX_SLO_WINDOW_SECONDS) {
    problems.push(error('window', `must be between 1 hour and 365 days, got ${windowSeconds / SECONDS_PER_MINUTE} minutes`));
  }
  return problems;
}
