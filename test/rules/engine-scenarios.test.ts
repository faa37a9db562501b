/**
 * The detection-time scenarios of `engine-scenarios.ts` in `promtool test rules`: Mimir's split groups in
 * their order and in the worst order, and a model of query_offset, each with the groups evaluated every
 * minute in the order the scenario gives.
 */
import { ENGINE_SCENARIOS, SPLIT_GROUP_WORST_ORDER_SCENARIOS } from './engine-scenarios';
import { expectScenarioInPromtool } from '../helpers/scenario';

describe('detection time per engine (promtool test rules)', () => {
  test.each([...ENGINE_SCENARIOS, ...SPLIT_GROUP_WORST_ORDER_SCENARIOS].map((scenario) => [scenario.title, scenario] as const))('%s', (_title, scenario) => {
    expectScenarioInPromtool(scenario.build());
  });
});
