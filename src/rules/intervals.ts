/** Evaluation intervals of the two rule groups every SLO gets. */
import { SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from '../model/duration';

/**
 * Evaluation interval of the short-window group; also the sample spacing of the 5-minute rates, and
 * the length of one event of a per-evaluation indicator (freshness, gauge threshold).
 */
export const SHORT_WINDOW_GROUP_INTERVAL_SECONDS = SECONDS_PER_MINUTE;
/** Evaluation interval of the long-window group: well inside the 5-minute lookback, so its series never go stale. */
export const LONG_WINDOW_GROUP_INTERVAL_SECONDS = 2 * SECONDS_PER_MINUTE;
/** Windows up to this length are evaluated in the short-window group. */
export const SHORT_GROUP_MAX_WINDOW_SECONDS = 6 * SECONDS_PER_HOUR;
