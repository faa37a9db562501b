import { Chart, Duration, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { validateAgainstSchema, validateObjectMeta } from './crd-schema-validator';
import { addAcceptanceSlos, errorOf, EVERY_KIND, quietWarnings, RICH, synthDocuments, toYaml } from './samples';
import { ApiServiceSlo, ServiceTier, Sli, Slo, SloDocumentFormat, SloImport } from '../../src';
import { eventQueries } from '../../src/documents/event-queries';
import { slothEventQueries } from '../../src/documents/sloth-queries';
import { SLOTH_PROMETHEUS_SERVICE_LEVEL_SCHEMA } from '../fixtures/crds/sloth-crd-schema';
import { checkRules } from '../helpers/promtool';

/** Every problem of a PrometheusServiceLevel against its CRD. */
function crdProblems(object: any): string[] {
  return [
    ...(object.apiVersion === 'sloth.slok.dev/v1' && object.kind === 'PrometheusServiceLevel' ? [] : [`not a PrometheusServiceLevel: ${object.apiVersion} ${object.kind}`]),
    ...validateObjectMeta(object.metadata),
    ...validateAgainstSchema(object, SLOTH_PROMETHEUS_SERVICE_LEVEL_SCHEMA),
  ];
}

/** Sloth's windows: each SLO's error ratio over them, as Sloth renders its recording rules. */
function slothStyleRules(resources: any[]): any[] {
  return resources.flatMap((resource) => resource.spec.slos.map((slo: any) => ({
    name: `sloth-style-${resource.spec.service}-${slo.name}`,
    rules: ['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map((window) => ({
      record: `slo:sli_error:ratio_rate${window}`,
      expr: `(${slo.sli.events.errorQuery})\n/\n(${slo.sli.events.totalQuery})`.split('{{.window}}').join(window),
      labels: { sloth_service: resource.spec.service, sloth_slo: slo.name, sloth_window: window },
    })),
  })));
}

describe('Sloth PrometheusServiceLevel', () => {
  const printed = quietWarnings();

  test('the acceptance SLOs validate against the CRD, one resource for the service', () => {
    const resources = synthDocuments(SloDocumentFormat.SLOTH, addAcceptanceSlos);
    expect(resources).toHaveLength(1);
    expect(crdProblems(resources[0])).toEqual([]);
    expect(resources[0].metadata).toEqual({ name: 'sloth-checkout', namespace: 'monitoring', labels: { 'app.kubernetes.io/managed-by': 'cdk8s-slo', 'chart': 'documents' } });
    expect(resources[0].spec.slos.map((s: any) => [s.name, s.objective])).toEqual([['availability', 99.9], ['latency', 99]]);
    expect(resources[0].spec.slos[1].sli.events).toEqual({
      errorQuery: 'clamp_min(sum(rate(http_request_duration_seconds_count{job="checkout"}[{{.window}}])) - sum(rate(http_request_duration_seconds_bucket{job="checkout",le="0.3"}[{{.window}}])), 0)',
      totalQuery: 'sum(rate(http_request_duration_seconds_count{job="checkout"}[{{.window}}]))',
    });
    expect(resources[0].spec.slos[0].alerting).toEqual({
      name: 'SloErrorBudgetBurn',
      labels: { slo_service: 'checkout', slo_name: 'availability' },
      pageAlert: { labels: { severity: 'critical' } },
      ticketAlert: { labels: { severity: 'warning' } },
    });
    expect(printed.warnings()).toBe('');
    expect(resources).toMatchSnapshot();
  });

  test('every indicator kind maps to events queries that validate and that promtool accepts at every Sloth window', () => {
    const resources = synthDocuments(SloDocumentFormat.sloth({ period: Duration.days(30) }), (chart) => {
      for (const [id, props] of Object.entries(EVERY_KIND)) {
        if (!props.window || props.window.toSeconds() === 30 * 86400) new Slo(chart, id, props);
      }
      new Slo(chart, 'grouped', { service: 'grouped', name: 'latency', target: 0.99, indicator: Sli.latency({ histogram: 'h_seconds{job="x"}', threshold: Duration.seconds(1), grouping: ['route'] }) });
    });
    resources.forEach((resource) => expect(crdProblems(resource)).toEqual([]));
    expect(resources.flatMap((r) => r.spec.slos).length).toBe(9);
    const result = checkRules(slothStyleRules(resources));
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  test('freshness and gauge thresholds count bad minutes with a one-minute subquery', () => {
    const [resource] = synthDocuments(SloDocumentFormat.sloth({ period: Duration.days(7) }), (chart) => new Slo(chart, 'f', EVERY_KIND.freshness));
    expect(resource.spec.slos[0].sli.events).toEqual({
      errorQuery: 'sum(sum_over_time((time() - max(job_last_success_unixtime{job="etl"}) > bool 93600)[{{.window}}:1m]))',
      totalQuery: 'sum(count_over_time(group(job_last_success_unixtime{job="etl"})[{{.window}}:1m]))',
    });
  });

  test('an SLO window other than the operator\'s period is an error naming the SLO', () => {
    expect(errorOf(() => synthDocuments(SloDocumentFormat.SLOTH, (chart) => new Slo(chart, 'probe', EVERY_KIND['bool-gauge']))))
      .toMatch(/\[documents\/documents\] slos\/probe: Sloth: window: Sloth uses its operator's SLO period \(30d\), not a window per SLO; this SLO's window is 28d/);
    const [resource] = synthDocuments(SloDocumentFormat.sloth({ period: Duration.days(28) }), (chart) => new Slo(chart, 'probe', EVERY_KIND['bool-gauge']));
    expect(crdProblems(resource)).toEqual([]);
  });

  test('tier routing: one set of labels per Sloth alert; a mismatch is a warning, or an error when strict', () => {
    // CRITICAL pages on both fast pairs and tickets on both slow pairs: Sloth's page/ticket split exactly.
    const [critical] = synthDocuments(SloDocumentFormat.SLOTH, (chart) => new ApiServiceSlo(chart, 'api', { service: 'cart', tier: ServiceTier.CRITICAL }));
    expect(critical.metadata.labels['cdk8s-slo.dev/tier']).toBe('critical');
    expect(critical.spec.slos[0].alerting.pageAlert).toEqual({ labels: { severity: 'critical', channel: 'pagerduty-critical' } });
    expect(critical.spec.slos[0].alerting.ticketAlert).toEqual({ labels: { severity: 'warning', channel: 'slack-incidents' } });
    expect(JSON.parse(critical.metadata.annotations['cdk8s-slo.dev/budget-policy'])).toHaveProperty('availability.steps');
    expect(printed.warnings()).toMatch(/api\/availability: Sloth: budgetPolicy: Sloth has no error-budget policy/);
    expect(crdProblems(critical)).toEqual([]);

    // ESSENTIAL pages on 1h/5m only and tickets on 6h/30m: Sloth's page alert covers both.
    synthDocuments(SloDocumentFormat.SLOTH, (chart) => new ApiServiceSlo(chart, 'api', { service: 'cart', tier: ServiceTier.ESSENTIAL, budgetPolicy: { enabled: false } }));
    expect(printed.warnings()).toMatch(/slos\/api\/availability: Sloth: alerting.windows: Sloth's page alert covers 1h\/5m and 6h\/30m with one set of labels: used those of 1h\/5m/);
    expect(errorOf(() => synthDocuments(SloDocumentFormat.sloth({ strict: true }), (chart) => new ApiServiceSlo(chart, 'api', { service: 'cart', tier: ServiceTier.ESSENTIAL }))))
      .toMatch(/slos\/api\/availability: Sloth: alerting.windows: Sloth's page alert covers/);
  });

  test('custom windows, for and minimum events are approximations; disabled alerting disables both alerts', () => {
    const [rich] = synthDocuments(SloDocumentFormat.sloth({ period: Duration.days(28) }), (chart) => new Slo(chart, 'rich', RICH));
    expect(crdProblems(rich)).toEqual([]);
    expect(rich.spec.slos[0].labels).toEqual(RICH.labels);
    expect(rich.spec.slos[0].alerting).toMatchObject({
      name: 'PaymentsBudgetBurn',
      labels: { owner: 'payments-oncall', slo_service: 'payments', slo_name: 'availability' },
      annotations: { summary: 'Payments burn their budget', runbook_url: 'https://runbooks.example/payments', dashboard_url: 'https://grafana.example/d/payments', playbook: 'https://wiki.example/payments' },
    });
    // The grouping survives as `sum by (route)` on both sides.
    expect(rich.spec.slos[0].sli.events.totalQuery).toBe('sum by (route) (rate(http_requests_total{job="payments"}[{{.window}}]))');
    const warnings = printed.warnings();
    expect(warnings).toMatch(/alerting.for: Sloth's alerts have no "for"/);
    expect(warnings).toMatch(/alerting.minimumEvents: Sloth has no minimum-traffic guard/);
    expect(warnings).toMatch(/alerting.disabledWindows: Sloth's ticket alert covers 1d\/2h and 3d\/6h together/);

    const [custom] = synthDocuments(SloDocumentFormat.sloth({ period: Duration.days(7) }), (chart) => new Slo(chart, 'f', EVERY_KIND.freshness));
    expect(custom.spec.slos[0].alerting.pageAlert).toEqual({ disable: true });
    expect(printed.warnings()).toMatch(/alerting.windows\[0\]: Sloth alerts on Google's windows only .* the pair 1h\/5m \(5%\) is left out/);

    const [quiet] = synthDocuments(SloDocumentFormat.SLOTH, (chart) => new Slo(chart, 'q', { ...EVERY_KIND['ratio-errors'], alerting: { enabled: false } }));
    expect(quiet.spec.slos[0].alerting).toMatchObject({ pageAlert: { disable: true }, ticketAlert: { disable: true } });
  });

  test('per SLO, with the SLO\'s own PrometheusRule switched off', () => {
    const chart = new Chart(Testing.app(), 'slos', { namespace: 'monitoring' });
    const slo = new Slo(chart, 'availability', { ...EVERY_KIND['ratio-errors'], documents: [SloDocumentFormat.SLOTH], prometheusRule: false });
    const manifests = Testing.synth(chart);
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(['PrometheusServiceLevel/sloth-shop-ratio-errors']);
    expect(crdProblems(manifests[0])).toEqual([]);
    expect(slo.prometheusRule).toBeUndefined();
    expect(slo.alertRules).toEqual([]);
    expect(slo.node.findChild('Documents').node.findChild('Sloth').node.defaultChild).toBeDefined();
  });
});

describe('Sloth specs into constructs', () => {
  quietWarnings();

  // Sloth's getting-started example, typed out again: a 99.9% availability SLO on request counts.
  const gettingStarted = `
version: prometheus/v1
service: myservice
labels:
  owner: myteam
  repo: myorg/myservice
  tier: "2"
slos:
  - name: requests-availability
    objective: 99.9
    description: Availability SLO for HTTP responses.
    sli:
      events:
        error_query: sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[{{.window}}]))
        total_query: sum(rate(http_request_duration_seconds_count{job="myservice"}[{{.window}}]))
    alerting:
      name: MyServiceHighErrorRate
      labels:
        category: availability
      annotations:
        summary: High error rate on 'myservice' responses
      page_alert:
        labels:
          severity: pageteam
          routing_key: myteam
      ticket_alert:
        labels:
          severity: slack
          slack_channel: "#alerts-myteam"
`;

  function importSloth(yaml: string, period?: Duration): { imported: SloImport; manifests: any[] } {
    const chart = new Chart(Testing.app(), 'imported', { namespace: 'monitoring' });
    const imported = SloImport.fromSloth(chart, 'sloth', yaml, { period });
    return { imported, manifests: Testing.synth(chart) };
  }

  test('the getting-started spec becomes an SLO whose rules pass promtool check rules', () => {
    const { imported, manifests } = importSloth(gettingStarted);
    expect(imported.slos).toHaveLength(1);
    const definition = imported.slos[0]._definition;
    expect(definition).toMatchObject({
      service: 'myservice',
      name: 'requests-availability',
      objective: { target: 0.999, windowSeconds: 30 * 86400 },
      labels: { owner: 'myteam', repo: 'myorg/myservice', tier: '2' },
      description: 'Availability SLO for HTTP responses.',
      indicator: { kind: 'query', grouping: [] },
      alerting: { alertName: 'MyServiceHighErrorRate', labels: { category: 'availability' }, summary: "High error rate on 'myservice' responses" },
    });
    expect(definition.alerting.pairs.map((p) => [p.longSeconds / 3600, p.severity, p.labels])).toEqual([
      [1, 'pageteam', { routing_key: 'myteam' }],
      [6, 'pageteam', { routing_key: 'myteam' }],
      [24, 'slack', { slack_channel: '#alerts-myteam' }],
      [72, 'slack', { slack_channel: '#alerts-myteam' }],
    ]);
    const rule = manifests.find((m) => m.kind === 'PrometheusRule');
    expect(rule.metadata.name).toBe('slo-myservice-requests-availability');

    // GIVEN a severity among the common alert labels THEN it is each alert's severity unless the alert sets its own, as Sloth merges them
    const common = gettingStarted.replace('        category: availability\n', '        category: availability\n        severity: critical\n')
      .replace('          severity: slack\n', '');
    const commonDefinition = importSloth(common).imported.slos[0]._definition;
    expect(commonDefinition.alerting.labels).toEqual({ category: 'availability' });
    expect(commonDefinition.alerting.pairs.map((p) => p.severity)).toEqual(['pageteam', 'pageteam', 'critical', 'critical']);
    const result = checkRules(rule.spec.groups);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
    // Same alerts as Sloth's: page at 14.4x and 6x, ticket at 3x and 1x the 0.1% budget.
    expect(imported.slos[0].alertRules.map((a) => [a.alert, a.severity, a.threshold])).toEqual([
      ['MyServiceHighErrorRate', 'pageteam', 0.0144],
      ['MyServiceHighErrorRate', 'pageteam', 0.006],
      ['MyServiceHighErrorRate', 'slack', 0.003],
      ['MyServiceHighErrorRate', 'slack', 0.001],
    ]);
  });

  test('PrometheusServiceLevel resources import too (ours included), grouping from a top-level sum by', () => {
    const exported = toYaml(synthDocuments(SloDocumentFormat.sloth({ period: Duration.days(28) }), (chart) => {
      new Slo(chart, 'rich', { ...RICH, alerting: { ...RICH.alerting, for: undefined, minimumEvents: undefined, disabledWindows: [] } });
    }));
    const { imported, manifests } = importSloth(exported, Duration.days(28));
    const definition = imported.slos[0]._definition;
    expect(definition).toMatchObject({
      service: 'payments',
      name: 'availability',
      objective: { target: 0.9995, windowSeconds: 28 * 86400 },
      labels: RICH.labels,
      indicator: { kind: 'query', grouping: ['route'] },
      alerting: { alertName: 'PaymentsBudgetBurn', runbookUrl: 'https://runbooks.example/payments', annotations: { playbook: 'https://wiki.example/payments' } },
    });
    // Sloth's alerts carry slo_service/slo_name; back home they are ours again.
    expect(definition.alerting.labels).toEqual({ owner: 'payments-oncall' });
    expect(checkRules(manifests.find((m) => m.kind === 'PrometheusRule').spec.groups).ok).toBe(true);
  });

  test('disabled alerts and per-alert annotations', () => {
    const yaml = gettingStarted.replace('      ticket_alert:\n', '      ticket_alert:\n        disable: true\n        annotations: { runbook: x }\n');
    const { imported } = importSloth(yaml);
    expect(imported.slos[0]._definition.alerting.pairs.map((p) => p.longSeconds / 3600)).toEqual([1, 6]);
    expect(imported.warnings).toEqual([]);
    const annotated = gettingStarted.replace('      page_alert:\n', '      page_alert:\n        annotations: { runbook: x }\n');
    expect(importSloth(annotated).imported.warnings).toEqual([
      'document 1 (Sloth spec of service "myservice"), line 23: slos[0].alerting.page_alert.annotations: annotations of the page alert alone are left out (cdk8s-slo annotates every alert alike): runbook',
    ]);
  });

  test('bad specs are rejected naming the document and field', () => {
    const error = (yaml: string) => errorOf(() => importSloth(yaml));
    expect(error(gettingStarted.replace('error_query', 'error_querry'))).toMatch(
      /document 1 \(Sloth spec of service "myservice"\), line 14: slos\[0\].sli.events.error_querry: is not a known field/);
    expect(error(gettingStarted.replace('objective: 99.9', 'objective: 100'))).toMatch(/slos\[0\].objective: must be a percentage strictly between 0 and 100/);
    expect(error(gettingStarted.replace(/events:\n.*\n.*\n/, 'raw:\n        error_ratio_query: rate(x[\n'))).toMatch(/line 14: slos\[0\].sli.raw.error_ratio_query: does not parse as PromQL/);
    expect(error(gettingStarted.replace(/events:\n.*\n.*\n/, 'plugin:\n        id: sloth-common/availability\n'))).toMatch(/slos\[0\].sli.plugin: the SLI plugin "sloth-common\/availability" is Go code that cannot be read here; write the queries it generates instead.*Sli.fromQueries\(/);
    expect(error(gettingStarted.replace('version: prometheus/v1', 'version: openslo/v1alpha'))).toMatch(/version: must be prometheus\/v1/);
    expect(error(gettingStarted.replace('name: requests-availability', 'name: Requests Availability'))).toMatch(/slos\[0\].name: "Requests Availability" must be a lowercase DNS label/);
    expect(error(gettingStarted.replace('[{{.window}}]))\n        total', '[5m]))\n        total'))).toMatch(/slos\[0\].sli.events.error_query: must contain the window placeholder/);
    expect(error(gettingStarted.replace('owner: myteam', 'severity: high'))).toMatch(/line 5: labels.severity: label name "severity" is set by the generated rules/);
    expect(error('version: prometheus/v1\nservice: x\nslos: [')).toMatch(/\[imported\/sloth\] yaml: Sloth: the YAML does not parse/);
    expect(error(YAML.stringify({ apiVersion: 'sloth.slok.dev/v1', kind: 'PrometheusServiceLevel', spec: { service: 'x', slos: [] } }))).toMatch(/spec.slos: must have at least 1 entry/);
  });
});

describe('Sloth events queries read back', () => {
  // The export clamps total − good at zero; documents written before the clamp read back the same.
  test('a good query comes back from the clamped error query, and from the earlier unclamped one', () => {
    const indicator = { kind: 'query' as const, goodQuery: 'sum(rate(ok_total[{{.window}}]))', totalQuery: 'sum(rate(all_total[{{.window}}]))', grouping: [] };
    const exported = eventQueries(indicator, '{{.window}}');
    expect(exported.errors).toMatch(/^clamp_min\(.*, 0\)$/);
    expect(slothEventQueries(exported.errors, exported.total)).toEqual({ goodQuery: indicator.goodQuery, totalQuery: indicator.totalQuery });
    const unclamped = exported.errors.slice('clamp_min('.length, -', 0)'.length);
    expect(slothEventQueries(unclamped, exported.total)).toEqual({ goodQuery: indicator.goodQuery, totalQuery: indicator.totalQuery });
  });
});
