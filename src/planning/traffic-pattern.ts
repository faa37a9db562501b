/**
 * How a service's traffic varies over a lookback, from its hourly request rates: steady, bursty or
 * periodic, and how far its busiest hour is above the average. `discover` records this in the inventory
 * so that `generate` can choose alert windows and minimum-traffic guards that suit the service.
 *
 * The classification, in order:
 * 1. No traffic, or fewer than two hours measured: **steady** (nothing varies).
 * 2. Variation (coefficient of variation, σ ÷ mean of the hourly rates) below 0.1: **steady**. Hours
 *    within about ±10 % of the mean never change how an SLO's alerts behave, whatever their shape.
 * 3. **periodic** when at least 48 hours were measured (two days: 24 pairs of an hour and the same hour a
 *    day later) and the rates correlate with themselves a day later (Pearson r ≥ 0.6 over the lagged
 *    pairs) clearly more than half a day later (r(24 h) − r(12 h) ≥ 0.3). A daily cycle gives r(24 h) ≈ 1
 *    and r(12 h) ≤ 0 (day against night); a steady climb or decline also correlates with itself a day
 *    later, but just as much half a day later, so the second test keeps trends out.
 * 4. **bursty** when the variation is 0.5 or more, or the busiest hour is 3× the mean or more: irregular
 *    swings that large make short alert windows see several times the average traffic (the low-traffic
 *    and bursty-traffic caveats of the SRE workbook's "Alerting on SLOs").
 * 5. Otherwise **steady**: some noise, no cycle and no large peaks.
 *
 * Pearson correlation of the lagged pairs is used instead of the textbook autocorrelation estimator,
 * whose denominator sums over every hour: that estimator shrinks r(k) by (n − k) ÷ n, so over a 2-day
 * lookback a perfect daily cycle would score only 0.5.
 *
 * A weekly cycle (weekdays against weekends) needs two weeks of history to be seen the same way; over the
 * default 7-day lookback it shows as bursty or steady.
 */
import { TrafficPattern } from './service-inventory';

/** Below this variation (σ ÷ mean of the hourly rates) traffic is steady, whatever its shape. */
export const STEADY_MAX_VARIATION = 0.1;
/** Hours needed to look for a daily cycle: two days, so that 24 hours have a partner a day later. */
export const PERIODIC_MIN_HOURS = 48;
/** The least correlation of each hour with the same hour a day later for a daily cycle. */
export const PERIODIC_MIN_DAILY_CORRELATION = 0.6;
/** How much more the rates must correlate a day later than half a day later (keeps trends out). */
export const PERIODIC_MIN_CORRELATION_GAIN = 0.3;
/** From this variation on, traffic that is not periodic is bursty. */
export const BURSTY_MIN_VARIATION = 0.5;
/** From this peak multiplier (busiest hour ÷ mean) on, traffic that is not periodic is bursty. */
export const BURSTY_MIN_PEAK_MULTIPLIER = 3;

const HOURS_PER_DAY = 24;

/** What the hourly rates showed, with the figures the pattern was decided on. */
export interface TrafficPatternAnalysis {
  readonly pattern: TrafficPattern;
  /** How many hourly rates were measured (missing hours are not counted). */
  readonly hours: number;
  /** The mean of the measured hourly rates (requests per second). */
  readonly meanRate: number;
  /** The busiest hour's rate (requests per second); 0 without traffic. */
  readonly peakRate: number;
  /** peakRate ÷ meanRate; 1 without traffic. */
  readonly peakMultiplier: number;
  /** Coefficient of variation: the standard deviation of the hourly rates ÷ their mean; 0 without traffic. */
  readonly variation: number;
  /** Pearson r of each hour with the same hour a day later; absent with fewer than 48 hours or no variation. */
  readonly dailyCorrelation?: number;
  /** Pearson r of each hour with the hour 12 hours later; absent when dailyCorrelation is. */
  readonly halfDayCorrelation?: number;
}

/**
 * Classifies a series of hourly request rates (requests per second, oldest first, one per hour). A
 * missing hour is a non-finite value (NaN): it is left out of every figure, and lagged pairs that include
 * it are skipped, so the hours keep their place in the day.
 */
export function analyzeTrafficPattern(hourlyRates: readonly number[]): TrafficPatternAnalysis {
  const present = hourlyRates.filter((rate) => Number.isFinite(rate));
  const hours = present.length;
  const meanRate = hours === 0 ? 0 : present.reduce((sum, rate) => sum + rate, 0) / hours;
  const peakRate = hours === 0 ? 0 : Math.max(...present);
  if (hours < 2 || meanRate <= 0) {
    return { pattern: 'steady', hours, meanRate: Math.max(0, meanRate), peakRate: Math.max(0, peakRate), peakMultiplier: 1, variation: 0 };
  }
  const variance = present.reduce((sum, rate) => sum + (rate - meanRate) ** 2, 0) / hours;
  const variation = Math.sqrt(variance) / meanRate;
  const multiplier = peakRate / meanRate;
  const base = { hours, meanRate, peakRate, peakMultiplier: multiplier, variation };
  if (variation < STEADY_MAX_VARIATION) return { pattern: 'steady', ...base };

  let correlations: { dailyCorrelation: number; halfDayCorrelation: number } | undefined;
  if (hours >= PERIODIC_MIN_HOURS) {
    const daily = laggedCorrelation(hourlyRates, HOURS_PER_DAY);
    const halfDay = laggedCorrelation(hourlyRates, HOURS_PER_DAY / 2);
    if (daily !== undefined && halfDay !== undefined) correlations = { dailyCorrelation: daily, halfDayCorrelation: halfDay };
  }
  const withCorrelations = { ...base, ...correlations };
  if (correlations
    && correlations.dailyCorrelation >= PERIODIC_MIN_DAILY_CORRELATION
    && correlations.dailyCorrelation - correlations.halfDayCorrelation >= PERIODIC_MIN_CORRELATION_GAIN) {
    return { pattern: 'periodic', ...withCorrelations };
  }
  if (variation >= BURSTY_MIN_VARIATION || multiplier >= BURSTY_MIN_PEAK_MULTIPLIER) {
    return { pattern: 'bursty', ...withCorrelations };
  }
  return { pattern: 'steady', ...withCorrelations };
}

/**
 * The peak multiplier the inventory records: the busiest hour's rate ÷ the average rate over the
 * lookback, 1 without traffic. Never below 1: the busiest hour cannot be below the average, and a ratio a
 * hair under 1 is only rounding in the server's extrapolation.
 */
export function peakMultiplier(peakRate: number, averageRate: number): number {
  if (!(averageRate > 0) || !Number.isFinite(peakRate)) return 1;
  return Math.max(1, peakRate / averageRate);
}

/**
 * The average rate over the span the data covers, from `sum(rate(x[lookback]))`: a rate over a range
 * divides the counters' increase by the whole range, so a service with 8 days of history measured over
 * 30 days would read 8/30 of its real rate (and its busiest hour 30/8 times too high). Scaled by
 * lookback ÷ covered; unchanged when the coverage is the whole lookback, unknown (≤ 0), or longer.
 */
export function averageOverCoverage(averageOverLookback: number, lookbackSeconds: number, coveredSeconds: number): number {
  if (!(coveredSeconds > 0) || coveredSeconds >= lookbackSeconds) return averageOverLookback;
  return averageOverLookback * (lookbackSeconds / coveredSeconds);
}

/**
 * Pearson correlation between each value and the one `lag` places later, over the pairs where both are
 * present. Undefined with fewer than `lag` pairs (less than one full lag of overlap) or when either side
 * does not vary (correlation is not defined for a constant).
 */
export function laggedCorrelation(values: readonly number[], lag: number): number | undefined {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i + lag < values.length; i++) {
    if (Number.isFinite(values[i]) && Number.isFinite(values[i + lag])) {
      xs.push(values[i]);
      ys.push(values[i + lag]);
    }
  }
  if (xs.length < Math.max(lag, 2)) return undefined;
  const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
  const meanY = ys.reduce((a, b) => a + b, 0) / ys.length;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let i = 0; i < xs.length; i++) {
    covariance += (xs[i] - meanX) * (ys[i] - meanY);
    varianceX += (xs[i] - meanX) ** 2;
    varianceY += (ys[i] - meanY) ** 2;
  }
  // Relative to the values' size, a variance this small is rounding noise, not variation.
  const scale = Math.max(meanX * meanX, meanY * meanY, Number.MIN_VALUE) * xs.length;
  if (varianceX <= scale * 1e-18 || varianceY <= scale * 1e-18) return undefined;
  return covariance / Math.sqrt(varianceX * varianceY);
}
