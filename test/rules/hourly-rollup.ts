/**
 * Scenarios: windows of a day and longer are summed from hourly rollups (src/rules/hourly-rollup.ts). They must read
 * exactly the rate samples that a plain `sum_over_time(rate[W])` reads, at every evaluation, not only at
 * hour boundaries: here both are computed side by side in `promtool test rules`, over spiky traffic and
 * more history than the window holds, and must agree to float precision.
 *
 * promtool evaluates every group at the test's evaluation interval. With 1m the evaluations fall on
 * whole minutes and hours (as in the other scenarios); with 47s they fall anywhere in the hour, as a
 * live Prometheus's evaluations do, so the hour boundaries land between samples.
 *
 * `hourly-rollup.test.ts` runs these scenarios in `promtool test rules` (and `prometheus3/` with
 * Prometheus 3's ranges); `test/live/victoria-metrics-rule-scenarios.test.ts` on VictoriaMetrics + vmalert.
 */
import { Duration } from 'cdk8s';
import { Sli, SloProps } from '../../src';
import { BehaviourScenario, minuteScenario } from '../helpers/scenario';
import { ruleGroupsFor } from '../helpers/synth';
import { DAY, ExprTest, HOUR, spikyTraffic, traffic } from '../helpers/traffic';

const MINUTES = 2 * DAY + 20 * HOUR;

function slo(name: string, window: Duration, grouping?: string[]): SloProps {
  return {
    service: 'checkout',
    name,
    target: 0.99,
    window,
    alerting: { disabledWindows: [Duration.days(3)] },
    indicator: Sli.ratio({
      errors: `http_requests_total{job="${name}",code=~"5.."}`,
      total: `http_requests_total{job="${name}"}`,
      ...(grouping ? { grouping } : {}),
    }),
  };
}

/** The plain, minute-by-minute form of a window's error ratio, by `by`. */
function plainRatio(name: string, window: string, by: string): string {
  const sum = (metric: string) => `sum by (${by}) (sum_over_time(${metric}{slo_service="checkout",slo_name="${name}"}[${window}]))`;
  return `${sum('slo:sli_errors:rate5m')} / ${sum('slo:sli_total:rate5m')}`;
}

/** The recorded window ratio equals the plain one at `seconds`, for each expected group. */
function agreesAt(name: string, window: string, seconds: number, groups: string[]): ExprTest {
  const by = groups.length > 1 ? 'route' : '';
  const recorded = `max by (${by}) (slo:sli_error:ratio_rate${window}{slo_service="checkout",slo_name="${name}"})`;
  return {
    expr: `abs(${recorded} - on (${by}) (${plainRatio(name, window, by)})) < bool 1e-12`,
    eval_time: `${seconds}s`,
    exp_samples: groups.map((labels) => ({ labels, value: 1 })),
  };
}

/** The SLOs of the scenarios: 25h, an odd number of hours (the oldest hour has the other parity than the current one), and 2d by route. */
export function hourlyRollupGroups(): any[] {
  return ruleGroupsFor(
    slo('odd-hours', Duration.hours(25)),
    slo('by-route', Duration.days(2), ['route']),
  );
}

function input(): any[] {
  return [
    ...traffic('job="odd-hours"', spikyTraffic(1, MINUTES)),
    ...traffic('job="by-route",route="/cart"', spikyTraffic(2, MINUTES)),
    ...traffic('job="by-route",route="/pay"', spikyTraffic(3, MINUTES)),
  ];
}

export const HOURLY_ROLLUP_SCENARIOS: BehaviourScenario[] = [
  { interval: '1m', seconds: 60 },
  { interval: '47s', seconds: 47 },
].map(({ interval, seconds }) => ({
  title: `evaluated every ${interval}: equal at every checked evaluation after the first day`,
  build: () => {
    const checks: ExprTest[] = [];
    // Every 97th evaluation from 26h on: times spread over every position in the hour.
    const first = Math.ceil((26 * HOUR * 60) / seconds);
    const last = Math.floor((MINUTES * 60) / seconds);
    for (let evaluation = first; evaluation <= last; evaluation += 97) {
      const time = evaluation * seconds;
      checks.push(agreesAt('odd-hours', '1d1h', time, ['{}']));
      checks.push(agreesAt('odd-hours', '1d', time, ['{}']));
      checks.push(agreesAt('by-route', '1d', time, ['{route="/cart"}', '{route="/pay"}']));
      if (time >= 2 * DAY * 60) checks.push(agreesAt('by-route', '2d', time, ['{route="/cart"}', '{route="/pay"}']));
    }
    expect(checks.length).toBeGreaterThan(80);
    return minuteScenario(hourlyRollupGroups(), input(), checks, interval);
  },
}));
