/**
 * Pyrra's Kubernetes examples (test/fixtures/corpus/pyrra, see its README) and Pyrra's other fields:
 * each example imports as one SLO with Pyrra's own windows, synthesizes to rules promtool accepts, pages
 * on an outage, and round-trips byte-identically.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { PYRRA_COREDNS_OUTAGE } from './imported-outage-scenarios';
import { quietWarnings } from './samples';
import { SloDocumentFormat, SloImport } from '../../src';
import { fromPyrra, pyrraWindowPairs } from '../../src/documents/pyrra-import';
import { burnRateFactor } from '../../src/model/burn-rate';
import { formatPromDuration } from '../../src/model/duration';
import { checkRuleFiles, testRules } from '../helpers/promtool';
import { ruleGroupsOf } from '../helpers/synth';

const CORPUS = path.join(__dirname, '..', 'fixtures', 'corpus', 'pyrra');
const FILES = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).sort();
const read = (file: string) => fs.readFileSync(path.join(CORPUS, file), 'utf8');

/** The indicator kind each example becomes. */
const EXPECTED_KINDS: Record<string, string> = {
  'slo-apiserver-read-cluster-latency.yaml': 'latency',
  'slo-apiserver-read-namespace-latency.yaml': 'latency',
  'slo-apiserver-read-resource-latency.yaml': 'latency',
  'slo-apiserver-read-response-errors.yaml': 'ratio',
  'slo-apiserver-write-response-errors.yaml': 'ratio',
  'slo-coredns-response-errors.yaml': 'ratio',
  'slo-kubelet-request-errors.yaml': 'ratio',
  'slo-kubelet-runtime-errors.yaml': 'ratio',
  'slo-prometheus-notification-errors.yaml': 'ratio',
  'slo-prometheus-operator-http-errors.yaml': 'ratio',
  'slo-prometheus-operator-reconcile-errors.yaml': 'ratio',
  'slo-prometheus-query-errors.yaml': 'ratio',
  'slo-prometheus-rule-evaluation-failures.yaml': 'ratio',
  'slo-prometheus-sd-kubernetes-errors.yaml': 'ratio',
};

describe('Pyrra examples', () => {
  quietWarnings();

  test('the table covers every example', () => {
    expect(FILES).toEqual(Object.keys(EXPECTED_KINDS).sort());
  });

  test.each(FILES)('%s imports as one SLO of the expected kind, with target, window and grouping', (file) => {
    const object = YAML.parse(read(file));
    const [slo] = fromPyrra(read(file)).slos;
    expect(fromPyrra(read(file)).slos).toHaveLength(1);
    const definition = slo.definition;
    expect(definition.indicator.kind).toBe(EXPECTED_KINDS[file]);
    expect(definition.service).toBe(object.metadata.namespace);
    expect(definition.name).toBe(object.metadata.name);
    expect(definition.objective.target * 100).toBeCloseTo(Number(object.spec.target), 10);
    expect(definition.objective.windowSeconds).toBe(14 * 86400);
    const kind = Object.keys(object.spec.indicator)[0];
    expect(definition.indicator.grouping).toEqual(object.spec.indicator[kind].grouping ?? []);
  });

  test('every example synthesizes, and promtool accepts all their rules in one run', () => {
    const files = FILES.map((file) => {
      const chart = new Chart(Testing.app(), 'pyrra', { namespace: 'monitoring' });
      SloImport.fromPyrra(chart, 'pyrra', read(file));
      return ruleGroupsOf(Testing.synth(chart));
    });
    const result = checkRuleFiles(files);
    expect(result.output.match(/SUCCESS/g)).toHaveLength(FILES.length);
    expect(result.ok).toBe(true);
  });

  test('export → import → export is byte-identical for every example', () => {
    const exportOf = (yaml: string) => {
      const chart = new Chart(Testing.app(), 'roundtrip', { namespace: 'monitoring' });
      SloImport.fromPyrra(chart, 'pyrra', yaml, { prometheusRule: false, documents: [SloDocumentFormat.PYRRA] });
      return Testing.synth(chart).map((m) => YAML.stringify(m)).join('---\n');
    };
    for (const file of FILES) {
      const once = exportOf(read(file));
      expect(once).toContain('kind: ServiceLevelObjective');
      expect(exportOf(once)).toBe(once);
    }
  });

  test('coredns-response-errors pages on a SERVFAIL outage, and not before it', () => {
    const { groups, test: outage } = PYRRA_COREDNS_OUTAGE.build();
    const result = testRules(groups, [outage]);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });
});

describe('Pyrra import', () => {
  quietWarnings();

  const slo = (spec: string, metadata = '') => `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata:
  name: api-errors
  namespace: shop
${metadata}spec:
  target: "99.5"
  window: 4w
${spec}`;
  const ratio = '  indicator:\n    ratio:\n      errors:\n        metric: http_requests_total{job="api",code=~"5.."}\n      total:\n        metric: http_requests_total{job="api"}\n';

  test('Pyrra\'s four tiers scaled to the window, with their factors (14, 7, 2, 1)', () => {
    const tiers = pyrraWindowPairs(28 * 86400);
    const durations = (p: typeof tiers[number]) => [p.longSeconds, p.shortSeconds, p.forSeconds].map(formatPromDuration);
    expect(tiers.map((p) => [...durations(p), burnRateFactor(p, 28 * 86400)]))
      .toEqual([['1h', '5m', '2m', 14], ['6h', '30m', '15m', 7], ['1d', '2h', '1h', 2], ['4d', '6h', '3h', 1]]);
    const [definition] = fromPyrra(slo(ratio)).slos.map((s) => s.definition);
    expect(definition.alerting.pairs.map((p) => [p.severity, formatPromDuration(p.longSeconds), formatPromDuration(p.forSeconds!)]))
      .toEqual([['critical', '1h', '2m'], ['critical', '6h', '15m'], ['warning', '1d', '1h'], ['warning', '4d', '3h']]);
    // Each tier's alert waits its own "for", as Pyrra's do.
    const chart = new Chart(Testing.app(), 'for', { namespace: 'monitoring' });
    SloImport.fromPyrra(chart, 'pyrra', slo(ratio));
    const alerts = ruleGroupsOf(Testing.synth(chart)).flatMap((g) => g.rules).filter((r: any) => r.alert === 'ErrorBudgetBurn');
    expect(alerts.map((a: any) => [a.labels.long_window, a.for])).toEqual([['1h', '2m'], ['6h', '15m'], ['1d', '1h'], ['4d', '3h']]);
    expect(definition.alerting.alertName).toBe('ErrorBudgetBurn');
  });

  test('alerting: disabled, burnrates off, a name, severities per tier, and absent', () => {
    expect(fromPyrra(slo(`${ratio}  alerting:\n    disabled: true\n`)).slos[0].definition.alerting.enabled).toBe(false);
    expect(fromPyrra(slo(`${ratio}  alerting:\n    burnrates: false\n    absent: false\n`)).slos[0].definition.alerting.enabled).toBe(false);
    const named = fromPyrra(slo(`${ratio}  alerting:\n    name: ApiErrorBudgetBurn\n    absent: false\n    severities:\n      fastBurn: page\n      longTermBurn: info\n`));
    expect(named.slos[0].definition.alerting.alertName).toBe('ApiErrorBudgetBurn');
    expect(named.slos[0].definition.alerting.pairs.map((p) => p.severity)).toEqual(['page', 'critical', 'warning', 'info']);
    expect(named.warnings.join('\n')).not.toMatch(/absent/);
    expect(fromPyrra(slo(ratio)).warnings).toContainEqual(expect.stringMatching(/line 6: spec\.alerting\.absent: Pyrra also alerts when the SLI's metrics are absent/));
  });

  test('latencyNative, bool_gauge and grouping; a bucket whose count differs is a ratio of good events', () => {
    const native = fromPyrra(slo('  indicator:\n    latencyNative:\n      latency: 250ms\n      total:\n        metric: http_request_duration_seconds{job="api"}\n      grouping: [route]\n'));
    expect(native.slos[0].definition.indicator).toEqual({ kind: 'nativeLatency', histogram: 'http_request_duration_seconds{job="api"}', thresholdSeconds: 0.25, grouping: ['route'] });
    const gauge = fromPyrra(slo('  indicator:\n    bool_gauge:\n      metric: probe_success{job="blackbox"}\n'));
    expect(gauge.slos[0].definition.indicator).toEqual({ kind: 'boolGauge', metric: 'probe_success{job="blackbox"}', grouping: [] });
    const odd = fromPyrra(slo('  indicator:\n    latency:\n      success:\n        metric: h_bucket{job="a",le="1"}\n      total:\n        metric: h_count{job="b"}\n'));
    expect(odd.slos[0].definition.indicator).toEqual({ kind: 'ratio', good: 'h_bucket{job="a",le="1"}', total: 'h_count{job="b"}', grouping: [] });
  });

  test('pyrra.dev labels and annotations come back as labels and alert texts; other labels are reported', () => {
    const { slos, warnings } = fromPyrra(slo(ratio, '  labels:\n    pyrra.dev/team: shop\n    prometheus: k8s\n  annotations:\n    pyrra.dev/runbook_url: https://runbooks.example/api\n'));
    expect(slos[0].definition.labels).toEqual({ team: 'shop' });
    expect(slos[0].definition.alerting.runbookUrl).toBe('https://runbooks.example/api');
    expect(warnings).toContainEqual(expect.stringMatching(/metadata\.labels: Pyrra copies these labels onto its PrometheusRule.*prometheus=k8s; pass them as ruleLabels/));
  });

  test('bad objects are refused naming the line and field', () => {
    expect(() => fromPyrra(slo(ratio).replace('"99.5"', '"100"'))).toThrow(/line 7: spec\.target: must be a percentage strictly between 0 and 100 as a string, e\.g\. "99\.9", got "100"/);
    expect(() => fromPyrra(slo(ratio).replace('4w', 'a month'))).toThrow(/line 8: spec\.window: "a month" is not a Prometheus duration/);
    expect(() => fromPyrra(slo(ratio).replace('http_requests_total{job="api"}\n', 'sum(x)\n'))).toThrow(/spec\.indicator\.ratio\.total\.metric: "sum\(x\)" must be a plain vector selector such as metric_name\{label="value"\}, not an aggregation/);
    expect(() => fromPyrra(slo(`${ratio}  alerting:\n    page: true\n`))).toThrow(/spec\.alerting\.page: is not a known field/);
  });

  test('what Pyrra\'s admission webhook refuses is refused, and what it warns about is a warning', () => {
    const latency = (success: string, total: string) => slo(`  indicator:\n    latency:\n      success:\n        metric: ${success}\n      total:\n        metric: ${total}\n`);
    // GIVEN a latency success selector without a numeric le bound THEN refused, as Pyrra refuses it
    expect(() => fromPyrra(latency('h_bucket{job="a"}', 'h_count{job="a"}'))).toThrow(/spec\.indicator\.latency\.success\.metric: must select one histogram bucket with le="…"/);
    expect(() => fromPyrra(latency('h_bucket{job="a",le="fast"}', 'h_count{job="a"}'))).toThrow(/spec\.indicator\.latency\.success\.metric: must select one histogram bucket/);
    // AND an +Inf bound or a bound in exponent notation is a number, as Go reads it
    expect(fromPyrra(latency('h_bucket{job="a",le="+Inf"}', 'h_count{job="a"}')).slos).toHaveLength(1);
    expect(fromPyrra(latency('h_bucket{job="a",le="2.5e-1"}', 'h_count{job="a"}')).slos).toHaveLength(1);
    // GIVEN unusual series names, errors equal to total, a target written as a ratio THEN imported, with Pyrra's warnings
    const unusual = fromPyrra(latency('h_seconds{job="a",le="0.3"}', 'h_total{job="a"}')).warnings.join('\n');
    expect(unusual).toMatch(/spec\.indicator\.latency\.success\.metric: is usually a histogram's _bucket series/);
    expect(unusual).toMatch(/spec\.indicator\.latency\.total\.metric: is usually a histogram's _count series/);
    const same = slo('  indicator:\n    ratio:\n      errors:\n        metric: x_total{job="a"}\n      total:\n        metric: x_total{job="a"}\n');
    expect(fromPyrra(same).warnings).toContainEqual(expect.stringMatching(/spec\.indicator\.ratio\.errors\.metric: is the same selector as total/));
    const ratioTarget = fromPyrra(slo(ratio).replace('"99.5"', '"0.995"'));
    expect(ratioTarget.slos[0].definition.objective.target).toBe(0.00995);
    expect(ratioTarget.warnings).toContainEqual(expect.stringMatching(/spec\.target: is a percentage: "0\.995" means 0\.995%, not 99\.5%/));
    // GIVEN selectors with an offset (Pyrra's prometheus-query-errors-with-offset example) THEN read without it, with a warning
    const offset = fromPyrra(slo('  indicator:\n    ratio:\n      errors:\n        metric: x_total{job="a",code=~"5.."} offset 1m\n      total:\n        metric: x_total{job="a"} offset 1m\n'));
    expect(offset.slos[0].definition.indicator).toEqual({ kind: 'ratio', errors: 'x_total{job="a",code=~"5.."}', total: 'x_total{job="a"}', grouping: [] });
    expect(offset.warnings).toContainEqual(expect.stringMatching(/spec\.indicator\.ratio\.total\.metric: read without "offset 1m": .*queryOffset/));
    expect(() => fromPyrra(slo('  indicator:\n    ratio:\n      errors:\n        metric: sum(x_total) offset 1m\n      total:\n        metric: x_total offset 1m\n'))).toThrow(/spec\.indicator\.ratio\.errors\.metric: .*not an aggregation/);
    // GIVEN dynamic burn rates THEN the static tiers, with a warning; an unknown value is refused
    const dynamic = fromPyrra(slo(`${ratio}  alerting:\n    burnRateType: dynamic\n`));
    expect(dynamic.slos[0].definition.alerting.pairs).toHaveLength(4);
    expect(dynamic.warnings).toContainEqual(expect.stringMatching(/spec\.alerting\.burnRateType: Pyrra's dynamic burn rates .* cdk8s-slo alerts on the static thresholds/));
    expect(fromPyrra(slo(`${ratio}  alerting:\n    burnRateType: static\n`)).warnings.join('\n')).not.toMatch(/burnRateType/);
    expect(() => fromPyrra(slo(`${ratio}  alerting:\n    burnRateType: adaptive\n`))).toThrow(/spec\.alerting\.burnRateType: must be one of static, dynamic, got "adaptive"/);
  });
});
