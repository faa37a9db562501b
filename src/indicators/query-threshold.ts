/**
 * Any PromQL query held against a value, judged once a time slice: OpenSLO's thresholdMetric with
 * Timeslices budgeting, for queries that are no gauge sum or freshness. Each group the query returns is an
 * event a slice, a good one while `query <op> value` holds (op lt, lte, gt or gte, as OpenSLO writes it).
 * Slices are one minute, judged at every evaluation, or tiled slices of a longer length judged once, at
 * their end (time-slice-parts.ts): the query then aggregates over the slice itself, e.g. `rate(x[5m])`.
 */
import { GroupedIndicator, IndicatorKind } from './indicator-kind';
import { optionalSlice, timeSlicePieces } from './time-slice-parts';
import { formatDecimal } from '../model/decimal';
import { timeSliceIssues } from '../model/time-slice';
import { error, ValidationIssue } from '../model/validation-issue';
import { promqlSyntaxErrors } from '../promql/syntax';
import { aggregate } from '../rules/promql-builder';

/** The comparison of a good minute, as OpenSLO names it. */
export type ThresholdOperator = 'lt' | 'lte' | 'gt' | 'gte';

/** A query held against a value each slice: good while `query <op> value`. */
export interface QueryThresholdIndicator extends GroupedIndicator {
  readonly kind: 'queryThreshold';
  /** An instant PromQL query, one series per group. */
  readonly query: string;
  readonly op: ThresholdOperator;
  readonly value: number;
  /** Length of the tiled slices in seconds. Undefined: one minute, judged at every evaluation. */
  readonly timeSliceSeconds?: number;
}

/** The PromQL comparison that makes a minute bad: the negation of the good one. */
const BAD_COMPARISON: Readonly<Record<ThresholdOperator, string>> = { lt: '>=', lte: '>', gt: '<=', gte: '<' };

export const QUERY_THRESHOLD: IndicatorKind<QueryThresholdIndicator> = {
  // A group with a value is an event each minute, a bad one while the comparison fails.
  ...timeSlicePieces<QueryThresholdIndicator>((indicator) => {
    const perGroup = aggregate('max', indicator.grouping, `(${indicator.query})`);
    return {
      present: `(${indicator.query})`,
      bad: `${perGroup} ${BAD_COMPARISON[indicator.op]} bool ${formatDecimal(indicator.value)}`,
      sliceSeconds: indicator.timeSliceSeconds,
    };
  }),

  validate(indicator) {
    const issues: ValidationIssue[] = timeSliceIssues('indicator.timeSlice', indicator.timeSliceSeconds);
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
    timeSliceSeconds: indicator.timeSliceSeconds,
    spec: { thresholdMetric: source(indicator.query) },
  }),

  // Any threshold query the more specific kinds (freshness, gauge threshold) did not claim, any op.
  fromOpenSlo: {
    metric: 'threshold',
    read(queries) {
      if (queries.metric !== 'threshold') return undefined;
      const indicator = { kind: 'queryThreshold', query: queries.query, op: queries.op ?? 'lte', value: queries.value, grouping: [] } as const;
      return { indicator: { ...indicator, ...optionalSlice(queries.timeSliceSeconds) } };
    },
  },

  toPyrra: null,

  readAnnotation(reader, grouping) {
    return {
      kind: 'queryThreshold',
      query: reader.string('query', true) ?? '',
      op: (reader.string('op', true) ?? 'lte') as ThresholdOperator,
      value: reader.number('value', true) ?? 0,
      ...optionalSlice(reader.number('timeSliceSeconds')),
      grouping,
    };
  },

  dashboard: { countsRequests: false, latency: null },
};
