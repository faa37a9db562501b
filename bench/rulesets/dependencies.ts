/**
 * Which recorded series a rule reads, and whether over a range (`name{...}[30d]`). From that, the order
 * in which recording rules must be backfilled (one promtool pass per level: a rule is evaluated over the
 * past only after the recorded series it reads exist there) and which of them need a full history.
 */
import { isRecording, PromGroup, PromRule } from './rule-set';

export interface Reference {
  readonly name: string;
  /** Read over a range (`[window]` follows the selector). */
  readonly range: boolean;
}

const IDENTIFIER_START = /[a-zA-Z_:]/;
const IDENTIFIER_PART = /[a-zA-Z0-9_:]/;

/** Skips a quoted string starting at `i` (the opening quote); returns the index after it. */
function skipString(expr: string, i: number): number {
  const quote = expr[i];
  let j = i + 1;
  while (j < expr.length && expr[j] !== quote) {
    j += expr[j] === '\\' && quote !== '`' ? 2 : 1;
  }
  return j + 1;
}

function skipSpaces(expr: string, i: number): number {
  while (i < expr.length && /\s/.test(expr[i])) i++;
  return i;
}

/**
 * The metric names among `names` that `expr` reads, each with whether it is read over a range: directly
 * (`name{...}[30d]`) or inside a subquery (`(name{...} offset -30m)[30d:1h]`).
 */
export function references(expr: string, names: ReadonlySet<string>): Reference[] {
  const found: Array<{ name: string; range: boolean }> = [];
  /** For each open parenthesis, how many references had been found before it. */
  const openParens: number[] = [];
  let i = 0;
  let braceDepth = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(expr, i);
    } else if (c === '(' && braceDepth === 0) {
      openParens.push(found.length);
      i++;
    } else if (c === ')' && braceDepth === 0) {
      const firstInside = openParens.pop() ?? 0;
      i++;
      if (expr[skipSpaces(expr, i)] === '[') {
        for (let k = firstInside; k < found.length; k++) found[k].range = true;
      }
    } else if (c === '{') {
      braceDepth++;
      i++;
    } else if (c === '}') {
      braceDepth--;
      i++;
    } else if (IDENTIFIER_START.test(c) && (i === 0 || !IDENTIFIER_PART.test(expr[i - 1]))) {
      let j = i + 1;
      while (j < expr.length && IDENTIFIER_PART.test(expr[j])) j++;
      const name = expr.slice(i, j);
      if (braceDepth === 0 && names.has(name)) {
        let k = skipSpaces(expr, j);
        if (expr[k] === '{') {
          k++;
          while (k < expr.length && expr[k] !== '}') {
            k = expr[k] === '"' || expr[k] === "'" || expr[k] === '`' ? skipString(expr, k) : k + 1;
          }
          k = skipSpaces(expr, k + 1);
        }
        found.push({ name, range: expr[k] === '[' });
      }
      i = j;
    } else {
      i++;
    }
  }
  return found;
}

/** A recording rule with the group it belongs to. */
export interface PlacedRule {
  readonly group: PromGroup;
  readonly rule: PromRule & { record: string };
}

export interface BackfillPlan {
  /** Recorded names that some rule reads over a range, and everything those are computed from. */
  readonly history: ReadonlySet<string>;
  /** Level of each recorded name: 1 reads only raw series, n reads names of levels below n. */
  readonly levels: ReadonlyMap<string, number>;
  /** Recording rules by level (index 0 is level 1). */
  readonly passes: ReadonlyArray<readonly PlacedRule[]>;
}

export function backfillPlan(groups: readonly PromGroup[]): BackfillPlan {
  const recording: PlacedRule[] = groups.flatMap((group) => group.rules.filter(isRecording).map((rule) => ({ group, rule })));
  const names = new Set(recording.map((r) => r.rule.record));
  const dependencies = new Map<string, Set<string>>();
  for (const { rule } of recording) {
    const deps = dependencies.get(rule.record) ?? new Set<string>();
    for (const ref of references(rule.expr, names)) {
      if (ref.name !== rule.record) deps.add(ref.name);
    }
    dependencies.set(rule.record, deps);
  }

  const history = new Set<string>();
  const pending = groups.flatMap((g) => g.rules).flatMap((rule) => references(rule.expr, names)).filter((r) => r.range).map((r) => r.name);
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (history.has(name)) continue;
    history.add(name);
    pending.push(...(dependencies.get(name) ?? []));
  }

  const levels = new Map<string, number>();
  const visiting = new Set<string>();
  const levelOf = (name: string): number => {
    const known = levels.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) throw new Error(`recording rules depend on each other in a cycle through ${name}`);
    visiting.add(name);
    let level = 1;
    for (const dep of dependencies.get(name) ?? []) level = Math.max(level, levelOf(dep) + 1);
    visiting.delete(name);
    levels.set(name, level);
    return level;
  };
  const passes: PlacedRule[][] = [];
  for (const placed of recording) {
    const level = levelOf(placed.rule.record);
    while (passes.length < level) passes.push([]);
    passes[level - 1].push(placed);
  }
  return { history, levels, passes };
}
