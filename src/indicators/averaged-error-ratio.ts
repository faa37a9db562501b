/**
 * A precomputed error ratio, averaged over time: Sloth's raw `errorRatioQuery` SLI. The query gives the
 * ratio of bad events itself, with the `{{.window}}` placeholder where the range goes; it has no event
 * counts, so every slice of data weighs the same whatever its traffic. By default the ratio over any
 * window is the average of the 5-minute ratios judged once a minute, which is what Sloth records too.
 * With a longer time slice T it is OpenSLO's RatioTimeslices: the average of the ratios of the tiled
 * slices, each the query over T judged at the slice's end (time-slice-parts.ts). This kind cannot be
 * event-weighted: prefer a ratio of counters (`Sli.ratio`, `Sli.query`) whenever the counts exist.
 */
import { GroupedIndicator, IndicatorKind } from './indicator-kind';
import { optionalSlice, sliceJudgement } from './time-slice-parts';
import { BASE_WINDOW_SECONDS } from '../model/alerting-policy';
import { formatPromDuration } from '../model/duration';
import { DEFAULT_TIME_SLICE_SECONDS, isTiledSlice, timeSliceIssues } from '../model/time-slice';
import { error, ValidationIssue } from '../model/validation-issue';
import { promqlSyntaxErrors } from '../promql/syntax';
import { fillWindow } from '../promql/window-placeholder';
import { aggregate, sumBy } from '../rules/promql-builder';

/** A precomputed error ratio (0 to 1) with a window placeholder, averaged over time. */
export interface AveragedErrorRatioIndicator extends GroupedIndicator {
  readonly kind: 'averagedErrorRatio';
  /** PromQL for the ratio of bad events over `{{.window}}`, e.g. `1 - avg_over_time(up[{{.window}}])`. */
  readonly errorRatioQuery: string;
  /**
   * Length of the tiled slices whose ratios are averaged, in seconds; the placeholder then becomes this
   * length. Undefined: the 5-minute ratio judged every minute.
   */
  readonly timeSliceSeconds?: number;
}

/** The range the window placeholder stands for: the slice when slices are tiled, else five minutes. */
function ratioWindow(indicator: AveragedErrorRatioIndicator): string {
  return formatPromDuration(isTiledSlice(indicator.timeSliceSeconds) ? indicator.timeSliceSeconds : BASE_WINDOW_SECONDS);
}

/**
 * The ratio of each group, one value per group. The `>= 0` filter drops NaN (a 0/0 slice with no data),
 * so an idle slice is no event rather than a NaN that would poison every window that holds it.
 */
function sliceRatio(indicator: AveragedErrorRatioIndicator): { bad: string; present: string } {
  const ratio = `(${fillWindow(indicator.errorRatioQuery, ratioWindow(indicator))}) >= 0`;
  return { bad: aggregate('avg', indicator.grouping, ratio), present: aggregate('group', indicator.grouping, ratio) };
}

export const AVERAGED_ERROR_RATIO: IndicatorKind<AveragedErrorRatioIndicator> = {
  // The placeholder is optional: a gauge of the ratio (`job:error_ratio`) is averaged all the same.
  validate(indicator) {
    const issues: ValidationIssue[] = timeSliceIssues('indicator.timeSlice', indicator.timeSliceSeconds);
    const query = indicator.errorRatioQuery;
    if (typeof query !== 'string' || query.trim() === '') return [...issues, error('indicator.errorRatioQuery', 'must be a PromQL query for the ratio of bad events')];
    const errors = promqlSyntaxErrors(fillWindow(query, formatPromDuration(BASE_WINDOW_SECONDS)));
    if (errors.length > 0) issues.push(error('indicator.errorRatioQuery', `does not parse as PromQL: ${errors[0].message}`));
    return issues;
  },

  // Each slice is one event whose badness is its ratio: per second (÷ the slice's length), as the other
  // kinds' rates, so that sums over windows are averages of the ratio whatever the short-window interval.
  rates(indicator) {
    const { bad, present } = sliceRatio(indicator);
    const length = indicator.timeSliceSeconds ?? DEFAULT_TIME_SLICE_SECONDS;
    return { total: `${sliceJudgement(present, length)} / ${length}`, errors: `${sliceJudgement(bad, length)} / ${length}` };
  },

  // Slices with a ratio, and the sum of their ratios, with a subquery stepped by the slice as the rules judge them.
  events(indicator, window) {
    const { bad, present } = sliceRatio(indicator);
    const step = formatPromDuration(indicator.timeSliceSeconds ?? DEFAULT_TIME_SLICE_SECONDS);
    return {
      total: sumBy(indicator.grouping, `count_over_time((${present})[${window}:${step}])`),
      errors: sumBy(indicator.grouping, `sum_over_time((${bad})[${window}:${step}])`),
    };
  },

  // OpenSLO's precomputed ratio: a raw ratio metric of failures, over 5 minutes (Occurrences), or over
  // the slice with tiled slices, whose ratios RatioTimeslices averages.
  toOpenSlo(indicator, source) {
    const query = fillWindow(indicator.errorRatioQuery, ratioWindow(indicator));
    const spec = { ratioMetric: { counter: false, rawType: 'failure', raw: source(query) } };
    if (!isTiledSlice(indicator.timeSliceSeconds)) return { timeslices: false, spec };
    return { timeslices: true, averagedSlices: true, timeSliceSeconds: indicator.timeSliceSeconds, spec };
  },

  fromOpenSlo: null,

  toPyrra: null,

  readAnnotation: (reader, grouping) => ({
    kind: 'averagedErrorRatio',
    errorRatioQuery: reader.string('errorRatioQuery', true) ?? '',
    ...optionalSlice(reader.number('timeSliceSeconds')),
    grouping,
  }),

  dashboard: { countsRequests: false, latency: null },
};
