/**
 * The behavioural scenarios of `test/rules/behaviour-scenarios.ts`, proven with promtool in
 * `scenarios.test.ts`, on VictoriaMetrics + vmalert: the same traffic imported into a fresh
 * VictoriaMetrics, the same synthesized rules replayed over it by `vmalert -replay`, and every check
 * answered by VictoriaMetrics' MetricsQL at the same moment (see `helpers/vm-scenarios.ts` for why a
 * replay is faithful to promtool's evaluation).
 */
import { expectScenarioOnVictoriaMetrics } from '../helpers/vm-scenarios';
import { BEHAVIOUR_SCENARIOS } from '../rules/behaviour-scenarios';

jest.setTimeout(120_000);

describe('alerting and budget scenarios on VictoriaMetrics + vmalert', () => {
  test.each(BEHAVIOUR_SCENARIOS.map((scenario) => [scenario.title, scenario] as const))('%s', async (_title, scenario) => {
    const { groups, test: testCase } = scenario.build();
    await expectScenarioOnVictoriaMetrics(groups, testCase);
  });
});
