/**
 * Calendar windows in `promtool test rules`: the budget of the current period counts the events since
 * the period's start, resets at the boundary, and stays within 0.5 percentage points of the exact
 * budget from the raw counters under spiky traffic.
 *
 * promtool's scenarios start at the Unix epoch, 1970-01-01 00:00 UTC, a Thursday. A fixed UTC offset
 * puts a boundary early in a scenario: at −12:00, local midnight of January 1st (a month, quarter and
 * year boundary) is 12:00 UTC, 12 hours in; at +14:00, local Monday January 5th starts on Sunday 10:00 UTC.
 */
import * as fc from 'fast-check';
import { CalendarWindow, Sli, SloProps } from '../../src';
import { ruleGroupsFor } from '../helpers/synth';
import { counterSamples, DAY, ExprTest, HOUR, Segment, segmentIncrements, testRulesInOrder, trafficFromIncrements } from '../helpers/traffic';

const TARGET = 0.99;
const BUDGET = 1 - TARGET;
/** 0.5 percentage points of the budget, as an error ratio. */
const RATIO_TOLERANCE = 0.005 * BUDGET;

/** Spiky traffic from a fixed seed: stretches of 3 to 90 minutes, idle 10% of the time, bursts of up to 50% errors. */
function spikyTraffic(seed: number, minutes: number): Segment[] {
  const stretch = fc.record({
    length: fc.integer({ min: 3, max: 90 }),
    kind: fc.integer({ min: 0, max: 9 }),
    rps: fc.integer({ min: 1, max: 60 }),
    errorPercent: fc.integer({ min: 0, max: 50 }),
  });
  const segments: Segment[] = [];
  let total = 0;
  for (const { length, kind, rps, errorPercent } of fc.sample(stretch, { seed, numRuns: minutes })) {
    if (total >= minutes) break;
    const clipped = Math.min(minutes - total, length);
    segments.push({ minutes: clipped, rps: kind === 0 ? 0 : rps, errorRatio: kind >= 8 ? errorPercent / 100 : errorPercent / 10_000 });
    total += clipped;
  }
  return segments;
}

function calendarSlo(name: string, calendarWindow: CalendarWindow, utcOffset: string): SloProps {
  return {
    service: 'checkout',
    name,
    target: TARGET,
    calendarWindow,
    utcOffset,
    indicator: Sli.ratio({ errors: `http_requests_total{job="${name}",code=~"5.."}`, total: `http_requests_total{job="${name}"}` }),
  };
}

/** Traffic for one SLO, with the counters the exact budget is computed from. */
function trafficFor(name: string, segments: Segment[]) {
  const { good, bad } = segmentIncrements(segments);
  const goodCounter = counterSamples(good);
  const badCounter = counterSamples(bad);
  return { series: trafficFromIncrements(`job="${name}"`, good, bad), goodCounter, badCounter };
}

function series(metric: string, name: string): string {
  return `${metric}{slo_service="checkout",slo_name="${name}"}`;
}

/** The recorded value of `metric` at `minute` is within `tolerance` of `expected`. */
function near(metric: string, name: string, minute: number, expected: number, tolerance: number): ExprTest {
  return {
    expr: `abs(max(${series(metric, name)}) - (${expected})) <= bool ${tolerance}`,
    eval_time: `${minute}m`,
    exp_samples: [{ labels: '{}', value: 1 }],
  };
}

/** Events since minute `start`, bad and all, from the raw counters. */
function eventsBetween(counters: { goodCounter: Array<number | null>; badCounter: Array<number | null> }, start: number, minute: number) {
  const bad = (counters.badCounter[minute] as number) - (counters.badCounter[start] as number);
  const good = (counters.goodCounter[minute] as number) - (counters.goodCounter[start] as number);
  return { bad, all: bad + good };
}

/**
 * The recorded period error ratio at `minute` against the exact one from the raw counters. Where the
 * traffic was steady over the five minutes before `minute` and the first five of the period, exactly
 * (to 0.5 percentage points of the budget, in fact to float precision). Otherwise within the documented
 * bound: each end may be off by two minutes' worth of the change of rate, so by 2.5 minutes of the
 * busiest minute of those ends, in bad events and in all events.
 */
function periodRatioCheck(name: string, counters: { goodCounter: Array<number | null>; badCounter: Array<number | null> }, start: number, minute: number): ExprTest {
  const { bad, all } = eventsBetween(counters, start, minute);
  const exact = all === 0 ? 0 : bad / all;
  const perMinute = (m: number) => eventsBetween(counters, m - 1, m);
  const ends = [...[1, 2, 3, 4, 5].map((k) => perMinute(start + k)), ...[0, 1, 2, 3, 4, 5].map((k) => perMinute(minute - k))];
  const steady = (from: number) => [0, 1, 2, 3, 4].every((k) => {
    const a = perMinute(from - k);
    const b = perMinute(from);
    return a.all === b.all && a.bad === b.bad;
  });
  if (steady(minute) && steady(start + 5)) {
    return near('slo:period_sli_error:ratio', name, minute, exact, RATIO_TOLERANCE);
  }
  const busiest = Math.max(...ends.map((e) => e.all));
  const slack = 2.5 * busiest;
  const bound = all <= slack ? 1 : (slack + exact * slack) / (all - slack);
  return near('slo:period_sli_error:ratio', name, minute, exact, Math.max(bound, RATIO_TOLERANCE));
}

describe('a calendar month: budget since the start of the month', () => {
  // Local midnight of 1970-01-01 at UTC−12:00 is minute 720.
  const BOUNDARY = 12 * HOUR;
  const MINUTES = 2 * DAY + 6 * HOUR;
  const before: Segment[] = [...spikyTraffic(11, BOUNDARY - 30), { minutes: 30, rps: 20, errorRatio: 0.5 }];
  const after = spikyTraffic(12, MINUTES - BOUNDARY);
  const month = trafficFor('monthly', [...before, ...after]);
  const groups = ruleGroupsFor(calendarSlo('monthly', CalendarWindow.MONTH, '-12:00'));

  test('the period series: start, end, full budget right after an outage at the end of the previous month, exact after', () => {
    const checks: ExprTest[] = [
      // December 1969 local: from 1969-12-01 12:00 UTC; January: 1970-01-01 12:00 to 1970-02-01 12:00 UTC.
      near('slo:period_start:timestamp', 'monthly', BOUNDARY - 1, 12 * 3600 - 31 * 86400, 0),
      near('slo:period_start:timestamp', 'monthly', BOUNDARY + 1, 12 * 3600, 0),
      near('slo:period_end:timestamp', 'monthly', BOUNDARY - 1, 12 * 3600, 0),
      near('slo:period_end:timestamp', 'monthly', BOUNDARY + 1, 12 * 3600 + 31 * 86400, 0),
      // The last half hour of December was an outage: the budget of December is spent...
      {
        expr: `max(${series('slo:period_error_budget_remaining:ratio', 'monthly')}) < bool 0`,
        eval_time: `${BOUNDARY - 1}m`,
        exp_samples: [{ labels: '{}', value: 1 }],
      },
      // ... and January's is full from its first evaluation.
      near('slo:period_error_budget_remaining:ratio', 'monthly', BOUNDARY + 1, 1, 0),
      near('slo:period_error_budget_burndown:ratio', 'monthly', BOUNDARY + 1, 1, 0),
    ];
    for (let minute = BOUNDARY + 5; minute <= MINUTES; minute += 7) {
      checks.push(periodRatioCheck('monthly', month, BOUNDARY, minute));
    }
    const result = testRulesInOrder(groups, [{ interval: '1m', input_series: month.series, promql_expr_test: checks }]);
    if (!result.ok) throw new Error(`promtool test rules failed:\n${result.output.slice(0, 6000)}`);
    expect(result.ok).toBe(true);
  });
});
