/**
 * Kinds judged in time slices rather than counted: each group with data is one event a slice, a bad one
 * while its condition holds. The rules divide by the slice's length so that the "events per second" sum
 * like request rates, whatever the short-window interval; the standalone queries count slices with a
 * subquery stepped by the slice.
 *
 * A one-minute slice (the default) is judged at every evaluation: n samples a minute at 60/n s spacing
 * count one event. A longer slice T is tiled: slices are [kT − T, kT] for whole k, each judged once at
 * its end, and that judgement is recorded as 1/T per second at every evaluation until the next slice
 * ends, so every slice counts exactly one event over the T seconds after it. The price: a slice shows up
 * in the windows only once it is complete, up to one slice late.
 */
import { BaseRateExpressions, EventQueries, IndicatorKind } from './indicator-kind';
import { formatJustUnder, formatPromDuration } from '../model/duration';
import { DEFAULT_TIME_SLICE_SECONDS, isTiledSlice } from '../model/time-slice';
import { aggregate, sumBy } from '../rules/promql-builder';

/**
 * What a time-slice kind judges: `present` selects the series whose groups are events, `bad` is 1 for a
 * bad slice; `sliceSeconds` is the slice's length (undefined: one minute).
 */
export interface TimeSlice {
  readonly present: string;
  readonly bad: string;
  readonly sliceSeconds?: number;
}

/**
 * `judgement` as it was at the end of the last complete slice of `sliceSeconds`. A subquery's steps are
 * multiples of its step since the epoch, and a range just under one slice holds exactly one of them at
 * any millisecond under Prometheus 2's closed ranges (a full slice would also hold the slice before at
 * the boundary instant).
 */
export function lastCompleteSlice(judgement: string, sliceSeconds: number): string {
  return `last_over_time((${judgement})[${formatJustUnder(sliceSeconds)}:${formatPromDuration(sliceSeconds)}])`;
}

/** What the rules record of `judgement`: as it is for one-minute slices, else the last complete slice's. */
export function sliceJudgement(judgement: string, sliceSeconds: number): string {
  return isTiledSlice(sliceSeconds) ? lastCompleteSlice(judgement, sliceSeconds) : judgement;
}

/** The rules' per-second rates of a time-slice kind: 1/T per group (and per bad group) while a slice counts. */
export function timeSliceRates(grouping: readonly string[], slice: TimeSlice): BaseRateExpressions {
  const length = slice.sliceSeconds ?? DEFAULT_TIME_SLICE_SECONDS;
  const judged = (judgement: string) => sliceJudgement(judgement, length);
  const perSlice = `/ ${length}`;
  return {
    total: `${sumBy(grouping, judged(aggregate('group', grouping, slice.present)))} ${perSlice}`,
    errors: `${sumBy(grouping, judged(slice.bad))} ${perSlice}`,
  };
}

/** Standalone slice counts of a time-slice kind over `window`: a `[window:T]` subquery, as the rules judge. */
export function timeSliceEvents(grouping: readonly string[], slice: TimeSlice, window: string): EventQueries {
  const step = formatPromDuration(slice.sliceSeconds ?? DEFAULT_TIME_SLICE_SECONDS);
  return {
    total: sumBy(grouping, `count_over_time(${aggregate('group', grouping, slice.present)}[${window}:${step}])`),
    errors: sumBy(grouping, `sum_over_time((${slice.bad})[${window}:${step}])`),
  };
}

/** An indicator's optional slice field: absent for the default, so documents stay as they were. */
export function optionalSlice(seconds: number | undefined): { readonly timeSliceSeconds?: number } {
  return seconds === undefined ? {} : { timeSliceSeconds: seconds };
}

/** The rules and standalone queries of a time-slice kind, from what it judges each slice. */
export function timeSlicePieces<I extends { readonly grouping: readonly string[] }>(
  slice: (indicator: I) => TimeSlice,
): Pick<IndicatorKind<I>, 'rates' | 'events'> {
  return {
    rates: (indicator) => timeSliceRates(indicator.grouping, slice(indicator)),
    events: (indicator, window) => timeSliceEvents(indicator.grouping, slice(indicator), window),
  };
}
