/** Small helpers that render PromQL fragments used across the rule generators. */
import { SLO_NAME_LABEL, SLO_SERVICE_LABEL } from './naming';
import { formatPromDuration } from '../model/duration';
import { equalityMatchers, renderVectorSelector } from '../promql/selector';

/** `sum by (a, b) (expr)`, or `sum(expr)` without grouping. */
export function sumBy(grouping: readonly string[], expression: string): string {
  return grouping.length === 0 ? `sum(${expression})` : `sum by (${grouping.join(', ')}) (${expression})`;
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
