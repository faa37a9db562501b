/**
 * The status of every SLO, assembled from the `slo:*` series and firing alerts that Prometheus returned
 * (and optionally from the SLO list of synthesized manifests). Pure: no I/O, so every rule of the JSON
 * contract is tested without a server.
 */
import { roundSignificant } from 'cdk8s-slo/lib/model/decimal';
import { formatPromDuration } from 'cdk8s-slo/lib/model/duration';
import {
  BUDGET_ACTION_LABEL, CURRENT_BURN_RATE, ERROR_BUDGET_RATIO, LONG_WINDOW_LABEL, OBJECTIVE_RATIO, PERIOD_BURN_RATE,
  PERIOD_END_TIMESTAMP, PERIOD_ERROR_BUDGET_REMAINING, PERIOD_START_TIMESTAMP, SEVERITY_LABEL, SHORT_WINDOW_LABEL,
  SLO_NAME_LABEL, SLO_SERVICE_LABEL,
} from 'cdk8s-slo/lib/model/naming';
import { sliFromPeriodBurnRate } from 'cdk8s-slo/lib/planning/period-sli';
import { compareSeverities, uniqueSeveritiesByUrgency } from 'cdk8s-slo/lib/planning/severity-order';
import { PeriodStatus, periodStatusOf } from './period-status';
import { SynthesizedSlo } from '../manifests/synthesized-slos';
import { VectorSample } from '../prometheus/prometheus-api';

/** The recorded series status reads, in one query. */
export const STATUS_METRICS: readonly string[] = [
  OBJECTIVE_RATIO, ERROR_BUDGET_RATIO, PERIOD_BURN_RATE, PERIOD_ERROR_BUDGET_REMAINING, CURRENT_BURN_RATE,
  PERIOD_START_TIMESTAMP, PERIOD_END_TIMESTAMP,
];

/** Series recorded once per SLO, without grouping labels. */
const SLO_WIDE_METRICS = new Set([OBJECTIVE_RATIO, ERROR_BUDGET_RATIO, PERIOD_START_TIMESTAMP, PERIOD_END_TIMESTAMP]);

/** Labels of a recorded series that are never grouping labels. */
const NOT_GROUPING = new Set(['__name__', SLO_SERVICE_LABEL, SLO_NAME_LABEL]);
/** Labels an alert carries beyond the SLO's own series labels: never grouping labels either. */
const ALERT_ONLY = new Set(['alertname', 'alertstate', SEVERITY_LABEL, LONG_WINDOW_LABEL, SHORT_WINDOW_LABEL, BUDGET_ACTION_LABEL]);

/** One firing alert of an SLO. */
export interface FiringAlert {
  readonly alert: string;
  /** The `severity` label; `none` when the alert has none. */
  readonly severity: string;
  /** `1h/5m` for burn-rate alerts, else null. */
  readonly window: string | null;
  /** The `budget_action` label of error-budget policy alerts (`review`, `freeze`), else null. */
  readonly budgetAction: string | null;
  /** The group the alert is about, for grouped SLOs; else null. */
  readonly group: Readonly<Record<string, string>> | null;
}

/** The values of one group of a grouped SLO (one value of its grouping labels). */
export interface GroupStatus {
  readonly labels: Readonly<Record<string, string>>;
  readonly sli: number | null;
  readonly budgetRemaining: number | null;
  readonly burnRate: number | null;
  readonly alertsFiring: readonly string[];
}

/**
 * One SLO's status: the JSON contract of `status --json` (its first seven keys are relied upon by scripts
 * and dashboards; the others are extra). Unknown values are null, never NaN.
 */
export interface SloStatus {
  readonly service: string;
  readonly slo: string;
  readonly objective: number | null;
  /** Good-event ratio over the SLO window (of the worst group, for grouped SLOs). */
  readonly sli: number | null;
  /** Fraction of the error budget left over the SLO window; negative when overspent. */
  readonly budgetRemaining: number | null;
  /** Burn rate over the last 5 minutes (1 = the budget lasts exactly the window). */
  readonly burnRate: number | null;
  /** Severities of the firing alerts (all groups), unique, most urgent first. */
  readonly alertsFiring: readonly string[];
  readonly errorBudget: number | null;
  /** The SLO window (`30d`), when the manifests tell it; else null. */
  readonly window: string | null;
  /** Calendar SLOs only (the key is absent for rolling windows): the current period. */
  readonly period?: PeriodStatus;
  /** The group whose values are at the top level (lowest budget left), for grouped SLOs; else null. */
  readonly worstGroup: Readonly<Record<string, string>> | null;
  /** Every group of a grouped SLO, by labels; empty for an SLO without grouping. */
  readonly groups: readonly GroupStatus[];
  readonly alerts: readonly FiringAlert[];
  /** Why values are missing, or what looks wrong; else null. */
  readonly note: string | null;
}

export interface StatusInput {
  /** Samples of the STATUS_METRICS (with `__name__`). */
  readonly series: readonly VectorSample[];
  /** Samples of `ALERTS{alertstate="firing"}`. */
  readonly firingAlerts: readonly VectorSample[];
  /** When given, the SLO list comes from the manifests (SLOs without series get nulls and a note). */
  readonly manifestSlos?: readonly SynthesizedSlo[];
  /** Only these services (all when empty). */
  readonly services?: readonly string[];
  /** The time the days left in a calendar period count from, epoch seconds (default: the clock). */
  readonly nowSeconds?: number;
}

interface SloSeries {
  readonly service: string;
  readonly name: string;
  objective?: number;
  errorBudget?: number;
  /** The current period of a calendar SLO, as recorded (epoch seconds). */
  periodStart?: number;
  periodEnd?: number;
  /** Label names of the SLO-wide series (objective, budget): the SLO's own labels, no grouping labels. */
  sloLabelNames?: Set<string>;
  readonly perGroup: Array<{ metric: string; labels: Record<string, string>; value: number }>;
  readonly alerts: Array<Record<string, string>>;
}

/** The values recorded for one group, before the SLI is derived. */
interface GroupValues {
  readonly labels: Record<string, string>;
  periodBurnRate: number | null;
  budgetRemaining: number | null;
  burnRate: number | null;
}

const sloKey = (service: string, name: string) => `${service}\u0000${name}`;

/** Every SLO's status, sorted by service, then SLO name. */
export function buildSloStatuses(input: StatusInput): SloStatus[] {
  const services = new Set(input.services ?? []);
  const wanted = (service: string) => services.size === 0 || services.has(service);
  const nowSeconds = input.nowSeconds ?? Date.now() / 1000;
  const bySlo = new Map<string, SloSeries>();
  const entry = (labels: Readonly<Record<string, string>>): SloSeries | undefined => {
    const service = labels[SLO_SERVICE_LABEL];
    const name = labels[SLO_NAME_LABEL];
    if (!service || !name || !wanted(service)) return undefined;
    const key = sloKey(service, name);
    let slo = bySlo.get(key);
    if (!slo) {
      slo = { service, name, perGroup: [], alerts: [] };
      bySlo.set(key, slo);
    }
    return slo;
  };

  for (const sample of input.series) {
    const slo = entry(sample.labels);
    if (!slo) continue;
    const metric = sample.labels.__name__;
    if (SLO_WIDE_METRICS.has(metric)) {
      const value = known(sample.value);
      if (value !== null && metric === OBJECTIVE_RATIO) slo.objective = value;
      if (value !== null && metric === ERROR_BUDGET_RATIO) slo.errorBudget = value;
      // Timestamps are read unrounded: they are compared with period boundaries to the second.
      if (Number.isFinite(sample.value) && metric === PERIOD_START_TIMESTAMP) slo.periodStart = sample.value;
      if (Number.isFinite(sample.value) && metric === PERIOD_END_TIMESTAMP) slo.periodEnd = sample.value;
      slo.sloLabelNames = new Set([...slo.sloLabelNames ?? [], ...Object.keys(sample.labels)]);
    } else if (STATUS_METRICS.includes(metric)) {
      slo.perGroup.push({ metric, labels: sample.labels, value: sample.value });
    }
  }
  for (const sample of input.firingAlerts) {
    entry(sample.labels)?.alerts.push(sample.labels);
  }

  let statuses: SloStatus[];
  if (input.manifestSlos) {
    const seen = new Set<string>();
    statuses = [];
    for (const manifest of input.manifestSlos) {
      const key = sloKey(manifest.service, manifest.name);
      if (seen.has(key) || !wanted(manifest.service)) continue;
      seen.add(key);
      statuses.push(sloStatus(manifest.service, manifest.name, bySlo.get(key), manifest, nowSeconds));
    }
  } else {
    statuses = [...bySlo.values()].map((series) => sloStatus(series.service, series.name, series, undefined, nowSeconds));
  }
  return statuses.sort((a, b) => compareText(a.service, b.service) || compareText(a.slo, b.slo));
}

function sloStatus(
  service: string, name: string, series: SloSeries | undefined, manifest: SynthesizedSlo | undefined, nowSeconds: number,
): SloStatus {
  const window = manifest?.windowSeconds !== undefined ? formatPromDuration(manifest.windowSeconds) : null;
  const { period, note: periodNote } = periodStatusOf({
    defined: manifest?.calendar, recordedStart: series?.periodStart, recordedEnd: series?.periodEnd, nowSeconds,
  });
  if (!series) return statusWithoutSeries(service, name, manifest, window, period);
  const objective = series.objective ?? manifest?.objective ?? null;
  const errorBudget = series.errorBudget ?? (objective === null ? null : roundSignificant(1 - objective));
  const groupingNames = groupingLabelNames(series);
  const alerts = series.alerts.map((labels) => firingAlert(labels, groupingNames)).sort(compareAlerts);
  const groupStatuses = groupStatusesOf(groupValuesOf(series, groupingNames), alerts, errorBudget);
  const worst = worstGroup(groupStatuses);
  const grouped = groupingNames.length > 0;
  const notes = [...statusNotes(worst, series, manifest), ...(periodNote ? [periodNote] : [])];
  return {
    service,
    slo: name,
    objective,
    sli: worst?.sli ?? null,
    budgetRemaining: worst?.budgetRemaining ?? null,
    burnRate: worst?.burnRate ?? null,
    alertsFiring: uniqueSeveritiesByUrgency(alerts.map((a) => a.severity)),
    errorBudget,
    window,
    ...(period ? { period } : {}),
    worstGroup: grouped && worst ? worst.labels : null,
    groups: grouped ? groupStatuses : [],
    alerts,
    note: notes.length > 0 ? notes.join('; ') : null,
  };
}

/** An SLO the manifests list but Prometheus has no series of: what the manifests tell, and why the rest is missing. */
function statusWithoutSeries(
  service: string, name: string, manifest: SynthesizedSlo | undefined, window: string | null, period: PeriodStatus | undefined,
): SloStatus {
  const objective = manifest?.objective ?? null;
  return {
    service,
    slo: name,
    objective,
    sli: null,
    budgetRemaining: null,
    burnRate: null,
    alertsFiring: [],
    errorBudget: objective === null ? null : roundSignificant(1 - objective),
    window,
    ...(period ? { period } : {}),
    worstGroup: null,
    groups: [],
    alerts: [],
    note: 'no slo:* series in Prometheus yet: the rules are not loaded, or not evaluated yet (see: cdk8s-slo verify)',
  };
}

/** The recorded values per group, keyed by its labels. */
function groupValuesOf(series: SloSeries, groupingNames: readonly string[]): Map<string, GroupValues> {
  // One bucket per group; a label change can briefly leave two series per group: keep the worse value.
  const groups = new Map<string, GroupValues>();
  for (const sample of series.perGroup) {
    const labels = pick(sample.labels, groupingNames);
    const key = canonical(labels);
    let group = groups.get(key);
    if (!group) {
      group = { labels, periodBurnRate: null, budgetRemaining: null, burnRate: null };
      groups.set(key, group);
    }
    const value = known(sample.value);
    if (value === null) continue;
    if (sample.metric === PERIOD_BURN_RATE) group.periodBurnRate = worse(group.periodBurnRate, value, Math.max);
    else if (sample.metric === PERIOD_ERROR_BUDGET_REMAINING) group.budgetRemaining = worse(group.budgetRemaining, value, Math.min);
    else if (sample.metric === CURRENT_BURN_RATE) group.burnRate = worse(group.burnRate, value, Math.max);
  }
  return groups;
}

/** Each group's status, its SLI derived and its firing alerts attached, in label order. */
function groupStatusesOf(groups: ReadonlyMap<string, GroupValues>, alerts: readonly FiringAlert[], errorBudget: number | null): GroupStatus[] {
  return [...groups.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([key, group]) => ({
      labels: group.labels,
      sli: sliFromPeriodBurnRate(group.periodBurnRate, errorBudget),
      budgetRemaining: group.budgetRemaining,
      burnRate: group.burnRate,
      alertsFiring: uniqueSeveritiesByUrgency(alerts.filter((a) => a.group !== null && canonical(a.group) === key).map((a) => a.severity)),
    }));
}

/** Why values are missing, or what looks wrong. */
function statusNotes(worst: GroupStatus | undefined, series: SloSeries, manifest: SynthesizedSlo | undefined): string[] {
  const notes: string[] = [];
  if (worst === undefined || (worst.sli === null && worst.burnRate === null)) {
    notes.push('no SLI data yet: no traffic, the raw metric is not scraped, or the rules have not been evaluated yet');
  }
  const recorded = series.objective;
  if (manifest?.objective !== undefined && recorded !== undefined && roundSignificant(manifest.objective) !== recorded) {
    notes.push(`Prometheus records objective ${recorded}, the manifests say ${manifest.objective}: the loaded rules are outdated`);
  }
  return notes;
}

/**
 * The grouping labels of an SLO: labels of its per-group series that its SLO-wide series (objective,
 * budget) do not carry. Those carry the SLO's identity and user labels, never grouping labels. Until the
 * SLO-wide series exist (they are evaluated less often), labels with one value across every per-group
 * series are taken as SLO labels.
 */
function groupingLabelNames(series: SloSeries): string[] {
  const names = new Set<string>();
  for (const sample of series.perGroup) {
    for (const name of Object.keys(sample.labels)) if (!NOT_GROUPING.has(name)) names.add(name);
  }
  const sloLabels = series.sloLabelNames;
  return [...names].filter((name) => {
    if (sloLabels) return !sloLabels.has(name);
    const values = new Set(series.perGroup.map((s) => s.labels[name]));
    return values.size > 1;
  }).sort();
}

function firingAlert(labels: Readonly<Record<string, string>>, groupingNames: readonly string[]): FiringAlert {
  const long = labels[LONG_WINDOW_LABEL];
  const short = labels[SHORT_WINDOW_LABEL];
  const group = groupingNames.length > 0 ? pick(labels, groupingNames.filter((n) => !ALERT_ONLY.has(n))) : {};
  return {
    alert: labels.alertname ?? '',
    severity: labels[SEVERITY_LABEL] || 'none',
    window: long && short ? `${long}/${short}` : null,
    budgetAction: labels[BUDGET_ACTION_LABEL] ?? null,
    group: Object.keys(group).length > 0 ? group : null,
  };
}

/** The group with the least budget left (then the fastest burn); groups without data come last. */
function worstGroup(groups: readonly GroupStatus[]): GroupStatus | undefined {
  const rank = (value: number | null, sign: number) => (value === null ? Infinity : sign * value);
  return [...groups].sort((a, b) => rank(a.budgetRemaining, 1) - rank(b.budgetRemaining, 1)
    || rank(a.burnRate, -1) - rank(b.burnRate, -1))[0];
}

function compareAlerts(a: FiringAlert, b: FiringAlert): number {
  return compareSeverities(a.severity, b.severity)
    || compareText(a.alert, b.alert)
    || compareText(a.window ?? '', b.window ?? '')
    || compareText(a.budgetAction ?? '', b.budgetAction ?? '')
    || compareText(canonical(a.group ?? {}), canonical(b.group ?? {}));
}

/** A sample value for JSON: NaN and ±Inf are unknown (null); float noise is rounded away. */
export function known(value: number): number | null {
  return Number.isFinite(value) ? roundSignificant(value) : null;
}

function worse(current: number | null, value: number, pickWorse: (a: number, b: number) => number): number {
  return current === null ? value : pickWorse(current, value);
}

function pick(labels: Readonly<Record<string, string>>, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) if (labels[name] !== undefined) picked[name] = labels[name];
  return picked;
}

function canonical(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

/** Code-point order: the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
