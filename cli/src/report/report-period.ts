/**
 * The period a report covers: a rolling window of whole days ending at the last full step, or a UTC
 * calendar month (the current one is partial). The step is chosen so each series has at most
 * MAX_POINTS points, and divides a day, so days and hours of the worst-period table line up with steps.
 */
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from 'cdk8s-slo/lib/model/duration';
import { CliError } from '../cli-error';

/** Steps a report may use: each divides an hour or a day. */
const STEPS_SECONDS = [5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440].map((m) => m * SECONDS_PER_MINUTE);
/** The most points per series: enough for a smooth chart, few enough for a cheap query. */
export const MAX_POINTS = 1000;
/** The longest rolling window (--days). */
export const MAX_DAYS = 400;

export interface ReportPeriod {
  readonly kind: 'rolling' | 'month';
  /** "last 30 days" or "2024-05". */
  readonly label: string;
  /** Seconds since the epoch. */
  readonly start: number;
  /** The end of the data: now (rounded down to a step) or the end of the month, whichever is first. */
  readonly end: number;
  /** The end of the whole period (the end of the month for a partial month; otherwise `end`). */
  readonly nominalEnd: number;
  /** Whether the period is not over yet (the current month). */
  readonly partial: boolean;
  readonly stepSeconds: number;
  /** Length of a worst period: a day, or an hour for periods shorter than a week. */
  readonly bucketSeconds: number;
}

/** The smallest step that keeps a period of `seconds` within MAX_POINTS points. */
export function stepFor(seconds: number): number {
  return STEPS_SECONDS.find((step) => seconds / step <= MAX_POINTS) ?? SECONDS_PER_DAY;
}

/** A rolling window of `days` days ending at `nowSeconds` (rounded down to a step). */
export function rollingPeriod(days: number, nowSeconds: number): ReportPeriod {
  const length = days * SECONDS_PER_DAY;
  const stepSeconds = stepFor(length);
  const end = Math.floor(nowSeconds / stepSeconds) * stepSeconds;
  return {
    kind: 'rolling',
    label: `last ${days} day${days === 1 ? '' : 's'}`,
    start: end - length,
    end,
    nominalEnd: end,
    partial: false,
    stepSeconds,
    bucketSeconds: bucketFor(length),
  };
}

/** The UTC calendar month `YYYY-MM`; the current month ends at `nowSeconds` (rounded down to a step). */
export function monthPeriod(month: string, nowSeconds: number): ReportPeriod {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const monthNumber = match ? Number(match[2]) : 0;
  // Prometheus's time starts in 1970 (and Date.UTC reads years 0-99 as 19xx).
  if (!match || monthNumber < 1 || monthNumber > 12 || Number(match[1]) < 1970) {
    throw CliError.usage(`--month "${month}" is not a month like 2024-05 (YYYY-MM)`);
  }
  const start = Date.UTC(Number(match[1]), monthNumber - 1, 1) / 1000;
  const nominalEnd = Date.UTC(Number(match[1]), monthNumber, 1) / 1000;
  const stepSeconds = stepFor(nominalEnd - start);
  const end = Math.min(nominalEnd, Math.floor(nowSeconds / stepSeconds) * stepSeconds);
  if (end <= start) {
    throw CliError.usage(`--month ${month} has not started yet, or not one full ${stepSeconds / SECONDS_PER_MINUTE}-minute step of it has passed (it is ${new Date(nowSeconds * 1000).toISOString()})`);
  }
  return {
    kind: 'month',
    label: month,
    start,
    end,
    nominalEnd,
    partial: end < nominalEnd,
    stepSeconds,
    bucketSeconds: bucketFor(nominalEnd - start),
  };
}

function bucketFor(lengthSeconds: number): number {
  return lengthSeconds >= 7 * SECONDS_PER_DAY ? SECONDS_PER_DAY : SECONDS_PER_HOUR;
}
