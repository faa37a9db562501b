/** Durations as Grafana's time pickers and panel time overrides read them. */
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from '../model/duration';

/**
 * A whole number of minutes in one unit, as Grafana's relative times take them (`now-30d`, a panel's
 * `timeFrom: 30d`): days when the duration is whole days, else hours, else minutes (`90m`, never `1h30m`).
 */
export function grafanaRelativeTime(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds <= 0 || seconds % SECONDS_PER_MINUTE !== 0) {
    throw new Error(`a Grafana relative time needs a positive whole number of minutes, got ${seconds} seconds`);
  }
  if (seconds % SECONDS_PER_DAY === 0) return `${seconds / SECONDS_PER_DAY}d`;
  if (seconds % SECONDS_PER_HOUR === 0) return `${seconds / SECONDS_PER_HOUR}h`;
  return `${seconds / SECONDS_PER_MINUTE}m`;
}
