import * as fc from 'fast-check';
import { promqlSyntaxErrors } from '../../src/promql/syntax';
import { checkRules } from '../helpers/promtool';
import { sloProps } from '../helpers/random-slo-props';
import { ruleGroupsFor, rulesOf } from '../helpers/synth';

describe('random valid SLOs', () => {
  test('always synthesize rules whose expressions parse and that promtool accepts', () => {
    fc.assert(
      fc.property(fc.uniqueArray(sloProps, { minLength: 1, maxLength: 3, selector: (p) => `${p.service}/${p.name}` }), (slos) => {
        const groups = ruleGroupsFor(...slos);
        for (const rule of rulesOf(groups)) {
          expect(promqlSyntaxErrors(rule.expr)).toEqual([]);
        }
        const result = checkRules(groups);
        if (!result.ok) throw new Error(result.output);
      }),
      // A fixed seed keeps CI reproducible; set FC_SEED (and FC_RUNS) to explore further.
      { numRuns: Number(process.env.FC_RUNS ?? 60), seed: Number(process.env.FC_SEED ?? 20261127), verbose: true },
    );
  });
});
