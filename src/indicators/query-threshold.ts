/**
 * Any PromQL query held against a value, judged once a minute: OpenSLO's thresholdMetric with Timeslices
 * budgeting, for queries that are no gauge sum or freshness. Each group the query returns is an event a
 * minute, a good one while `query <op> value` holds (op lt, lte, gt or gte, as OpenSLO writes it).
 */
import { GroupedIndicator, IndicatorKind } from './indicator-kind';
import { timeSlicePieces } from './time-slice-parts';
import { formatDecimal } from '../model/decimal';
import { error, ValidationIssue } from '../model/validation-issue';
import { promqlSyntaxErrors } from '../promql/syntax';
import { aggregate } from '../rules/promql-builder';

/** The comparison of a good minute, as OpenSLO names it. */
export type ThresholdOperator = 'lt' | 'lte' | 'gt' | 'gte';

/** A query held against a value each minute: good while `query <op> value`. */
export interface QueryThresholdIndicator extends GroupedIndicator {
  readonly kind: 'queryThreshold';
  /** An instant PromQL query, one series per group. */
  readonly query: string;
  readonly op: ThresholdOperator;
  readonly value: number;
}

/** The PromQL comparison that makes a minute bad: the negation of the good one. */
const BAD_COMPARISON: Readonly<Record<ThresholdOperator, string>> = { lt: '>=', lte: '>', gt: '<=', gte: '<' };

export const QUERY_THRESHOLD: IndicatorKind<QueryThresholdIndicator> = {
  // A group with a value is an event each minute, a bad one while the comparison fails.
  ...timeSlicePieces<QueryThresholdIndicator>((indicator) => {
    const perGroup = aggregate('max', indicator.grouping, `(${indicator.query})`);
    return { present: `(${indicator.query})`, bad: `${perGroup} ${BAD_COMPARISON[indicator.op]} bool ${formatDecimal(indicator.value)}` };
  }),

  validate(indicator) {
    const issues: ValidationIssue[] = [];
    const errors = typeof indicator.query === 'string' ? promqlSyntaxErrors(indicator.query) : [{ message: 'must be a PromQL query' }];
    if (errors.length > 0) issues.push(error('indicator.query', `does not parse as PromQL: ${errors[0].message}`));
    if (!(indicator.op in BAD_COMPARISON)) issues.push(error('indicator.op', `must be one of lt, lte, gt and gte, got ${indicator.op}`));
    if (typeof indicator.value !== 'number' || !Number.isFinite(indicator.value)) {
      issues.push(error('indicator.value', `must be a finite number, got ${indicator.value}`));
    }
    return issues;
  },

  toOpenSlo: (indicator, source) => ({
    timeslices: true,
    threshold: indicator.value,
    op: indicator.op,
    spec: { thresholdMetric: source(indicator.query) },
  }),

  // Any threshold query the more specific kinds (freshness, gauge threshold) did not claim, any op.
  fromOpenSlo: {
    metric: 'threshold',
    read(queries) {
      if (queries.metric !== 'threshold') return undefined;
      return { indicator: { kind: 'queryThreshold', query: queries.query, op: queries.op ?? 'lte', value: queries.value, grouping: [] } };
    },
  },

  toPyrra: null,

  readAnnotation(reader, grouping) {
    return {
      kind: 'queryThreshold',
      query: reader.string('query', true) ?? '',
      op: (reader.string('op', true) ?? 'lte') as ThresholdOperator,
      value: reader.number('value', true) ?? 0,
      grouping,
    };
  },

  dashboard: { countsRequests: false, latency: null },
};
