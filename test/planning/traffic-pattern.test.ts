import {
  analyzeTrafficPattern, averageOverCoverage, BURSTY_MIN_PEAK_MULTIPLIER, laggedCorrelation, peakMultiplier, STEADY_MAX_VARIATION,
} from '../../src/planning/traffic-pattern';

/** `days` days of hourly rates from `rateAt(hour)`. */
function hours(count: number, rateAt: (hour: number) => number): number[] {
  return Array.from({ length: count }, (_, hour) => rateAt(hour));
}

/** A daily sine: mean `mean`, ±`amplitude`×mean, peak at 06:00. */
const diurnal = (mean: number, amplitude: number) => (hour: number) => mean * (1 + amplitude * Math.sin((2 * Math.PI * hour) / 24));

/** Deterministic noise in [-1, 1) (a linear congruential generator), so the tests never flake. */
function noise(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return (state / 2 ** 30) - 1;
  };
}

describe('analyzeTrafficPattern', () => {
  test('constant traffic is steady, its peak the mean', () => {
    const result = analyzeTrafficPattern(hours(168, () => 10));
    expect(result).toEqual({ pattern: 'steady', hours: 168, meanRate: 10, peakRate: 10, peakMultiplier: 1, variation: 0 });
  });

  test('small noise (±5 %) is steady even with a daily shape in it', () => {
    const random = noise(7);
    const result = analyzeTrafficPattern(hours(168, (h) => diurnal(100, 0.05)(h) + 5 * random()));
    expect(result.variation).toBeLessThan(STEADY_MAX_VARIATION);
    expect(result.pattern).toBe('steady');
  });

  test('a daily cycle over two days is periodic: r(24h) = 1, r(12h) = -1, peak 1.8× for ±80 %', () => {
    const result = analyzeTrafficPattern(hours(48, diurnal(20, 0.8)));
    expect(result.pattern).toBe('periodic');
    expect(result.meanRate).toBeCloseTo(20, 10);
    // sin(2π·6/24) = 1: the 06:00 hour is 20 × 1.8.
    expect(result.peakRate).toBeCloseTo(36, 10);
    expect(result.peakMultiplier).toBeCloseTo(1.8, 10);
    // σ of a sampled sine of amplitude 16 is 16/√2; ÷ 20.
    expect(result.variation).toBeCloseTo(0.8 / Math.SQRT2, 10);
    expect(result.dailyCorrelation).toBeCloseTo(1, 10);
    expect(result.halfDayCorrelation).toBeCloseTo(-1, 10);
  });

  test('business hours (8 h busy, 16 h quiet) over a week are periodic although they peak at 2.5×', () => {
    const result = analyzeTrafficPattern(hours(168, (h) => (h % 24 >= 9 && h % 24 < 17 ? 10 : 1)));
    // mean = (8·10 + 16·1) / 24 = 4; peak 10 → 2.5×
    expect(result.meanRate).toBeCloseTo(4, 10);
    expect(result.peakMultiplier).toBeCloseTo(2.5, 10);
    expect(result.pattern).toBe('periodic');
  });

  test('a daily cycle with noise and a few missing hours is still periodic', () => {
    const random = noise(11);
    const rates = hours(72, (h) => diurnal(50, 0.6)(h) + 5 * random());
    rates[5] = NaN;
    rates[30] = NaN;
    rates[31] = NaN;
    const result = analyzeTrafficPattern(rates);
    expect(result.hours).toBe(69);
    expect(result.pattern).toBe('periodic');
    expect(result.dailyCorrelation!).toBeGreaterThan(0.9);
  });

  test('a steady climb correlates with itself a day later but is not periodic (half a day later it does too)', () => {
    const result = analyzeTrafficPattern(hours(168, (h) => 1 + h));
    expect(result.dailyCorrelation!).toBeGreaterThan(0.95);
    expect(result.dailyCorrelation! - result.halfDayCorrelation!).toBeLessThan(0.3);
    expect(result.pattern).not.toBe('periodic');
  });

  test('rare bursts over a low base are bursty; the peak multiplier is peak ÷ mean', () => {
    const rates = hours(48, () => 2);
    for (const hour of [5, 20, 37]) rates[hour] = 40;
    const result = analyzeTrafficPattern(rates);
    // mean = (45·2 + 3·40) / 48 = 4.375
    expect(result.meanRate).toBeCloseTo(4.375, 10);
    expect(result.peakMultiplier).toBeCloseTo(40 / 4.375, 10);
    expect(result.pattern).toBe('bursty');
  });

  test('one hour at 3× the mean is bursty even when the variation is small', () => {
    const rates = hours(168, () => 10);
    rates[100] = 31;
    const result = analyzeTrafficPattern(rates);
    expect(result.variation).toBeLessThan(0.5);
    expect(result.peakMultiplier).toBeGreaterThanOrEqual(BURSTY_MIN_PEAK_MULTIPLIER);
    expect(result.pattern).toBe('bursty');
  });

  test('irregular swings of half the mean or more are bursty', () => {
    const random = noise(3);
    const result = analyzeTrafficPattern(hours(168, () => 10 * (1 + 0.95 * random())));
    expect(result.variation).toBeGreaterThanOrEqual(0.5);
    expect(result.pattern).toBe('bursty');
  });

  test('moderate noise without a cycle or big peaks is steady', () => {
    const random = noise(5);
    const result = analyzeTrafficPattern(hours(168, () => 10 * (1 + 0.4 * random())));
    expect(result.variation).toBeGreaterThan(STEADY_MAX_VARIATION);
    expect(result.variation).toBeLessThan(0.5);
    expect(result.peakMultiplier).toBeLessThan(3);
    expect(result.pattern).toBe('steady');
  });

  test('one day of a daily cycle cannot show periodicity: no correlation is computed', () => {
    const result = analyzeTrafficPattern(hours(24, diurnal(20, 0.8)));
    expect(result.dailyCorrelation).toBeUndefined();
    expect(result.pattern).toBe('bursty');
  });

  test.each([
    ['no hours', []],
    ['one hour', [5]],
    ['zero traffic', hours(48, () => 0)],
    ['only missing hours', hours(48, () => NaN)],
  ])('%s: steady, peak multiplier 1, never NaN', (_, rates) => {
    const result = analyzeTrafficPattern(rates);
    expect(result.pattern).toBe('steady');
    expect(result.peakMultiplier).toBe(1);
    for (const value of Object.values(result)) {
      if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
    }
  });
});

describe('peakMultiplier', () => {
  test('peak ÷ average', () => {
    expect(peakMultiplier(36, 20)).toBeCloseTo(1.8, 12);
  });
  test('1 without traffic, and never below 1', () => {
    expect(peakMultiplier(0, 0)).toBe(1);
    expect(peakMultiplier(9.9999, 10)).toBe(1);
    expect(peakMultiplier(NaN, 10)).toBe(1);
  });
});

describe('laggedCorrelation', () => {
  test('is undefined for a constant, or with fewer pairs than the lag', () => {
    expect(laggedCorrelation(hours(48, () => 3), 24)).toBeUndefined();
    expect(laggedCorrelation(hours(40, diurnal(1, 0.5)), 24)).toBeUndefined();
  });

  test('does not shrink with the lag the way the textbook estimator does', () => {
    // Σ over 24 pairs ÷ Σ over 48 hours would give 0.5 for this perfect cycle.
    expect(laggedCorrelation(hours(48, diurnal(1, 0.5)), 24)).toBeCloseTo(1, 10);
  });
});

describe('averageOverCoverage', () => {
  test('8 days of 10 rps read over 30 days (8/30 of the rate) are 10 rps over the 8 days', () => {
    expect(averageOverCoverage(10 * 8 / 30, 30 * 86400, 8 * 86400)).toBeCloseTo(10, 12);
  });

  test('unchanged when the data covers the lookback, or the coverage is unknown', () => {
    expect(averageOverCoverage(2.5, 7 * 86400, 7 * 86400)).toBe(2.5);
    expect(averageOverCoverage(2.5, 7 * 86400, 8 * 86400)).toBe(2.5);
    expect(averageOverCoverage(2.5, 7 * 86400, 0)).toBe(2.5);
    expect(averageOverCoverage(0, 7 * 86400, 3600)).toBe(0);
  });
});
