import { Chart, Duration, Testing } from 'cdk8s';
import { validateOpenSloSet } from './openslo-validator';
import { addAcceptanceSlos, errorOf, EVERY_KIND, quietWarnings, RICH, synthDocuments } from './samples';
import { ApiServiceSlo, ServiceTier, Sli, Slo, SloDocumentFormat, SloDocuments } from '../../src';
import { checkRules } from '../helpers/promtool';

describe('OpenSLO documents', () => {
  const printed = quietWarnings();

  test('the acceptance SLOs, as separate documents, pass the reference validator\'s rules', () => {
    // GIVEN the two SLOs WHEN written as OpenSLO
    const documents = synthDocuments(SloDocumentFormat.OPENSLO, addAcceptanceSlos);

    // THEN every document passes the Go SDK's rules and every reference resolves
    expect(validateOpenSloSet(documents)).toEqual([]);
    expect(documents.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'DataSource/prometheus',
      'Service/checkout',
      'AlertNotificationTarget/alertmanager',
      ...['availability', 'latency'].flatMap((slo) => ['1h-5m', '6h-30m', '1d-2h', '3d-6h'].map((w) => `AlertCondition/checkout-${slo}-${w}`)),
      ...['availability', 'latency'].flatMap((slo) => ['1h-5m', '6h-30m', '1d-2h', '3d-6h'].map((w) => `AlertPolicy/checkout-${slo}-${w}`)),
      'SLI/checkout-availability',
      'SLI/checkout-latency',
      'SLO/checkout-availability',
      'SLO/checkout-latency',
    ]);
    expect(documents).toMatchSnapshot();
  });

  test('the acceptance SLOs map to counter ratio metrics on a Prometheus source', () => {
    const documents = synthDocuments(SloDocumentFormat.OPENSLO, addAcceptanceSlos);
    const sli = (name: string) => documents.find((d) => d.kind === 'SLI' && d.metadata.name === name).spec;
    const query = (metric: any) => metric.metricSource.spec.query;
    expect(sli('checkout-availability').ratioMetric.counter).toBe(true);
    expect(query(sli('checkout-availability').ratioMetric.bad)).toBe('http_requests_total{job="checkout",code=~"5.."}');
    expect(query(sli('checkout-availability').ratioMetric.total)).toBe('http_requests_total{job="checkout"}');
    expect(query(sli('checkout-latency').ratioMetric.good)).toBe('http_request_duration_seconds_bucket{job="checkout",le="0.3"}');
    expect(query(sli('checkout-latency').ratioMetric.total)).toBe('http_request_duration_seconds_count{job="checkout"}');
    expect(sli('checkout-latency').ratioMetric.good.metricSource).toMatchObject({ metricSourceRef: 'prometheus', type: 'Prometheus' });

    const slo = documents.find((d) => d.kind === 'SLO' && d.metadata.name === 'checkout-latency');
    expect(slo.spec).toMatchObject({
      service: 'checkout',
      indicatorRef: 'checkout-latency',
      timeWindow: [{ duration: '30d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ target: 0.99 }],
    });
    const condition = documents.find((d) => d.kind === 'AlertCondition' && d.metadata.name === 'checkout-latency-1h-5m');
    expect(condition.spec.condition).toEqual({ kind: 'burnrate', op: 'gt', threshold: 14.4, lookbackWindow: '1h' });
    expect(condition.spec.severity).toBe('critical');
    expect(condition.metadata.annotations['cdk8s-slo.dev/short-window']).toBe('5m');
  });

  test('OpenSLO documents are not Kubernetes resources: no namespace, no chart labels', () => {
    const documents = synthDocuments(SloDocumentFormat.OPENSLO, addAcceptanceSlos);
    for (const document of documents) {
      expect(document.metadata.namespace).toBeUndefined();
      expect(document.metadata.labels?.chart).toBeUndefined();
    }
  });

  test.each(Object.keys(EVERY_KIND))('every indicator kind passes the rules, separate and inline: %s', (kind) => {
    for (const format of [SloDocumentFormat.OPENSLO, SloDocumentFormat.openSlo({ inline: true })]) {
      const documents = synthDocuments(format, (chart) => new Slo(chart, 'slo', EVERY_KIND[kind]));
      expect(validateOpenSloSet(documents)).toEqual([]);
    }
  });

  test('every query of every kind is PromQL that promtool accepts (counters under rate())', () => {
    const documents = synthDocuments(SloDocumentFormat.openSlo({ inline: true }), (chart) => {
      Object.entries(EVERY_KIND).forEach(([id, props]) => new Slo(chart, id, props));
    });
    const queries: string[] = documents.flatMap((d) => {
      const spec = d.spec.indicator.spec;
      if (spec.thresholdMetric) return [spec.thresholdMetric.metricSource.spec.query];
      const ratio = spec.ratioMetric;
      return ['good', 'bad', 'total'].filter((k) => ratio[k]).map((k) => ratio[k].metricSource.spec.query)
        .map((q: string) => ratio.counter ? `rate(${q}[5m])` : q);
    });
    expect(queries.length).toBe(18);
    const result = checkRules([{ name: 'openslo-queries', rules: queries.map((expr, i) => ({ record: `openslo_query_${i}`, expr })) }]);
    expect(result.ok).toBe(true);
  });

  test('freshness and gauge thresholds are threshold metrics budgeted in one-minute time slices', () => {
    const documents = synthDocuments(SloDocumentFormat.openSlo({ inline: true }), (chart) => {
      new Slo(chart, 'freshness', EVERY_KIND.freshness);
      new Slo(chart, 'lag', EVERY_KIND['gauge-threshold']);
    });
    const [freshness, lag] = documents.map((d) => d.spec);
    expect(freshness.indicator.spec.thresholdMetric.metricSource.spec.query).toBe('time() - max(job_last_success_unixtime{job="etl"})');
    expect(freshness.budgetingMethod).toBe('Timeslices');
    expect(freshness.objectives).toEqual([{ op: 'lte', value: 93600, target: 0.99, timeSliceTarget: 1, timeSliceWindow: '1m' }]);
    expect(freshness.timeWindow).toEqual([{ duration: '7d', isRolling: true }]);
    expect(lag.indicator.spec.thresholdMetric.metricSource.spec.query).toBe('sum(kafka_consumergroup_lag{consumergroup="orders"})');
    expect(lag.objectives[0]).toMatchObject({ op: 'lte', value: 1000 });
  });

  test('bool gauges count samples; raw queries get the 5-minute window filled in', () => {
    const documents = synthDocuments(SloDocumentFormat.openSlo({ inline: true }), (chart) => {
      new Slo(chart, 'probe', EVERY_KIND['bool-gauge']);
      new Slo(chart, 'query', EVERY_KIND['query-errors']);
    });
    const [probe, query] = documents.map((d) => d.spec.indicator.spec.ratioMetric);
    expect(probe.counter).toBe(false);
    expect(probe.good.metricSource.spec.query).toBe('sum(probe_success{job="blackbox",instance="https://shop.example"})');
    expect(probe.total.metricSource.spec.query).toBe('count(probe_success{job="blackbox",instance="https://shop.example"})');
    expect(query.counter).toBe(false);
    expect(query.bad.metricSource.spec.query).toBe('sum(rate(orders_failed_total[5m])) or on () (0 * sum(rate(orders_total[5m])))');
    expect(query.total.metricSource.spec.query).toBe('sum(rate(orders_total[5m]))');
    expect(JSON.stringify([probe, query])).not.toContain('{{.window}}');
  });

  test('inline: one self-contained SLO document per SLO', () => {
    const documents = synthDocuments(SloDocumentFormat.openSlo({ inline: true }), (chart) => new Slo(chart, 'rich', RICH));
    expect(documents.map((d) => d.kind)).toEqual(['SLO']);
    const spec = documents[0].spec;
    expect(spec.indicator.spec.ratioMetric.bad.metricSource).toEqual({ type: 'Prometheus', spec: { query: 'http_requests_total{job="payments",code=~"5.."}' } });
    expect(spec.alertPolicies.map((p: any) => p.spec.notificationTargets[0].spec.target)).toEqual(['pagerduty-payments', 'pagerduty-payments', 'Slack #payments']);
    expect(spec.alertPolicies[2].spec.notificationTargets[0].metadata.name).toMatch(/^slack-payments-[0-9a-f]{8}$/);
    expect(spec.alertPolicies[0].spec.conditions[0].spec.condition).toEqual({ kind: 'burnrate', op: 'gt', threshold: 13.44, lookbackWindow: '1h', alertAfter: '2m' });
    expect(validateOpenSloSet(documents)).toEqual([]);
  });

  test('labels, tier, alert settings and the budget policy ride in metadata', () => {
    const documents = synthDocuments(SloDocumentFormat.OPENSLO, (chart) => {
      new ApiServiceSlo(chart, 'api', { service: 'cart', tier: ServiceTier.CRITICAL });
    });
    const slo = documents.find((d) => d.kind === 'SLO' && d.metadata.name === 'cart-availability');
    expect(slo.metadata.annotations['cdk8s-slo.dev/tier']).toBe('critical');
    expect(documents.find((d) => d.kind === 'Service').metadata.labels).toEqual({ tier: 'critical' });
    expect(JSON.parse(slo.metadata.annotations['cdk8s-slo.dev/budget-policy']).steps.map((s: any) => s.action)).toEqual(['review', 'freeze']);
    expect(documents.filter((d) => d.kind === 'AlertNotificationTarget').map((d) => d.metadata.name).sort())
      .toEqual(['pagerduty-critical', 'slack-incidents']);
    expect(validateOpenSloSet(documents)).toEqual([]);

    const rich = synthDocuments(SloDocumentFormat.OPENSLO, (chart) => new Slo(chart, 'rich', RICH));
    const richSlo = rich.find((d) => d.kind === 'SLO');
    // `_odd` is a Prometheus label but not an OpenSLO label key: all labels go to an annotation too.
    expect(richSlo.metadata.labels).toEqual({ team: 'payments', cost_centre: 'cc-42' });
    expect(JSON.parse(richSlo.metadata.annotations['cdk8s-slo.dev/labels'])).toEqual(RICH.labels);
    expect(JSON.parse(richSlo.metadata.annotations['cdk8s-slo.dev/alerting'])).toEqual({
      alertName: 'PaymentsBudgetBurn',
      annotations: { playbook: 'https://wiki.example/payments' },
      dashboardUrl: 'https://grafana.example/d/payments',
      labels: { owner: 'payments-oncall' },
      minimumEvents: 20,
      runbookUrl: 'https://runbooks.example/payments',
      summary: 'Payments burn their budget',
    });
    expect(richSlo.spec.description).toBe(RICH.description);
    expect(validateOpenSloSet(rich)).toEqual([]);
  });

  test('a Prometheus URL goes into the DataSource; a custom DataSource name is referred to', () => {
    const documents = synthDocuments(SloDocumentFormat.openSlo({ dataSourceName: 'prom-eu', prometheusUrl: 'http://prometheus-operated.monitoring:9090' }), addAcceptanceSlos);
    expect(documents[0]).toEqual({
      apiVersion: 'openslo/v1',
      kind: 'DataSource',
      metadata: { name: 'prom-eu' },
      spec: { type: 'Prometheus', connectionDetails: { url: 'http://prometheus-operated.monitoring:9090' } },
    });
    expect(JSON.stringify(documents)).toContain('"metricSourceRef":"prom-eu"');
    expect(validateOpenSloSet(documents)).toEqual([]);
  });

  test('grouping has no OpenSLO field: a warning, or an error when strict', () => {
    const grouped = { ...EVERY_KIND['ratio-errors'], indicator: Sli.ratio({ errors: 'x_total{code="5"}', total: 'x_total', grouping: ['route'] }) };
    synthDocuments(SloDocumentFormat.OPENSLO, (chart) => new Slo(chart, 'grouped', grouped));
    expect(printed.warnings()).toMatch(/slos\/grouped: OpenSLO: indicator.grouping: OpenSLO v1 has no grouping/);
    expect(errorOf(() => synthDocuments(SloDocumentFormat.openSlo({ strict: true }), (chart) => new Slo(chart, 'grouped', grouped))))
      .toMatch(/\[documents\/documents\] slos\/grouped: OpenSLO: indicator.grouping: OpenSLO v1 has no grouping/);
  });

  test('names that are not DNS labels are errors naming the SLO and field', () => {
    const long = { ...EVERY_KIND['ratio-errors'], service: 'a'.repeat(40), name: 'b'.repeat(30) };
    expect(errorOf(() => synthDocuments(SloDocumentFormat.OPENSLO, (chart) => new Slo(chart, 'long', long))))
      .toMatch(/slos\/long: OpenSLO: name: the OpenSLO name "a+-b+" \(service-name\) must be a DNS label of at most 63 characters/);
  });

  test('SLOs created after SloDocuments are included; invalid SLOs are left to report their own errors', () => {
    const app = Testing.app();
    const documentsChart = new Chart(app, 'documents');
    new SloDocuments(documentsChart, 'documents', { format: SloDocumentFormat.openSlo({ inline: true }) });
    const chart = new Chart(app, 'slos');
    addAcceptanceSlos(chart);
    expect(Testing.synth(documentsChart).map((d) => d.metadata.name)).toEqual(['checkout-availability', 'checkout-latency']);

    new Slo(chart, 'bad', { service: 'checkout', name: 'bad', target: 1.5, indicator: Sli.boolGauge({ metric: 'up' }) });
    expect(errorOf(() => app.synth())).toMatch(/slos\/bad\] target: must be a number strictly between 0 and 1/);
  });

  test('the same app synthesizes byte-identical documents', () => {
    const once = () => JSON.stringify(synthDocuments(SloDocumentFormat.OPENSLO, (chart) => {
      addAcceptanceSlos(chart);
      Object.entries(EVERY_KIND).forEach(([id, props]) => new Slo(chart, id, props));
      new Slo(chart, 'rich', RICH);
    }));
    expect(once()).toEqual(once());
  });

  test('windows that are not whole minutes cannot be OpenSLO durations', () => {
    const odd = { ...EVERY_KIND['ratio-errors'], window: Duration.seconds(7 * 86400 + 30) };
    // The SLO itself rejects it first; OpenSLO adds nothing for an invalid SLO.
    expect(errorOf(() => synthDocuments(SloDocumentFormat.OPENSLO, (chart) => new Slo(chart, 'odd', odd))))
      .toMatch(/window: must be a whole number of minutes/);
  });
});
