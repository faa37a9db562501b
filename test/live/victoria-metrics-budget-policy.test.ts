/**
 * The error-budget policy scenarios of `test/rules/budget-policy-scenarios.ts`, proven with promtool in
 * `budget-policy-scenarios.test.ts`, on VictoriaMetrics + vmalert: policy steps and the exhaustion
 * forecast fire and stop at the same minutes, with the same labels (see `helpers/vm-scenarios.ts`).
 */
import { expectSharedScenarioOnVictoriaMetrics } from '../helpers/vm-scenarios';
import { BUDGET_POLICY_SCENARIOS } from '../rules/budget-policy-scenarios';

jest.setTimeout(120_000);

describe('error-budget policy scenarios on VictoriaMetrics + vmalert', () => {
  test.each(BUDGET_POLICY_SCENARIOS.map((scenario) => [scenario.title, scenario] as const))('%s', async (_title, scenario) => {
    await expectSharedScenarioOnVictoriaMetrics(scenario);
  });
});
