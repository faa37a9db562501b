/**
 * Prometheus 3's range selection, emulated on Prometheus 2. Prometheus 3 made ranges left-open: `x[5m]`
 * at t holds the samples in (t − 5m, t], where Prometheus 2 holds [t − 5m, t]. Sample timestamps are whole
 * milliseconds, so (t − W, t] holds exactly the samples of [t − (W − 1ms), t]: rewriting every range and
 * subquery range W as W − 1ms makes Prometheus 2.42 select what Prometheus 3 selects. Offsets, steps and
 * everything else stay as written. (What is not emulated: `rate` divides by the range, 1 ms shorter here,
 * a relative difference of 1/W, under 4·10⁻⁶ for a 5-minute range.)
 */
import { parsePromDuration } from '../../src/model/duration';
import { parsePromql, PromqlSyntaxNode } from '../../src/promql/lezer-parser';

/** The expression with every range (`[W]`, `[W:step]`) shortened by one millisecond. */
export function withLeftOpenRanges(expression: string): string {
  const ranges: Array<{ from: number; to: number }> = [];
  const visit = (node: PromqlSyntaxNode | null): void => {
    for (let child = node; child; child = child.nextSibling) {
      if (child.name === 'MatrixSelector' || child.name === 'SubqueryExpr') {
        // The range is the node's first duration child; a subquery's second one is its step.
        const range = child.getChild('DurationExpr');
        if (range) ranges.push({ from: range.from, to: range.to });
      }
      visit(child.firstChild);
    }
  };
  visit(parsePromql(expression).topNode);
  let rewritten = expression;
  for (const { from, to } of ranges.sort((a, b) => b.from - a.from)) {
    const milliseconds = Math.round(parsePromDuration(expression.slice(from, to)) * 1000);
    rewritten = `${rewritten.slice(0, from)}${milliseconds - 1}ms${rewritten.slice(to)}`;
  }
  return rewritten;
}

/** Rule groups (rule-file form) whose every expression selects ranges as Prometheus 3 does. */
export function withPrometheus3Ranges(groups: readonly any[]): any[] {
  return groups.map((group) => ({
    ...group,
    rules: group.rules.map((rule: any) => ({ ...rule, expr: withLeftOpenRanges(String(rule.expr)) })),
  }));
}
