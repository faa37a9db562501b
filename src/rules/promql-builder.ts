/** Small helpers that render PromQL fragments used across the rule generators. */
import { formatPromDuration } from '../model/duration';
import { SLO_NAME_LABEL, SLO_SERVICE_LABEL } from '../model/naming';
import { equalityMatchers, renderVectorSelector } from '../promql/selector';

/** `sum by (a, b) (expr)`, or `sum(expr)` without grouping. */
export function sumBy(grouping: readonly string[], expression: string): string {
  return aggregate('sum', grouping, expression);
}

/** `op by (a, b) (expr)`, or `op(expr)` without grouping. */
export function aggregate(operator: string, grouping: readonly string[], expression: string): string {
  return grouping.length === 0 ? `${operator}(${expression})` : `${operator} by (${grouping.join(', ')}) (${expression})`;
}

/**
 * `max by (a, b) (expr)`: one series per group from a recorded series. While an SLO's labels change, the
 * old label set stays visible for the 5-minute lookback next to the new one; reading a recorded series
 * through this keeps every rule at one series per group (no duplicate label sets, no many-to-many).
 */
export function onePerGroup(labels: readonly string[], expression: string): string {
  return `max by (${labels.join(', ')}) (${expression})`;
}

/** The labels that identify one SLI series: the SLO's identity and its grouping labels. */
export function identityLabels(grouping: readonly string[]): string[] {
  return [SLO_SERVICE_LABEL, SLO_NAME_LABEL, ...grouping];
}

/** `on (a, b)`: the matching clause for one series per group. */
export function onLabels(labels: readonly string[]): string {
  return `on (${labels.join(', ')})`;
}

/** A recorded series of one SLO: `metric{slo_service="checkout",slo_name="availability"}`. */
export function sloSeries(metric: string, service: string, name: string): string {
  return renderVectorSelector({
    metric,
    matchers: equalityMatchers([[SLO_SERVICE_LABEL, service], [SLO_NAME_LABEL, name]]),
  });
}

/** Appends a range to a selector: `metric{...}[5m]`. */
export function range(selector: string, seconds: number): string {
  return `${selector}[${formatPromDuration(seconds)}]`;
}
