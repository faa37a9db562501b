/**
 * The service templates' scenarios of `template-scenarios.ts` in `promtool test rules`: which alerts
 * fire on each template's default metrics, when, at which severity and to which channel, with the groups
 * evaluated every minute in the order they were synthesized.
 */
import { TEMPLATE_SCENARIOS } from './template-scenarios';
import { expectScenarioInPromtool } from '../helpers/scenario';

describe('service templates on their default metrics (promtool test rules)', () => {
  test.each(TEMPLATE_SCENARIOS.map((scenario) => [scenario.title, scenario] as const))('%s', (_title, scenario) => {
    expectScenarioInPromtool(scenario.build());
  });
});
