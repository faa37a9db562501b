/**
 * A short-window group evaluated every 15 s (the VictoriaMetrics default), evaluated at 15 s as the rules
 * say: the page still fires, and every count of events (the minimum-events guard, a calendar period's
 * events) is a count, not four times one: the rules multiply the sums of rate samples by the 15 s
 * spacing, not by 60 s. `short-window-interval.test.ts` runs these scenarios in `promtool test rules`;
 * `test/live/victoria-metrics-rule-scenarios.test.ts` on VictoriaMetrics + vmalert.
 *
 * The inputs are scraped every minute (`interval: '1m'`); only the rules run four times as often.
 */
import { Chart, Testing } from 'cdk8s';
import { quietServiceTraffic, ratioSlo } from './behaviour-scenarios';
import { CalendarWindow, RuleEngine, Sli, Slo, SloProps } from '../../src';
import { BehaviourScenario, minuteScenario, PROMTOOL_ENGINE } from '../helpers/scenario';
import { ruleGroupsFor } from '../helpers/synth';
import {
  approx, counterSamples, existedBetween, existsAt, ExprTest, HOUR, Segment, segmentIncrements, trafficFromIncrements,
} from '../helpers/traffic';

/** The rule groups of SLOs synthesized with `RuleEngine.victoriaMetrics()`, as its VMRule objects hold them. */
export function vmRuleGroupsFor(...sloProps: SloProps[]): any[] {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'monitoring' });
  sloProps.forEach((props, index) => new Slo(chart, `slo${index}`, { ...props, engine: RuleEngine.victoriaMetrics() }));
  const objects = Testing.synth(chart);
  expect(objects.every((o: any) => o.kind === 'VMRule')).toBe(true);
  return objects.flatMap((o: any) => o.spec.groups);
}

function firing(slo: string, matchers = ''): string {
  return `ALERTS{alertstate="firing",slo_service="checkout",slo_name="${slo}"${matchers ? `,${matchers}` : ''}}`;
}

const PAGE = 'severity="critical",long_window="1h"';

/** GIVEN 10 req/s with 0.1% errors for 2 hours, then every request fails. */
function outageTraffic(): any[] {
  const segments: Segment[] = [{ minutes: 2 * HOUR, rps: 10, errorRatio: 0.001 }, { minutes: HOUR, rps: 10, errorRatio: 1 }];
  const { good, bad } = segmentIncrements(segments);
  return trafficFromIncrements('job="shop"', good, bad);
}

/** THEN (15 s) no page before the outage, and a page within minutes of it, every evaluation after. */
function outageChecks(): ExprTest[] {
  return [
    existedBetween(firing('outage', PAGE), 0, 2 * HOUR, false),
    existsAt(firing('outage', PAGE), 2 * HOUR + 5, true),
    existsAt(firing('outage', PAGE), 3 * HOUR, true),
    // the ratios are the same as with 1-minute samples: steady traffic, 0.1% errors
    approx('slo:sli_error:ratio_rate1h{slo_name="outage"}', 2 * HOUR, 0.001, 1e-9),
  ];
}

export const SHORT_WINDOW_INTERVAL_SCENARIOS: BehaviourScenario[] = [
  {
    title: 'an outage pages as it does with the rules evaluated every minute',
    build: () => minuteScenario(vmRuleGroupsFor(ratioSlo('outage', 'shop')), outageTraffic(), outageChecks(), '15s'),
  },
  {
    title: 'an outage: the same checks pass for the rules of Prometheus, every minute (the reference)',
    build: () => minuteScenario(ruleGroupsFor(ratioSlo('outage', 'shop')), outageTraffic(), outageChecks(), '1m'),
  },
  {
    title: 'the minimum-events guard holds back the same pages as at 60 s: its count is not four times too high, nor too low',
    build: () => {
      // GIVEN the guard scenario's traffic (behaviour-scenarios.ts): 3 requests a minute, one failed request
      // every 5 minutes from minute 65 to 90. The 1h window holds 180 requests, the longest window ~540.
      // `guarded` (1000 events) must stay quiet: 4 × 540 = 2160 would pass the guard. `low-guard` (150
      // events) must page as `unguarded` does: a quarter of 180 (45) would not pass it.
      const groups = vmRuleGroupsFor(
        ratioSlo('unguarded', 'quiet'),
        ratioSlo('guarded', 'quiet', { alerting: { minimumEvents: 1000 } }),
        ratioSlo('low-guard', 'quiet', { alerting: { minimumEvents: 150 } }),
      );
      const end = 3 * HOUR;
      return minuteScenario(groups, quietServiceTraffic(end), [
        existsAt(firing('unguarded', PAGE), 85, true),
        existsAt(firing('unguarded', PAGE), 90, true),
        existsAt(firing('low-guard', PAGE), 85, true),
        existsAt(firing('low-guard', PAGE), 90, true),
        existedBetween(firing('guarded'), 0, end, false),
      ], '15s');
    },
  },
  {
    title: 'a calendar month counts its events exactly: slo:period_sli_total:increase equals the raw counters\' increase',
    calendar: true,
    build: (engine = PROMTOOL_ENGINE) => {
      // GIVEN a UTC month starting at the scenario's start (1970-01-01 00:00 UTC): 10 req/s with 0.1%
      // errors for 3 hours, then 30 req/s with 1% errors for 3 hours. Where the traffic was steady over the
      // five minutes before the check (and it was over the period's first five), the count is exact.
      // The rules add back each end's five minutes, counted in part, as (300 s − 15 s) / 2 = 142.5 s of its
      // rate: the average over how scrapes fall between evaluations, and exactly promtool's shortfall here.
      // With MetricsQL's rate and the scrapes on whole minutes, as here, the scrape at T − j minutes is seen
      // by 4j + 1 of its 20 evaluations: the last five minutes fall (19 + 15 + 11 + 7 + 3) / 20 minutes =
      // 165 s short, the first five as much over, so the count is 22.5 s × (rate at the start − rate now)
      // off: exact while the rate is the period's first, 450 events short at 30 req/s after 10.
      const segments: Segment[] = [{ minutes: 3 * HOUR, rps: 10, errorRatio: 0.001 }, { minutes: 3 * HOUR, rps: 30, errorRatio: 0.01 }];
      const { good, bad } = segmentIncrements(segments);
      const goodCounter = counterSamples(good);
      const badCounter = counterSamples(bad);
      const endOffSeconds = engine.language === 'metricsql' ? 165 - 142.5 : 0;
      /** The rate over the five minutes before `minute` (steady at every check), all events and bad ones. */
      const increase = (counter: Array<number | null>, minute: number) => (counter[minute] as number) - (counter[minute - 5] as number);
      const rateBefore = (minute: number) => ({
        all: (increase(goodCounter, minute) + increase(badCounter, minute)) / 300,
        errors: increase(badCounter, minute) / 300,
      });
      const first = rateBefore(10);
      const groups = vmRuleGroupsFor(ratioSlo('monthly', 'month', { calendarWindow: CalendarWindow.MONTH }));
      expect(groups.map((g) => g.interval)).toEqual(['15s', '4m']);
      const checks: ExprTest[] = [];
      for (const minute of [30, 90, 2 * HOUR + 7, 3 * HOUR, 3 * HOUR + 30, 5 * HOUR + 11, 6 * HOUR]) {
        const now = rateBefore(minute);
        const all = (goodCounter[minute] as number) + (badCounter[minute] as number) + endOffSeconds * (first.all - now.all);
        const errors = (badCounter[minute] as number) + endOffSeconds * (first.errors - now.errors);
        checks.push(approx('slo:period_sli_total:increase{slo_name="monthly"}', minute, all, all * 1e-9));
        checks.push(approx('slo:period_sli_errors:increase{slo_name="monthly"}', minute, errors, Math.max(errors * 1e-9, 1e-9)));
      }
      // e.g. 6 hours: 3 × 3600 × 10 + 3 × 3600 × 30 = 432,000 events (four times that would be 1,728,000)
      expect((goodCounter[6 * HOUR] as number) + (badCounter[6 * HOUR] as number)).toBeCloseTo(432_000, 6);
      return minuteScenario(groups, trafficFromIncrements('job="month"', good, bad), checks, '15s');
    },
  },
  {
    title: 'time slices stay one minute long at 15 s: a gauge-threshold SLO sampled 4 times a minute counts one event a minute, and its bad minutes',
    calendar: true,
    build: () => {
      // GIVEN a queue depth of 10, above the maximum of 100 (500) from minute 60 to minute 90, for 3 hours;
      // a calendar month from the scenario's start.
      const depth = Array.from({ length: 3 * HOUR + 1 }, (_, minute) => (minute >= 60 && minute < 90 ? 500 : 10));
      const groups = vmRuleGroupsFor({
        service: 'checkout',
        name: 'queue',
        target: 0.99,
        calendarWindow: CalendarWindow.MONTH,
        indicator: Sli.gaugeThreshold({ metric: 'queue_depth{job="q"}', maximum: 100 }),
      });
      const events = (rate: string) => `sum_over_time(${rate}{slo_name="queue"}[1h]) * 15`;
      // THEN each 1h window holds 60 events (one more sample, a quarter of a minute, with Prometheus 2's
      // closed ranges), the one over minutes 60-120 30 bad ones, and the month so far 180 (its first five
      // minutes are left out and added back as for 5-minute rates: within a minute).
      return minuteScenario(groups, [{ series: 'queue_depth{job="q"}', values: depth.join(' ') }], [
        approx(events('slo:sli_total:rate5m'), 50, 50, 0.3), // 50 minutes of data so far
        approx(events('slo:sli_total:rate5m'), 2 * HOUR, 60, 0.3),
        approx(events('slo:sli_errors:rate5m'), 2 * HOUR, 30, 0.3),
        approx('slo:sli_error:ratio_rate1h{slo_name="queue"}', 2 * HOUR, 0.5, 0.01),
        approx('slo:period_sli_total:increase{slo_name="queue"}', 3 * HOUR, 180, 1),
        approx('slo:period_sli_errors:increase{slo_name="queue"}', 3 * HOUR, 30, 0.3),
      ], '15s');
    },
  },
];
