/**
 * Behavioural scenarios for the service templates: synthetic series named exactly as each template's
 * default metrics (with the selector's labels) run through the synthesized rules, proving which alerts
 * fire, when, at which severity and to which channel. Each scenario states the input (GIVEN), the time
 * it looks at (WHEN) and the behaviour it requires (THEN); the times are derived in comments from the
 * window arithmetic. `template-scenarios.test.ts` runs them in `promtool test rules`;
 * `test/live/victoria-metrics-templates.test.ts` runs the same ones on VictoriaMetrics + vmalert.
 *
 * Notes on promtool 2.x used below (see test/rules/scenarios.test.ts):
 * - every group is evaluated every minute, whatever its own interval, in the order synthesized (short-
 *   window group first; expectScenarioInPromtool passes that order, promtool's own order is random);
 * - a range `[W]` at time t holds the samples in [t - W, t], both ends included (a 1h window: 61);
 * - the increment of minute m (between samples m-1 and m) is seen by the 5m rates recorded at m .. m+4,
 *   so k minutes into a total outage the 5m error rates recorded so far add up to 0.2 + 0.4 + 0.6 +
 *   0.8 + 1 + ... (= k - 2 full minutes for k ≥ 4) while the total rates are full;
 * - `time()` is the evaluation time in seconds from the start of the test: a timestamp gauge with value
 *   V says "at V seconds after the start" (negative: before the start); on an engine whose time 0 is
 *   elsewhere, the gauge holds that time 0 + V (`unixTimes`).
 *
 * Tier thresholds (error ratio over both windows of a pair) = factor × (1 − target):
 *   factors 14.4 (1h/5m), 6 (6h/30m), 3 (1d/2h), 1 (3d/6h) for the 30-day default window;
 *   CRITICAL 99.95% / latency 99.9%, ESSENTIAL 99.9%, STANDARD 99.5% / latency 99%.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import {
  ApiServiceSlo, BatchPipelineSlo, DatabaseSlo, ServiceTier, StreamingServiceSlo, WebServiceSlo,
} from '../../src';
import { BehaviourScenario, BuiltScenario, minuteScenario, PROMTOOL_ENGINE, ScenarioEngine } from '../helpers/scenario';
import { ruleGroupsOf } from '../helpers/synth';
import {
  approx, counterSamples, existedBetween, existsAt, ExprTest, gaugeSamples, HOUR,
  renderSamples, segmentIncrements, traffic,
} from '../helpers/traffic';

/** The rule groups of the templates built in a fresh chart (namespace `monitoring`). */
function templateGroups(build: (chart: Chart) => void): any[] {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'monitoring' });
  build(chart);
  return ruleGroupsOf(Testing.synth(chart));
}

/** Firing alerts of one SLO of a service, narrowed by extra matchers such as `severity="critical"`. */
function firing(service: string, slo: string, matchers = ''): string {
  return `ALERTS{alertstate="firing",slo_service="${service}",slo_name="${slo}"${matchers ? `,${matchers}` : ''}}`;
}

/** A recorded series of one SLO of a service. */
function recorded(metric: string, service: string, slo: string): string {
  return `${metric}{slo_service="${service}",slo_name="${slo}"}`;
}

/** Point checks every `step` minutes from `from` to `to`. */
function everyMinutes(from: number, to: number, step: number, check: (minute: number) => ExprTest): ExprTest[] {
  const checks: ExprTest[] = [];
  for (let minute = from; minute <= to; minute += step) checks.push(check(minute));
  return checks;
}

/** A monotonic counter series from per-minute increments. */
function counter(series: string, increments: number[]) {
  return { series, values: renderSamples(counterSamples(increments)) };
}

/**
 * Timestamp samples written as seconds after time 0 (−86400: a day before the scenario starts), as the
 * Unix times the exporter would write for an engine whose time 0 is `engine.timeZeroSeconds`.
 */
function unixTimes(engine: ScenarioEngine, samples: Array<number | null>): Array<number | null> {
  return samples.map((seconds) => (seconds === null ? null : engine.timeZeroSeconds + seconds));
}

/** A gauge series from its per-minute samples. */
function gauge(series: string, samples: Array<number | null>) {
  return { series, values: renderSamples(samples) };
}

/**
 * Burn-rate alerts only. The error-budget policy's alerts (SloErrorBudgetPolicy) are tickets too
 * (severity warning, channel slack-incidents), and the 30-day window of these scenarios holds only the
 * hours of history the test has, so a few bad minutes already overspend it: ticket checks name the
 * burn-rate alert to prove the burn-rate arithmetic.
 */
const BURN = 'alertname="SloErrorBudgetBurn"';
const PAGE = `${BURN},severity="critical",channel="pagerduty-critical"`;
const TICKET = `${BURN},severity="warning",channel="slack-incidents"`;
const CRITICAL = 'severity="critical"';
const WARNING = `${BURN},severity="warning"`;

/** The rule groups of the ApiServiceSlo on its default metrics scenarios. */
function apiServiceGroups(): any[] {
  return templateGroups((chart) => new ApiServiceSlo(chart, 'payments', {
    service: 'payments', tier: ServiceTier.CRITICAL, selector: { job: 'payments' }, latencyThreshold: Duration.millis(250),
  }));
}

/** The rule groups of the BatchPipelineSlo on its default metrics scenarios. */
function batchPipelineGroups(): any[] {
  return templateGroups((chart) => new BatchPipelineSlo(chart, 'nightly-etl', {
    service: 'nightly-etl', tier: ServiceTier.STANDARD, selector: { job: 'etl' }, maxStaleness: Duration.hours(26),
  }));
}

/** The rule groups of the BatchPipelineSlo on kube-state-metrics scenarios. */
function kubeStateBatchGroups(): any[] {
  return templateGroups((chart) => new BatchPipelineSlo(chart, 'etl', {
    service: 'etl',
    tier: ServiceTier.STANDARD,
    cronJob: { name: 'etl', namespace: 'data' },
    maxStaleness: Duration.hours(26),
    maxDuration: Duration.minutes(20),
  }));
}

/** A gauge that exists from `from` (missing before) and takes `value(minute)`. */
function jobGauge(series: string, from: number, end: number, value: (minute: number) => number) {
  return gauge(series, Array.from({ length: end + 1 }, (_, m) => m).map((m) => (m < from ? null : value(m))));
}

export const TEMPLATE_SCENARIOS: BehaviourScenario[] = [
  {
    title: 'ApiServiceSlo on its default metrics: CRITICAL tier: a total 5xx outage pages pagerduty-critical within minutes',
    build: (): BuiltScenario => {
      const service = 'payments';
      // GIVEN http_requests_total{job="payments"} at 100 req/s, all code="200" for 2h, then all code="500" for 1h.
      // CRITICAL availability 99.95%: the 1h/5m page is at 14.4 × 0.05% = 0.72%, the 6h/30m page at 0.3%.
      // k minutes into the outage the 1h ratio is (0.2 + 0.4 + ...) / 61: k=1: 0.2/61 = 0.33% (no page);
      // k=2: 0.6/61 = 0.98% > 0.72% with the 5m ratio at 40%: the 1h/5m page fires at outage + 2m.
      // (6h/30m: k=2: 0.6/361 = 0.17%, k=3: 1.2/361 = 0.33% > 0.3%: it follows at outage + 3m.)
      const groups = apiServiceGroups();
      const outageStart = 2 * HOUR;
      const end = 3 * HOUR;
      const input = traffic('job="payments"', [
        { minutes: outageStart, rps: 100 },
        { minutes: end - outageStart, rps: 100, errorRatio: 1 },
      ]);

      return minuteScenario(groups, input, [
        // THEN no alert of any kind fires for the service before the outage (exhaustive)
        existedBetween(`ALERTS{slo_service="${service}"}`, 0, outageStart, false),
        // WHEN the outage is 1 minute old THEN nothing pages yet
        existsAt(firing(service, 'availability', CRITICAL), outageStart + 1, false),
        // WHEN it is 2 minutes old THEN the 1h/5m pair pages, routed to pagerduty-critical
        existsAt(firing(service, 'availability', `${PAGE},long_window="1h",short_window="5m"`), outageStart + 2, true),
        // and a page is on at 5 minutes and for the rest of the outage
        ...everyMinutes(outageStart + 5, end, 5, (m) => existsAt(firing(service, 'availability', PAGE), m, true)),
        // and no critical alert of the service is ever routed elsewhere (exhaustive)
        existedBetween(`ALERTS{slo_service="${service}",severity="critical",channel!="pagerduty-critical"}`, 0, end, false),
        // and the outage is seen as 100% errors on the default metric with the selector
        approx(recorded('slo:sli_error:ratio_rate5m', service, 'availability'), outageStart + 10, 1, 1e-9),
      ]);
    },
  },
  {
    title: 'ApiServiceSlo on its default metrics: CRITICAL tier: requests slower than the 250ms threshold page on the latency SLO',
    build: (): BuiltScenario => {
      const service = 'payments';
      // GIVEN 50 req/s, all answered with code="200"; for 2h every request takes ~50ms (every bucket
      // counts it), then every request takes ~300ms: `le="0.1"` and `le="0.25"` stop rising while
      // `le="0.5"`, `le="+Inf"` and `_count` keep counting. (A threshold of 0.5s, the API default, would
      // see no slow request at all: the le="0.5" bucket keeps up with _count.)
      // CRITICAL latency 99.9%: the 1h/5m page is at 14.4 × 0.1% = 1.44%. k minutes into the slowdown the
      // 1h ratio is k=2: 0.6/61 = 0.98% (no page); k=3: 1.2/61 = 1.97% > 1.44%: it pages at slowdown + 3m.
      const groups = apiServiceGroups();
      const slowStart = 2 * HOUR;
      const end = 3 * HOUR;
      const perMinute = 50 * 60;
      const minutes = end;
      const all = Array.from({ length: minutes }, () => perMinute);
      const fastOnly = Array.from({ length: minutes }, (_, m) => (m < slowStart ? perMinute : 0));
      const histogram = (suffix: string, labels: string) => `http_request_duration_seconds_${suffix}{job="payments"${labels}}`;
      const input = [
        ...traffic('job="payments"', [{ minutes, rps: 50 }]),
        counter(histogram('bucket', ',le="0.1"'), fastOnly),
        counter(histogram('bucket', ',le="0.25"'), fastOnly),
        counter(histogram('bucket', ',le="0.5"'), all),
        counter(histogram('bucket', ',le="+Inf"'), all),
        counter(histogram('count', ''), all),
      ];

      return minuteScenario(groups, input, [
        // THEN nothing fires while requests are fast (exhaustive)
        existedBetween(`ALERTS{slo_service="${service}"}`, 0, slowStart, false),
        // WHEN the slowdown is 2 minutes old THEN no page yet; at 3 minutes the latency SLO pages
        existsAt(firing(service, 'latency', CRITICAL), slowStart + 2, false),
        existsAt(firing(service, 'latency', `${PAGE},long_window="1h",short_window="5m"`), slowStart + 3, true),
        ...everyMinutes(slowStart + 5, end, 5, (m) => existsAt(firing(service, 'latency', PAGE), m, true)),
        // and every request counts as slow: the 5m ratio is 1 (and it was 0 before)
        approx(recorded('slo:sli_error:ratio_rate5m', service, 'latency'), slowStart, 0, 1e-9),
        approx(recorded('slo:sli_error:ratio_rate5m', service, 'latency'), slowStart + 10, 1, 1e-9),
        // and availability, with no 5xx at all, never alerts (exhaustive)
        existedBetween(firing(service, 'availability'), 0, end, false),
      ]);
    },
  },
  {
    title: 'WebServiceSlo on its default metrics: STANDARD tier: the same total outage opens a slack-incidents ticket and never pages',
    build: (): BuiltScenario => {
      // GIVEN http_requests_total{job="storefront"} at 100 req/s: 2h of code="200", then 1h of code="500".
      // STANDARD availability 99.5% (budget 0.5%); its pairs: 1h/5m and 6h/30m tickets, 1d/2h and 3d/6h notify.
      // - 6h/30m ticket at 6 × 0.5% = 3%: the 6h window holds every sample since the start (121 + k):
      //   k=5: 3.0/126 = 2.4%; k=6: 4.0/127 = 3.15% > 3% (its 30m ratio: 4.0/31): a ticket at outage + 6m;
      // - 1h/5m ticket at 14.4 × 0.5% = 7.2%: k=6: 4.0/61 = 6.6%; k=7: 5.0/61 = 8.2%: at outage + 7m.
      // No pair of the STANDARD tier pages, whatever the burn.
      const service = 'storefront';
      const groups = templateGroups((chart) => new WebServiceSlo(chart, 'storefront', {
        service, tier: ServiceTier.STANDARD, selector: { job: 'storefront' },
      }));
      const outageStart = 2 * HOUR;
      const end = 3 * HOUR;
      const input = traffic('job="storefront"', [
        { minutes: outageStart, rps: 100 },
        { minutes: end - outageStart, rps: 100, errorRatio: 1 },
      ]);

      return minuteScenario(groups, input, [
        // THEN nothing fires before the outage (exhaustive)
        existedBetween(`ALERTS{slo_service="${service}"}`, 0, outageStart, false),
        // WHEN the outage is 5 minutes old THEN no ticket yet; at 6 minutes 6h/30m opens one, at 7 minutes 1h/5m too
        existsAt(firing(service, 'availability', WARNING), outageStart + 5, false),
        existsAt(firing(service, 'availability', `${TICKET},long_window="6h",short_window="30m"`), outageStart + 6, true),
        existsAt(firing(service, 'availability', `${WARNING},long_window="1h"`), outageStart + 6, false),
        existsAt(firing(service, 'availability', `${TICKET},long_window="1h",short_window="5m"`), outageStart + 7, true),
        ...everyMinutes(outageStart + 10, end, 10, (m) => existsAt(firing(service, 'availability', TICKET), m, true)),
        // and the slow pairs only notify slack-alerts
        existsAt(firing(service, 'availability', 'severity="info",channel="slack-alerts",long_window="1d"'), outageStart + 10, true),
        // and the tier's budget policy (review below 10% left, no freeze step) opens its ticket in the same
        // channel: the 30d window holds just these 2h10m, 8.0 error-minutes of 131 = 6.1%, over 12x the budget
        existsAt(firing(service, 'availability', 'alertname="SloErrorBudgetPolicy",budget_action="review",channel="slack-incidents"'), outageStart + 10, true),
        existedBetween(`ALERTS{slo_service="${service}",budget_action="freeze"}`, 0, end, false),
        // and nothing of the service ever pages: no critical alert, nothing sent to pagerduty-critical (exhaustive)
        existedBetween(`ALERTS{slo_service="${service}",severity="critical"}`, 0, end, false),
        existedBetween(`ALERTS{slo_service="${service}",channel="pagerduty-critical"}`, 0, end, false),
        ...everyMinutes(outageStart, end, 10, (m) => existsAt(`ALERTS{slo_service="${service}",severity="critical"}`, m, false)),
      ]);
    },
  },
  {
    title: 'BatchPipelineSlo on its default metrics: freshness: minutes are bad once the last success is older than 26h, and the SLO alerts',
    build: (engine = PROMTOOL_ENGINE): BuiltScenario => {
      const service = 'nightly-etl';
      // GIVEN Pushgateway gauges for job="etl": the last success was 24h before the test started
      // (job_last_success_unixtime = -86400) and the last failure 10 days before; tonight's run is late
      // and only succeeds at 3h (the gauge becomes 10800).
      // The age at time t is t + 86400 s; with maxStaleness 26h = 93600 s a minute is bad when the age is
      // above that: t > 7200 s. So 2h is still fresh, 2h1m .. 2h59m are bad (59 minutes), 3h is fresh again.
      // STANDARD freshness 99.5% (budget 0.5%). At 2h + k the 6h window holds 121 + k minutes, k bad:
      // - 3d/6h (notify, at 0.5%): k=1: 1/122 = 0.8%: a notification from 2h1m;
      // - 6h/30m (ticket, at 3%): k=3: 3/124 = 2.4%; k=4: 4/125 = 3.2% (30m: 4/31): a ticket from 2h4m;
      // - 1h/5m (ticket, at 7.2%): k=5: 5/61 = 8.2% (5m: 5/6): from 2h5m.
      const groups = batchPipelineGroups();
      const late = 3 * HOUR;
      const end = late + 30;
      const input = [
        gauge('job_last_success_unixtime{job="etl"}', unixTimes(engine, gaugeSamples(-86400, end, [[late, late * 60]]))),
        gauge('job_last_failure_unixtime{job="etl"}', unixTimes(engine, gaugeSamples(-864000, end))),
      ];
      const freshnessRatio = (window: string) => recorded(`slo:sli_error:ratio_rate${window}`, service, 'freshness');

      return minuteScenario(groups, input, [
        // THEN at exactly 26h of age the minute is still good; a minute later it is bad
        approx(freshnessRatio('5m'), 2 * HOUR, 0, 1e-9),
        approx(freshnessRatio('5m'), 2 * HOUR + 1, 1, 1e-9),
        // and one event per minute: the rates are 1/60 per second, bad and total alike
        approx(recorded('slo:sli_errors:rate5m', service, 'freshness'), 2 * HOUR + 30, 1 / 60, 1e-12),
        approx(recorded('slo:sli_total:rate5m', service, 'freshness'), 2 * HOUR + 30, 1 / 60, 1e-12),
        // and nothing fires while the last success is fresh enough (exhaustive)
        existedBetween(`ALERTS{slo_service="${service}"}`, 0, 2 * HOUR, false),
        // WHEN 4 minutes are stale THEN a freshness ticket (slack-incidents) fires; it is on at 2h10m and 2h30m
        existsAt(firing(service, 'freshness', WARNING), 2 * HOUR + 3, false),
        existsAt(firing(service, 'freshness', `${TICKET},long_window="6h"`), 2 * HOUR + 4, true),
        existsAt(firing(service, 'freshness', TICKET), 2 * HOUR + 10, true),
        existsAt(firing(service, 'freshness', TICKET), 2 * HOUR + 30, true),
        // WHEN the late run has succeeded THEN the minutes are fresh again, and the last hour held 59 bad of 61
        // (of 60 with MetricsQL's left-open ranges)
        approx(freshnessRatio('5m'), late, 0, 1e-9),
        approx(freshnessRatio('1h'), late, 59 / (engine.language === 'promql' ? 61 : 60), 1e-9),
        // and run-success saw no failed run: it never alerts (exhaustive)
        existedBetween(firing(service, 'run-success'), 0, end, false),
      ]);
    },
  },
  {
    title: 'BatchPipelineSlo on its default metrics: run-success: a failed run is a bad event, and the hour\'s ratio is failures over runs',
    build: (engine = PROMTOOL_ENGINE): BuiltScenario => {
      const service = 'nightly-etl';
      // GIVEN a pipeline that runs every 10 minutes (at minutes 5, 15, 25, ...) for 3h; a run sets
      // job_last_success_unixtime{job="etl"} (or job_last_failure_unixtime on failure) to its time. The
      // runs at 85m and 105m fail; the last failure before the test was 10 days earlier (a first failure
      // that creates the gauge is the next scenario's).
      // A run is a change of one gauge; the change at minute m is seen by `changes(...[5m])` at m .. m+4,
      // so each run adds 1/300 per second to the 5m rates for 5 evaluations, bad or total alike. The
      // event-weighted 1h ratio therefore counts every run whose 5 evaluations lie in the hour:
      // - at 1h: [0, 60] holds the runs at 5 .. 55: 6 runs, no failure: 0;
      // - at 2h: [60, 120] holds the runs at 65 .. 115: 6 runs, 2 failed (85, 105): 2/6 = 1/3;
      // - at 3h: [120, 180] holds the runs at 125 .. 175: 6 runs, no failure: 0.
      // STANDARD run-success 99.5%: its 6h/30m ticket is at 3%. At 1h30m the 30m window holds the runs
      // at 65 .. 85 (bad 5 of 15 evaluations) and the 6h window 1 failure in 9 runs: both above 3%.
      const groups = batchPipelineGroups();
      const end = 3 * HOUR;
      const runs = Array.from({ length: 18 }, (_, i) => 5 + 10 * i);
      const failed = [85, 105];
      const input = [
        gauge('job_last_success_unixtime{job="etl"}', unixTimes(engine, gaugeSamples(-600, end,
          runs.filter((m) => !failed.includes(m)).map((m): [number, number] => [m, m * 60])))),
        gauge('job_last_failure_unixtime{job="etl"}', unixTimes(engine, gaugeSamples(-864000, end, failed.map((m): [number, number] => [m, m * 60])))),
      ];
      const errorsRate = recorded('slo:sli_errors:rate5m', service, 'run-success');
      const runRatio = (window: string) => recorded(`slo:sli_error:ratio_rate${window}`, service, 'run-success');

      return minuteScenario(groups, input, [
        // THEN before the first failure the error rate is a present 0
        approx(errorsRate, 84, 0, 1e-12),
        // WHEN the run at 85m has failed THEN the error rate is positive for 5 evaluations, one run per 300 s
        ...[85, 87, 89].map((m) => approx(errorsRate, m, 1 / 300, 1e-12)),
        approx(errorsRate, 90, 0, 1e-12),
        // and the hour's ratio is failures / runs of that hour
        approx(runRatio('1h'), HOUR, 0, 1e-9),
        approx(runRatio('1h'), 2 * HOUR, 2 / 6, 1e-9),
        approx(runRatio('1h'), 3 * HOUR, 0, 1e-9),
        // and nothing fires before the first failure (exhaustive); a run-success ticket is open at 1h30m
        existedBetween(`ALERTS{slo_service="${service}"}`, 0, 84, false),
        existsAt(firing(service, 'run-success', TICKET), 90, true),
        // and the pipeline stayed fresh: freshness never alerts (exhaustive)
        existedBetween(firing(service, 'freshness'), 0, end, false),
      ]);
    },
  },
  {
    title: 'BatchPipelineSlo on its default metrics: run-success: a failure that creates the failure gauge counts; an old value that reappears does not',
    build: (engine = PROMTOOL_ENGINE): BuiltScenario => {
      const service = 'nightly-etl';
      // GIVEN runs at 5, 15, 25, 35, 45 and 55 minutes; the runs at 35 and 45 fail, and the failure gauge
      // first appears with the failure at 35 (a pipeline's first failure, or a Pushgateway push that
      // replaced the group). A series that appears with a timestamp under 10 minutes old is a run, seen
      // (like a change) by the evaluations at 35 .. 39, while `offset 5m` still finds no sample.
      // The success gauge starts at the test with an old value (-600): appearing, but not a new run.
      const groups = batchPipelineGroups();
      const end = HOUR;
      const success = unixTimes(engine, gaugeSamples(-600, end, [[5, 300], [15, 900], [25, 1500], [55, 3300]]));
      const failure = unixTimes(engine, gaugeSamples(0, end, [[35, 2100], [45, 2700]]).map((v, m) => (m < 35 ? null : v)));
      const errorsRate = recorded('slo:sli_errors:rate5m', service, 'run-success');
      const totalRate = recorded('slo:sli_total:rate5m', service, 'run-success');
      return {
        groups,
        test: {
          interval: '1m',
          input_series: [
            { series: 'job_last_success_unixtime{job="etl"}', values: renderSamples(success) },
            { series: 'job_last_failure_unixtime{job="etl"}', values: renderSamples(failure) },
          ],
          promql_expr_test: [
            // THEN the old success value at the start is no run: nothing in the first 5 minutes
            approx(totalRate, 2, 0, 1e-12),
            // and the failure that created its series is one failed run for the evaluations 35 .. 39
            ...[35, 37, 39].map((m) => approx(errorsRate, m, 1 / 300, 1e-12)),
            ...[35, 37, 39].map((m) => approx(totalRate, m, 1 / 300, 1e-12)),
            approx(errorsRate, 40, 0, 1e-12),
            // and the second failure (a change) too
            approx(errorsRate, 47, 1 / 300, 1e-12),
            // and the hour holds 6 runs, 2 failed
            approx(recorded('slo:sli_error:ratio_rate1h', service, 'run-success'), end, 2 / 6, 1e-9),
          ],
        },
      };
    },
  },
  {
    title: 'StreamingServiceSlo on its default metrics: processing: failed messages over processed messages open a ticket',
    build: (): BuiltScenario => {
      // GIVEN messages_processed_total{job="orders"} at 200 msg/s (failed ones included) and
      // messages_failed_total{job="orders"}: no failure for 1h, then half the messages fail for 1h.
      // STANDARD processing 99.5%: the 6h/30m ticket at 3%. k minutes into the failures the 6h window
      // (61 + k samples since the start) holds 0.5 × (k − 2) minutes of errors:
      // k=5: 1.5/66 = 2.3% (no); k=7: 2.5/68 = 3.7% > 3% (30m: 2.5/31): a ticket from failures + 7m.
      const service = 'orders';
      const groups = templateGroups((chart) => new StreamingServiceSlo(chart, 'orders', {
        service, tier: ServiceTier.STANDARD, selector: { job: 'orders' },
      }));
      const failStart = HOUR;
      const end = 2 * HOUR;
      const { good, bad } = segmentIncrements([
        { minutes: failStart, rps: 200 },
        { minutes: end - failStart, rps: 200, errorRatio: 0.5 },
      ]);
      const processed = good.map((g, i) => (g as number) + (bad[i] as number));
      const input = [
        counter('messages_processed_total{job="orders"}', processed),
        counter('messages_failed_total{job="orders"}', bad as number[]),
      ];

      return minuteScenario(groups, input, [
        // THEN nothing fires before the failures (exhaustive)
        existedBetween(`ALERTS{slo_service="${service}"}`, 0, failStart, false),
        // WHEN the failures are 5 minutes old THEN no ticket yet; at 7 minutes the 6h/30m ticket is open, and stays open
        existsAt(firing(service, 'processing', WARNING), failStart + 5, false),
        existsAt(firing(service, 'processing', `${TICKET},long_window="6h"`), failStart + 7, true),
        ...everyMinutes(failStart + 15, end, 15, (m) => existsAt(firing(service, 'processing', TICKET), m, true)),
        // and the ratio is failed over processed: 50%
        approx(recorded('slo:sli_error:ratio_rate5m', service, 'processing'), failStart + 10, 0.5, 1e-9),
        // and a STANDARD service never pages (exhaustive)
        existedBetween(`ALERTS{slo_service="${service}",severity="critical"}`, 0, end, false),
      ]);
    },
  },
  {
    title: 'StreamingServiceSlo on its default metrics: consumer lag: lag summed over partitions above maxLag alerts; lag at or under it never does',
    build: (): BuiltScenario => {
      // GIVEN two stream processors with maxLag 1000, lag from kafka_exporter (its own job label):
      // - `orders` (consumer group "orders", the service name): partitions 0 and 1 at 300 messages each
      //   for 1h, then at 600 each for 1h: each partition is under 1000, their sum 1200 is above;
      // - `billing` (consumer group "billing-v2"): partitions at 600 + 400 = exactly 1000 throughout.
      // A minute is bad when the summed lag is above maxLag. STANDARD lag objective 99% (budget 1%):
      // 6h/30m ticket at 6%; from 1h on every sample is bad: at 1h + k the 6h window holds k + 1 bad of
      // 61 + k: k=2: 3/63 = 4.8% (no); k=3: 4/64 = 6.25% (30m: 4/31): a ticket from 1h3m.
      // (The 3d/6h notification at 1% fires from 1h: 1/61 = 1.6%.)
      const groups = templateGroups((chart) => {
        new StreamingServiceSlo(chart, 'orders', { service: 'orders', tier: ServiceTier.STANDARD, selector: { job: 'orders' }, maxLag: 1000 });
        new StreamingServiceSlo(chart, 'billing', {
          service: 'billing', tier: ServiceTier.STANDARD, selector: { job: 'billing' }, maxLag: 1000, consumerGroup: 'billing-v2',
        });
      });
      const lagStart = HOUR;
      const end = 2 * HOUR;
      const lag = (group: string, partition: number) =>
        `kafka_consumergroup_lag{job="kafka-exporter",consumergroup="${group}",topic="t",partition="${partition}"}`;
      const input = [
        gauge(lag('orders', 0), gaugeSamples(300, end, [[lagStart, 600]])),
        gauge(lag('orders', 1), gaugeSamples(300, end, [[lagStart, 600]])),
        gauge(lag('billing-v2', 0), gaugeSamples(600, end)),
        gauge(lag('billing-v2', 1), gaugeSamples(400, end)),
      ];

      return minuteScenario(groups, input, [
        // THEN orders' lag SLO is quiet while the sum is 600 (exhaustive), and its minutes are good
        existedBetween(firing('orders', 'consumer-lag'), 0, lagStart - 1, false),
        approx(recorded('slo:sli_error:ratio_rate5m', 'orders', 'consumer-lag'), lagStart - 1, 0, 1e-9),
        // WHEN the summed lag is 1200 THEN the minute is bad, though no partition is above 1000
        approx(recorded('slo:sli_error:ratio_rate5m', 'orders', 'consumer-lag'), lagStart, 1, 1e-9),
        // and 2 minutes in there is no ticket yet; 3 minutes in there is one, and it stays open
        existsAt(firing('orders', 'consumer-lag', WARNING), lagStart + 2, false),
        existsAt(firing('orders', 'consumer-lag', `${TICKET},long_window="6h"`), lagStart + 3, true),
        ...everyMinutes(lagStart + 10, end, 10, (m) => existsAt(firing('orders', 'consumer-lag', TICKET), m, true)),
        // and billing's lag of exactly maxLag is good: a present ratio of 0, and no alert ever (exhaustive)
        approx(recorded('slo:sli_error:ratio_rate5m', 'billing', 'consumer-lag'), end, 0, 1e-9),
        approx(recorded('slo:sli_error:ratio_rate1h', 'billing', 'consumer-lag'), end, 0, 1e-9),
        existedBetween(firing('billing', 'consumer-lag'), 0, end, false),
        ...everyMinutes(10, end, 10, (m) => existsAt(firing('billing', 'consumer-lag'), m, false)),
      ]);
    },
  },
  {
    title: 'DatabaseSlo on its default metrics: ESSENTIAL tier: operations failing with an error_type page on query-success',
    build: (): BuiltScenario => {
      // GIVEN db_client_operation_duration_seconds_count for the selected database (postgresql, orders-db)
      // at 100 op/s: no error for 1h, then 10% of the operations counted under error_type="timeout" for
      // 1h. Another database (users-db) fails every operation throughout: the selector must keep it out.
      // ESSENTIAL query-success 99.9% (budget 0.1%): the 1h/5m page at 14.4 × 0.1% = 1.44%. k minutes in
      // the 1h ratio is 0.1 × (k − 2) / 61: k=10: 1.31% (no page); k=11: 1.48% (5m: 10%): it pages from 11m.
      const service = 'orders-db';
      const groups = templateGroups((chart) => new DatabaseSlo(chart, 'orders-db', {
        service, tier: ServiceTier.ESSENTIAL, selector: { db_system_name: 'postgresql', server_address: 'orders-db' },
      }));
      const failStart = HOUR;
      const end = 2 * HOUR;
      const { good, bad } = segmentIncrements([
        { minutes: failStart, rps: 100 },
        { minutes: end - failStart, rps: 100, errorRatio: 0.1 },
      ]);
      const count = (server: string, extra = '') =>
        `db_client_operation_duration_seconds_count{db_system_name="postgresql",server_address="${server}",db_operation_name="SELECT"${extra}}`;
      const input = [
        counter(count('orders-db'), good as number[]),
        counter(count('orders-db', ',error_type="timeout"'), bad as number[]),
        counter(count('users-db', ',error_type="timeout"'), Array.from({ length: end }, () => 6000)),
      ];

      return minuteScenario(groups, input, [
        // THEN nothing fires before the failures: the failing users-db is not counted (exhaustive)
        existedBetween(`ALERTS{slo_service="${service}"}`, 0, failStart, false),
        approx(recorded('slo:sli_error:ratio_rate5m', service, 'query-success'), failStart, 0, 1e-9),
        // WHEN 8 or 10 minutes in THEN no page yet; at 11 minutes query-success pages pagerduty-critical
        existsAt(firing(service, 'query-success', CRITICAL), failStart + 8, false),
        existsAt(firing(service, 'query-success', CRITICAL), failStart + 10, false),
        existsAt(firing(service, 'query-success', `${PAGE},long_window="1h",short_window="5m"`), failStart + 11, true),
        existsAt(firing(service, 'query-success', PAGE), failStart + 15, true),
        ...everyMinutes(failStart + 20, end, 10, (m) => existsAt(firing(service, 'query-success', PAGE), m, true)),
        // and the ratio is the error_type operations over all of orders-db's operations: 10%
        approx(recorded('slo:sli_error:ratio_rate5m', service, 'query-success'), failStart + 10, 0.1, 1e-9),
      ]);
    },
  },
  {
    title: 'BatchPipelineSlo on kube-state-metrics: a Job of the CronJob that completes or fails is one run; its duration decides run-duration',
    build: (engine = PROMTOOL_ENGINE): BuiltScenario => {
      const service = 'etl';
      // GIVEN the CronJob data/etl runs three Jobs, each seen by kube-state-metrics from its start:
      // - etl-1 starts at 0 and completes at 10 (10 minutes: fast);
      // - etl-2 starts at 60 and fails at 75;
      // - etl-3 starts at 120 and completes at 150 (30 minutes: slower than maxDuration 20m);
      // and a Job of another CronJob (other-1) fails at 90: not ours.
      // A condition that became true at minute m is seen by the evaluations m .. m+4 (true now, not true
      // 5 minutes ago), 1/300 per second each: exactly one event.
      const groups = kubeStateBatchGroups();
      const end = 3 * HOUR;
      const ns = 'namespace="data"';
      const owner = (job: string, cronJob: string) => `kube_job_owner{${ns},job_name="${job}",owner_kind="CronJob",owner_name="${cronJob}",owner_is_controller="true"}`;
      const condition = (metric: string, job: string) => `${metric}{${ns},job_name="${job}",condition="true"}`;
      const input = [
        jobGauge(owner('etl-1', 'etl'), 0, end, () => 1),
        jobGauge(condition('kube_job_complete', 'etl-1'), 0, end, (m) => (m >= 10 ? 1 : 0)),
        jobGauge(condition('kube_job_failed', 'etl-1'), 0, end, () => 0),
        jobGauge(`kube_job_status_start_time{${ns},job_name="etl-1"}`, 0, end, () => engine.timeZeroSeconds + 0),
        jobGauge(`kube_job_status_completion_time{${ns},job_name="etl-1"}`, 10, end, () => engine.timeZeroSeconds + 600),
        jobGauge(owner('etl-2', 'etl'), 60, end, () => 1),
        jobGauge(condition('kube_job_complete', 'etl-2'), 60, end, () => 0),
        jobGauge(condition('kube_job_failed', 'etl-2'), 60, end, (m) => (m >= 75 ? 1 : 0)),
        jobGauge(`kube_job_status_start_time{${ns},job_name="etl-2"}`, 60, end, () => engine.timeZeroSeconds + 3600),
        jobGauge(owner('etl-3', 'etl'), 120, end, () => 1),
        jobGauge(condition('kube_job_complete', 'etl-3'), 120, end, (m) => (m >= 150 ? 1 : 0)),
        jobGauge(condition('kube_job_failed', 'etl-3'), 120, end, () => 0),
        jobGauge(`kube_job_status_start_time{${ns},job_name="etl-3"}`, 120, end, () => engine.timeZeroSeconds + 7200),
        jobGauge(`kube_job_status_completion_time{${ns},job_name="etl-3"}`, 150, end, () => engine.timeZeroSeconds + 9000),
        jobGauge(owner('other-1', 'other'), 80, end, () => 1),
        jobGauge(condition('kube_job_failed', 'other-1'), 80, end, (m) => (m >= 90 ? 1 : 0)),
        gauge(`kube_cronjob_status_last_successful_time{${ns},cronjob="etl"}`, unixTimes(engine, gaugeSamples(-3600, end, [[10, 600], [150, 9000]]))),
      ];
      const rate = (metric: string, slo: string) => recorded(metric, service, slo);
      return minuteScenario(groups, input, [
        // THEN etl-1's completion is one successful run, at 10 .. 14
        ...[10, 14].map((m) => approx(rate('slo:sli_total:rate5m', 'run-success'), m, 1 / 300, 1e-12)),
        approx(rate('slo:sli_total:rate5m', 'run-success'), 15, 0, 1e-12),
        approx(rate('slo:sli_errors:rate5m', 'run-success'), 12, 0, 1e-12),
        // and etl-2's failure one failed run, at 75 .. 79
        ...[75, 79].map((m) => approx(rate('slo:sli_errors:rate5m', 'run-success'), m, 1 / 300, 1e-12)),
        approx(rate('slo:sli_errors:rate5m', 'run-success'), 80, 0, 1e-12),
        // and the other CronJob's failure at 90 is not ours
        ...[90, 92].map((m) => approx(rate('slo:sli_total:rate5m', 'run-success'), m, 0, 1e-12)),
        // and over the 3 hours 1 of 3 runs failed
        approx(rate('slo:sli_error:ratio_rate6h', 'run-success'), end, 1 / 3, 1e-9),
        // and etl-3 took 30 minutes: run-duration counts 1 slow of 2 successful runs
        approx(rate('slo:sli_errors:rate5m', 'run-duration'), 150, 1 / 300, 1e-12),
        approx(rate('slo:sli_errors:rate5m', 'run-duration'), 12, 0, 1e-12),
        approx(rate('slo:sli_error:ratio_rate6h', 'run-duration'), end, 1 / 2, 1e-9),
        // and the last success was always within 26h: freshness is a present 0
        approx(rate('slo:sli_error:ratio_rate1h', 'freshness'), end, 0, 1e-12),
      ]);
    },
  },
];
