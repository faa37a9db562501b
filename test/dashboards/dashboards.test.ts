/**
 * The generated dashboards: the acceptance example as a user writes it, what every dashboard must hold
 * to load in Grafana (see helpers/grafana-dashboard.ts), the panels of an SLO, any window length and
 * grouping, uid stability and determinism.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import { Sli, Slo, SloDashboard, SloOverviewDashboard, SloProps } from '../../src';
import {
  ACCEPTANCE_SLOS, allDashboardsChart, dashboardOf, dashboardsOf, OTHER_SLOS, sloChart,
} from '../helpers/dashboard-apps';
import { dashboardProblems, dashboardQueries, querySyntaxProblems, substituteVariables, variableValues } from '../helpers/grafana-dashboard';
import { synthesizeAppDocuments } from '../helpers/synth';

/** The dashboard an SloDashboard of `service` synthesizes in a chart of `slos`. */
function serviceDashboardFor(slos: SloProps[], service: string): any {
  const chart = sloChart(slos);
  new SloDashboard(chart, 'dashboard', { service });
  return dashboardOf(Testing.synth(chart).find((m: any) => m.kind === 'ConfigMap'));
}

/** The panels (not rows) under the row whose title starts with `rowTitle`. */
function rowPanels(dashboard: any, rowTitle: string): any[] {
  const start = dashboard.panels.findIndex((panel: any) => panel.type === 'row' && panel.title.startsWith(rowTitle));
  const rest = dashboard.panels.slice(start + 1);
  const end = rest.findIndex((panel: any) => panel.type === 'row');
  return end === -1 ? rest : rest.slice(0, end);
}

/** Every SLO indicator kind and option that changes the panels. */
const EVERY_KIND: SloProps[] = [
  { service: 'kinds', name: 'probe', target: 0.99, indicator: Sli.boolGauge({ metric: 'probe_success{job="blackbox"}' }) },
  { service: 'kinds', name: 'fresh', target: 0.99, indicator: Sli.freshness({ timestampMetric: 'job_last_success_unixtime{job="etl"}', maxAge: Duration.hours(26) }) },
  { service: 'kinds', name: 'lag', target: 0.99, indicator: Sli.gaugeThreshold({ metric: 'kafka_consumergroup_lag{consumergroup="orders"}', maximum: 1000 }) },
  { service: 'kinds', name: 'raw', target: 0.999, indicator: Sli.fromQueries({ errorQuery: 'sum(rate(e_total[{{.window}}]))', totalQuery: 'sum(rate(t_total[{{.window}}]))' }) },
  {
    service: 'kinds',
    name: 'native',
    target: 0.999,
    window: Duration.days(7),
    indicator: Sli.nativeLatency({ histogram: 'rpc_duration_seconds{job="rpc"}', threshold: Duration.millis(120), grouping: ['method', 'service'] }),
  },
  {
    service: 'kinds',
    name: 'quiet',
    target: 0.995,
    alerting: { enabled: false },
    indicator: Sli.ratio({ good: 'jobs_ok_total', total: 'jobs_total' }),
    budgetPolicy: { steps: [{ action: 'review', remainingBelow: 0.5 }, { action: 'freeze', remainingBelow: 0.1 }] },
  },
  {
    service: 'kinds',
    name: 'quoted',
    target: 0.99,
    indicator: Sli.latency({ histogram: 'http_request_duration_seconds{path="/a\\"b\\\\c",job=~"x|y"}', threshold: Duration.seconds(1) }),
  },
];

describe('the acceptance example', () => {
  // GIVEN the acceptance SLOs and `new SloDashboard(chart, 'checkout-dashboard', { service: 'checkout' })`, synthesized as a user does
  const documents = synthesizeAppDocuments('../fixtures/dashboard-acceptance-example');
  const configMap = documents.find((d) => d.kind === 'ConfigMap');
  const dashboard = dashboardOf(configMap);

  test('synthesizes the PrometheusRules and one dashboard ConfigMap for the sidecar', () => {
    expect(documents.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`)).toEqual([
      'PrometheusRule/monitoring/slo-checkout-availability',
      'PrometheusRule/monitoring/slo-checkout-latency',
      'ConfigMap/monitoring/slo-dashboard-checkout',
    ]);
    expect(configMap.apiVersion).toBe('v1');
    expect(configMap.metadata.labels).toEqual({ grafana_dashboard: '1' });
    expect(Object.keys(configMap.data)).toEqual(['slo-dashboard-checkout.json']);
  });

  test('the dashboard holds what Grafana\'s dashboard schema requires', () => {
    expect(dashboardProblems(dashboard)).toEqual([]);
    expect(dashboard.uid).toBe('slo-checkout');
    expect(dashboard.title).toBe('checkout SLOs');
    expect(dashboard.schemaVersion).toBe(41);
  });

  test('is the dashboard whose every query the promtool scenario proves to return data', () => {
    // test/dashboards/panel-queries.test.ts runs every query of the checkout dashboard of this app
    expect(dashboard).toEqual(dashboardsOf(allDashboardsChart().manifests).get('slo-dashboard-checkout'));
  });

  test('has a row per SLO: six stats, four graphs, and latency percentiles for the latency SLO', () => {
    const titles = (row: string) => rowPanels(dashboard, row).map((panel: any) => `${panel.type}:${panel.title}`);
    const common = [
      'stat:Objective', 'stat:SLI (30d)', 'gauge:Error budget left (30d)', 'stat:Burn rate (5m)', 'stat:Alerts firing', 'stat:Requests/s',
      'timeseries:SLI against the objective', 'timeseries:Error budget burn-down (30d)',
      'timeseries:Burn rate per alert window', 'timeseries:Requests and errors per second',
    ];
    expect(dashboard.panels.filter((panel: any) => panel.type === 'row').map((panel: any) => panel.title))
      .toEqual(['availability: 99.9% over 30d', 'latency: 99% over 30d']);
    expect(titles('availability')).toEqual(common);
    expect(titles('latency')).toEqual([...common, 'timeseries:Latency percentiles']);
  });

  test('draws the objective, the ideal burn-down, the alert thresholds and the latency threshold', () => {
    const panel = (row: string, title: string) => rowPanels(dashboard, row).find((p: any) => p.title === title);
    const lines = (p: any) => p.fieldConfig.defaults.thresholds.steps.slice(1).map((step: any) => step.value);
    // the SLI graph: 1h and 30d SLI, the objective as a dashed line
    const sli = panel('availability', 'SLI against the objective');
    expect(sli.targets.map((t: any) => t.legendFormat)).toEqual(['SLI 1h', 'SLI 30d']);
    expect(sli.targets[1].expr).toContain('slo:sli_error:ratio_rate30d{');
    expect(lines(sli)).toEqual([0.999]);
    expect(sli.fieldConfig.defaults.custom.thresholdsStyle.mode).toBe('dashed');
    // the burn-down: always the last 30 days, the budget against the ideal (dashed)
    const burnDown = panel('availability', 'Error budget burn-down (30d)');
    expect(burnDown.timeFrom).toBe('30d');
    expect(burnDown.targets.map((t: any) => t.legendFormat)).toEqual(['budget left', 'ideal']);
    expect(burnDown.fieldConfig.overrides[0].matcher).toEqual({ id: 'byNames', options: { mode: 'include', names: ['ideal'], prefix: 'All except:', readOnly: true } });
    // burn rates of every window of the four SRE workbook pairs, thresholds at their factors
    const burn = panel('availability', 'Burn rate per alert window');
    expect(burn.targets.map((t: any) => t.legendFormat)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
    expect(burn.targets[2].expr).toBe('max by (slo_service, slo_name) (slo:sli_error:ratio_rate1h{slo_service="$service",slo_name="availability",slo_name=~"$slo"}) / 0.001');
    expect(lines(burn)).toEqual([1, 3, 6, 14.4]);
    expect(burn.fieldConfig.defaults.thresholds.steps.map((s: any) => s.color)).toEqual(['transparent', 'orange', 'orange', 'red', 'red']);
    // latency percentiles from the classic histogram, the 300ms threshold drawn
    const latency = panel('latency', 'Latency percentiles');
    expect(latency.targets.map((t: any) => t.legendFormat)).toEqual(['p50', 'p90', 'p99']);
    expect(latency.targets[2].expr).toBe('histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="checkout"}[$__rate_interval])))');
    expect(lines(latency)).toEqual([0.3]);
  });

  test('sets stat reducers, visible legends, refIds and the datasource variable explicitly', () => {
    const panels = dashboard.panels.filter((panel: any) => panel.type !== 'row');
    for (const panel of panels) {
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(panel.targets.map((t: any) => t.refId)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G'].slice(0, panel.targets.length));
      if (panel.type === 'timeseries') expect(panel.options.legend).toMatchObject({ showLegend: true, displayMode: 'list' });
      else expect(panel.options.reduceOptions.calcs).toEqual(['lastNotNull']);
    }
    expect(dashboard.templating.list.map((v: any) => `${v.type}:${v.name}`)).toEqual(['datasource:datasource', 'custom:service', 'custom:slo']);
  });

  test('snapshot', () => {
    expect(dashboard).toMatchSnapshot();
  });
});

describe('any window length and grouping', () => {
  const { manifests } = allDashboardsChart();
  const dashboards = dashboardsOf(manifests);

  test('a grouped 28-day SLO reads its own window and gets a variable per grouping label', () => {
    const search = dashboards.get('slo-dashboard-search');
    const exprs = dashboardQueries(search).map((query) => query.expr).join('\n');
    expect(exprs).toContain('slo:sli_error:ratio_rate28d{');
    expect(exprs).toContain('slo:sli_error:ratio_rate7d{');
    expect(exprs).not.toContain('ratio_rate30d');
    const route = search.templating.list.find((v: any) => v.name === 'route');
    expect(route).toMatchObject({
      type: 'query',
      label: 'route',
      multi: true,
      includeAll: true,
      allValue: '.*',
      query: 'label_values(slo:sli_error:ratio_rate5m{slo_service="$service",slo_name=~"$slo"}, route)',
    });
    const availability = rowPanels(search, 'availability');
    expect(availability.find((p: any) => p.title === 'Error budget burn-down (28d)').timeFrom).toBe('28d');
    expect(availability.find((p: any) => p.title === 'SLI (28d)').targets[0].expr)
      .toBe('1 - max by (slo_service, slo_name, route) (slo:sli_error:ratio_rate28d{slo_service="$service",slo_name="availability",slo_name=~"$slo",route=~"$route"})');
    // 28-day factors of the workbook pairs: 13.44, 5.6, 2.8 and 0.933…
    const burn = availability.find((p: any) => p.title === 'Burn rate per alert window');
    expect(burn.fieldConfig.defaults.thresholds.steps.slice(1).map((s: any) => s.value)).toEqual([0.933333333333, 2.8, 5.6, 13.44]);
    const latency = rowPanels(search, 'latency').find((p: any) => p.title === 'Latency percentiles');
    expect(latency.targets.map((t: any) => t.legendFormat)).toEqual(['p50 {{route}}', 'p90 {{route}}', 'p99.5 {{route}}']);
    expect(latency.targets[0].expr).toContain('sum by (le, route) (rate(http_request_duration_seconds_bucket{job="search",route=~"$route"}[$__rate_interval]))');
  });

  test('a one-hour SLO draws its 5-minute and 1-hour SLI and its own alert pair', () => {
    const edge = dashboards.get('slo-dashboard-edge');
    const panels = rowPanels(edge, 'availability');
    expect(panels.find((p: any) => p.title === 'SLI against the objective').targets.map((t: any) => t.legendFormat)).toEqual(['SLI 5m', 'SLI 1h']);
    expect(panels.find((p: any) => p.title === 'Error budget burn-down (1h)').timeFrom).toBe('1h');
    const burn = panels.find((p: any) => p.title === 'Burn rate per alert window');
    expect(burn.targets.map((t: any) => t.legendFormat)).toEqual(['5m', '1h']);
    expect(burn.fieldConfig.defaults.thresholds.steps.slice(1)).toEqual([{ value: 0.5, color: 'red' }]);
  });

  test('every indicator kind gives a valid dashboard whose queries parse, names and selectors escaped', () => {
    const dashboard = serviceDashboardFor(EVERY_KIND, 'kinds');
    expect(dashboardProblems(dashboard)).toEqual([]);
    const values = variableValues(dashboard);
    const problems = dashboardQueries(dashboard).flatMap((query) => querySyntaxProblems(substituteVariables(query.expr, values)));
    expect(problems).toEqual([]);
    // the grouping label `service` cannot take the service variable's name
    expect(dashboard.templating.list.map((v: any) => v.name)).toEqual(['datasource', 'service', 'slo', 'method', 'service_label']);
    const exprs = dashboardQueries(dashboard).map((query) => query.expr);
    expect(exprs).toContain('histogram_quantile(0.999, sum by (method, service) (rate(rpc_duration_seconds{job="rpc",method=~"$method",service=~"$service_label"}[$__rate_interval])))');
    // the user's selector comes back through the library's renderer, its quote and backslash escaped
    expect(exprs).toContain('histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{path="/a\\"b\\\\c",job=~"x|y"}[$__rate_interval])))');
    // no alerting: the burn rate of 5m, 1h and the SLO window, no threshold lines; the policy's steps color the budget
    const quiet = rowPanels(dashboard, 'quiet');
    const burn = quiet.find((p: any) => p.title === 'Burn rate per alert window');
    expect(burn.targets.map((t: any) => t.legendFormat)).toEqual(['5m', '1h', '30d']);
    expect(burn.fieldConfig.defaults.custom.thresholdsStyle.mode).toBe('off');
    expect(quiet.find((p: any) => p.type === 'gauge').fieldConfig.defaults.thresholds.steps.map((s: any) => s.value)).toEqual([null, 0, 0.5]);
    // only latency SLOs get percentiles; counters of other kinds are events, not requests
    expect(rowPanels(dashboard, 'probe').map((p: any) => p.title)).not.toContain('Latency percentiles');
    expect(rowPanels(dashboard, 'probe').map((p: any) => p.title)).toContain('Events and bad events per second');
  });

  test('the overview lists the app\'s services and SLOs and holds counts, budgets, burn and alerts', () => {
    const overview = dashboards.get('slos-overview');
    expect(dashboardProblems(overview)).toEqual([]);
    expect(overview.uid).toBe('slos-overview');
    const variable = (name: string) => overview.templating.list.find((v: any) => v.name === name);
    expect(variable('service').query).toBe('checkout,edge,search');
    expect(variable('slo').query).toBe('availability,latency');
    expect(overview.panels.map((p: any) => `${p.type}:${p.title}`)).toEqual([
      'row:Summary', 'stat:SLOs', 'stat:Services', 'stat:SLOs burning now', 'stat:Alerts firing',
      'row:Error budgets', 'table:Error budget left, worst first', 'timeseries:Error budget left over time',
      'row:Burning and alerting', 'table:Burning now, fastest first', 'table:Alerts firing',
    ]);
    const budgets = overview.panels.find((p: any) => p.title === 'Error budget left, worst first');
    expect(budgets.targets[0]).toMatchObject({ instant: true, format: 'table', expr: 'sort(slo:period_error_budget_remaining:ratio{slo_service=~"$service",slo_name=~"$slo"})' });
    expect(budgets.options.sortBy).toEqual([{ displayName: 'Budget left', desc: false }]);
  });
});

describe('uids', () => {
  test('are stable: the same service gives the same uid whatever the construct ids, order or other SLOs', () => {
    const first = sloChart([...ACCEPTANCE_SLOS]);
    const a = new SloDashboard(first, 'a', { service: 'checkout' });
    const second = sloChart([...OTHER_SLOS, ...ACCEPTANCE_SLOS].reverse());
    new SloDashboard(second, 'other', { service: 'search' });
    const b = new SloDashboard(second, 'something-else', { service: 'checkout' });
    expect(a.uid).toBe('slo-checkout');
    expect(b.uid).toBe(a.uid);
    expect(JSON.parse(a.renderJson()).uid).toBe('slo-checkout');
  });

  test('are at most 40 characters, hashed beyond, and unique for services sharing a long prefix', () => {
    const long = 'a'.repeat(40);
    const slo = (service: string): SloProps => ({ ...ACCEPTANCE_SLOS[0], service });
    const chart = sloChart([slo(`${long}-one`), slo(`${long}-two`)]);
    const one = new SloDashboard(chart, 'one', { service: `${long}-one` });
    const two = new SloDashboard(chart, 'two', { service: `${long}-two` });
    expect(one.uid).toMatch(/^slo-a{27}-[0-9a-f]{8}$/);
    expect(one.uid.length).toBe(40);
    expect(two.uid).not.toBe(one.uid);
    // the same input gives the same uid again
    expect(new SloDashboard(sloChart([slo(`${long}-one`)]), 'again', { service: `${long}-one` }).uid).toBe(one.uid);
    expect(Testing.synth(chart).filter((m: any) => m.kind === 'ConfigMap').map((m: any) => dashboardOf(m).uid)).toEqual([one.uid, two.uid]);
  });

  test('can be set', () => {
    const chart = sloChart(ACCEPTANCE_SLOS);
    new SloDashboard(chart, 'd', { service: 'checkout', uid: 'checkout_slos-v2', title: 'Checkout', tags: ['team-a'] });
    const dashboard = dashboardOf(Testing.synth(chart).find((m: any) => m.kind === 'ConfigMap'));
    expect(dashboard).toMatchObject({ uid: 'checkout_slos-v2', title: 'Checkout', tags: ['team-a', 'cdk8s-slo'] });
  });
});

describe('determinism', () => {
  test('two synths of the same app are byte-identical', () => {
    const yaml = () => {
      const { chart } = allDashboardsChart();
      return JSON.stringify(Testing.synth(chart));
    };
    expect(yaml()).toBe(yaml());
  });

  test('a dashboard declared before its SLOs shows them (they are collected at synthesis)', () => {
    const chart = new Chart(Testing.app(), 'slos', { namespace: 'monitoring' });
    const early = new SloDashboard(chart, 'early', { service: 'checkout', name: 'early' });
    const overview = new SloOverviewDashboard(chart, 'overview');
    ACCEPTANCE_SLOS.forEach((props) => new Slo(chart, props.name, props));
    const late = sloChart(ACCEPTANCE_SLOS);
    const reference = new SloDashboard(late, 'late', { service: 'checkout' });
    expect(JSON.parse(early.renderJson())).toEqual(JSON.parse(reference.renderJson()));
    expect(JSON.parse(overview.renderJson()).templating.list[2].query).toBe('availability,latency');
  });
});
