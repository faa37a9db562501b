/**
 * The escape hatch: raw PromQL for the rates of bad (or good) events and of all events, with the
 * `{{.window}}` placeholder where the range goes. The queries are summed per group as written.
 */
import { recordedErrorRate, standaloneErrors } from './event-parts';
import { queryIssues, ratioFieldIssues } from './field-checks';
import { GroupedIndicator, IndicatorKind } from './indicator-kind';
import { BASE_WINDOW_SECONDS } from '../model/alerting-policy';
import { formatPromDuration } from '../model/duration';
import { parsePromql, PromqlSyntaxNode } from '../promql/lezer-parser';
import { fillWindow, WINDOW_PLACEHOLDER } from '../promql/window-placeholder';
import { sumBy } from '../rules/promql-builder';

/** The escape hatch: raw PromQL rates of bad (or good) and total events with a window placeholder. */
export interface QueryIndicator extends GroupedIndicator {
  readonly kind: 'query';
  readonly errorQuery?: string;
  readonly goodQuery?: string;
  readonly totalQuery: string;
}

/**
 * `sum by (grouping) (query)`, or the query itself when it already is that sum: a query read back from a
 * document that this kind wrote keeps its text, so that export → import → export is stable.
 */
function summed(grouping: readonly string[], query: string): string {
  let node: PromqlSyntaxNode | null = parsePromql(fillWindow(query, '5m')).topNode.firstChild;
  const whole = node !== null && node.nextSibling === null && node.name === 'AggregateExpr' && node.getChild('AggregateOp')?.getChild('Sum') !== null;
  if (!whole || node === null) return sumBy(grouping, query);
  const modifier = node.getChild('AggregateModifier');
  const labels: string[] = [];
  node = modifier?.getChild('GroupingLabels') ?? null;
  for (let child = node?.firstChild ?? null; child; child = child.nextSibling) {
    if (child.name === 'LabelName') labels.push(fillWindow(query, '5m').slice(child.from, child.to));
  }
  const byGrouping = modifier === null ? grouping.length === 0 : modifier.getChild('By') !== null && labels.join() === grouping.join();
  return byGrouping ? query : sumBy(grouping, query);
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
      total: summed(indicator.grouping, fillWindow(indicator.totalQuery, window)),
      errors: recordedErrorRate(sideOver(indicator, window), indicator.grouping, recordedTotal, summed),
    };
  },

  events(indicator, window) {
    const total = summed(indicator.grouping, fillWindow(indicator.totalQuery, window));
    return { total, errors: standaloneErrors(sideOver(indicator, window), indicator.grouping, total, summed) };
  },

  // The standalone 5-minute queries, as a ratio of non-counters; a good query stays a good query.
  toOpenSlo(indicator, source) {
    const base = formatPromDuration(BASE_WINDOW_SECONDS);
    const queries = QUERY.events({ ...indicator, grouping: [] }, base);
    const side = indicator.goodQuery !== undefined
      ? { good: source(summed([], fillWindow(indicator.goodQuery, base))) }
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
