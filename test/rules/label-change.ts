/**
 * Changing an SLO's labels (or target) must never produce duplicate-series or many-to-many errors.
 *
 * When a rule's labels change, Prometheus starts new series with the new labels, while the old rule's
 * last samples stay visible to instant queries for the 5-minute lookback. For those minutes every
 * recorded series exists twice, once per label set. A rule that reads a recorded series without
 * aggregating it then returns two samples that, once the rule's own labels are applied, have the same
 * label set: Prometheus rejects the whole result ("vector contains metrics with the same labelset after
 * applying rule labels"). This is Sloth issue 311.
 *
 * The scenario replays the switch in promtool: the old rules' output (team="payments", target 99%) is
 * given as input series up to the change, the raw traffic starts at the change, and the new rules
 * (team="checkout", target 99.9%) run over the same data. For the minutes after the change both label
 * sets are visible; every rule of the new set must still produce exactly one series, with the right value.
 * `label-change.test.ts` runs it in `promtool test rules`; `test/live/victoria-metrics-rule-scenarios.test.ts`
 * on VictoriaMetrics + vmalert.
 */
import { Chart, Testing } from 'cdk8s';
import { Sli, Slo } from '../../src';
import { BehaviourScenario, BuiltScenario, minuteScenario } from '../helpers/scenario';
import { ruleGroupsOf } from '../helpers/synth';
import { approx, existsAt, ExprTest, renderSamples } from '../helpers/traffic';

const CHANGE = 60; // minute of the change
const END = 90;
const RPS = 10;
const ERROR_RATIO = 0.01;

/** The new rules: team label changed, target raised. */
function newRules(): any[] {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'monitoring' });
  new Slo(chart, 'checkout', {
    service: 'checkout',
    name: 'availability',
    target: 0.999,
    labels: { team: 'checkout' },
    indicator: Sli.ratio({ errors: 'http_requests_total{job="checkout",code="500"}', total: 'http_requests_total{job="checkout"}' }),
  });
  return ruleGroupsOf(Testing.synth(chart));
}

/** A constant series that exists before the change only (the old rules' output). */
function oldSeries(metric: string, value: number) {
  const samples = Array.from({ length: END + 1 }, (_, m) => (m < CHANGE ? value : null));
  return { series: `${metric}{slo_service="checkout",slo_name="availability",team="payments"}`, values: renderSamples(samples) };
}

/** A counter that starts at the change, rising by `perMinute` each minute. */
function counterFromChange(series: string, perMinute: number) {
  const samples = Array.from({ length: END + 1 }, (_, m) => (m < CHANGE ? null : (m - CHANGE) * perMinute));
  return { series, values: renderSamples(samples) };
}

/** Exactly one series matches at the minute. */
function oneSeries(selector: string, minute: number): ExprTest {
  return { expr: `count(${selector}) == 1`, eval_time: `${minute}m`, exp_samples: [{ labels: '{}', value: 1 }] };
}

export const LABEL_CHANGE_SCENARIOS: BehaviourScenario[] = [
  {
    title: 'every rule keeps producing exactly one series while the old label set is still visible',
    build: (): BuiltScenario => {
      // GIVEN the old rules recorded, until the change, 10 rps with 1% errors under team="payments"
      const ratioWindows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'];
      const input = [
        oldSeries('slo:sli_total:rate5m', RPS),
        oldSeries('slo:sli_errors:rate5m', RPS * ERROR_RATIO),
        ...ratioWindows.map((w) => oldSeries(`slo:sli_error:ratio_rate${w}`, ERROR_RATIO)),
        oldSeries('slo:current_burn_rate:ratio', 1),
        oldSeries('slo:period_burn_rate:ratio', 1),
        oldSeries('slo:period_error_budget_remaining:ratio', 0),
        // AND from the change on, the same traffic in the raw counters
        counterFromChange('http_requests_total{job="checkout",code="200"}', RPS * (1 - ERROR_RATIO) * 60),
        counterFromChange('http_requests_total{job="checkout",code="500"}', RPS * ERROR_RATIO * 60),
      ];
      const identity = 'slo_service="checkout",slo_name="availability"';
      const newLabels = `${identity},team="checkout"`;
      // WHEN the new rules run; at CHANGE + 3 the old series (last sample at 59m) are still within the
      // 5-minute lookback, and the new 5m rates exist (the counters have two samples from 60m).
      const during = CHANGE + 3;
      const checks: ExprTest[] = [
        // THEN each series the new rules record exists once under the new labels, with the right value:
        // the error ratio is 1% before and after, so every window is 1%.
        ...ratioWindows.map((w) => approx(`slo:sli_error:ratio_rate${w}{${newLabels}}`, during, ERROR_RATIO, 1e-9)),
        ...ratioWindows.map((w) => oneSeries(`slo:sli_error:ratio_rate${w}{${newLabels}}`, during)),
        // and the budget series that read them: 1% errors on a 0.1% budget is a burn rate of 10
        approx(`slo:current_burn_rate:ratio{${newLabels}}`, during, 10, 1e-9),
        approx(`slo:period_burn_rate:ratio{${newLabels}}`, during, 10, 1e-9),
        approx(`slo:period_error_budget_remaining:ratio{${newLabels}}`, during, -9, 1e-9),
        oneSeries(`slo:current_burn_rate:ratio{${newLabels}}`, during),
        oneSeries(`slo:period_burn_rate:ratio{${newLabels}}`, during),
        oneSeries(`slo:period_error_budget_remaining:ratio{${newLabels}}`, during),
        // and the alerts: a burn of 10 is above 6 (6h/30m), 3 (1d/2h) and 1 (3d/6h), below 14.4 (1h/5m);
        // each fires once, under the new labels
        ...['6h', '1d', '3d'].map((w) => oneSeries(`ALERTS{alertstate="firing",alertname="SloErrorBudgetBurn",${newLabels},long_window="${w}"}`, during)),
        existsAt('ALERTS{alertstate="firing",alertname="SloErrorBudgetBurn",long_window="1h"}', during, false),
        // and once the old series are gone, nothing changes
        ...ratioWindows.map((w) => oneSeries(`slo:sli_error:ratio_rate${w}{${identity}}`, END)),
      ];
      return minuteScenario(newRules(), input, checks);
    },
  },
];
