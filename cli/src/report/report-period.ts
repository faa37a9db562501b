/**
 * The period a report covers: a rolling window of whole days ending at the last full step, or a UTC
 * calendar month or quarter (the current one is partial). A calendar SLO of the same unit is reported
 * over its own period of that month or quarter, which starts at midnight in its UTC offset. The step is chosen so each series has at most
 * MAX_POINTS points, and divides a day, so days and hours of the worst-period table line up with steps.
 */
import { CalendarPeriod, formatUtcOffset, periodEnd, periodStart } from 'cdk8s-slo/lib/model/calendar-period';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from 'cdk8s-slo/lib/model/duration';
import { CliError } from '../cli-error';

/** Steps a report may use: each divides an hour or a day. */
const STEPS_SECONDS = [5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440].map((m) => m * SECONDS_PER_MINUTE);
/** The most points per series: enough for a smooth chart, few enough for a cheap query. */
export const MAX_POINTS = 1000;
/** The longest rolling window (--days). */
export const MAX_DAYS = 400;

export interface ReportPeriod {
  readonly kind: 'rolling' | 'month' | 'quarter';
  /** "last 30 days", "2024-05", "2024-Q2", or "2024-05 (UTC+05:30)" for a calendar SLO's own period. */
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
  return calendarReportPeriod('month', month, start, nominalEnd, nowSeconds, `--month ${month}`);
}

/** The UTC calendar quarter `YYYY-Qn` (Q1 is January to March); the current quarter ends at `nowSeconds`. */
export function quarterPeriod(quarter: string, nowSeconds: number): ReportPeriod {
  const match = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!match || Number(match[1]) < 1970) {
    throw CliError.usage(`--quarter "${quarter}" is not a quarter like 2024-Q2 (YYYY-Qn, n from 1 to 4)`);
  }
  const firstMonth = (Number(match[2]) - 1) * 3;
  const start = Date.UTC(Number(match[1]), firstMonth, 1) / 1000;
  const nominalEnd = Date.UTC(Number(match[1]), firstMonth + 3, 1) / 1000;
  return calendarReportPeriod('quarter', quarter, start, nominalEnd, nowSeconds, `--quarter ${quarter}`);
}

/**
 * The period of a calendar SLO that holds the report's month or quarter: the same month or quarter,
 * from midnight in the SLO's offset. Undefined when it is not a period of that unit, or when not one full
 * step of it has passed yet (the report's period is used then).
 */
export function sloCalendarPeriod(report: ReportPeriod, calendar: CalendarPeriod, nowSeconds: number): ReportPeriod | undefined {
  if (report.kind === 'rolling' || calendar.unit !== report.kind) return undefined;
  // The middle of the UTC month or quarter lies in the same month or quarter in every offset (±14 hours).
  const middle = (report.start + report.nominalEnd) / 2;
  const start = periodStart(calendar, middle);
  const nominalEnd = periodEnd(calendar, middle);
  const offset = calendar.utcOffsetSeconds;
  const label = offset === 0 ? report.label : `${report.label} (UTC${formatUtcOffset(offset)})`;
  try {
    return calendarReportPeriod(report.kind, label, start, nominalEnd, nowSeconds, label);
  } catch {
    return undefined;
  }
}

function calendarReportPeriod(
  kind: 'month' | 'quarter', label: string, start: number, nominalEnd: number, nowSeconds: number, option: string,
): ReportPeriod {
  const stepSeconds = stepFor(nominalEnd - start);
  const end = Math.min(nominalEnd, Math.floor(nowSeconds / stepSeconds) * stepSeconds);
  if (end <= start) {
    throw CliError.usage(`${option} has not started yet, or not one full ${stepSeconds / SECONDS_PER_MINUTE}-minute step of it has passed (it is ${new Date(nowSeconds * 1000).toISOString()})`);
  }
  return {
    kind,
    label,
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
