/** Evaluation intervals of the two rule groups every SLO gets. */
import { SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from '../model/duration';

/**
 * Evaluation interval of the short-window group; also the sample spacing of the 5-minute rates, and
 * the length of one event of a per-evaluation indicator (freshness, gauge threshold).
 */
export const SHORT_WINDOW_GROUP_INTERVAL_SECONDS = SECONDS_PER_MINUTE;
/**
 * Evaluation interval of the long-window group: inside the 5-minute lookback, so its series never go
 * stale between evaluations; long windows and budgets move slowly, and their rules are most of an SLO's
 * evaluation time, so they run a third as often as the short windows.
 */
export const LONG_WINDOW_GROUP_INTERVAL_SECONDS = 3 * SECONDS_PER_MINUTE;
/** Windows up to this length are evaluated in the short-window group. */
export const SHORT_GROUP_MAX_WINDOW_SECONDS = 6 * SECONDS_PER_HOUR;
