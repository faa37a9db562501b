/**
 * The report as data: what the Markdown, HTML and JSON outputs all show. Built from what Prometheus
 * returned, through the pure budget accounting.
 */
import { roundSignificant } from 'cdk8s-slo/lib/model/decimal';
import { parsePromDuration } from 'cdk8s-slo/lib/model/duration';
import { BUDGET_ACTION_LABEL, LONG_WINDOW_LABEL, SEVERITY_LABEL, SHORT_WINDOW_LABEL, SLO_NAME_LABEL, SLO_SERVICE_LABEL } from 'cdk8s-slo/lib/model/naming';
import { accountBudget, BudgetAccount, BudgetPoint, TimeRange, worstPeriods, WorstPeriod } from 'cdk8s-slo/lib/planning/budget-accounting';
import { compareSeverities } from 'cdk8s-slo/lib/planning/severity-order';
import { AlertEpisode, alertEpisodes } from './alert-episodes';
import { EventSource, RecordedPeriodTotals } from './recorded-period-totals';
import { ReportPeriod } from './report-period';
import { AlertSamples, ReportData, SloData } from './report-queries';

/** How many worst periods a report lists per SLO. */
export const WORST_PERIOD_COUNT = 3;

/**
 * - `ok`: events were counted;
 * - `no-traffic`: the rates were recorded, but there were no events (nothing to spend the budget on);
 * - `no-data`: no usable samples of the rates in the period;
 * - `bad-objective`: the recorded objective is not a ratio between 0 and 1.
 */
export type SloStatus = 'ok' | 'no-traffic' | 'no-data' | 'bad-objective';

/** The alerts of one alert rule (name and labels) that fired in the period. */
export interface FiredAlert {
  readonly alertname: string;
  readonly severity?: string;
  /** The alert's other identifying labels: windows, budget action, grouping labels. */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * Labels, besides the windows, that tell this alert from the SLO's other fired alerts (a budget action,
   * a grouping label): labels with one value on all of them are left out.
   */
  readonly distinguishing: ReadonlyArray<readonly [string, string]>;
  readonly episodes: readonly AlertEpisode[];
  /** Seconds firing in the period, over all episodes. */
  readonly firingSeconds: number;
}

export interface SloReport {
  readonly service: string;
  readonly slo: string;
  readonly status: SloStatus;
  /** The latest objective; undefined for `bad-objective`. */
  readonly objective?: number;
  /** Every objective of the period, oldest first (more than one: it changed). */
  readonly objectives: readonly number[];
  readonly account?: BudgetAccount;
  readonly worstPeriods: readonly WorstPeriod[];
  readonly alerts: readonly FiredAlert[];
  /** The SLO's own calendar period, when it is not the report's (a calendar SLO in another UTC offset). */
  readonly period?: ReportPeriod;
  /** Where the totals come from: the 5-minute rates, or the SLO's recorded period series. */
  readonly source: EventSource;
}

export interface Report {
  readonly period: ReportPeriod;
  /** The SLO service asked for; undefined for all services. */
  readonly service?: string;
  readonly prometheusUrl: string;
  /** When the report was made (seconds since the epoch). */
  readonly generatedAt: number;
  readonly slos: readonly SloReport[];
  /** The query answers' warnings (a store left out by Thanos, say): the figures may be partial. Absent when none. */
  readonly warnings?: readonly string[];
}

/** Labels every alert of an SLO has, which say nothing about which alert it is. */
const CONTEXT_LABELS = new Set(['__name__', 'alertname', 'alertstate', SEVERITY_LABEL, SLO_SERVICE_LABEL, SLO_NAME_LABEL]);

/** Builds the report from what Prometheus returned. */
export function buildReport(
  data: ReportData,
  period: ReportPeriod,
  meta: { service?: string; prometheusUrl: string; generatedAt: number; warnings?: readonly string[] },
): Report {
  const slos: SloReport[] = data.slos.map((slo) => sloReport(slo, period, data.alerts));
  for (const bad of data.badObjectives) {
    slos.push({
      service: bad.service,
      slo: bad.slo,
      status: 'bad-objective',
      objectives: [],
      worstPeriods: [],
      alerts: firedAlerts(data.alerts, bad.service, bad.slo, period),
      source: { kind: 'rates' },
    });
  }
  slos.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : a.slo < b.slo ? -1 : a.slo > b.slo ? 1 : 0));
  const warnings = meta.warnings !== undefined && meta.warnings.length > 0 ? { warnings: meta.warnings } : {};
  return { period, service: meta.service, prometheusUrl: meta.prometheusUrl, generatedAt: meta.generatedAt, slos, ...warnings };
}

function sloReport(slo: SloData, reportPeriod: ReportPeriod, alerts: readonly AlertSamples[]): SloReport {
  const period = slo.period ?? reportPeriod;
  const counted = accountBudget(slo.steps);
  const account = slo.source.kind === 'period-series' ? withRecordedTotals(counted, slo.source.totals, slo.objective) : counted;
  const sampled = slo.steps.some((s) => s.coverage > 0 && s.total !== undefined && Number.isFinite(s.total));
  const status: SloStatus = !sampled ? 'no-data' : account.totalEvents > 0 ? 'ok' : 'no-traffic';
  return {
    service: slo.service,
    slo: slo.slo,
    status,
    objective: slo.objective,
    objectives: slo.objectives,
    account,
    worstPeriods: status === 'ok' ? worstPeriods(slo.steps, period.bucketSeconds, account.budgetEvents, WORST_PERIOD_COUNT) : [],
    alerts: firedAlerts(alerts, slo.service, slo.slo, period),
    ...(slo.period ? { period: slo.period } : {}),
    source: slo.source,
  };
}

/**
 * The account with the period's totals taken from the recorded period series: the numbers the SLO was
 * held to. The chart, gaps and worst periods stay those of the rates, step by step. An SLO without
 * grouping has its recorded ratio and budget remaining; a grouped one has its events summed over groups.
 */
function withRecordedTotals(account: BudgetAccount, totals: RecordedPeriodTotals, objective: number): BudgetAccount {
  const budget = 1 - objective;
  const budgetEvents = budget * totals.total;
  if (totals.total <= 0) {
    const none = { availability: undefined, consumed: undefined, remaining: undefined };
    return { ...account, ...none, totalEvents: 0, errorEvents: 0, goodEvents: 0, budgetEvents: 0 };
  }
  const errorRatio = totals.errorRatio ?? totals.errors / totals.total;
  const remaining = totals.budgetRemaining ?? 1 - errorRatio / budget;
  return {
    ...account,
    totalEvents: totals.total,
    errorEvents: totals.errors,
    goodEvents: totals.total - totals.errors,
    budgetEvents,
    availability: 1 - errorRatio,
    consumed: 1 - remaining,
    remaining,
  };
}

function firedAlerts(all: readonly AlertSamples[], service: string, slo: string, period: ReportPeriod): FiredAlert[] {
  const alerts = all.filter((a) => a.labels[SLO_SERVICE_LABEL] === service && a.labels[SLO_NAME_LABEL] === slo);
  const shown = (key: string) => key === BUDGET_ACTION_LABEL || new Set(alerts.map((a) => a.labels[key])).size > 1;
  return alerts
    .map((a) => {
      const episodes = alertEpisodes(a.timestamps, period.end);
      const labels: Record<string, string> = {};
      for (const key of Object.keys(a.labels).sort()) if (!CONTEXT_LABELS.has(key)) labels[key] = a.labels[key];
      return {
        alertname: a.labels.alertname ?? '(unnamed)',
        severity: a.labels[SEVERITY_LABEL],
        labels,
        distinguishing: Object.entries(labels).filter(([key]) => key !== LONG_WINDOW_LABEL && key !== SHORT_WINDOW_LABEL && shown(key)),
        episodes,
        firingSeconds: episodes.reduce((sum, e) => sum + (e.end - e.start), 0),
      };
    })
    // Pages before tickets, then by name and windows, so the order is stable.
    .sort((a, b) => compareSeverities(a.severity ?? '', b.severity ?? '') || a.alertname.localeCompare(b.alertname)
      || windowSeconds(a.labels[LONG_WINDOW_LABEL]) - windowSeconds(b.labels[LONG_WINDOW_LABEL])
      || JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));
}

function windowSeconds(window: string | undefined): number {
  try {
    return window === undefined ? 0 : parsePromDuration(window);
  } catch {
    return 0;
  }
}

/** The windows of a burn-rate alert, `1h/5m`, for display. */
export function alertWindows(alert: FiredAlert): string | undefined {
  const long = alert.labels[LONG_WINDOW_LABEL];
  const short = alert.labels[SHORT_WINDOW_LABEL];
  return long && short ? `${long}/${short}` : long ?? short;
}

/** The report for `--json`: the same numbers, with times as ISO strings, rounded off floating-point noise. */
export function reportJson(report: Report): unknown {
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
  const num = (value: number | undefined) => (value === undefined ? null : roundSignificant(value));
  const range = (r: TimeRange) => ({ start: iso(r.start), end: iso(r.end) });
  const periodJson = (period: ReportPeriod) => ({
    kind: period.kind,
    label: period.label,
    start: iso(period.start),
    end: iso(period.end),
    nominalEnd: iso(period.nominalEnd),
    partial: period.partial,
    stepSeconds: period.stepSeconds,
  });
  return {
    period: periodJson(report.period),
    service: report.service ?? null,
    prometheusUrl: report.prometheusUrl,
    generatedAt: iso(report.generatedAt),
    slos: report.slos.map((slo) => ({
      service: slo.service,
      slo: slo.slo,
      status: slo.status,
      objective: num(slo.objective),
      objectives: slo.objectives.map((o) => roundSignificant(o)),
      events: slo.account ? { total: num(slo.account.totalEvents), bad: num(slo.account.errorEvents), good: num(slo.account.goodEvents) } : null,
      availability: num(slo.account?.availability),
      budget: slo.account ? {
        events: num(slo.account.budgetEvents),
        consumed: num(slo.account.consumed),
        remaining: num(slo.account.remaining),
      } : null,
      coverage: num(slo.account?.coverage),
      gaps: (slo.account?.gaps ?? []).map(range),
      invalidSteps: slo.account?.invalidSteps ?? 0,
      worstPeriods: slo.worstPeriods.map((w) => ({
        ...range(w),
        badEvents: num(w.errorEvents),
        totalEvents: num(w.totalEvents),
        availability: num(w.availability),
        budgetShare: num(w.budgetShare),
      })),
      alerts: slo.alerts.map((a) => ({
        alertname: a.alertname,
        severity: a.severity ?? null,
        labels: a.labels,
        firingSeconds: roundSignificant(a.firingSeconds),
        episodes: a.episodes.map((e) => ({ ...range(e), durationSeconds: roundSignificant(e.end - e.start), ongoing: e.ongoing })),
      })),
      ...(slo.period ? { period: periodJson(slo.period) } : {}),
      source: slo.source.kind,
      ...(slo.source.kind === 'period-series' ? { recordedAt: iso(slo.source.totals.at) } : {}),
      ...(slo.source.kind === 'rates' && slo.source.reason ? { sourceNote: slo.source.reason } : {}),
      budgetRemaining: (slo.account?.remainingOverTime ?? [])
        .map((p: BudgetPoint) => ({ time: iso(p.time), remaining: roundSignificant(p.remaining) })),
    })),
    ...(report.warnings ? { warnings: report.warnings } : {}),
  };
}
