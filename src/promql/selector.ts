import { promqlProblems } from './expression-checks';
import { parsePromql } from './lezer-parser';
import { quotePromqlString, unquotePromqlString } from './string-literal';
import { promqlSyntaxErrors } from './syntax';

export type MatchOperator = '=' | '!=' | '=~' | '!~';

/** One label matcher: `job="checkout"`, `code=~"5.."`. */
export interface LabelMatcher {
  readonly name: string;
  readonly operator: MatchOperator;
  readonly value: string;
}

/** An instant vector selector: a metric name and label matchers, with no range, offset or `@`. */
export interface VectorSelector {
  readonly metric?: string;
  readonly matchers: readonly LabelMatcher[];
}

/** Prometheus's (pre-UTF-8) label and metric name grammar, the one every Prometheus 2.x and 3.x accepts. */
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
export const METRIC_NAME_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * Parses text that must be exactly one vector selector, such as `http_requests_total{job="checkout"}`.
 * Throws an Error whose message says what was found instead.
 */
export function parseVectorSelector(text: string): VectorSelector {
  const source = text.trim();
  const errors = promqlSyntaxErrors(source);
  if (errors.length > 0) {
    throw new Error(`"${text}" does not parse as PromQL: ${errors[0].message}`);
  }
  const tree = parsePromql(source);
  const top = tree.topNode.firstChild;
  if (!top || top.name !== 'VectorSelector') {
    throw new Error(`"${text}" must be a plain vector selector such as metric_name{label="value"}, not ${describeNode(top?.name)}`);
  }
  let metric: string | undefined;
  const matchers: LabelMatcher[] = [];
  for (let child = top.firstChild; child; child = child.nextSibling) {
    if (child.name === 'Identifier') {
      metric = source.slice(child.from, child.to);
    } else if (child.name === 'LabelMatchers') {
      for (let matcher = child.firstChild; matcher; matcher = matcher.nextSibling) {
        if (matcher.name === 'QuotedLabelMatcher' || matcher.name === 'QuotedLabelName') {
          throw new Error(`"${text}" uses a quoted (UTF-8) label name; use names matching ${LABEL_NAME_PATTERN} so that Prometheus 2 accepts the rules`);
        }
        if (matcher.name !== 'UnquotedLabelMatcher') continue;
        const name = matcher.getChild('LabelName');
        const op = matcher.getChild('MatchOp');
        const value = matcher.getChild('StringLiteral');
        if (!name || !op || !value) {
          throw new Error(`"${text}" has an incomplete label matcher`);
        }
        matchers.push({
          name: source.slice(name.from, name.to),
          operator: source.slice(op.from, op.to) as MatchOperator,
          value: unquotePromqlString(source.slice(value.from, value.to)),
        });
      }
    }
  }
  if (metric === undefined && !matchers.some((m) => m.name === '__name__')) {
    throw new Error(`"${text}" has no metric name`);
  }
  // What Prometheus checks besides syntax: Go escapes, RE2 regexes, a matcher that excludes the empty string.
  const problems = promqlProblems(source);
  if (problems.length > 0) {
    throw new Error(`"${text}": ${problems[0]}`);
  }
  return { metric, matchers };
}

/** Renders a selector, quoting every value so that no input can escape its string literal. */
export function renderVectorSelector(selector: VectorSelector): string {
  const matchers = selector.matchers.map((m) => `${m.name}${m.operator}${quotePromqlString(m.value)}`).join(',');
  if (selector.metric === undefined) {
    return `{${matchers}}`;
  }
  return matchers === '' ? selector.metric : `${selector.metric}{${matchers}}`;
}

/** Re-renders a user selector from its parsed form, so the emitted text is always well-formed. Throws as `parseVectorSelector`. */
export function normalizeSelector(text: string): string {
  return renderVectorSelector(parseVectorSelector(text));
}

/** The selector re-rendered, or undefined when the text is not a vector selector. */
export function tryNormalizeSelector(text: string): string | undefined {
  try {
    return normalizeSelector(text);
  } catch {
    return undefined;
  }
}

/** Equality matchers for a label set, in the given order: `{slo_service="checkout",slo_name="availability"}`. */
export function equalityMatchers(labels: ReadonlyArray<[string, string]>): LabelMatcher[] {
  return labels.map(([name, value]) => ({ name, operator: '=', value }));
}

function describeNode(name: string | undefined): string {
  switch (name) {
    case undefined: return 'nothing';
    case 'MatrixSelector': return 'a range selector (drop the [..] range; the library adds ranges itself)';
    case 'OffsetExpr': return 'a selector with offset';
    case 'StepInvariantExpr': return 'a selector with @';
    case 'BinaryExpr': return 'a binary expression';
    case 'FunctionCall': return 'a function call';
    case 'AggregateExpr': return 'an aggregation';
    default: return `a ${name}`;
  }
}
