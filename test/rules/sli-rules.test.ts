/**
 * The 5-minute SLI layer: the only rules that read raw metrics. Each indicator kind becomes a `total`
 * and an `errors` rate in events per second; every longer window is derived from these two series.
 * The expectations are written out in full, so this file documents what each indicator generates.
 */
import { bucketMatcher } from '../../src/indicators/latency';
import { Indicator } from '../../src/model/indicator';
import { baseRateExpressions, baseRateRules } from '../../src/rules/sli-rules';
import { definition } from '../helpers/slo-definitions';

// What baseRateRules passes as the recorded total: the just-recorded 5m total of this SLO, one series per
// group (`max by (grouping)`), so the error rules read the raw total metric only once.
const RECORDED_TOTAL = 'max by () (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"})';
const RECORDED_TOTAL_BY_ROUTE = 'max by (route) (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"})';

interface ExpressionCase {
  readonly name: string;
  readonly indicator: Indicator;
  readonly recordedTotal: string;
  readonly total: string;
  readonly errors: string;
}

// Per indicator kind and variant, the exact `total` and `errors` PromQL. The properties pinned:
// - counters are read as rate(…[5m]) and summed by the grouping labels (in the order given), or to one series;
// - errors from a bad-event counter fall back to `0 * total` (`or on (grouping)`), so a service that has
//   never failed has an error rate of 0 rather than no series;
// - errors from a good-event counter are total − good clamped at zero, with the same fallback on the good side;
// - latency reads `_count` for all events and the `_bucket` at the threshold for the good ones;
// - per-sample and per-evaluation indicators (boolGauge; freshness, gaugeThreshold) turn samples or
//   evaluations into events per second (÷ 300 s, ÷ the 60 s group interval);
// - user selectors are re-rendered from their parsed form, and `{{.window}}` becomes `5m` everywhere.
const expressionCases: ExpressionCase[] = [
  {
    name: 'ratio with an errors counter',
    indicator: {
      kind: 'ratio',
      errors: 'http_requests_total{job="checkout",code=~"5.."}',
      total: 'http_requests_total{job="checkout"}',
      grouping: [],
    },
    recordedTotal: RECORDED_TOTAL,
    total: 'sum(rate(http_requests_total{job="checkout"}[5m]))',
    errors: 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[5m]))\n'
      + 'or on ()\n'
      + '(0 * max by () (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}))',
  },
  {
    name: 'ratio with a good counter',
    indicator: {
      kind: 'ratio',
      good: 'http_requests_total{job="checkout",code!~"5.."}',
      total: 'http_requests_total{job="checkout"}',
      grouping: [],
    },
    recordedTotal: RECORDED_TOTAL,
    total: 'sum(rate(http_requests_total{job="checkout"}[5m]))',
    errors: 'clamp_min(max by () (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"})\n'
      + '- on ()\n'
      + '(sum(rate(http_requests_total{job="checkout",code!~"5.."}[5m])) or on () '
      + '(0 * max by () (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}))), 0)',
  },
  {
    name: 'ratio with an errors counter, grouped by route and method (grouping order kept)',
    indicator: {
      kind: 'ratio',
      errors: 'http_requests_total{job="checkout",code=~"5.."}',
      total: 'http_requests_total{job="checkout"}',
      grouping: ['route', 'method'],
    },
    recordedTotal: 'max by (route, method) (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"})',
    total: 'sum by (route, method) (rate(http_requests_total{job="checkout"}[5m]))',
    errors: 'sum by (route, method) (rate(http_requests_total{job="checkout",code=~"5.."}[5m]))\n'
      + 'or on (route, method)\n'
      + '(0 * max by (route, method) (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}))',
  },
  {
    name: 'ratio with a good counter, grouped by route',
    indicator: {
      kind: 'ratio',
      good: 'http_requests_total{job="checkout",code!~"5.."}',
      total: 'http_requests_total{job="checkout"}',
      grouping: ['route'],
    },
    recordedTotal: RECORDED_TOTAL_BY_ROUTE,
    total: 'sum by (route) (rate(http_requests_total{job="checkout"}[5m]))',
    errors: 'clamp_min(max by (route) (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"})\n'
      + '- on (route)\n'
      + '(sum by (route) (rate(http_requests_total{job="checkout",code!~"5.."}[5m])) or on (route) '
      + '(0 * max by (route) (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}))), 0)',
  },
  {
    name: 'ratio selectors are normalized (spaces dropped, single quotes become double quotes)',
    indicator: {
      kind: 'ratio',
      errors: 'http_requests_total{ job = \'checkout\' , code =~ \'5..\' }',
      total: 'http_requests_total{ job = \'checkout\' }',
      grouping: [],
    },
    recordedTotal: RECORDED_TOTAL,
    total: 'sum(rate(http_requests_total{job="checkout"}[5m]))',
    errors: 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[5m]))\n'
      + 'or on ()\n'
      + '(0 * max by () (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}))',
  },
  {
    name: 'latency with a fractional threshold (0.25s: le="0.25")',
    indicator: { kind: 'latency', histogram: 'http_request_duration_seconds{job="checkout"}', thresholdSeconds: 0.25, grouping: [] },
    recordedTotal: RECORDED_TOTAL,
    total: 'sum(rate(http_request_duration_seconds_count{job="checkout"}[5m]))',
    errors: 'clamp_min(max by () (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"})\n'
      + '- on ()\n'
      + 'sum(rate(http_request_duration_seconds_bucket{job="checkout",le="0.25"}[5m])), 0)',
  },
  {
    name: 'latency with a whole-second threshold, grouped (1s: le matches "1" and "1.0")',
    indicator: { kind: 'latency', histogram: 'http_request_duration_seconds{job="checkout"}', thresholdSeconds: 1, grouping: ['route'] },
    recordedTotal: RECORDED_TOTAL_BY_ROUTE,
    total: 'sum by (route) (rate(http_request_duration_seconds_count{job="checkout"}[5m]))',
    errors: 'clamp_min(max by (route) (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"})\n'
      + '- on (route)\n'
      + 'sum by (route) (rate(http_request_duration_seconds_bucket{job="checkout",le=~"1(\\\\.0)?"}[5m])), 0)',
  },
  {
    name: 'latency on a histogram without matchers',
    indicator: { kind: 'latency', histogram: 'rpc_duration_seconds', thresholdSeconds: 0.1, grouping: [] },
    recordedTotal: RECORDED_TOTAL,
    total: 'sum(rate(rpc_duration_seconds_count[5m]))',
    errors: 'clamp_min(max by () (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"})\n'
      + '- on ()\n'
      + 'sum(rate(rpc_duration_seconds_bucket{le="0.1"}[5m])), 0)',
  },
  {
    name: 'nativeLatency: total is histogram_count, errors are total × the fraction above the threshold',
    indicator: { kind: 'nativeLatency', histogram: 'http_request_duration_seconds{job="checkout"}', thresholdSeconds: 0.3, grouping: [] },
    recordedTotal: RECORDED_TOTAL,
    total: 'histogram_count(sum(rate(http_request_duration_seconds{job="checkout"}[5m])))',
    errors: 'max by () (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"})\n'
      + '* on ()\n'
      + '(1 - histogram_fraction(0, 0.3, sum(rate(http_request_duration_seconds{job="checkout"}[5m]))))',
  },
  {
    name: 'nativeLatency, grouped by route',
    indicator: { kind: 'nativeLatency', histogram: 'http_request_duration_seconds', thresholdSeconds: 2, grouping: ['route'] },
    recordedTotal: RECORDED_TOTAL_BY_ROUTE,
    total: 'histogram_count(sum by (route) (rate(http_request_duration_seconds[5m])))',
    errors: 'max by (route) (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"})\n'
      + '* on (route)\n'
      + '(1 - histogram_fraction(0, 2, sum by (route) (rate(http_request_duration_seconds[5m]))))',
  },
  {
    name: 'boolGauge: every sample is an event, a 0 sample a bad one (per second over 300 s)',
    indicator: { kind: 'boolGauge', metric: 'probe_success{job="blackbox"}', grouping: [] },
    recordedTotal: RECORDED_TOTAL,
    total: 'sum(count_over_time(probe_success{job="blackbox"}[5m])) / 300',
    errors: 'clamp_min(max by () (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"})\n'
      + '- on ()\n'
      + '(sum(sum_over_time(probe_success{job="blackbox"}[5m])) / 300), 0)',
  },
  {
    name: 'boolGauge, grouped by instance',
    indicator: { kind: 'boolGauge', metric: 'up{job="api"}', grouping: ['instance'] },
    recordedTotal: 'max by (instance) (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"})',
    total: 'sum by (instance) (count_over_time(up{job="api"}[5m])) / 300',
    errors: 'clamp_min(max by (instance) (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"})\n'
      + '- on (instance)\n'
      + '(sum by (instance) (sum_over_time(up{job="api"}[5m])) / 300), 0)',
  },
  {
    name: 'query with an errorQuery (every {{.window}} becomes 5m)',
    indicator: {
      kind: 'query',
      errorQuery: 'rate(jobs_failed_total[{{.window}}]) + rate(jobs_timed_out_total[{{.window}}])',
      totalQuery: 'rate(jobs_total[{{.window}}])',
      grouping: [],
    },
    recordedTotal: RECORDED_TOTAL,
    total: 'sum(rate(jobs_total[5m]))',
    errors: 'sum(rate(jobs_failed_total[5m]) + rate(jobs_timed_out_total[5m]))\n'
      + 'or on ()\n'
      + '(0 * max by () (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}))',
  },
  {
    name: 'query with a goodQuery, grouped by route',
    indicator: {
      kind: 'query',
      goodQuery: 'rate(jobs_succeeded_total[{{.window}}])',
      totalQuery: 'rate(jobs_total[{{.window}}])',
      grouping: ['route'],
    },
    recordedTotal: RECORDED_TOTAL_BY_ROUTE,
    total: 'sum by (route) (rate(jobs_total[5m]))',
    errors: 'clamp_min(max by (route) (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"})\n'
      + '- on (route)\n'
      + '(sum by (route) (rate(jobs_succeeded_total[5m])) or on (route) '
      + '(0 * max by (route) (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}))), 0)',
  },
  {
    name: 'freshness: one event per evaluation (÷ 60 s), bad while the newest timestamp is older than the maximum age',
    indicator: { kind: 'freshness', timestamp: 'job_last_success_unixtime{job="etl"}', maxAgeSeconds: 3600, grouping: [] },
    recordedTotal: RECORDED_TOTAL,
    total: 'sum(group(job_last_success_unixtime{job="etl"})) / 60',
    errors: 'sum(time() - max(job_last_success_unixtime{job="etl"}) > bool 3600) / 60',
  },
  {
    name: 'freshness, grouped by job (the newest timestamp per group)',
    indicator: { kind: 'freshness', timestamp: 'job_last_success_unixtime', maxAgeSeconds: 5400, grouping: ['job'] },
    recordedTotal: 'max by (job) (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"})',
    total: 'sum by (job) (group by (job) (job_last_success_unixtime)) / 60',
    errors: 'sum by (job) (time() - max by (job) (job_last_success_unixtime) > bool 5400) / 60',
  },
  {
    name: 'gaugeThreshold: one event per evaluation, bad while the sum of the gauge is above the maximum',
    indicator: { kind: 'gaugeThreshold', metric: 'kafka_consumergroup_lag{consumergroup="billing"}', maximum: 1000, grouping: [] },
    recordedTotal: RECORDED_TOTAL,
    total: 'sum(group(kafka_consumergroup_lag{consumergroup="billing"})) / 60',
    errors: 'sum(sum(kafka_consumergroup_lag{consumergroup="billing"}) > bool 1000) / 60',
  },
  {
    name: 'gaugeThreshold, grouped by topic, with a fractional maximum',
    indicator: { kind: 'gaugeThreshold', metric: 'queue_depth_ratio', maximum: 0.75, grouping: ['topic'] },
    recordedTotal: 'max by (topic) (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"})',
    total: 'sum by (topic) (group by (topic) (queue_depth_ratio)) / 60',
    errors: 'sum by (topic) (sum by (topic) (queue_depth_ratio) > bool 0.75) / 60',
  },
  {
    name: 'queryThreshold: one event per evaluation and group, bad while the comparison fails (lt → >=)',
    indicator: { kind: 'queryThreshold', query: 'histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))', op: 'lt', value: 0.5, grouping: [] },
    recordedTotal: RECORDED_TOTAL,
    total: 'sum(group((histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))))) / 60',
    errors: 'sum(max((histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m]))))) >= bool 0.5) / 60',
  },
  {
    name: 'averagedErrorRatio: one event per evaluation whose badness is the 5-minute ratio (NaN dropped)',
    indicator: { kind: 'averagedErrorRatio', errorRatioQuery: '1 - avg_over_time(up{job="api"}[{{.window}}])', grouping: ['instance'] },
    recordedTotal: 'max by (instance) (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"})',
    total: 'group by (instance) ((1 - avg_over_time(up{job="api"}[5m])) >= 0) / 60',
    errors: 'avg by (instance) ((1 - avg_over_time(up{job="api"}[5m])) >= 0) / 60',
  },
];

describe('baseRateExpressions', () => {
  test.each(expressionCases)('$name', ({ indicator, recordedTotal, total, errors }) => {
    expect(baseRateExpressions(indicator, recordedTotal)).toEqual({ total, errors });
  });

  test('every indicator kind has a case above', () => {
    const kinds = new Set(expressionCases.map((c) => c.indicator.kind));
    expect([...kinds].sort()).toEqual(['averagedErrorRatio', 'boolGauge', 'freshness', 'gaugeThreshold', 'latency', 'nativeLatency', 'query', 'queryThreshold', 'ratio']);
  });

  test('the recorded total is used as given: only the rate of raw metrics is built here', () => {
    const indicator: Indicator = { kind: 'ratio', good: 'ok_total', total: 'all_total', grouping: [] };
    expect(baseRateExpressions(indicator, 'RECORDED').errors).toBe('clamp_min(RECORDED\n- on ()\n(sum(rate(ok_total[5m])) or on () (0 * RECORDED)), 0)');
  });

  test('a selector that is not a plain vector selector is rejected, not pasted into PromQL', () => {
    const indicator: Indicator = { kind: 'ratio', errors: 'rate(errors_total[5m])', total: 'requests_total', grouping: [] };
    expect(() => baseRateExpressions(indicator, RECORDED_TOTAL)).toThrow(/must be a plain vector selector/);
  });
});

describe('baseRateRules', () => {
  // The three 5-minute rules, in order: total, errors (which reads the just-recorded total), and their
  // ratio from the recorded series, summed by the grouping labels, with the series labels on each rule.
  test('ungrouped: total, errors, ratio', () => {
    const labels = { slo_service: 'checkout', slo_name: 'availability', team: 'payments' };
    expect(baseRateRules(definition(), labels)).toEqual([
      {
        record: 'slo:sli_total:rate5m',
        expr: 'sum(rate(http_requests_total{job="checkout"}[5m]))',
        labels,
      },
      {
        record: 'slo:sli_errors:rate5m',
        expr: 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[5m]))\n'
          + 'or on ()\n'
          + '(0 * max by () (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}))',
        labels,
      },
      {
        record: 'slo:sli_error:ratio_rate5m',
        expr: 'sum(slo:sli_errors:rate5m{slo_service="checkout",slo_name="availability"})\n'
          + '/\n'
          + 'sum(slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"})',
        labels,
      },
    ]);
  });

  test('grouped: the recorded total and the ratio are per group, and the SLO identity selects the series', () => {
    const labels = { slo_service: 'search', slo_name: 'latency' };
    const rules = baseRateRules(definition({
      service: 'search',
      name: 'latency',
      indicator: { kind: 'latency', histogram: 'http_request_duration_seconds{job="search"}', thresholdSeconds: 0.5, grouping: ['route'] },
    }), labels);
    expect(rules.map((r) => r.expr)).toEqual([
      'sum by (route) (rate(http_request_duration_seconds_count{job="search"}[5m]))',
      'clamp_min(max by (route) (slo:sli_total:rate5m{slo_service="search",slo_name="latency"})\n'
        + '- on (route)\n'
        + 'sum by (route) (rate(http_request_duration_seconds_bucket{job="search",le="0.5"}[5m])), 0)',
      'sum by (route) (slo:sli_errors:rate5m{slo_service="search",slo_name="latency"})\n'
        + '/\n'
        + 'sum by (route) (slo:sli_total:rate5m{slo_service="search",slo_name="latency"})',
    ]);
    expect(rules.every((r) => r.labels === labels)).toBe(true);
  });
});

// The `le` matcher of the good bucket. Fractional bounds match exactly as formatted without float noise;
// whole-second bounds match both `1` (Prometheus 2 and most clients) and `1.0` (Prometheus 3 may write it).
describe('bucketMatcher', () => {
  test.each([
    { name: 'fractional 0.25', threshold: 0.25, operator: '=', value: '0.25' },
    { name: 'fractional 0.005 (smallest client default bucket)', threshold: 0.005, operator: '=', value: '0.005' },
    { name: 'fractional 2.5', threshold: 2.5, operator: '=', value: '2.5' },
    { name: 'float noise is rounded away (0.1 + 0.2)', threshold: 0.1 + 0.2, operator: '=', value: '0.3' },
    { name: 'whole 1', threshold: 1, operator: '=~', value: '1(\\.0)?' },
    { name: 'whole 10', threshold: 10, operator: '=~', value: '10(\\.0)?' },
  ])('$name', ({ threshold, operator, value }) => {
    expect(bucketMatcher(threshold)).toEqual({ name: 'le', operator, value });
  });

  test('the whole-number regex matches exactly the two spellings', () => {
    const { value } = bucketMatcher(1);
    const anchored = new RegExp(`^(?:${value})$`); // Prometheus anchors label regexes
    expect(['1', '1.0'].map((v) => anchored.test(v))).toEqual([true, true]);
    expect(['10', '1.5', '1x0', '0.1'].map((v) => anchored.test(v))).toEqual([false, false, false, false]);
  });
});
