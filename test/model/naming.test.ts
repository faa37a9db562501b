/**
 * The naming contract of the generated rules: metric, label and group names that dashboards, the CLI and
 * users rely on. A change here is a breaking change for every reader of the series.
 */
import {
  BUDGET_ACTION_LABEL, CURRENT_BURN_RATE, ERROR_BUDGET_RATIO, ERRORS_RATE_5M, errorRatioMetric, LONG_WINDOW_LABEL,
  longWindowGroupName, OBJECTIVE_RATIO, PERIOD_BURN_RATE, PERIOD_ERROR_BUDGET_REMAINING, SEVERITY_LABEL, SHORT_WINDOW_LABEL,
  shortWindowGroupName, SLO_NAME_LABEL, SLO_SERVICE_LABEL, STANDARD_WINDOWS_SECONDS, TOTAL_RATE_5M,
} from '../../src/model/naming';
import { DAY, HOUR, MINUTE } from '../helpers/slo-definitions';

describe('naming', () => {
  test('metric and label names', () => {
    expect([TOTAL_RATE_5M, ERRORS_RATE_5M, OBJECTIVE_RATIO, ERROR_BUDGET_RATIO, CURRENT_BURN_RATE, PERIOD_BURN_RATE, PERIOD_ERROR_BUDGET_REMAINING])
      .toEqual([
        'slo:sli_total:rate5m', 'slo:sli_errors:rate5m', 'slo:objective:ratio', 'slo:error_budget:ratio',
        'slo:current_burn_rate:ratio', 'slo:period_burn_rate:ratio', 'slo:period_error_budget_remaining:ratio',
      ]);
    expect([SLO_SERVICE_LABEL, SLO_NAME_LABEL, SEVERITY_LABEL, LONG_WINDOW_LABEL, SHORT_WINDOW_LABEL, BUDGET_ACTION_LABEL])
      .toEqual(['slo_service', 'slo_name', 'severity', 'long_window', 'short_window', 'budget_action']);
  });

  // The window suffix is the Prometheus duration, largest unit first, days the largest unit.
  test.each([
    { seconds: 5 * MINUTE, metric: 'slo:sli_error:ratio_rate5m' },
    { seconds: 90 * MINUTE, metric: 'slo:sli_error:ratio_rate1h30m' },
    { seconds: 7 * DAY, metric: 'slo:sli_error:ratio_rate7d' },
    { seconds: 28 * DAY, metric: 'slo:sli_error:ratio_rate28d' },
    { seconds: 30 * DAY, metric: 'slo:sli_error:ratio_rate30d' },
    { seconds: DAY + 30 * MINUTE + 15, metric: 'slo:sli_error:ratio_rate1d30m15s' },
  ])('errorRatioMetric($seconds) = $metric', ({ seconds, metric }) => {
    expect(errorRatioMetric(seconds)).toBe(metric);
  });

  test('the standard windows, ascending', () => {
    expect(STANDARD_WINDOWS_SECONDS).toEqual([30 * MINUTE, HOUR, 2 * HOUR, 6 * HOUR, DAY, 3 * DAY]);
  });

  test('group names per SLO', () => {
    expect(shortWindowGroupName('checkout', 'availability')).toBe('slo-checkout-availability-short-windows');
    expect(longWindowGroupName('checkout', 'availability')).toBe('slo-checkout-availability-long-windows');
  });
});
