import * as fc from 'fast-check';
import { RuleEngine } from '../../src';
import { sloProps } from '../helpers/random-slo-props';
import { ruleGroupsFor, rulesOf } from '../helpers/synth';

describe('random valid SLOs written for Mimir', () => {
  test('split to any rules-per-group limit, keep every rule once and in order, under unique names within the limit', () => {
    fc.assert(
      fc.property(sloProps, fc.integer({ min: 1, max: 25 }), (props, maxRulesPerGroup) => {
        const unsplit = ruleGroupsFor(props);
        const split = ruleGroupsFor({ ...props, engine: RuleEngine.mimir({ maxRulesPerGroup, maxRuleGroupsPerTenant: 1000 }) });
        expect(split.every((g) => g.rules.length >= 1 && g.rules.length <= maxRulesPerGroup)).toBe(true);
        expect(rulesOf(split)).toEqual(rulesOf(unsplit));
        expect(new Set(split.map((g) => g.name)).size).toBe(split.length);
        // each unsplit group becomes ceil(rules / limit) parts, the first under its own name
        const expectedParts = unsplit.reduce((sum, g) => sum + Math.ceil(g.rules.length / maxRulesPerGroup), 0);
        expect(split).toHaveLength(expectedParts);
        expect(unsplit.every((g) => split.some((p) => p.name === g.name && p.interval === g.interval))).toBe(true);
      }),
      // A fixed seed keeps CI reproducible; set FC_SEED (and FC_RUNS) to explore further.
      { numRuns: Number(process.env.FC_RUNS ?? 40), seed: Number(process.env.FC_SEED ?? 20261206) },
    );
  });
});
