/**
 * Accuracy: each rule set's 30-day budget remaining for every SLO, read at T0 from the backfilled
 * recorded series, against the exact value from the raw counters. The history is shorter than 30 days,
 * so every 30-day window at T0 holds exactly the history [start, T0]: the exact value is computed over
 * that same span.
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

export async function readBudgets(
  server: PrometheusServer, ruleSet: RuleSet, model: TrafficModel, startSeconds: number, t0Seconds: number, target: number,
): Promise<BudgetReading[]> {
  const readings: BudgetReading[] = [];
  for (const slo of model.slos) {
    const result = await server.query(ruleSet.budgetRemainingQuery(slo), { time: t0Seconds });
    const value = result.samples.length === 1 ? result.samples[0].value : NaN;
    const exact = exactBudgetRemaining(model, slo.index, startSeconds, t0Seconds, target);
    readings.push({ service: slo.service, shape: slo.shape, value, exact, errorPoints: (value - exact) * 100 });
  }
  return readings;
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
