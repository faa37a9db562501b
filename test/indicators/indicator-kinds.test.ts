/**
 * The indicator kind modules, each on its own: the registry is complete (checked by the compiler below and
 * at run time), every kind's standalone queries parse, its OpenSLO form is recognized as the same kind
 * again (where OpenSLO has a form for it), its annotation reads back, and its Pyrra and dashboard facts
 * say what the kind is. The exact rule expressions per kind are pinned in test/rules/sli-rules.test.ts.
 */
import { BOOL_GAUGE } from '../../src/indicators/bool-gauge';
import { IndicatorKind } from '../../src/indicators/indicator-kind';
import { LATENCY } from '../../src/indicators/latency';
import { RATIO, RatioIndicator } from '../../src/indicators/ratio';
import { indicatorFromOpenSlo, INDICATOR_KINDS, isIndicatorKindName, kindOf } from '../../src/indicators/registry';
import { Indicator, IndicatorKindName } from '../../src/model/indicator';
import { normalizeSelector } from '../../src/promql/selector';
import { promqlSyntaxErrors } from '../../src/promql/syntax';

// The compiler is the first test: a kind without one of its pieces does not type-check. (tsc runs over
// the tests before jest; an error that stops being one fails it through @ts-expect-error.)
// @ts-expect-error a kind must say what Pyrra makes of it, null included
const withoutPyrra: IndicatorKind<RatioIndicator> = { ...RATIO, toPyrra: undefined };
const { validate: _dropped, ...rest } = RATIO;
// @ts-expect-error a kind must validate its fields
const withoutValidation: IndicatorKind<RatioIndicator> = rest;
// @ts-expect-error the registry must hold every kind of the union
const incompleteRegistry: typeof INDICATOR_KINDS = { ratio: RATIO, latency: LATENCY, boolGauge: BOOL_GAUGE };
/** The compile-time cases, exported only so that the compiler keeps them (they are checked by tsc, not run). */
export const COMPILE_TIME_CASES = [withoutPyrra, withoutValidation, incompleteRegistry];

/** One indicator of each kind (and variant), as the Sli factories make them. */
const EXAMPLES: Record<string, Indicator> = {
  'ratio (errors)': { kind: 'ratio', errors: 'http_requests_total{job="api",code=~"5.."}', total: 'http_requests_total{job="api"}', grouping: [] },
  'ratio (good)': { kind: 'ratio', good: 'http_requests_total{job="api",code!~"5.."}', total: 'http_requests_total{job="api"}', grouping: ['route'] },
  'latency': { kind: 'latency', histogram: 'http_request_duration_seconds{job="api"}', thresholdSeconds: 0.3, grouping: [] },
  'latency (whole seconds)': { kind: 'latency', histogram: 'http_request_duration_seconds{job="api"}', thresholdSeconds: 1, grouping: ['route'] },
  'nativeLatency': { kind: 'nativeLatency', histogram: 'http_request_duration_seconds{job="api"}', thresholdSeconds: 0.25, grouping: [] },
  'boolGauge': { kind: 'boolGauge', metric: 'probe_success{job="blackbox"}', grouping: ['instance'] },
  'query (errors)': { kind: 'query', errorQuery: 'sum(rate(e_total[{{.window}}]))', totalQuery: 'sum(rate(t_total[{{.window}}]))', grouping: [] },
  'query (good)': { kind: 'query', goodQuery: 'sum(rate(g_total[{{.window}}]))', totalQuery: 'sum(rate(t_total[{{.window}}]))', grouping: [] },
  'freshness': { kind: 'freshness', timestamp: 'job_last_success_unixtime{job="etl"}', maxAgeSeconds: 93_600, grouping: [] },
  'gaugeThreshold': { kind: 'gaugeThreshold', metric: 'kafka_consumergroup_lag{group="orders"}', maximum: 1000, grouping: ['topic'] },
  'queryThreshold': { kind: 'queryThreshold', query: 'histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))', op: 'lt', value: 0.5, grouping: [] },
  'averagedErrorRatio': { kind: 'averagedErrorRatio', errorRatioQuery: '1 - avg_over_time(up{job="api"}[{{.window}}])', grouping: [] },
};
const cases = Object.entries(EXAMPLES);

describe('the registry', () => {
  test('has one module for every kind of the union, and the examples cover them all', () => {
    const kinds: IndicatorKindName[] = ['ratio', 'latency', 'nativeLatency', 'boolGauge', 'query', 'freshness', 'gaugeThreshold', 'averagedErrorRatio', 'queryThreshold'];
    expect(Object.keys(INDICATOR_KINDS).sort()).toEqual([...kinds].sort());
    expect(new Set(Object.values(EXAMPLES).map((i) => i.kind))).toEqual(new Set(kinds));
    expect(kinds.every(isIndicatorKindName)).toBe(true);
    expect(isIndicatorKindName('toString')).toBe(false);
  });
});

describe.each(cases)('%s', (_name, indicator) => {
  const kind = kindOf(indicator);

  test('is valid, and its rules and standalone queries parse', () => {
    expect(kind.validate(indicator)).toEqual([]);
    const rates = kind.rates(indicator, 'max by (slo_service, slo_name) (slo:sli_total:rate5m{slo_service="s",slo_name="n"})');
    const events = kind.events(indicator, '1h');
    for (const expression of [rates.total, rates.errors, events.total, events.errors]) {
      expect(promqlSyntaxErrors(expression)).toEqual([]);
    }
  });

  test('standalone queries read only the user\'s metrics, over the given window', () => {
    const events = kind.events(indicator, '2h');
    expect(`${events.total} ${events.errors}`).not.toMatch(/slo:/);
    expect(`${events.total} ${events.errors}`).toContain('[2h');
  });

  test('its OpenSLO form is recognized as the same indicator (without grouping, which OpenSLO lacks)', () => {
    const flat = { ...indicator, grouping: [] } as Indicator;
    const openSlo = kind.toOpenSlo(flat, (query) => ({ query }));
    if (openSlo.spec.ratioMetric?.raw) {
      // A precomputed ratio is OpenSLO's raw ratio metric, which only the indicator annotation brings back.
      expect(openSlo.spec.ratioMetric).toEqual({ counter: false, rawType: 'failure', raw: { query: expect.stringContaining('[5m]') } });
      expect(kind.fromOpenSlo).toBeNull();
      return;
    }
    const metric = openSlo.spec.thresholdMetric
      ? { metric: 'threshold' as const, query: openSlo.spec.thresholdMetric.query, value: openSlo.threshold!, at: 'spec', op: openSlo.op }
      : {
        metric: openSlo.spec.ratioMetric.counter ? 'counter' as const : 'raw' as const,
        good: openSlo.spec.ratioMetric.good?.query,
        bad: openSlo.spec.ratioMetric.bad?.query,
        total: openSlo.spec.ratioMetric.total.query,
      };
    const read = indicatorFromOpenSlo(metric, { selector: (text) => normalizeSelector(text) });
    if (kind.fromOpenSlo === null || indicator.kind === 'query') {
      // Native histograms have no OpenSLO metric of their own, and raw queries are written with the window
      // filled in (5m): only cdk8s-slo's indicator annotation brings these back, not their queries.
      expect(read?.indicator?.kind).not.toBe(indicator.kind);
    } else {
      expect(read?.indicator).toEqual(expect.objectContaining(withoutUndefined(flat)));
    }
    expect(openSlo.timeslices).toBe(['freshness', 'gaugeThreshold', 'queryThreshold'].includes(indicator.kind));
  });

  test('its annotation fields read back', () => {
    const json = JSON.parse(JSON.stringify(indicator)) as Record<string, unknown>;
    const reader = {
      string: (key: string) => json[key] as string | undefined,
      number: (key: string) => json[key] as number | undefined,
    };
    expect(withoutUndefined(kind.readAnnotation(reader, [...indicator.grouping]))).toEqual(withoutUndefined(indicator));
  });

  test('Pyrra knows it exactly when Pyrra has such an indicator', () => {
    const pyrraKinds = ['ratio', 'latency', 'nativeLatency', 'boolGauge'];
    expect(kind.toPyrra !== null).toBe(pyrraKinds.includes(indicator.kind));
  });

  test('dashboards show requests and latency only for the kinds that have them', () => {
    expect(kind.dashboard.countsRequests).toBe(['ratio', 'latency', 'nativeLatency'].includes(indicator.kind));
    const latency = kind.dashboard.latency;
    expect(latency !== null).toBe(indicator.kind === 'latency' || indicator.kind === 'nativeLatency');
    if (latency) {
      expect(latency.thresholdSeconds(indicator)).toBe((indicator as { thresholdSeconds: number }).thresholdSeconds);
      expect(promqlSyntaxErrors(latency.quantile(indicator, 0.99, [], indicator.grouping, '5m'))).toEqual([]);
    }
  });
});

describe('OpenSLO queries with the window placeholder', () => {
  test('are raw queries, as Sloth writes them; a sum over a count of one gauge is a bool gauge', () => {
    const context = { selector: (text: string) => normalizeSelector(text) };
    expect(indicatorFromOpenSlo({ metric: 'raw', bad: 'sum(rate(e[{{.window}}]))', total: 'sum(rate(t[{{.window}}]))' }, context)?.indicator)
      .toEqual({ kind: 'query', errorQuery: 'sum(rate(e[{{.window}}]))', goodQuery: undefined, totalQuery: 'sum(rate(t[{{.window}}]))', grouping: [] });
    expect(indicatorFromOpenSlo({ metric: 'raw', good: 'sum(up{job="a"})', total: 'count(up{job="a"})' }, context)?.indicator)
      .toEqual({ kind: 'boolGauge', metric: 'up{job="a"}', grouping: [] });
    expect(indicatorFromOpenSlo({ metric: 'raw', good: 'sum(up{job="a"})', total: 'count(up{job="b"})' }, context)).toBeUndefined();
  });
});

describe('validation names the field of the kind', () => {
  test.each([
    ['ratio with both sides', { kind: 'ratio', errors: 'a', good: 'b', total: 'c', grouping: [] }, 'indicator.errors'],
    ['latency on a _bucket series', { kind: 'latency', histogram: 'h_bucket', thresholdSeconds: 1, grouping: [] }, 'indicator.histogram'],
    ['native latency without a threshold', { kind: 'nativeLatency', histogram: 'h', thresholdSeconds: 0, grouping: [] }, 'indicator.threshold'],
    ['bool gauge that is not a selector', { kind: 'boolGauge', metric: 'sum(x)', grouping: [] }, 'indicator.metric'],
    ['query without the placeholder', { kind: 'query', errorQuery: 'sum(rate(e[5m]))', totalQuery: 'sum(rate(t[{{.window}}]))', grouping: [] }, 'indicator.errorQuery'],
    ['freshness with a negative age', { kind: 'freshness', timestamp: 'ts', maxAgeSeconds: -1, grouping: [] }, 'indicator.maxAge'],
    ['gauge threshold of NaN', { kind: 'gaugeThreshold', metric: 'lag', maximum: NaN, grouping: [] }, 'indicator.maximum'],
  ] as Array<[string, Indicator, string]>)('%s', (_name, indicator, field) => {
    expect(kindOf(indicator).validate(indicator).map((issue) => issue.field)).toContain(field);
  });
});

function withoutUndefined(value: object): object {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
