import {
  burnRateFactor, burnRateThreshold, defaultShortWindowSeconds, SRE_WORKBOOK_WINDOW_PAIRS, windowPairName,
} from '../../src/model/burn-rate';
import { formatDecimal } from '../../src/model/decimal';
import { errorBudget } from '../../src/model/objective';

const DAY = 86400;

describe('burn-rate factors', () => {
  test('30-day window: 14.4, 6, 3, 1 (SRE workbook)', () => {
    expect(SRE_WORKBOOK_WINDOW_PAIRS.map((pair) => burnRateFactor(pair, 30 * DAY))).toEqual([14.4, 6, 3, 1]);
  });

  test('28-day window: 13.44, 5.6, 2.8, 0.933…', () => {
    const factors = SRE_WORKBOOK_WINDOW_PAIRS.map((pair) => formatDecimal(burnRateFactor(pair, 28 * DAY)));
    expect(factors).toEqual(['13.44', '5.6', '2.8', '0.933333333333']);
  });

  test('thresholds are clean decimals', () => {
    const objective = { target: 0.999, windowSeconds: 30 * DAY };
    expect(SRE_WORKBOOK_WINDOW_PAIRS.map((pair) => formatDecimal(burnRateThreshold(pair, objective))))
      .toEqual(['0.0144', '0.006', '0.003', '0.001']);
    expect(formatDecimal(burnRateThreshold(SRE_WORKBOOK_WINDOW_PAIRS[0], { target: 0.9995, windowSeconds: 30 * DAY }))).toBe('0.0072');
    expect(formatDecimal(burnRateThreshold(SRE_WORKBOOK_WINDOW_PAIRS[0], { target: 0.99, windowSeconds: 28 * DAY }))).toBe('0.1344');
  });

  test('workbook windows keep the long window longer than the short one', () => {
    expect(SRE_WORKBOOK_WINDOW_PAIRS.map(windowPairName)).toEqual(['1h/5m', '6h/30m', '1d/2h', '3d/6h']);
    expect(SRE_WORKBOOK_WINDOW_PAIRS.map((p) => p.severity)).toEqual(['critical', 'critical', 'warning', 'warning']);
  });

  test('default short window is 1/12 of the long window, at least 5 minutes', () => {
    expect(defaultShortWindowSeconds(3600)).toBe(300);
    expect(defaultShortWindowSeconds(6 * 3600)).toBe(1800);
    expect(defaultShortWindowSeconds(DAY)).toBe(7200);
    expect(defaultShortWindowSeconds(1800)).toBe(300);
  });

  test('error budget has no float noise', () => {
    expect(errorBudget({ target: 0.999, windowSeconds: DAY })).toBe(0.001);
    expect(errorBudget({ target: 0.9999, windowSeconds: DAY })).toBe(0.0001);
  });
});
