/**
 * Prometheus's own PromQL grammar (lezer-promql). The package is an ES module whose typings TypeScript
 * will not let a CommonJS library import, so its CommonJS build is loaded with `require` and described
 * by the few types used here (src/vendor/lezer-promql.ts; the package ships bundled into lib/vendor).
 */
import { lezerPromql } from '../vendor/lezer-promql';

/** A node of the syntax tree. */
export interface PromqlSyntaxNode {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly firstChild: PromqlSyntaxNode | null;
  readonly nextSibling: PromqlSyntaxNode | null;
  getChild(name: string): PromqlSyntaxNode | null;
}

/** A node as seen while iterating a tree. */
export interface PromqlNodeRef {
  readonly type: { readonly isError: boolean; readonly name: string };
  readonly from: number;
  readonly to: number;
}

export interface PromqlTree {
  readonly topNode: PromqlSyntaxNode;
  iterate(spec: { enter: (node: PromqlNodeRef) => boolean | void }): void;
}

interface PromqlParser {
  parse(input: string): PromqlTree;
}

const { parser } = lezerPromql as { parser: PromqlParser };

/**
 * The trees of the most recently parsed expressions. Synthesis checks each expression in several passes
 * (syntax, comments, types), and the trees are immutable, so each is parsed once.
 */
const recentTrees = new Map<string, PromqlTree>();
const RECENT_TREES = 256;

/** Parses PromQL; the parser recovers from errors and marks them with error nodes. */
export function parsePromql(expression: string): PromqlTree {
  const known = recentTrees.get(expression);
  if (known !== undefined) return known;
  const tree = parser.parse(expression);
  if (recentTrees.size >= RECENT_TREES) recentTrees.delete(recentTrees.keys().next().value as string);
  recentTrees.set(expression, tree);
  return tree;
}
