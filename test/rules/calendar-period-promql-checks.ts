/**
 * Checks of the calendar arithmetic in PromQL (rules/calendar-period-promql.ts) against the reference in
 * model/calendar-period.ts, evaluated by promtool at instants from 1970 to 2040: around period boundaries
 * (a second and a minute either side), in months of 28, 29, 30 and 31 days, leap years (2000 was one,
 * 2100 will not be), every quarter, weeks across a year end, and offsets from UTC−12:00 to UTC+14:00,
 * half and three-quarter hours included. No rules are loaded, so a far instant costs nothing.
 * `calendar-period-promql.test.ts` answers the checks with promtool,
 * `test/live/victoria-metrics-calendar.test.ts` with VictoriaMetrics (MetricsQL's time functions).
 */
import * as fc from 'fast-check';
import { CalendarPeriod, CalendarUnit, periodEnd, periodStart } from '../../src/model/calendar-period';
import { periodEndExpression, periodNumberMod3, periodStartExpression } from '../../src/rules/calendar-period-promql';
import { ExprTest } from '../helpers/traffic';

const OFFSETS = ['+00:00', '+05:30', '+05:45', '-03:30', '-12:00', '+14:00'];
export const CALENDAR_UNITS: CalendarUnit[] = ['week', 'month', 'quarter'];

function offsetSeconds(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1;
  const [hours, minutes] = text.slice(1).split(':').map(Number);
  return sign * (hours * 3600 + minutes * 60);
}

/** The number of the period that holds `epochSeconds`, modulo 3, as the rules number periods. */
function periodNumberMod3Reference(period: CalendarPeriod, epochSeconds: number): number {
  const local = new Date((epochSeconds + period.utcOffsetSeconds) * 1000);
  switch (period.unit) {
    case 'week': return Math.floor((epochSeconds + period.utcOffsetSeconds + 3 * 86400) / (7 * 86400)) % 3;
    case 'month': return (local.getUTCMonth() + 1) % 3;
    case 'quarter': return (local.getUTCFullYear() * 4 + Math.floor(local.getUTCMonth() / 3)) % 3;
  }
}

/** Instants to check: either side of boundaries that matter, and random ones, from a fixed seed. */
function instants(period: CalendarPeriod): number[] {
  const localMidnights = [
    '2000-02-29', '2000-03-01', '2024-02-29', '2024-03-01', '2023-03-01', '2100-03-01', '2100-02-28', // leap years and not
    '2026-04-01', '2026-05-01', '2026-07-01', '2026-10-01', '2027-01-01', // 30- and 31-day months, quarters, a year
    '2026-12-28', '2027-01-04', '1970-01-05', '1970-02-01', '2039-12-26', // Mondays across a year end, early and late dates
  ].map((day) => Date.parse(`${day}T00:00:00Z`) / 1000 - period.utcOffsetSeconds);
  const around = localMidnights.flatMap((t) => [t - 60, t - 1, t, t + 1, t + 60]).filter((t) => t > 0);
  const random = fc.sample(fc.integer({ min: 86400, max: Date.parse('2040-01-01T00:00:00Z') / 1000 }), { seed: 7, numRuns: 40 });
  return [...around, ...random];
}

function equals(expr: string, expected: number, at: number): ExprTest {
  return { expr: `(${expr}) == bool ${expected}`, eval_time: `${at}s`, exp_samples: [{ labels: '{}', value: 1 }] };
}

/**
 * For every UTC offset and instant: the period's start, end and number (now and five minutes earlier) in
 * PromQL equal the reference, each an instant query at that Unix time.
 */
export function calendarPeriodChecks(unit: CalendarUnit): ExprTest[] {
  const checks: ExprTest[] = [];
  for (const offset of OFFSETS) {
    const period: CalendarPeriod = { unit, utcOffsetSeconds: offsetSeconds(offset) };
    const start = periodStartExpression(period);
    for (const at of instants(period)) {
      checks.push(equals(start, periodStart(period, at), at));
      checks.push(equals(periodEndExpression(period, `(${start})`), periodEnd(period, at), at));
      checks.push(equals(periodNumberMod3(period), periodNumberMod3Reference(period, at), at));
      // Five minutes earlier: the lag the rules use to leave out a period's first five minutes.
      checks.push(equals(periodNumberMod3(period, 300), periodNumberMod3Reference(period, at - 300), at));
    }
  }
  return checks;
}
