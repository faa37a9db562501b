import { Chart, Duration, Testing } from 'cdk8s';
import { ServiceTier, Sli, Slo } from '../../src';
import { checkRules } from '../helpers/promtool';
import { ruleGroupsOf } from '../helpers/synth';

describe('ServiceTier', () => {
  test('of() accepts names and aliases, and names the choices when it cannot', () => {
    expect(ServiceTier.of('critical')).toBe(ServiceTier.CRITICAL);
    expect(ServiceTier.of('Tier-2')).toBe(ServiceTier.ESSENTIAL);
    expect(ServiceTier.of('best_effort')).toBe(ServiceTier.BEST_EFFORT);
    expect(() => ServiceTier.of('gold')).toThrow('"gold" is not a service tier; use one of critical, essential, standard, best-effort');
  });

  test('classify and explain', () => {
    expect(ServiceTier.classify({ revenueImpacting: true, customerFacing: true, averageQps: 2000 })).toBe(ServiceTier.CRITICAL);
    expect(ServiceTier.explain({ tierLabel: 'standard', revenueImpacting: true })).toEqual({
      tier: ServiceTier.STANDARD, score: undefined, reasons: ['tier label "standard"'],
    });
  });

  test('burnRateWindows carry the tier routing, with channels renamed', () => {
    const windows = ServiceTier.ESSENTIAL.burnRateWindows({ page: 'opsgenie' });
    expect(windows.map((w) => [w.longWindow.toMinutes(), w.shortWindow!.toMinutes(), w.budgetConsumed, w.severity, w.labels!.channel])).toEqual([
      [60, 5, 0.02, 'critical', 'opsgenie'],
      [360, 30, 0.05, 'warning', 'slack-incidents'],
      [1440, 120, 0.1, 'warning', 'slack-incidents'],
      [4320, 360, 0.1, 'info', 'slack-alerts'],
    ]);
  });

  test('a plain Slo can use a tier routing and the default error-budget policy', () => {
    const chart = new Chart(Testing.app(), 'c');
    const slo = new Slo(chart, 'search', {
      service: 'search',
      name: 'availability',
      target: ServiceTier.ESSENTIAL.target,
      indicator: Sli.ratio({ errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' }),
      alerting: { windows: ServiceTier.ESSENTIAL.burnRateWindows() },
      budgetPolicy: { forecastHorizon: Duration.days(3) },
    });
    expect(slo.budgetPolicy!.steps.map((s) => s.action)).toEqual(['review', 'freeze']);
    const groups = ruleGroupsOf(Testing.synth(chart));
    const alerts = groups.flatMap((g: any) => g.rules).filter((r: any) => r.alert);
    expect(alerts.map((a: any) => `${a.alert}/${a.labels.budget_action ?? a.labels.long_window}/${a.labels.channel ?? '-'}`)).toEqual([
      'SloErrorBudgetBurn/1h/pagerduty-critical',
      'SloErrorBudgetBurn/6h/slack-incidents',
      'SloErrorBudgetBurn/1d/slack-incidents',
      'SloErrorBudgetBurn/3d/slack-alerts',
      'SloErrorBudgetPolicy/review/-',
      'SloErrorBudgetPolicy/freeze/-',
      'SloErrorBudgetExhaustionForecast/undefined/-',
    ]);
    const forecast = alerts[6];
    expect(forecast.expr).toBe([
      'max by (slo_service, slo_name) (slo:period_error_budget_remaining:ratio{slo_service="search",slo_name="availability"}) * 2592000',
      '/ on (slo_service, slo_name)',
      '(max by (slo_service, slo_name) (slo:sli_error:ratio_rate1d{slo_service="search",slo_name="availability"}) / 0.001)',
      '< 259200',
      'and on (slo_service, slo_name)',
      'max by (slo_service, slo_name) (slo:period_error_budget_remaining:ratio{slo_service="search",slo_name="availability"}) > 0',
    ].join('\n'));
    const result = checkRules(groups);
    if (!result.ok) throw new Error(result.output);
  });
});
