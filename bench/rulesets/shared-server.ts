/**
 * A rule set timed on another rule set's server (the calendar month on ours'): which of its recording
 * rules write the same series as the host's, and what that means for backfilling and reading it.
 *
 * - shared: same series, same expression, reading only shared series: the host's backfilled history
 *   serves both, so it is not backfilled twice;
 * - colliding: same series, but another value: another expression, or the same one over a colliding
 *   series (a calendar SLO's period burn rate and budget remaining have the same names and labels as the
 *   rolling ones). One server cannot hold both values at T0, so the guest's are not backfilled, and its
 *   budget is read by computing them from their expressions instead.
 */
import { references } from './dependencies';
import { isRecording, PromRule, RuleSet } from './rule-set';

export interface SharedServer {
  /** Keys (see seriesKey) of the guest's rules that the host's backfill already wrote. */
  readonly shared: ReadonlySet<string>;
  /** The guest's rules whose series the host writes with another expression. */
  readonly colliding: ReadonlyArray<PromRule & { record: string }>;
}

/** The series a recording rule writes, as far as its rule shows: its name and its static labels. */
export function seriesKey(rule: PromRule & { record: string }): string {
  const labels = Object.entries(rule.labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([rule.record, labels]);
}

export function sharedServer(host: RuleSet, guest: RuleSet): SharedServer {
  const hostExpressions = new Map<string, string>();
  for (const rule of host.groups.flatMap((g) => g.rules).filter(isRecording)) hostExpressions.set(seriesKey(rule), rule.expr);
  const rules = guest.groups.flatMap((g) => g.rules).filter(isRecording);
  const names = new Set(rules.map((r) => r.record));
  // Names the guest records differently from the host (or only the guest records): a rule reading one
  // of them does not write the host's value even when its expression is the host's.
  const ownNames = new Set(rules.filter((r) => hostExpressions.get(seriesKey(r)) !== r.expr).map((r) => r.record));
  for (let changed = true; changed;) {
    changed = false;
    for (const rule of rules) {
      if (ownNames.has(rule.record)) continue;
      if (references(rule.expr, names).some((ref) => ownNames.has(ref.name))) {
        ownNames.add(rule.record);
        changed = true;
      }
    }
  }
  const shared = new Set(rules.filter((r) => !ownNames.has(r.record)).map(seriesKey));
  const colliding = rules.filter((r) => ownNames.has(r.record) && hostExpressions.has(seriesKey(r)));
  return { shared, colliding };
}

/** `name{k="v",...}` selectors with equality matchers only (as the library writes them). */
const SELECTOR = /([a-zA-Z_:][a-zA-Z0-9_:]*)\{((?:[a-zA-Z_][a-zA-Z0-9_]*="[^"]*",?)*)\}/g;

/**
 * `expr` with every selector of a colliding series replaced by that rule's own expression, repeatedly
 * (a colliding rule may read another), so that the query computes what the guest would have recorded.
 */
export function inlineColliding(expr: string, colliding: SharedServer['colliding']): string {
  let out = expr;
  for (let depth = 0; depth < 10; depth++) {
    const next = out.replace(SELECTOR, (selector: string, name: string, matcherText: string) => {
      const matchers = [...matcherText.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g)].map((m) => [m[1], m[2]]);
      const rule = colliding.find((r) => r.record === name && matchers.every(([k, v]) => r.labels?.[k] === v));
      return rule ? `(${rule.expr})` : selector;
    });
    if (next === out) return out;
    out = next;
  }
  throw new Error(`colliding rules read each other more than 10 levels deep in: ${expr.slice(0, 200)}`);
}

/** The guest with its budget query computing the colliding series from their expressions. */
export function readableOnHost(guest: RuleSet, server: SharedServer): RuleSet {
  return { ...guest, budgetRemainingQuery: (slo) => inlineColliding(guest.budgetRemainingQuery(slo), server.colliding) };
}
