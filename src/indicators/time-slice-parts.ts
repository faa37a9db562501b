/**
 * Kinds judged once per evaluation (every minute) rather than counted: each group with data is one event
 * a minute, a bad one while its condition holds. The rules divide by the evaluation interval so that the
 * "events per second" sum like request rates; the standalone queries count minutes with a subquery.
 */
import { BaseRateExpressions, EventQueries, IndicatorKind } from './indicator-kind';
import { formatPromDuration } from '../model/duration';
import { SHORT_WINDOW_GROUP_INTERVAL_SECONDS } from '../rules/intervals';
import { aggregate, sumBy } from '../rules/promql-builder';

/** What a time-slice kind judges: `present` selects the series whose groups are events, `bad` is 1 for a bad minute. */
export interface TimeSlice {
  readonly present: string;
  readonly bad: string;
}

/** The rules' per-evaluation rates of a time-slice kind. */
export function timeSliceRates(grouping: readonly string[], slice: TimeSlice): BaseRateExpressions {
  const perEvaluation = `/ ${SHORT_WINDOW_GROUP_INTERVAL_SECONDS}`;
  return {
    total: `${sumBy(grouping, aggregate('group', grouping, slice.present))} ${perEvaluation}`,
    errors: `${sumBy(grouping, slice.bad)} ${perEvaluation}`,
  };
}

/** Standalone minute counts of a time-slice kind over `window`: a `[window:1m]` subquery, as the rules judge. */
export function timeSliceEvents(grouping: readonly string[], slice: TimeSlice, window: string): EventQueries {
  const step = formatPromDuration(SHORT_WINDOW_GROUP_INTERVAL_SECONDS);
  return {
    total: sumBy(grouping, `count_over_time(${aggregate('group', grouping, slice.present)}[${window}:${step}])`),
    errors: sumBy(grouping, `sum_over_time((${slice.bad})[${window}:${step}])`),
  };
}

/** The rules and standalone queries of a time-slice kind, from what it judges each minute. */
export function timeSlicePieces<I extends { readonly grouping: readonly string[] }>(
  slice: (indicator: I) => TimeSlice,
): Pick<IndicatorKind<I>, 'rates' | 'events'> {
  return {
    rates: (indicator) => timeSliceRates(indicator.grouping, slice(indicator)),
    events: (indicator, window) => timeSliceEvents(indicator.grouping, slice(indicator), window),
  };
}
