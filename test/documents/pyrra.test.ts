import { Chart, Duration, Testing } from 'cdk8s';
import { validateAgainstSchema, validateObjectMeta } from './crd-schema-validator';
import { addAcceptanceSlos, errorOf, EVERY_KIND, quietWarnings, synthDocuments } from './samples';
import { ServiceTier, Sli, Slo, SloDocumentFormat, WebServiceSlo } from '../../src';
import { PYRRA_SERVICE_LEVEL_OBJECTIVE_SCHEMA } from '../fixtures/crds/pyrra-crd-schema';
import { checkRules } from '../helpers/promtool';

/** Every problem of a ServiceLevelObjective against its CRD. */
function crdProblems(object: any): string[] {
  return [
    ...(object.apiVersion === 'pyrra.dev/v1alpha1' && object.kind === 'ServiceLevelObjective' ? [] : [`not a ServiceLevelObjective: ${object.apiVersion} ${object.kind}`]),
    ...validateObjectMeta(object.metadata),
    ...validateAgainstSchema(object, PYRRA_SERVICE_LEVEL_OBJECTIVE_SCHEMA),
  ];
}

const PYRRA_KINDS = ['ratio-errors', 'latency', 'latency-whole-second', 'native-latency', 'bool-gauge'];

describe('Pyrra ServiceLevelObjective', () => {
  const printed = quietWarnings();

  test('the acceptance SLOs validate against the CRD, one object per SLO', () => {
    const objects = synthDocuments(SloDocumentFormat.PYRRA, addAcceptanceSlos);
    expect(objects.map((o) => o.metadata.name)).toEqual(['checkout-availability', 'checkout-latency']);
    objects.forEach((o) => expect(crdProblems(o)).toEqual([]));
    expect(objects[1].spec).toEqual({
      target: '99',
      window: '30d',
      indicator: {
        latency: {
          success: { metric: 'http_request_duration_seconds_bucket{job="checkout",le="0.3"}' },
          total: { metric: 'http_request_duration_seconds_count{job="checkout"}' },
        },
      },
      alerting: { name: 'SloErrorBudgetBurn', severities: { fastBurn: 'critical', mediumBurn: 'critical', slowBurn: 'warning', longTermBurn: 'warning' } },
    });
    expect(objects[0].metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'cdk8s-slo',
      'chart': 'documents',
      'pyrra.dev/slo_service': 'checkout',
      'pyrra.dev/slo_name': 'availability',
    });
    expect(printed.warnings()).toBe('');
    expect(objects).toMatchSnapshot();
  });

  test.each(PYRRA_KINDS)('%s validates against the CRD, and its metrics are valid selectors for promtool', (kind) => {
    const [object] = synthDocuments(SloDocumentFormat.pyrra({ prometheus3BucketBounds: false }), (chart) => new Slo(chart, 'slo', EVERY_KIND[kind]));
    expect(crdProblems(object)).toEqual([]);
    const metrics = JSON.stringify(object.spec.indicator).match(/"metric":"((?:[^"\\]|\\.)*)"/g)!.map((m) => JSON.parse(`{${m}}`).metric);
    const result = checkRules([{ name: 'pyrra-metrics', rules: metrics.map((metric: string, i: number) => ({ record: `pyrra_metric_${i}`, expr: `rate(${metric}[5m])` })) }]);
    expect(result.ok).toBe(true);
  });

  test('each Pyrra indicator: ratio, latency, latencyNative, bool_gauge, with grouping', () => {
    const objects = synthDocuments(SloDocumentFormat.PYRRA, (chart) => {
      new Slo(chart, 'native', EVERY_KIND['native-latency']);
      new Slo(chart, 'probe', EVERY_KIND['bool-gauge']);
      new Slo(chart, 'grouped', { ...EVERY_KIND['ratio-errors'], name: 'grouped', indicator: Sli.ratio({ errors: 'x_total{code="500"}', total: 'x_total', grouping: ['route', 'method'] }) });
    });
    expect(objects.map((o) => o.spec.indicator)).toEqual([
      { latencyNative: { latency: '300ms', total: { metric: 'http_request_duration_seconds{job="shop"}' } } },
      { bool_gauge: { metric: 'probe_success{job="blackbox",instance="https://shop.example"}' } },
      { ratio: { errors: { metric: 'x_total{code="500"}' }, total: { metric: 'x_total' }, grouping: ['route', 'method'] } },
    ]);
    expect(objects[1].spec.window).toBe('28d');
    objects.forEach((o) => expect(crdProblems(o)).toEqual([]));
  });

  test('whole-second latency thresholds: the le spelling is a choice', () => {
    const bucket = (format: SloDocumentFormat) =>
      synthDocuments(format, (chart) => new Slo(chart, 'slow', EVERY_KIND['latency-whole-second']))[0].spec.indicator.latency.success.metric;
    expect(bucket(SloDocumentFormat.PYRRA)).toBe('http_request_duration_seconds_bucket{job="shop",le="1"}');
    expect(printed.warnings()).toMatch(/Pyrra: indicator.threshold: Pyrra needs one exact le value: wrote le="1" as Prometheus 2 clients expose it; Prometheus 3 stores le="1.0"/);
    expect(bucket(SloDocumentFormat.pyrra({ prometheus3BucketBounds: true }))).toBe('http_request_duration_seconds_bucket{job="shop",le="1.0"}');
  });

  test.each([
    ['query-errors', /slos\/slo: Pyrra: indicator: Pyrra has no query indicator \(it knows ratio, latency, latencyNative and bool_gauge\)/],
    ['freshness', /Pyrra has no freshness indicator/],
    ['gauge-threshold', /Pyrra has no gaugeThreshold indicator/],
    ['ratio-good', /slos\/slo: Pyrra: indicator.good: Pyrra's ratio indicator counts errors/],
  ])('an unsupported %s indicator is a synthesis error naming the SLO and field', (kind, message) => {
    expect(errorOf(() => synthDocuments(SloDocumentFormat.PYRRA, (chart) => new Slo(chart, 'slo', EVERY_KIND[kind])))).toMatch(message);
  });

  test('per SLO, an unsupported kind fails at the SLO\'s path', () => {
    const chart = new Chart(Testing.app(), 'slos');
    new Slo(chart, 'orders', { ...EVERY_KIND['query-errors'], documents: [SloDocumentFormat.PYRRA], prometheusRule: false });
    expect(errorOf(() => Testing.synth(chart))).toMatch(/\[slos\/orders\] documents: Pyrra: indicator: Pyrra has no query indicator/);
  });

  test('labels, alert texts and tier; per-window routing is an approximation', () => {
    const objects = synthDocuments(SloDocumentFormat.PYRRA, (chart) => new WebServiceSlo(chart, 'web', {
      service: 'storefront',
      tier: ServiceTier.STANDARD,
      team: 'web',
      alerting: { runbookUrl: 'https://runbooks.example/web', labels: { owner: 'web-oncall' } },
    }));
    const [availability] = objects;
    expect(crdProblems(availability)).toEqual([]);
    expect(availability.metadata.labels).toMatchObject({
      'cdk8s-slo.dev/tier': 'standard', 'pyrra.dev/team': 'web', 'pyrra.dev/owner': 'web-oncall',
    });
    expect(availability.metadata.annotations).toMatchObject({ 'pyrra.dev/runbook_url': 'https://runbooks.example/web' });
    expect(availability.metadata.annotations['cdk8s-slo.dev/budget-policy']).toBeDefined();
    expect(availability.spec.alerting.severities).toEqual({ fastBurn: 'warning', mediumBurn: 'warning', slowBurn: 'info', longTermBurn: 'info' });
    const warnings = printed.warnings();
    expect(warnings).toMatch(/slos\/web\/availability: Pyrra: alerting.windows\[0\].labels: Pyrra labels its alerts per tier with severity only: \{"channel":"slack-incidents"\} of 1h\/5m is left out/);
    expect(warnings).toMatch(/Pyrra: budgetPolicy: Pyrra has no error-budget policy/);
    expect(errorOf(() => synthDocuments(SloDocumentFormat.pyrra({ strict: true }), (chart) => new WebServiceSlo(chart, 'web', { service: 'storefront' }))))
      .toMatch(/Pyrra: alerting.windows\[0\].labels/);
  });

  test('labels Kubernetes cannot hold are errors; disabled alerting and custom windows', () => {
    expect(errorOf(() => synthDocuments(SloDocumentFormat.PYRRA, (chart) => new Slo(chart, 'odd', { ...EVERY_KIND['ratio-errors'], labels: { team: 'Payments & Co' } }))))
      .toMatch(/slos\/odd: Pyrra: labels.team: Pyrra reads labels from Kubernetes labels, whose values are at most 63/);
    const [quiet] = synthDocuments(SloDocumentFormat.PYRRA, (chart) => new Slo(chart, 'q', { ...EVERY_KIND['ratio-errors'], alerting: { enabled: false } }));
    expect(quiet.spec.alerting).toEqual({ name: 'SloErrorBudgetBurn', disabled: true });
    const [custom] = synthDocuments(SloDocumentFormat.PYRRA, (chart) => new Slo(chart, 'c', {
      ...EVERY_KIND['ratio-errors'],
      alerting: { windows: [{ longWindow: Duration.hours(2), budgetConsumed: 0.05, severity: 'page' }], disabledWindows: [] },
    }));
    expect(custom.spec.alerting.severities).toEqual({ fastBurn: 'page' });
    expect(printed.warnings()).toMatch(/Pyrra alerts on its own four burn-rate tiers scaled to the SLO window, not on 2h\/10m/);
  });
});
