/**
 * Calendar-aligned windows in OpenSLO: `timeWindow: [{ duration: 1M, isRolling: false, calendar: {
 * startTime, timeZone } }]`, to and from cdk8s-slo's calendar periods.
 *
 * Export: `1w`, `1M` or `1Q` from a startTime that begins a period of every unit (Monday 2024-01-01, the
 * first of a month and of a quarter), in a zone that keeps the SLO's offset all year: `UTC`, `Etc/GMT-5`
 * for +05:00, a zone without daylight saving time for part-hour offsets (`Asia/Kolkata` for +05:30).
 * An offset no such zone has (−03:30) is an error: any zone named would move the periods for part of the year.
 *
 * Import: `1w`/`7d`, `1M` and `1Q`/`3M`; other lengths have no cdk8s-slo period and are refused. A zone
 * with daylight saving time becomes its standard offset, with a warning. A startTime that does not begin
 * a period of its unit (OpenSLO's own examples start weeks on a Saturday at noon) is a warning, not an
 * error: the budget and its length are the same, only the moment it is full again moves to the calendar's
 * boundary, and startTime is often just the day the SLO began.
 */
import { fixedOffsetZone, PART_HOUR_OFFSETS_WITH_ZONES, zoneOffset } from './time-zones';
import { CalendarPeriod, CalendarUnit, formatUtcOffset } from '../model/calendar-period';
import { SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from '../model/duration';
import { error, ValidationIssue } from '../model/validation-issue';

/** The startTime of exported calendar windows: a Monday, the first of a month and of a quarter. */
export const CALENDAR_START_TIME = '2024-01-01 00:00:00';

/** The year zones are read in when the startTime is unreadable. */
const CALENDAR_START_YEAR = 2024;

const DURATION_OF_UNIT: Readonly<Record<CalendarUnit, string>> = { week: '1w', month: '1M', quarter: '1Q' };

/** The OpenSLO durations read as a calendar unit. */
const UNIT_OF_DURATION: Readonly<Record<string, CalendarUnit>> = { '1w': 'week', '7d': 'week', '1M': 'month', '1Q': 'quarter', '3M': 'quarter' };

/** An OpenSLO v1 calendar time window. */
export interface OpenSloCalendarWindow {
  readonly duration: string;
  readonly isRolling: false;
  readonly calendar: { readonly startTime: string; readonly timeZone: string };
}

/**
 * The OpenSLO time window of a calendar period, or an error (field `utcOffset`) naming `sloName` when
 * no IANA zone keeps its offset all year.
 */
export function openSloCalendarWindow(
  period: CalendarPeriod, sloName: string,
): { window?: OpenSloCalendarWindow; issues: ValidationIssue[] } {
  const timeZone = fixedOffsetZone(period.utcOffsetSeconds);
  if (timeZone === undefined) {
    const offset = formatUtcOffset(period.utcOffsetSeconds);
    return {
      issues: [error('utcOffset', `the calendar window of ${sloName} starts at midnight UTC${offset}, and OpenSLO names a time zone: no IANA zone keeps UTC${offset} all year (Etc/GMT zones are whole hours; the zones with that standard time have daylight saving time), so any zone would move the periods for part of the year. Use a whole-hour offset, or one of ${PART_HOUR_OFFSETS_WITH_ZONES.join(', ')}`)],
    };
  }
  const calendar = { startTime: CALENDAR_START_TIME, timeZone };
  return { window: { duration: DURATION_OF_UNIT[period.unit], isRolling: false, calendar }, issues: [] };
}

/** A finding about a field of the calendar window, relative to it (`duration`, `calendar.timeZone`). */
export interface CalendarFinding {
  readonly field: string;
  readonly message: string;
}

/** What reading a calendar window found: the period, or the problems that stop it; warnings either way. */
export interface CalendarReading {
  readonly period?: CalendarPeriod;
  readonly problems: CalendarFinding[];
  readonly warnings: CalendarFinding[];
}

const START_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * Reads a calendar window: `duration` an OpenSLO duration (`1M`), `calendar` its `{ startTime, timeZone }`
 * (startTime in the zone's wall-clock time, `2024-01-01 00:00:00`).
 */
export function readOpenSloCalendarWindow(duration: string, calendar: unknown): CalendarReading {
  const problems: CalendarFinding[] = [];
  const warnings: CalendarFinding[] = [];
  const unit = UNIT_OF_DURATION[duration];
  if (unit === undefined) {
    problems.push({ field: 'duration', message: `"${duration}" is not a calendar period cdk8s-slo has: use 1w (or 7d) for a week from Monday, 1M for a month, 1Q (or 3M) for a quarter` });
  }
  const fields = typeof calendar === 'object' && calendar !== null ? calendar as Record<string, unknown> : undefined;
  if (fields === undefined) {
    problems.push({ field: 'calendar', message: 'is required for a calendar window (isRolling: false): its startTime and timeZone say where the periods start' });
    return { problems, warnings };
  }
  const start = readStartTime(fields.startTime);
  if (typeof start === 'string') problems.push({ field: 'calendar.startTime', message: start });
  const zone = typeof fields.timeZone === 'string' ? fields.timeZone : undefined;
  const offset = zone !== undefined ? zoneOffset(zone, typeof start === 'string' ? CALENDAR_START_YEAR : start.year) : undefined;
  if (offset === undefined) {
    problems.push({ field: 'calendar.timeZone', message: `${JSON.stringify(fields.timeZone ?? null)} is not an IANA time zone (e.g. UTC, Etc/GMT-5, Europe/Berlin)` });
  } else if (offset.daylightOffsetSeconds !== undefined) {
    const shift = offset.daylightOffsetSeconds - offset.offsetSeconds;
    const shiftText = shift % SECONDS_PER_HOUR === 0 ? `${shift / SECONDS_PER_HOUR} hour${shift === SECONDS_PER_HOUR ? '' : 's'}` : `${shift / SECONDS_PER_MINUTE} minutes`;
    warnings.push({ field: 'calendar.timeZone', message: `${zone} has daylight saving time, which PromQL cannot follow: periods start at midnight of its standard time, UTC${formatUtcOffset(offset.offsetSeconds)}, all year (${shiftText} after local midnight while daylight saving time is in effect)` });
  }
  if (unit === undefined || typeof start === 'string' || offset === undefined) return { problems, warnings };
  const misaligned = misalignment(unit, start);
  if (misaligned !== undefined) {
    warnings.push({ field: 'calendar.startTime', message: `"${fields.startTime}" ${misaligned}: cdk8s-slo periods follow the calendar, not startTime, so the budget is full again at the start of each ${unit === 'week' ? 'week (Monday 00:00)' : unit === 'month' ? 'month (the 1st, 00:00)' : 'quarter (January, April, July and October the 1st, 00:00)'} rather than at startTime's time` });
  }
  return { period: { unit, utcOffsetSeconds: offset.offsetSeconds }, problems, warnings };
}

interface WallTime {
  readonly year: number;
  /** 1 to 12. */
  readonly month: number;
  readonly day: number;
  readonly weekday: number;
  readonly midnight: boolean;
}

/** The wall-clock time of a startTime, or why it is not one. */
function readStartTime(value: unknown): WallTime | string {
  const match = typeof value === 'string' ? START_TIME.exec(value) : null;
  const wrong = `${JSON.stringify(value ?? null)} must be a date and time as OpenSLO writes them, YYYY-MM-DD hh:mm:ss (e.g. ${CALENDAR_START_TIME})`;
  if (!match) return wrong;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return wrong;
  return { year, month, day, weekday: date.getUTCDay(), midnight: hour === 0 && minute === 0 && second === 0 };
}

/** How a startTime misses the start of a period of `unit`, or undefined when it is one. */
function misalignment(unit: CalendarUnit, start: WallTime): string | undefined {
  if (unit === 'week' && start.weekday !== 1) return `is a ${WEEKDAYS[start.weekday]}, not a Monday`;
  if (unit !== 'week' && start.day !== 1) return 'is not the 1st of a month';
  if (unit === 'quarter' && (start.month - 1) % 3 !== 0) return 'is not in January, April, July or October';
  if (!start.midnight) return 'is not at midnight';
  return undefined;
}
