/**
 * PromQL for calendar periods: where the current period starts and ends, and which period an evaluation
 * belongs to, from the evaluation time alone (`time()` and Prometheus's date functions, which read UTC).
 * The local time is `time()` shifted by the period's fixed offset; Prometheus's date functions then give
 * the local calendar date. Every expression is a vector without labels.
 */
import { CalendarPeriod } from '../model/calendar-period';
import { formatDecimal } from '../model/decimal';
import { SECONDS_PER_DAY } from '../model/duration';

const DAY = SECONDS_PER_DAY;
const WEEK = 7 * DAY;
/** 1970-01-01 was a Thursday: the week that holds it started 3 days earlier, on Monday. */
const MONDAY_ALIGNMENT_SECONDS = 3 * DAY;

/** The local time `lagSeconds` before the evaluation, as a scalar: `time() + 19800`. */
function localTime(period: CalendarPeriod, lagSeconds = 0): string {
  const shift = period.utcOffsetSeconds - lagSeconds;
  if (shift === 0) return 'time()';
  return shift > 0 ? `(time() + ${formatDecimal(shift)})` : `(time() - ${formatDecimal(-shift)})`;
}

/** Seconds since local midnight, as a scalar (non-negative before 1970 too, where `%` keeps the sign). */
function secondsIntoDay(local: string): string {
  return `((${local} % ${DAY} + ${DAY}) % ${DAY})`;
}

/** The local midnight that starts the current local month, as local Unix seconds (a vector). */
function localMonthStart(local: string): string {
  return `(vector(${local}) - (day_of_month(vector(${local})) - 1) * ${DAY} - ${secondsIntoDay(local)})`;
}

/**
 * The number of the period that held the evaluation time minus `lagSeconds`, modulo 3, as a vector: two
 * evaluations in the same period agree, and the two periods before the current one both differ from it.
 */
export function periodNumberMod3(period: CalendarPeriod, lagSeconds = 0): string {
  const local = localTime(period, lagSeconds);
  switch (period.unit) {
    case 'week':
      // Weeks counted from the Monday before 1970-01-01 (which was a Thursday).
      return `floor(vector((${local} + ${MONDAY_ALIGNMENT_SECONDS}) / ${WEEK})) % 3`;
    case 'month':
      // 12 months a year is a multiple of 3, so the month of the year is enough.
      return `month(vector(${local})) % 3`;
    case 'quarter':
      return `(year(vector(${local})) * 4 + floor((month(vector(${local})) - 1) / 3)) % 3`;
  }
}

/** The start of the current period, in Unix seconds (a vector). */
export function periodStartExpression(period: CalendarPeriod): string {
  const local = localTime(period);
  const offset = period.utcOffsetSeconds;
  const toUtc = offset === 0 ? '' : offset > 0 ? ` - ${offset}` : ` + ${-offset}`;
  switch (period.unit) {
    case 'week':
      return `vector(${local}) - ((day_of_week(vector(${local})) + 6) % 7) * ${DAY} - ${secondsIntoDay(local)}${toUtc}`;
    case 'month':
      return `${localMonthStart(local)}${toUtc}`;
    case 'quarter': {
      // Back from the start of this month over the quarter's earlier months (0, 1 or 2 of them).
      const monthStart = localMonthStart(local);
      const monthsBack = `((month(vector(${local})) - 1) % 3)`;
      const previous = `days_in_month(${monthStart} - ${DAY})`;
      const beforePrevious = `days_in_month(${monthStart} - ${DAY} - ${previous} * ${DAY})`;
      return `${monthStart}`
        + ` - (${monthsBack} >= bool 1) * ${previous} * ${DAY}`
        + ` - (${monthsBack} >= bool 2) * ${beforePrevious} * ${DAY}${toUtc}`;
    }
  }
}

/**
 * The end of the current period from its recorded start (`start`, a selector of one series per SLO), in
 * Unix seconds, keeping the start's labels.
 */
export function periodEndExpression(period: CalendarPeriod, start: string): string {
  if (period.unit === 'week') return `${start} + ${WEEK}`;
  const offset = period.utcOffsetSeconds;
  const localStart = offset === 0 ? start : offset > 0 ? `(${start} + ${offset})` : `(${start} - ${-offset})`;
  if (period.unit === 'month') return `${start} + days_in_month(${localStart}) * ${DAY}`;
  const first = `days_in_month(${localStart})`;
  const second = `days_in_month(${localStart} + ${first} * ${DAY})`;
  const third = `days_in_month(${localStart} + (${first} + ${second}) * ${DAY})`;
  return `${start} + (${first} + ${second} + ${third}) * ${DAY}`;
}
