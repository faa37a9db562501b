/**
 * Prometheus durations (`5m`, `1h30m`, `30d`) for whole numbers of seconds. The model counts time in
 * seconds; constructs convert `cdk8s.Duration` at the boundary.
 */
import { formatDecimal, roundSignificant } from './decimal';

export const SECONDS_PER_MINUTE = 60;
export const SECONDS_PER_HOUR = 3_600;
export const SECONDS_PER_DAY = 86_400;

// Days are the largest unit on purpose: a 28-day window reads `28d`, not `4w`.
const UNITS: ReadonlyArray<[string, number]> = [
  ['d', SECONDS_PER_DAY],
  ['h', SECONDS_PER_HOUR],
  ['m', SECONDS_PER_MINUTE],
  ['s', 1],
];

const PARSE_UNITS: Record<string, number> = {
  y: 365 * SECONDS_PER_DAY,
  w: 7 * SECONDS_PER_DAY,
  d: SECONDS_PER_DAY,
  h: SECONDS_PER_HOUR,
  m: SECONDS_PER_MINUTE,
  s: 1,
  ms: 0.001,
};

/** Renders a positive whole number of seconds, largest unit first: 300 → `5m`, 5400 → `1h30m`. */
export function formatPromDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds <= 0) {
    throw new Error(`a Prometheus duration needs a positive whole number of seconds, got ${seconds}`);
  }
  let rest = seconds;
  let text = '';
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return text;
}

/** A duration one millisecond under a whole number of seconds: 3600 → `59m59s999ms`. */
export function formatJustUnder(seconds: number): string {
  return seconds === 1 ? '999ms' : `${formatPromDuration(seconds - 1)}999ms`;
}

/** Parses a Prometheus duration such as `1h30m` or `30d` into seconds; throws on anything else. */
export function parsePromDuration(text: string): number {
  const pattern = /(\d+)(ms|y|w|d|h|m|s)/g;
  if (!/^(\d+(ms|y|w|d|h|m|s))+$/.test(text)) {
    throw new Error(`"${text}" is not a Prometheus duration (for example 5m, 1h30m, 30d)`);
  }
  let seconds = 0;
  for (const match of text.matchAll(pattern)) {
    seconds += Number(match[1]) * PARSE_UNITS[match[2]];
  }
  return seconds;
}

/** Seconds for people, to four significant digits: `250ms` below one second, `1.5s` from one second on. */
export function formatSeconds(seconds: number): string {
  return seconds < 1 ? `${formatDecimal(roundSignificant(seconds * 1000, 4))}ms` : `${formatDecimal(roundSignificant(seconds, 4))}s`;
}
