/**
 * One SLO's row on its service dashboard:
 *
 *   | Objective | SLI (window) | Budget left (window) | Burn rate (5m) | Alerts firing | Requests/s |   h 5
 *   | SLI against the objective          | Error budget burn-down (one window) |                            h 8
 *   | Burn rate per alert window         | Requests and errors per second      |                            h 8
 *   | Latency percentiles and threshold (latency SLOs only)                   |                            h 8
 *
 * A calendar SLO's row (period-panels.ts) has eight stats of 3 columns: the SLI and budget left of the
 * current period ("this month"), then the previous period's final SLI and budget left; its burn-down
 * shows the current period so far, and its SLI graph also the SLI since the period's start.
 */
import { alertsFiringStat } from './count-stats';
import { Section } from './grid';
import { gaugePanel, PanelSpec, statPanel, ThresholdStep, timeseriesPanel } from './panels';
import { periodBurnDownGraph, periodName, periodObjectiveDescription, PeriodPanelContext, previousPeriodStats } from './period-panels';
import { PeriodQueries } from './period-queries';
import { SloQueries } from './slo-queries';
import { kindOf } from '../indicators/registry';
import { BASE_WINDOW_SECONDS } from '../model/alerting-policy';
import { BurnRateWindowPair } from '../model/burn-rate';
import { describeCalendarPeriod } from '../model/calendar-period';
import { formatDecimal, formatPercent } from '../model/decimal';
import { formatPromDuration, SECONDS_PER_HOUR } from '../model/duration';
import { SloDefinition } from '../model/slo-definition';

const STAT_HEIGHT = 5;
/** The legend of the ideal burn-down, one line over all groups picked. */
const IDEAL_LEGEND = 'ideal';
const GRAPH_HEIGHT = 8;

/** Colors of alert thresholds by severity; unknown severities are yellow. */
const SEVERITY_COLORS: Record<string, string> = { critical: 'red', page: 'red', warning: 'orange', ticket: 'orange' };
/** Which color wins when two pairs share a factor. */
const COLOR_RANK: Record<string, number> = { red: 3, orange: 2, yellow: 1 };

/** What every panel of an SLO's section reads: the SLO, its queries and the words its descriptions use. */
interface SectionContext {
  readonly definition: SloDefinition;
  readonly q: SloQueries;
  /** The SLO window as a Prometheus duration, e.g. `30d`. */
  readonly window: string;
  readonly target: number;
  /** What the SLI counts (requests or events) and what it counts as bad. */
  readonly requests: { readonly noun: string; readonly bad: string };
  /** A legend text followed by the labels naming the group. */
  readonly legend: (text: string) => string;
  /** Decimals that show the target exactly, plus one. */
  readonly decimals: number;
  /** A calendar SLO's period queries; undefined for a rolling window. */
  readonly period?: PeriodQueries;
  /** How stat titles name the SLO window: `30d`, or `this month` for a calendar SLO. */
  readonly windowLabel: string;
  /** The width of each stat: a calendar SLO's row has two more (the previous period's). */
  readonly statWidth: number;
}

/** The section of one SLO; `groupingVariables` maps each grouping label to its dashboard variable. */
export function sloSection(definition: SloDefinition, groupingVariables: ReadonlyMap<string, string>): Section {
  const c = sectionContext(definition, groupingVariables);
  const lines: PanelSpec[][] = [
    [...standingStats(c), ...currentStats(c)],
    [sliGraph(c), burnDownGraph(c)],
    [burnRateGraph(c), rateGraph(c)],
  ];
  const latency = latencyPanel(c);
  if (latency) lines.push([latency]);
  const calendar = definition.objective.calendar;
  const over = calendar ? `per ${describeCalendarPeriod(calendar)}` : `over ${c.window}`;
  return { title: `${definition.name}: ${formatPercent(c.target)} ${over}`, lines };
}

function sectionContext(definition: SloDefinition, groupingVariables: ReadonlyMap<string, string>): SectionContext {
  const q = new SloQueries(definition, groupingVariables);
  const group = q.groupLegend;
  const calendar = definition.objective.calendar;
  const period = calendar ? new PeriodQueries(q, calendar) : undefined;
  const window = formatPromDuration(definition.objective.windowSeconds);
  return {
    definition,
    q,
    window,
    target: definition.objective.target,
    requests: isRequestIndicator(definition) ? { noun: 'Requests', bad: 'errors' } : { noun: 'Events', bad: 'bad events' },
    legend: (text: string) => (group === '' ? text : `${text} ${group}`),
    decimals: percentDecimals(definition.objective.target),
    period,
    windowLabel: period ? periodName(period, 'this') : window,
    // Six stats of 4 columns, or eight of 3 with the previous period's two.
    statWidth: period ? 3 : 4,
  };
}

/** What the calendar panels read from a calendar SLO's section. */
function periodContext(c: SectionContext, period: PeriodQueries): PeriodPanelContext {
  return {
    period,
    target: c.target,
    decimals: c.decimals,
    noun: c.requests.noun.toLowerCase(),
    legend: c.legend,
    budgetThresholds: budgetThresholds(c.definition),
  };
}

/**
 * Where the SLO stands over its window: the objective, the SLI and the error budget left; for a calendar
 * SLO, over the current period, then the previous period's final SLI and budget left.
 */
function standingStats(c: SectionContext): PanelSpec[] {
  const { q, window, target, requests, legend, decimals, period, windowLabel } = c;
  const calendar = c.definition.objective.calendar;
  const stats = [
    statPanel({
      title: 'Objective',
      description: calendar
        ? periodObjectiveDescription(target, requests.noun.toLowerCase(), describeCalendarPeriod(calendar))
        : `The target: at least ${formatPercent(target)} of ${requests.noun.toLowerCase()} good over a rolling ${window}.`,
      query: { expr: q.objective(), legend: 'objective' },
      unit: 'percentunit',
      decimals,
      thresholds: [{ color: 'blue' }],
      sparkline: false,
      width: c.statWidth,
      height: STAT_HEIGHT,
    }),
    statPanel({
      title: `SLI (${windowLabel})`,
      description: period
        ? `Good ${requests.noun.toLowerCase()} since the start of ${windowLabel}: red below the objective.`
        : `Good ${requests.noun.toLowerCase()} over all of the last ${window}: red below the objective.`,
      query: { expr: period ? period.sli() : q.sli(c.definition.objective.windowSeconds), legend: legend('SLI') },
      unit: 'percentunit',
      decimals,
      thresholds: [{ color: 'red' }, { value: target, color: 'green' }],
      width: c.statWidth,
      height: STAT_HEIGHT,
    }),
    gaugePanel({
      title: `Error budget left (${windowLabel})`,
      description: `Share of the error budget (${formatPercent(1 - target)} of ${requests.noun.toLowerCase()}) not yet spent `
        + `${period ? `since the start of ${windowLabel}` : `over the last ${window}`}; below 0 the SLO is missed.`,
      query: { expr: q.budgetRemaining(), legend: legend('budget left') },
      unit: 'percentunit',
      decimals: 1,
      min: 0,
      max: 1,
      thresholds: budgetThresholds(c.definition),
      width: c.statWidth,
      height: STAT_HEIGHT,
    }),
  ];
  return period ? [...stats, ...previousPeriodStats(periodContext(c, period))] : stats;
}

/** What happens now: the burn rate, the alerts firing and the traffic. */
function currentStats(c: SectionContext): PanelSpec[] {
  const { q, requests, legend } = c;
  return [
    statPanel({
      title: 'Burn rate (5m)',
      description: 'Error ratio of the last 5 minutes ÷ error budget: at 1 the budget lasts exactly the SLO window.',
      query: { expr: q.currentBurnRate(), legend: legend('burn rate') },
      unit: 'none',
      decimals: 2,
      thresholds: burnRateStatThresholds(q),
      width: c.statWidth,
      height: STAT_HEIGHT,
    }),
    alertsFiringStat({
      description: 'Alerts of this SLO firing now: burn rate, error-budget policy and forecast.',
      expr: q.alertsFiring(),
      sparkline: false,
      width: c.statWidth,
      height: STAT_HEIGHT,
    }),
    statPanel({
      title: `${requests.noun}/s`,
      description: `${requests.noun} per second over the last 5 minutes, all groups picked together.`,
      query: { expr: q.totalRateSum(), legend: requests.noun.toLowerCase() },
      unit: 'short',
      decimals: 2,
      thresholds: [{ color: 'blue' }],
      width: c.statWidth,
      height: STAT_HEIGHT,
    }),
  ];
}

/** The SLI over a short window and over the SLO window, against the objective. */
function sliGraph(c: SectionContext): PanelSpec {
  const { q, window, target, requests, legend } = c;
  // The short window: 1h, or 5m for a one-hour SLO (whose 1h window is the SLO window).
  const shortWindow = c.definition.objective.windowSeconds > SECONDS_PER_HOUR ? SECONDS_PER_HOUR : BASE_WINDOW_SECONDS;
  return timeseriesPanel({
    title: 'SLI against the objective',
    description: c.period
      ? `Good ${requests.noun.toLowerCase()} over the last ${formatPromDuration(shortWindow)}, over a rolling ${window} and since the start `
        + `of each ${c.period.unit} (starting again at each boundary); the dashed line is the objective (${formatPercent(target)}).`
      : `Good ${requests.noun.toLowerCase()} over the last ${formatPromDuration(shortWindow)} and over the SLO window (${window}); `
        + `the dashed line is the objective (${formatPercent(target)}).`,
    queries: [
      { expr: q.sli(shortWindow), legend: legend(`SLI ${formatPromDuration(shortWindow)}`) },
      { expr: q.sli(c.definition.objective.windowSeconds), legend: legend(`SLI ${window}`) },
      // A calendar SLO's own SLI: since the start of its period, back to the first events at each boundary.
      ...(c.period ? [{ expr: c.period.sli(), legend: legend(`SLI ${c.windowLabel}`) }] : []),
    ],
    thresholdLines: [{ color: 'transparent' }, { value: target, color: 'red' }],
    unit: 'percentunit',
    decimals: c.decimals,
    width: 12,
    height: GRAPH_HEIGHT,
  });
}

/** The budget left over the last SLO window (a calendar SLO: over its period so far), against the ideal burn-down. */
function burnDownGraph(c: SectionContext): PanelSpec {
  const { q, window, requests, legend } = c;
  if (c.period) return periodBurnDownGraph(periodContext(c, c.period), 12, GRAPH_HEIGHT);
  return timeseriesPanel({
    title: `Error budget burn-down (${window})`,
    description: `Always the last ${window}: the budget left counting only bad ${requests.noun.toLowerCase()} since the window began `
      + `(100% at the left edge, the budget left now at the right), against the ideal (dashed): bad ${requests.noun.toLowerCase()} `
      + 'at exactly the budgeted rate, which spends the budget in step with the traffic and reaches 0 at the right edge.',
    queries: [
      { expr: q.burnDown(), legend: legend('budget left') },
      { expr: q.idealBurnDown(), legend: IDEAL_LEGEND },
    ],
    referenceSeries: [IDEAL_LEGEND],
    thresholdLines: [{ color: 'transparent' }, { value: 0, color: 'red' }],
    unit: 'percentunit',
    decimals: 1,
    timeFrom: q.windowRelativeTime(),
    width: 12,
    height: GRAPH_HEIGHT,
  });
}

/** The burn rate over each window of the burn-rate alerts, with their thresholds. */
function burnRateGraph(c: SectionContext): PanelSpec {
  const { q, legend } = c;
  return timeseriesPanel({
    title: 'Burn rate per alert window',
    description: 'Error ratio over each window of the burn-rate alerts ÷ error budget. Dashed lines: the alert thresholds '
      + `(${q.alertPairs().map((pair) => `${formatPromDuration(pair.longSeconds)}/${formatPromDuration(pair.shortSeconds)} at ${formatDecimal(q.factor(pair))}`).join(', ') || 'alerting is off'}); `
      + 'an alert fires while both windows of a pair are above its line.',
    queries: q.burnRateWindows().map((windowSeconds) => ({ expr: q.burnRate(windowSeconds), legend: legend(formatPromDuration(windowSeconds)) })),
    thresholdLines: alertThresholdLines(q),
    unit: 'none',
    decimals: 2,
    min: 0,
    width: 12,
    height: GRAPH_HEIGHT,
  });
}

/** All and bad requests (or events) per second. */
function rateGraph(c: SectionContext): PanelSpec {
  const { q, requests, legend } = c;
  return timeseriesPanel({
    title: `${requests.noun} and ${requests.bad} per second`,
    description: `All and bad ${requests.noun.toLowerCase()} per second of the SLI, over 5 minutes.`,
    queries: [
      { expr: q.totalRate(), legend: legend(requests.noun.toLowerCase()) },
      { expr: q.errorRate(), legend: legend(requests.bad) },
    ],
    unit: 'short',
    decimals: 2,
    min: 0,
    width: 12,
    height: GRAPH_HEIGHT,
  });
}

/** Latency percentiles and the SLO's threshold, for latency SLOs. */
function latencyPanel(c: SectionContext): PanelSpec | undefined {
  const { definition, q, legend } = c;
  const threshold = q.latencyThresholdSeconds();
  if (threshold === undefined) return undefined;
  const quantiles = [...new Set([0.5, 0.9, definition.objective.target])].sort((a, b) => a - b);
  return timeseriesPanel({
    title: 'Latency percentiles',
    description: `Percentiles of the histogram over Grafana's rate interval. The dashed line is the SLO threshold (${formatDecimal(threshold)}s): `
      + `the SLO holds while p${formatDecimal(definition.objective.target * 100)} stays under it.`,
    queries: quantiles.map((quantile) => ({ expr: q.latencyQuantile(quantile)!, legend: legend(`p${formatDecimal(quantile * 100)}`) })),
    thresholdLines: [{ color: 'transparent' }, { value: threshold, color: 'red' }],
    unit: 's',
    min: 0,
    width: 24,
    height: GRAPH_HEIGHT,
  });
}

/** Whether the SLI counts requests (rather than samples or minutes). */
function isRequestIndicator(definition: SloDefinition): boolean {
  return kindOf(definition.indicator).dashboard.countsRequests;
}

/** Decimals that show the target exactly, plus one: 99.9% → 2. */
export function percentDecimals(target: number): number {
  const text = formatDecimal(target * 100);
  const fraction = text.includes('.') ? text.split('.')[1].length : 0;
  return Math.min(4, fraction + 1);
}

/**
 * Budget colors: red below 0 (overspent), orange while any step of the error-budget policy applies (or
 * below 25% without a policy), green above.
 */
function budgetThresholds(definition: SloDefinition): ThresholdStep[] {
  const policySteps = definition.budgetPolicy?.steps.map((step) => step.remainingBelow) ?? [];
  const loosest = Math.max(0.25, ...policySteps.filter((value) => value < 1));
  return [{ color: 'red' }, { value: 0, color: 'orange' }, { value: loosest, color: 'green' }];
}

/** Burn rate colors: green under 1, orange above, red above the fastest alert's factor. */
function burnRateStatThresholds(q: SloQueries): ThresholdStep[] {
  const factors = q.alertPairs().map((pair) => q.factor(pair));
  const fastest = Math.max(...factors, 1);
  return fastest > 1
    ? [{ color: 'green' }, { value: 1, color: 'orange' }, { value: fastest, color: 'red' }]
    : [{ color: 'green' }, { value: 1, color: 'orange' }];
}

/** One dashed line per alert factor, colored by the most severe pair at that factor. */
function alertThresholdLines(q: SloQueries): ThresholdStep[] {
  const byFactor = new Map<number, string>();
  for (const pair of q.alertPairs()) {
    const factor = q.factor(pair);
    const color = severityColor(pair);
    const known = byFactor.get(factor);
    if (known === undefined || COLOR_RANK[color] > COLOR_RANK[known]) byFactor.set(factor, color);
  }
  const steps = [...byFactor.entries()].sort(([a], [b]) => a - b).map(([value, color]) => ({ value, color }));
  return steps.length > 0 ? [{ color: 'transparent' }, ...steps] : [];
}

function severityColor(pair: BurnRateWindowPair): string {
  return SEVERITY_COLORS[pair.severity] ?? 'yellow';
}
