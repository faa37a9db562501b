/** Evaluation intervals of the two rule groups every SLO gets. */
import { SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from '../model/duration';
import { DEFAULT_SHORT_WINDOW_INTERVAL_SECONDS } from '../model/short-window-interval';
import { SloDefinition } from '../model/slo-definition';

/**
 * Evaluation interval of an SLO's short-window group (60 s unless its definition says otherwise); also
 * the sample spacing of the 5-minute rates, which turns a sum of rate samples into a count of events.
 */
export function shortWindowIntervalSeconds(definition: SloDefinition): number {
  return definition.shortWindowIntervalSeconds ?? DEFAULT_SHORT_WINDOW_INTERVAL_SECONDS;
}
/**
 * Evaluation interval of the long-window group: inside the 5-minute lookback, so its series never go
 * stale between evaluations, and short of it by a minute, so an hour's sum, recorded from minute 25 to
 * 30, is recorded at least once where the windows read it (hourly-rollup.ts); long windows and budgets
 * move slowly, and their rules are most of an SLO's evaluation time, so they run a quarter as often as
 * the short windows.
 */
export const LONG_WINDOW_GROUP_INTERVAL_SECONDS = 4 * SECONDS_PER_MINUTE;
/** Windows up to this length are evaluated in the short-window group. */
export const SHORT_GROUP_MAX_WINDOW_SECONDS = 6 * SECONDS_PER_HOUR;
