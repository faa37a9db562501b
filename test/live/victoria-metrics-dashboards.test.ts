/**
 * The dashboards' queries against the generated rules on VictoriaMetrics + vmalert, as Grafana would
 * query it: the scenarios of `test/dashboards/panel-query-scenarios.ts`, proven with promtool in
 * `panel-queries.test.ts` (see `helpers/vm-scenarios.ts`).
 */
import { PANEL_QUERY_SCENARIOS } from '../dashboards/panel-query-scenarios';
import { expectSharedScenarioOnVictoriaMetrics } from '../helpers/vm-scenarios';

jest.setTimeout(120_000);

describe('dashboard queries on VictoriaMetrics + vmalert', () => {
  test.each(PANEL_QUERY_SCENARIOS.map((scenario) => [scenario.title, scenario] as const))('%s', async (_title, scenario) => {
    await expectSharedScenarioOnVictoriaMetrics(scenario);
  });
});
