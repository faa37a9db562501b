/**
 * A calendar SLO's own numbers for a period: the events since the period's start that its rules record
 * (`slo:period_sli_errors:increase`, `slo:period_sli_total:increase`, and for an SLO without grouping
 * `slo:period_sli_error:ratio` and `slo:period_error_budget_remaining:ratio`), read at the last
 * evaluation before the period's end. They are the numbers the SLO was held to, so a report of that
 * period takes them over a recount from the 5-minute rates, but only when the series cover the whole
 * period: rules deployed during the period count its events from then on only.
 */
import { CalendarPeriod, CalendarUnit } from 'cdk8s-slo/lib/model/calendar-period';
import { SECONDS_PER_MINUTE } from 'cdk8s-slo/lib/model/duration';
import {
  PERIOD_END_TIMESTAMP, PERIOD_ERROR_BUDGET_REMAINING, PERIOD_ERROR_RATIO, PERIOD_ERRORS_INCREASE, PERIOD_START_TIMESTAMP,
  PERIOD_TOTAL_INCREASE, SLO_NAME_LABEL, SLO_SERVICE_LABEL,
} from 'cdk8s-slo/lib/model/naming';
import { LabelMatcher, renderVectorSelector } from 'cdk8s-slo/lib/promql/selector';
import { ReportPeriod } from './report-period';
import { calendarPeriodFromBounds } from '../calendar/calendar-from-bounds';
import { PrometheusApi, VectorSample } from '../prometheus/prometheus-api';

/**
 * How far the first and last samples of the period series may be from the period's start and end: a few
 * evaluations of the long-window group (every 4 minutes); the period's first five minutes are not in its
 * sums anyway.
 */
export const PERIOD_SERIES_TOLERANCE_SECONDS = 10 * SECONDS_PER_MINUTE;

/** The recorded numbers of one SLO's period. */
export interface RecordedPeriodTotals {
  /** Bad and all events since the period's start, summed over the SLO's groups. */
  readonly errors: number;
  readonly total: number;
  /** The recorded error ratio and budget remaining, for an SLO without grouping (one series). */
  readonly errorRatio?: number;
  readonly budgetRemaining?: number;
  /** The time of the last evaluation read, epoch seconds. */
  readonly at: number;
}

/** Where a report's event counts come from. */
export type EventSource =
  | { readonly kind: 'rates'; /** Why the period series were not used, for a calendar SLO. */ readonly reason?: string }
  | { readonly kind: 'period-series'; readonly totals: RecordedPeriodTotals };

type Filter = readonly LabelMatcher[];
const BY_SLO = `by (${SLO_SERVICE_LABEL}, ${SLO_NAME_LABEL})`;
const keyOf = (labels: Readonly<Record<string, string>>) => `${labels[SLO_SERVICE_LABEL]}\u0000${labels[SLO_NAME_LABEL]}`;

/** The calendar period of every SLO that records one, from its latest recorded bounds in the report's period. */
export async function recordedCalendars(api: PrometheusApi, period: ReportPeriod, filter: Filter): Promise<Map<string, CalendarPeriod>> {
  const range = `${period.end - period.start}s`;
  const latest = (metric: string) => api.instantQuery(`max ${BY_SLO} (last_over_time(${renderVectorSelector({ metric, matchers: filter })}[${range}]))`, period.end);
  const [starts, ends] = await Promise.all([latest(PERIOD_START_TIMESTAMP), latest(PERIOD_END_TIMESTAMP)]);
  const endOf = byKey(ends);
  const calendars = new Map<string, CalendarPeriod>();
  for (const start of starts) {
    const end = endOf.get(keyOf(start.labels));
    const calendar = end === undefined ? undefined : calendarPeriodFromBounds(start.value, end);
    if (calendar) calendars.set(keyOf(start.labels), calendar);
  }
  return calendars;
}

/** Key of an SLO in the maps above. */
export function sloKeyOf(service: string, slo: string): string {
  return keyOf({ [SLO_SERVICE_LABEL]: service, [SLO_NAME_LABEL]: slo });
}

/**
 * The event source of each of `keys` (SLOs whose calendar period is `period`): the recorded period
 * series when they cover the period from its start to its end (or, for the current period, to the
 * report's end), else the rates, with the reason.
 */
export async function recordedPeriodSources(
  api: PrometheusApi, period: ReportPeriod, filter: Filter, keys: readonly string[],
): Promise<Map<string, EventSource>> {
  // The last evaluation before the end: a sample at the end itself is the next period's first.
  const at = period.end - 0.001;
  const tolerance = `${PERIOD_SERIES_TOLERANCE_SECONDS}s`;
  const selector = (metric: string) => renderVectorSelector({ metric, matchers: filter });
  const query = (expr: string, time = at) => api.instantQuery(expr, time).then(byKey);
  // Only short ranges at both ends of the period are read: a scan of the whole period is too slow.
  const last = (fn: string, metric: string) => `${fn} ${BY_SLO} (last_over_time(${selector(metric)}[${tolerance}]))`;
  const [openingStarts, latest, starts, errors, totals, ratios, ratioSeries, remaining] = await Promise.all([
    // Recorded in the period's first minutes: the rules ran from its start.
    query(`max ${BY_SLO} (max_over_time(${selector(PERIOD_START_TIMESTAMP)}[${tolerance}]))`, period.start + PERIOD_SERIES_TOLERANCE_SECONDS),
    // The time of the last evaluation (within the lookback of the server, 5 minutes by default).
    query(`max ${BY_SLO} (timestamp(${selector(PERIOD_TOTAL_INCREASE)}))`),
    query(last('max', PERIOD_START_TIMESTAMP)),
    query(last('sum', PERIOD_ERRORS_INCREASE)),
    query(last('sum', PERIOD_TOTAL_INCREASE)),
    query(last('max', PERIOD_ERROR_RATIO)),
    query(last('count', PERIOD_ERROR_RATIO)),
    query(last('min', PERIOD_ERROR_BUDGET_REMAINING)),
  ]);

  const sources = new Map<string, EventSource>();
  for (const key of keys) {
    const lastAt = latest.get(key);
    const error = errors.get(key);
    const total = totals.get(key);
    let reason: string | undefined;
    if (openingStarts.get(key) !== period.start) {
      reason = `the period series have no sample in the period's first ${PERIOD_SERIES_TOLERANCE_SECONDS / SECONDS_PER_MINUTE} minutes `
        + `(${iso(period.start)} on): the rules came later, or were not running`;
    } else if (lastAt === undefined || !(lastAt >= period.start && lastAt <= period.end)
      || error === undefined || total === undefined || starts.get(key) !== period.start) {
      reason = `the period series have no sample of this period in its last ${PERIOD_SERIES_TOLERANCE_SECONDS / SECONDS_PER_MINUTE} minutes (to ${iso(period.end)})`;
    } else if (!Number.isFinite(error) || !Number.isFinite(total) || error < 0 || total < 0) {
      reason = 'the recorded period series are not usable numbers';
    }
    if (reason !== undefined) {
      sources.set(key, { kind: 'rates', reason });
      continue;
    }
    const single = ratioSeries.get(key) === 1;
    const ratio = ratios.get(key);
    const left = remaining.get(key);
    sources.set(key, {
      kind: 'period-series',
      totals: {
        errors: error!,
        total: total!,
        ...(single && Number.isFinite(ratio) && Number.isFinite(left) ? { errorRatio: ratio, budgetRemaining: left } : {}),
        at: lastAt!,
      },
    });
  }
  return sources;
}

/** Why a calendar SLO of another unit than the report's is counted from the rates. */
export function otherUnitReason(unit: CalendarUnit, reportKind: string): string {
  return `a calendar ${unit} SLO: its periods are not the report's ${reportKind}`;
}

function byKey(samples: readonly VectorSample[]): Map<string, number> {
  return new Map(samples.map((s) => [keyOf(s.labels), s.value]));
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
