/**
 * OpenSLO Timeslices and RatioTimeslices with a timeSliceWindow longer than a minute: imported as tiled
 * slices of that length (fixtures in test/fixtures/openslo-timeslices/), refused with the reason when the
 * length cannot be tiled, and written back with the same length.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { validateOpenSloSet } from './openslo-validator';
import { errorOf, quietWarnings, synthDocuments, toYaml } from './samples';
import { Sli, Slo, SloDocumentFormat, SloImport, SloProps } from '../../src';
import { fromOpenSlo } from '../../src/documents/openslo-import';
import { checkRules } from '../helpers/promtool';
import { at, expectScenario, segmentIncrements, trafficFromIncrements } from '../helpers/traffic';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'openslo-timeslices');

function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** Imports OpenSLO YAML into a fresh app; returns its rule groups and its OpenSLO documents re-exported. */
function importAndSynth(yaml: string): { groups: any[]; exported: string } {
  const chart = new Chart(Testing.app(), 'imported', { namespace: 'monitoring' });
  SloImport.fromOpenSlo(chart, 'openslo', yaml, { documents: [SloDocumentFormat.OPENSLO] });
  const manifests = Testing.synth(chart);
  return {
    groups: manifests.filter((m) => m.kind === 'PrometheusRule').flatMap((m) => m.spec.groups),
    exported: toYaml(manifests.filter((m) => m.apiVersion === 'openslo/v1')),
  };
}

/** The import's problems (without the construct path), or '' when it synthesizes. */
function importError(yaml: string): string {
  const chart = new Chart(Testing.app(), 'c');
  return errorOf(() => {
    SloImport.fromOpenSlo(chart, 'imported', yaml);
    Testing.synth(chart);
  });
}

/** The checkout fixture with its objective (and alert policy) patched. */
function patchedCheckout(patch: (documents: any[]) => void): string {
  const documents = YAML.parseAllDocuments(fixture('checkout-timeslices.yaml')).map((d) => d.toJS());
  patch(documents);
  return documents.map((d) => YAML.stringify(d)).join('---\n');
}

/** The documents without the indicator annotation, as if written by hand: the import then reads the queries. */
function withoutIndicatorAnnotation(yaml: string): string {
  const strip = (value: any): void => {
    if (value === null || typeof value !== 'object') return;
    if (value.annotations) delete value.annotations['cdk8s-slo.dev/indicator'];
    Object.values(value).forEach(strip);
  };
  return YAML.parseAllDocuments(yaml).map((d) => {
    const object = d.toJS();
    strip(object);
    return YAML.stringify(object);
  }).join('---\n');
}

const GOOD = 'http_requests_total{job="checkout",code!~"5.."}';
const TOTAL = 'http_requests_total{job="checkout"}';

describe('OpenSLO time slices of any whole-minute length are imported as tiled slices', () => {
  quietWarnings();

  test('Timeslices of a counter ratio, 5m: a slice is good while its ratio over the slice is at least timeSliceTarget', () => {
    const result = fromOpenSlo(fixture('checkout-timeslices.yaml'));
    expect(result.warnings).toEqual([]);
    expect(result.slos[0].definition.indicator).toEqual({
      kind: 'queryThreshold', query: `(sum(rate(${GOOD}[5m])) / sum(rate(${TOTAL}[5m]))) >= 0`, op: 'gte', value: 0.95, timeSliceSeconds: 300, grouping: [],
    });
    const { groups } = importAndSynth(fixture('checkout-timeslices.yaml'));
    const total = groups.flatMap((g) => g.rules).find((r: any) => r.record === 'slo:sli_total:rate5m');
    expect(total.expr).toContain('[4m59s999ms:5m]');
    expect(total.expr).toMatch(/\/ 300$/);
    expect(checkRules(groups).ok).toBe(true);
  });

  test('Timeslices of a thresholdMetric, 5m: the query compared with the value once a slice, no "read as 1m"', () => {
    const result = fromOpenSlo(fixture('search-latency-timeslices.yaml'));
    expect(result.warnings).toEqual([]);
    expect(result.slos[0].definition.indicator).toEqual({
      kind: 'queryThreshold',
      query: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="search"}[5m])))',
      op: 'lt',
      value: 0.3,
      timeSliceSeconds: 300,
      grouping: [],
    });
    expect(checkRules(importAndSynth(fixture('search-latency-timeslices.yaml')).groups).ok).toBe(true);
  });

  test('a gauge bound or freshness query with a tiled slice is a query threshold judged at the slice end, not a one-minute gauge', () => {
    const gauge = fixture('search-latency-timeslices.yaml')
      .replace(/query: histogram_quantile.*/, 'query: sum(kafka_consumergroup_lag{topic="x"})').replace('op: lt', 'op: lte');
    expect(fromOpenSlo(gauge).slos[0].definition.indicator).toMatchObject({ kind: 'queryThreshold', timeSliceSeconds: 300 });
    expect(fromOpenSlo(gauge.replace('timeSliceWindow: 5m', 'timeSliceWindow: 1m')).slos[0].definition.indicator.kind).toBe('gaugeThreshold');
  });

  test('RatioTimeslices, 15m: the error ratios of 15-minute slices averaged', () => {
    const result = fromOpenSlo(fixture('checkout-ratio-timeslices.yaml'));
    expect(result.warnings).toEqual([]);
    const bad = 'http_requests_total{job="checkout",code=~"5.."}';
    expect(result.slos[0].definition.indicator).toEqual({
      kind: 'averagedErrorRatio', errorRatioQuery: `sum(rate(${bad}[15m])) / sum(rate(${TOTAL}[15m]))`, timeSliceSeconds: 900, grouping: [],
    });
    expect(checkRules(importAndSynth(fixture('checkout-ratio-timeslices.yaml')).groups).ok).toBe(true);
  });

  test('a timeSliceWindow given as a number of minutes (go-sdk accepts 5) is the same 5m slice', () => {
    const numeric = patchedCheckout((d) => { d[2].spec.objectives[0].timeSliceWindow = 5; });
    expect(fromOpenSlo(numeric).slos[0].definition.indicator).toMatchObject({ timeSliceSeconds: 300 });
  });

  test('a timeSliceTarget below 1 on a thresholdMetric is reported as not applied', () => {
    const result = fromOpenSlo(fixture('search-latency-timeslices.yaml').replace('timeSliceTarget: 1', 'timeSliceTarget: 0.9'));
    expect(result.warnings).toEqual([expect.stringMatching(/spec\.objectives\[0\]\.timeSliceTarget: 0\.9 is not applied to a thresholdMetric: each slice is judged once, at its end/)]);
  });

  test('lengths that cannot be tiled are refused with the reason', () => {
    const objective = (window: unknown) => patchedCheckout((d) => { d[2].spec.objectives[0].timeSliceWindow = window; });
    expect(importError(objective('7m'))).toMatch(/spec\.objectives\[0\]\.timeSliceWindow: must be whole minutes that divide an hour \(1m, 2m, 3m, 4m, 5m, 6m, 10m, 12m, 15m, 20m, 30m, 1h\), so that slices align with clock hours; got 7m/);
    expect(importError(objective('2h'))).toMatch(/timeSliceWindow: must be whole minutes that divide an hour .*; got 2h/);
    expect(importError(objective('30s'))).toMatch(/timeSliceWindow: "30s" must be an OpenSLO duration/);
    // A slice longer than the shortest alert window: that window would hold no whole slice.
    const longSlice = patchedCheckout((d) => {
      d[2].spec.objectives[0].timeSliceWindow = '1h';
      d[2].spec.alertPolicies[0].spec.conditions[0].spec.condition.lookbackWindow = '30m';
    });
    expect(importError(longSlice)).toMatch(/indicator\.timeSlice: a 1h slice is longer than the shortest alert window 30m/);
  });

  test('an imported SLO of 5-minute slices counts a failing slice as exactly one bad event (promtool)', () => {
    // GIVEN 10 req/s; in minutes 7 and 8 half the requests fail. The slice ending at 10 sees the increments
    // of minutes 6–10 (rate over [5m, 10m]): 2 × 300 / 3000 = 20% errors, under 95% good: one bad slice.
    // The slices ending at 5 and 15 hold no failure. No request in minutes 21–31: the slices ending at 25
    // and 30 see no increase, a ratio of 0/0, and are no event.
    const segments = [
      { minutes: 6, rps: 10 }, { minutes: 2, rps: 10, errorRatio: 0.5 }, { minutes: 12, rps: 10 }, { minutes: 11, rps: 0 }, { minutes: 39, rps: 10 },
    ];
    const { good, bad } = segmentIncrements(segments);
    const series = trafficFromIncrements('job="checkout"', good, bad);
    const { groups } = importAndSynth(fixture('checkout-timeslices.yaml'));
    const recorded = (metric: string) => `${metric}{slo_service="checkout",slo_name="availability"}`;
    const counted = (metric: string, minutes: number) => `sum_over_time(${recorded(metric)}[${minutes - 1}m59s999ms]) * 60`;
    const equals = (expr: string, minute: number, value: number) => ({
      expr: `abs(max(${expr}) - ${value}) < bool 1e-9`, eval_time: at(minute), exp_samples: [{ labels: '{}', value: 1 }],
    });
    const absent = (selector: string, from: number, to: number) => ({
      expr: `(count(count_over_time(${selector}[${to - from}m])) or vector(0)) > bool 0`, eval_time: at(to), exp_samples: [{ labels: '{}', value: 0 }],
    });
    expectScenario(groups, {
      interval: '1m',
      input_series: series,
      promql_expr_test: [
        equals(recorded('slo:sli_errors:rate5m'), 9, 0),
        equals(recorded('slo:sli_errors:rate5m'), 10, 1 / 300),
        equals(recorded('slo:sli_errors:rate5m'), 15, 0),
        // slices ending in (5, 15]: two events, one bad; none recorded from 25 to 34; in (0, 60]: 10 events, one bad
        equals(counted('slo:sli_errors:rate5m', 10), 19, 1),
        equals(counted('slo:sli_total:rate5m', 10), 19, 2),
        absent(recorded('slo:sli_total:rate5m'), 25, 34),
        equals(counted('slo:sli_total:rate5m', 60), 64, 10),
        equals(counted('slo:sli_errors:rate5m', 60), 64, 1),
      ],
    });
  });
});

describe('OpenSLO export of tiled slices, and the round trip', () => {
  quietWarnings();

  const SLICED: Record<string, SloProps> = {
    queryThreshold: {
      service: 'search',
      name: 'latency',
      target: 0.95,
      indicator: Sli.queryThreshold({ query: 'histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))', op: 'lt', value: 0.3, timeSlice: Duration.minutes(5) }),
    },
    averagedErrorRatio: {
      service: 'checkout',
      name: 'averaged',
      target: 0.999,
      indicator: Sli.averagedErrorRatio({ errorRatioQuery: 'sum(rate(errors_total[{{.window}}])) / sum(rate(requests_total[{{.window}}]))', timeSlice: Duration.minutes(15) }),
    },
  };

  for (const inline of [false, true]) {
    const format = SloDocumentFormat.openSlo({ inline });
    test.each(Object.keys(SLICED))(`${inline ? 'inline' : 'separate documents'}: %s writes its slice and comes back byte-identical`, (kind) => {
      const first = toYaml(synthDocuments(format, (chart) => new Slo(chart, 'slo', SLICED[kind])));
      const slo = YAML.parseAllDocuments(first).map((d) => d.toJS()).find((d) => d.kind === 'SLO');
      const expected = kind === 'queryThreshold'
        ? { budgetingMethod: 'Timeslices', objective: { timeSliceTarget: 1, timeSliceWindow: '5m' } }
        : { budgetingMethod: 'RatioTimeslices', objective: { timeSliceWindow: '15m' } };
      expect(slo.spec.budgetingMethod).toBe(expected.budgetingMethod);
      expect(slo.spec.objectives[0]).toMatchObject(expected.objective);
      expect(validateOpenSloSet(YAML.parseAllDocuments(first).map((d) => d.toJS()))).toEqual([]);
      // WHEN imported with its annotations, and again without them (read structurally)
      const second = toYaml(synthDocuments(format, (chart) => SloImport.fromOpenSlo(chart, 'back', first)));
      expect(second).toBe(first);
      const plain = withoutIndicatorAnnotation(first);
      expect(plain).not.toContain('cdk8s-slo.dev/indicator');
      expect(fromOpenSlo(plain).slos[0].definition.indicator).toMatchObject({ kind, timeSliceSeconds: kind === 'queryThreshold' ? 300 : 900 });
    });
  }

  test('a document whose timeSliceWindow was edited after export no longer matches its annotation', () => {
    const yaml = toYaml(synthDocuments(SloDocumentFormat.OPENSLO, (chart) => new Slo(chart, 'slo', SLICED.queryThreshold)));
    expect(yaml).toContain('timeSliceWindow: 5m');
    expect(importError(yaml.replace('timeSliceWindow: 5m', 'timeSliceWindow: 10m')))
      .toMatch(/differ from the cdk8s-slo\.dev\/indicator annotation/);
  });

  test('the default one-minute slice is written as before', () => {
    const yaml = toYaml(synthDocuments(SloDocumentFormat.OPENSLO, (chart) => new Slo(chart, 'slo', {
      ...SLICED.queryThreshold, indicator: Sli.queryThreshold({ query: 'x', op: 'lt', value: 1 }),
    })));
    expect(yaml).toContain('timeSliceWindow: 1m');
    expect(yaml).not.toContain('timeSliceSeconds');
  });
});
