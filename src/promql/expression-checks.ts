/**
 * Checks a PromQL expression as Prometheus checks a rule file, over the lezer syntax tree: it parses; its
 * string literals hold only Go escapes; its regex matchers compile under RE2; every vector selector has a
 * matcher that does not match the empty string; functions, aggregations and operators get the types they
 * take (instant versus range vectors, scalars, strings); and the result has the type a rule needs. It also
 * refuses what only Prometheus 3 (or a feature flag) reads, so that rules load on Prometheus 2 and 3.
 * The messages follow Prometheus's own where one exists.
 *
 * The lezer grammar gives the postfix operators (`[5m]`, `[1h:5m]`, `offset`, `@`) the lowest precedence,
 * so it reads `a unless b offset 5m` as `(a unless b) offset 5m`; Prometheus binds them tightest, to `b`.
 * The tree is first rebuilt as Prometheus reads it (`Expr`), and the checks run on that.
 */
import { AGGREGATION_PARAMETERS, FUNCTION_SIGNATURES, PromqlType } from './function-signatures';
import { parsePromql, PromqlSyntaxNode } from './lezer-parser';
import { matchesEmpty, regexProblem } from './regex-matcher';
import type { MatchOperator } from './selector';
import { unquotePromqlString } from './string-literal';
import { promqlSyntaxErrors } from './syntax';

/** What an expression must evaluate to: user queries an instant vector; a rule a vector or a scalar. */
export type PromqlResult = 'vector' | 'vector-or-scalar';

const EXPRESSION_NODES = new Set([
  'AggregateExpr', 'BinaryExpr', 'FunctionCall', 'MatrixSelector', 'NumberDurationLiteral', 'OffsetExpr',
  'AnchoredExpr', 'SmoothedExpr', 'ParenExpr', 'StringLiteral', 'SubqueryExpr', 'UnaryExpr', 'VectorSelector',
  'StepInvariantExpr',
]);
const COMPARISONS = new Set(['Eql', 'Neq', 'Gtr', 'Lss', 'Gte', 'Lte']);
const SET_OPERATORS = new Set(['And', 'Or', 'Unless']);
const ARITHMETIC = new Set(['Add', 'Sub', 'Mul', 'Div', 'Mod', 'Pow', 'Atan2']);
const PROMETHEUS_3_ONLY: Readonly<Record<string, string>> = {
  AnchoredExpr: 'the "anchored" modifier',
  SmoothedExpr: 'the "smoothed" modifier',
  FillModifier: 'fill() in binary operations',
  TrimUpper: 'the "</" operator',
  TrimLower: 'the ">/" operator',
  QuotedLabelName: 'a quoted (UTF-8) label name',
  QuotedLabelMatcher: 'a quoted (UTF-8) label name',
};
/** A Prometheus 2 duration: one or more number-unit pairs. */
const DURATION = /^([0-9]+(ms|y|w|d|h|m|s))+$/;

const TYPE_NAMES: Record<PromqlType, string> = {
  scalar: 'a scalar', vector: 'an instant vector', matrix: 'a range vector', string: 'a string',
};

/**
 * Every problem Prometheus (2 or 3) would have with `expression` as the expression of a rule; empty when
 * it would load it. Syntax errors come alone: the other checks need a tree without errors.
 */
export function promqlProblems(expression: string, result: PromqlResult = 'vector'): string[] {
  const syntax = promqlSyntaxErrors(expression);
  if (syntax.length > 0) {
    return [`does not parse as PromQL: ${syntax[0].message}`];
  }
  const checker = new ExpressionChecker(expression);
  const top = parsePromql(expression).topNode.firstChild;
  const type = top ? checker.typeOf(asPrometheusReadsIt(top)) : undefined;
  if (type !== undefined && type !== 'vector' && !(result === 'vector-or-scalar' && type === 'scalar')) {
    checker.problems.push(`evaluates to ${TYPE_NAMES[type]}; ${result === 'vector' ? 'it must be an instant vector, e.g. sum(rate(x[5m]))' : 'a rule must evaluate to an instant vector or a scalar'}`);
  }
  return checker.problems;
}

/**
 * Equality matchers' values made of plain characters: no quote, backslash or control character, so the
 * literal's end and escapes do not depend on them, and not empty, so whether a selector has a matcher
 * that cannot match the empty string does not either. No check reads them otherwise.
 */
const PLAIN_EQUALITY_VALUE = /(=|!=)"[A-Za-z0-9_.:/ -]+"/g;
/** Shapes (see `shapeOf`) already found valid, per result type; bounded, oldest forgotten first. */
const validShapes = new Set<string>();
const VALID_SHAPES = 4096;

/**
 * The expression with every plain equality matcher's value replaced by one placeholder: two expressions
 * of one shape are both valid or both invalid. Many SLOs of one template (a rule per SLO, differing only in
 * `slo_service="…"`, `job="…"`) then share one check.
 */
function shapeOf(expression: string, result: PromqlResult): string {
  return `${result}\n${expression.replace(PLAIN_EQUALITY_VALUE, '$1"_"')}`;
}

/** Throws if Prometheus would refuse the expression; used on generated rules as a last guard. */
export function assertValidPromql(expression: string, what: string, result: PromqlResult = 'vector'): void {
  const shape = shapeOf(expression, result);
  if (validShapes.has(shape)) return;
  const problems = promqlProblems(expression, result);
  if (problems.length > 0) {
    throw new Error(`${what} is not valid PromQL (${problems[0]}): ${expression}`);
  }
  if (validShapes.size >= VALID_SHAPES) validShapes.delete(validShapes.values().next().value as string);
  validShapes.add(shape);
}

/** An expression as Prometheus groups it; `from`/`to` span its text. */
type Expr =
  | { readonly kind: 'leaf'; readonly node: PromqlSyntaxNode; readonly from: number; readonly to: number }
  | { readonly kind: 'binary'; readonly node: PromqlSyntaxNode; readonly left: Expr; readonly right: Expr; readonly from: number; readonly to: number }
  | { readonly kind: 'unary'; readonly node: PromqlSyntaxNode; readonly inner: Expr; readonly from: number; readonly to: number }
  | { readonly kind: 'postfix'; readonly node: PromqlSyntaxNode; readonly inner: Expr; readonly from: number; readonly to: number };

const POSTFIX = new Set(['MatrixSelector', 'SubqueryExpr', 'OffsetExpr', 'StepInvariantExpr', 'AnchoredExpr', 'SmoothedExpr']);

/** The lezer tree regrouped so that postfix operators bind to the operand right before them. */
function asPrometheusReadsIt(node: PromqlSyntaxNode): Expr {
  const children = expressions(node);
  if (node.name === 'BinaryExpr' && children.length === 2) {
    return { kind: 'binary', node, left: asPrometheusReadsIt(children[0]), right: asPrometheusReadsIt(children[1]), from: node.from, to: node.to };
  }
  if (node.name === 'UnaryExpr' && children.length === 1) {
    return { kind: 'unary', node, inner: asPrometheusReadsIt(children[0]), from: node.from, to: node.to };
  }
  if (POSTFIX.has(node.name) && children.length > 0) {
    return attachPostfix(asPrometheusReadsIt(children[0]), node);
  }
  return { kind: 'leaf', node, from: node.from, to: node.to };
}

/** `postfix` applied to the last operand of `expr`. */
function attachPostfix(expr: Expr, postfix: PromqlSyntaxNode): Expr {
  switch (expr.kind) {
    case 'binary': return { ...expr, right: attachPostfix(expr.right, postfix), to: postfix.to };
    case 'unary': return { ...expr, inner: attachPostfix(expr.inner, postfix), to: postfix.to };
    default: return { kind: 'postfix', node: postfix, inner: expr, from: expr.from, to: postfix.to };
  }
}

/** Walks one tree, collecting problems; `typeOf` is undefined for a subexpression already found wrong. */
class ExpressionChecker {
  public readonly problems: string[] = [];

  public constructor(private readonly source: string) {}

  public typeOf(expr: Expr): PromqlType | undefined {
    const only = PROMETHEUS_3_ONLY[expr.node.name];
    if (only) {
      return this.fail(`${only} needs Prometheus 3 (or a feature flag); the rules must load on Prometheus 2 and 3`);
    }
    switch (expr.kind) {
      case 'binary': return this.binary(expr);
      case 'unary': return this.unary(expr);
      case 'postfix': return this.postfix(expr);
      default: return this.leaf(expr.node);
    }
  }

  private leaf(node: PromqlSyntaxNode): PromqlType | undefined {
    switch (node.name) {
      case 'NumberDurationLiteral': return this.number(node);
      case 'StringLiteral': return this.string(node) === undefined ? undefined : 'string';
      case 'VectorSelector': return this.selector(node);
      case 'ParenExpr': return this.typeOf(asPrometheusReadsIt(expressions(node)[0]));
      case 'AggregateExpr': return this.aggregation(node);
      case 'FunctionCall': return this.call(node);
      default: return this.fail(`unexpected ${node.name} at "${this.text(node)}"`);
    }
  }

  private postfix(expr: Expr & { kind: 'postfix' }): PromqlType | undefined {
    switch (expr.node.name) {
      case 'MatrixSelector': return this.range(expr);
      case 'SubqueryExpr': return this.subquery(expr);
      default: return this.modifier(expr);
    }
  }

  private fail(message: string): undefined {
    this.problems.push(message);
    return undefined;
  }

  private text(span: { readonly from: number; readonly to: number }): string {
    return this.source.slice(span.from, span.to);
  }

  private number(node: PromqlSyntaxNode): PromqlType | undefined {
    const text = this.text(node).replace(/^[-+]/, '');
    if (/^(inf|nan)$/i.test(text) || /^0x[0-9a-f]+$/i.test(text) || /^([0-9]+(\.[0-9]*)?|\.[0-9]+)(e[-+]?[0-9]+)?$/i.test(text)) {
      return 'scalar';
    }
    return this.fail(`the number "${text}" needs Prometheus 3 (durations and "_" in numbers); the rules must load on Prometheus 2 and 3`);
  }

  private string(node: PromqlSyntaxNode): string | undefined {
    try {
      return unquotePromqlString(this.text(node));
    } catch (e) {
      return this.fail((e as Error).message);
    }
  }

  private selector(node: PromqlSyntaxNode): PromqlType | undefined {
    const metric = node.getChild('Identifier');
    const matchers: Array<{ name: string; operator: MatchOperator; value: string }> = [];
    const list = node.getChild('LabelMatchers');
    for (let matcher = list?.firstChild ?? null; matcher; matcher = matcher.nextSibling) {
      const only = PROMETHEUS_3_ONLY[matcher.name];
      if (only) return this.fail(`${only} needs Prometheus 3; the rules must load on Prometheus 2 and 3`);
      if (matcher.name !== 'UnquotedLabelMatcher') continue;
      const name = matcher.getChild('LabelName');
      const operator = matcher.getChild('MatchOp');
      const literal = matcher.getChild('StringLiteral');
      if (!name || !operator || !literal) return this.fail(`incomplete label matcher "${this.text(matcher)}"`);
      const value = this.string(literal);
      if (value === undefined) return undefined;
      const op = this.text(operator) as MatchOperator;
      if (op.includes('~')) {
        const problem = regexProblem(value);
        if (problem) return this.fail(`${this.text(name)}${op}: ${problem}`);
      }
      matchers.push({ name: this.text(name), operator: op, value });
    }
    const where = `the selector ${this.text(node)}`;
    if (metric && matchers.some((m) => m.name === '__name__')) {
      return this.fail(`${where} sets the metric name twice (before the braces and as __name__)`);
    }
    if (!metric && matchers.every((m) => matchesEmpty(m.operator, m.value))) {
      return this.fail(`${where} has no matcher that excludes the empty string, so it would select every series; Prometheus refuses it. Name the metric or add a matcher such as job="api"`);
    }
    return 'vector';
  }

  private range(expr: Expr & { kind: 'postfix' }): PromqlType | undefined {
    const inner = expr.inner;
    if (inner.kind !== 'leaf' || inner.node.name !== 'VectorSelector') {
      return this.fail(`a range [..] applies only to a vector selector, not to "${this.text(inner)}" (use a subquery [range:step] instead)`);
    }
    const selector = this.selector(inner.node);
    const ok = this.durations(expr.node, 'DurationExpr', true);
    return selector && ok ? 'matrix' : undefined;
  }

  private subquery(expr: Expr & { kind: 'postfix' }): PromqlType | undefined {
    const type = this.typeOf(expr.inner);
    const ok = this.durations(expr.node, 'DurationExpr', true);
    if (type !== undefined && type !== 'vector') {
      return this.fail(`a subquery applies only to an instant vector, not to ${TYPE_NAMES[type]} ("${this.text(expr.inner)}")`);
    }
    return type && ok ? 'matrix' : undefined;
  }

  private modifier(expr: Expr & { kind: 'postfix' }): PromqlType | undefined {
    const inner = expr.inner;
    const what = expr.node.name === 'OffsetExpr' ? 'offset' : '@';
    if (inner.node.name === expr.node.name) {
      return this.fail(`${what} is set twice on "${this.text(inner)}"`);
    }
    const selector = inner.kind === 'leaf' && inner.node.name === 'VectorSelector';
    if (!selector && inner.kind !== 'postfix') {
      return this.fail(`${what} must follow a vector selector, a range selector or a subquery, not "${this.text(inner)}"`);
    }
    const type = this.typeOf(inner);
    return expr.node.name === 'OffsetExpr' && !this.durations(expr.node, 'OffsetDurationExpr', false) ? undefined : type;
  }

  /** Ranges and offsets: plain durations (Prometheus 2 has no duration arithmetic); ranges above zero. */
  private durations(node: PromqlSyntaxNode, name: string, positive: boolean): boolean {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.name !== name) continue;
      const text = this.text(child).replace(/\s+/g, '');
      const unsigned = positive ? text : text.replace(/^[-+]/, '');
      if (!DURATION.test(unsigned)) {
        this.fail(`the duration "${text}" must be a Prometheus duration such as 5m or 1h30m (arithmetic and plain numbers need Prometheus 3)`);
        return false;
      }
      if (positive && /^(0+(ms|y|w|d|h|m|s))+$/.test(unsigned)) {
        this.fail(`the range "${text}" must be longer than zero`);
        return false;
      }
    }
    return true;
  }

  private unary(expr: Expr & { kind: 'unary' }): PromqlType | undefined {
    const type = this.typeOf(expr.inner);
    if (type === 'scalar' || type === 'vector' || type === undefined) return type;
    return this.fail(`a sign applies only to a scalar or an instant vector, not to ${TYPE_NAMES[type]} ("${this.text(expr.inner)}")`);
  }

  private binary(expr: Expr & { kind: 'binary' }): PromqlType | undefined {
    const { left, right } = expr;
    let operator = '';
    let bool = false;
    let matching: PromqlSyntaxNode | undefined;
    for (let child = expr.node.firstChild; child; child = child.nextSibling) {
      const only = PROMETHEUS_3_ONLY[child.name];
      if (only) return this.fail(`${only} needs Prometheus 3 (or a feature flag); the rules must load on Prometheus 2 and 3`);
      if (COMPARISONS.has(child.name) || SET_OPERATORS.has(child.name) || ARITHMETIC.has(child.name)) operator = child.name;
      if (child.name === 'BoolModifier') bool = true;
      if (child.name === 'MatchingModifierClause') matching = child;
    }
    const lt = this.typeOf(left);
    const rt = this.typeOf(right);
    if (lt === undefined || rt === undefined) return undefined;
    const op = this.source.slice(left.to, right.from).trim().split(/\s/)[0];
    for (const [side, type] of [[left, lt], [right, rt]] as const) {
      if (type !== 'scalar' && type !== 'vector') {
        return this.fail(`"${op}" takes scalars and instant vectors, not ${TYPE_NAMES[type]} ("${this.text(side)}")`);
      }
    }
    const scalars = lt === 'scalar' || rt === 'scalar';
    if (bool && !COMPARISONS.has(operator)) return this.fail(`bool applies only to comparisons, not to "${op}"`);
    if (COMPARISONS.has(operator) && lt === 'scalar' && rt === 'scalar' && !bool) {
      return this.fail(`a comparison of two scalars needs bool ("${this.text(expr)}")`);
    }
    if (SET_OPERATORS.has(operator) && scalars) return this.fail(`"${op}" takes two instant vectors, not a scalar ("${this.text(expr)}")`);
    if (matching && scalars) return this.fail(`on/ignoring apply only between two instant vectors ("${this.text(expr)}")`);
    if (matching && SET_OPERATORS.has(operator) && (matching.getChild('GroupLeft') || matching.getChild('GroupRight'))) {
      return this.fail(`group_left/group_right are not allowed with "${op}"`);
    }
    return lt === 'vector' || rt === 'vector' ? 'vector' : 'scalar';
  }

  private aggregation(node: PromqlSyntaxNode): PromqlType | undefined {
    const opNode = node.getChild('AggregateOp');
    const name = opNode ? this.text(opNode) : '';
    if (!(name in AGGREGATION_PARAMETERS)) {
      return this.fail(`the aggregation ${name} needs Prometheus 3 with a feature flag; the rules must load on Prometheus 2 and 3`);
    }
    const parameter = AGGREGATION_PARAMETERS[name];
    const body = node.getChild('FunctionCallBody');
    const args = body ? expressions(body) : [];
    const wanted: PromqlType[] = parameter ? [parameter, 'vector'] : ['vector'];
    if (args.length !== wanted.length) {
      return this.fail(`${name} takes ${wanted.length === 1 ? 'one argument' : 'two arguments'} (${wanted.map((t) => TYPE_NAMES[t]).join(', ')}), got ${args.length}`);
    }
    return this.arguments(name, args, wanted) ? 'vector' : undefined;
  }

  private call(node: PromqlSyntaxNode): PromqlType | undefined {
    const identifier = node.getChild('FunctionIdentifier');
    const name = identifier ? this.text(identifier) : '';
    const signature = FUNCTION_SIGNATURES[name];
    if (!signature) {
      return this.fail(`the function ${name}() needs Prometheus 3 or a feature flag; the rules must load on Prometheus 2 and 3`);
    }
    const body = node.getChild('FunctionCallBody');
    const args = body ? expressions(body) : [];
    const min = signature.args.length - (signature.optional ?? 0);
    const max = signature.variadic ? Infinity : signature.args.length;
    if (args.length < min || args.length > max) {
      const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      return this.fail(`${name}() takes ${expected} argument(s), got ${args.length}`);
    }
    const wanted = args.map((_, i) => signature.args[Math.min(i, signature.args.length - 1)]);
    return this.arguments(`${name}()`, args, wanted) ? signature.returns : undefined;
  }

  private arguments(what: string, args: PromqlSyntaxNode[], wanted: PromqlType[]): boolean {
    let ok = true;
    args.forEach((arg, i) => {
      const type = this.typeOf(asPrometheusReadsIt(arg));
      if (type === undefined) {
        ok = false;
      } else if (type !== wanted[i]) {
        const hint = wanted[i] === 'matrix' && type === 'vector' ? ' (add a range such as [5m])' : '';
        this.fail(`${what} needs ${TYPE_NAMES[wanted[i]]} as argument ${i + 1}, got ${TYPE_NAMES[type]} ("${this.text(arg)}")${hint}`);
        ok = false;
      }
    });
    return ok;
  }
}

/** The expression children of a node, in order. */
function expressions(node: PromqlSyntaxNode): PromqlSyntaxNode[] {
  const found: PromqlSyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (EXPRESSION_NODES.has(child.name)) found.push(child);
  }
  return found;
}
