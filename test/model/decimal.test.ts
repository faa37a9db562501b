import { formatDecimal, formatPercent, roundSignificant } from '../../src/model/decimal';

describe('formatDecimal', () => {
  test.each([
    [14.4 * (1 - 0.999), '0.0144'],
    [0.014399999999998414, '0.0144'],
    [1 - 0.999, '0.001'],
    [(0.1 * 28) / 3, '0.933333333333'],
    [13.44, '13.44'],
    [1e-7, '0.0000001'],
    [1.5e-9, '0.0000000015'],
    [-2.5e-8, '-0.000000025'],
    [1e21, '1000000000000000000000'],
    [0, '0'],
    [42, '42'],
  ])('%p renders as %s', (value, expected) => {
    expect(formatDecimal(value)).toBe(expected);
  });

  test('rejects values Prometheus cannot compare against', () => {
    expect(() => formatDecimal(NaN)).toThrow(/cannot format NaN/);
    expect(() => formatDecimal(Infinity)).toThrow(/cannot format Infinity/);
  });

  test('rounding keeps twelve significant digits', () => {
    expect(roundSignificant(1 / 3)).toBe(0.333333333333);
    expect(formatPercent(0.999)).toBe('99.9%');
  });
});
