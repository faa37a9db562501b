/**
 * The behavioural scenarios of `behaviour-scenarios.ts` in `promtool test rules`: when alerts fire and
 * clear and what the error-budget series say, with the groups evaluated every minute in the order they
 * were synthesized.
 */
import { BEHAVIOUR_SCENARIOS } from './behaviour-scenarios';
import { expectScenario } from '../helpers/traffic';

describe('alerting and budget scenarios (promtool test rules)', () => {
  test.each(BEHAVIOUR_SCENARIOS.map((scenario) => [scenario.title, scenario] as const))('%s', (_title, scenario) => {
    const { groups, test: testCase } = scenario.build();
    expectScenario(groups, testCase);
  });
});
