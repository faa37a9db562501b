/**
 * A bound on how deeply YAML (or JSON) text nests, found before the text is parsed. The YAML parser and
 * everything that walks parsed documents recurse once per level: a file nested a thousand levels deep
 * exhausts the stack, and several such files have exhausted memory. No manifest or SLO document needs
 * more than a few dozen levels, so deeper text is refused with a clean message instead.
 *
 * The estimate comes from YAML's own tokenizer (iterative, linear in the text): flow collections
 * (`[`, `{`) count exactly; block collections count one level per indentation step plus one per block
 * indicator (`-`, `?`, `:`) on a line. It can overestimate (a mapping's second key may count one more
 * level than it is), never underestimate.
 */
import * as YAML from 'yaml';

/** The deepest nesting read; real manifests stay far below (a Kubernetes CRD schema reaches about 40). */
export const MAX_NESTING_DEPTH = 200;

/** Thrown for text nested deeper than the bound; `line` is where the bound was passed. */
export class NestingTooDeepError extends Error {
  public constructor(public readonly line: number, public readonly limit: number) {
    super(`nested more than ${limit} levels deep (at line ${line}); cdk8s-slo reads documents up to ${limit} levels`);
    this.name = 'NestingTooDeepError';
  }
}

/** Throws NestingTooDeepError when `text` may nest deeper than `limit` levels. */
export function checkNestingDepth(text: string, limit: number = MAX_NESTING_DEPTH): void {
  const depth = nestingDepth(text, limit);
  if (depth.exceededAtLine !== undefined) throw new NestingTooDeepError(depth.exceededAtLine, limit);
}

interface BlockLevel {
  readonly indent: number;
  readonly depth: number;
}

/** The estimated depth, stopping at the first line past `limit`. */
export function nestingDepth(text: string, limit: number = Infinity): { depth: number; exceededAtLine?: number } {
  let max = 0;
  let line = 1;
  let flow = 0;
  const blocks: BlockLevel[] = [];
  let lineStarted = false;
  let lineIndent = 0;
  let lineDepth = 0;
  let skipNext = false;
  for (const token of new YAML.Lexer().lex(text)) {
    if (skipNext) {
      // The source of a scalar: its text is data, whatever characters it holds.
      skipNext = false;
      line += countNewlines(token);
      continue;
    }
    const type = YAML.CST.tokenType(token);
    if (type === 'newline') {
      line++;
      if (flow === 0 && lineStarted) blocks.push({ indent: lineIndent, depth: lineDepth });
      if (flow === 0) {
        lineStarted = false;
        lineIndent = 0;
      }
      continue;
    }
    if (type === 'space' && !lineStarted) {
      if (flow === 0) lineIndent = token.length;
      continue;
    }
    if (type === 'space' || type === 'comment' || type === 'byte-order-mark') continue;
    if (type === 'doc-start' || type === 'doc-end' || type === 'directive-line' || type === 'doc-mode') {
      if (type !== 'doc-mode') {
        blocks.length = 0;
        flow = 0;
      }
      continue;
    }
    if (!lineStarted && flow === 0) {
      lineStarted = true;
      while (blocks.length > 0 && blocks[blocks.length - 1].indent >= lineIndent) blocks.pop();
      lineDepth = blocks.length > 0 ? blocks[blocks.length - 1].depth : 0;
    }
    if (type === 'scalar') {
      skipNext = true;
      lineDepth = Math.max(lineDepth, 1);
    } else if (type === 'flow-map-start' || type === 'flow-seq-start') {
      flow++;
    } else if (type === 'flow-map-end' || type === 'flow-seq-end') {
      flow = Math.max(0, flow - 1);
    } else if (flow === 0 && (type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind')) {
      lineDepth++;
    } else {
      line += countNewlines(token);
    }
    max = Math.max(max, lineDepth + flow);
    if (max > limit) return { depth: max, exceededAtLine: line };
  }
  return { depth: max };
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
