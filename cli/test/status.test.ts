/**
 * `cdk8s-slo status` without a server: how the slo:* series and firing alerts become the JSON contract
 * and the table (the live tests prove the same against a real Prometheus).
 */
import { runCliInProcess } from './helpers/cli';
import { sliFromPeriodBurnRate } from '../../src/planning/period-sli';
import { compareSeverities, uniqueSeveritiesByUrgency } from '../../src/planning/severity-order';
import { classifySloHealth } from '../../src/planning/slo-health';
import { parseVectorSelector } from '../../src/promql/selector';
import { SynthesizedSlo } from '../src/manifests/synthesized-slos';
import { Palette } from '../src/output/color';
import { VectorSample } from '../src/prometheus/prometheus-api';
import { buildSloStatuses, SloStatus } from '../src/status/slo-status';
import { firingAlertsQuery, statusSeriesQuery } from '../src/status/status-queries';
import { renderStatusTable } from '../src/status/status-table';

/** The contract's keys, in order: scripts and dashboards rely on the first seven. */
const CONTRACT_KEYS = ['service', 'slo', 'objective', 'sli', 'budgetRemaining', 'burnRate', 'alertsFiring'];
const ALL_KEYS = [...CONTRACT_KEYS, 'errorBudget', 'window', 'worstGroup', 'groups', 'alerts', 'note'];

const sample = (name: string, labels: Record<string, string>, value: number): VectorSample => ({ labels: { __name__: name, ...labels }, value });
const alert = (labels: Record<string, string>): VectorSample => ({ labels: { __name__: 'ALERTS', alertstate: 'firing', ...labels }, value: 1 });

/** The five series of one SLO (or of one group: `group` adds the grouping labels to the per-group series). */
interface SeriesValues {
  readonly objective: number;
  readonly periodBurn: number;
  readonly current: number;
}

function sloSeries(
  service: string, name: string, values: SeriesValues, group: Record<string, string> = {}, extra: Record<string, string> = {},
): VectorSample[] {
  const id = { slo_service: service, slo_name: name, ...extra };
  const budget = Number((1 - values.objective).toPrecision(12));
  return [
    sample('slo:objective:ratio', id, values.objective),
    sample('slo:error_budget:ratio', id, budget),
    sample('slo:period_burn_rate:ratio', { ...id, ...group }, values.periodBurn),
    sample('slo:period_error_budget_remaining:ratio', { ...id, ...group }, 1 - values.periodBurn),
    sample('slo:current_burn_rate:ratio', { ...id, ...group }, values.current),
  ];
}

describe('status: from series to the JSON contract', () => {
  test('an SLO: objective, SLI over the window, budget left, current burn rate, firing severities', () => {
    const [status] = buildSloStatuses({
      series: sloSeries('checkout', 'availability', { objective: 0.999, periodBurn: 0.7, current: 1.3 }, {}, { team: 'shop' }),
      firingAlerts: [
        alert({ alertname: 'SloErrorBudgetBurn', slo_service: 'checkout', slo_name: 'availability', team: 'shop', severity: 'warning', long_window: '1d', short_window: '2h' }),
      ],
    });
    expect(Object.keys(status)).toEqual(ALL_KEYS);
    expect(status).toMatchObject({
      service: 'checkout',
      slo: 'availability',
      objective: 0.999,
      errorBudget: 0.001,
      sli: 0.9993,
      budgetRemaining: 0.3,
      burnRate: 1.3,
      alertsFiring: ['warning'],
      worstGroup: null,
      groups: [],
      note: null,
      window: null,
    });
    expect(status.alerts).toEqual([{ alert: 'SloErrorBudgetBurn', severity: 'warning', window: '1d/2h', budgetAction: null, group: null }]);
  });

  test('float noise is rounded away and NaN or infinite values are null, never NaN', () => {
    const series = [
      sample('slo:objective:ratio', { slo_service: 'a', slo_name: 'b' }, 0.99),
      sample('slo:error_budget:ratio', { slo_service: 'a', slo_name: 'b' }, 0.010000000000000009),
      sample('slo:period_burn_rate:ratio', { slo_service: 'a', slo_name: 'b' }, 0.5000000000000001),
      sample('slo:period_error_budget_remaining:ratio', { slo_service: 'a', slo_name: 'b' }, 0.4999999999999999),
      sample('slo:current_burn_rate:ratio', { slo_service: 'a', slo_name: 'b' }, NaN),
    ];
    const [status] = buildSloStatuses({ series, firingAlerts: [] });
    expect(status).toMatchObject({ sli: 0.995, budgetRemaining: 0.5, burnRate: null, errorBudget: 0.01 });
    const json = JSON.stringify(buildSloStatuses({ series: series.map((s) => ({ ...s, value: NaN })), firingAlerts: [] }));
    expect(json).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(json)[0]).toMatchObject({ objective: null, sli: null, budgetRemaining: null, burnRate: null });
  });

  test('a grouped SLO: one object, the worst group (least budget left) on top, every group listed', () => {
    const series = [
      ...sloSeries('checkout', 'by-route', { objective: 0.99, periodBurn: 0.5, current: 0.4 }, { route: '/cart' }, { team: 'shop' }),
      ...sloSeries('checkout', 'by-route', { objective: 0.99, periodBurn: 4, current: 3.5 }, { route: '/pay' }, { team: 'shop' }).slice(2),
      ...sloSeries('checkout', 'by-route', { objective: 0.99, periodBurn: 1, current: 9 }, { route: '/search' }, { team: 'shop' }).slice(2),
    ];
    const firingAlerts = [
      alert({ alertname: 'SloErrorBudgetBurn', slo_service: 'checkout', slo_name: 'by-route', team: 'shop', route: '/search', severity: 'critical', long_window: '1h', short_window: '5m' }),
      alert({ alertname: 'SloErrorBudgetPolicy', slo_service: 'checkout', slo_name: 'by-route', team: 'shop', route: '/pay', severity: 'warning', budget_action: 'freeze' }),
    ];
    const statuses = buildSloStatuses({ series, firingAlerts });
    expect(statuses).toHaveLength(1);
    const [status] = statuses;
    expect(status).toMatchObject({
      sli: 0.96,
      budgetRemaining: -3,
      burnRate: 3.5,
      worstGroup: { route: '/pay' },
      alertsFiring: ['critical', 'warning'],
    });
    // `team` is on the SLO-wide series too, so it is an SLO label, not a grouping label.
    expect(status.groups.map((g) => g.labels)).toEqual([{ route: '/cart' }, { route: '/pay' }, { route: '/search' }]);
    expect(status.groups.map((g) => g.alertsFiring)).toEqual([[], ['warning'], ['critical']]);
    expect(status.groups[2]).toMatchObject({ sli: 0.99, budgetRemaining: 0, burnRate: 9 });
    expect(status.alerts.map((a) => [a.alert, a.severity, a.window, a.budgetAction, a.group])).toEqual([
      ['SloErrorBudgetBurn', 'critical', '1h/5m', null, { route: '/search' }],
      ['SloErrorBudgetPolicy', 'warning', null, 'freeze', { route: '/pay' }],
    ]);
  });

  test('before the SLO-wide series exist, grouping labels are those whose values differ', () => {
    const id = { slo_service: 'checkout', slo_name: 'by-route', team: 'shop' };
    const [status] = buildSloStatuses({
      series: [
        sample('slo:current_burn_rate:ratio', { ...id, route: '/a' }, 2),
        sample('slo:current_burn_rate:ratio', { ...id, route: '/b' }, 0.5),
      ],
      firingAlerts: [],
    });
    expect(status.groups.map((g) => g.labels)).toEqual([{ route: '/a' }, { route: '/b' }]);
    expect(status).toMatchObject({ objective: null, sli: null, budgetRemaining: null, burnRate: 2, worstGroup: { route: '/a' } });
  });

  test('while a label change leaves two series of one group, the worse value counts', () => {
    const id = { slo_service: 'a', slo_name: 'b' };
    const [status] = buildSloStatuses({
      series: [
        ...sloSeries('a', 'b', { objective: 0.99, periodBurn: 0.5, current: 1 }, {}, { team: 'old' }),
        sample('slo:objective:ratio', { ...id, team: 'new' }, 0.99),
        sample('slo:period_error_budget_remaining:ratio', { ...id, team: 'new' }, 0.4),
        sample('slo:current_burn_rate:ratio', { ...id, team: 'new' }, 1.2),
      ],
      firingAlerts: [],
    });
    expect(status).toMatchObject({ budgetRemaining: 0.4, burnRate: 1.2, groups: [], worstGroup: null });
  });

  test('severities: unique, by urgency (critical, warning, info, then others by name); budget-policy alerts count', () => {
    const id = { slo_service: 'a', slo_name: 'b' };
    const [status] = buildSloStatuses({
      series: sloSeries('a', 'b', { objective: 0.99, periodBurn: 2, current: 2 }),
      firingAlerts: [
        alert({ ...id, alertname: 'X', severity: 'page' }),
        alert({ ...id, alertname: 'SloErrorBudgetPolicy', severity: 'info', budget_action: 'review' }),
        alert({ ...id, alertname: 'SloErrorBudgetBurn', severity: 'warning', long_window: '1d', short_window: '2h' }),
        alert({ ...id, alertname: 'SloErrorBudgetBurn', severity: 'critical', long_window: '1h', short_window: '5m' }),
        alert({ ...id, alertname: 'SloErrorBudgetBurn', severity: 'critical', long_window: '6h', short_window: '30m' }),
        alert({ ...id, alertname: 'NoSeverity' }),
      ],
    });
    expect(status.alertsFiring).toEqual(['critical', 'warning', 'info', 'none', 'page']);
    expect(uniqueSeveritiesByUrgency(['ticket', 'warning', 'critical', 'warning', 'info', 'alpha'])).toEqual(['critical', 'warning', 'info', 'alpha', 'ticket']);
    expect(compareSeverities('critical', 'critical')).toBe(0);
  });

  test('sorted by service then SLO name, whatever order the series come in; --service filters', () => {
    const series = [
      ...sloSeries('search', 'latency', { objective: 0.99, periodBurn: 0, current: 0 }),
      ...sloSeries('checkout', 'z', { objective: 0.99, periodBurn: 0, current: 0 }),
      ...sloSeries('checkout', 'a', { objective: 0.99, periodBurn: 0, current: 0 }),
      ...sloSeries('api', 'b', { objective: 0.99, periodBurn: 0, current: 0 }),
    ];
    expect(buildSloStatuses({ series, firingAlerts: [] }).map((s) => `${s.service}/${s.slo}`)).toEqual(['api/b', 'checkout/a', 'checkout/z', 'search/latency']);
    expect(buildSloStatuses({ series, firingAlerts: [], services: ['checkout'] }).map((s) => s.slo)).toEqual(['a', 'z']);
  });

  test('with manifests: their SLOs only; one without series has nulls, its objective and window, and a note', () => {
    const manifestSlo = (service: string, name: string, objective: number): SynthesizedSlo => ({
      service, name, objective, windowSeconds: 28 * 86400, ruleGroups: [], recordedSeries: [], alerts: [], files: ['dist/app.k8s.yaml'],
    });
    const statuses = buildSloStatuses({
      series: [
        ...sloSeries('checkout', 'availability', { objective: 0.99, periodBurn: 0.5, current: 1 }),
        ...sloSeries('other', 'slo', { objective: 0.99, periodBurn: 0.5, current: 1 }),
      ],
      firingAlerts: [],
      manifestSlos: [manifestSlo('orders', 'availability', 0.995), manifestSlo('checkout', 'availability', 0.999)],
    });
    expect(statuses.map((s) => `${s.service}/${s.slo}`)).toEqual(['checkout/availability', 'orders/availability']);
    expect(statuses[1]).toMatchObject({ objective: 0.995, errorBudget: 0.005, sli: null, budgetRemaining: null, burnRate: null, alertsFiring: [], window: '28d' });
    expect(statuses[1].note).toMatch(/^no slo:\* series in Prometheus yet/);
    expect(statuses[0]).toMatchObject({ objective: 0.99, window: '28d', sli: 0.995 });
    expect(statuses[0].note).toBe('Prometheus records objective 0.99, the manifests say 0.999: the loaded rules are outdated');
  });
});

describe('status: queries', () => {
  test('one selector for every series; service names are escaped, never injected', () => {
    expect(statusSeriesQuery([])).toBe('{__name__=~"slo:objective:ratio|slo:error_budget:ratio|slo:period_burn_rate:ratio|slo:period_error_budget_remaining:ratio|slo:current_burn_rate:ratio|slo:period_start:timestamp|slo:period_end:timestamp"}');
    expect(firingAlertsQuery([])).toBe('ALERTS{alertstate="firing",slo_name!="",slo_service!=""}');
    const hostile = 'a.b"}) or vector(1) #|x';
    const query = firingAlertsQuery(['z', hostile]);
    const parsed = parseVectorSelector(query);
    expect(parsed.matchers.find((m) => m.name === 'slo_service')).toEqual({ name: 'slo_service', operator: '=~', value: 'a\\.b"\\}\\) or vector\\(1\\) #\\|x|z' });
    expect(parseVectorSelector(statusSeriesQuery([hostile])).matchers).toHaveLength(2);
  });
});

describe('status: the table', () => {
  const status = (over: Partial<SloStatus>): SloStatus => ({
    service: 's',
    slo: 'x',
    objective: 0.999,
    sli: 0.9995,
    budgetRemaining: 0.5,
    burnRate: 0.5,
    alertsFiring: [],
    errorBudget: 0.001,
    window: null,
    worstGroup: null,
    groups: [],
    alerts: [],
    note: null,
    ...over,
  });
  const rows = [
    status({ slo: 'healthy' }),
    status({ slo: 'low-budget', sli: 0.99985, budgetRemaining: 0.15, burnRate: 1.25 }),
    status({ slo: 'ticket', alertsFiring: ['warning'] }),
    status({ slo: 'overspent', sli: 0.99734, budgetRemaining: -1.66, burnRate: 14.4 }),
    status({ slo: 'paging', budgetRemaining: 0.9, alertsFiring: ['critical', 'info'] }),
    status({ slo: 'new', sli: null, budgetRemaining: null, burnRate: null, note: 'no SLI data yet' }),
  ];

  test('plain text: SLO, objective, SLI, budget left, burn rate, alerts; notes below', () => {
    expect(renderStatusTable(rows, new Palette(false))).toBe([
      'SLO           OBJECTIVE      SLI  BUDGET LEFT  BURN RATE  ALERTS',
      's/healthy         99.9%   99.95%          50%       0.5x  -',
      's/low-budget      99.9%  99.985%          15%      1.25x  -',
      's/ticket          99.9%   99.95%          50%       0.5x  warning',
      's/overspent       99.9%  99.734%        -166%      14.4x  -',
      's/paging          99.9%   99.95%          90%       0.5x  critical, info',
      's/new             99.9%        -            -          -  -',
      '',
      's/new: no SLI data yet',
      '',
    ].join('\n'));
  });

  test('on a terminal: red for overspent or paging, yellow for a ticket or under 25% left, plain when healthy', () => {
    const lines = renderStatusTable(rows, new Palette(true)).split('\n');
    const red = '\u001b[31m';
    const yellow = '\u001b[33m';
    const line = (slo: string) => lines.find((l) => l.includes(`s/${slo}`))!;
    expect(line('healthy')).not.toContain('\u001b[');
    expect(line('low-budget')).toContain(`${yellow}s/low-budget`);
    expect(line('ticket')).toContain(`${yellow}warning`);
    expect(line('overspent')).toContain(`${red}-166%`);
    expect(line('paging')).toContain(`${red}critical, info`);
    expect(line('new')).not.toContain(red);
    expect(classifySloHealth({ budgetRemaining: 0.25, alertsFiring: ['info'] })).toBe('healthy');
    expect(classifySloHealth({ budgetRemaining: null, alertsFiring: [] })).toBe('unknown');
  });

  test('names from Prometheus cannot send escape sequences to the terminal', () => {
    const text = renderStatusTable([status({ service: 'evil\u001b[2J', groups: [{ labels: { route: '/\u001b]0;x' }, sli: 1, budgetRemaining: 1, burnRate: 0, alertsFiring: ['\u0007'] }] })], new Palette(false));
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(text).toContain('evil\\u001b[2J/x');
    expect(text).toContain('route="/\\u001b]0;x"');
  });

  test('SLI from the period burn rate: 1 − burn × budget, rounded; unknown stays unknown', () => {
    expect(sliFromPeriodBurnRate(0.7, 0.001)).toBe(0.9993);
    expect(sliFromPeriodBurnRate(NaN, 0.001)).toBeNull();
    expect(sliFromPeriodBurnRate(null, 0.001)).toBeNull();
  });
});

describe('status: command line', () => {
  test('without a Prometheus URL it is a usage error', async () => {
    const run = await runCliInProcess(['status', '--json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cdk8s-slo status: --prometheus-url is required (or set PROMETHEUS_URL) (see: cdk8s-slo status --help)\n');
  });

  test('manifests that do not exist are bad input (3) before Prometheus is asked', async () => {
    const run = await runCliInProcess(['status', '--prometheus-url', 'http://127.0.0.1:9', '--manifests', 'no/such/dir']);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('cdk8s-slo status: no/such/dir: no such file or directory\n');
  });
});
