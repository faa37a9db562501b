/**
 * Behavioural scenarios: synthetic traffic through the generated rules, proving
 * when alerts fire and clear and what the error-budget series say. Each scenario states the traffic
 * (GIVEN), the time it looks at (WHEN) and the behaviour it requires (THEN); the times and values are
 * derived in comments from the window arithmetic, so a change in the rules that moves them fails.
 * `scenarios.test.ts` runs them in `promtool test rules`; `test/live/victoria-metrics-scenarios.test.ts`
 * runs the same ones on VictoriaMetrics + vmalert.
 *
 * Notes on promtool 2.x used below:
 * - every group is evaluated every minute (the test's evaluation_interval), whatever its own interval;
 * - a range `[W]` at time t holds the samples in [t - W, t], both ends included (1m samples: W/1m + 1);
 * - with 1-minute samples a 5-minute `rate` at t is exactly (C(t) - C(t-5m)) / 300, so the increment
 *   of minute m (between samples m-1 and m) is seen by the 5m rates recorded at m .. m+4.
 */
import { Duration } from 'cdk8s';
import { Sli, SloProps } from '../../src';
import { BehaviourScenario, BuiltScenario, minuteScenario } from '../helpers/scenario';
import { ruleGroupsFor } from '../helpers/synth';
import {
  approx, at, DAY, existedBetween, existsAt, ExprTest, HOUR, Segment, traffic, trafficFromIncrements,
} from '../helpers/traffic';

// ---------------------------------------------------------------------------------------------------
// SLOs and assertions.
// ---------------------------------------------------------------------------------------------------

/** A ratio SLO of service `checkout` over the requests of one `job`. */
export function ratioSlo(name: string, job: string, extra: Partial<SloProps> = {}): SloProps {
  return {
    service: 'checkout',
    name,
    target: 0.999,
    indicator: Sli.ratio({ errors: `http_requests_total{job="${job}",code=~"5.."}`, total: `http_requests_total{job="${job}"}` }),
    ...extra,
  };
}

/** Firing alerts of one SLO, narrowed by extra matchers such as `severity="critical"`. */
function firingAlerts(slo: string, matchers = ''): string {
  return `ALERTS{alertstate="firing",slo_service="checkout",slo_name="${slo}"${matchers ? `,${matchers}` : ''}}`;
}

/** Whether some alert of the SLO (matching `matchers`) fires at the given minute. */
function firesAt(slo: string, matchers: string, minute: number, expected: boolean): ExprTest {
  return existsAt(firingAlerts(slo, matchers), minute, expected);
}

/** Whether some alert of the SLO (matching `matchers`) fired at any evaluation from `from` to `to` (exhaustive). */
function firedBetween(slo: string, matchers: string, from: number, to: number, expected: boolean): ExprTest {
  return existedBetween(firingAlerts(slo, matchers), from, to, expected);
}

/** Point checks every `step` minutes from `from` to `to`, on top of the exhaustive range check. */
function firesAtEvery(slo: string, matchers: string, from: number, to: number, step: number, expected: boolean): ExprTest[] {
  const checks: ExprTest[] = [];
  for (let minute = from; minute <= to; minute += step) checks.push(firesAt(slo, matchers, minute, expected));
  return checks;
}

/** A recorded series of one SLO. */
function recorded(metric: string, slo: string, matchers = ''): string {
  return `${metric}{slo_service="checkout",slo_name="${slo}"${matchers ? `,${matchers}` : ''}}`;
}

const CRITICAL = 'severity="critical"';
const WARNING = 'severity="warning"';

// ---------------------------------------------------------------------------------------------------
// Scenarios.
// ---------------------------------------------------------------------------------------------------

export const BEHAVIOUR_SCENARIOS: BehaviourScenario[] = [
  {
    title: 'a total outage pages within minutes, and nothing fires before it',
    build: (): BuiltScenario => {
      // GIVEN a 99.9%/30d SLO and 100 req/s without errors for 2h, then every request failing
      const slo = 'outage';
      const groups = ruleGroupsFor(ratioSlo(slo, 'checkout'));
      const outageStart = 2 * HOUR;
      const input = traffic('job="checkout"', [
        { minutes: outageStart, rps: 100 },
        { minutes: HOUR, rps: 100, errorRatio: 1 },
      ]);

      return minuteScenario(groups, input, [
        // THEN no alert of any severity fires at any evaluation before the outage
        firedBetween(slo, '', 0, outageStart, false),
        // WHEN the outage is 5 minutes old THEN a critical alert fires. (The 1h ratio of 100% errors
        // crosses 1.44% after 3 minutes: 3 × 100 / 61 samples × 100 = 4.9%, and the 5m ratio is 60%.)
        firesAt(slo, CRITICAL, outageStart + 5, true),
        // and it is the fast 1h/5m pair that pages
        firesAt(slo, `${CRITICAL},long_window="1h",short_window="5m"`, outageStart + 5, true),
        // and it keeps firing while the outage lasts
        ...firesAtEvery(slo, CRITICAL, outageStart + 10, outageStart + HOUR, 10, true),
      ]);
    },
  },

  {
    title: 'a steady 4x burn opens a ticket but never pages',
    build: (): BuiltScenario => {
      // GIVEN a 99.9%/30d SLO (budget 0.1%) healthy for a day at 100 req/s (no errors), then an error
      // ratio of 0.4% (a 4x burn) for 1.5 days.
      // Thresholds: 1h/5m 1.44% and 6h/30m 0.6% (critical) are above 0.4%: no page can ever fire.
      // 1d/2h 0.3% (warning): the 1d ratio is 0.4% × (hours of burn) / 24, above 0.3% after 18h of burn.
      // 3d/6h 0.1% (warning): the 3d window holds the healthy day too: 0.4% × x / (24 + x) > 0.1% for
      // x > 8h of burn (its 6h ratio is above 0.1% after 1.5h already).
      const slo = 'slow-burn';
      const groups = ruleGroupsFor(ratioSlo(slo, 'checkout'));
      const burnStart = DAY;
      const end = burnStart + DAY + 12 * HOUR;
      const input = traffic('job="checkout"', [
        { minutes: burnStart, rps: 100 },
        { minutes: end - burnStart, rps: 100, errorRatio: 0.004 },
      ]);

      return minuteScenario(groups, input, [
        // THEN no critical alert fires at any evaluation of the 2.5 days (exhaustive), nor at hourly points
        firedBetween(slo, CRITICAL, 0, end, false),
        ...firesAtEvery(slo, CRITICAL, HOUR, end, HOUR, false),
        // and nothing at all fires while healthy
        firedBetween(slo, '', 0, burnStart, false),
        // WHEN the burn is 7h old THEN no ticket yet; at 9h the 3d/6h ticket is open
        firesAt(slo, WARNING, burnStart + 7 * HOUR, false),
        firesAt(slo, `${WARNING},long_window="3d",short_window="6h"`, burnStart + 9 * HOUR, true),
        // WHEN the burn is 17h old THEN the 1d/2h ticket is not open yet; at 19h it is
        firesAt(slo, `${WARNING},long_window="1d"`, burnStart + 17 * HOUR, false),
        firesAt(slo, `${WARNING},long_window="1d",short_window="2h"`, burnStart + 19 * HOUR, true),
        // and a ticket stays open until the end of the run
        ...firesAtEvery(slo, WARNING, burnStart + 19 * HOUR, end, 2 * HOUR, true),
      ]);
    },
  },

  {
    title: 'a burn below 1x never alerts, even with full 3-day windows',
    build: (): BuiltScenario => {
      // GIVEN a 99.9%/30d SLO and an error ratio of 0.09% (0.9x the budget) at 1000 req/s for 3d2h.
      // The lowest threshold is the 3d/6h ticket's 0.1% (factor 1): never reached.
      const slo = 'below-budget';
      const groups = ruleGroupsFor(ratioSlo(slo, 'checkout'));
      const end = 3 * DAY + 2 * HOUR;
      const input = traffic('job="checkout"', [{ minutes: end, rps: 1000, errorRatio: 0.0009 }]);

      return minuteScenario(groups, input, [
        // THEN no alert of any severity fires at any evaluation (exhaustive) ...
        firedBetween(slo, '', 0, end, false),
        // ... nor at hourly points, including after 3d when the 3d/6h pair's windows are full
        ...firesAtEvery(slo, '', HOUR, end, HOUR, false),
        // and the check is not vacuous: the full 3d window is recorded at 0.09%, 0.9 of the 0.1% threshold
        approx(recorded('slo:sli_error:ratio_rate3d', slo), end, 0.0009, 1e-7),
        approx(recorded('slo:sli_error:ratio_rate6h', slo), end, 0.0009, 1e-7),
        approx(recorded('slo:current_burn_rate:ratio', slo), end, 0.9, 1e-4),
      ]);
    },
  },

  {
    title: 'the page clears after recovery: 1h/5m 5 minutes after, 6h/30m 35 minutes after',
    build: (): BuiltScenario => {
      // GIVEN a 99.9%/30d SLO at 100 req/s: healthy for 2h, a total outage of 20 minutes, healthy again.
      // Errors happen in the minutes (120m, 140m]; the last errored increment is the one of minute 140.
      // It is seen by the 5m rates recorded at 140m .. 144m, so from 145m every 5m rate is error-free.
      // - 1h/5m: the 5m ratio is 0 from recovery + 5m, below 1.44%: the pair clears at recovery + 5m
      //   (its 1h ratio stays high for an hour, but both windows must be above the threshold).
      // - 6h/30m: the 30m ratio sums the 5m rates recorded in [t - 30m, t]; the last one that saw the
      //   outage is the one at 144m, so the 30m ratio is 0 from 144m + 30m + 1m = 175m, recovery + 35m.
      //   (At 174m it still holds 20 err/s of the 144m sample against 31 × 100 req/s: 0.65% > 0.6%.)
      //   Its 6h ratio stays far above 0.6% (2000 / 17000 ≈ 12%), so the short window is what clears it.
      // So every page is resolved 35 minutes after recovery, and none fires again.
      const slo = 'recovery';
      const groups = ruleGroupsFor(ratioSlo(slo, 'checkout'));
      const outageStart = 2 * HOUR;
      const recovery = outageStart + 20;
      const end = 5 * HOUR;
      const input = traffic('job="checkout"', [
        { minutes: outageStart, rps: 100 },
        { minutes: recovery - outageStart, rps: 100, errorRatio: 1 },
        { minutes: end - recovery, rps: 100 },
      ]);

      return minuteScenario(groups, input, [
        // THEN nothing fires before the outage, and a critical alert fires during it
        firedBetween(slo, '', 0, outageStart, false),
        firesAt(slo, CRITICAL, outageStart + 10, true),
        firesAt(slo, CRITICAL, recovery, true),
        // WHEN 2 minutes after recovery THEN 1h/5m still fires (its 5m window still holds errors);
        // WHEN 5 minutes after THEN it has cleared, while 6h/30m still fires
        firesAt(slo, `${CRITICAL},long_window="1h"`, recovery + 2, true),
        firesAt(slo, `${CRITICAL},long_window="1h"`, recovery + 5, false),
        firesAt(slo, `${CRITICAL},long_window="6h"`, recovery + 5, true),
        // WHEN 30 minutes after recovery THEN 6h/30m still fires; WHEN 35 minutes after THEN no page at all
        firesAt(slo, `${CRITICAL},long_window="6h",short_window="30m"`, recovery + 30, true),
        firesAt(slo, CRITICAL, recovery + 35, false),
        // and no page fires at any evaluation from then to the end (exhaustive), e.g. 40 minutes after
        firedBetween(slo, CRITICAL, recovery + 35, end, false),
        firesAt(slo, CRITICAL, recovery + 40, false),
      ]);
    },
  },

  {
    title: 'zero traffic never alerts, after traffic or from the start, with errors or good counters',
    build: (): BuiltScenario => {
      // GIVEN three 99.9%/30d SLOs:
      // - `idle-errors` (errors counter) and `idle-good` (good counter) over a job with 2h of traffic at a
      //   harmless 0.05% error ratio and then 10h of flat counters (the series are still scraped);
      // - `never-busy` over a job whose counters are flat from the start (and which has no 5xx series).
      // With no events every ratio is 0/0 = NaN, and NaN compares false: no condition can hold.
      const end = 12 * HOUR;
      const busyFor = 2 * HOUR;
      const groups = ruleGroupsFor(
        ratioSlo('idle-errors', 'checkout'),
        {
          service: 'checkout',
          name: 'idle-good',
          target: 0.999,
          indicator: Sli.ratio({ good: 'http_requests_total{job="checkout",code!~"5.."}', total: 'http_requests_total{job="checkout"}' }),
        },
        ratioSlo('never-busy', 'quiet'),
      );
      const input = [
        ...traffic('job="checkout"', [
          { minutes: busyFor, rps: 100, errorRatio: 0.0005 },
          { minutes: end - busyFor, rps: 0 },
        ]),
        ...traffic('job="quiet"', [{ minutes: end, rps: 0 }], { errorSeries: false }),
      ];

      const quietChecks = (slo: string): ExprTest[] => [
        // THEN no alert fires at any evaluation of the 12 hours (exhaustive), nor at half-hourly points
        firedBetween(slo, '', 0, end, false),
        ...firesAtEvery(slo, '', 30, end, 30, false),
      ];
      return minuteScenario(groups, input, [
        ...quietChecks('idle-errors'),
        ...quietChecks('idle-good'),
        ...quietChecks('never-busy'),
        // and the rules did see the traffic stop: the recorded total rate is 0 (present, not missing)
        approx(recorded('slo:sli_total:rate5m', 'idle-errors'), 6 * HOUR, 0, 1e-9),
        approx(recorded('slo:sli_total:rate5m', 'idle-good'), 6 * HOUR, 0, 1e-9),
        approx(recorded('slo:sli_total:rate5m', 'never-busy'), 6 * HOUR, 0, 1e-9),
      ]);
    },
  },

  {
    title: 'the budget is back as soon as traffic returns after an idle period longer than the SLO window',
    build: (): BuiltScenario => {
      // GIVEN two 99%/1h SLOs (budget 1%): 1h of 10 req/s at 0.2% errors, 3h with no traffic, then
      // 10 req/s at 0.5% errors again. Over `flat` the counters are still scraped but flat; over `gappy`
      // the series are missing altogether (no samples) while idle.
      // Budget remaining = 1 − (event-weighted error ratio over the last hour) / 1%.
      // - at the end of the first hour: 1 − 0.2/1 = 0.8;
      // - half an hour into the idle period the hour holds 30m of traffic and 30m of nothing: still 0.8
      //   (an idle minute adds no events; averaging 5m ratios, as Sloth does, would make it NaN);
      // - once the whole hour is idle there is no event to judge: no number (NaN or absent);
      // - a few minutes after traffic returns the hour holds only the new traffic: 1 − 0.5/1 = 0.5.
      //   (Sloth's average of 5m ratios stays NaN until the idle NaNs leave the window, a whole hour.)
      const idleStart = HOUR;
      const resume = 4 * HOUR;
      const end = resume + 30;
      const noAlerts = { alerting: { enabled: false }, target: 0.99, window: Duration.hours(1) };
      const groups = ruleGroupsFor(ratioSlo('flat', 'flat', noAlerts), ratioSlo('gappy', 'gappy', noAlerts));
      const segments = (idle: Segment): Segment[] => [
        { minutes: idleStart, rps: 10, errorRatio: 0.002 },
        idle,
        { minutes: end - resume, rps: 10, errorRatio: 0.005 },
      ];
      const input = [
        ...traffic('job="flat"', segments({ minutes: resume - idleStart, rps: 0 })),
        ...traffic('job="gappy"', segments({ minutes: resume - idleStart, rps: 0, absent: true })),
      ];

      const remaining = (slo: string) => recorded('slo:period_error_budget_remaining:ratio', slo);
      const budgetChecks = (slo: string): ExprTest[] => [
        // THEN after the first hour 80% of the budget remains, and still 80% half an hour into the idle
        approx(remaining(slo), idleStart, 0.8, 1e-6),
        approx(remaining(slo), idleStart + 30, 0.8, 1e-6),
        // WHEN the whole SLO window is idle THEN there is no number (NaN or absent), not a made-up one
        {
          expr: `count(${remaining(slo)} == ${remaining(slo)}) or vector(0)`,
          eval_time: at(resume - 30),
          exp_samples: [{ labels: '{}', value: 0 }],
        },
        // WHEN traffic has been back for 5 and for 10 minutes THEN the budget is there and exact: 50%
        approx(remaining(slo), resume + 5, 0.5, 1e-6),
        approx(remaining(slo), resume + 10, 0.5, 1e-6),
        approx(recorded('slo:period_burn_rate:ratio', slo), resume + 10, 0.5, 1e-6),
      ];
      return {
        groups,
        test: {
          interval: '1m',
          input_series: input,
          promql_expr_test: [...budgetChecks('flat'), ...budgetChecks('gappy')],
        },
      };
    },
  },

  {
    title: 'the budget remaining under spiky traffic is the event-weighted one computed by hand',
    build: (): BuiltScenario => {
      // GIVEN a 99%/1d SLO (budget 1%): 10 req/s with 0.5% errors, except one hour (13h–14h) at
      // 100 req/s with 2% errors; 27h of data.
      // WHEN evaluated at 26h, the 1d window [2h, 26h] lies inside the data and holds the whole spike.
      // By hand, over those 24 hours:
      //   errors = 23h × 3600 s × 10/s × 0.5%  +  1h × 3600 s × 100/s × 2%  =  4140 + 7200  =  11340
      //   events = 23h × 3600 s × 10/s         +  1h × 3600 s × 100/s       = 828000 + 360000 = 1188000
      //   ratio  = 11340 / 1188000 = 0.0095454…   budget remaining = 1 − 0.0095454… / 0.01 = 0.045454…
      // (promtool 2.x's inclusive range holds 1441 one-minute samples, one extra baseline minute:
      //  ratio 189.05 / 19810 = 0.0095432, remaining 0.04568, within 0.0003 of the hand value.)
      // Sloth's unweighted average of the 5m ratios would be (23 × 0.5% + 1 × 2%) / 24 = 0.5625%, i.e. a
      // budget remaining of 1 − 0.5625 = 0.4375: it hides most of the spike's cost.
      const slo = 'spiky';
      const groups = ruleGroupsFor(ratioSlo(slo, 'checkout', { target: 0.99, window: Duration.days(1), alerting: { enabled: false } }));
      const spikeStart = 13 * HOUR;
      const input = traffic('job="checkout"', [
        { minutes: spikeStart, rps: 10, errorRatio: 0.005 },
        { minutes: HOUR, rps: 100, errorRatio: 0.02 },
        { minutes: 27 * HOUR - spikeStart - HOUR, rps: 10, errorRatio: 0.005 },
      ]);
      const handRatio = 11340 / 1188000;
      const handRemaining = 1 - handRatio / 0.01;
      const slothRemaining = 1 - ((23 * 0.005 + 0.02) / 24) / 0.01;
      const evalAt = 26 * HOUR;
      const remaining = recorded('slo:period_error_budget_remaining:ratio', slo);
      // (the hand value is far from Sloth's unweighted average, or the check below would prove nothing)
      if (Math.abs(handRemaining - slothRemaining) <= 0.3) throw new Error('the spiky traffic does not separate the two budgets');

      return minuteScenario(groups, input, [
        // THEN the window's ratio and the budget remaining are the hand-computed ones
        approx(recorded('slo:sli_error:ratio_rate1d', slo), evalAt, handRatio, 0.00002),
        approx(remaining, evalAt, handRemaining, 0.002),
        // and far from the unweighted average of ratios
        {
          expr: `abs(max(${remaining}) - ${slothRemaining}) > bool 0.3`,
          eval_time: at(evalAt),
          exp_samples: [{ labels: '{}', value: 1 }],
        },
        // and the series around it agree: objective, budget, period burn rate
        approx(recorded('slo:objective:ratio', slo), evalAt, 0.99, 1e-9),
        approx(recorded('slo:error_budget:ratio', slo), evalAt, 0.01, 1e-9),
        approx(recorded('slo:period_burn_rate:ratio', slo), evalAt, handRatio / 0.01, 0.002),
      ]);
    },
  },

  {
    title: 'a 28-day window scales the factors: a 14x burn pages on 1h/5m at 28d but not at 30d',
    build: (): BuiltScenario => {
      // GIVEN two 99.9% SLOs over the same traffic, one with a 28d window and one with 30d, and an error
      // ratio of 1.4% at 100 req/s from the start, for 2h.
      // The 1h/5m thresholds: 28d: 0.02 × 28 × 24 × 0.1% = 1.344% < 1.4%;  30d: 0.02 × 30 × 24 × 0.1% = 1.44% > 1.4%.
      // (Both SLOs' 6h/30m pairs fire too (0.56% and 0.6%), which is why the checks name the 1h window.)
      const groups = ruleGroupsFor(
        ratioSlo('window-28d', 'checkout', { window: Duration.days(28) }),
        ratioSlo('window-30d', 'checkout', { window: Duration.days(30) }),
      );
      const end = 2 * HOUR;
      const input = traffic('job="checkout"', [{ minutes: end, rps: 100, errorRatio: 0.014 }]);
      const fastPage = `${CRITICAL},long_window="1h",short_window="5m"`;

      return minuteScenario(groups, input, [
        // THEN the 28d SLO's 1h/5m page fires at 30m, 60m and 90m (once the 1h window is full) ...
        firesAt('window-28d', fastPage, 30, true),
        firesAt('window-28d', fastPage, 60, true),
        firesAt('window-28d', fastPage, 90, true),
        // ... and the 30d SLO's 1h/5m page never fires (exhaustive over the 2 hours)
        firedBetween('window-30d', fastPage, 0, end, false),
        firesAt('window-30d', fastPage, 30, false),
        firesAt('window-30d', fastPage, 60, false),
        firesAt('window-30d', fastPage, 90, false),
        // and the thresholds are the scaled ones: the recorded 1h ratio is the same for both
        approx(recorded('slo:sli_error:ratio_rate1h', 'window-28d'), 90, 0.014, 1e-9),
        approx(recorded('slo:sli_error:ratio_rate1h', 'window-30d'), 90, 0.014, 1e-9),
      ]);
    },
  },

  {
    title: 'the minimum-events guard keeps a low-traffic service from paging on a handful of errors',
    build: (): BuiltScenario => {
      // GIVEN 0.05 req/s (3 requests a minute, 180 an hour): healthy for an hour, then one failed request
      // every 5 minutes from minute 65 to 90 (6 errors), then healthy again until 3h.
      // Any 5 consecutive minutes in 61–94 hold one error in 15 requests (6.7%); by 85m the 1h window
      // holds 4 of its 180 requests as errors (21/300 ÷ 3.05 ≈ 2.3% with the 5m smoothing) > 1.44%.
      // Two 99.9%/30d SLOs over it: `unguarded` (defaults) and `guarded` with minimumEvents 1000; the
      // longest window holds ~540 requests, so the guard holds everything back.
      const groups = ruleGroupsFor(
        ratioSlo('unguarded', 'quiet'),
        ratioSlo('guarded', 'quiet', { alerting: { minimumEvents: 1000 } }),
      );
      const end = 3 * HOUR;
      const input = quietServiceTraffic(end);

      return minuteScenario(groups, input, [
        // THEN without the guard the same traffic pages (so the guard is what keeps `guarded` quiet)
        firesAt('unguarded', `${CRITICAL},long_window="1h"`, 85, true),
        firesAt('unguarded', `${CRITICAL},long_window="1h"`, 90, true),
        // and with the guard no alert of any severity fires at any evaluation (exhaustive)
        firedBetween('guarded', '', 0, end, false),
        ...firesAtEvery('guarded', '', 60, end, 5, false),
      ]);
    },
  },

  {
    title: 'a grouped SLO alerts only for the route that burns, labelled with that route',
    build: (): BuiltScenario => {
      // GIVEN a 99.9%/30d SLO grouped by route over /pay and /cart at 50 req/s each; /cart never exported
      // a 5xx series; /pay is healthy for 2h and then fails every request.
      const slo = 'by-route';
      const groups = ruleGroupsFor(ratioSlo(slo, 'shop', {
        indicator: Sli.ratio({
          errors: 'http_requests_total{job="shop",code=~"5.."}',
          total: 'http_requests_total{job="shop"}',
          grouping: ['route'],
        }),
      }));
      const outageStart = 2 * HOUR;
      const end = 3 * HOUR;
      const input = [
        ...traffic('job="shop",route="/pay"', [
          { minutes: outageStart, rps: 50 },
          { minutes: end - outageStart, rps: 50, errorRatio: 1 },
        ]),
        ...traffic('job="shop",route="/cart"', [{ minutes: end, rps: 50 }], { errorSeries: false }),
      ];

      return minuteScenario(groups, input, [
        // THEN nothing fires before the outage
        firedBetween(slo, '', 0, outageStart, false),
        // WHEN /pay has failed for 10 minutes THEN the firing pages are exactly /pay's (no /cart, no route-less one)
        {
          expr: `max by (route) (${firingAlerts(slo, CRITICAL)})`,
          eval_time: at(outageStart + 10),
          exp_samples: [{ labels: '{route="/pay"}', value: 1 }],
        },
        // and /cart never has an alert of any severity (exhaustive)
        firedBetween(slo, 'route="/cart"', 0, end, false),
        // and /cart's ratio is a present 0 (no 5xx series at all), while /pay's is 100%
        approx(recorded('slo:sli_error:ratio_rate5m', slo, 'route="/cart"'), outageStart + 10, 0, 1e-9),
        approx(recorded('slo:sli_error:ratio_rate5m', slo, 'route="/pay"'), outageStart + 10, 1, 1e-9),
      ]);
    },
  },
];

/**
 * A low-traffic service (`job="quiet"`): 3 requests a minute for `minutes`, one of them failing every 5
 * minutes from minute 65 to 90 (6 errors).
 */
export function quietServiceTraffic(minutes: number) {
  const good: number[] = [];
  const bad: number[] = [];
  for (let minute = 1; minute <= minutes; minute++) {
    const error = minute >= 65 && minute <= 90 && minute % 5 === 0 ? 1 : 0;
    bad.push(error);
    good.push(3 - error);
  }
  return trafficFromIncrements('job="quiet"', good, bad);
}
