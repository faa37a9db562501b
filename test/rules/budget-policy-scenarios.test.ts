/**
 * The error-budget policy scenarios of `budget-policy-scenarios.ts` in `promtool test rules`: when the
 * policy steps and the exhaustion forecast fire, with the groups evaluated every minute in the order they
 * were synthesized.
 */
import { BUDGET_POLICY_SCENARIOS } from './budget-policy-scenarios';
import { expectScenarioInPromtool } from '../helpers/scenario';

describe('error-budget policy scenarios (promtool test rules)', () => {
  test.each(BUDGET_POLICY_SCENARIOS.map((scenario) => [scenario.title, scenario] as const))('%s', (_title, scenario) => {
    expectScenarioInPromtool(scenario.build());
  });
});
