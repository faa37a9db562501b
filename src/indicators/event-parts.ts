/**
 * PromQL pieces that several kinds build their rates and event queries from. The error rate of a kind
 * that counts bad events falls back to 0 per group while no bad-event series exist yet, so a service
 * without errors has a ratio of 0, not none; a kind that counts good events subtracts them from the total,
 * clamped at zero (see `atLeastZero`).
 */
import { BASE_WINDOW_SECONDS } from '../model/alerting-policy';
import { onLabels, range, sumBy } from '../rules/promql-builder';

/** Either side of a ratio: a query of bad events or of good events (exactly one is set). */
export interface BadOrGood {
  readonly errors?: string;
  readonly good?: string;
}

/** How a side is summed per group: `sumBy`, or a kind's own that leaves an existing sum alone. */
export type Summation = (grouping: readonly string[], expression: string) => string;

/**
 * `total − good` clamped at zero. The two sides are separate series: on some engines (VictoriaMetrics) a
 * histogram's `_count` and its buckets differ slightly, and vmalert may read a recorded total from the
 * evaluation before, so the difference can dip below zero. `clamp_min` keeps the labels (not the name).
 */
export function atLeastZero(difference: string): string {
  return `clamp_min(${difference}, 0)`;
}

/** `rate(selector[5m])`. */
export function rate5m(selector: string): string {
  return `rate(${range(selector, BASE_WINDOW_SECONDS)})`;
}

/** `fn(selector[window])`. */
export function overWindow(fn: string, selector: string, window: string): string {
  return `${fn}(${selector}[${window}])`;
}

/**
 * The rules' error rate from per-group sums of bad (or good) events, reading the just-recorded total
 * (`recordedTotal`) for the good case and for the zero fallback.
 */
export function recordedErrorRate(side: BadOrGood, grouping: readonly string[], recordedTotal: string, sum: Summation = sumBy): string {
  const on = onLabels(grouping);
  const zeroPerGroup = `(0 * ${recordedTotal})`;
  if (side.errors !== undefined) return `${sum(grouping, side.errors)}\nor ${on}\n${zeroPerGroup}`;
  return atLeastZero(`${recordedTotal}\n- ${on}\n(${sum(grouping, side.good!)} or ${on} ${zeroPerGroup})`);
}

/** A standalone error query from per-group sums of bad (or good) events and the total query. */
export function standaloneErrors(side: BadOrGood, grouping: readonly string[], total: string, sum: Summation = sumBy): string {
  const orZero = (errors: string) => `${errors} or ${onLabels(grouping)} (0 * ${total})`;
  if (side.errors !== undefined) return orZero(sum(grouping, side.errors));
  return atLeastZero(`${total} - (${orZero(sum(grouping, side.good!))})`);
}
