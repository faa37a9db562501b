/**
 * The behavioural scenarios of `test/rules/behaviour-scenarios.ts`, proven with promtool in
 * `scenarios.test.ts`, on VictoriaMetrics + vmalert: the same traffic imported into a fresh
 * VictoriaMetrics, the same synthesized rules replayed over it by `vmalert -replay`, and every check
 * answered by VictoriaMetrics' MetricsQL at the same moment (see `helpers/vm-scenarios.ts` for why a
 * replay is faithful to promtool's evaluation).
 */
import { existsAt, expandSamples, renderSamples } from '../helpers/traffic';
import {
  CALENDAR_START, dependencyLevels, durationSeconds, expectScenarioOnVictoriaMetrics, RETENTION, runScenarioOnVictoriaMetrics,
} from '../helpers/vm-scenarios';
import { BEHAVIOUR_SCENARIOS } from '../rules/behaviour-scenarios';
import { BUDGET_POLICY_SCENARIOS } from '../rules/budget-policy-scenarios';

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

  test('checks alert_rule_test as the firing ALERTS of the alert: the label sets, and no alert as no series', async () => {
    // GIVEN the policy scenario whose alert_rule_test expects freeze (and not review) at 2h, and whose SLO
    // has no burn-rate alerts
    const scenario = BUDGET_POLICY_SCENARIOS.find((s) => s.title.startsWith('policy and forecast alerts'))!;
    const { groups, test: testCase } = scenario.build();
    const [policy] = testCase.alert_rule_test!;
    const wrongStep = { ...policy, exp_alerts: [{ exp_labels: { ...policy.exp_alerts[0].exp_labels, budget_action: 'review' } }] };
    const noAlert = { eval_time: '2h', alertname: 'SloErrorBudgetBurn', exp_alerts: [] };
    const noAlertWrongly = { ...policy, exp_alerts: [] };
    const alertChecks = [policy, wrongStep, noAlert, noAlertWrongly];
    const result = await runScenarioOnVictoriaMetrics(groups, { ...testCase, promql_expr_test: [], alert_rule_test: alertChecks });
    // THEN the expected freeze and "no burn alert" hold; the wrong step and the unexpected freeze are reported
    expect(result.checks).toBe(4);
    expect(result.failures).toHaveLength(2);
    expect(result.failures[0]).toContain('"budget_action":"review"');
    expect(result.failures[0]).toMatch(/got: +\[\{"budget_action":"freeze"/);
    expect(result.failures[1]).toMatch(/expected: \[\]\n +got: +\[\{"budget_action":"freeze"/);
  });

  test('calendar scenarios start on 2026-01-01, a Thursday of a non-leap year as 1970-01-01 is, within the retention', () => {
    const calendarStart = new Date(CALENDAR_START * 1000);
    const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    expect(calendarStart.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(calendarStart.getUTCDay()).toBe(new Date(0).getUTCDay());
    expect(calendarStart.getUTCDay()).toBe(4);
    expect([isLeap(1970), isLeap(2026)]).toEqual([false, false]);
    // every month starts on the same weekday in both years
    for (let month = 0; month < 12; month++) {
      expect(new Date(Date.UTC(2026, month, 1)).getUTCDay()).toBe(new Date(Date.UTC(1970, month, 1)).getUTCDay());
    }
    expect(Date.now() / 1000 - CALENDAR_START).toBeLessThan(durationSeconds(RETENTION) / 2);
  });
});
