import * as fc from 'fast-check';
import { RuleEngine } from '../../src';
import { sloProps } from '../helpers/random-slo-props';
import { ruleGroupsFor, rulesOf } from '../helpers/synth';

describe('random valid SLOs written for Mimir', () => {
  test('split to any rules-per-group limit, keep every rule once and in order, under unique names within the limit', () => {
    fc.assert(
      fc.property(sloProps, fc.integer({ min: 1, max: 25 }), (props, maxRulesPerGroup) => {
        const unsplit = ruleGroupsFor(props);
        const mimir = (limit: number) =>
          ruleGroupsFor({ ...props, engine: RuleEngine.mimir({ maxRulesPerGroup: limit, maxRuleGroupsPerTenant: 1000 }) });
        let split: any[];
        let limit = maxRulesPerGroup;
        try {
          split = mimir(limit);
        } catch (e) {
          // Rules that must be evaluated together are more than the limit: the error gives the smallest that works.
          const needed = Number(/allow at least (\d+) rules per group/.exec(String((e as Error).message))?.[1]);
          expect(needed).toBeGreaterThan(limit);
          limit = needed;
          split = mimir(limit);
        }
        expect(split.every((g) => g.rules.length >= 1 && g.rules.length <= limit)).toBe(true);
        expect(rulesOf(split)).toEqual(rulesOf(unsplit));
        expect(new Set(split.map((g) => g.name)).size).toBe(split.length);
        // each unsplit group becomes at least ceil(rules / limit) parts, the first under its own name
        const fewestParts = unsplit.reduce((sum, g) => sum + Math.ceil(g.rules.length / limit), 0);
        expect(split.length).toBeGreaterThanOrEqual(fewestParts);
        expect(unsplit.every((g) => split.some((p) => p.name === g.name && p.interval === g.interval))).toBe(true);
      }),
      // A fixed seed keeps CI reproducible; set FC_SEED (and FC_RUNS) to explore further.
      { numRuns: Number(process.env.FC_RUNS ?? 40), seed: Number(process.env.FC_SEED ?? 20261206) },
    );
  });
});
