import { Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { OPENSLO_QUERY_THRESHOLD_OUTAGE, thresholdSlo } from './imported-outage-scenarios';
import { validateOpenSloObject } from './openslo-validator';
import { errorOf, openSloDocument, quietWarnings, synthDocuments, toYaml } from './samples';
import { Sli, Slo, SloDocumentFormat, SloImport } from '../../src';
import { fromOpenSlo } from '../../src/documents/openslo-import';
import { checkRules, testRules } from '../helpers/promtool';

/** The import's problems, one per line without the construct path and prop, or '' when it synthesizes. */
function importError(yaml: string): string {
  const chart = new Chart(Testing.app(), 'c');
  const message = errorOf(() => {
    SloImport.fromOpenSlo(chart, 'imported', yaml);
    Testing.synth(chart);
  });
  return message === '' ? '' : message.split(/\n {2}\[c\/imported\] yaml: /).slice(1).join('\n');
}

describe('OpenSLO import rejects bad input with the document and field', () => {
  test('the valid base document imports', () => {
    expect(importError(openSloDocument())).toBe('');
  });

  test('malformed YAML', () => {
    expect(importError('apiVersion: openslo/v1\nkind: SLO\nmetadata: { name: [unclosed\n')).toMatch(/^OpenSLO: the YAML does not parse:\n {2}document 1: .*line \d+, column \d+/);
    expect(importError('')).toBe('OpenSLO: the YAML holds no documents');
    expect(importError('just a string')).toMatch(/document 1: must be a map with apiVersion, kind, metadata and spec/);
  });

  test('unknown fields, as the reference validator decodes strictly', () => {
    expect(importError(openSloDocument((d) => { d.spec.window = '30d'; }))).toMatch(
      /document 1 \(SLO "web-availability"\): spec.window: is not a known field \(known: description, service, indicator/);
    expect(importError(openSloDocument((d) => { d.spec.indicator.spec.ratioMetric.bad.metricSource.query = 'x'; })))
      .toMatch(/spec.indicator.spec.ratioMetric.bad.metricSource.query: is not a known field/);
    expect(importError(openSloDocument((d) => { d.metadata.namespace = 'monitoring'; }))).toMatch(/metadata.namespace: is not a known field/);
  });

  test('exactly one time window', () => {
    expect(importError(openSloDocument((d) => { d.spec.timeWindow.push({ duration: '7d', isRolling: true }); })))
      .toMatch(/document 1 \(SLO "web-availability"\): spec.timeWindow: must have exactly 1 entry, got 2/);
    expect(importError(openSloDocument((d) => { delete d.spec.timeWindow; }))).toMatch(/spec.timeWindow: is required: cdk8s-slo needs the SLO window/);
    expect(importError(openSloDocument((d) => { d.spec.timeWindow = [{ duration: '1Y', calendar: { startTime: '2024-01-01 00:00:00', timeZone: 'UTC' } }]; })))
      .toMatch(/line 24: spec.timeWindow\[0\].duration: "1Y" is not a calendar period cdk8s-slo has/);
    expect(importError(openSloDocument((d) => { d.spec.timeWindow = [{ duration: '1M', isRolling: true }]; })))
      .toMatch(/spec.timeWindow\[0\].duration: "1M": months, quarters and years have no fixed length/);
    expect(importError(openSloDocument((d) => { d.spec.timeWindow = [{ duration: '30 days', isRolling: true }]; })))
      .toMatch(/spec.timeWindow\[0\].duration: "30 days" must be an OpenSLO duration/);
  });

  test('targets in [0, 1), one objective', () => {
    expect(importError(openSloDocument((d) => { d.spec.objectives = [{ target: 1.0 }]; })))
      .toMatch(/document 1 \(SLO "web-availability"\): spec.objectives\[0\].target: must be in \[0, 1\) \(0.999 for 99.9%\), got 1/);
    expect(importError(openSloDocument((d) => { d.spec.objectives = [{ targetPercent: 100 }]; }))).toMatch(/targetPercent: must be in \[0, 100\)/);
    expect(importError(openSloDocument((d) => { d.spec.objectives = [{ target: 0.9, targetPercent: 90 }]; }))).toMatch(/set exactly one of target and targetPercent/);
    expect(importError(openSloDocument((d) => { d.spec.objectives = [{ target: 0 }]; }))).toMatch(/spec.objectives\[0\].target: must be above 0/);
    // One alertAfter per condition: each window pair waits its own.
    const condition = (name: string, lookback: string, after: string, threshold: number) => YAML.stringify({
      apiVersion: 'openslo/v1',
      kind: 'AlertPolicy',
      metadata: { name },
      spec: {
        alertWhenBreaching: true,
        conditions: [{ kind: 'AlertCondition', metadata: { name }, spec: { severity: 'critical', condition: { kind: 'burnrate', op: 'gt', threshold, lookbackWindow: lookback, alertAfter: after } } }],
        notificationTargets: [{ kind: 'AlertNotificationTarget', metadata: { name: 'pager' }, spec: { target: 'pagerduty' } }],
      },
    });
    const afters = fromOpenSlo(`${openSloDocument((d) => { d.spec.alertPolicies = [{ alertPolicyRef: 'fast' }, { alertPolicyRef: 'slow' }]; })}---\n${condition('fast', '1h', '2m', 14.4)}---\n${condition('slow', '6h', '15m', 6)}`);
    expect(afters.slos[0].definition.alerting.pairs.map((p) => p.forSeconds)).toEqual([120, 900]);
    expect(afters.slos[0].definition.alerting.forSeconds).toBeUndefined();
    // Several objectives: one SLO each, named with its index.
    const two = fromOpenSlo(openSloDocument((d) => { d.spec.objectives.push({ target: 0.99 }); }));
    expect(two.slos.map((s) => [s.definition.name, s.definition.objective.target])).toEqual([['availability-0', 0.999], ['availability-1', 0.99]]);
  });

  test('names, kinds and versions', () => {
    expect(importError(openSloDocument((d) => { d.metadata.name = 'Web_Availability'; }))).toMatch(/metadata.name: "Web_Availability" must be a DNS label/);
    // v1alpha is read as Sloth reads it (see the Sloth corpus test); a v1 body is no v1alpha SLO.
    expect(importError(openSloDocument((d) => { d.apiVersion = 'openslo/v1alpha'; }))).toMatch(/spec.timeWindows: is required/);
    // oslo's own v1alpha example: counters (`counter`, or `incremental`) given as plain selectors are their rates.
    const v1alpha = (counter: string) => `apiVersion: openslo/v1alpha
kind: SLO
metadata:
  name: ratio
spec:
  budgetingMethod: Occurrences
  service: my-test-service
  objectives:
  - ratioMetrics:
      ${counter}
      good:
        source: prometheus
        queryType: promql
        query: http_requests_total{job="web",code!~"5.."}
      total:
        source: prometheus
        queryType: promql
        query: http_requests_total{job="web"}
    target: 0.98
  timeWindows:
  - count: 28
    isRolling: true
    unit: Day
`;
    for (const flag of ['counter: true', 'incremental: true']) {
      expect(fromOpenSlo(v1alpha(flag)).slos[0].definition.indicator).toEqual({
        kind: 'query', goodQuery: 'sum(rate(http_requests_total{job="web",code!~"5.."}[{{.window}}]))', totalQuery: 'sum(rate(http_requests_total{job="web"}[{{.window}}]))', grouping: [],
      });
    }
    // Without it a query is a Sloth query, which needs the window placeholder.
    expect(importError(v1alpha('counter: false'))).toMatch(/\{\{\.window\}\}/);
    expect(importError(openSloDocument((d) => { d.apiVersion = 'openslo/v2'; }))).toMatch(/apiVersion: must be openslo\/v1 \(or openslo\/v1alpha, as Sloth reads it\), got "openslo\/v2"$/m);
    expect(importError(openSloDocument((d) => { d.kind = 'Slo'; }))).toMatch(/kind: must be one of SLO, SLI, DataSource/);
    expect(importError(openSloDocument((d) => { d.metadata.labels = { 'team/x': 'a' }; }))).toMatch(/metadata.labels.team\/x: the key "team\/x" must be at most 63 letters/);
    // The same SLO twice is read once (with a warning); two different SLOs of one name are refused.
    expect(fromOpenSlo(openSloDocument() + '---\n' + openSloDocument()).slos).toHaveLength(1);
    const other = openSloDocument((d) => { d.spec.objectives[0].target = 0.95; });
    expect(importError(openSloDocument() + '---\n' + other)).toMatch(/document 2 \(SLO "web-availability"\): the SLO "web\/availability" is also defined by document 1 \(SLO "web-availability"\), differently/);
    // Other kinds of one name: references resolve to the first, with a warning (go-sdk does not check names across objects).
    const service = YAML.stringify({ apiVersion: 'openslo/v1', kind: 'Service', metadata: { name: 'web' } });
    expect(fromOpenSlo(`${openSloDocument()}---\n${service}---\n${service}`).warnings)
      .toEqual([expect.stringMatching(/document 3 \(Service "web"\): metadata.name: another Service is named "web" \(document 2 \(Service "web"\)\): references to "web" resolve to that one/)]);
    expect(importError(YAML.stringify({ apiVersion: 'openslo/v1', kind: 'Service', metadata: { name: 'web' }, spec: {} }))).toMatch(/the documents hold no SLO/);
  });

  test('references that do not resolve', () => {
    expect(importError(openSloDocument((d) => { delete d.spec.indicator; d.spec.indicatorRef = 'web-sli'; }))).toMatch(/spec.indicatorRef: no SLI document is named "web-sli"/);
    expect(importError(openSloDocument((d) => { d.spec.alertPolicies = [{ alertPolicyRef: 'fast' }]; }))).toMatch(/spec.alertPolicies\[0\].alertPolicyRef: no AlertPolicy document is named "fast"/);
    expect(importError(openSloDocument((d) => { d.spec.indicator.spec.ratioMetric.total.metricSource = { metricSourceRef: 'dd', spec: { query: 'x' } }; })))
      .toMatch(/metricSourceRef: no DataSource document is named "dd"/);
  });

  test('what cdk8s-slo cannot hold', () => {
    // (Timeslices of a ratio SLI import: see the thresholdMetric tests below.)
    expect(importError(openSloDocument((d) => { d.spec.budgetingMethod = 'Timeslices'; d.spec.objectives[0].timeSliceTarget = 0.9; d.spec.objectives[0].timeSliceWindow = 0.5; })))
      .toMatch(/spec.objectives\[0\].timeSliceWindow: must be whole minutes that divide an hour \(1m, 2m, .*, 1h\), so that slices align with clock hours; got 0.5/);
    expect(importError(openSloDocument((d) => { d.spec.budgetingMethod = 'Timeslices'; })))
      .toMatch(/spec.objectives\[0\].timeSliceTarget: is required with budgetingMethod Timeslices/);
    const raw = fromOpenSlo(openSloDocument((d) => { d.spec.indicator.spec.ratioMetric = { rawType: 'success', raw: { metricSource: { type: 'Prometheus', spec: { query: 'x' } } } }; }));
    expect(raw.slos[0].definition.indicator).toEqual({ kind: 'averagedErrorRatio', errorRatioQuery: '1 - (x)', grouping: [] });
    expect(raw.warnings).toEqual([expect.stringMatching(/spec.indicator.spec.ratioMetric.raw: a precomputed ratio is averaged over time/)]);
    expect(importError(openSloDocument((d) => { d.spec.indicator.spec.ratioMetric.total.metricSource.type = 'Datadog'; })))
      .toMatch(/ratioMetric.total.metricSource.type: must be Prometheus \(or refer to a Prometheus DataSource\), got Datadog/);
    expect(importError(openSloDocument((d) => { d.spec.indicator.spec.ratioMetric.total.metricSource.spec.query = 'sum(rate(http_requests_total[5m]))'; })))
      .toMatch(/ratioMetric.total.metricSource.spec.query: .* must be a plain vector selector .*; with counter: true each query must be a plain counter selector/);
    // A summed counter (the OpenSLO spec's example) is the counter itself: rated per series, then summed.
    const summed = fromOpenSlo(openSloDocument((d) => {
      d.spec.indicator.spec.ratioMetric.bad.metricSource.spec.query = 'sum(http_requests_total{job="web",code=~"5.."})';
      d.spec.indicator.spec.ratioMetric.total.metricSource.spec.query = ' sum ( http_requests_total{job="web"} ) ';
    }));
    expect(summed.slos[0].definition.indicator).toEqual(fromOpenSlo(openSloDocument()).slos[0].definition.indicator);
    expect(summed.warnings).toContainEqual(expect.stringMatching(/ratioMetric.total.metricSource.spec.query: read as the counter http_requests_total\{job="web"\}: cdk8s-slo rates each series and sums the rates/));
    expect(importError(openSloDocument((d) => { d.spec.indicator.spec.ratioMetric.total.metricSource.spec.query = 'sum by (pod) (http_requests_total)'; })))
      .toMatch(/ratioMetric.total.metricSource.spec.query: .* must be a plain vector selector/);
    expect(importError(openSloDocument((d) => { d.spec.indicator.spec.ratioMetric.counter = false; })))
      .toMatch(/with counter: false, the queries must be rates over the \{\{.window\}\} placeholder/);
    expect(importError(openSloDocument((d) => { d.spec.objectives[0].indicatorRef = 'x'; delete d.spec.indicator; })))
      .toMatch(/composite SLOs \(indicators per objective\) are not supported/);
    expect(importError(openSloDocument((d) => { d.spec.service = 'Web Shop'; }))).toMatch(/spec.service: "Web Shop" must be a lowercase DNS label/);
  });

  test('alert policies the model cannot hold', () => {
    const policy = (condition: any) => openSloDocument((d) => {
      d.spec.alertPolicies = [{
        kind: 'AlertPolicy',
        metadata: { name: 'fast' },
        spec: {
          alertWhenBreaching: true,
          conditions: [{ kind: 'AlertCondition', metadata: { name: 'fast' }, spec: { severity: 'page', condition } }],
          notificationTargets: [{ targetRef: 'x' }],
        },
      }];
    }) + '---\n' + YAML.stringify({ apiVersion: 'openslo/v1', kind: 'AlertNotificationTarget', metadata: { name: 'x' }, spec: { target: 'x' } });
    expect(importError(policy({ kind: 'burnrate', op: 'lt', threshold: 2, lookbackWindow: '1h' }))).toMatch(/condition "fast": condition.op: a burn-rate alert fires above its threshold/);
    expect(importError(policy({ kind: 'burnrate', op: 'gt', threshold: 0, lookbackWindow: '1h' }))).toMatch(/condition.threshold: the burn rate must be above 0/);
    expect(importError(policy({ kind: 'burnrate', op: 'gt', lookbackWindow: '1h' }))).toMatch(/conditions\[0\].spec.condition.threshold: is required/);
    expect(importError(policy({ kind: 'threshold', op: 'gt', threshold: 2, lookbackWindow: '1h' }))).toMatch(/condition.kind: must be one of burnrate/);
    expect(importError(policy({ kind: 'burnrate', op: 'gt', threshold: 2, lookbackWindow: '2d' }).replace('30d', '1d'))).toMatch(/spec.alertPolicies: alerting.windows\[0\].longWindow: the long window 2d is longer than the SLO window 1d/);
  });

  test('documents written by cdk8s-slo and edited afterwards are refused, not misread', () => {
    const documents = synthDocuments(SloDocumentFormat.openSlo({ inline: true }), (chart) => new Slo(chart, 's', {
      service: 'web', name: 'probe', target: 0.99, indicator: Sli.boolGauge({ metric: 'probe_success{job="web"}' }),
    }));
    documents[0].spec.indicator.spec.ratioMetric.good.metricSource.spec.query = 'sum(probe_success{job="other"})';
    expect(importError(toYaml(documents))).toMatch(/spec.indicator.spec: the queries .* differ from the cdk8s-slo.dev\/indicator annotation, so they were edited after export/);
  });
});

describe('the re-implemented reference validator catches what the Go SDK catches', () => {
  const valid = YAML.parse(openSloDocument());
  const problems = (patch: (d: any) => void) => {
    const copy = JSON.parse(JSON.stringify(valid));
    patch(copy);
    return validateOpenSloObject(copy).join('\n');
  };

  test('a valid object passes; each rule fails on its own violation', () => {
    expect(validateOpenSloObject(valid)).toEqual([]);
    expect(problems((d) => { d.spec.extra = 1; })).toMatch(/json: unknown field "extra"/);
    expect(problems((d) => { d.spec.timeWindow.push({ duration: '7d', isRolling: true }); })).toMatch(/timeWindow: length must be between 1 and 1/);
    expect(problems((d) => { d.spec.objectives[0].target = 1; })).toMatch(/target: should be greater than or equal to 0 and less than 1/);
    expect(problems((d) => { d.metadata.name = 'UPPER'; })).toMatch(/not an RFC-1123 DNS label/);
    expect(problems((d) => { d.spec.timeWindow[0].duration = '30x'; })).toMatch(/unit must be one of/);
    expect(problems((d) => { d.spec.budgetingMethod = 'Timeslices'; })).toMatch(/timeSliceTarget: property is required/);
    expect(problems((d) => { d.spec.indicatorRef = 'x'; })).toMatch(/mutually exclusive/);
    expect(problems((d) => { d.spec.indicator.spec.ratioMetric.good = d.spec.indicator.spec.ratioMetric.bad; })).toMatch(/\[good, bad\] are mutually exclusive/);
    expect(problems((d) => { d.metadata.annotations = { 'bad key!': 'x' }; })).toMatch(/annotations: key "bad key!"/);
    expect(problems((d) => { d.spec.timeWindow[0].isRolling = false; })).toMatch(/'calendar' must be set when 'isRolling' is false/);
  });
});

describe('OpenSLO thresholdMetric with any Prometheus query', () => {
  quietWarnings();

  test('a query of no gauge or freshness shape becomes a query threshold, with its op', () => {
    const lag = 'sum(min_over_time(kafka_consumergroup_lag{k8s_cluster="prod", consumergroup="annotator", topic="annotator-in"}[2m]))';
    expect(fromOpenSlo(thresholdSlo('lte', 1000, lag)).slos[0].definition.indicator)
      .toEqual({ kind: 'queryThreshold', query: lag, op: 'lte', value: 1000, grouping: [] });
    // A bare gauge with lte stays a gauge threshold.
    expect(fromOpenSlo(thresholdSlo('lte', 1000, 'sum(kafka_consumergroup_lag{topic="x"})')).slos[0].definition.indicator.kind).toBe('gaugeThreshold');
    expect(fromOpenSlo(thresholdSlo('gte', 1000, 'sum(kafka_consumergroup_lag{topic="x"})')).slos[0].definition.indicator.kind).toBe('queryThreshold');
  });

  test('it round-trips through OpenSLO, and pages while the query misses its value', () => {
    const query = 'avg(up{job="api"})';
    const chart = new Chart(Testing.app(), 'c', { namespace: 'monitoring' });
    SloImport.fromOpenSlo(chart, 'imported', thresholdSlo('gte', 0.5, query), { documents: [SloDocumentFormat.OPENSLO] });
    const manifests = Testing.synth(chart);
    const exported = toYaml(manifests.filter((m) => m.apiVersion === 'openslo/v1'));
    expect(exported).toContain('op: gte');
    expect(fromOpenSlo(exported).slos[0].definition.indicator).toEqual({ kind: 'queryThreshold', query, op: 'gte', value: 0.5, grouping: [] });
    const outage = OPENSLO_QUERY_THRESHOLD_OUTAGE.build();
    expect(outage.groups.map((g) => g.rules)).toEqual(manifests.filter((m) => m.kind === 'PrometheusRule').flatMap((m) => m.spec.groups).map((g) => g.rules));
    const result = testRules(outage.groups, [outage.test]);
    expect(result.output).toContain('SUCCESS');
  });

  test('a ratio SLI budgeted in Timeslices or RatioTimeslices: tiled slices of timeSliceWindow, and promtool accepts the rules', () => {
    const sliced = (method: string, extra: Record<string, unknown>) => openSloDocument((d) => {
      d.spec.budgetingMethod = method;
      d.spec.objectives = [{ target: 0.99, timeSliceWindow: '5m', ...extra }];
    });
    const bad = 'sum(rate(http_requests_total{job="web",code=~"5.."}[5m]))';
    const total = 'sum(rate(http_requests_total{job="web"}[5m]))';
    const timeslices = fromOpenSlo(sliced('Timeslices', { timeSliceTarget: 0.95 }));
    expect(timeslices.slos[0].definition.indicator)
      .toEqual({ kind: 'queryThreshold', query: `(1 - ${bad} / ${total}) >= 0`, op: 'gte', value: 0.95, timeSliceSeconds: 300, grouping: [] });
    expect(timeslices.warnings).toEqual([]);
    const ratio = fromOpenSlo(sliced('RatioTimeslices', {}));
    expect(ratio.slos[0].definition.indicator).toEqual({ kind: 'averagedErrorRatio', errorRatioQuery: `${bad} / ${total}`, timeSliceSeconds: 300, grouping: [] });
    expect(ratio.warnings).toEqual([]);
    for (const yaml of [sliced('Timeslices', { timeSliceTarget: 0.95 }), sliced('RatioTimeslices', {})]) {
      const chart = new Chart(Testing.app(), 'c', { namespace: 'monitoring' });
      SloImport.fromOpenSlo(chart, 'imported', yaml);
      const groups = Testing.synth(chart).flatMap((m) => m.spec.groups);
      expect(checkRules(groups).ok).toBe(true);
    }
  });
});
