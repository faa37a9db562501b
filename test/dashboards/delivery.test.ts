/**
 * How dashboards reach Grafana: the ConfigMap for the kube-prometheus-stack sidecar and grafana-operator's
 * GrafanaDashboard, each checked against the shape its consumer requires, and the errors bad input gets
 * at synthesis (construct path and field).
 *
 * Facts from grafana-operator's CRD (grafana.integreatly.org_grafanadashboards, v1beta1): spec requires
 * `instanceSelector`; `resyncPeriod` matches ^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$ (no days); every
 * `datasources` item requires `inputName` and `datasourceName`; `gzipJson` is base64 (format byte); the
 * operator replaces `${inputName}` in the JSON text by `datasourceName`.
 */
import { gunzipSync } from 'zlib';
import { Chart, Duration, Testing } from 'cdk8s';
import {
  DashboardDelivery, Sli, Slo, SloDashboard, SloDashboardProps, SloOverviewDashboard,
} from '../../src';
import { ACCEPTANCE_SLOS, dashboardOf, sloChart } from '../helpers/dashboard-apps';
import { dashboardProblems } from '../helpers/grafana-dashboard';

/** The fields of a GrafanaDashboard's spec in the CRD. */
const CRD_SPEC_FIELDS = [
  'allowCrossNamespaceImport', 'configMapRef', 'contentCacheDuration', 'datasources', 'envFrom', 'envs', 'folder',
  'folderRef', 'folderUID', 'grafanaCom', 'gzipJson', 'instanceSelector', 'json', 'jsonnet', 'jsonnetLib', 'oci',
  'plugins', 'publicSharing', 'resyncPeriod', 'suspend', 'uid', 'url', 'urlAuthorization', 'variables',
];
const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

/** The manifests other than PrometheusRules of a chart of the acceptance SLOs with one dashboard. */
function synthDashboard(props: SloDashboardProps): any[] {
  const chart = sloChart(ACCEPTANCE_SLOS);
  new SloDashboard(chart, 'dashboard', props);
  return Testing.synth(chart).filter((m: any) => m.kind !== 'PrometheusRule');
}

/** The validation error of synthesizing `build`'s chart, or '' when it synthesizes. */
function synthError(build: (chart: Chart) => void): string {
  const chart = sloChart(ACCEPTANCE_SLOS);
  build(chart);
  try {
    Testing.synth(chart);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/** Checks a GrafanaDashboard against the CRD facts above. */
function crdProblems(object: any): string[] {
  const problems: string[] = [];
  if (object.apiVersion !== 'grafana.integreatly.org/v1beta1' || object.kind !== 'GrafanaDashboard') problems.push('apiVersion/kind');
  if (!object.metadata?.name) problems.push('metadata.name');
  const spec = object.spec ?? {};
  for (const key of Object.keys(spec)) if (!CRD_SPEC_FIELDS.includes(key)) problems.push(`spec.${key}: unknown`);
  if (!spec.instanceSelector || (!spec.instanceSelector.matchLabels && !spec.instanceSelector.matchExpressions)) problems.push('spec.instanceSelector: required');
  if ((spec.json === undefined) === (spec.gzipJson === undefined)) problems.push('spec: exactly one of json and gzipJson');
  if (spec.resyncPeriod !== undefined && !GO_DURATION.test(spec.resyncPeriod)) problems.push(`spec.resyncPeriod: ${spec.resyncPeriod}`);
  for (const mapping of spec.datasources ?? []) {
    if (typeof mapping.inputName !== 'string' || typeof mapping.datasourceName !== 'string') problems.push('spec.datasources: inputName and datasourceName');
  }
  if (spec.gzipJson !== undefined && !/^[A-Za-z0-9+/]+={0,2}$/.test(spec.gzipJson)) problems.push('spec.gzipJson: not base64');
  return problems;
}

describe('DashboardDelivery.configMap (default)', () => {
  test('a ConfigMap labelled for the sidecar holding <name>.json', () => {
    const [configMap] = synthDashboard({ service: 'checkout' });
    expect(configMap).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'slo-dashboard-checkout', namespace: 'monitoring', labels: { grafana_dashboard: '1' } },
    });
    expect(configMap.metadata.annotations).toBeUndefined();
    expect(Object.keys(configMap.data)).toEqual(['slo-dashboard-checkout.json']);
    expect(configMap.data['slo-dashboard-checkout.json'].endsWith('}\n')).toBe(true);
    expect(dashboardProblems(dashboardOf(configMap))).toEqual([]);
  });

  test('folder annotation, extra labels and name', () => {
    const [configMap] = synthDashboard({
      service: 'checkout',
      name: 'checkout-slos',
      delivery: DashboardDelivery.configMap({ folder: 'SLOs / Shop', labels: { team: 'shop', grafana_dashboard: 'yes' } }),
    });
    expect(configMap.metadata).toMatchObject({
      name: 'checkout-slos',
      labels: { grafana_dashboard: 'yes', team: 'shop' },
      annotations: { grafana_folder: 'SLOs / Shop' },
    });
    expect(Object.keys(configMap.data)).toEqual(['checkout-slos.json']);
    const [other] = synthDashboard({ service: 'checkout', folder: 'SLOs', delivery: DashboardDelivery.configMap({ folderAnnotation: 'k8s-sidecar-target-directory' }) });
    expect(other.metadata.annotations).toEqual({ 'k8s-sidecar-target-directory': 'SLOs' });
  });
});

describe('DashboardDelivery.grafanaOperator', () => {
  const operator = (gzip: boolean) => DashboardDelivery.grafanaOperator({
    instanceSelector: { dashboards: 'grafana' },
    folder: 'SLOs',
    resyncPeriod: Duration.hours(25),
    datasources: [{ inputName: 'DS_PROMETHEUS', datasourceName: 'Prometheus' }],
    gzip,
  });

  test('a GrafanaDashboard with the JSON, folder, resync period and datasource mapping', () => {
    const [object] = synthDashboard({ service: 'checkout', delivery: operator(false) });
    expect(crdProblems(object)).toEqual([]);
    expect(object.metadata).toEqual({ name: 'slo-dashboard-checkout', namespace: 'monitoring' });
    expect(object.spec).toMatchObject({
      instanceSelector: { matchLabels: { dashboards: 'grafana' } },
      folder: 'SLOs',
      resyncPeriod: '25h',
      datasources: [{ inputName: 'DS_PROMETHEUS', datasourceName: 'Prometheus' }],
    });
    const dashboard = dashboardOf(object);
    expect(dashboardProblems(dashboard)).toEqual([]);
    // the datasource variable selects the input at first; the operator replaces `${DS_PROMETHEUS}` by Prometheus
    expect(dashboard.templating.list[0].current).toEqual({ text: '${DS_PROMETHEUS}', value: '${DS_PROMETHEUS}', selected: true });
    const replaced = JSON.parse(object.spec.json.split('${DS_PROMETHEUS}').join('Prometheus'));
    expect(replaced.templating.list[0].current.value).toBe('Prometheus');
    expect(replaced.panels[1].datasource.uid).toBe('${datasource}');
  });

  test('gzipJson: the same JSON, gzipped and base64-encoded, byte-identical across synths', () => {
    const [plain] = synthDashboard({ service: 'checkout', delivery: operator(false) });
    const [zipped] = synthDashboard({ service: 'checkout', delivery: operator(true) });
    expect(crdProblems(zipped)).toEqual([]);
    expect(zipped.spec.json).toBeUndefined();
    expect(gunzipSync(Buffer.from(zipped.spec.gzipJson, 'base64')).toString('utf8')).toBe(plain.spec.json);
    expect(zipped.spec.gzipJson.length).toBeLessThan(plain.spec.json.length / 5);
    expect(synthDashboard({ service: 'checkout', delivery: operator(true) })[0].spec.gzipJson).toBe(zipped.spec.gzipJson);
  });

  test('resync periods as Go durations, zero included', () => {
    const resync = (period: Duration) => synthDashboard({
      service: 'checkout', delivery: DashboardDelivery.grafanaOperator({ instanceSelector: { a: 'b' }, resyncPeriod: period }),
    })[0].spec.resyncPeriod;
    expect([resync(Duration.minutes(10)), resync(Duration.seconds(90)), resync(Duration.seconds(0)), resync(Duration.days(1))])
      .toEqual(['10m', '1m30s', '0s', '24h']);
  });

  test('an explicit datasource wins over the operator input', () => {
    const [object] = synthDashboard({ service: 'checkout', datasource: 'Mimir', delivery: operator(false) });
    expect(dashboardOf(object).templating.list[0].current.value).toBe('Mimir');
  });
});

describe('the overview', () => {
  test('is delivered like a service dashboard', () => {
    const chart = sloChart(ACCEPTANCE_SLOS);
    new SloOverviewDashboard(chart, 'overview', { delivery: DashboardDelivery.grafanaOperator({ instanceSelector: { grafana: 'main' } }) });
    const object = Testing.synth(chart).find((m: any) => m.kind === 'GrafanaDashboard');
    expect(crdProblems(object)).toEqual([]);
    expect(object.metadata.name).toBe('slos-overview');
    expect(dashboardProblems(dashboardOf(object))).toEqual([]);
  });
});

describe('errors at synthesis name the construct path and the field', () => {
  const dashboard = (props: Partial<SloDashboardProps>) => (chart: Chart) => new SloDashboard(chart, 'dash', { service: 'checkout', ...props });
  const operator = (options: any) => DashboardDelivery.grafanaOperator({ instanceSelector: { a: 'b' }, ...options });

  const corpus: Array<[string, (chart: Chart) => void, RegExp]> = [
    ['a service without SLOs', dashboard({ service: 'payments' }), /\[slos\/dash\] service: no valid Slo of service "payments" in this app; services with SLOs: checkout/],
    ['a uid over 40 characters', dashboard({ uid: 'x'.repeat(41) }), /\[slos\/dash\] uid: "x{41}" has 41 characters; Grafana allows at most 40/],
    ['a uid with a slash', dashboard({ uid: 'slo/checkout' }), /\[slos\/dash\] uid: "slo\/checkout" may only hold letters, digits, "-" and "_"/],
    ['an empty uid', dashboard({ uid: '' }), /\[slos\/dash\] uid: must not be empty/],
    ['an empty title', dashboard({ title: ' ' }), /\[slos\/dash\] title: .* must be non-empty text on one line/],
    ['a name that is no DNS subdomain', dashboard({ name: 'Checkout_Dashboard' }), /\[slos\/dash\] name: "Checkout_Dashboard" must be a lowercase DNS subdomain/],
    ['a tag with a newline', dashboard({ tags: ['a\nb'] }), /\[slos\/dash\] tags\[0\]: "a\\nb" must be non-empty text on one line without control characters/],
    ['two folders', dashboard({ folder: 'A', delivery: DashboardDelivery.configMap({ folder: 'B' }) }), /\[slos\/dash\] folder: "A" differs from the delivery's folder "B"/],
    ['a bad ConfigMap label', dashboard({ delivery: DashboardDelivery.configMap({ labels: { 'a b': 'c' } }) }), /\[slos\/dash\] delivery.labels: "a b" is not a valid Kubernetes label key/],
    ['an empty instance selector', dashboard({ delivery: DashboardDelivery.grafanaOperator({ instanceSelector: {} }) }), /\[slos\/dash\] delivery.instanceSelector: must hold at least one label/],
    ['a bad selector value', dashboard({ delivery: operator({ instanceSelector: { a: 'b c' } }) }), /\[slos\/dash\] delivery.instanceSelector.a: "b c" is not a valid Kubernetes label value/],
    ['a fractional resync period', dashboard({ delivery: operator({ resyncPeriod: Duration.millis(1500) }) }), /\[slos\/dash\] delivery.resyncPeriod: must be a whole number of seconds/],
    ['a bad input name', dashboard({ delivery: operator({ datasources: [{ inputName: 'DS-PROM', datasourceName: 'P' }] }) }), /\[slos\/dash\] delivery.datasources\[0\].inputName: "DS-PROM" must be letters, digits and underscores/],
    ['the datasource variable as input', dashboard({ delivery: operator({ datasources: [{ inputName: 'datasource', datasourceName: 'P' }] }) }), /\[slos\/dash\] delivery.datasources\[0\].inputName: "datasource" is the dashboard's own datasource variable/],
    ['an input mapped twice', dashboard({ delivery: operator({ datasources: [{ inputName: 'DS', datasourceName: 'P' }, { inputName: 'DS', datasourceName: 'Q' }] }) }), /\[slos\/dash\] delivery.datasources\[1\].inputName: "DS" is mapped twice/],
    ['an empty datasource name', dashboard({ delivery: operator({ datasources: [{ inputName: 'DS', datasourceName: '' }] }) }), /\[slos\/dash\] delivery.datasources\[0\].datasourceName: must name a datasource/],
    ['two dashboards of one service', (chart) => {
      new SloDashboard(chart, 'one', { service: 'checkout' });
      new SloDashboard(chart, 'two', { service: 'checkout' });
    }, /\[slos\/one\] uid: "slo-checkout" is also the uid of the dashboard at slos\/two/],
    ['two dashboards with one object name', (chart) => {
      new SloDashboard(chart, 'one', { service: 'checkout', name: 'same' });
      new SloDashboard(chart, 'two', { service: 'checkout', name: 'same', uid: 'other' });
    }, /\[slos\/two\] name: the ConfigMap "same" is also emitted by the dashboard at slos\/one; set another name/],
  ];

  test.each(corpus)('%s', (_, build, expected) => {
    expect(synthError(build)).toMatch(expected);
  });

  test('an overview of an app without SLOs', () => {
    const chart = new Chart(Testing.app(), 'empty');
    new SloOverviewDashboard(chart, 'overview');
    expect(() => Testing.synth(chart)).toThrow(/\[empty\/overview\] slos: the app defines no valid Slo to show/);
  });

  test('a dashboard too big for a ConfigMap, and the gzipped operator delivery that fits it', () => {
    // GIVEN 40 SLOs of one service: about 1.1 MB of dashboard JSON
    const chart = new Chart(Testing.app(), 'big', { namespace: 'monitoring' });
    for (let i = 0; i < 40; i++) {
      new Slo(chart, `slo${i}`, {
        service: 'big',
        name: `latency-${i}`,
        target: 0.99,
        indicator: Sli.latency({ histogram: `http_request_duration_seconds{job="big",handler="h${i}"}`, threshold: Duration.millis(250) }),
      });
    }
    const configMap = new SloDashboard(chart, 'configmap', { service: 'big' });
    new SloDashboard(chart, 'operator', {
      service: 'big',
      uid: 'big-operator',
      name: 'big-operator',
      delivery: DashboardDelivery.grafanaOperator({ instanceSelector: { a: 'b' }, gzip: true }),
    });
    expect(Buffer.byteLength(configMap.renderJson())).toBeGreaterThan(1024 * 1024);
    // THEN only the ConfigMap delivery is refused, with the way out
    const error = (() => {
      try {
        Testing.synth(chart);
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(error).toMatch(/\[big\/configmap\] delivery: the dashboard is \d+ bytes, over the 1048576 a ConfigMap or object can hold; use DashboardDelivery.grafanaOperator\(\{ gzip: true/);
    expect(error).not.toMatch(/big\/operator/);
  });

  test('renderJson refuses an invalid dashboard with its problems', () => {
    const chart = sloChart(ACCEPTANCE_SLOS);
    const bad = new SloDashboard(chart, 'bad', { service: 'nope' });
    expect(() => bad.renderJson()).toThrow(/\[slos\/bad\] the dashboard cannot be built: service: no valid Slo of service "nope"/);
  });
});
