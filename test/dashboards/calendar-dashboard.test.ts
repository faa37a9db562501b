/**
 * The service dashboard of calendar SLOs: the current period's burn-down against the ideal line, the
 * previous period's final SLI and budget left, and the period starts marked. Every query parses, reads
 * only series the rules record, and returns what it should in `promtool test rules`.
 *
 * promtool's scenarios start at the Unix epoch, 1970-01-01 00:00 UTC (a Thursday). At UTC−01:00, local
 * midnight of January 1st (a month and a quarter boundary) is 01:00 UTC; at UTC−01:30, 01:30 UTC. So in
 * two hours of traffic the monthly and quarterly SLOs have a previous period (December 1969, the fourth
 * quarter) and a current one; the weekly SLO (UTC+05:30, weeks from Monday) has no previous week yet.
 *
 * Traffic (per minute, from 0 to 2h): monthly routes /a and /b at 10 req/s, /b failing half of them from
 * 30 to 50 minutes (December); quarterly at 10 req/s, 20% failing from 60 to 80 minutes (still the fourth
 * quarter); weekly at 10 req/s without errors.
 */
import { Testing } from 'cdk8s';
import { CalendarWindow, Sli, SloDashboard, SloProps } from '../../src';
import { ACCEPTANCE_SLOS, dashboardOf, ruleGroupsIn, sloChart } from '../helpers/dashboard-apps';
import { dashboardProblems, dashboardQueries, querySyntaxProblems, substituteVariables, variableValues } from '../helpers/grafana-dashboard';
import { at, ExprTest, HOUR, Segment, testRulesInOrder, traffic } from '../helpers/traffic';

const ratio = (job: string, grouping: string[] = []) =>
  Sli.ratio({ errors: `http_requests_total{job="${job}",code=~"5.."}`, total: `http_requests_total{job="${job}"}`, grouping });

const CALENDAR_SLOS: SloProps[] = [
  { service: 'billing', name: 'monthly', target: 0.99, calendarWindow: CalendarWindow.MONTH, utcOffset: '-01:00', indicator: ratio('monthly', ['route']) },
  { service: 'billing', name: 'quarterly', target: 0.99, calendarWindow: CalendarWindow.QUARTER, utcOffset: '-01:30', indicator: ratio('quarterly') },
  { service: 'billing', name: 'weekly', target: 0.995, calendarWindow: CalendarWindow.WEEK, utcOffset: '+05:30', indicator: ratio('weekly') },
];

/** The synthesized manifests of `slos` with a dashboard of `service`, and that dashboard. */
function dashboardApp(slos: SloProps[], service: string): { manifests: any[]; dashboard: any } {
  const chart = sloChart(slos);
  new SloDashboard(chart, 'dashboard', { service });
  const manifests = Testing.synth(chart);
  return { manifests, dashboard: dashboardOf(manifests.find((m: any) => m.kind === 'ConfigMap')) };
}

/** The panels (not rows) under the row whose title starts with `rowTitle`. */
function rowPanels(dashboard: any, rowTitle: string): any[] {
  const start = dashboard.panels.findIndex((p: any) => p.type === 'row' && p.title.startsWith(rowTitle));
  const rest = dashboard.panels.slice(start + 1);
  const end = rest.findIndex((p: any) => p.type === 'row');
  return end === -1 ? rest : rest.slice(0, end);
}

function panel(dashboard: any, row: string, title: string): any {
  const found = rowPanels(dashboard, row).find((p: any) => p.title === title);
  if (!found) throw new Error(`no panel "${title}" in row ${row}`);
  return found;
}

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
  const END = 2 * HOUR;
  const steady = (minutes: number): Segment => ({ minutes, rps: 10 });
  const INPUT = [
    ...traffic('job="monthly",route="/a"', [steady(END)]),
    ...traffic('job="monthly",route="/b"', [steady(30), { minutes: 20, rps: 10, errorRatio: 0.5 }, steady(END - 50)]),
    ...traffic('job="quarterly"', [steady(60), { minutes: 20, rps: 10, errorRatio: 0.2 }, steady(END - 80)]),
    ...traffic('job="weekly"', [steady(END)]),
  ];
  const { manifests, dashboard } = dashboardApp(CALENDAR_SLOS, 'billing');
  const groups = ruleGroupsIn(manifests);
  const values = variableValues(dashboard);
  const query = (row: string, title: string, legend?: string) => {
    const targets = panel(dashboard, row, title).targets;
    return substituteVariables((legend ? targets.find((t: any) => t.legendFormat === legend) : targets[0]).expr, values);
  };
  /** A recorded series of one SLO, read at `atSeconds` if given. */
  const recorded = (metric: string, name: string, by: string[] = [], atSeconds?: number) =>
    `max by (${['slo_service', 'slo_name', ...by].join(', ')}) (${metric}{slo_service="billing",slo_name="${name}"}${atSeconds === undefined ? '' : ` @ ${atSeconds}`})`;
  /** Every series of `expr` equals the matching one of `expected` (to 1e-9), and there are `count` of them. */
  const equal = (where: string, expr: string, expected: string, count: number): ExprTest => ({
    expr: `# ${where}\ncount(abs((\n${expr}\n) - (\n${expected}\n)) < 1e-9)`,
    eval_time: at(END),
    exp_samples: [{ labels: '{}', value: count }],
  });
  const check = (where: string, expr: string, expected: number): ExprTest => ({
    expr: `# ${where}\n${expr}`,
    eval_time: at(END),
    exp_samples: [{ labels: '{}', value: expected }],
  });

  test('every query returns data at the end, but the previous week\'s', () => {
    const tests = dashboardQueries(dashboard).map((q): ExprTest => {
      const noPreviousWeek = q.where.includes('(last week)');
      return check(q.where, `count(\n${substituteVariables(q.expr, values)}\n) ${noPreviousWeek ? 'or vector(0)' : '> bool 0'}`, noPreviousWeek ? 0 : 1);
    });
    const result = testRulesInOrder(groups, [{ interval: '1m', input_series: INPUT, promql_expr_test: tests }]);
    if (!result.ok) throw new Error(`queries without the expected data:\n${result.output.slice(0, 8000)}`);
    expect(tests.length).toBeGreaterThan(30);
  });

  test('the previous period\'s final values are those of its last evaluation; the burn-down and the ideal those of the current period', () => {
    // promtool evaluates every group each minute (the scenario's evaluation interval): the last
    // evaluations of December and of the fourth quarter are at 59 and 89 minutes.
    const lastOfDecember = 59 * 60;
    const lastOfQ4 = 89 * 60;
    const januaryStart = 3600;
    const januaryEnd = januaryStart + 31 * 86400;
    const tests: ExprTest[] = [
      equal('monthly budget left last month', query('monthly', 'Budget left (last month)'),
        recorded('slo:period_error_budget_remaining:ratio', 'monthly', ['route'], lastOfDecember), 2),
      equal('monthly SLI last month', query('monthly', 'SLI (last month)'),
        `1 - ${recorded('slo:period_sli_error:ratio', 'monthly', ['route'], lastOfDecember)}`, 2),
      equal('quarterly budget left last quarter', query('quarterly', 'Budget left (last quarter)'),
        recorded('slo:period_error_budget_remaining:ratio', 'quarterly', [], lastOfQ4), 1),
      // December's outage on /b overspent December's budget (not /a's); January's budgets are untouched
      check('/b overspent December', `count((${query('monthly', 'Budget left (last month)')}) < 0)`, 1),
      check('untouched in January', `count((${query('monthly', 'Error budget left (this month)')}) == 1)`, 2),
      // the burn-down: the recorded series, its steps of the last 90 minutes only from January (60 to 120)
      equal('monthly burn-down', query('monthly', 'Error budget burn-down (this month)', 'budget left {{route}}'),
        recorded('slo:period_error_budget_burndown:ratio', 'monthly', ['route']), 2),
      check('burn-down steps in January', `count(count_over_time((\n${query('monthly', 'Error budget burn-down (this month)', 'budget left {{route}}')}\n)[90m:1m]) == 61)`, 2),
      // the ideal: 1 − elapsed ÷ length of January
      equal('monthly ideal', query('monthly', 'Error budget burn-down (this month)', 'ideal'),
        `1 - (${END * 60} - ${januaryStart}) / (${januaryEnd} - ${januaryStart})`, 1),
      // the annotation: one start per SLO, in milliseconds
      check('January starts', `count(${substituteVariables(dashboard.annotations.list[2].expr, values)} == ${januaryStart * 1000})`, 1),
    ];
    const result = testRulesInOrder(groups, [{ interval: '1m', input_series: INPUT, promql_expr_test: tests }]);
    if (!result.ok) throw new Error(`promtool test rules failed:\n${result.output.slice(0, 8000)}`);
    expect(result.ok).toBe(true);
  });
});
