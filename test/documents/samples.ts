/** SLOs of every kind, for the document tests. */
import { Chart, Duration, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { ServiceTier, Sli, Slo, SloDocumentFormat, SloDocuments, SloProps } from '../../src';

/** The acceptance SLOs of the issue, verbatim. */
export function addAcceptanceSlos(chart: Chart): Slo[] {
  return [
    new Slo(chart, 'checkout-availability', {
      service: 'checkout',
      name: 'availability',
      target: 0.999,
      window: Duration.days(30),
      indicator: Sli.ratio({ errors: 'http_requests_total{job="checkout",code=~"5.."}', total: 'http_requests_total{job="checkout"}' }),
    }),
    new Slo(chart, 'checkout-latency', {
      service: 'checkout',
      name: 'latency',
      target: 0.99,
      indicator: Sli.latency({ histogram: 'http_request_duration_seconds{job="checkout"}', threshold: Duration.millis(300) }),
    }),
  ];
}

/** One SLO per indicator kind (and variant), with defaults elsewhere. */
export const EVERY_KIND: Record<string, SloProps> = {
  'ratio-errors': {
    service: 'shop',
    name: 'ratio-errors',
    target: 0.999,
    indicator: Sli.ratio({ errors: 'http_requests_total{job="shop",code=~"5.."}', total: 'http_requests_total{job="shop"}' }),
  },
  'ratio-good': {
    service: 'shop',
    name: 'ratio-good',
    target: 0.995,
    indicator: Sli.ratio({ good: 'http_requests_total{job="shop",code!~"5.."}', total: 'http_requests_total{job="shop"}' }),
  },
  'latency': {
    service: 'shop',
    name: 'latency',
    target: 0.99,
    indicator: Sli.latency({ histogram: 'http_request_duration_seconds{job="shop"}', threshold: Duration.millis(250) }),
  },
  'latency-whole-second': {
    service: 'shop',
    name: 'latency-slow',
    target: 0.999,
    indicator: Sli.latency({ histogram: 'http_request_duration_seconds{job="shop"}', threshold: Duration.seconds(1) }),
  },
  'native-latency': {
    service: 'shop',
    name: 'native-latency',
    target: 0.99,
    indicator: Sli.nativeLatency({ histogram: 'http_request_duration_seconds{job="shop"}', threshold: Duration.millis(300) }),
  },
  'bool-gauge': {
    service: 'shop',
    name: 'probe',
    target: 0.999,
    window: Duration.days(28),
    indicator: Sli.boolGauge({ metric: 'probe_success{job="blackbox",instance="https://shop.example"}' }),
  },
  'query-errors': {
    service: 'shop',
    name: 'query-errors',
    target: 0.999,
    indicator: Sli.fromQueries({
      errorQuery: 'sum(rate(orders_failed_total[{{.window}}]))',
      totalQuery: 'sum(rate(orders_total[{{.window}}]))',
    }),
  },
  'query-good': {
    service: 'shop',
    name: 'query-good',
    target: 0.999,
    indicator: Sli.fromQueries({
      goodQuery: 'sum(rate(orders_ok_total[{{.window}}]))',
      totalQuery: 'sum(rate(orders_total[{{.window}}]))',
    }),
  },
  'freshness': {
    service: 'etl',
    name: 'freshness',
    target: 0.99,
    window: Duration.days(7),
    indicator: Sli.freshness({ timestampMetric: 'job_last_success_unixtime{job="etl"}', maxAge: Duration.hours(26) }),
    alerting: { windows: [{ longWindow: Duration.hours(1), budgetConsumed: 0.05, severity: 'critical' }, { longWindow: Duration.hours(6), budgetConsumed: 0.1, severity: 'warning' }] },
  },
  'gauge-threshold': {
    service: 'orders-consumer',
    name: 'lag',
    target: 0.99,
    indicator: Sli.gaugeThreshold({ metric: 'kafka_consumergroup_lag{consumergroup="orders"}', maximum: 1000 }),
  },
};

/** An SLO with every option: grouping, labels, routed custom windows, texts, `for`, minimum events, budget policy. */
export const RICH: SloProps = {
  service: 'payments',
  name: 'availability',
  target: 0.9995,
  window: Duration.days(28),
  description: 'Payments succeed: "5xx" responses count against the budget.',
  labels: { team: 'payments', cost_centre: 'cc-42', _odd: 'kept' },
  indicator: Sli.ratio({ errors: 'http_requests_total{job="payments",code=~"5.."}', total: 'http_requests_total{job="payments"}', grouping: ['route'] }),
  alerting: {
    windows: ServiceTier.CRITICAL.burnRateWindows({ page: 'pagerduty-payments', ticket: 'Slack #payments' }),
    disabledWindows: [Duration.days(3)],
    for: Duration.minutes(2),
    minimumEvents: 20,
    labels: { owner: 'payments-oncall' },
    annotations: { playbook: 'https://wiki.example/payments' },
    summary: 'Payments burn their budget',
    runbookUrl: 'https://runbooks.example/payments',
    dashboardUrl: 'https://grafana.example/d/payments',
    alertName: 'PaymentsBudgetBurn',
  },
  budgetPolicy: { tier: ServiceTier.CRITICAL, forecastHorizon: Duration.days(5), labels: { channel: 'slack-payments' } },
};

/** Synthesizes `SloDocuments` of `format` over SLOs built by `build`; returns the documents' manifests. */
export function synthDocuments(format: SloDocumentFormat, build: (chart: Chart) => void): any[] {
  const app = Testing.app();
  const slos = new Chart(app, 'slos', { namespace: 'monitoring' });
  build(slos);
  const documents = new Chart(app, 'documents', { namespace: 'monitoring', labels: { chart: 'documents' } });
  new SloDocuments(documents, 'documents', { format });
  return Testing.synth(documents);
}

/** The synthesized documents as one YAML stream, as a user's file would hold them. */
export function toYaml(manifests: any[]): string {
  return manifests.map((m) => YAML.stringify(m)).join('---\n');
}

/** The message of the error `work` throws, or '' when it does not throw. */
export function errorOf(work: () => unknown): string {
  try {
    work();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/** Silences the library's synthesis warnings in a describe block; `warnings()` returns those printed so far. */
export function quietWarnings(): { warnings: () => string } {
  let spy: jest.SpyInstance | undefined;
  beforeEach(() => {
    spy = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => spy?.mockRestore());
  return { warnings: () => (spy?.mock.calls ?? []).map((call) => String(call[0])).join('\n') };
}

/** A valid OpenSLO SLO; `patch` changes it before it is written as YAML. */
export function openSloDocument(patch: (document: any) => void = () => undefined): string {
  const document: any = {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: 'web-availability' },
    spec: {
      service: 'web',
      indicator: {
        metadata: { name: 'web-availability' },
        spec: {
          ratioMetric: {
            counter: true,
            bad: { metricSource: { type: 'Prometheus', spec: { query: 'http_requests_total{job="web",code=~"5.."}' } } },
            total: { metricSource: { type: 'Prometheus', spec: { query: 'http_requests_total{job="web"}' } } },
          },
        },
      },
      timeWindow: [{ duration: '30d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ target: 0.999 }],
    },
  };
  patch(document);
  return YAML.stringify(document);
}
