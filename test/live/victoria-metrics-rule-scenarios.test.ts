/**
 * Rule scenarios of test/rules/ beyond the behaviour scenarios, proven with promtool next to the rules
 * they prove, on VictoriaMetrics + vmalert (see `helpers/vm-scenarios.ts`): an SLO whose labels change,
 * the rules synthesized for vmalert evaluated every 15 s, and the hourly rollups of long windows against
 * the plain sums, evaluated every minute and every 47 s.
 */
import { expectSharedScenarioOnVictoriaMetrics } from '../helpers/vm-scenarios';
import { HOURLY_ROLLUP_SCENARIOS } from '../rules/hourly-rollup';
import { LABEL_CHANGE_SCENARIOS } from '../rules/label-change';
import { SHORT_WINDOW_INTERVAL_SCENARIOS } from '../rules/short-window-interval';

jest.setTimeout(120_000);

describe('rule scenarios on VictoriaMetrics + vmalert', () => {
  test.each([...LABEL_CHANGE_SCENARIOS, ...SHORT_WINDOW_INTERVAL_SCENARIOS, ...HOURLY_ROLLUP_SCENARIOS].map((scenario) => [scenario.title, scenario] as const))('%s', async (_title, scenario) => {
    await expectSharedScenarioOnVictoriaMetrics(scenario);
  });
});
