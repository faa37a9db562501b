/**
 * The detection-time scenarios of `test/rules/engine-scenarios.ts`, proven with promtool in
 * `engine-scenarios.test.ts`, on VictoriaMetrics + vmalert: the unsplit rules, Mimir's split groups in
 * their order and the query-offset model page at the same minutes (see `helpers/vm-scenarios.ts`).
 *
 * Not run here: `SPLIT_GROUP_WORST_ORDER_SCENARIOS`. They prove what a group order does, and the order is
 * promtool's `group_eval_order`; a vmalert replay evaluates each rule over the whole range after the
 * rules it reads (dependency levels), so no rule ever reads a previous evaluation and the worst order
 * cannot be set up.
 */
import { expectSharedScenarioOnVictoriaMetrics } from '../helpers/vm-scenarios';
import { ENGINE_SCENARIOS } from '../rules/engine-scenarios';

jest.setTimeout(120_000);

describe('detection time per engine, on VictoriaMetrics + vmalert', () => {
  test.each(ENGINE_SCENARIOS.map((scenario) => [scenario.title, scenario] as const))('%s', async (_title, scenario) => {
    await expectSharedScenarioOnVictoriaMetrics(scenario);
  });
});
