/**
 * Pyrra-style rules, written from the shape of Pyrra's documented output (v0.10, ratio indicator): the
 * burn rate over each alert window is a raw `rate` ratio over the user's series, recorded every 30 s as
 * `<metric>:burnrate<window>`; the `increase` of the counters over the whole SLO window is recorded as
 * `<metric>:increase<window>` in a slower group (2m30s) next to an `absent` alert; the availability
 * ("generic rules") is computed from those increases. Pyrra derives its alert windows from the SLO
 * window: the 28-day table (1h/5m 14×, 6h/30m 7×, 1d/2h 2×, 4d/6h 1×) scaled to 30 days and rounded to
 * the minute, as Pyrra does.
 */
import { BenchSlo, RAW_JOB } from '../traffic';
import { durationSeconds, formatDuration, PromGroup, PromRule, RuleSet } from './rule-set';

const SLO_WINDOW_SECONDS = 30 * 86400;
const RECORD_PREFIX = 'http_requests';

/** One of Pyrra's four multiwindow alerts, as fractions of a 28-day window. */
interface PyrraWindow {
  readonly severity: 'critical' | 'warning';
  readonly factor: number;
  /** Divisors of the SLO window: long = window / long, short = window / short, for = window / for. */
  readonly long: number;
  readonly short: number;
  readonly for: number;
}

const HOURS_28D = 28 * 24;
const WINDOWS: readonly PyrraWindow[] = [
  { severity: 'critical', factor: 14, long: HOURS_28D, short: HOURS_28D * 12, for: HOURS_28D * 30 },
  { severity: 'critical', factor: 7, long: HOURS_28D / 6, short: HOURS_28D * 2, for: HOURS_28D * 4 },
  { severity: 'warning', factor: 2, long: 28, short: HOURS_28D / 2, for: HOURS_28D },
  { severity: 'warning', factor: 1, long: 7, short: HOURS_28D / 6, for: HOURS_28D / 3 },
];

/** A fraction of the SLO window, rounded to the minute, as a Prometheus duration. */
function scaled(divisor: number): string {
  return formatDuration(Math.round(SLO_WINDOW_SECONDS / divisor / 60) * 60);
}

function pyrraGroups(slo: BenchSlo, target: number): PromGroup[] {
  const name = `${slo.service}-availability`;
  const labels = { job: RAW_JOB, service: slo.service, slo: name };
  const matchers = `job="${RAW_JOB}",service="${slo.service}",slo="${name}"`;
  const sloWindow = formatDuration(SLO_WINDOW_SECONDS);
  const increase = `${RECORD_PREFIX}:increase${sloWindow}`;
  const burnrate = (window: string) => `${RECORD_PREFIX}:burnrate${window}`;
  const windows = [...new Set(WINDOWS.flatMap((w) => [scaled(w.short), scaled(w.long)]))]
    .sort((a, b) => durationSeconds(a) - durationSeconds(b));
  const budget = `(1-${target})`;

  const burnrates: PromRule[] = windows.map((window) => ({
    record: burnrate(window),
    expr: `sum(rate(${slo.errorsSelector}[${window}])) / sum(rate(${slo.totalSelector}[${window}]))`,
    labels,
  }));
  const alerts: PromRule[] = WINDOWS.map((w) => ({
    alert: 'ErrorBudgetBurn',
    expr: `${burnrate(scaled(w.short))}{${matchers}} > (${w.factor} * ${budget}) and ${burnrate(scaled(w.long))}{${matchers}} > (${w.factor} * ${budget})`,
    for: scaled(w.for),
    labels: {
      ...labels,
      exhaustion: formatDuration(Math.round(SLO_WINDOW_SECONDS / w.factor)),
      long: scaled(w.long),
      short: scaled(w.short),
      severity: w.severity,
    },
  }));
  const errors = `${increase}{code=~"5..",${matchers}}`;
  const total = `${increase}{${matchers}}`;
  return [
    {
      name: `${name}-increase`,
      interval: '2m30s',
      rules: [
        { record: increase, expr: `sum by (code) (increase(${slo.totalSelector}[${sloWindow}]))`, labels },
        { alert: 'SLOMetricAbsent', expr: `absent(${slo.totalSelector}) == 1`, for: scaled(HOURS_28D * 30), labels: { ...labels, severity: 'critical' } },
      ],
    },
    { name, interval: '30s', rules: [...burnrates, ...alerts] },
    {
      name: `${name}-generic`,
      interval: '30s',
      rules: [
        { record: 'pyrra_objective', expr: `vector(${target})`, labels: { slo: name } },
        { record: 'pyrra_window', expr: `vector(${SLO_WINDOW_SECONDS})`, labels: { slo: name } },
        { record: 'pyrra_availability', expr: `1 - sum(${errors} or vector(0)) / sum(${total})`, labels: { slo: name } },
        { record: 'pyrra_requests_total', expr: `sum(${total})`, labels: { slo: name } },
        { record: 'pyrra_errors_total', expr: `sum(${errors} or vector(0))`, labels: { slo: name } },
      ],
    },
  ];
}

export function pyrraRuleSet(slos: readonly BenchSlo[], target: number): RuleSet {
  return {
    id: 'pyrra',
    title: 'Pyrra style',
    groups: slos.flatMap((slo) => pyrraGroups(slo, target)),
    // Pyrra's UI shows the budget left as (availability - objective) / (1 - objective).
    budgetRemainingQuery: (slo) => `(pyrra_availability{slo="${slo.service}-availability"} - ${target}) / (1 - ${target})`,
  };
}
