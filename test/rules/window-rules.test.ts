/**
 * Error ratios over windows longer than 5 minutes, derived from the recorded 5-minute rates and weighted
 * by events: Σ error rates ÷ Σ total rates over the window. They never read raw metrics.
 */
import { windowRatioRule } from '../../src/rules/window-rules';
import { DAY, definition, HOUR, MINUTE } from '../helpers/slo-definitions';

const LABELS = { slo_service: 'checkout', slo_name: 'availability' };

// Per window and grouping, the exact rule: the record name and the range carry the window as a
// Prometheus duration (largest unit first, days as the largest unit), and the sums are by the grouping
// labels only, so series left over from an SLO's previous labels fold into the same group.
describe('windowRatioRule', () => {
  test.each([
    {
      name: '1h, ungrouped',
      windowSeconds: HOUR,
      grouping: [],
      record: 'slo:sli_error:ratio_rate1h',
      expr: 'sum(sum_over_time(slo:sli_errors:rate5m{slo_service="checkout",slo_name="availability"}[1h]))\n'
        + '/\n'
        + 'sum(sum_over_time(slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}[1h]))',
    },
    {
      name: '1h30m (mixed units)',
      windowSeconds: 90 * MINUTE,
      grouping: [],
      record: 'slo:sli_error:ratio_rate1h30m',
      expr: 'sum(sum_over_time(slo:sli_errors:rate5m{slo_service="checkout",slo_name="availability"}[1h30m]))\n'
        + '/\n'
        + 'sum(sum_over_time(slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}[1h30m]))',
    },
    {
      name: '28d is 28d, not 4w',
      windowSeconds: 28 * DAY,
      grouping: [],
      record: 'slo:sli_error:ratio_rate28d',
      expr: 'sum(sum_over_time(slo:sli_errors:rate5m{slo_service="checkout",slo_name="availability"}[28d]))\n'
        + '/\n'
        + 'sum(sum_over_time(slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}[28d]))',
    },
    {
      name: '1d12h, grouped by route and method',
      windowSeconds: DAY + 12 * HOUR,
      grouping: ['route', 'method'],
      record: 'slo:sli_error:ratio_rate1d12h',
      expr: 'sum by (route, method) (sum_over_time(slo:sli_errors:rate5m{slo_service="checkout",slo_name="availability"}[1d12h]))\n'
        + '/\n'
        + 'sum by (route, method) (sum_over_time(slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}[1d12h]))',
    },
  ])('$name', ({ windowSeconds, grouping, record, expr }) => {
    const slo = definition({ indicator: { kind: 'ratio', errors: 'e_total', total: 't_total', grouping } });
    expect(windowRatioRule(slo, windowSeconds, LABELS)).toEqual({ record, expr, labels: LABELS });
  });

  test('the SLO identity selects the recorded series (quoted as PromQL strings)', () => {
    const slo = definition({ service: 'billing-api', name: 'p99-latency' });
    expect(windowRatioRule(slo, 6 * HOUR, LABELS).expr).toBe(
      'sum(sum_over_time(slo:sli_errors:rate5m{slo_service="billing-api",slo_name="p99-latency"}[6h]))\n'
      + '/\n'
      + 'sum(sum_over_time(slo:sli_total:rate5m{slo_service="billing-api",slo_name="p99-latency"}[6h]))',
    );
  });

  test('a window that is not a whole number of seconds is refused', () => {
    expect(() => windowRatioRule(definition(), 90.5, LABELS)).toThrow(/positive whole number of seconds/);
  });
});
