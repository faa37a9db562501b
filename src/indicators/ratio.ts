/**
 * Ratio: bad events over all events, from counters selected by PromQL vector selectors. Either the bad
 * events (`errors`) or the good ones (`good`) are counted, never both.
 */
import { pyrraGrouping } from './document-parts';
import { overWindow, rate5m, recordedErrorRate, standaloneErrors } from './event-parts';
import { ratioFieldIssues, selectorIssues } from './field-checks';
import { GroupedIndicator, IndicatorKind } from './indicator-kind';
import { error } from '../model/validation-issue';
import { normalizeSelector } from '../promql/selector';
import { sumBy } from '../rules/promql-builder';

/** Bad events over all events, from counters selected by PromQL vector selectors. */
export interface RatioIndicator extends GroupedIndicator {
  readonly kind: 'ratio';
  /** Selector of the counter of bad events; exactly one of `errors` and `good` is set. */
  readonly errors?: string;
  /** Selector of the counter of good events; exactly one of `errors` and `good` is set. */
  readonly good?: string;
  /** Selector of the counter of all events. */
  readonly total: string;
}

export const RATIO: IndicatorKind<RatioIndicator> = {
  validate: (indicator) => ratioFieldIssues(
    { bad: ['errors', indicator.errors], good: ['good', indicator.good], total: ['total', indicator.total] },
    selectorIssues, 'set exactly one of `errors` (bad events) and `good` (good events)'),

  rates(indicator, recordedTotal) {
    const grouping = indicator.grouping;
    const side = indicator.errors !== undefined
      ? { errors: rate5m(normalizeSelector(indicator.errors)) }
      : { good: rate5m(normalizeSelector(indicator.good!)) };
    return {
      total: sumBy(grouping, rate5m(normalizeSelector(indicator.total))),
      errors: recordedErrorRate(side, grouping, recordedTotal),
    };
  },

  events(indicator, window) {
    const rate = (selector: string) => overWindow('rate', normalizeSelector(selector), window);
    const total = sumBy(indicator.grouping, rate(indicator.total));
    const side = indicator.errors !== undefined ? { errors: rate(indicator.errors) } : { good: rate(indicator.good!) };
    return { total, errors: standaloneErrors(side, indicator.grouping, total) };
  },

  toOpenSlo(indicator, source) {
    const side = indicator.errors !== undefined
      ? { bad: source(normalizeSelector(indicator.errors)) }
      : { good: source(normalizeSelector(indicator.good!)) };
    return { timeslices: false, spec: { ratioMetric: { counter: true, ...side, total: source(normalizeSelector(indicator.total)) } } };
  },

  // Any counter ratio that no more specific kind (latency) claims.
  fromOpenSlo: {
    metric: 'counter',
    read(queries) {
      if (queries.metric === 'threshold') return undefined;
      const side = queries.bad !== undefined ? { errors: queries.bad } : { good: queries.good };
      return { indicator: { kind: 'ratio', ...side, total: queries.total, grouping: [] } };
    },
  },

  toPyrra(indicator, _options, issues) {
    if (indicator.errors === undefined) {
      issues.push(error('indicator.good', 'Pyrra\'s ratio indicator counts errors: give the counter of bad events (`errors`) instead of `good`'));
      return undefined;
    }
    const ratio = { errors: { metric: normalizeSelector(indicator.errors) }, total: { metric: normalizeSelector(indicator.total) } };
    return { ratio: { ...ratio, ...pyrraGrouping(indicator.grouping) } };
  },

  readAnnotation(reader, grouping) {
    return { kind: 'ratio', errors: reader.string('errors'), good: reader.string('good'), total: reader.string('total', true) ?? '', grouping };
  },

  dashboard: { countsRequests: true, latency: null },
};
