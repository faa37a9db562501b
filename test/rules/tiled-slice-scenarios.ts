/**
 * Scenarios for tiled time slices (`timeSlice` of 5 minutes): GIVEN a queue-depth gauge, WHEN the rules
 * judge each 5-minute slice once at its end, THEN every slice is exactly one event. Run with promtool in
 * `tiled-time-slices.test.ts` and on VictoriaMetrics in `test/live/victoria-metrics-tiled-slices.test.ts`.
 *
 * The arithmetic the checks rest on (T = 5m, slices [kT − T, kT]):
 * - the judgement of slice kT is recorded as 1/300 per second at every evaluation in [kT, kT + 5m);
 * - so a sum of rate samples × the sample spacing over the left-open range (b + 4m − L, b + 4m] (the
 *   evaluation at b + 4m holds the last sample of slice b, L a multiple of 5m) counts exactly the slices
 *   ending in (b − L, b]: `sum_over_time(rate[L − 1ms]) * spacing` at b + 4m, under Prometheus 2's
 *   closed ranges and VictoriaMetrics' left-open ones alike;
 * - the query `max_over_time(queue_depth[5m])` sees the samples of the slice; the layout below keeps every
 *   bad or missing sample off slice boundaries, so closed and left-open ranges judge the same slices.
 */
import { Duration } from 'cdk8s';
import { Sli, SloProps } from '../../src';
import { RuleTestCase } from '../helpers/promtool';
import { approx, at, ExprTest, existedBetween, existsAt, HOUR, renderSamples } from '../helpers/traffic';

/** The gauge's normal value and a bad one; good while max_over_time(queue_depth[5m]) <= 100. */
const GOOD_DEPTH = 10;
const BAD_DEPTH = 500;

/** A 5-minute-slice SLO of the queue depth of `job`: a slice is bad when the depth went over 100 in it. */
export function queueSlo(name: string, job: string, extra: Partial<SloProps> = {}): SloProps {
  return {
    service: 'checkout',
    name,
    target: 0.9,
    indicator: Sli.queryThreshold({
      query: `max_over_time(queue_depth{job="${job}"}[5m])`,
      op: 'lte',
      value: 100,
      timeSlice: Duration.minutes(5),
    }),
    ...extra,
  };
}

/** The budget scenario's SLO: a one-hour window, so the whole window is in view; alerts are another scenario's. */
export function countedSlo(): SloProps {
  return queueSlo('tiles', 'q', { window: Duration.hours(1), alerting: { enabled: false } });
}

/** Queue-depth samples at 0, 1m, ..., `lastMinute`: bad minutes, missing minutes, good otherwise. */
function depthSamples(lastMinute: number, bad: readonly number[], missing: readonly number[]): string {
  const samples: Array<number | null> = [];
  for (let minute = 0; minute <= lastMinute; minute++) {
    samples.push(missing.includes(minute) ? null : bad.includes(minute) ? BAD_DEPTH : GOOD_DEPTH);
  }
  return renderSamples(samples);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/**
 * GIVEN (minutes) no sample at 0 (slice 0 has no data), one bad minute at 7 (inside slice 10 only), a bad
 * stretch 43–46 across the boundary at 45 (slices 45 and 50), no samples 25–30 (slice 30 has none).
 * Slices ending in (0, 60]: 5, 10, …, 60 = 12, less slice 30 = 11 events; bad: 10, 45, 50 = 3.
 */
export const COUNTED_INPUT = [{ series: 'queue_depth{job="q"}', values: depthSamples(70, [7, ...range(43, 46)], [0, ...range(25, 30)]) }];

/** A recorded series of the counted SLO. */
function tiles(metric: string): string {
  return `${metric}{slo_service="checkout",slo_name="tiles"}`;
}

/** Events of the slices ending in (b − lengthMinutes, b] when evaluated at the last evaluation of slice b (see the header). */
function eventsCounted(rate: string, lengthMinutes: number, spacingSeconds: number): string {
  return `sum_over_time(${tiles(rate)}[${lengthMinutes - 1}m59s999ms]) * ${spacingSeconds}`;
}

/**
 * The counted scenario's checks, at the last evaluation of a slice: `lastOf(b)` is that evaluation's
 * time (b + 4m at 1-minute spacing, b + 4m45s at 15 s), the spacing the rules' sample spacing.
 */
export function countedChecks(spacingSeconds: number): ExprTest[] {
  const lastOf = (minute: number) => `${at(minute + 4)}${spacingSeconds === 60 ? '' : `${60 - spacingSeconds}s`}`;
  const value = (expr: string, time: string, expected: number): ExprTest => ({
    expr: `abs(max(${expr}) - (${expected})) < bool 1e-9`, eval_time: time, exp_samples: [{ labels: '{}', value: 1 }],
  });
  const exists = (expr: string, time: string, expected: boolean): ExprTest => ({
    expr: `(count(${expr}) or vector(0)) > bool 0`, eval_time: time, exp_samples: [{ labels: '{}', value: expected ? 1 : 0 }],
  });
  return [
    // One bad minute (7) inside slice 10: the error rate is 1/300 from 10 to the last evaluation before 15,
    // 0 before and after; over that slice it counts exactly one bad event (5 × 60 s or 20 × 15 s of 1/300).
    value(tiles('slo:sli_errors:rate5m'), at(9), 0),
    value(tiles('slo:sli_errors:rate5m'), at(10), 1 / 300),
    value(tiles('slo:sli_errors:rate5m'), lastOf(10), 1 / 300),
    value(tiles('slo:sli_errors:rate5m'), at(15), 0),
    value(eventsCounted('slo:sli_errors:rate5m', 5, spacingSeconds), lastOf(10), 1),
    value(eventsCounted('slo:sli_total:rate5m', 5, spacingSeconds), lastOf(10), 1),
    // The bad stretch 43–46 straddles the boundary at 45: two bad events, slices 45 and 50, nothing else
    // in (40, 50].
    value(eventsCounted('slo:sli_errors:rate5m', 10, spacingSeconds), lastOf(50), 2),
    value(eventsCounted('slo:sli_total:rate5m', 10, spacingSeconds), lastOf(50), 2),
    // Slice 30 has no sample: no event at all while it counts (30 to 35), not even a good one. Over
    // (25, 35] only slice 35 is an event.
    // At 30 itself too: a subquery range of a full slice would, under closed ranges, also hold slice 25's
    // judgement there and count it a second time.
    exists(tiles('slo:sli_total:rate5m'), at(30), false),
    exists(tiles('slo:sli_total:rate5m'), at(32), false),
    exists(tiles('slo:sli_total:rate5m'), at(36), true),
    value(eventsCounted('slo:sli_total:rate5m', 10, spacingSeconds), lastOf(35), 1),
    // Slices ending in (0, 60]: 11 events, 3 bad (see COUNTED_INPUT).
    value(eventsCounted('slo:sli_total:rate5m', 60, spacingSeconds), lastOf(60), 11),
    value(eventsCounted('slo:sli_errors:rate5m', 60, spacingSeconds), lastOf(60), 3),
    // The 1h window at that time holds those slices and nothing of slice 0 (no data), so its ratio is
    // 3 bad slices in 11, and the budget remaining is 1 − (3/11) / (1 − 0.9) = −19/11, exactly.
    value(tiles('slo:sli_error:ratio_rate1h'), lastOf(60), 3 / 11),
    value(tiles('slo:period_error_budget_remaining:ratio'), lastOf(60), 1 - (3 / 11) / 0.1),
  ];
}

/** The counted scenario as a promtool test case, the rules evaluated at `spacingSeconds`. */
export function countedTestCase(spacingSeconds: number): RuleTestCase {
  return { interval: '1m', input_series: COUNTED_INPUT, promql_expr_test: countedChecks(spacingSeconds) };
}

/** The page of the outage SLO: a critical alert of it, firing. */
const PAGE = 'ALERTS{alertstate="firing",slo_service="checkout",slo_name="queue",severity="critical"}';

/**
 * GIVEN the queue good for 2 hours, then over 100 for an hour, for a 30-day SLO at 99%: the 1h/5m page
 * needs both ratios above 14.4 × 0.01 = 0.144. The first bad slice is 120 ([115, 120] holds the bad
 * sample at 120 under closed ranges) or 125 (left-open); the 1h ratio passes 0.144 once 9 of its 60–61
 * samples are bad, by minute 134 either way, and the 5m ratio is then the last slice's, 1.
 */
export function outageTestCase(): RuleTestCase {
  const samples: number[] = [];
  for (let minute = 0; minute <= 3 * HOUR; minute++) samples.push(minute >= 2 * HOUR ? BAD_DEPTH : GOOD_DEPTH);
  return {
    interval: '1m',
    input_series: [{ series: 'queue_depth{job="shop"}', values: renderSamples(samples) }],
    promql_expr_test: [
      existedBetween(PAGE, 0, 2 * HOUR - 1, false),
      existsAt(PAGE, 2 * HOUR + 15, true),
      existsAt(PAGE, 3 * HOUR, true),
      // every slice of the outage is bad: the 5m ratio is the last slice's, 1
      approx('slo:sli_error:ratio_rate5m{slo_name="queue"}', 2 * HOUR + 15, 1, 1e-9),
    ],
  };
}

/** The outage scenario's SLO. */
export function outageSlo(): SloProps {
  return queueSlo('queue', 'shop', { target: 0.99 });
}

/**
 * GIVEN the queue good for 26 hours but in minutes 102, 502 and 1302 (inside slices 105, 505 and 1305),
 * for a 30-day SLO whose 1d window is summed from hourly rollups. At 1504, the last evaluation of slice
 * 1500, the 1d window [64, 1504] holds slices 65 … 1500 whole (288, 3 of them bad) and, under Prometheus
 * 2's closed range, the last of slice 60's five samples (a fifth of a good event): 3 / 288.2.
 */
export function rollupTestCase(): RuleTestCase {
  const bad = [102, 502, 1302];
  const samples: number[] = [];
  for (let minute = 0; minute <= 26 * HOUR; minute++) samples.push(bad.includes(minute) ? BAD_DEPTH : GOOD_DEPTH);
  return {
    interval: '1m',
    input_series: [{ series: 'queue_depth{job="day"}', values: renderSamples(samples) }],
    promql_expr_test: [approx('slo:sli_error:ratio_rate1d{slo_name="day"}', 1504, 3 / 288.2, 1e-12)],
  };
}

/** The rollup scenario's SLO. */
export function rollupSlo(): SloProps {
  return queueSlo('day', 'day', { target: 0.99 });
}
