/**
 * The behavioural scenarios of `test/rules/behaviour-scenarios.ts`, proven with promtool in
 * `scenarios.test.ts`, on VictoriaMetrics + vmalert: the same traffic imported into a fresh
 * VictoriaMetrics, the same synthesized rules replayed over it by `vmalert -replay`, and every check
 * answered by VictoriaMetrics' MetricsQL at the same moment (see `helpers/vm-scenarios.ts` for why a
 * replay is faithful to promtool's evaluation).
 */
import { existsAt, expandSamples, renderSamples } from '../helpers/traffic';
import { dependencyLevels, expectScenarioOnVictoriaMetrics, runScenarioOnVictoriaMetrics } from '../helpers/vm-scenarios';
import { BEHAVIOUR_SCENARIOS } from '../rules/behaviour-scenarios';

jest.setTimeout(120_000);

describe('alerting and budget scenarios on VictoriaMetrics + vmalert', () => {
  test.each(BEHAVIOUR_SCENARIOS.map((scenario) => [scenario.title, scenario] as const))('%s', async (_title, scenario) => {
    const { groups, test: testCase } = scenario.build();
    await expectScenarioOnVictoriaMetrics(groups, testCase);
  });
});

describe('the scenario runner on VictoriaMetrics', () => {
  test('reads promtool series notation back as the samples it was rendered from', () => {
    const samples = [0, 6000, 12000, 18000, null, null, 18001.5, 18003, 30000, 30000, 30000, 29000];
    expect(expandSamples(renderSamples(samples))).toEqual(samples);
    expect(expandSamples('0+6000x3 _x2 5 1-0.5x2 7x1')).toEqual([0, 6000, 12000, 18000, null, null, 5, 1, 0.5, 0, 7, 7]);
    expect(() => expandSamples('1 stale')).toThrow(/stale/);
  });

  test('replays rules in dependency levels: rates first, ratios after them, alerts after the ratios', () => {
    const { groups } = BEHAVIOUR_SCENARIOS[0].build();
    const levels = dependencyLevels(groups);
    const levelOf = (name: string) => levels.findIndex((rules) => rules.some((rule) => (rule.record ?? rule.alert) === name));
    expect(levelOf('slo:sli_total:rate5m')).toBe(0);
    expect(levelOf('slo:sli_error:ratio_rate5m')).toBeGreaterThan(levelOf('slo:sli_errors:rate5m'));
    expect(levelOf('SloErrorBudgetBurn')).toBeGreaterThan(levelOf('slo:sli_error:ratio_rate1h'));
    expect(levels.flat()).toHaveLength(groups.flatMap((group) => group.rules).length);
  });

  test('reports a check that does not hold, with what VictoriaMetrics answered', async () => {
    // GIVEN the outage scenario with one check turned around: no page 10 minutes into the outage
    const { groups, test: testCase } = BEHAVIOUR_SCENARIOS[0].build();
    const noPage = existsAt('ALERTS{alertstate="firing",slo_name="outage",severity="critical"}', 130, false);
    const result = await runScenarioOnVictoriaMetrics(groups, { ...testCase, promql_expr_test: [noPage] });
    // THEN exactly that check fails, and the report shows the page that did fire
    expect(result.checks).toBe(1);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toContain('eval_time: 2h10m');
    expect(result.failures[0]).toMatch(/got: +\[\{"labels":\{\},"value":1\}\]/);
  });
});
