/**
 * Service level indicators as plain data. Each variant says how to count bad and total events over five
 * minutes; everything longer is derived from those two counts by the rule generator.
 */

/** The placeholder that `query` indicators use for the range of their range vectors. */
export const WINDOW_PLACEHOLDER = '{{.window}}';

/** Bad events over all events, from counters selected by PromQL vector selectors. */
export interface RatioIndicator {
  readonly kind: 'ratio';
  /** Selector of the counter of bad events; exactly one of `errors` and `good` is set. */
  readonly errors?: string;
  /** Selector of the counter of good events; exactly one of `errors` and `good` is set. */
  readonly good?: string;
  /** Selector of the counter of all events. */
  readonly total: string;
  readonly grouping: readonly string[];
}

/** Requests slower than a threshold, from a classic histogram's `_bucket` and `_count` series. */
export interface LatencyIndicator {
  readonly kind: 'latency';
  /** The histogram's base name with matchers, e.g. `http_request_duration_seconds{job="checkout"}`. */
  readonly histogram: string;
  /** Good requests take at most this many seconds; must be one of the histogram's bucket bounds. */
  readonly thresholdSeconds: number;
  readonly grouping: readonly string[];
}

/** Requests slower than a threshold, from a native histogram. */
export interface NativeLatencyIndicator {
  readonly kind: 'nativeLatency';
  /** The native histogram's name with matchers. */
  readonly histogram: string;
  readonly thresholdSeconds: number;
  readonly grouping: readonly string[];
}

/** A 0/1 gauge such as `probe_success` or `up`: each sample is an event, a 0 sample a bad one. */
export interface BoolGaugeIndicator {
  readonly kind: 'boolGauge';
  readonly metric: string;
  readonly grouping: readonly string[];
}

/** The escape hatch: raw PromQL rates of bad (or good) and total events with a window placeholder. */
export interface QueryIndicator {
  readonly kind: 'query';
  readonly errorQuery?: string;
  readonly goodQuery?: string;
  readonly totalQuery: string;
  readonly grouping: readonly string[];
}

/**
 * Freshness, judged once per evaluation (every minute): a minute is bad when the newest timestamp in
 * `timestamp` (a gauge of Unix seconds, e.g. the last successful run) is older than `maxAgeSeconds`.
 */
export interface FreshnessIndicator {
  readonly kind: 'freshness';
  /** Selector of a gauge holding a Unix time in seconds, e.g. `job_last_success_unixtime{job="etl"}`. */
  readonly timestamp: string;
  readonly maxAgeSeconds: number;
  readonly grouping: readonly string[];
}

/**
 * A gauge under a bound, judged once per evaluation (every minute): a minute is bad when the sum of the
 * selected series (per group) is above `maximum`, e.g. consumer lag in messages.
 */
export interface GaugeThresholdIndicator {
  readonly kind: 'gaugeThreshold';
  readonly metric: string;
  readonly maximum: number;
  readonly grouping: readonly string[];
}

export type Indicator =
  | RatioIndicator | LatencyIndicator | NativeLatencyIndicator | BoolGaugeIndicator | QueryIndicator
  | FreshnessIndicator | GaugeThresholdIndicator;
