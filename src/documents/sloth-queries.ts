/**
 * Sloth's events queries back to the `query` indicator. cdk8s-slo's Sloth export writes the error query
 * of a `query` indicator as `<errors> or on (<grouping>) (0 * <total>)` (zero while no error series
 * exist), or `clamp_min(<total> - (<good> or on (…) (0 * <total>)), 0)` for good events (earlier
 * versions wrote it without the clamp); the indicator adds exactly that again when it is exported, so the
 * import takes the inner query back. Without this, every export → import round trip would wrap the
 * queries once more.
 */
import { parsePromql, PromqlSyntaxNode } from '../promql/lezer-parser';
import { promqlSyntaxErrors } from '../promql/syntax';
import { fillWindow } from '../promql/window-placeholder';
import { onLabels } from '../rules/promql-builder';

/** The error (or good) and total queries of a `query` indicator with Sloth's events. */
export function slothEventQueries(errorQuery: string, totalQuery: string): { errorQuery?: string; goodQuery?: string; totalQuery: string } {
  // The export writes the queries as they are, trailing newlines of YAML block scalars included.
  const total = totalQuery;
  const errors = errorQuery;
  const zero = `${onLabels(queryGrouping(total))} (0 * ${total})`;
  const parses = (query: string) => promqlSyntaxErrors(fillWindow(query, '5m')).length === 0;
  const errorsSuffix = ` or ${zero}`;
  if (errors.endsWith(errorsSuffix)) {
    const inner = errors.slice(0, -errorsSuffix.length);
    if (parses(inner)) return { errorQuery: inner, totalQuery };
  }
  const goodPrefix = `${total} - (`;
  const goodSuffix = ` or ${zero})`;
  for (const [prefix, suffix] of [[`clamp_min(${goodPrefix}`, `${goodSuffix}, 0)`], [goodPrefix, goodSuffix]]) {
    if (errors.startsWith(prefix) && errors.endsWith(suffix)) {
      const inner = errors.slice(prefix.length, -suffix.length);
      if (parses(inner)) return { goodQuery: inner, totalQuery };
    }
  }
  return { errorQuery, totalQuery };
}

/**
 * The labels of a top-level `sum by (...)` in a query: Sloth keeps them as one SLI per group, and so
 * must the imported SLO.
 */
export function queryGrouping(query: string): string[] {
  const text = fillWindow(query, '5m');
  let node: PromqlSyntaxNode | null = parsePromql(text).topNode.firstChild;
  while (node && node.name === 'ParenExpr') node = node.firstChild;
  if (!node || node.name !== 'AggregateExpr') return [];
  const modifier = node.getChild('AggregateModifier');
  if (!modifier || !modifier.getChild('By')) return [];
  const labels: string[] = [];
  const grouping = modifier.getChild('GroupingLabels');
  for (let child = grouping?.firstChild ?? null; child; child = child.nextSibling) {
    if (child.name === 'LabelName') labels.push(text.slice(child.from, child.to));
  }
  return labels;
}
