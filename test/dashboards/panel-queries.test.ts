/**
 * Every query of every generated dashboard parses and returns data: the dashboards are valid, every
 * query parses with Prometheus's grammar with no variable left, and the scenarios of
 * `panel-query-scenarios.ts` (every query returns data at the end of an outage; the slo variable
 * narrows) pass in `promtool test rules`.
 */
import { dashboardScenarioApp, PANEL_QUERY_SCENARIOS, panelQueryCases } from './panel-query-scenarios';
import { dashboardProblems, querySyntaxProblems } from '../helpers/grafana-dashboard';
import { expectScenarioInPromtool } from '../helpers/scenario';

describe('dashboard queries against the generated rules (promtool test rules)', () => {
  const { dashboards } = dashboardScenarioApp();

  test('the app has a dashboard per service and the overview, each valid', () => {
    expect([...dashboards.keys()]).toEqual(['slo-dashboard-checkout', 'slo-dashboard-search', 'slo-dashboard-edge', 'slos-overview']);
    for (const [name, dashboard] of dashboards) {
      expect({ name, problems: dashboardProblems(dashboard) }).toEqual({ name, problems: [] });
    }
  });

  test('every panel, annotation and variable query parses, with All and with a picked group, and no variable is left', () => {
    const cases = panelQueryCases(dashboards);
    const syntax = cases.flatMap((c) => querySyntaxProblems(c.expr).map((problem) => `${c.where}: ${problem}`));
    expect(syntax).toEqual([]);
    expect(cases.filter((c) => c.expr.includes('$'))).toEqual([]);
  });

  test.each(PANEL_QUERY_SCENARIOS.map((scenario) => [scenario.title, scenario] as const))('%s', (_title, scenario) => {
    expectScenarioInPromtool(scenario.build());
  });
});
