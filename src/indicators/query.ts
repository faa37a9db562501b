/**
 * The escape hatch: raw PromQL for the rates of bad (or good) events and of all events, with the
 * `{{.window}}` placeholder where the range goes. The queries are summed per group as written.
 */
import { recordedErrorRate, standaloneErrors } from './event-parts';
import { queryIssues, ratioFieldIssues } from './field-checks';
import { GroupedIndicator, IndicatorKind } from './indicator-kind';
import { BASE_WINDOW_SECONDS } from '../model/alerting-policy';
import { formatPromDuration } from '../model/duration';
import { fillWindow, WINDOW_PLACEHOLDER } from '../promql/window-placeholder';
import { sumBy } from '../rules/promql-builder';

/** The escape hatch: raw PromQL rates of bad (or good) and total events with a window placeholder. */
export interface QueryIndicator extends GroupedIndicator {
  readonly kind: 'query';
  readonly errorQuery?: string;
  readonly goodQuery?: string;
  readonly totalQuery: string;
}

/** The bad or good side of the indicator over `window`. */
function sideOver(indicator: QueryIndicator, window: string): { errors?: string; good?: string } {
  return indicator.errorQuery !== undefined
    ? { errors: fillWindow(indicator.errorQuery, window) }
    : { good: fillWindow(indicator.goodQuery!, window) };
}

export const QUERY: IndicatorKind<QueryIndicator> = {
  validate: (indicator) => ratioFieldIssues(
    { bad: ['errorQuery', indicator.errorQuery], good: ['goodQuery', indicator.goodQuery], total: ['totalQuery', indicator.totalQuery] },
    queryIssues, 'set exactly one of `errorQuery` and `goodQuery`'),

  rates(indicator, recordedTotal) {
    const window = formatPromDuration(BASE_WINDOW_SECONDS);
    return {
      total: sumBy(indicator.grouping, fillWindow(indicator.totalQuery, window)),
      errors: recordedErrorRate(sideOver(indicator, window), indicator.grouping, recordedTotal),
    };
  },

  events(indicator, window) {
    const total = sumBy(indicator.grouping, fillWindow(indicator.totalQuery, window));
    return { total, errors: standaloneErrors(sideOver(indicator, window), indicator.grouping, total) };
  },

  // The standalone 5-minute queries, as a ratio of non-counters; a good query stays a good query.
  toOpenSlo(indicator, source) {
    const base = formatPromDuration(BASE_WINDOW_SECONDS);
    const queries = QUERY.events({ ...indicator, grouping: [] }, base);
    const side = indicator.goodQuery !== undefined
      ? { good: source(`sum(${fillWindow(indicator.goodQuery, base)})`) }
      : { bad: source(queries.errors) };
    return { timeslices: false, spec: { ratioMetric: { counter: false, ...side, total: source(queries.total) } } };
  },

  // Non-counter queries that all hold the window placeholder.
  fromOpenSlo: {
    metric: 'raw',
    read(queries) {
      if (queries.metric === 'threshold') return undefined;
      const all = [queries.good, queries.bad, queries.total].filter((q): q is string => q !== undefined);
      if (!all.every((q) => q.includes(WINDOW_PLACEHOLDER))) return undefined;
      return { indicator: { kind: 'query', errorQuery: queries.bad, goodQuery: queries.good, totalQuery: queries.total, grouping: [] } };
    },
  },

  toPyrra: null,

  readAnnotation(reader, grouping) {
    return {
      kind: 'query',
      errorQuery: reader.string('errorQuery'),
      goodQuery: reader.string('goodQuery'),
      totalQuery: reader.string('totalQuery', true) ?? '',
      grouping,
    };
  },

  dashboard: { countsRequests: false, latency: null },
};
