import { withLeftOpenRanges, withPrometheus3Ranges } from '../../helpers/left-open-ranges';

describe('emulating Prometheus 3 ranges on Prometheus 2', () => {
  test('shortens every range and subquery range by 1ms, and nothing else', () => {
    // Offsets, subquery steps, label values that look like ranges, and numbers stay as written.
    expect(withLeftOpenRanges('sum_over_time((a offset -30m)[27d21h59m59s999ms:1h] offset 1h) + rate(b{x="[5m]"}[5m]) * 300'))
      .toBe('sum_over_time((a offset -30m)[2411999998ms:1h] offset 1h) + rate(b{x="[5m]"}[299999ms]) * 300');
    expect(withLeftOpenRanges('last_over_time(x[31d]) and timestamp(y) == time()')).toBe('last_over_time(x[2678399999ms]) and timestamp(y) == time()');
    expect(withLeftOpenRanges('vector(1)')).toBe('vector(1)');
  });

  test('rewrites each rule of each group', () => {
    const groups = [{ name: 'g', interval: '1m', rules: [{ record: 'r', expr: 'sum(rate(x[1h]))' }, { alert: 'A', expr: 'r > 1', for: '5m' }] }];
    expect(withPrometheus3Ranges(groups)).toEqual([
      { name: 'g', interval: '1m', rules: [{ record: 'r', expr: 'sum(rate(x[3599999ms]))' }, { alert: 'A', expr: 'r > 1', for: '5m' }] },
    ]);
  });
});
