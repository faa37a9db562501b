/**
 * Every query of every generated dashboard returns data. The rules of the acceptance SLOs and
 * of SLOs of other shapes (grouped by route with 28-day and 7-day windows, a one-hour window) run in
 * `promtool test rules` over two hours of synthetic traffic (1-minute samples) that ends in an outage, so
 * that every recorded window, burn rate and alert a panel reads exists. Each panel target, annotation and
 * variable query then has Grafana's variables filled in as Grafana would (All, or a picked value) and
 * must return at least one series at the end of the scenario. A panel that can never show data is a
 * defect. `panel-queries.test.ts` runs these scenarios in `promtool test rules` (and parses every query
 * with Prometheus's grammar); `test/live/victoria-metrics-dashboards.test.ts` on VictoriaMetrics, as
 * Grafana would query it.
 *
 * Traffic (per minute, from 0 to 2h):
 * - checkout: 100 req/s; the last 30 minutes 20% answer code="500". Latency: 95% within 0.1s, 98% within
 *   0.3s (the threshold), all within 1s: 2% slow against a 1% budget.
 * - search: routes /a and /b at 50 req/s each; /b fails 20% in the last 30 minutes. Latency per route:
 *   97% within 0.1s, 99% within 0.25s (the threshold), all within 1s.
 * - edge: 10 req/s, 20% failing in the last 30 minutes.
 */
import { dashboardsOf, allDashboardsChart, ruleGroupsIn } from '../helpers/dashboard-apps';
import { dashboardQueries, substituteVariables, variableValues } from '../helpers/grafana-dashboard';
import { BehaviourScenario, minuteScenario } from '../helpers/scenario';
import {
  at, counterSamples, ExprTest, HOUR, renderSamples, traffic,
} from '../helpers/traffic';

const END = 2 * HOUR;
const OUTAGE = 30;

/** A counter from a constant rate per minute. */
function counter(series: string, perMinute: number) {
  return { series, values: renderSamples(counterSamples(Array.from({ length: END }, () => perMinute))) };
}

/** A classic histogram's buckets and count at `rps`, with the share of requests within each bound. */
function histogram(labels: string, rps: number, within: Record<string, number>) {
  const perMinute = rps * 60;
  const series = Object.entries({ ...within, '+Inf': 1 }).map(([le, share]) =>
    counter(`http_request_duration_seconds_bucket{${labels},le="${le}"}`, perMinute * share));
  series.push(counter(`http_request_duration_seconds_count{${labels}}`, perMinute));
  return series;
}

const outage = (rps: number) => [{ minutes: END - OUTAGE, rps }, { minutes: OUTAGE, rps, errorRatio: 0.2 }];

const INPUT = [
  ...traffic('job="checkout"', outage(100)),
  ...histogram('job="checkout"', 100, { 0.1: 0.95, 0.3: 0.98, 1: 1 }),
  ...traffic('job="search",route="/a"', [{ minutes: END, rps: 50 }]),
  ...traffic('job="search",route="/b"', outage(50)),
  ...histogram('job="search",route="/a"', 50, { 0.1: 0.97, 0.25: 0.99, 1: 1 }),
  ...histogram('job="search",route="/b"', 50, { 0.1: 0.97, 0.25: 0.99, 1: 1 }),
  ...traffic('job="edge"', outage(10)),
];

/** `expr` returns at least one series at the end of the scenario; the comment names the query in reports. */
function returnsData(where: string, expr: string): ExprTest {
  return { expr: `# ${where}\ncount(\n${expr}\n) > bool 0`, eval_time: at(END), exp_samples: [{ labels: '{}', value: 1 }] };
}

/** `expr` returns nothing at the end of the scenario (`or vector(0)` gives 0). */
function returnsNothing(where: string, expr: string): ExprTest {
  return { expr: `# ${where}\ncount(\n${expr}\n) or vector(0)`, eval_time: at(END), exp_samples: [{ labels: '{}', value: 0 }] };
}

/** The app of every dashboard shape, its dashboards and rule groups. */
export function dashboardScenarioApp() {
  const { manifests } = allDashboardsChart();
  return { dashboards: dashboardsOf(manifests), groups: ruleGroupsIn(manifests) };
}

/**
 * Every query of every dashboard, with the variables as Grafana fills them in: the defaults (All), and
 * on the grouped search dashboard also one route picked.
 */
export function panelQueryCases(dashboards: Map<string, any>): Array<{ where: string; expr: string }> {
  const cases: Array<{ where: string; expr: string }> = [];
  for (const [name, dashboard] of dashboards) {
    const settings: Array<[string, Record<string, string>]> = [['All', {}]];
    if (name === 'slo-dashboard-search') settings.push(['route /b', { route: '/b' }]);
    for (const [label, picks] of settings) {
      const values = variableValues(dashboard, picks);
      for (const query of dashboardQueries(dashboard)) {
        cases.push({ where: `${name} (${label}) ${query.where}`, expr: substituteVariables(query.expr, values) });
      }
    }
  }
  return cases;
}

export const PANEL_QUERY_SCENARIOS: BehaviourScenario[] = [
  {
    title: 'every panel, annotation and variable query returns data, with All and with a picked group',
    build: () => {
      const { dashboards, groups } = dashboardScenarioApp();
      const cases = panelQueryCases(dashboards);
      expect(cases.length).toBeGreaterThan(100);
      return minuteScenario(groups, INPUT, cases.map((c) => returnsData(c.where, c.expr)));
    },
  },
  {
    title: 'the slo variable narrows the service dashboard to the SLOs picked',
    build: () => {
      // GIVEN the checkout dashboard with only `availability` picked
      const { dashboards, groups } = dashboardScenarioApp();
      const dashboard = dashboards.get('slo-dashboard-checkout');
      const values = variableValues(dashboard, { slo: 'availability' });
      const panels = (title: string) => dashboard.panels.filter((panel: any) => panel.title === title);
      const [availabilitySli, latencySli] = panels('SLI (30d)').map((panel: any) => substituteVariables(panel.targets[0].expr, values));
      // THEN the availability row shows data and the latency row none
      return minuteScenario(groups, INPUT, [returnsData('availability SLI', availabilitySli), returnsNothing('latency SLI', latencySli)]);
    },
  },
];
