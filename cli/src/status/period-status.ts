/**
 * The current period of a calendar SLO, as status shows it: which period, when it started and ends, and
 * how many days are left. The bounds come from the recorded `slo:period_start:timestamp` and
 * `slo:period_end:timestamp` when Prometheus has them for the current period (that is what the budget
 * counts from); otherwise they are computed from the definition in the manifests.
 */
import { CalendarPeriod, CalendarUnit, formatUtcOffset, periodEnd, periodStart } from 'cdk8s-slo/lib/model/calendar-period';
import { SECONDS_PER_DAY } from 'cdk8s-slo/lib/model/duration';
import { calendarPeriodFromBounds } from '../calendar/calendar-from-bounds';
import { calendarPeriodLabel, isoInOffset } from '../calendar/calendar-label';

/** The `period` object of a calendar SLO in `status --json`. */
export interface PeriodStatus {
  readonly unit: CalendarUnit;
  /** The fixed offset the periods start at midnight in: `+05:30`, `+00:00`. */
  readonly utcOffset: string;
  /** `month (UTC+05:30)`. */
  readonly label: string;
  /** The start of the current period, in the SLO's offset: `2026-12-01T00:00:00+05:30`. */
  readonly start: string;
  /** Its end (the start of the next period), in the SLO's offset. */
  readonly end: string;
  /** Days until the end, to a hundredth of a day. */
  readonly daysLeft: number;
  /** `recorded`: the bounds Prometheus records; `computed`: from the SLO's definition in the manifests. */
  readonly source: 'recorded' | 'computed';
}

export interface PeriodEvidence {
  /** The calendar period the manifests define, if they were given. */
  readonly defined?: CalendarPeriod;
  /** The recorded bounds, epoch seconds, if Prometheus has them. */
  readonly recordedStart?: number;
  readonly recordedEnd?: number;
  readonly nowSeconds: number;
}

/** The period status, and a note when the recorded period disagrees with the definition; none for a rolling SLO. */
export function periodStatusOf(evidence: PeriodEvidence): { period?: PeriodStatus; note?: string } {
  const { defined, recordedStart, recordedEnd, nowSeconds } = evidence;
  const recordedPeriod = recordedStart !== undefined && recordedEnd !== undefined
    ? calendarPeriodFromBounds(recordedStart, recordedEnd) : undefined;
  const calendar = defined ?? recordedPeriod;
  if (!calendar) return {};
  const agrees = recordedPeriod !== undefined && recordedPeriod.unit === calendar.unit
    && recordedPeriod.utcOffsetSeconds === calendar.utcOffsetSeconds;
  // Right after a boundary the recorded bounds can still be the last period's until the next evaluation.
  const current = agrees && recordedEnd! > nowSeconds;
  const start = current ? recordedStart! : periodStart(calendar, nowSeconds);
  const end = current ? recordedEnd! : periodEnd(calendar, nowSeconds);
  const offset = calendar.utcOffsetSeconds;
  const period: PeriodStatus = {
    unit: calendar.unit,
    utcOffset: formatUtcOffset(offset),
    label: calendarPeriodLabel(calendar),
    start: isoInOffset(start, offset),
    end: isoInOffset(end, offset),
    daysLeft: Math.max(0, Math.round(((end - nowSeconds) / SECONDS_PER_DAY) * 100) / 100),
    source: current ? 'recorded' : 'computed',
  };
  const note = recordedPeriod !== undefined && !agrees
    ? `Prometheus records a ${calendarPeriodLabel(recordedPeriod)} period, the manifests say ${calendarPeriodLabel(calendar)}: the loaded rules are outdated`
    : undefined;
  return { period, note };
}
