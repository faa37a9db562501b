/**
 * Calendar-aligned SLO windows: a week (Monday to Monday), a month or a quarter, in UTC shifted by a fixed
 * offset. The budget of such an SLO counts the events since the start of the current period and is full
 * again when the next period starts.
 *
 * The offset is fixed because PromQL has no time-zone database: a zone with daylight saving time is an
 * hour off for part of the year, so users pick one offset (usually their standard time).
 */
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from './duration';
import { error, ValidationIssue } from './validation-issue';

/** The calendar unit of a period. */
export type CalendarUnit = 'week' | 'month' | 'quarter';

export const CALENDAR_UNITS: readonly CalendarUnit[] = ['week', 'month', 'quarter'];

/** A calendar-aligned window. */
export interface CalendarPeriod {
  readonly unit: CalendarUnit;
  /** Seconds east of UTC (India: 19800); periods start at local midnight. */
  readonly utcOffsetSeconds: number;
}

/**
 * The length that stands for a period wherever one number is needed: burn-rate factors, the rolling
 * comparison window, documents. A month counts as 30 days, the length the SRE workbook's factors (14.4, 6)
 * are stated for, and within 7% of every real month (28 to 31 days); a quarter as 90 days.
 */
export const NOMINAL_PERIOD_SECONDS: Record<CalendarUnit, number> = {
  week: 7 * SECONDS_PER_DAY,
  month: 30 * SECONDS_PER_DAY,
  quarter: 90 * SECONDS_PER_DAY,
};

/** The longest a period can be: the range the period-to-date sums look back over. */
export const MAX_PERIOD_SECONDS: Record<CalendarUnit, number> = {
  week: 7 * SECONDS_PER_DAY,
  month: 31 * SECONDS_PER_DAY,
  quarter: 92 * SECONDS_PER_DAY,
};

/** The offsets real time zones use: UTC−12:00 to UTC+14:00. */
export const MIN_UTC_OFFSET_SECONDS = -12 * SECONDS_PER_HOUR;
export const MAX_UTC_OFFSET_SECONDS = 14 * SECONDS_PER_HOUR;

const OFFSET_PATTERN = /^([+-])(\d{2}):(\d{2})$/;

/** Parses `+05:30`, `-08:00` or `Z` into seconds east of UTC; undefined when it is not of that form. */
export function parseUtcOffset(text: string): number | undefined {
  if (text === 'Z') return 0;
  const match = OFFSET_PATTERN.exec(text);
  if (!match) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  if (minutes >= 60) return undefined;
  const seconds = (hours * SECONDS_PER_HOUR + minutes * SECONDS_PER_MINUTE) * (match[1] === '-' ? -1 : 1);
  return seconds === 0 ? 0 : seconds; // never -0
}

/** `+05:30`, `-08:00`, `+00:00`. */
export function formatUtcOffset(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  const minutes = Math.abs(seconds) / SECONDS_PER_MINUTE;
  return `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Problems with a calendar period (the field names are the construct props). */
export function validateCalendarPeriod(period: CalendarPeriod): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!CALENDAR_UNITS.includes(period.unit)) {
    issues.push(error('calendarWindow', `must be CalendarWindow.WEEK, MONTH or QUARTER, got ${JSON.stringify(period.unit)}`));
  }
  const offset = period.utcOffsetSeconds;
  if (!Number.isInteger(offset) || offset % SECONDS_PER_MINUTE !== 0
    || offset < MIN_UTC_OFFSET_SECONDS || offset > MAX_UTC_OFFSET_SECONDS) {
    const shown = Number.isInteger(offset) && offset % SECONDS_PER_MINUTE === 0 ? formatUtcOffset(offset) : `${offset} seconds`;
    issues.push(error('utcOffset', `must be a whole number of minutes from -12:00 to +14:00, got ${shown}`));
  }
  return issues;
}

/** The start of the period that holds `epochSeconds`, in epoch seconds (the reference the rules are tested against). */
export function periodStart(period: CalendarPeriod, epochSeconds: number): number {
  const local = new Date((epochSeconds + period.utcOffsetSeconds) * 1000);
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  let start: number;
  switch (period.unit) {
    case 'week':
      start = midnight - ((local.getUTCDay() + 6) % 7) * SECONDS_PER_DAY * 1000;
      break;
    case 'month':
      start = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1);
      break;
    case 'quarter':
      start = Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - (local.getUTCMonth() % 3), 1);
      break;
  }
  return start / 1000 - period.utcOffsetSeconds;
}

/** The end of the period that holds `epochSeconds` (the start of the next one), in epoch seconds. */
export function periodEnd(period: CalendarPeriod, epochSeconds: number): number {
  const start = periodStart(period, epochSeconds);
  if (period.unit === 'week') return start + 7 * SECONDS_PER_DAY;
  const local = new Date((start + period.utcOffsetSeconds) * 1000);
  const months = period.unit === 'month' ? 1 : 3;
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + months, 1) / 1000 - period.utcOffsetSeconds;
}

/** "calendar month, UTC", "calendar week from Monday, UTC+05:30". */
export function describeCalendarPeriod(period: CalendarPeriod): string {
  return `calendar ${period.unit}${period.unit === 'week' ? ' from Monday' : ''}, ${zoneOf(period)}`;
}

/** "the current calendar month (UTC)", for alert texts. */
export function currentPeriodPhrase(period: CalendarPeriod): string {
  return `the current calendar ${period.unit} (${zoneOf(period)})`;
}

function zoneOf(period: CalendarPeriod): string {
  return period.utcOffsetSeconds === 0 ? 'UTC' : `UTC${formatUtcOffset(period.utcOffsetSeconds)}`;
}
