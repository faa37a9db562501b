/**
 * A precomputed error ratio, averaged over time: Sloth's raw `errorRatioQuery` SLI. The query gives the
 * ratio of bad events itself, with the `{{.window}}` placeholder where the range goes; it has no event
 * counts, so every minute of data weighs the same whatever its traffic. The ratio over any window is the
 * average of the 5-minute ratios judged once a minute, which is what Sloth records too. This kind cannot
 * be event-weighted: prefer a ratio of counters (`Sli.ratio`, `Sli.query`) whenever the counts exist.
 */
import { GroupedIndicator, IndicatorKind } from './indicator-kind';
import { BASE_WINDOW_SECONDS } from '../model/alerting-policy';
import { formatPromDuration } from '../model/duration';
import { error } from '../model/validation-issue';
import { promqlSyntaxErrors } from '../promql/syntax';
import { fillWindow } from '../promql/window-placeholder';
import { TIME_SLICE_SECONDS } from '../rules/intervals';
import { aggregate, sumBy } from '../rules/promql-builder';

/** A precomputed error ratio (0 to 1) with a window placeholder, averaged over time. */
export interface AveragedErrorRatioIndicator extends GroupedIndicator {
  readonly kind: 'averagedErrorRatio';
  /** PromQL for the ratio of bad events over `{{.window}}`, e.g. `1 - avg_over_time(up[{{.window}}])`. */
  readonly errorRatioQuery: string;
}

/**
 * The 5-minute ratio of each group, one value per group. The `>= 0` filter drops NaN (a 0/0 slice with no
 * data), so an idle minute is no event rather than a NaN that would poison every window that holds it.
 */
function ratio5m(indicator: AveragedErrorRatioIndicator): { bad: string; present: string } {
  const ratio = `(${fillWindow(indicator.errorRatioQuery, formatPromDuration(BASE_WINDOW_SECONDS))}) >= 0`;
  return { bad: aggregate('avg', indicator.grouping, ratio), present: aggregate('group', indicator.grouping, ratio) };
}

export const AVERAGED_ERROR_RATIO: IndicatorKind<AveragedErrorRatioIndicator> = {
  // The placeholder is optional: a gauge of the ratio (`job:error_ratio`) is averaged all the same.
  validate(indicator) {
    const query = indicator.errorRatioQuery;
    if (typeof query !== 'string' || query.trim() === '') return [error('indicator.errorRatioQuery', 'must be a PromQL query for the ratio of bad events')];
    const errors = promqlSyntaxErrors(fillWindow(query, formatPromDuration(BASE_WINDOW_SECONDS)));
    return errors.length > 0 ? [error('indicator.errorRatioQuery', `does not parse as PromQL: ${errors[0].message}`)] : [];
  },

  // Each minute is one event whose badness is the 5-minute ratio: per second (÷ 60), as the other kinds'
  // rates, so that sums over windows are averages of the ratio whatever the short-window interval.
  rates(indicator) {
    const { bad, present } = ratio5m(indicator);
    const perSlice = `/ ${TIME_SLICE_SECONDS}`;
    return { total: `${present} ${perSlice}`, errors: `${bad} ${perSlice}` };
  },

  // Minutes with a ratio, and the sum of their ratios, with a one-minute subquery as the rules judge them.
  events(indicator, window) {
    const { bad, present } = ratio5m(indicator);
    const step = formatPromDuration(TIME_SLICE_SECONDS);
    return {
      total: sumBy(indicator.grouping, `count_over_time((${present})[${window}:${step}])`),
      errors: sumBy(indicator.grouping, `sum_over_time((${bad})[${window}:${step}])`),
    };
  },

  // OpenSLO's precomputed ratio: a raw ratio metric of failures, over 5 minutes.
  toOpenSlo(indicator, source) {
    const query = fillWindow(indicator.errorRatioQuery, formatPromDuration(BASE_WINDOW_SECONDS));
    return { timeslices: false, spec: { ratioMetric: { counter: false, rawType: 'failure', raw: source(query) } } };
  },

  fromOpenSlo: null,

  toPyrra: null,

  readAnnotation: (reader, grouping) => ({ kind: 'averagedErrorRatio', errorRatioQuery: reader.string('errorRatioQuery', true) ?? '', grouping }),

  dashboard: { countsRequests: false, latency: null },
};
