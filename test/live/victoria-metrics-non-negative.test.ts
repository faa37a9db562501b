/**
 * Error rates and ratios are never negative on VictoriaMetrics either: the scenario of
 * `test/rules/non-negative-errors.ts` (a histogram's threshold bucket and a good counter growing slightly
 * faster than the total, a probe gauge a hair above 1) replayed by vmalert, with every check of the
 * promtool run, plus an exhaustive one: no recorded error rate or ratio of any SLO is below 0 at any
 * evaluation.
 */
import { approx, at, ExprTest } from '../helpers/traffic';
import { expectScenarioOnVictoriaMetrics } from '../helpers/vm-scenarios';
import { END, nonNegativeErrorsScenario } from '../rules/non-negative-errors';

jest.setTimeout(120_000);

const ERROR_SERIES = [
  'slo:sli_errors:rate5m', 'slo:sli_error:ratio_rate5m', 'slo:sli_error:ratio_rate30m', 'slo:sli_error:ratio_rate1h',
  'slo:sli_error:ratio_rate2h', 'slo:current_burn_rate:ratio',
];

/** `metric` was recorded, and no series of it had a value below 0 at any evaluation of the scenario (an absent metric fails). */
function neverNegative(metric: string): ExprTest {
  const lowest = `min_over_time(${metric}[${at(END)}])`;
  return { expr: `(count(${lowest} < 0) or vector(0)) + 0 * count(${lowest})`, eval_time: at(END), exp_samples: [{ labels: '{}', value: 0 }] };
}

/**
 * The one check whose number differs on VictoriaMetrics, by the engines' window semantics and not by the
 * rules: the probe SLO's 5m ratio at minute 62, two minutes after the probe turned 0. Prometheus 2.x's
 * range [57m, 62m] holds 6 samples, 3 of them 0 (0.5); MetricsQL's range (57m, 62m] holds 5 samples,
 * 3 of them 0 (0.6), as Prometheus 3 does. Once the window holds only 0s both say 1.
 */
const PROBE_RATIO = 'slo:sli_error:ratio_rate5m{slo_service="checkout",slo_name="bool-gauge-normal"}';

describe('bad events are total − good clamped at zero on VictoriaMetrics + vmalert', () => {
  test('a good side slightly above the total gives error rates and ratios of exactly 0; a normal one its ratio', async () => {
    const { groups, test: testCase } = nonNegativeErrorsScenario();
    const promtoolChecks = testCase.promql_expr_test ?? [];
    const probeCheck = approx(PROBE_RATIO, 62, 0.5, 1e-9);
    const sharedChecks = promtoolChecks.filter((check) => !(check.expr === probeCheck.expr && check.eval_time === probeCheck.eval_time));
    expect(sharedChecks).toHaveLength(promtoolChecks.length - 1);

    await expectScenarioOnVictoriaMetrics(groups, {
      ...testCase,
      promql_expr_test: [
        ...sharedChecks,
        approx(PROBE_RATIO, 62, 0.6, 1e-9),
        approx(PROBE_RATIO, 66, 1, 1e-9),
        ...ERROR_SERIES.map(neverNegative),
        // and the data would give negative errors unclamped: _count − bucket is −1/60 per second
        approx('sum(rate(h_seconds_count{job="vm"}[5m])) - sum(rate(h_seconds_bucket{job="vm",le="0.3"}[5m]))', END, -1 / 60, 1e-9),
      ],
    });
  });
});
