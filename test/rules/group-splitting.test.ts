import { splitGroupName, splitRuleGroup, splitRuleGroups } from '../../src/rules/group-splitting';
import { isAlertingRule, RuleGroup } from '../../src/rules/rule';
import { generateSloRuleGroups } from '../../src/rules/slo-rule-groups';
import { budgetPolicy, definition } from '../helpers/slo-definitions';

/** Every recorded series a rule reads that the group set records somewhere. */
function readsOf(expr: string, recorded: ReadonlySet<string>): string[] {
  return (expr.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? []).filter((name) => recorded.has(name));
}

/** The series a rule reads only if recorded at the same evaluation (`timestamp(x) == time()`). */
function sameEvaluationReadsOf(expr: string, recorded: ReadonlySet<string>): string[] {
  return [...expr.matchAll(/timestamp\(([^()]*)\) == time\(\)/g)].flatMap((m) => readsOf(m[1], recorded));
}

/** The rules of `parts` in order, and for each rule the index of its part. */
function partOfEachRule(parts: RuleGroup[]): Array<{ rule: RuleGroup['rules'][number]; part: number }> {
  return parts.flatMap((part, index) => part.rules.map((rule) => ({ rule, part: index })));
}

const recordingRule = (record: string, expr: string) => ({ record, expr, labels: {} });

describe('splitRuleGroup', () => {
  test('a group within the limit is returned as it is', () => {
    const group: RuleGroup = { name: 'g', interval: '1m', rules: [recordingRule('a:b', 'x'), recordingRule('a:c', 'a:b * 2')] };
    expect(splitRuleGroup(group, 2)).toEqual([group]);
  });

  test('cuts a group into consecutive parts in rule order: the first keeps the name, then -2, -3', () => {
    // GIVEN 7 chained rules and a limit of 3
    const rules = Array.from({ length: 7 }, (_, i) => recordingRule(`r:${i}`, i === 0 ? 'x' : `r:${i - 1} + 1`));
    const parts = splitRuleGroup({ name: 'slo-a-b-short-windows', interval: '1m', rules }, 3);
    // THEN 3 + 3 + 1 rules, names unique and deterministic, intervals kept, nothing lost or reordered
    expect(parts.map((p) => p.name)).toEqual(['slo-a-b-short-windows', 'slo-a-b-short-windows-2', 'slo-a-b-short-windows-3']);
    expect(parts.map((p) => p.rules.length)).toEqual([3, 3, 1]);
    expect(parts.every((p) => p.interval === '1m')).toBe(true);
    expect(parts.flatMap((p) => p.rules)).toEqual(rules);
    expect(splitGroupName('g', 0)).toBe('g');
    expect(splitGroupName('g', 9)).toBe('g-10');
  });

  test('refuses a group where a rule reads a series recorded later in it, and a limit below 1', () => {
    const group: RuleGroup = { name: 'g', interval: '1m', rules: [recordingRule('a:c', 'a:b * 2'), recordingRule('a:b', 'x'), recordingRule('a:d', 'y')] };
    expect(() => splitRuleGroup(group, 1)).toThrow(/rule 1 of g reads a:b, recorded by a later rule/);
    expect(() => splitRuleGroup(group, 0)).toThrow(/at least 1, got 0/);
    expect(() => splitRuleGroup(group, 2.5)).toThrow(/whole number/);
  });

  test('a rule reading what another records at the same evaluation stays in its part; too small a limit says the smallest that works', () => {
    // GIVEN a recorder, two rules in between, and a reader that needs the recorder's value of this evaluation
    const group: RuleGroup = {
      name: 'g',
      interval: '3m',
      rules: [
        recordingRule('a:x', 'x'),
        recordingRule('a:sum', 'sum(a:x)'),
        recordingRule('a:other', 'y'),
        recordingRule('a:window', 'a:sum and timestamp(a:sum) == time()'),
        recordingRule('a:last', 'z'),
      ],
    };
    // THEN a limit of 3 cuts before the recorder, not between it and its reader
    expect(splitRuleGroup(group, 3).map((p) => p.rules.map((r) => (r as any).record))).toEqual([['a:x'], ['a:sum', 'a:other', 'a:window'], ['a:last']]);
    // AND a limit of 2 cannot keep them together: the error says 3 is needed
    expect(() => splitRuleGroup(group, 2)).toThrow(/g cannot be split into groups of 2 rules: rules 2 to 4 of it must be evaluated together .*allow at least 3 rules per group/);
  });

  test('a series recorded under a longer name is not mistaken for one it starts with', () => {
    // `a:b_total` contains `a:b` as text but is another series; only whole names count as reads.
    const group: RuleGroup = { name: 'g', interval: '1m', rules: [recordingRule('a:c', 'a:b_total'), recordingRule('a:b', 'x')] };
    expect(splitRuleGroup(group, 1).map((p) => p.rules.length)).toEqual([1, 1]);
  });

  test.each([
    ['rolling 30d', definition()],
    ['calendar month', definition({ objective: { target: 0.999, windowSeconds: 30 * 86_400, calendar: { unit: 'month', utcOffsetSeconds: 0 } } })],
    ['with a budget policy and forecast', definition({ budgetPolicy: budgetPolicy({ steps: [{ action: 'freeze', remainingBelow: 0 }], forecast: { lookbackSeconds: 86_400, horizonSeconds: 3 * 86_400 } }) })],
  ])('every part of a generated SLO (%s) reads only series recorded by itself or an earlier part, at any limit', (_, slo) => {
    const groups = generateSloRuleGroups(slo);
    for (const group of groups) {
      const recorded = new Set(group.rules.flatMap((r) => (isAlertingRule(r) ? [] : [r.record])));
      for (const limit of [1, 2, 3, 5, 8, 20]) {
        let parts: RuleGroup[];
        try {
          parts = splitRuleGroup(group, limit);
        } catch (e) {
          // Too small for the rules that must stay together: the error names the smallest limit that works.
          const needed = Number(/allow at least (\d+) rules per group/.exec((e as Error).message)?.[1]);
          expect(needed).toBeGreaterThan(limit);
          parts = splitRuleGroup(group, needed);
        }
        expect(parts.every((p) => p.rules.length > 0)).toBe(true);
        const recordedIn = new Map<string, number>();
        for (const { rule, part } of partOfEachRule(parts)) {
          if (!isAlertingRule(rule)) recordedIn.set(rule.record, Math.min(part, recordedIn.get(rule.record) ?? part));
        }
        for (const { rule, part } of partOfEachRule(parts)) {
          for (const series of readsOf(rule.expr, recorded)) {
            expect(recordedIn.get(series)).toBeLessThanOrEqual(part);
          }
          // A series read only when written at this very evaluation is recorded in the same part.
          for (const series of sameEvaluationReadsOf(rule.expr, recorded)) {
            expect(recordedIn.get(series)).toBe(part);
          }
        }
      }
    }
  });

  test('splitRuleGroups keeps the order of the groups, and names stay unique across an SLO', () => {
    const parts = splitRuleGroups(generateSloRuleGroups(definition()), 8);
    const names = parts.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names[0]).toMatch(/short-windows$/);
    expect(names[names.length - 1]).toMatch(/long-windows-\d+$/);
    const lastShort = Math.max(...names.map((n, i) => (n.includes('short-windows') ? i : -1)));
    const firstLong = names.findIndex((n) => n.includes('long-windows'));
    expect(lastShort).toBeLessThan(firstLong);
  });
});
