import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Duration, Testing } from 'cdk8s';
import { Sli, Slo, SloProps } from '../../src';
import { ruleGroupsOf, rulesOf, synthSlos } from '../helpers/synth';

const availability: SloProps = {
  service: 'checkout',
  name: 'availability',
  target: 0.999,
  window: Duration.days(30),
  indicator: Sli.ratio({
    errors: 'http_requests_total{job="checkout",code=~"5.."}',
    total: 'http_requests_total{job="checkout"}',
  }),
};

const latency: SloProps = {
  service: 'checkout',
  name: 'latency',
  target: 0.99,
  indicator: Sli.latency({ histogram: 'http_request_duration_seconds{job="checkout"}', threshold: Duration.millis(300) }),
};

function recordOf(groups: any[], record: string): any {
  const rule = rulesOf(groups).find((r) => r.record === record);
  if (!rule) throw new Error(`no rule records ${record}`);
  return rule;
}

describe('Slo', () => {
  test('the acceptance example synthesizes one PrometheusRule per SLO (snapshot)', () => {
    // GIVEN the two SLOs of the README's quick start
    const manifests = synthSlos(availability, latency);

    // THEN each is one PrometheusRule in the chart's namespace
    expect(manifests.map((m) => [m.apiVersion, m.kind, m.metadata.name, m.metadata.namespace])).toEqual([
      ['monitoring.coreos.com/v1', 'PrometheusRule', 'slo-checkout-availability', 'monitoring'],
      ['monitoring.coreos.com/v1', 'PrometheusRule', 'slo-checkout-latency', 'monitoring'],
    ]);
    expect(manifests).toMatchSnapshot();
  });

  test('raw metrics are read only by the 5-minute rules; long windows go to the slower group', () => {
    const groups = ruleGroupsOf(synthSlos(availability));
    expect(groups.map((g) => [g.name, g.interval])).toEqual([
      ['slo-checkout-availability-short-windows', '1m'],
      ['slo-checkout-availability-long-windows', '4m'],
    ]);
    const readsRaw = rulesOf(groups).filter((r) => r.expr.includes('http_requests_total')).map((r) => r.record);
    expect(readsRaw).toEqual(['slo:sli_total:rate5m', 'slo:sli_errors:rate5m']);
    for (const rule of rulesOf(groups)) {
      if (rule.expr.includes('http_requests_total')) expect(rule.expr).toContain('[5m]');
    }
    const describeRule = (r: any) => r.record ?? `alert ${r.labels.long_window}/${r.labels.short_window}`;
    expect(groups[0].rules.map(describeRule)).toStrictEqual([
      'slo:sli_total:rate5m',
      'slo:sli_errors:rate5m',
      'slo:sli_error:ratio_rate5m',
      'slo:current_burn_rate:ratio',
      'slo:sli_errors:rate5m_by_hour',
      'slo:sli_total:rate5m_by_hour',
      'slo:sli_error:ratio_rate30m',
      'slo:sli_error:ratio_rate1h',
      'slo:sli_error:ratio_rate2h',
      'slo:sli_error:ratio_rate6h',
      'alert 1h/5m',
      'alert 6h/30m',
    ]);
    // Tickets sit in the slower group, next to the 1d and 3d ratios they read, after the hourly sums.
    expect(groups[1].rules.map(describeRule)).toStrictEqual([
      'slo:sli_errors:rate5m_previous_hour_sum',
      'slo:sli_total:rate5m_previous_hour_sum',
      'slo:sli_error:ratio_rate1d',
      'slo:sli_error:ratio_rate3d',
      'slo:sli_error:ratio_rate30d',
      'slo:objective:ratio',
      'slo:error_budget:ratio',
      'slo:period_burn_rate:ratio',
      'slo:period_error_budget_remaining:ratio',
      'alert 1d/2h',
      'alert 3d/6h',
    ]);
  });

  test('long windows are event-weighted sums of the recorded 5-minute rates', () => {
    const groups = ruleGroupsOf(synthSlos(availability));
    expect(recordOf(groups, 'slo:sli_error:ratio_rate6h').expr).toBe(
      'sum(sum_over_time(slo:sli_errors:rate5m{slo_service="checkout",slo_name="availability"}[6h]))\n' +
      '/\n' +
      'sum(sum_over_time(slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}[6h]))');
    // From a day on, the same sums come from the hourly rollups of those rates (test/rules/hourly-rollup.test.ts).
    const [errors, total] = recordOf(groups, 'slo:sli_error:ratio_rate30d').expr.split('\n/\n');
    expect(errors).toMatch(/^sum\(sum_over_time\(\(slo:sli_errors:rate5m_previous_hour_sum\{/);
    expect(total).toMatch(/^sum\(sum_over_time\(\(slo:sli_total:rate5m_previous_hour_sum\{/);
  });

  test('the naming contract: every series carries slo_service and slo_name, every window is recorded', () => {
    const groups = ruleGroupsOf(synthSlos({ ...availability, labels: { team: 'payments' } }));
    const records = rulesOf(groups).filter((r) => r.record).map((r) => r.record);
    for (const window of ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']) {
      expect(records).toContain(`slo:sli_error:ratio_rate${window}`);
    }
    for (const name of ['slo:objective:ratio', 'slo:error_budget:ratio', 'slo:current_burn_rate:ratio',
      'slo:period_burn_rate:ratio', 'slo:period_error_budget_remaining:ratio']) {
      expect(records).toContain(name);
    }
    for (const rule of rulesOf(groups)) {
      expect(rule.labels).toMatchObject({ slo_service: 'checkout', slo_name: 'availability', team: 'payments' });
    }
    for (const alert of rulesOf(groups).filter((r) => r.alert)) {
      expect(Object.keys(alert.labels)).toEqual(expect.arrayContaining(['slo_service', 'slo_name', 'severity']));
    }
  });

  test('default alerting is the SRE workbook table, listed after synthesis', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const slo = new Slo(chart, 'a', availability);
    expect(slo.alertRules.map((a) => [a.severity, a.longWindow, a.shortWindow, a.burnRateFactor, a.threshold])).toEqual([
      ['critical', '1h', '5m', 14.4, 0.0144],
      ['critical', '6h', '30m', 6, 0.006],
      ['warning', '1d', '2h', 3, 0.003],
      ['warning', '3d', '6h', 1, 0.001],
    ]);
    expect(slo.alertRules[0].expression).toBe(
      'max by (slo_service, slo_name) (slo:sli_error:ratio_rate1h{slo_service="checkout",slo_name="availability"}) > 0.0144\n' +
      'and on (slo_service, slo_name)\n' +
      'max by (slo_service, slo_name) (slo:sli_error:ratio_rate5m{slo_service="checkout",slo_name="availability"}) > 0.0144');
    expect(ApiObject.of(slo)).toBe(slo.prometheusRule);
  });

  test('a 28-day window scales the thresholds', () => {
    const app = Testing.app();
    const slo = new Slo(new Chart(app, 'c'), 'a', { ...availability, window: Duration.days(28) });
    expect(slo.alertRules.map((a) => a.threshold)).toEqual([0.01344, 0.0056, 0.0028, 0.000933333333333]);
  });

  test('alerting options: disabled pair, custom pairs, for, labels, annotations, minimum events', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const slo = new Slo(chart, 'a', {
      ...availability,
      alerting: {
        disabledWindows: [Duration.days(3)],
        for: Duration.minutes(2),
        labels: { team: 'payments', route_to: 'pagerduty' },
        runbookUrl: 'https://runbooks.example/checkout',
        dashboardUrl: 'https://grafana.example/d/checkout',
        minimumEvents: 500,
      },
    });
    const alerts = rulesOf(ruleGroupsOf(Testing.synth(chart))).filter((r) => r.alert);
    expect(alerts.map((a) => a.labels.long_window)).toStrictEqual(['1h', '6h', '1d']);
    expect(alerts[0].for).toBe('2m');
    expect(alerts[0].labels).toMatchObject({ team: 'payments', route_to: 'pagerduty', severity: 'critical', short_window: '5m' });
    expect(alerts[0].annotations).toMatchObject({ runbook_url: 'https://runbooks.example/checkout', dashboard_url: 'https://grafana.example/d/checkout' });
    expect(alerts[0].expr).toContain('sum by (slo_service, slo_name) (sum_over_time(slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}[1h])) * 60 >= 500');
    expect(slo.alerting.windows.map((w) => w.longWindow.toSeconds())).toEqual([3600, 21600, 86400]);

    const custom = new Slo(chart, 'b', {
      ...availability,
      name: 'custom',
      alerting: { windows: [{ longWindow: Duration.hours(2), budgetConsumed: 0.05, severity: 'page' }] },
    });
    expect(custom.alertRules.map((a) => [a.severity, a.longWindow, a.shortWindow, a.burnRateFactor])).toEqual([['page', '2h', '10m', 18]]);
    const customRecords = rulesOf(ruleGroupsOf(Testing.synth(chart))).map((r) => r.record);
    expect(customRecords).toContain('slo:sli_error:ratio_rate10m');
  });

  test('disabling alerting keeps the recording rules', () => {
    const groups = ruleGroupsOf(synthSlos({ ...availability, alerting: { enabled: false } }));
    expect(rulesOf(groups).filter((r) => r.alert)).toEqual([]);
    expect(rulesOf(groups).some((r) => r.record === 'slo:period_error_budget_remaining:ratio')).toBe(true);
  });

  test('grouping keeps the labels through every rule and alert', () => {
    const groups = ruleGroupsOf(synthSlos({
      ...availability,
      indicator: Sli.ratio({ good: 'http_requests_total{job="checkout",code!~"5.."}', total: 'http_requests_total{job="checkout"}', grouping: ['route', 'method'] }),
    }));
    expect(recordOf(groups, 'slo:sli_total:rate5m').expr).toBe('sum by (route, method) (rate(http_requests_total{job="checkout"}[5m]))');
    expect(recordOf(groups, 'slo:sli_error:ratio_rate1h').expr).toContain('sum by (route, method) (sum_over_time(');
    const alert = rulesOf(groups).find((r) => r.alert);
    expect(alert.expr).toContain('and on (slo_service, slo_name, route, method)');
  });

  test('latency SLIs select the threshold bucket and accept both spellings of whole bounds', () => {
    const groups = ruleGroupsOf(synthSlos(latency, {
      ...latency, name: 'latency-1s', indicator: Sli.latency({ histogram: 'http_request_duration_seconds{job="checkout"}', threshold: Duration.seconds(1) }),
    }));
    const errors = rulesOf(groups).filter((r) => r.record === 'slo:sli_errors:rate5m').map((r) => r.expr);
    expect(errors[0]).toContain('http_request_duration_seconds_bucket{job="checkout",le="0.3"}[5m]');
    expect(errors[1]).toContain('http_request_duration_seconds_bucket{job="checkout",le=~"1(\\\\.0)?"}[5m]');
    expect(recordOf(groups, 'slo:sli_total:rate5m').expr).toBe('sum(rate(http_request_duration_seconds_count{job="checkout"}[5m]))');
  });

  test('ruleLabels go on the PrometheusRule object for the operator ruleSelector', () => {
    const [rule] = synthSlos({ ...availability, ruleLabels: { release: 'kube-prometheus-stack' } });
    expect(rule.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'cdk8s-slo', 'release': 'kube-prometheus-stack' });
  });

  test('the SLO description is shown in alerts but never executed as a template', () => {
    const groups = ruleGroupsOf(synthSlos({ ...availability, description: 'Checkout {{ works }}' }));
    const alert = rulesOf(groups).find((r) => r.alert);
    expect(alert.annotations.slo_description).toBe('Checkout {{ "{{" }} works {{ "}}" }}');
  });

  test('synthesis is deterministic', () => {
    const a = JSON.stringify(synthSlos(availability, latency));
    const b = JSON.stringify(synthSlos(availability, latency));
    expect(a).toBe(b);
  });

  test('warnings for unusual targets do not stop synthesis', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const slo = new Slo(chart, 'a', { ...availability, target: 0.99999 });
    expect(slo.warnings).toEqual([expect.stringMatching(/^c\/a: target: 0.99999 is above 0.9999/)]);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(Testing.synth(chart)).toHaveLength(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('[cdk8s-slo] warning: c/a: target'));
    warn.mockRestore();
  });

  test('a warning is printed once, although cdk8s validates the app and then each chart', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'slo-'));
    const app = new App({ outdir });
    new Slo(new Chart(app, 'c'), 'a', { ...availability, target: 0.99999 });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    app.synth();
    app.synth();
    const printed = warn.mock.calls.map(([line]) => String(line)).filter((line) => line.includes('c/a: target'));
    warn.mockRestore();
    expect(printed).toHaveLength(1);
  });

  test('an invalid SLO writes nothing', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'slo-'));
    const app = new App({ outdir });
    const chart = new Chart(app, 'c');
    new Slo(chart, 'a', { ...availability, target: 1.5 });
    expect(() => app.synth()).toThrow(/\[c\/a\] target: must be a number strictly between 0 and 1/);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });
});
