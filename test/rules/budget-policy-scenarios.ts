/**
 * Behavioural scenarios for the error-budget policy: synthetic traffic through an SLO's rules, proving when the policy steps (SloErrorBudgetPolicy, one per `budget_action`)
 * and the exhaustion forecast (SloErrorBudgetExhaustionForecast) fire. Each scenario states the traffic
 * (GIVEN), the time it looks at (WHEN) and the behaviour it requires (THEN), with the times derived in
 * comments from the window arithmetic. `budget-policy-scenarios.test.ts` runs them in `promtool test
 * rules`; `test/live/victoria-metrics-budget-policy.test.ts` runs the same ones on VictoriaMetrics + vmalert.
 *
 * The SLOs are 99% over 6h (budget 1%), so a scenario fills and drains the window within hours; burn-rate
 * alerting is off (its default pairs need a window of at least 3d). Times are minutes; T is the time
 * since the errors started.
 *
 * Arithmetic (promtool 2.x: every group runs every minute, the short-window group before the
 * long-window group that reads its ratios (expectScenarioInPromtool fixes that order; promtool's own is random);
 * a range [W] at t holds the samples in [t − W, t], both ends included, so the 6h window holds 361
 * samples of the 5-minute rates):
 * - with steady traffic and an error ratio e from T = 0 on, the 5m error rates recorded at T = 1 .. 4
 *   hold 1/5 .. 4/5 of e, from T = 5 all of it; so while the 6h window still reaches back before the
 *   errors (T ≤ 360) it holds T − 2 "full" error samples out of 361, and its error ratio is
 *   e × (T − 2) / 361;
 * - budget remaining = 1 − (window error ratio) / 1%; for e = 2% that is 1 − 2 (T − 2) / 361.
 * With MetricsQL's left-open ranges the 6h window holds 360 samples, one old sample fewer:
 * each number below is derived for either (`windowSamples`, `leftOpen`).
 */
import { Duration } from 'cdk8s';
import { Sli, SloProps } from '../../src';
import { BehaviourScenario, BuiltScenario, minuteScenario, PROMTOOL_ENGINE, ScenarioEngine } from '../helpers/scenario';
import { ruleGroupsFor } from '../helpers/synth';
import {
  approx, counterSamples, existedBetween, existsAt, ExprTest, HOUR, renderSamples, traffic,
} from '../helpers/traffic';

const SERVICE = 'shop';

/** A 99%/6h SLO over the requests of one job, with a review step below 25% left and a freeze below 10%. */
function policySlo(name: string, job: string, extra: Partial<SloProps> = {}): SloProps {
  return {
    service: SERVICE,
    name,
    target: 0.99,
    window: Duration.hours(6),
    indicator: Sli.ratio({ errors: `http_requests_total{job="${job}",code=~"5.."}`, total: `http_requests_total{job="${job}"}` }),
    alerting: { enabled: false },
    budgetPolicy: { steps: [{ action: 'review', remainingBelow: 0.25 }, { action: 'freeze', remainingBelow: 0.1 }] },
    ...extra,
  };
}

/** Firing alerts of one SLO of the shop, narrowed by extra matchers. */
function firing(slo: string, matchers = ''): string {
  return `ALERTS{alertstate="firing",slo_service="${SERVICE}",slo_name="${slo}"${matchers ? `,${matchers}` : ''}}`;
}

const POLICY = 'alertname="SloErrorBudgetPolicy"';
const REVIEW = `${POLICY},budget_action="review"`;
const FREEZE = `${POLICY},budget_action="freeze"`;
const FORECAST = 'alertname="SloErrorBudgetExhaustionForecast"';

/** A recorded series of one SLO of the shop. */
function recorded(metric: string, slo: string): string {
  return `${metric}{slo_service="${SERVICE}",slo_name="${slo}"}`;
}

/** Point checks every `step` minutes from `from` to `to`. */
function everyMinutes(from: number, to: number, step: number, check: (minute: number) => ExprTest): ExprTest[] {
  const checks: ExprTest[] = [];
  for (let minute = from; minute <= to; minute += step) checks.push(check(minute));
  return checks;
}

/** The samples of 5-minute rates a 6h window holds: 361 with closed ranges, 360 with left-open ones. */
function windowSamples(engine: ScenarioEngine): number {
  return engine.language === 'promql' ? 361 : 360;
}

export const BUDGET_POLICY_SCENARIOS: BehaviourScenario[] = [
  {
    title: 'a steady burn walks through the steps as bands: review, then freeze alone, and back as errors age out',
    build: (engine = PROMTOOL_ENGINE): BuiltScenario => {
      // GIVEN 100 req/s: 6h without errors (a full healthy window), then 2% errors (a 2x burn) for 3h,
      // then no errors again. S = 6h is when the errors start, T the minutes since.
      // Going down (T ≤ 360: the window holds T − 2 error samples): remaining = 1 − 2 (T − 2) / 361.
      // - review (remaining < 0.25): 2 (T − 2) / 361 > 0.75 ⟺ T − 2 > 135.4: from T = 138 (S + 2h18m);
      // - freeze (remaining < 0.1):  2 (T − 2) / 361 > 0.9  ⟺ T − 2 > 162.5: from T = 165 (S + 2h45m);
      //   and then review stops: its band is [0.1, 0.25).
      // - from T = 184 to T = 360 the window holds all 180 error minutes: 1 − 360/361 = 0.003 left.
      // Coming back: from T = 360 the window [T − 360, T] starts a = T − 360 minutes after the errors did;
      // for a ≥ 5 it holds 180 − a + 1 full error samples and 2 samples' worth of the ramp, 183 − a in all:
      // - freeze ends once 1 − 2 (183 − a) / 361 ≥ 0.1  ⟺ a ≥ 21: S + 6h21m, and review takes over;
      // - review ends once 1 − 2 (183 − a) / 361 ≥ 0.25 ⟺ a ≥ 48: S + 6h48m.
      // Left-open (360 samples): the same minutes going down (T − 2 > 135 and > 162); coming back the
      // window holds 182 − a, so freeze ends at a = 20 and review at a = 47, a minute earlier.
      const samples = windowSamples(engine);
      const leftOpen = engine.language === 'metricsql' ? 1 : 0;
      const freezeEnds = 21 - leftOpen;
      const reviewEnds = 48 - leftOpen;
      const slo = 'steps';
      const groups = ruleGroupsFor(policySlo(slo, 'steps'));
      const S = 6 * HOUR;
      const end = S + 7 * HOUR + 10;
      const input = traffic('job="steps"', [
        { minutes: S, rps: 100 },
        { minutes: 3 * HOUR, rps: 100, errorRatio: 0.02 },
        { minutes: end - S - 3 * HOUR, rps: 100 },
      ]);
      const remaining = recorded('slo:period_error_budget_remaining:ratio', slo);

      return minuteScenario(groups, input, [
        // THEN no policy alert fires while more than a quarter is left (exhaustive up to S + 2h10m: 0.291 left)
        existedBetween(firing(slo, POLICY), 0, S + 130, false),
        approx(remaining, S + 130, 1 - 2 * 128 / samples, 1e-9),
        // WHEN 2h20m .. 2h40m into the burn (0.236 .. 0.125 left) THEN review fires, and freeze never did
        ...everyMinutes(S + 140, S + 160, 5, (m) => existsAt(firing(slo, REVIEW), m, true)),
        existedBetween(firing(slo, FREEZE), 0, S + 160, false),
        // WHEN 2h50m into the burn (0.069 left) THEN freeze fires, and review has stopped
        approx(remaining, S + 170, 1 - 2 * 168 / samples, 1e-9),
        existsAt(firing(slo, FREEZE), S + 170, true),
        existsAt(firing(slo, REVIEW), S + 170, false),
        // and freeze alone fires until the errors start to leave the window: review never fires from
        // S + 2h50m to S + 6h15m (exhaustive), freeze is on at every quarter hour of it
        existedBetween(firing(slo, REVIEW), S + 170, S + 375, false),
        ...everyMinutes(S + 180, S + 375, 15, (m) => existsAt(firing(slo, FREEZE), m, true)),
        // WHEN S + 6h25m .. S + 6h40m (a = 25 .. 40: 0.125 .. 0.208 left) THEN review is back, freeze is gone
        ...everyMinutes(S + 385, S + 400, 5, (m) => existsAt(firing(slo, REVIEW), m, true)),
        existedBetween(firing(slo, FREEZE), S + 385, end, false),
        approx(remaining, S + 400, 1 - 2 * (143 - leftOpen) / samples, 1e-9),
        // WHEN from S + 6h55m (a = 55: 0.291 left) THEN no policy alert fires any more (exhaustive)
        existedBetween(firing(slo, POLICY), S + 415, end, false),
        // and the transitions are at the minutes derived above: review at T = 138, freeze (alone) at 165,
        // back to review at S + 6h21m, nothing from S + 6h48m
        existsAt(firing(slo, REVIEW), S + 137, false),
        existsAt(firing(slo, REVIEW), S + 138, true),
        existsAt(firing(slo, FREEZE), S + 164, false),
        existsAt(firing(slo, FREEZE), S + 165, true),
        existsAt(firing(slo, REVIEW), S + 165, false),
        existsAt(firing(slo, FREEZE), S + 360 + freezeEnds - 1, true),
        existsAt(firing(slo, REVIEW), S + 360 + freezeEnds, true),
        existsAt(firing(slo, FREEZE), S + 360 + freezeEnds, false),
        existsAt(firing(slo, REVIEW), S + 360 + reviewEnds - 1, true),
        existsAt(firing(slo, POLICY), S + 360 + reviewEnds, false),
        // and at no evaluation of the whole run did two steps fire at once (subquery over every minute)
        {
          expr: `max_over_time((count(${firing(slo, POLICY)}) or vector(0))[${end}m:1m])`,
          eval_time: `${end}m`,
          exp_samples: [{ labels: '{}', value: 1 }],
        },
      ]);
    },
  },
  {
    title: 'the forecast fires when the recent error rate would spend what is left within the horizon, not at a low rate',
    build: (engine = PROMTOOL_ENGINE): BuiltScenario => {
      // GIVEN two SLOs over 100 req/s, healthy for 6h (S), then a steady error ratio until S + 6h:
      // `fast` at 2% (a 2x burn) and `slow` at 0.5% (0.5x).
      // The default forecast of a 6h window: lookback = min(1d, 6h/4) = 1h30m, horizon = 6h/4 = 1h30m.
      // It fires while remaining × 6h / burn(1h30m) < 1h30m, i.e. remaining < burn / 4, and remaining > 0.
      // fast: remaining = 1 − 2 (T − 2) / 361 (T ≤ 360); burn(1h30m) = 2 once the lookback holds only
      //   errors (T ≥ 95) and 2 (T − 2) / 91 before (T ≤ 90).
      //   - T ≤ 90: 1 − 2y/361 < 2y/364 needs y = T − 2 > 90.6: never;
      //   - T ≥ 95: remaining < 0.5 ⟺ T − 2 > 90.25: always (T = 93, 94 fire too, by a hair);
      //   - remaining ≤ 0 from T = 183 (1 − 362/361): the budget is spent and the forecast stops.
      //   Left-open (360 samples): the same start (T − 2 > 90); remaining is 0 at T = 182 (1 − 360/360),
      //   so the forecast stops a minute earlier.
      //   So it fires from about S + 1h33m to S + 3h2m: at S + 1h40m 0.457 is left, spent in
      //   0.457 × 6h / 2 = 49 minutes; the review step (below 0.25) only comes at S + 2h18m.
      // slow: remaining ≥ 1 − 0.5 = 0.5 at all times while burn / 4 ≤ 0.125: it never fires.
      const S = 6 * HOUR;
      const end = S + 6 * HOUR;
      const samples = windowSamples(engine);
      const lastForecast = samples === 361 ? 182 : 181;
      const groups = ruleGroupsFor(policySlo('fast', 'fast'), policySlo('slow', 'slow'));
      const input = [
        ...traffic('job="fast"', [{ minutes: S, rps: 100 }, { minutes: end - S, rps: 100, errorRatio: 0.02 }]),
        ...traffic('job="slow"', [{ minutes: S, rps: 100 }, { minutes: end - S, rps: 100, errorRatio: 0.005 }]),
      ];

      return minuteScenario(groups, input, [
        // THEN fast: no forecast up to S + 1h25m (exhaustive: 0.540 left, spent in 1h47m at 1.82x)
        existedBetween(firing('fast', FORECAST), 0, S + 85, false),
        // WHEN S + 1h40m .. S + 3h THEN the forecast fires, with the default 1h30m lookback recorded at 2%
        ...everyMinutes(S + 100, S + 180, 10, (m) => existsAt(firing('fast', FORECAST), m, true)),
        approx(recorded('slo:sli_error:ratio_rate1h30m', 'fast'), S + 120, 0.02, 1e-9),
        // and it starts and stops at the minutes derived above: T = 93 and after T = 182
        existsAt(firing('fast', FORECAST), S + 92, false),
        existsAt(firing('fast', FORECAST), S + 93, true),
        existsAt(firing('fast', FORECAST), S + lastForecast, true),
        existsAt(firing('fast', FORECAST), S + lastForecast + 1, false),
        // and it is the early warning: at S + 1h40m no policy step fires yet
        existsAt(firing('fast', POLICY), S + 100, false),
        // WHEN the budget is spent (from S + 3h3m) THEN the forecast stops for good and freeze is on
        existedBetween(firing('fast', FORECAST), S + 185, end, false),
        existsAt(firing('fast', FREEZE), S + 190, true),
        // THEN slow: nothing fires at any evaluation (exhaustive), though errors burn all along
        existedBetween(firing('slow'), 0, end, false),
        ...everyMinutes(S + 30, end, 30, (m) => existsAt(firing('slow', FORECAST), m, false)),
        approx(recorded('slo:sli_error:ratio_rate1h30m', 'slow'), end, 0.005, 1e-9),
        approx(recorded('slo:period_error_budget_remaining:ratio', 'slow'), end, 1 - 0.5 * 358 / samples, 1e-9),
      ]);
    },
  },
  {
    title: 'policy and forecast alerts carry the SLO identity labels and a rendered description',
    build: (): BuiltScenario => {
      // GIVEN 1000 req/s with 0.97% errors from the start (582 of every 60000 a minute), team label "web",
      // and a freeze step with a description. Every window's ratio is 0.97%, so at 2h:
      // - remaining = 1 − 0.97 = 0.03: below 0.1, so freeze fires and review (its band [0.1, 0.25)) does not;
      // - the forecast: 0.03 × 21600 s / 0.97 = 668.04 s ("11m 8s") < 5400 s, and 0.03 > 0: it fires.
      const slo = 'steady';
      const groups = ruleGroupsFor(policySlo(slo, 'steady', {
        labels: { team: 'web' },
        budgetPolicy: {
          steps: [
            { action: 'review', remainingBelow: 0.25 },
            { action: 'freeze', remainingBelow: 0.1, description: 'freeze feature releases' },
          ],
        },
      }));
      const minutes = 3 * HOUR;
      const input = [
        { series: 'http_requests_total{job="steady",code="200"}', values: renderSamples(counterSamples(Array(minutes).fill(60000 - 582))) },
        { series: 'http_requests_total{job="steady",code="500"}', values: renderSamples(counterSamples(Array(minutes).fill(582))) },
      ];
      const identity = { slo_service: SERVICE, slo_name: slo, team: 'web', severity: 'warning' };

      return {
        groups,
        test: {
          interval: '1m',
          input_series: input,
          alert_rule_test: [
            {
              eval_time: '2h',
              alertname: 'SloErrorBudgetPolicy',
              exp_alerts: [{
                exp_labels: { ...identity, budget_action: 'freeze' },
                exp_annotations: {
                  summary: 'shop steady SLO has less than 10% of its error budget left: freeze',
                  description: '3% of the error budget of shop steady is left over the last 6h, below the freeze threshold of 10%. '
                    + 'Policy: freeze feature releases.',
                },
              }],
            },
            {
              eval_time: '2h',
              alertname: 'SloErrorBudgetExhaustionForecast',
              exp_alerts: [{
                exp_labels: identity,
                exp_annotations: {
                  summary: 'shop steady SLO will run out of error budget within 1h30m at the error rate of the last 1h30m',
                  description: 'At the error rate of the last 1h30m, the error budget of shop steady left over the last 6h '
                    + 'is spent in 11m 8s, sooner than the forecast horizon of 1h30m.',
                },
              }],
            },
          ],
          promql_expr_test: [
            approx(recorded('slo:period_error_budget_remaining:ratio', slo), 2 * HOUR, 0.03, 1e-9),
          ],
        },
      };
    },
  },
];
