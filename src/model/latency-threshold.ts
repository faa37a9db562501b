/**
 * Latency thresholds for histogram SLOs. A classic histogram can only answer "how many requests took at
 * most X" for X among its bucket bounds, so a threshold derived from an observed percentile is rounded up
 * to the next bound.
 */
import { roundSignificant } from './decimal';

/** The default buckets of the official Prometheus client libraries (Go, Java, Python, Ruby), in seconds. */
export const CLIENT_LIBRARY_DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** The bucket bounds OpenTelemetry's semantic conventions advise for `db.client.operation.duration`, in seconds. */
export const OPENTELEMETRY_DB_DURATION_BUCKETS: readonly number[] = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

/** A threshold is the observed p95 with this much headroom, so the SLO is met on the day it starts. */
export const P95_HEADROOM = 1.2;

/**
 * A latency target that a threshold of p95 × 1.2 can meet: at most 95% of requests were known to be that
 * fast, so a stricter target would burn budget from the first day.
 */
export const P95_DERIVED_LATENCY_TARGET_CEILING = 0.95;

/** The result of deriving a threshold from an observed p95. */
export interface DerivedThreshold {
  /** The threshold in seconds: a bucket bound for classic histograms. */
  readonly thresholdSeconds: number;
  /** p95 × 1.2, before rounding up to a bucket bound. */
  readonly exactSeconds: number;
}

/**
 * p95 × 1.2, rounded up to the smallest bucket bound at or above it when `buckets` is given (classic
 * histograms), or to three significant digits (native histograms). Undefined when p95 × 1.2 exceeds the
 * largest bucket: no bound can express it.
 */
export function thresholdFromObservedP95(p95Seconds: number, buckets?: readonly number[]): DerivedThreshold | undefined {
  const exactSeconds = roundSignificant(p95Seconds * P95_HEADROOM, 6);
  if (!buckets) {
    return { thresholdSeconds: roundSignificant(exactSeconds, 3), exactSeconds };
  }
  const bound = [...buckets].sort((a, b) => a - b).find((b) => b >= exactSeconds);
  return bound === undefined ? undefined : { thresholdSeconds: bound, exactSeconds };
}
