/**
 * The calendar panels of a service dashboard against the generated rules: every query returns data at
 * the end (but the previous week's), the previous period's final values are those of its last
 * evaluation, and the burn-down and the ideal are the current period's. `calendar-dashboard.test.ts` runs
 * these scenarios in `promtool test rules` (`test/live/victoria-metrics-dashboards.test.ts` says why
 * they do not pass on VictoriaMetrics).
 *
 * promtool's scenarios start at the Unix epoch, 1970-01-01 00:00 UTC (a Thursday). At UTC−01:00, local
 * midnight of January 1st (a month and a quarter boundary) is 01:00 UTC; at UTC−01:30, 01:30 UTC. So in
 * two hours of traffic the monthly and quarterly SLOs have a previous period (December 1969, the fourth
 * quarter) and a current one; the weekly SLO (UTC+05:30, weeks from Monday) has no previous week yet.
 * Times in queries and values (`@`, period starts) are Unix times: on an engine whose time 0 is elsewhere
 * they are that time 0 later.
 *
 * Traffic (per minute, from 0 to 2h): monthly routes /a and /b at 10 req/s, /b failing half of them from
 * 30 to 50 minutes (December); quarterly at 10 req/s, 20% failing from 60 to 80 minutes (still the fourth
 * quarter); weekly at 10 req/s without errors.
 */
import { Testing } from 'cdk8s';
import { CalendarWindow, Sli, SloDashboard, SloProps } from '../../src';
import { dashboardOf, ruleGroupsIn, sloChart } from '../helpers/dashboard-apps';
import { dashboardQueries, substituteVariables, variableValues } from '../helpers/grafana-dashboard';
import { BehaviourScenario, minuteScenario, PROMTOOL_ENGINE } from '../helpers/scenario';
import { at, ExprTest, HOUR, Segment, traffic } from '../helpers/traffic';

const ratio = (job: string, grouping: string[] = []) =>
  Sli.ratio({ errors: `http_requests_total{job="${job}",code=~"5.."}`, total: `http_requests_total{job="${job}"}`, grouping });

export const CALENDAR_SLOS: SloProps[] = [
  { service: 'billing', name: 'monthly', target: 0.99, calendarWindow: CalendarWindow.MONTH, utcOffset: '-01:00', indicator: ratio('monthly', ['route']) },
  { service: 'billing', name: 'quarterly', target: 0.99, calendarWindow: CalendarWindow.QUARTER, utcOffset: '-01:30', indicator: ratio('quarterly') },
  { service: 'billing', name: 'weekly', target: 0.995, calendarWindow: CalendarWindow.WEEK, utcOffset: '+05:30', indicator: ratio('weekly') },
];

/** The synthesized manifests of `slos` with a dashboard of `service`, and that dashboard. */
export function dashboardApp(slos: SloProps[], service: string): { manifests: any[]; dashboard: any } {
  const chart = sloChart(slos);
  new SloDashboard(chart, 'dashboard', { service });
  const manifests = Testing.synth(chart);
  return { manifests, dashboard: dashboardOf(manifests.find((m: any) => m.kind === 'ConfigMap')) };
}

/** The panels (not rows) under the row whose title starts with `rowTitle`. */
export function rowPanels(dashboard: any, rowTitle: string): any[] {
  const start = dashboard.panels.findIndex((p: any) => p.type === 'row' && p.title.startsWith(rowTitle));
  const rest = dashboard.panels.slice(start + 1);
  const end = rest.findIndex((p: any) => p.type === 'row');
  return end === -1 ? rest : rest.slice(0, end);
}

export function panel(dashboard: any, row: string, title: string): any {
  const found = rowPanels(dashboard, row).find((p: any) => p.title === title);
  if (!found) throw new Error(`no panel "${title}" in row ${row}`);
  return found;
}

/** The app of the calendar SLOs, its dashboard, its traffic and the checks' helpers. */
function calendarPanels() {
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
  return { END, INPUT, dashboard, groups, values, query, recorded, equal, check };
}

export const CALENDAR_DASHBOARD_SCENARIOS: BehaviourScenario[] = [
  {
    title: 'every query returns data at the end, but the previous week\'s',
    calendar: true,
    build: () => {
      const { INPUT, dashboard, groups, values, check } = calendarPanels();
      const tests = dashboardQueries(dashboard).map((q): ExprTest => {
        const noPreviousWeek = q.where.includes('(last week)');
        return check(q.where, `count(\n${substituteVariables(q.expr, values)}\n) ${noPreviousWeek ? 'or vector(0)' : '> bool 0'}`, noPreviousWeek ? 0 : 1);
      });
      expect(tests.length).toBeGreaterThan(30);
      return minuteScenario(groups, INPUT, tests);
    },
  },
  {
    title: 'the previous period\'s final values are those of its last evaluation; the burn-down and the ideal those of the current period',
    calendar: true,
    build: (engine = PROMTOOL_ENGINE) => {
      const { END, INPUT, dashboard, groups, query, recorded, equal, check, values } = calendarPanels();
      // promtool evaluates every group each minute (the scenario's evaluation interval): the last
      // evaluations of December and of the fourth quarter are at 59 and 89 minutes.
      const lastOfDecember = engine.timeZeroSeconds + 59 * 60;
      const lastOfQ4 = engine.timeZeroSeconds + 89 * 60;
      const januaryStart = engine.timeZeroSeconds + 3600;
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
          `1 - (${engine.timeZeroSeconds + END * 60} - ${januaryStart}) / (${januaryEnd} - ${januaryStart})`, 1),
        // the annotation: one start per SLO, in milliseconds
        check('January starts', `count(${substituteVariables(dashboard.annotations.list[2].expr, values)} == ${januaryStart * 1000})`, 1),
      ];
      return minuteScenario(groups, INPUT, tests);
    },
  },
];
