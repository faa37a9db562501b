/**
 * Accuracy: each rule set's 30-day budget remaining for every SLO, read at T0 from the backfilled
 * recorded series, against the exact value from the raw counters. The history is shorter than 30 days,
 * so every 30-day window at T0 holds exactly the history [start, T0]: the exact value is computed over
 * that same span. A calendar window's budget is compared with the exact value since its period's start
 * (month to date), which only a history reaching back to that start can give.
 */
import { PrometheusServer } from './prometheus';
import { RuleSet } from './rulesets/rule-set';
import { TrafficModel, TrafficShape } from './traffic';

export interface BudgetReading {
  readonly service: string;
  readonly shape: TrafficShape;
  /** What the rule set says; NaN when it returned nothing. */
  readonly value: number;
  readonly exact: number;
  /** value − exact, in percentage points of the budget. */
  readonly errorPoints: number;
}

/** 1 − (bad / all) / (1 − target): 1 = untouched, 0 = spent, negative = overspent. */
export function exactBudgetRemaining(model: TrafficModel, sloIndex: number, fromSeconds: number, toSeconds: number, target: number): number {
  return 1 - model.exactErrorRatio(model.slos[sloIndex], fromSeconds, toSeconds) / (1 - target);
}

export interface BudgetReadings {
  readonly readings: BudgetReading[];
  /** Start of the span the exact value covers (the history's start, or the calendar period's). */
  readonly fromSeconds: number;
  /** Why there are no readings, when the history does not reach back to the period's start. */
  readonly skipped?: string;
}

export async function readBudgets(
  server: PrometheusServer, ruleSet: RuleSet, model: TrafficModel, startSeconds: number, t0Seconds: number, target: number,
): Promise<BudgetReadings> {
  const fromSeconds = ruleSet.periodStartSeconds?.(t0Seconds) ?? startSeconds;
  if (fromSeconds < startSeconds) {
    const iso = (s: number) => new Date(s * 1000).toISOString();
    return {
      readings: [],
      fromSeconds,
      skipped: `the history starts at ${iso(startSeconds)}, after the period's start ${iso(fromSeconds)}: no exact period-to-date value to compare with`,
    };
  }
  const readings: BudgetReading[] = [];
  for (const slo of model.slos) {
    const result = await server.query(ruleSet.budgetRemainingQuery(slo), { time: t0Seconds });
    const value = result.samples.length === 1 ? result.samples[0].value : NaN;
    const exact = exactBudgetRemaining(model, slo.index, fromSeconds, t0Seconds, target);
    readings.push({ service: slo.service, shape: slo.shape, value, exact, errorPoints: (value - exact) * 100 });
  }
  return { readings, fromSeconds };
}

export interface AccuracySummary {
  readonly shape: TrafficShape;
  readonly slos: number;
  /** Largest |error| in percentage points (NaN if a reading is missing). */
  readonly maxAbsErrorPoints: number;
  readonly meanErrorPoints: number;
  readonly meanExact: number;
  readonly meanValue: number;
}

export function summarize(readings: readonly BudgetReading[], shape: TrafficShape): AccuracySummary {
  const own = readings.filter((r) => r.shape === shape);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return {
    shape,
    slos: own.length,
    maxAbsErrorPoints: own.some((r) => Number.isNaN(r.value)) ? NaN : Math.max(...own.map((r) => Math.abs(r.errorPoints))),
    meanErrorPoints: mean(own.map((r) => r.errorPoints)),
    meanExact: mean(own.map((r) => r.exact)),
    meanValue: mean(own.map((r) => r.value)),
  };
}
