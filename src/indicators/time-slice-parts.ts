/**
 * Kinds judged in one-minute time slices rather than counted: each group with data is one event a minute,
 * a bad one while its condition holds. The rules divide by the slice's 60 s so that the "events per
 * second" sum like request rates, whatever the short-window interval (n samples a minute at 60/n s
 * spacing still count one event); the standalone queries count minutes with a subquery.
 */
import { BaseRateExpressions, EventQueries, IndicatorKind } from './indicator-kind';
import { formatPromDuration } from '../model/duration';
import { TIME_SLICE_SECONDS } from '../rules/intervals';
import { aggregate, sumBy } from '../rules/promql-builder';

/** What a time-slice kind judges: `present` selects the series whose groups are events, `bad` is 1 for a bad minute. */
export interface TimeSlice {
  readonly present: string;
  readonly bad: string;
}

/** The rules' per-second rates of a time-slice kind: 1/60 per group (and per bad group) while a slice lasts. */
export function timeSliceRates(grouping: readonly string[], slice: TimeSlice): BaseRateExpressions {
  const perSlice = `/ ${TIME_SLICE_SECONDS}`;
  return {
    total: `${sumBy(grouping, aggregate('group', grouping, slice.present))} ${perSlice}`,
    errors: `${sumBy(grouping, slice.bad)} ${perSlice}`,
  };
}

/** Standalone minute counts of a time-slice kind over `window`: a `[window:1m]` subquery, as the rules judge. */
export function timeSliceEvents(grouping: readonly string[], slice: TimeSlice, window: string): EventQueries {
  const step = formatPromDuration(TIME_SLICE_SECONDS);
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
