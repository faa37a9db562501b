import { Chart, Duration, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { validateOpenSloSet } from './openslo-validator';
import { addAcceptanceSlos, EVERY_KIND, quietWarnings, RICH, synthDocuments, toYaml } from './samples';
import { ApiServiceSlo, BatchPipelineSlo, ServiceTier, Slo, SloDocumentFormat, SloImport, SloProps } from '../../src';
import { SloDefinition } from '../../src/model/slo-definition';

/** Imports OpenSLO YAML into a fresh app; returns the import and the synthesized PrometheusRules. */
function importOpenSlo(yaml: string): { imported: SloImport; rules: any[] } {
  const chart = new Chart(Testing.app(), 'imported', { namespace: 'monitoring' });
  const imported = SloImport.fromOpenSlo(chart, 'openslo', yaml);
  return { imported, rules: Testing.synth(chart).filter((m) => m.kind === 'PrometheusRule') };
}

/** The PrometheusRules an app with these SLOs synthesizes. */
function rulesOf(build: (chart: Chart) => void): any[] {
  const chart = new Chart(Testing.app(), 'imported', { namespace: 'monitoring' });
  build(chart);
  return Testing.synth(chart).filter((m) => m.kind === 'PrometheusRule');
}

/** A definition as the round trip must keep it: window pairs only matter while alerting is on. */
function comparable(definition: SloDefinition): SloDefinition {
  return JSON.parse(JSON.stringify(definition.alerting.enabled ? definition : { ...definition, alerting: { ...definition.alerting, pairs: [] } }));
}

describe('OpenSLO round trip: definition → documents → import → definition', () => {
  quietWarnings();

  for (const inline of [false, true]) {
    const format = SloDocumentFormat.openSlo({ inline });
    const mode = inline ? 'inline' : 'separate documents';

    test.each(Object.keys(EVERY_KIND))(`${mode}: %s comes back equal, with equal rules`, (kind) => {
      // GIVEN an SLO of this kind WHEN written as OpenSLO and read back
      let original!: Slo;
      const yaml = toYaml(synthDocuments(format, (chart) => { original = new Slo(chart, 'slo', EVERY_KIND[kind]); }));
      const { imported, rules } = importOpenSlo(yaml);

      // THEN the definition, and so the generated rules, are the same
      expect(imported.slos.map((slo) => comparable(slo._definition))).toEqual([comparable(original._definition)]);
      expect(rules).toEqual(rulesOf((chart) => new Slo(chart, 'slo', EVERY_KIND[kind])));
    });

    test(`${mode}: every option comes back (grouping, labels, routing, texts, for, minimum events, budget policy)`, () => {
      let original!: Slo;
      const yaml = toYaml(synthDocuments(format, (chart) => { original = new Slo(chart, 'rich', RICH); }));
      const { imported } = importOpenSlo(yaml);
      expect(comparable(imported.slos[0]._definition)).toEqual(comparable(original._definition));
      expect(imported.warnings).toEqual([]);
    });
  }

  test('templates (several services and objectives in one file) come back with their tiers\' routing', () => {
    const originals: Slo[] = [];
    const yaml = toYaml(synthDocuments(SloDocumentFormat.OPENSLO, (chart) => {
      originals.push(...new ApiServiceSlo(chart, 'cart', { service: 'cart', tier: ServiceTier.ESSENTIAL, team: 'shop' }).slos);
      originals.push(...new BatchPipelineSlo(chart, 'etl', { service: 'etl', selector: { job: 'etl' }, maxStaleness: Duration.hours(26) }).slos);
      originals.push(...addAcceptanceSlos(chart));
    }));
    const { imported } = importOpenSlo(yaml);
    expect(imported.slos.map((s) => comparable(s._definition))).toEqual(originals.map((s) => comparable(s._definition)));
  });

  test('SLOs with alerting switched off come back without alert policies', () => {
    const props: SloProps = { ...EVERY_KIND['ratio-errors'], alerting: { enabled: false } };
    let original!: Slo;
    const documents = synthDocuments(SloDocumentFormat.OPENSLO, (chart) => { original = new Slo(chart, 'quiet', props); });
    expect(documents.some((d) => d.kind === 'AlertPolicy')).toBe(false);
    const { imported } = importOpenSlo(toYaml(documents));
    expect(imported.slos[0]._definition.alerting.enabled).toBe(false);
    expect(comparable(imported.slos[0]._definition)).toEqual(comparable(original._definition));
  });

  test('per-SLO documents (SloProps.documents) round-trip too, and the rule can be switched off', () => {
    const chart = new Chart(Testing.app(), 'slos');
    const slo = new Slo(chart, 'slo', { ...RICH, documents: [SloDocumentFormat.OPENSLO], prometheusRule: false });
    const manifests = Testing.synth(chart);
    expect(manifests.map((m) => m.kind)).toEqual(['SLO']);
    expect(validateOpenSloSet(manifests)).toEqual([]);
    const { imported } = importOpenSlo(toYaml(manifests));
    expect(comparable(imported.slos[0]._definition)).toEqual(comparable(slo._definition));
  });
});

describe('OpenSLO documents from other tools', () => {
  quietWarnings();

  const otherTools = `
apiVersion: openslo/v1
kind: DataSource
metadata: { name: thanos }
spec: { type: Prometheus, connectionDetails: { url: http://thanos:9090 } }
---
apiVersion: openslo/v1
kind: AlertCondition
metadata: { name: fast-burn }
spec:
  severity: page
  condition: { kind: burnrate, op: gte, threshold: 14.4, lookbackWindow: 1h, alertAfter: 5m }
---
apiVersion: openslo/v1
kind: AlertNotificationTarget
metadata: { name: oncall-pager }
spec: { target: pagerduty }
---
apiVersion: openslo/v1
kind: AlertPolicy
metadata: { name: page-fast }
spec:
  alertWhenBreaching: true
  conditions: [{ conditionRef: fast-burn }]
  notificationTargets: [{ targetRef: oncall-pager }]
---
- apiVersion: openslo/v1
  kind: SLO
  metadata:
    name: web-availability
    labels: { team: web, tags: [edge, public], cost.centre: "7" }
  spec:
    service: web
    description: Requests succeed.
    indicator:
      metadata: { name: web-good }
      spec:
        ratioMetric:
          counter: true
          good: { metricSource: { metricSourceRef: thanos, spec: { query: 'http_requests_total{job="web",code!~"5.."}' } } }
          total: { metricSource: { metricSourceRef: thanos, spec: { query: 'http_requests_total{job="web"}' } } }
    timeWindow: [{ duration: 4w, isRolling: true }]
    budgetingMethod: Occurrences
    objectives: [{ displayName: good, targetPercent: 99.5 }]
    alertPolicies: [{ alertPolicyRef: page-fast }]
- apiVersion: openslo/v1
  kind: SLO
  metadata: { name: web-latency }
  spec:
    service: web
    indicatorRef: web-latency
    timeWindow: [{ duration: 30d, isRolling: true }]
    budgetingMethod: Occurrences
    objectives: [{ target: 0.99 }]
- apiVersion: openslo/v1
  kind: SLI
  metadata: { name: web-latency }
  spec:
    ratioMetric:
      counter: true
      good: { metricSource: { type: Prometheus, spec: { query: 'http_request_duration_seconds_bucket{job="web",le="0.5"}' } } }
      total: { metricSource: { type: Prometheus, spec: { query: 'http_request_duration_seconds_count{job="web"}' } } }
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: batch-freshness }
spec:
  service: batch
  indicator:
    metadata: { name: batch-age }
    spec: { thresholdMetric: { metricSource: { type: prometheus, spec: { query: 'time() - max(job_last_success_unixtime{job="batch"})' } } } }
  timeWindow: [{ duration: 7d, isRolling: true }]
  budgetingMethod: Timeslices
  objectives: [{ op: lte, value: 7200, target: 0.95, timeSliceTarget: 1, timeSliceWindow: 1m }]
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: api-availability }
spec:
  service: api
  indicator:
    metadata: { name: api-errors }
    spec:
      ratioMetric:
        counter: false
        bad: { metricSource: { type: Prometheus, spec: { query: 'sum(rate(http_requests_total{job="api",code=~"5.."}[{{.window}}]))' } } }
        total: { metricSource: { type: Prometheus, spec: { query: 'sum(rate(http_requests_total{job="api"}[{{.window}}]))' } } }
  timeWindow: [{ duration: 30d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.999 }]
`;

  test('structural reading: counters, histogram buckets, freshness, Sloth-style queries, alert policies', () => {
    const { imported, rules } = importOpenSlo(otherTools);
    const [availability, latency, freshness, api] = imported.slos.map((slo) => slo._definition);

    expect(availability).toMatchObject({
      service: 'web',
      name: 'availability',
      objective: { target: 0.995, windowSeconds: 28 * 86400 },
      indicator: { kind: 'ratio', good: 'http_requests_total{job="web",code!~"5.."}', total: 'http_requests_total{job="web"}' },
      labels: { team: 'web' },
      description: 'Requests succeed.',
    });
    // gte 14.4 over 1h of a 28-day window: 14.4 × 1h / 28d of the budget; short window 1/12 of 1h; the target's name is the channel.
    expect(availability.alerting).toMatchObject({
      enabled: true,
      forSeconds: 300,
      pairs: [{ longSeconds: 3600, shortSeconds: 300, budgetConsumed: 0.0214285714286, severity: 'page', labels: { channel: 'oncall-pager' } }],
    });
    expect(latency).toMatchObject({ name: 'latency', indicator: { kind: 'latency', histogram: 'http_request_duration_seconds{job="web"}', thresholdSeconds: 0.5 }, alerting: { enabled: false } });
    expect(freshness).toMatchObject({ service: 'batch', name: 'freshness', indicator: { kind: 'freshness', timestamp: 'job_last_success_unixtime{job="batch"}', maxAgeSeconds: 7200 } });
    expect(api.indicator).toMatchObject({ kind: 'query', errorQuery: 'sum(rate(http_requests_total{job="api",code=~"5.."}[{{.window}}]))' });
    expect(rules.map((r) => r.metadata.name)).toEqual(['slo-web-availability', 'slo-web-latency', 'slo-batch-freshness', 'slo-api-availability']);

    // What could not be read is listed, naming the document and field.
    expect(imported.warnings).toEqual([
      'document 5, item 1 (SLO "web-availability"), line 31: metadata.labels.tags: a list of values cannot be a Prometheus label; left out',
      'document 5, item 1 (SLO "web-availability"), line 31: metadata.labels.cost.centre: left out: label name "cost.centre" is invalid: use letters, digits and underscores, not starting with a digit',
    ]);
  });

  test('the documents themselves follow the reference validator\'s rules (the fixture is valid OpenSLO)', () => {
    const objects = YAML.parseAllDocuments(otherTools).flatMap((d) => {
      const value = d.toJS();
      return Array.isArray(value) ? value : [value];
    });
    expect(validateOpenSloSet(objects)).toEqual([]);
  });
});
