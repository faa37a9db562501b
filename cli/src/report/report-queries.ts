/**
 * What a report reads from Prometheus: the SLOs (from `slo:objective:ratio`), their bad and total events
 * per step (from the recorded 5-minute rates), the objective per step, and the firing alerts.
 *
 * Events are counted, not sampled: the 5-minute rates are recorded every short-window interval (60 s
 * by default; read per SLO from the samples, sample-spacing.ts), so each event is in 5 minutes' worth of
 * samples of rate/300 s, and Σ samples × interval over a step counts it exactly once. Each step sums the samples in (t − step, t] with `sum_over_time`; Prometheus 2
 * ranges include both ends, Prometheus 3 ranges do not, so the range is shortened by a millisecond where
 * the server includes both ends (probed once), and no sample is counted twice.
 *
 * In a month or quarter report, a calendar SLO of that unit is read over its own period (from midnight
 * in its offset), and its totals come from its recorded period series where they cover the period
 * (recorded-period-totals.ts).
 */
import { CalendarPeriod } from 'cdk8s-slo/lib/model/calendar-period';
import { SECONDS_PER_MINUTE } from 'cdk8s-slo/lib/model/duration';
import { ERRORS_RATE_5M, OBJECTIVE_RATIO, SLO_NAME_LABEL, SLO_SERVICE_LABEL, TOTAL_RATE_5M } from 'cdk8s-slo/lib/model/naming';
import { BudgetStep } from 'cdk8s-slo/lib/planning/budget-accounting';
import { equalityMatchers, renderVectorSelector } from 'cdk8s-slo/lib/promql/selector';
import {
  EventSource, otherUnitReason, recordedCalendars, recordedPeriodSources, sloKeyOf,
} from './recorded-period-totals';
import { ReportPeriod, sloCalendarPeriod } from './report-period';
import { sampleSpacingSeconds } from './sample-spacing';
import { mapWithConcurrency, MatrixSeries, PrometheusApi } from '../prometheus/prometheus-api';

/** One SLO as the recorded series name it. */
export interface SloKey {
  readonly service: string;
  readonly slo: string;
}

/** The per-step data of one SLO. */
export interface SloData extends SloKey {
  /** The latest objective of the period. */
  readonly objective: number;
  /** Every distinct objective seen in the period, in order (more than one: it changed). */
  readonly objectives: readonly number[];
  readonly steps: readonly BudgetStep[];
  /** The SLO's own calendar period, when it is not the report's (a calendar SLO in another offset). */
  readonly period?: ReportPeriod;
  /** Where the period's totals come from. */
  readonly source: EventSource;
}

/** The raw samples of one firing-alert series (`ALERTS{alertstate="firing"}`), timestamps in seconds. */
export interface AlertSamples {
  readonly labels: Readonly<Record<string, string>>;
  readonly timestamps: readonly number[];
}

export interface ReportData {
  readonly slos: readonly SloData[];
  /** SLOs whose recorded objective is not a ratio between 0 and 1 (e.g. NaN): reported, not accounted. */
  readonly badObjectives: ReadonlyArray<SloKey & { readonly objective: number }>;
  readonly alerts: readonly AlertSamples[];
}

/** Alerts are read at one-minute resolution: every rule group of an SLO is evaluated at most that often. */
const ALERT_STEP_SECONDS = SECONDS_PER_MINUTE;
/** Prometheus refuses more than 11,000 points per series in one range query. */
const MAX_POINTS_PER_QUERY = 10_000;
/** Requests in flight at once. */
const CONCURRENCY = 4;

/**
 * Reads everything a report needs for one service (or all services) over a period; `nowSeconds` bounds
 * the own periods of calendar SLOs.
 */
export async function fetchReportData(api: PrometheusApi, period: ReportPeriod, service?: string, nowSeconds = period.end): Promise<ReportData> {
  const filter = service === undefined ? [] : equalityMatchers([[SLO_SERVICE_LABEL, service]]);
  const selector = (metric: string) => renderVectorSelector({ metric, matchers: filter });
  const periodRange = `${period.end - period.start}s`;
  const by = `by (${SLO_SERVICE_LABEL}, ${SLO_NAME_LABEL})`;

  const [closedRanges, objectives] = await Promise.all([
    rangesIncludeBothEnds(api),
    api.instantQuery(`max ${by} (last_over_time(${selector(OBJECTIVE_RATIO)}[${periodRange}]))`, period.end),
  ]);
  const keyed = objectives
    .filter((sample) => sample.labels[SLO_SERVICE_LABEL] !== undefined && sample.labels[SLO_NAME_LABEL] !== undefined)
    .map((sample) => ({ service: sample.labels[SLO_SERVICE_LABEL], slo: sample.labels[SLO_NAME_LABEL], objective: sample.value }))
    .sort((a, b) => compare(a.service, b.service) || compare(a.slo, b.slo));
  if (keyed.length === 0) return { slos: [], badObjectives: [], alerts: [] };

  const valid = keyed.filter((k) => isObjective(k.objective));
  const calendars = period.kind === 'rolling' ? new Map<string, CalendarPeriod>() : await recordedCalendars(api, period, filter);
  // The SLOs by the period they are read over: the report's, or a calendar SLO's own.
  // The SLOs by the period they are read over: the report's, or a calendar SLO's own (in its offset).
  type PeriodGroup = { period: ReportPeriod; keys: Array<(typeof valid)[number]>; calendarKeys: string[] };
  const periodId = (p: ReportPeriod) => `${p.start} ${p.end}`;
  const byPeriod = new Map<string, PeriodGroup>([[periodId(period), { period, keys: [], calendarKeys: [] }]]);
  const readOverOwnPeriod = new Set<string>();
  for (const key of valid) {
    const id = sloKeyOf(key.service, key.slo);
    const calendar = calendars.get(id);
    const own = calendar && sloCalendarPeriod(period, calendar, nowSeconds);
    const sloPeriod = own ?? period;
    const group: PeriodGroup = byPeriod.get(periodId(sloPeriod)) ?? { period: sloPeriod, keys: [], calendarKeys: [] };
    group.keys.push(key);
    if (own) group.calendarKeys.push(id);
    byPeriod.set(periodId(sloPeriod), group);
    if (sloPeriod !== period && periodId(sloPeriod) !== periodId(period)) readOverOwnPeriod.add(id);
  }

  const slos: SloData[] = [];
  const alerts: AlertSamples[] = [];
  for (const group of byPeriod.values()) {
    const isReportPeriod = periodId(group.period) === periodId(period);
    const [points, groupAlerts, sources] = await Promise.all([
      stepPoints(api, group.period, filter, closedRanges),
      firingAlerts(api, group.period, filter),
      group.calendarKeys.length ? recordedPeriodSources(api, group.period, filter, group.calendarKeys) : new Map<string, EventSource>(),
    ]);
    // Each SLO's alerts come from its own period's query; the report's period has the rest (bad objectives too).
    const inGroup = new Set(group.keys.map((k) => sloKeyOf(k.service, k.slo)));
    const alertSlo = (a: AlertSamples) => sloKeyOf(a.labels[SLO_SERVICE_LABEL], a.labels[SLO_NAME_LABEL]);
    alerts.push(...groupAlerts.filter((a) => (isReportPeriod ? !readOverOwnPeriod.has(alertSlo(a)) : inGroup.has(alertSlo(a)))));
    for (const key of group.keys) {
      const id = sloKeyOf(key.service, key.slo);
      const calendar = calendars.get(id);
      const source: EventSource = sources.get(id)
        ?? (calendar && calendar.unit !== period.kind ? { kind: 'rates', reason: otherUnitReason(calendar.unit, period.kind) } : { kind: 'rates' });
      slos.push(sloData(key, group.period, {
        errors: pointsOf(points.errors, key),
        totals: pointsOf(points.totals, key),
        samples: pointsOf(points.samples, key),
        objectives: pointsOf(points.objectives, key),
      }, isReportPeriod ? undefined : group.period, source));
    }
  }
  return { slos, badObjectives: keyed.filter((k) => !isObjective(k.objective)), alerts };
}

/** The per-step sums of every SLO over a period. */
async function stepPoints(
  api: PrometheusApi, period: ReportPeriod, filter: ReturnType<typeof equalityMatchers>, closedRanges: boolean,
): Promise<Record<'errors' | 'totals' | 'samples' | 'objectives', MatrixSeries[]>> {
  const selector = (metric: string) => renderVectorSelector({ metric, matchers: filter });
  const by = `by (${SLO_SERVICE_LABEL}, ${SLO_NAME_LABEL})`;
  const step = period.stepSeconds;
  const stepRange = closedRanges ? `${step * 1000 - 1}ms` : `${step}s`;
  const range = (expr: string) => api.rangeQuery(expr, period.start + step, period.end, step);
  const [errors, totals, samples, objectives] = await Promise.all([
    range(`sum ${by} (sum_over_time(${selector(ERRORS_RATE_5M)}[${stepRange}]))`),
    range(`sum ${by} (sum_over_time(${selector(TOTAL_RATE_5M)}[${stepRange}]))`),
    // The most samples any group of the SLO has in the step: how much of the step the data covers.
    range(`max ${by} (count_over_time(${selector(TOTAL_RATE_5M)}[${stepRange}]))`),
    range(`max ${by} (last_over_time(${selector(OBJECTIVE_RATIO)}[${stepRange}]))`),
  ]);
  return { errors, totals, samples, objectives };
}

/**
 * Whether the server's range selectors include both ends (Prometheus 2) rather than only the newer end
 * (Prometheus 3): a 1m subquery at 30 s resolution, at a time on a 30 s boundary, sees 3 or 2 points.
 */
async function rangesIncludeBothEnds(api: PrometheusApi): Promise<boolean> {
  const [sample] = await api.instantQuery('count_over_time(vector(1)[1m:30s])', 1_800_000_000);
  return sample?.value === 3;
}

function isObjective(value: number): boolean {
  return Number.isFinite(value) && value > 0 && value < 1;
}

type PointMap = Map<number, number>;

function pointsOf(series: readonly MatrixSeries[], key: SloKey): PointMap {
  const map: PointMap = new Map();
  for (const s of series) {
    if (s.labels[SLO_SERVICE_LABEL] !== key.service || s.labels[SLO_NAME_LABEL] !== key.slo) continue;
    for (const [time, value] of s.points) map.set(Math.round(time), value);
  }
  return map;
}

function sloData(
  key: SloKey & { readonly objective: number },
  period: ReportPeriod,
  points: { errors: PointMap; totals: PointMap; samples: PointMap; objectives: PointMap },
  ownPeriod: ReportPeriod | undefined,
  source: EventSource,
): SloData {
  const step = period.stepSeconds;
  const spacing = sampleSpacingSeconds(step, points.samples.values());
  const expectedSamples = step / spacing;
  const times: number[] = [];
  for (let t = period.start + step; t <= period.end; t += step) times.push(t);

  // The objective in force per step: the recorded one, or the nearest earlier (else later, else latest).
  const recorded = times.map((t) => points.objectives.get(t)).map((o) => (o !== undefined && isObjective(o) ? o : undefined));
  const objectives: number[] = [];
  let current = recorded.find((o) => o !== undefined) ?? key.objective;
  for (const o of recorded) {
    current = o ?? current;
    objectives.push(current);
  }

  const steps: BudgetStep[] = times.map((t, i) => {
    const count = points.samples.get(t);
    const errors = points.errors.get(t);
    const total = points.totals.get(t);
    // Rates are events per second; Σ samples × interval is events.
    return {
      start: t - step,
      end: t,
      errors: errors === undefined ? undefined : errors * spacing,
      total: total === undefined ? undefined : total * spacing,
      objective: objectives[i],
      coverage: count === undefined || !Number.isFinite(count) ? 0 : Math.min(1, count / expectedSamples),
    };
  });
  const distinct = objectives.filter((o, i) => i === 0 || o !== objectives[i - 1]);
  return {
    service: key.service,
    slo: key.slo,
    objective: key.objective,
    objectives: distinct.length ? distinct : [key.objective],
    steps,
    ...(ownPeriod ? { period: ownPeriod } : {}),
    source,
  };
}

/**
 * The raw sample times of every firing alert of the SLOs. `timestamp()` at one-minute steps returns the
 * time of the newest sample at each step; as alert rules are evaluated at most once a minute, every sample
 * shows up, and an alert's end is where its samples stop (not 5 minutes of lookback later).
 */
async function firingAlerts(api: PrometheusApi, period: ReportPeriod, filter: ReturnType<typeof equalityMatchers>): Promise<AlertSamples[]> {
  const selector = renderVectorSelector({ metric: 'ALERTS', matchers: [...equalityMatchers([['alertstate', 'firing']]), ...filter] });
  const fired = await api.instantQuery(`count_over_time(${selector}[${period.end - period.start}s])`, period.end);
  if (fired.length === 0) return [];

  const chunks: Array<[number, number]> = [];
  for (let from = period.start + ALERT_STEP_SECONDS; from <= period.end; from += MAX_POINTS_PER_QUERY * ALERT_STEP_SECONDS) {
    chunks.push([from, Math.min(period.end, from + (MAX_POINTS_PER_QUERY - 1) * ALERT_STEP_SECONDS)]);
  }
  const results = await mapWithConcurrency(chunks, CONCURRENCY, ([from, to]) => api.rangeQuery(`timestamp(${selector})`, from, to, ALERT_STEP_SECONDS));

  const bySeries = new Map<string, { labels: Record<string, string>; timestamps: Set<number> }>();
  for (const series of results.flat()) {
    const labels = { ...series.labels };
    delete labels.__name__;
    const id = JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
    const entry = bySeries.get(id) ?? { labels, timestamps: new Set<number>() };
    for (const [, value] of series.points) {
      // Samples before the period show up through the lookback at its first steps: leave them out.
      if (Number.isFinite(value) && value > period.start && value <= period.end) entry.timestamps.add(value);
    }
    bySeries.set(id, entry);
  }
  return [...bySeries.values()]
    .filter((s) => s.timestamps.size > 0)
    .map((s) => ({ labels: s.labels, timestamps: [...s.timestamps].sort((a, b) => a - b) }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
