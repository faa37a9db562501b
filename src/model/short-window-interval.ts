/**
 * How often the short-window group is evaluated, which is also the spacing of the recorded 5-minute rate
 * samples: every count of events is a sum of rate samples × this spacing (the minimum-events guard, a
 * calendar period's events, `cdk8s-slo report`).
 */
import { SECONDS_PER_MINUTE } from './duration';

/** The default: once a minute. */
export const DEFAULT_SHORT_WINDOW_INTERVAL_SECONDS = SECONDS_PER_MINUTE;

/**
 * Whole seconds that divide a minute, from 10 s: every minute then starts with an evaluation, so a
 * one-minute time slice, an hour and a calendar period hold a whole number of samples.
 */
export const SHORT_WINDOW_INTERVALS_SECONDS: readonly number[] = [10, 12, 15, 20, 30, 60];

/** Why `seconds` cannot be the short-window group's interval, or undefined when it can. */
export function shortWindowIntervalProblem(seconds: number): string | undefined {
  if (SHORT_WINDOW_INTERVALS_SECONDS.includes(seconds)) return undefined;
  const allowed = SHORT_WINDOW_INTERVALS_SECONDS.map((s) => `${s}s`).join(', ');
  return `must be whole seconds dividing a minute (${allowed}), got ${Number.isFinite(seconds) ? `${seconds}s` : String(seconds)}`;
}
