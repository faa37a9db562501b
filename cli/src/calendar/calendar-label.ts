/**
 * How the CLI names a calendar period and its times: "month (UTC+05:30)", and dates in the SLO's own
 * offset, since that is where its periods start at midnight.
 */
import { CalendarPeriod, formatUtcOffset } from 'cdk8s-slo/lib/model/calendar-period';

/** "month (UTC+05:30)", "week (UTC)". */
export function calendarPeriodLabel(period: CalendarPeriod): string {
  return `${period.unit} (${period.utcOffsetSeconds === 0 ? 'UTC' : `UTC${formatUtcOffset(period.utcOffsetSeconds)}`})`;
}

/** An instant written in the period's offset: `2026-12-01T00:00:00+05:30` (`Z` for UTC). */
export function isoInOffset(epochSeconds: number, utcOffsetSeconds: number): string {
  const local = new Date((epochSeconds + utcOffsetSeconds) * 1000).toISOString().slice(0, 19);
  return `${local}${utcOffsetSeconds === 0 ? 'Z' : formatUtcOffset(utcOffsetSeconds)}`;
}

/** The local date an instant falls on in the period's offset: `2026-12-01`. */
export function localDate(epochSeconds: number, utcOffsetSeconds: number): string {
  return isoInOffset(epochSeconds, utcOffsetSeconds).slice(0, 10);
}
