/**
 * The calendar period of an SLO told from its synthesized rules: the expression of its
 * `slo:period_start:timestamp` rule. The candidate unit and offset are read from the expression and the
 * expression regenerated from them must match it exactly, so rules written by another version of the
 * library are not misread (they give no period rather than a wrong one).
 */
import { CALENDAR_UNITS, CalendarPeriod } from 'cdk8s-slo/lib/model/calendar-period';
import { periodStartExpression } from 'cdk8s-slo/lib/rules/calendar-period-promql';

/** The period whose start the expression computes, if it is one the library writes. */
export function calendarPeriodFromStartRule(expr: string): CalendarPeriod | undefined {
  // The local time is `time()` shifted by the offset: `(time() + 19800)`, `(time() - 28800)` or `time()`.
  const shift = /\(time\(\) ([+-]) (\d+)\)/.exec(expr);
  const utcOffsetSeconds = shift ? Number(shift[2]) * (shift[1] === '-' ? -1 : 1) : 0;
  const normalized = expr.trim();
  return CALENDAR_UNITS
    .map((unit): CalendarPeriod => ({ unit, utcOffsetSeconds }))
    .find((period) => periodStartExpression(period) === normalized);
}
