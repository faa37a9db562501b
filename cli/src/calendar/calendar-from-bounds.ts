/**
 * The calendar period of an SLO told from one recorded period: its start and end
 * (`slo:period_start:timestamp`, `slo:period_end:timestamp`). Prometheus has the series but not the SLO's
 * definition; the bounds are enough, as only one unit and offset make both of them local midnights of
 * period boundaries.
 */
import {
  CALENDAR_UNITS, CalendarPeriod, MAX_UTC_OFFSET_SECONDS, MIN_UTC_OFFSET_SECONDS, periodEnd, periodStart,
} from 'cdk8s-slo/lib/model/calendar-period';
import { SECONDS_PER_DAY } from 'cdk8s-slo/lib/model/duration';

/** The unit and offset whose period runs from `start` to `end` (epoch seconds), or undefined when none does. */
export function calendarPeriodFromBounds(start: number, end: number): CalendarPeriod | undefined {
  if (!Number.isInteger(start) || !Number.isInteger(end) || end <= start) return undefined;
  // A local midnight: start + offset is a whole number of days. Offsets span 26 hours, so up to two fit.
  const base = -(((start % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY);
  const offsets = [base, base + SECONDS_PER_DAY, base - SECONDS_PER_DAY]
    .filter((offset) => offset >= MIN_UTC_OFFSET_SECONDS && offset <= MAX_UTC_OFFSET_SECONDS);
  for (const unit of CALENDAR_UNITS) {
    for (const utcOffsetSeconds of offsets) {
      const period: CalendarPeriod = { unit, utcOffsetSeconds: utcOffsetSeconds === 0 ? 0 : utcOffsetSeconds };
      if (periodStart(period, start) === start && periodEnd(period, start) === end) return period;
    }
  }
  return undefined;
}
