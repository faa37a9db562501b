/**
 * The PromQL behind one SLO's panels on its service dashboard. Every query reads the recorded series of
 * the naming contract (the latency percentiles excepted, which read the histogram itself) through
 * selectors rendered by the library, so no name or label value of the SLO can change a query's meaning.
 * Recorded series are read one per group (`max by (identity)`), as the rules read them: while an SLO's
 * labels change, the old label set stays visible for the lookback next to the new one.
 */
import { groupingMatcher, serviceDashboardSloMatchers } from './dashboard-variables';
import { grafanaRelativeTime } from './grafana-time';
import { kindOf } from '../indicators/registry';
import { BASE_WINDOW_SECONDS } from '../model/alerting-policy';
import { BurnRateWindowPair, burnRateFactor } from '../model/burn-rate';
import { formatDecimal } from '../model/decimal';
import { formatJustUnder, formatPromDuration, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from '../model/duration';
import {
  CURRENT_BURN_RATE, ERRORS_RATE_5M, errorRatioMetric, OBJECTIVE_RATIO, PERIOD_ERROR_BUDGET_REMAINING, TOTAL_RATE_5M,
} from '../model/naming';
import { errorBudget } from '../model/objective';
import { SloDefinition } from '../model/slo-definition';
import { LabelMatcher, renderVectorSelector } from '../promql/selector';
import { identityLabels, onePerGroup, sumBy } from '../rules/promql-builder';

/** Grafana's rate interval: at least four scrape intervals, so `rate` always has two samples. */
export const RATE_INTERVAL = '$__rate_interval';

/** Subquery steps per SLO window in the burn-down: its resolution at the window's start. */
const BURN_DOWN_STEPS = 720;

/** Queries of one SLO; `groupingVariables` maps each grouping label to its dashboard variable. */
export class SloQueries {
  private readonly budget: string;
  private readonly identity: string[];

  public constructor(
    private readonly definition: SloDefinition,
    private readonly groupingVariables: ReadonlyMap<string, string>,
  ) {
    this.budget = formatDecimal(errorBudget(definition.objective));
    this.identity = identityLabels(definition.indicator.grouping);
  }

  /** The grouping labels of the SLO. */
  public get grouping(): readonly string[] {
    return this.definition.indicator.grouping;
  }

  /** `{{route}} {{method}}`: the legend suffix naming a group, empty without grouping. */
  public get groupLegend(): string {
    return this.grouping.map((label) => `{{${label}}}`).join(' ');
  }

  /** The objective (a constant series per SLO, without grouping labels). */
  public objective(): string {
    return onePerGroup(identityLabels([]), this.recorded(OBJECTIVE_RATIO, false));
  }

  /** The SLI over a recorded window: 1 − the window's error ratio. */
  public sli(windowSeconds: number): string {
    return `1 - ${this.errorRatio(windowSeconds)}`;
  }

  /** The error ratio over a recorded window, one series per group. */
  public errorRatio(windowSeconds: number): string {
    return onePerGroup(this.identity, this.recorded(errorRatioMetric(windowSeconds), true));
  }

  /** The burn rate over a recorded window: its error ratio ÷ the error budget. */
  public burnRate(windowSeconds: number): string {
    return `${this.errorRatio(windowSeconds)} / ${this.budget}`;
  }

  /** The error budget left over the SLO window (1 = untouched, 0 = spent, below 0 = overspent). */
  public budgetRemaining(): string {
    return onePerGroup(this.identity, this.recorded(PERIOD_ERROR_BUDGET_REMAINING, true));
  }

  /** The burn rate of the last 5 minutes. */
  public currentBurnRate(): string {
    return onePerGroup(this.identity, this.recorded(CURRENT_BURN_RATE, true));
  }

  /** All events per second (5-minute rate), one series per group. */
  public totalRate(): string {
    return onePerGroup(this.identity, this.recorded(TOTAL_RATE_5M, true));
  }

  /** Bad events per second (5-minute rate), one series per group. */
  public errorRate(): string {
    return onePerGroup(this.identity, this.recorded(ERRORS_RATE_5M, true));
  }

  /** All events per second summed over the groups picked: one number for a stat. */
  public totalRateSum(): string {
    return `sum(${this.totalRate()})`;
  }

  /**
   * The number of this SLO's alerts firing now (burn rate, budget policy, forecast), 0 rather than
   * nothing when none fires.
   */
  public alertsFiring(): string {
    const selector = renderVectorSelector({
      metric: 'ALERTS',
      matchers: [{ name: 'alertstate', operator: '=', value: 'firing' }, ...this.matchers(true)],
    });
    return `count(${selector}) or vector(0)`;
  }

  /**
   * Budget left in the window that ends now, counting only bad events since the window began: at
   * every time t of the last SLO window, 1 − (bad events from the window's start to t) ÷ (budget × all
   * events of the whole window). It starts at 1 at the left edge and ends at the budget remaining now.
   * Uses the `@ end()` modifier (Prometheus 2.33+): the window is the one ending at the query's end.
   */
  public burnDown(): string {
    return `1 - (\n  ${this.sinceWindowStart(ERRORS_RATE_5M, this.grouping)}\n  /\n  ${this.wholeWindow(TOTAL_RATE_5M, this.grouping)}\n) / ${this.budget}`;
  }

  /**
   * The ideal burn-down: the budget left had every event so far failed at exactly the budgeted rate,
   * 1 − (events from the window's start to t) ÷ (events of the whole window), over all groups picked
   * (one line). Traffic-weighted, so it is straight only under steady traffic; it reaches 0 at the end.
   */
  public idealBurnDown(): string {
    return `1 - (\n  ${this.sinceWindowStart(TOTAL_RATE_5M, [])}\n  /\n  ${this.wholeWindow(TOTAL_RATE_5M, [])}\n)`;
  }

  /** The SLO window as a Grafana relative time (`30d`): the burn-down panel always shows one window. */
  public windowRelativeTime(): string {
    return grafanaRelativeTime(this.definition.objective.windowSeconds);
  }

  /**
   * The windows whose burn rate is drawn: those of the alert pairs, ascending, or without alerting the
   * 5-minute, 1-hour and SLO windows.
   */
  public burnRateWindows(): number[] {
    const windows = new Set<number>();
    const pairs = this.alertPairs();
    if (pairs.length > 0) {
      for (const pair of pairs) {
        windows.add(pair.shortSeconds);
        windows.add(pair.longSeconds);
      }
    } else {
      windows.add(BASE_WINDOW_SECONDS);
      windows.add(Math.min(SECONDS_PER_HOUR, this.definition.objective.windowSeconds));
      windows.add(this.definition.objective.windowSeconds);
    }
    return [...windows].sort((a, b) => a - b);
  }

  /** The alert pairs of the SLO (none when alerting is off). */
  public alertPairs(): readonly BurnRateWindowPair[] {
    return this.definition.alerting.enabled ? this.definition.alerting.pairs : [];
  }

  /** The burn-rate factor of a pair: its alert threshold on the burn-rate axis. */
  public factor(pair: BurnRateWindowPair): number {
    return burnRateFactor(pair, this.definition.objective.windowSeconds);
  }

  /**
   * Latency quantiles from the histogram of a latency SLO, over Grafana's rate interval, per group:
   * `histogram_quantile(q, sum by (le, group) (rate(h_bucket{…}[$__rate_interval])))` for a classic
   * histogram, without `le` for a native one. Undefined for other indicators.
   */
  public latencyQuantile(quantile: number): string | undefined {
    const indicator = this.definition.indicator;
    return kindOf(indicator).dashboard.latency?.quantile(indicator, quantile, this.groupingMatchers(), this.grouping, RATE_INTERVAL);
  }

  /** The latency threshold in seconds of a latency SLO, else undefined. */
  public latencyThresholdSeconds(): number | undefined {
    const indicator = this.definition.indicator;
    return kindOf(indicator).dashboard.latency?.thresholdSeconds(indicator);
  }

  /**
   * Events (the sum of the recorded per-second rate samples; their spacing cancels in every ratio these
   * sums are used in) from the start of the SLO window that ends at the query's end up to t: a subquery
   * sums steps of 1/720 of the window and keeps the steps after the window's start. Each step sums the
   * samples of (u − step, u], one millisecond short of the step, so that a sample on a step boundary counts
   * once under Prometheus 2 too (its ranges include both ends).
   */
  private sinceWindowStart(metric: string, by: readonly string[]): string {
    const windowSeconds = this.definition.objective.windowSeconds;
    const step = burnDownStepSeconds(windowSeconds);
    const windowEnd = 'scalar(max_over_time(vector(time())[1m:1m] @ end()))';
    const perStep = sumBy(by, `sum_over_time(${this.recorded(metric, true)}[${formatJustUnder(step)}])`);
    const inWindow = `${perStep} and on () (vector(time()) > ${windowEnd} - ${windowSeconds})`;
    return `sum_over_time((${inWindow})[${formatPromDuration(windowSeconds)}:${formatPromDuration(step)}])`;
  }

  /** Events of the whole SLO window that ends at the query's end, the same at every t. */
  private wholeWindow(metric: string, by: readonly string[]): string {
    return sumBy(by, `sum_over_time(${this.recorded(metric, true)}[${formatJustUnder(this.definition.objective.windowSeconds)}] @ end())`);
  }

  /** A recorded series of this SLO, with the grouping matchers when the series carries the groups. */
  public recorded(metric: string, grouped: boolean): string {
    return renderVectorSelector({ metric, matchers: this.matchers(grouped) });
  }

  private matchers(grouped: boolean): LabelMatcher[] {
    return [...serviceDashboardSloMatchers(this.definition.name), ...(grouped ? this.groupingMatchers() : [])];
  }

  private groupingMatchers(): LabelMatcher[] {
    return this.grouping.map((label) => groupingMatcher(label, this.groupingVariables.get(label)!));
  }
}

/** A range one millisecond short of `seconds`: `59m59s999ms` for an hour. */

/** The burn-down's subquery step: 1/720 of the window in whole minutes, at least a minute. */
export function burnDownStepSeconds(windowSeconds: number): number {
  return Math.max(SECONDS_PER_MINUTE, Math.floor(windowSeconds / BURN_DOWN_STEPS / SECONDS_PER_MINUTE) * SECONDS_PER_MINUTE);
}
