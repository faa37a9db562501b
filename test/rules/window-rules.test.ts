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
      name: '1d30m (a day or longer but not whole hours: every sample, as below a day)',
      windowSeconds: DAY + 30 * MINUTE,
      grouping: ['route', 'method'],
      record: 'slo:sli_error:ratio_rate1d30m',
      expr: 'sum by (route, method) (sum_over_time(slo:sli_errors:rate5m{slo_service="checkout",slo_name="availability"}[1d30m]))\n'
        + '/\n'
        + 'sum by (route, method) (sum_over_time(slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}[1d30m]))',
    },
  ])('$name', ({ windowSeconds, grouping, record, expr }) => {
    const slo = definition({ indicator: { kind: 'ratio', errors: 'e_total', total: 't_total', grouping } });
    expect(windowRatioRule(slo, windowSeconds, LABELS)).toEqual({ record, expr, labels: LABELS });
  });

  // Whole hours from a day on read the hourly rollups; test/rules/slo-rule-groups.test.ts pins their full
  // text and test/rules/hourly-rollup.test.ts proves them equal to the plain sums above.
  test.each([
    { name: '28d is 28d, not 4w', windowSeconds: 28 * DAY, grouping: [], record: 'slo:sli_error:ratio_rate28d', completed: '[27d21h59m59s999ms:1h]', oldest: 'offset 27d23h', sum: 'sum(' },
    { name: '1d12h, grouped by route and method', windowSeconds: DAY + 12 * HOUR, grouping: ['route', 'method'], record: 'slo:sli_error:ratio_rate1d12h', completed: '[1d9h59m59s999ms:1h]', oldest: 'offset 1d11h', sum: 'sum by (route, method) (' },
  ])('$name: from the hourly rollups', ({ windowSeconds, grouping, record, completed, oldest, sum }) => {
    const slo = definition({ indicator: { kind: 'ratio', errors: 'e_total', total: 't_total', grouping } });
    const rule = windowRatioRule(slo, windowSeconds, LABELS);
    expect(rule.record).toBe(record);
    const [errors, total] = rule.expr.split('\n/\n');
    expect(errors.startsWith(`${sum}sum_over_time((slo:sli_errors:rate5m_previous_hour_sum{`)).toBe(true);
    expect(total.startsWith(`${sum}sum_over_time((slo:sli_total:rate5m_previous_hour_sum{`)).toBe(true);
    for (const side of [errors, total]) {
      expect(side).toContain(completed);
      expect(side).toContain(oldest);
      expect(side).not.toMatch(/rate5m\{[^}]*\}\[\d/);
    }
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
