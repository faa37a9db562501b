/**
 * Error-budget accounting over a reporting period, from event counts per step: availability, budget
 * spent, the budget remaining over time, the worst periods and the gaps in the data.
 *
 * The budget is event-based, as in the SRE workbook: (1 − objective) × all events of the period. So
 * "remaining" at a time is 1 − (bad events so far) / (the budget of the whole period); it ends at
 * 1 − consumed and goes below zero when the budget is overspent.
 */

/** A span of time, in seconds since the epoch: (start, end]. */
export interface TimeRange {
  readonly start: number;
  readonly end: number;
}

/** The events of one step of a report: the step covers (start, end]. */
export interface BudgetStep extends TimeRange {
  /**
   * Bad events in the step; undefined when the step has no usable data (no samples, or NaN).
   */
  readonly errors?: number;
  /** All events in the step; undefined when the step has no usable data. */
  readonly total?: number;
  /** The objective in force during the step (0 < objective < 1). */
  readonly objective: number;
  /** How much of the step the samples cover, from 0 (none) to 1 (every expected sample). */
  readonly coverage: number;
}

/** The budget remaining at one time, as a fraction of the period's budget (negative when overspent). */
export interface BudgetPoint {
  readonly time: number;
  readonly remaining: number;
}

/** The totals of a period. Ratios are undefined where they would be 0/0: never NaN. */
export interface BudgetAccount {
  readonly totalEvents: number;
  readonly errorEvents: number;
  readonly goodEvents: number;
  /** good / total events; undefined without events. */
  readonly availability?: number;
  /** Bad events the period allows: Σ (1 − objective) × total, step by step (the objective may change). */
  readonly budgetEvents: number;
  /** Bad events / budget: 1 is the whole budget, above 1 overspent; undefined without events. */
  readonly consumed?: number;
  /** 1 − consumed; undefined without events. */
  readonly remaining?: number;
  /**
   * The budget remaining at the start and at the end of every step (one point more than steps); empty
   * without events.
   */
  readonly remainingOverTime: readonly BudgetPoint[];
  /** The share of the period covered by samples, from 0 to 1. */
  readonly coverage: number;
  /** Steps without any usable data, merged into ranges. */
  readonly gaps: readonly TimeRange[];
  /** Steps with data that was NaN or infinite (left out, and counted as gaps). */
  readonly invalidSteps: number;
}

/** Sums the steps of a period. */
export function accountBudget(steps: readonly BudgetStep[]): BudgetAccount {
  let totalEvents = 0;
  let errorEvents = 0;
  let budgetEvents = 0;
  let covered = 0;
  let length = 0;
  let invalidSteps = 0;
  for (const step of steps) {
    length += step.end - step.start;
    if (!hasData(step)) {
      if (step.errors !== undefined || step.total !== undefined) invalidSteps++;
      continue;
    }
    covered += clamp01(step.coverage) * (step.end - step.start);
    totalEvents += step.total!;
    errorEvents += step.errors!;
    budgetEvents += (1 - step.objective) * step.total!;
  }
  const withEvents = totalEvents > 0 && budgetEvents > 0;
  const consumed = withEvents ? errorEvents / budgetEvents : undefined;
  return {
    totalEvents,
    errorEvents,
    goodEvents: totalEvents - errorEvents,
    availability: totalEvents > 0 ? (totalEvents - errorEvents) / totalEvents : undefined,
    budgetEvents,
    consumed,
    remaining: consumed === undefined ? undefined : 1 - consumed,
    remainingOverTime: withEvents ? remainingOverTime(steps, budgetEvents) : [],
    coverage: length > 0 ? covered / length : 0,
    gaps: gaps(steps),
    invalidSteps,
  };
}

/** Whether a step has finite event counts. */
export function hasData(step: BudgetStep): boolean {
  return step.errors !== undefined && step.total !== undefined && Number.isFinite(step.errors) && Number.isFinite(step.total);
}

function remainingOverTime(steps: readonly BudgetStep[], budgetEvents: number): BudgetPoint[] {
  if (steps.length === 0) return [];
  const points: BudgetPoint[] = [{ time: steps[0].start, remaining: 1 }];
  let spent = 0;
  for (const step of steps) {
    if (hasData(step)) spent += step.errors!;
    points.push({ time: step.end, remaining: 1 - spent / budgetEvents });
  }
  return points;
}

function gaps(steps: readonly BudgetStep[]): TimeRange[] {
  const ranges: TimeRange[] = [];
  for (const step of steps) {
    if (hasData(step) && step.coverage > 0) continue;
    const last = ranges[ranges.length - 1];
    if (last && last.end === step.start) ranges[ranges.length - 1] = { start: last.start, end: step.end };
    else ranges.push({ start: step.start, end: step.end });
  }
  return ranges;
}

/** The ideal linear burn-down: all of the budget at `start`, none left at `end`. */
export function idealRemaining(time: number, start: number, end: number): number {
  return end > start ? 1 - (time - start) / (end - start) : 1;
}

/** A period of the report with its bad events and their share of the whole period's budget. */
export interface WorstPeriod extends TimeRange {
  readonly errorEvents: number;
  readonly totalEvents: number;
  /** good / total in this period; undefined without events. */
  readonly availability?: number;
  /** errorEvents / the whole period's budget (0.25: a quarter of the budget went in this period). */
  readonly budgetShare?: number;
}

/**
 * The `count` periods with the most bad events, worst first. Periods are `bucketSeconds` long and
 * aligned to the epoch (so days are UTC days), clipped to the steps; a step belongs to the bucket its
 * start falls in. Periods without bad events are never listed.
 */
export function worstPeriods(steps: readonly BudgetStep[], bucketSeconds: number, budgetEvents: number, count: number): WorstPeriod[] {
  const buckets = new Map<number, { start: number; end: number; errors: number; total: number }>();
  for (const step of steps) {
    if (!hasData(step)) continue;
    const key = Math.floor(step.start / bucketSeconds) * bucketSeconds;
    const bucket = buckets.get(key) ?? { start: Math.max(key, steps[0].start), end: step.end, errors: 0, total: 0 };
    bucket.end = Math.max(bucket.end, Math.min(key + bucketSeconds, step.end));
    bucket.errors += step.errors!;
    bucket.total += step.total!;
    buckets.set(key, bucket);
  }
  return [...buckets.values()]
    .filter((b) => b.errors > 0)
    // Most bad events first; the earlier period first on a tie, so the order is deterministic.
    .sort((a, b) => b.errors - a.errors || a.start - b.start)
    .slice(0, count)
    .map((b) => ({
      start: b.start,
      end: b.end,
      errorEvents: b.errors,
      totalEvents: b.total,
      availability: b.total > 0 ? (b.total - b.errors) / b.total : undefined,
      budgetShare: budgetEvents > 0 ? b.errors / budgetEvents : undefined,
    }));
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
