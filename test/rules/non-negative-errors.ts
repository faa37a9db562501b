/**
 * A scenario proving that error rates and ratios are never negative, on any engine (run by
 * `non-negative-errors.test.ts` in promtool and by `test/live/victoria-metrics-non-negative.test.ts` on
 * VictoriaMetrics). Every kind that counts good events computes
 * bad events as total − good from two separate series; on VictoriaMetrics a histogram's threshold bucket
 * can grow slightly faster than its `_count` (and vmalert may read a recorded total from the evaluation
 * before), so the difference dips below zero unless it is clamped. Here the good side grows faster than
 * the total on purpose: the rules and the standalone queries must give exactly 0 at every evaluation,
 * while a normal service next to it still gives its positive error ratio.
 *
 * With 1-minute samples a 5-minute rate at t is exactly (C(t) − C(t−5m)) / 300 in promtool, and a
 * 5-minute `count_over_time` holds 6 samples (both ends included).
 */
import { Duration } from 'cdk8s';
import { Sli, SloProps } from '../../src';
import { eventQueries } from '../../src/documents/event-queries';
import { BuiltScenario } from '../helpers/scenario';
import { ruleGroupsFor } from '../helpers/synth';
import { approx, at, counterSamples, ExprTest, renderSamples } from '../helpers/traffic';

/** The scenario's last minute. */
export const END = 120;

/** A counter growing by `perMinute` each minute, sampled at 0, 1m, …, END. */
function counter(series: string, perMinute: number) {
  return { series, values: renderSamples(counterSamples(Array(END).fill(perMinute))) };
}

/** A gauge holding `value` until `until` and `after` from then on, sampled at 0, 1m, …, END. */
function gauge(series: string, value: number, until = END + 1, after = value) {
  return { series, values: Array.from({ length: END + 1 }, (_, minute) => (minute < until ? value : after)).join(' ') };
}

/** The SLOs of one job: each kind that subtracts good events from the total. */
function slos(job: string): Array<[string, Sli]> {
  return [
    ['latency', Sli.latency({ histogram: `h_seconds{job="${job}"}`, threshold: Duration.millis(300) })],
    ['ratio-good', Sli.ratio({ good: `ok_total{job="${job}"}`, total: `all_total{job="${job}"}` })],
    ['query-good', Sli.fromQueries({
      goodQuery: `sum(rate(ok_total{job="${job}"}[{{.window}}]))`,
      totalQuery: `sum(rate(all_total{job="${job}"}[{{.window}}]))`,
    })],
    ['bool-gauge', Sli.boolGauge({ metric: `probe_success{job="${job}"}` })],
  ];
}

const SLOS = [...slos('vm'), ...slos('normal')];
const sloProps = (): SloProps[] => SLOS.map(([name, indicator], index) => ({
  service: 'checkout', name: `${name}-${index < SLOS.length / 2 ? 'vm' : 'normal'}`, target: 0.99, indicator,
}));

/** A recorded series of one SLO. */
function recorded(metric: string, slo: string): string {
  return `${metric}{slo_service="checkout",slo_name="${slo}"}`;
}

/** `expr` is one value, exactly `expected`, at the minute (compared in PromQL: promtool's own comparison may allow an epsilon). */
function exactly(expr: string, minute: number, expected: number): ExprTest {
  return { expr: `(count(${expr}) == bool 1) * (max(${expr}) == bool ${expected})`, eval_time: at(minute), exp_samples: [{ labels: '{}', value: 1 }] };
}

/** The recorded series stays exactly 0 at every evaluation from minute 6 (a full 5-minute rate) to END. */
function zeroThroughout(metric: string, slo: string): ExprTest[] {
  const range = `${recorded(metric, slo)}[${at(END - 6)}]`;
  return [exactly(`min_over_time(${range})`, END, 0), exactly(`max_over_time(${range})`, END, 0)];
}

/**
 * The scenario: a good side slightly above the total gives error rates and ratios of exactly 0; a normal
 * one its ratio.
 */
export function nonNegativeErrorsScenario(): BuiltScenario {
  // GIVEN job "vm", where the good side grows faster than the total, as VictoriaMetrics' histograms may:
  // - the 0.3s bucket by 6001 a minute, `_count` by 6000 (unclamped: −1/60 per second, a ratio of −1/6000);
  // - the good counter by 6001 a minute, the total by 6000 (read by the ratio and the query SLOs);
  // - a probe gauge a hair above 1 (1.001: each sample counts 1.001 good events out of 1);
  // and job "normal": bucket 5400 of 6000 (ratio 0.1), good 5940 of 6000 (ratio 0.01), and a probe
  // that is 1 until minute 60 and 0 from then on (at minute 62: 3 of the 6 samples are 0, ratio 0.5).
  // and a good-counter SLO grouped by route, one route of each sort (the clamp keeps the labels).
  const byRoute: SloProps = {
    service: 'checkout',
    name: 'ratio-good-by-route',
    target: 0.99,
    indicator: Sli.ratio({ good: 'ok_total{job="routes"}', total: 'all_total{job="routes"}', grouping: ['route'] }),
  };
  const groups = ruleGroupsFor(...sloProps(), byRoute);
  const input = [
    counter('h_seconds_bucket{job="vm",le="0.3"}', 6001),
    counter('h_seconds_count{job="vm"}', 6000),
    counter('ok_total{job="vm"}', 6001),
    counter('all_total{job="vm"}', 6000),
    gauge('probe_success{job="vm"}', 1.001),
    counter('h_seconds_bucket{job="normal",le="0.3"}', 5400),
    counter('h_seconds_count{job="normal"}', 6000),
    counter('ok_total{job="normal"}', 5940),
    counter('all_total{job="normal"}', 6000),
    gauge('probe_success{job="normal"}', 1, 60, 0),
    counter('ok_total{job="routes",route="a"}', 6001),
    counter('all_total{job="routes",route="a"}', 6000),
    counter('ok_total{job="routes",route="b"}', 5940),
    counter('all_total{job="routes",route="b"}', 6000),
  ];

  const vmChecks = SLOS.slice(0, SLOS.length / 2).flatMap(([name, sli]): ExprTest[] => [
    // THEN the recorded error rate and the ratios over 5 minutes and 1 hour are exactly 0 throughout
    ...zeroThroughout('slo:sli_errors:rate5m', `${name}-vm`),
    ...zeroThroughout('slo:sli_error:ratio_rate5m', `${name}-vm`),
    exactly(recorded('slo:sli_error:ratio_rate1h', `${name}-vm`), END, 0),
    // and so is the standalone error query (Sloth's and the dashboards'), while the total is not. (The
    // bool gauge's standalone query reads both sides from the same 0/1 samples and is not clamped: only
    // the 1.001 gauge, which stands in for a total read late, makes it negative.)
    ...(name === 'bool-gauge' ? [] : [
      exactly(eventQueries(sli._indicator, '5m').errors, END, 0),
      approx(eventQueries(sli._indicator, '5m').total, END, 100, 1e-9),
    ]),
  ]);
  return {
    groups,
    test: {
      interval: '1m',
      input_series: input,
      promql_expr_test: [
        ...vmChecks,
        // THEN the normal job's ratios are unchanged: 0.1 for latency, 0.01 for the good counters, and
        // for the probe 0.5 at minute 62 (errors 3 samples / 300 s = 0.01 per second)
        approx(recorded('slo:sli_error:ratio_rate5m', 'latency-normal'), 90, 0.1, 1e-9),
        approx(recorded('slo:sli_errors:rate5m', 'latency-normal'), 90, 10, 1e-9),
        approx(recorded('slo:sli_error:ratio_rate5m', 'ratio-good-normal'), 90, 0.01, 1e-9),
        approx(recorded('slo:sli_error:ratio_rate5m', 'query-good-normal'), 90, 0.01, 1e-9),
        approx(recorded('slo:sli_error:ratio_rate5m', 'bool-gauge-normal'), 62, 0.5, 1e-9),
        approx(recorded('slo:sli_errors:rate5m', 'bool-gauge-normal'), 62, 0.01, 1e-9),
        // THEN grouped, each route keeps its own series: 0 for route a, 0.01 for route b
        exactly(`count(${recorded('slo:sli_errors:rate5m', 'ratio-good-by-route')})`, 90, 2),
        exactly('slo:sli_errors:rate5m{slo_name="ratio-good-by-route",route="a"}', 90, 0),
        approx('slo:sli_error:ratio_rate5m{slo_name="ratio-good-by-route",route="b"}', 90, 0.01, 1e-9),
        ...SLOS.slice(SLOS.length / 2).map(([name, sli]) => {
          const queries = eventQueries(sli._indicator, '5m');
          return approx(`(${queries.errors}) / (${queries.total})`, 90, { 'latency': 0.1, 'ratio-good': 0.01, 'query-good': 0.01, 'bool-gauge': 1 }[name]!, 1e-9);
        }),
      ],
    },
  };
}
