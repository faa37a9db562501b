/**
 * The service templates' scenarios of `test/templates/template-scenarios.ts`, proven with promtool in
 * `template-scenarios.test.ts`, on VictoriaMetrics + vmalert: the same alerts fire at the same minutes,
 * with the same severities and channels (see `helpers/vm-scenarios.ts`).
 */
import { expectSharedScenarioOnVictoriaMetrics } from '../helpers/vm-scenarios';
import { TEMPLATE_SCENARIOS } from '../templates/template-scenarios';

jest.setTimeout(120_000);

describe('service templates on their default metrics, on VictoriaMetrics + vmalert', () => {
  test.each(TEMPLATE_SCENARIOS.map((scenario) => [scenario.title, scenario] as const))('%s', async (_title, scenario) => {
    await expectSharedScenarioOnVictoriaMetrics(scenario);
  });
});
