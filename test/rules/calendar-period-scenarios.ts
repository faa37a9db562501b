/**
 * Calendar windows: the budget of the current period counts the events since
 * the period's start, resets at the boundary, and stays within 0.5 percentage points of the exact
 * budget from the raw counters under spiky traffic.
 *
 * promtool's scenarios start at the Unix epoch, 1970-01-01 00:00 UTC, a Thursday. A fixed UTC offset
 * puts a boundary early in a scenario: at −12:00, local midnight of January 1st (a month, quarter and
 * year boundary) is 12:00 UTC, 12 hours in; at +14:00, local Monday January 5th starts on Sunday 10:00 UTC.
 * Period starts and ends are Unix times: on an engine whose time 0 is elsewhere (2026-01-01, a Thursday of
 * a non-leap year too) they are that time 0 later.
 *
 * `calendar-period.test.ts` runs these scenarios in `promtool test rules` (and `prometheus3/` with
 * Prometheus 3's ranges); `test/live/victoria-metrics-calendar.test.ts` on VictoriaMetrics + vmalert.
 */
import { CalendarWindow, Sli, SloProps } from '../../src';
import { BehaviourScenario, BuiltScenario, minuteScenario, PROMTOOL_ENGINE } from '../helpers/scenario';
import { ruleGroupsFor } from '../helpers/synth';
import {
  counterSamples, currentRangeSemantics, DAY, ExprTest, HOUR, Segment, segmentIncrements, spikyTraffic, trafficFromIncrements,
} from '../helpers/traffic';

const TARGET = 0.99;
const BUDGET = 1 - TARGET;
/** 0.5 percentage points of the budget, as an error ratio. */
const RATIO_TOLERANCE = 0.005 * BUDGET;

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

type Counters = { goodCounter: Array<number | null>; badCounter: Array<number | null> };

/** A counter's value at `minute`: its last sample at or before it (a gap in scraping keeps the value). */
function valueAt(counter: Array<number | null>, minute: number): number {
  for (let m = minute; m >= 0; m--) {
    if (counter[m] !== null && counter[m] !== undefined) return counter[m] as number;
  }
  return 0;
}

/** Events between minute `start` and minute `minute`, bad and all, from the raw counters. */
function eventsBetween(counters: Counters, start: number, minute: number) {
  const bad = valueAt(counters.badCounter, minute) - valueAt(counters.badCounter, start);
  const good = valueAt(counters.goodCounter, minute) - valueAt(counters.goodCounter, start);
  return { bad, all: bad + good };
}

/**
 * The recorded period error ratio at `minute` against the exact one from the raw counters. Where the
 * traffic was steady over the five minutes before `minute` and the first five of the period, exactly
 * (to 0.5 percentage points of the budget, in fact to float precision). Otherwise within the documented
 * bound: each end may be off by two minutes' worth of the change of rate, so by 2.5 minutes of the
 * busiest minute of those ends, in bad events and in all events.
 *
 * With Prometheus 3's left-open ranges (and on Prometheus 2 whenever scrapes and evaluations are not
 * aligned, as in production) a 5-minute rate of 1-minute samples spans 4 minutes, not 5: the period's
 * first copy misses half a minute more and its latest copy counts half a minute more than the end
 * corrections assume. The counts are then exact only when the rates at both ends are equal, and within
 * 3 minutes of the busiest minute of the ends otherwise.
 */
function periodRatioCheck(name: string, counters: Counters, start: number, minute: number): { check: ExprTest; steady: boolean } {
  const { bad, all } = eventsBetween(counters, start, minute);
  const exact = all === 0 ? 0 : bad / all;
  const perMinute = (m: number) => eventsBetween(counters, m - 1, m);
  const steadyBefore = (end: number) => [1, 2, 3, 4].every((k) => {
    const a = perMinute(end - k);
    const b = perMinute(end);
    return Math.abs(a.all - b.all) < 1e-3 && Math.abs(a.bad - b.bad) < 1e-3;
  });
  const prometheus3 = currentRangeSemantics() === 'prometheus3';
  if (!prometheus3 && steadyBefore(minute) && steadyBefore(start + 5)) {
    return { check: near('slo:period_sli_error:ratio', name, minute, exact, RATIO_TOLERANCE), steady: true };
  }
  const ends = [...[1, 2, 3, 4, 5].map((k) => perMinute(start + k)), ...[0, 1, 2, 3, 4, 5].map((k) => perMinute(minute - k))];
  const slack = (prometheus3 ? 3 : 2.5) * Math.max(...ends.map((e) => e.all));
  const bound = all <= slack ? 1 : (slack + exact * slack) / (all - slack);
  return { check: near('slo:period_sli_error:ratio', name, minute, exact, Math.max(bound, RATIO_TOLERANCE)), steady: false };
}

/** The ratio checks every `every` minutes from `from` to `to`; most must be exact ones. */
function ratioChecks(name: string, counters: Counters, start: number, from: number, to: number, every: number): ExprTest[] {
  const results = [];
  for (let minute = from; minute <= to; minute += every) results.push(periodRatioCheck(name, counters, start, minute));
  if (currentRangeSemantics() === 'prometheus2') expect(results.filter((r) => r.steady).length).toBeGreaterThan(results.length * 0.7);
  return results.map((r) => r.check);
}

/** Whether the instant vector `expr` has a series at `minute`. */
function isTrue(expr: string, minute: number, expected = true): ExprTest {
  return { expr: `(count(${expr}) or vector(0)) > bool 0`, eval_time: `${minute}m`, exp_samples: [{ labels: '{}', value: expected ? 1 : 0 }] };
}

/** The burn-down is 1 − consumed × elapsed ÷ length, from the recorded series at that evaluation. */
function burndownIsConsistent(name: string, minute: number): ExprTest {
  const one = (metric: string) => `max(${series(metric, name)})`;
  return {
    expr: `abs(${one('slo:period_error_budget_burndown:ratio')} - (1 - ${one('slo:period_error_budget_consumed:ratio')} * (time() - ${one('slo:period_start:timestamp')}) / (${one('slo:period_end:timestamp')} - ${one('slo:period_start:timestamp')}))) < bool 1e-9`,
    eval_time: `${minute}m`,
    exp_samples: [{ labels: '{}', value: 1 }],
  };
}

const minutesOf = (epochSeconds: number) => epochSeconds / 60;

export const CALENDAR_PERIOD_SCENARIOS: BehaviourScenario[] = [
  {
    title: 'months and quarters across 1970-01-01 00:00 at UTC−12:00 (12:00 UTC, minute 720): start and end; a full budget from the first evaluation after a spent one; exact after; an outage at the start; a gap',
    calendar: true,
    build: (engine = PROMTOOL_ENGINE): BuiltScenario => {
      const BOUNDARY = 12 * HOUR;
      const MINUTES = BOUNDARY + DAY;
      const GAP = BOUNDARY + 6 * HOUR;
      // Spiky, the last half hour of the old period an outage; ten steady minutes open the new one, so that
      // the checks after them can be exact ones (a change of rate inside a period's first five minutes is
      // counted within the bound instead).
      const spikyAcross = (seed: number): Segment[] => [
        ...spikyTraffic(seed, BOUNDARY - 30), { minutes: 30, rps: 20, errorRatio: 0.5 }, { minutes: 10, rps: 7, errorRatio: 0 },
        ...spikyTraffic(seed + 1, MINUTES - BOUNDARY - 10),
      ];
      const month = trafficFor('monthly', spikyAcross(11));
      const quarter = trafficFor('quarterly', spikyAcross(13));
      // A period that starts with an outage: clean, then half the requests fail from the boundary on for 30 minutes.
      const outage = trafficFor('outage-start', [
        { minutes: BOUNDARY, rps: 10, errorRatio: 0.001 },
        { minutes: 30, rps: 10, errorRatio: 0.5 },
        { minutes: MINUTES - BOUNDARY - 30, rps: 10, errorRatio: 0.001 },
      ]);
      // Prometheus down for 30 minutes: no samples, so no rate, for that half hour; the budget before it is kept.
      const gap = trafficFor('gap', [
        ...spikyTraffic(15, BOUNDARY - 30), { minutes: 30, rps: 20, errorRatio: 0.5 }, { minutes: 10, rps: 7, errorRatio: 0 },
        ...spikyTraffic(16, GAP - BOUNDARY - 70), { minutes: 60, rps: 10, errorRatio: 0.01 }, { minutes: 30, rps: 10, absent: true },
        { minutes: 60, rps: 10, errorRatio: 0.01 }, ...spikyTraffic(17, MINUTES - GAP - 90),
      ]);
      const groups = ruleGroupsFor(
        calendarSlo('monthly', CalendarWindow.MONTH, '-12:00'),
        calendarSlo('quarterly', CalendarWindow.QUARTER, '-12:00'),
        calendarSlo('outage-start', CalendarWindow.MONTH, '-12:00'),
        calendarSlo('gap', CalendarWindow.MONTH, '-12:00'),
      );
      const local = (iso: string) => engine.timeZeroSeconds + Date.parse(`${iso}T00:00:00-12:00`) / 1000;

      // One promtool run for the four SLOs: each check below says what it proves.
      const checks: ExprTest[] = [
        near('slo:period_start:timestamp', 'monthly', BOUNDARY - 1, local('1969-12-01'), 0),
        near('slo:period_end:timestamp', 'monthly', BOUNDARY - 1, local('1970-01-01'), 0),
        near('slo:period_start:timestamp', 'monthly', BOUNDARY + 1, local('1970-01-01'), 0),
        near('slo:period_end:timestamp', 'monthly', BOUNDARY + 1, local('1970-02-01'), 0),
        near('slo:period_start:timestamp', 'quarterly', BOUNDARY - 1, local('1969-10-01'), 0),
        near('slo:period_start:timestamp', 'quarterly', BOUNDARY + 1, local('1970-01-01'), 0),
        near('slo:period_end:timestamp', 'quarterly', BOUNDARY + 1, local('1970-04-01'), 0),
        // The last half hour of the old period was an outage: its budget is spent...
        isTrue(`${series('slo:period_error_budget_remaining:ratio', 'monthly')} < 0`, BOUNDARY - 1),
        isTrue(`${series('slo:period_error_budget_remaining:ratio', 'quarterly')} < 0`, BOUNDARY - 1),
        // ... and the new one's is full from its first evaluation, and stays so while nothing fails.
        ...[1, 2, 3, 4, 5, 8].flatMap((k) => [
          near('slo:period_error_budget_remaining:ratio', 'monthly', BOUNDARY + k, 1, 0),
          near('slo:period_error_budget_burndown:ratio', 'monthly', BOUNDARY + k, 1, 0),
          near('slo:period_error_budget_remaining:ratio', 'quarterly', BOUNDARY + k, 1, 0),
        ]),
        burndownIsConsistent('monthly', BOUNDARY + 10 * HOUR),
        burndownIsConsistent('quarterly', MINUTES),
        ...ratioChecks('monthly', month, BOUNDARY, BOUNDARY + 5, MINUTES, 7),
        ...ratioChecks('quarterly', quarter, BOUNDARY, BOUNDARY + 5, MINUTES, 11),

        // A period that starts with an outage. The first five minutes' rates still reach into the old
        // period, so they wait for the sixth...
        near('slo:period_error_budget_remaining:ratio', 'outage-start', BOUNDARY + 4, 1, 0),
        // ... and the head's rate then counts those five minutes in full: exactly half failed.
        ...[5, 6, 10, 20, 30].map((k) => near('slo:period_sli_error:ratio', 'outage-start', BOUNDARY + k, 0.5, 1e-9)),
        isTrue('ALERTS{alertstate="firing",slo_name="outage-start",severity="critical"}', BOUNDARY + 30),
        ...ratioChecks('outage-start', outage, BOUNDARY, BOUNDARY + 35, MINUTES, 13),

        // A gap in scraping (Prometheus down): nothing before it is lost, the period goes on after it.
        ...ratioChecks('gap', gap, BOUNDARY, GAP - 30, GAP, 5),
        ...ratioChecks('gap', gap, BOUNDARY, GAP + 40, MINUTES, 9),
      ];
      return minuteScenario(groups, [...month.series, ...quarter.series, ...outage.series, ...gap.series], checks);
    },
  },

  {
    title: 'a week across Monday 1970-01-05 00:00 at UTC+14:00 (Sunday 10:00 UTC, minute 4920): the week starts on Monday local time, resets, and is exact after',
    calendar: true,
    build: (engine = PROMTOOL_ENGINE): BuiltScenario => {
      const BOUNDARY = minutesOf(Date.parse('1970-01-05T00:00:00+14:00') / 1000);
      const MINUTES = BOUNDARY + 12 * HOUR;
      const week = trafficFor('weekly', [
        ...spikyTraffic(21, BOUNDARY - 20), { minutes: 20, rps: 30, errorRatio: 0.3 }, { minutes: 10, rps: 3, errorRatio: 0 },
        ...spikyTraffic(22, MINUTES - BOUNDARY - 10),
      ]);
      const groups = ruleGroupsFor(calendarSlo('weekly', CalendarWindow.WEEK, '+14:00'));

      expect(BOUNDARY).toBe(3 * DAY + 10 * HOUR);
      const monday = (iso: string) => engine.timeZeroSeconds + Date.parse(`${iso}T00:00:00+14:00`) / 1000;
      const checks: ExprTest[] = [
        near('slo:period_start:timestamp', 'weekly', BOUNDARY - 1, monday('1969-12-29'), 0),
        near('slo:period_end:timestamp', 'weekly', BOUNDARY - 1, monday('1970-01-05'), 0),
        near('slo:period_start:timestamp', 'weekly', BOUNDARY + 1, monday('1970-01-05'), 0),
        near('slo:period_end:timestamp', 'weekly', BOUNDARY + 1, monday('1970-01-12'), 0),
        isTrue(`${series('slo:period_error_budget_remaining:ratio', 'weekly')} < 0.99`, BOUNDARY - 1),
        near('slo:period_error_budget_remaining:ratio', 'weekly', BOUNDARY + 1, 1, 0),
        ...ratioChecks('weekly', week, BOUNDARY, BOUNDARY + 5, MINUTES, 7),
      ];
      return minuteScenario(groups, week.series, checks);
    },
  },

  {
    title: 'January (31 days) and February (28 days) 1970 in UTC: at the end of a 31-day month its first hour still counts; February ends after 28 days; each month starts afresh',
    calendar: true,
    build: (engine = PROMTOOL_ENGINE): BuiltScenario => {
      const FEBRUARY = 31 * DAY;
      const MARCH = 59 * DAY;
      const MINUTES = MARCH + 2 * HOUR;
      // A steady rate whose error ratio changes every day; the first hour of each month fails 30% of the time.
      const days: Segment[] = [];
      for (let day = 0; day * DAY < MINUTES; day++) {
        const minutes = Math.min(DAY, MINUTES - day * DAY);
        const errorRatio = 0.001 * (1 + (day % 5));
        const firstOfMonth = day === 0 || day === 31 || day === 59;
        const failing: Segment[] = [{ minutes: HOUR, rps: 5, errorRatio: 0.3 }, { minutes: minutes - HOUR, rps: 5, errorRatio }];
        days.push(...(firstOfMonth ? failing : [{ minutes, rps: 5, errorRatio }]));
      }
      const months = trafficFor('months', days);
      // Only the rules the period's budget needs: two months at one evaluation a minute would take minutes.
      const groups = periodRulesOnly(ruleGroupsFor(calendarSlo('months', CalendarWindow.MONTH, '+00:00')));

      // Evaluated every 15 minutes, each 5-minute rate stands for 15 minutes. The ratio is still exact for
      // traffic steady within each 15 minutes, as here, but for the end corrections, which assume one
      // evaluation a minute and so weigh the latest sample two samples more: too little to matter here.
      const checks: ExprTest[] = [
        near('slo:period_start:timestamp', 'months', FEBRUARY - 15, engine.timeZeroSeconds, 0),
        near('slo:period_end:timestamp', 'months', FEBRUARY - 15, engine.timeZeroSeconds + FEBRUARY * 60, 0),
        near('slo:period_sli_error:ratio', 'months', FEBRUARY - 15, eventsRatio(months, 0, FEBRUARY - 15), RATIO_TOLERANCE),
        // Only February's samples: its first quarter of an hour failed 30% of the time.
        near('slo:period_sli_error:ratio', 'months', FEBRUARY + 15, 0.3, 1e-9),
        near('slo:period_start:timestamp', 'months', FEBRUARY + 15, engine.timeZeroSeconds + FEBRUARY * 60, 0),
        near('slo:period_end:timestamp', 'months', FEBRUARY + 15, engine.timeZeroSeconds + MARCH * 60, 0),
        near('slo:period_sli_error:ratio', 'months', MARCH - 15, eventsRatio(months, FEBRUARY, MARCH - 15), RATIO_TOLERANCE),
        near('slo:period_sli_error:ratio', 'months', MARCH + 15, 0.3, 1e-9),
        near('slo:period_end:timestamp', 'months', MARCH + 15, engine.timeZeroSeconds + 90 * DAY * 60, 0),
      ];
      return minuteScenario(groups, months.series, checks, '15m');
    },
  },
];

/** The groups without the rules a calendar period's budget does not read: alerts, rolling windows and their sums. */
function periodRulesOnly(groups: any[]): any[] {
  const unused = (record: string | undefined) => record === undefined
    || (/^slo:sli_error:ratio_rate/.test(record) && record !== 'slo:sli_error:ratio_rate5m')
    || /^slo:sli_(errors|total):rate5m_previous_hour_sum$/.test(record);
  return groups.map((group) => ({ ...group, rules: group.rules.filter((rule: any) => !unused(rule.record)) }));
}

function eventsRatio(counters: Counters, start: number, minute: number): number {
  const { bad, all } = eventsBetween(counters, start, minute);
  return bad / all;
}
