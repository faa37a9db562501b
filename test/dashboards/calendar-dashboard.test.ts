/**
 * The service dashboard of calendar SLOs: the current period's burn-down against the ideal line, the
 * previous period's final SLI and budget left, and the period starts marked. Every query parses, reads
 * only series the rules record, and returns what it should in `promtool test rules` (the scenarios of
 * `calendar-dashboard-scenarios.ts`, whose header describes the SLOs and the traffic).
 */
import { CALENDAR_DASHBOARD_SCENARIOS, CALENDAR_SLOS, dashboardApp, panel, rowPanels } from './calendar-dashboard-scenarios';
import { ACCEPTANCE_SLOS, ruleGroupsIn } from '../helpers/dashboard-apps';
import { dashboardProblems, dashboardQueries, querySyntaxProblems, substituteVariables, variableValues } from '../helpers/grafana-dashboard';
import { expectScenarioInPromtool } from '../helpers/scenario';

/** Metric names a query selects (`name{…}`). */
function selectedMetrics(expr: string): string[] {
  return [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{/g)].map((match) => match[1]);
}

describe('the dashboard of calendar SLOs', () => {
  const { manifests, dashboard } = dashboardApp(CALENDAR_SLOS, 'billing');

  test('is valid and has a row per SLO named by its period', () => {
    expect(dashboardProblems(dashboard)).toEqual([]);
    expect(dashboard.panels.filter((p: any) => p.type === 'row').map((p: any) => p.title)).toEqual([
      'monthly: 99% per calendar month, UTC-01:00',
      'quarterly: 99% per calendar quarter, UTC-01:30',
      'weekly: 99.5% per calendar week from Monday, UTC+05:30',
    ]);
  });

  test('a row: eight stats with the previous period\'s, the burn-down of the period so far, and the rolling graphs', () => {
    expect(rowPanels(dashboard, 'monthly').map((p: any) => `${p.type}:${p.title}:${p.gridPos.w}`)).toEqual([
      'stat:Objective:3', 'stat:SLI (this month):3', 'gauge:Error budget left (this month):3',
      'stat:SLI (last month):3', 'stat:Budget left (last month):3',
      'stat:Burn rate (5m):3', 'stat:Alerts firing:3', 'stat:Requests/s:3',
      'timeseries:SLI against the objective:12', 'timeseries:Error budget burn-down (this month):12',
      'timeseries:Burn rate per alert window:12', 'timeseries:Requests and errors per second:12',
    ]);
    expect(rowPanels(dashboard, 'weekly').map((p: any) => p.title)).toContain('Budget left (last week)');
    // the SLI of the period so far, on its stat and next to the rolling SLIs
    expect(panel(dashboard, 'monthly', 'SLI (this month)').targets[0].expr)
      .toBe('1 - max by (slo_service, slo_name, route) (slo:period_sli_error:ratio{slo_service="$service",slo_name="monthly",slo_name=~"$slo",route=~"$route"})');
    expect(panel(dashboard, 'monthly', 'SLI against the objective').targets.map((t: any) => t.legendFormat))
      .toEqual(['SLI 1h {{route}}', 'SLI 30d {{route}}', 'SLI this month {{route}}']);
  });

  test('the burn-down plots the recorded burn-down against the ideal from the period\'s start and end, over the period so far', () => {
    const burnDown = panel(dashboard, 'monthly', 'Error budget burn-down (this month)');
    expect(burnDown.targets.map((t: any) => t.legendFormat)).toEqual(['budget left {{route}}', 'ideal']);
    expect(burnDown.targets[0].expr).toContain('slo:period_error_budget_burndown:ratio{');
    expect(burnDown.targets[1].expr).toMatch(/^1 - \(time\(\) - max by \(slo_service, slo_name\) \(slo:period_start:timestamp\{.*\}\)\) \/ \(max by \(slo_service, slo_name\) \(slo:period_end:timestamp\{/);
    expect(burnDown.fieldConfig.overrides[0].matcher.options.names).toEqual(['ideal']);
    // Grafana's "this month/fiscal quarter/week so far"; weeks from Monday on this dashboard
    expect(burnDown.timeFrom).toBe('now/M');
    expect(panel(dashboard, 'quarterly', 'Error budget burn-down (this quarter)').timeFrom).toBe('now/fQ');
    expect(panel(dashboard, 'weekly', 'Error budget burn-down (this week)').timeFrom).toBe('now/w');
    expect(dashboard.weekStart).toBe('monday');
  });

  test('the previous period\'s stats are instant queries over the longest period and a day, stepping onto the boundaries', () => {
    const previous = (row: string, title: string) => panel(dashboard, row, title).targets[0];
    expect(previous('monthly', 'Budget left (last month)')).toMatchObject({ instant: true });
    expect(previous('monthly', 'Budget left (last month)').expr).toMatch(/^last_over_time\(\(\n.*slo:period_error_budget_remaining:ratio\{.*\} offset 1ms\)[^]*\)\[32d:1h\]\)$/);
    expect(previous('monthly', 'SLI (last month)').expr).toMatch(/^1 - last_over_time\([^]*slo:period_sli_error:ratio\{[^]*\[32d:1h\]\)$/);
    // −01:30 and +05:30: boundaries on the half hour
    expect(previous('quarterly', 'Budget left (last quarter)').expr).toMatch(/\[93d:30m\]\)$/);
    expect(previous('weekly', 'Budget left (last week)').expr).toMatch(/\[8d:30m\]\)$/);
  });

  test('marks each period start where the recorded start says, whatever the step', () => {
    const annotation = dashboard.annotations.list.find((a: any) => a.name === 'SLO period starts');
    expect(annotation).toMatchObject({
      expr: 'max by (slo_service, slo_name) (slo:period_start:timestamp{slo_service="$service",slo_name=~"$slo"}) * 1000',
      useValueForTime: true,
      enable: true,
      datasource: { type: 'prometheus', uid: '${datasource}' },
    });
  });

  test('every query parses and selects only series the rules record', () => {
    const records = new Set(ruleGroupsIn(manifests).flatMap((group: any) => group.rules.map((rule: any) => rule.record)).filter(Boolean));
    const values = variableValues(dashboard);
    const queries = dashboardQueries(dashboard);
    expect(queries.flatMap((query) => querySyntaxProblems(substituteVariables(query.expr, values)))).toEqual([]);
    const unknown = queries.flatMap((query) => selectedMetrics(query.expr)
      .filter((metric) => metric !== 'ALERTS' && !records.has(metric))
      .map((metric) => `${query.where}: ${metric}`));
    expect(unknown).toEqual([]);
  });
});

describe('dashboards without calendar SLOs', () => {
  test('have no period annotation and the browser\'s week; a month SLO alone keeps the browser\'s week too', () => {
    const rolling = dashboardApp(ACCEPTANCE_SLOS, 'checkout').dashboard;
    expect(rolling.annotations.list.map((a: any) => a.name)).toEqual(['Annotations & Alerts', 'SLO alerts']);
    expect(rolling).not.toHaveProperty('weekStart');
    const monthly = dashboardApp([CALENDAR_SLOS[0]], 'billing').dashboard;
    expect(monthly.annotations.list.map((a: any) => a.name)).toEqual(['Annotations & Alerts', 'SLO alerts', 'SLO period starts']);
    expect(monthly).not.toHaveProperty('weekStart');
  });
});

describe('the calendar panels against the generated rules (promtool test rules)', () => {
  test.each(CALENDAR_DASHBOARD_SCENARIOS.map((scenario) => [scenario.title, scenario] as const))('%s', (_title, scenario) => {
    expectScenarioInPromtool(scenario.build());
  });
});
