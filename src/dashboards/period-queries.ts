/**
 * The PromQL behind the panels of a calendar SLO (a week, month or quarter) on its service dashboard. The
 * period's boundaries come from the recorded `slo:period_start:timestamp` and `slo:period_end:timestamp`,
 * never from Grafana's clock, so they are right whatever time zone the browser shows.
 */
import { SloQueries } from './slo-queries';
import { CalendarPeriod, MAX_PERIOD_SECONDS } from '../model/calendar-period';
import { formatPromDuration, SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from '../model/duration';
import {
  PERIOD_BUDGET_BURNDOWN, PERIOD_END_TIMESTAMP, PERIOD_ERROR_BUDGET_REMAINING, PERIOD_ERROR_RATIO, PERIOD_START_TIMESTAMP,
} from '../model/naming';
import { LabelMatcher, renderVectorSelector } from '../promql/selector';
import { identityLabels, onePerGroup, onLabels } from '../rules/promql-builder';

/** The panel time override that shows the period so far, by unit (Grafana's "This week/month/fiscal quarter so far"). */
const PERIOD_SO_FAR: Record<CalendarPeriod['unit'], string> = {
  week: 'now/w',
  month: 'now/M',
  // Grafana has no calendar-quarter rounding in a panel override; a fiscal quarter is one when the fiscal
  // year starts in January, which is what a panel override assumes.
  quarter: 'now/fQ',
};

/** Queries of one calendar SLO, next to the rolling ones of `q`. */
export class PeriodQueries {
  private readonly identity: string[];
  private readonly slo = identityLabels([]);

  public constructor(private readonly q: SloQueries, private readonly calendar: CalendarPeriod) {
    this.identity = identityLabels(q.grouping);
  }

  /** The calendar unit: `week`, `month` or `quarter`. */
  public get unit(): string {
    return this.calendar.unit;
  }

  /** The SLI since the start of the current period, one series per group. */
  public sli(): string {
    return `1 - ${this.errorRatio()}`;
  }

  /**
   * The budget of the whole period left, drawn over the current period only: 1 at its start, the budget
   * remaining at its end (see PERIOD_BUDGET_BURNDOWN).
   */
  public burnDown(): string {
    return this.inCurrentPeriod(onePerGroup(this.identity, this.q.recorded(PERIOD_BUDGET_BURNDOWN, true)));
  }

  /** The ideal burn-down, the budget spent evenly over the period: 1 − elapsed ÷ length, one line per SLO. */
  public idealBurnDown(): string {
    const start = this.start();
    const end = onePerGroup(this.slo, this.q.recorded(PERIOD_END_TIMESTAMP, false));
    return this.inCurrentPeriod(`1 - (time() - ${start}) / (${end} - ${start})`);
  }

  /** The SLI of the previous period at its end, one series per group. */
  public previousSli(): string {
    return `1 - ${this.atPreviousPeriodEnd(PERIOD_ERROR_RATIO)}`;
  }

  /** The budget left of the previous period at its end (below 0: that period's SLO was missed). */
  public previousBudgetRemaining(): string {
    return this.atPreviousPeriodEnd(PERIOD_ERROR_BUDGET_REMAINING);
  }

  /** The panel time override showing the current period so far, in the browser's time zone (`now/M`). */
  public periodSoFar(): string {
    return PERIOD_SO_FAR[this.calendar.unit];
  }

  /**
   * The subquery step of the previous period's end: the longest of 1h, 30m, 15m, … that divides the UTC
   * offset, so that a step falls exactly on every period boundary (local midnight).
   */
  public boundaryStepSeconds(): number {
    const offsetMinutes = Math.abs(this.calendar.utcOffsetSeconds) / SECONDS_PER_MINUTE;
    return gcd(SECONDS_PER_HOUR / SECONDS_PER_MINUTE, offsetMinutes % 60) * SECONDS_PER_MINUTE;
  }

  private errorRatio(): string {
    return onePerGroup(this.identity, this.q.recorded(PERIOD_ERROR_RATIO, true));
  }

  /** The start of the period each sample belongs to, one series per SLO. */
  private start(): string {
    return onePerGroup(this.slo, this.q.recorded(PERIOD_START_TIMESTAMP, false));
  }

  /** The start of the period current at the end of the query (`@ end()`, Prometheus 2.33+). */
  private currentStart(): string {
    return onePerGroup(this.slo, `${this.q.recorded(PERIOD_START_TIMESTAMP, false)} @ end()`);
  }

  /**
   * `expr` only where its sample belongs to the period current at the query's end: a panel whose range
   * starts before the period (the browser's month is not the SLO's) leaves the previous period out.
   */
  private inCurrentPeriod(expr: string): string {
    return `${expr}\nand ${onLabels(this.slo)}\n(${this.start()} == ${onLabels(this.slo)} ${this.currentStart()})`;
  }

  /**
   * The last value the recorded `metric` (one series per group) had in a period before the current one:
   * a subquery over the longest period and a day keeps the steps whose period started before the current
   * one, and takes the last. Subquery steps fall on multiples of the step, so one falls on the boundary;
   * read a millisecond earlier (an evaluation exactly on the boundary already belongs to the new period),
   * its latest sample is the previous period's last evaluation. Meant for instant queries: one subquery
   * per evaluation.
   */
  private atPreviousPeriodEnd(metric: string): string {
    const range = MAX_PERIOD_SECONDS[this.calendar.unit] + SECONDS_PER_DAY;
    const justBefore = (selector: string) => `${selector} offset 1ms`;
    const value = onePerGroup(this.identity, justBefore(this.q.recorded(metric, true)));
    const start = onePerGroup(this.slo, justBefore(this.q.recorded(PERIOD_START_TIMESTAMP, false)));
    const before = `${value}\nand ${onLabels(this.slo)}\n(${start} < ${onLabels(this.slo)} ${this.currentStart()})`;
    return `last_over_time((\n${before}\n)[${formatPromDuration(range)}:${formatPromDuration(this.boundaryStepSeconds())}])`;
  }
}

/**
 * The period starts of the SLOs `matchers` select, in milliseconds: an annotation whose value is its time
 * (only calendar SLOs record the series).
 */
export function periodStartsInMilliseconds(matchers: LabelMatcher[]): string {
  return `${onePerGroup(identityLabels([]), renderVectorSelector({ metric: PERIOD_START_TIMESTAMP, matchers }))} * 1000`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
