import { Duration } from 'cdk8s';
import { durationSeconds } from './internal/duration-conversion';
import type { ThresholdOperator } from '../indicators/query-threshold';
import { optionalSlice } from '../indicators/time-slice-parts';
import { Indicator } from '../model/indicator';

/** Options shared by every kind of indicator. */
export interface SliOptions {
  /**
   * Labels to keep: one SLI (and one set of alerts) per combination of their values, e.g. `['route']`.
   * @default - one SLI over all matching series
   */
  readonly grouping?: string[];
}

/** An indicator from counters of bad (or good) events and of all events. */
export interface RatioSliProps extends SliOptions {
  /**
   * Vector selector of the counter of bad events, e.g. `http_requests_total{job="api",code=~"5.."}`.
   * Set exactly one of `errors` and `good`.
   * @default - bad events are `total` minus `good`
   */
  readonly errors?: string;
  /**
   * Vector selector of the counter of good events. Set exactly one of `errors` and `good`.
   * @default - good events are `total` minus `errors`
   */
  readonly good?: string;
  /** Vector selector of the counter of all events, e.g. `http_requests_total{job="api"}`. */
  readonly total: string;
}

/** A latency indicator from a histogram: a request is good when it took at most `threshold`. */
export interface LatencySliProps extends SliOptions {
  /**
   * The histogram's base name with matchers, e.g. `http_request_duration_seconds{job="api"}`. The
   * histogram must be in seconds; for a classic histogram the library reads `_bucket` and `_count`.
   */
  readonly histogram: string;
  /** The latency bound of a good request. For a classic histogram it must be one of its bucket bounds. */
  readonly threshold: Duration;
}

/** A 0/1 gauge indicator such as `probe_success` or `up`: every sample is an event, a 0 is a bad one. */
export interface BoolGaugeSliProps extends SliOptions {
  /** Vector selector of the gauge, e.g. `probe_success{job="blackbox",instance="https://shop.example"}`. */
  readonly metric: string;
}

/** A freshness indicator: every minute is an event, a bad one when the newest timestamp is too old. */
export interface FreshnessSliProps extends SliOptions {
  /**
   * Vector selector of a gauge holding a Unix time in seconds, e.g. the last successful run:
   * `job_last_success_unixtime{job="etl"}`. The newest of the selected series counts.
   */
  readonly timestampMetric: string;
  /** The largest acceptable age, e.g. `Duration.hours(26)` for a nightly job. */
  readonly maxAge: Duration;
}

/** Options of the indicators judged in time slices whose length can be chosen. */
export interface TimeSliceOptions {
  /**
   * Length of one time slice, OpenSLO's `timeSliceWindow`: whole minutes that divide an hour (1, 2, 3, 4,
   * 5, 6, 10, 12, 15, 20, 30 or 60 minutes), at most the shortest alert window. Longer than a minute,
   * slices tile the time line from the start of each clock hour and each is one event, judged once at
   * its end; a slice counts in the windows only once it is complete, so alerts and the budget see it up
   * to one slice late. A slice for which the query returns nothing is no event.
   * @default - one-minute slices, each evaluation judging the moment
   */
  readonly timeSlice?: Duration;
}

/** A precomputed error ratio with a window placeholder, averaged over time (Sloth's raw SLI). */
export interface AveragedErrorRatioSliProps extends SliOptions, TimeSliceOptions {
  /**
   * PromQL for the ratio of bad events (0 to 1) over `{{.window}}`, e.g.
   * `1 - avg_over_time(up{job="api"}[{{.window}}])`. The placeholder is the time slice when `timeSlice` is
   * longer than a minute, else 5 minutes.
   */
  readonly errorRatioQuery: string;
}

/** Any query held against a value once a time slice (OpenSLO's thresholdMetric). */
export interface QueryThresholdSliProps extends SliOptions, TimeSliceOptions {
  /**
   * An instant PromQL query, one series per group, e.g. `histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))`.
   * With a `timeSlice` longer than a minute it is evaluated once at the end of each slice, so let it
   * aggregate over the slice (`rate(x[5m])`, `max_over_time(x[5m])` for 5-minute slices).
   */
  readonly query: string;
  /** How a good slice compares the query with `value`: `lt`, `lte`, `gt` or `gte` (as OpenSLO writes it). */
  readonly op: string;
  /** The value the query is compared with. */
  readonly value: number;
}

/** A gauge that must stay under a bound: every minute is an event, a bad one when the sum is above it. */
export interface GaugeThresholdSliProps extends SliOptions {
  /** Vector selector of the gauge, e.g. `kafka_consumergroup_lag{consumergroup="orders"}`; selected series are summed. */
  readonly metric: string;
  /** The largest good value, e.g. 1000 messages of lag. */
  readonly maximum: number;
}

/**
 * An indicator from raw PromQL, the escape hatch. Each query returns events per second over the window
 * placeholder `{{.window}}` (the library substitutes `5m`), e.g. `sum(rate(my_errors_total[{{.window}}]))`.
 */
export interface QuerySliProps extends SliOptions {
  /**
   * Rate of bad events. Set exactly one of `errorQuery` and `goodQuery`.
   * @default - bad events are total minus good (never below zero)
   */
  readonly errorQuery?: string;
  /**
   * Rate of good events. Set exactly one of `errorQuery` and `goodQuery`.
   * @default - good events are total minus bad
   */
  readonly goodQuery?: string;
  /** Rate of all events. */
  readonly totalQuery: string;
}

/**
 * A service level indicator: how to tell good events from bad ones. Create one with a static factory,
 * e.g. `Sli.ratio({ errors, total })` or `Sli.latency({ histogram, threshold })`.
 */
export class Sli {
  /** Bad events over all events, from two counters. */
  public static ratio(props: RatioSliProps): Sli {
    return new Sli({ kind: 'ratio', errors: props.errors, good: props.good, total: props.total, grouping: props.grouping ?? [] });
  }

  /** Requests slower than `threshold` over all requests, from a classic Prometheus histogram. */
  public static latency(props: LatencySliProps): Sli {
    return new Sli({ kind: 'latency', histogram: props.histogram, thresholdSeconds: durationSeconds(props.threshold), grouping: props.grouping ?? [] });
  }

  /** Requests slower than `threshold` over all requests, from a native histogram (`histogram_fraction`). */
  public static nativeLatency(props: LatencySliProps): Sli {
    return new Sli({ kind: 'nativeLatency', histogram: props.histogram, thresholdSeconds: durationSeconds(props.threshold), grouping: props.grouping ?? [] });
  }

  /** Samples equal to 0 over all samples of a 0/1 gauge such as `probe_success` or `up`. */
  public static boolGauge(props: BoolGaugeSliProps): Sli {
    return new Sli({ kind: 'boolGauge', metric: props.metric, grouping: props.grouping ?? [] });
  }

  /**
   * Minutes with fresh data over all minutes: a time-slice indicator for pipelines and caches. A minute
   * is bad when `time()` minus the newest selected timestamp exceeds `maxAge`. While the metric is absent
   * there are no events at all, so pair it with an absence alert if the exporter can disappear.
   */
  public static freshness(props: FreshnessSliProps): Sli {
    return new Sli({ kind: 'freshness', timestamp: props.timestampMetric, maxAgeSeconds: durationSeconds(props.maxAge), grouping: props.grouping ?? [] });
  }

  /** Minutes in which the summed gauge is above `maximum` over all minutes, e.g. consumer lag. */
  public static gaugeThreshold(props: GaugeThresholdSliProps): Sli {
    return new Sli({ kind: 'gaugeThreshold', metric: props.metric, maximum: props.maximum, grouping: props.grouping ?? [] });
  }

  /** Raw PromQL rates with a `{{.window}}` placeholder. */
  public static fromQueries(props: QuerySliProps): Sli {
    return new Sli({
      kind: 'query',
      errorQuery: props.errorQuery,
      goodQuery: props.goodQuery,
      totalQuery: props.totalQuery,
      grouping: props.grouping ?? [],
    });
  }

  /**
   * A precomputed error ratio, averaged over time: each minute with data is one event whose badness is the
   * query's 5-minute ratio, whatever its traffic. It cannot be event-weighted (a quiet minute weighs as
   * much as a busy one), so prefer `ratio` or `fromQueries` when the event counts exist. This is what a
   * Sloth `raw.errorRatioQuery` SLI means. With a `timeSlice` longer than a minute, each tiled slice is
   * one event whose badness is the query's ratio over the slice: OpenSLO's RatioTimeslices.
   */
  public static averagedErrorRatio(props: AveragedErrorRatioSliProps): Sli {
    return new Sli({ kind: 'averagedErrorRatio', errorRatioQuery: props.errorRatioQuery, ...sliceOf(props), grouping: props.grouping ?? [] });
  }

  /**
   * Slices in which `query <op> value` fails, over all slices the query returns a value: a time-slice
   * indicator for any query (OpenSLO's thresholdMetric with Timeslices), e.g. a p99 latency under 0.5s.
   * Slices are one minute unless `timeSlice` says otherwise.
   */
  public static queryThreshold(props: QueryThresholdSliProps): Sli {
    return new Sli({
      kind: 'queryThreshold', query: props.query, op: props.op as ThresholdOperator, value: props.value, ...sliceOf(props), grouping: props.grouping ?? [],
    });
  }

  /** @internal An indicator of the model as it is, e.g. one read back from a document. */
  public static _of(indicator: Indicator): Sli {
    return new Sli({ ...indicator, grouping: [...indicator.grouping] } as Indicator);
  }

  /** The kind of indicator: `ratio`, `latency`, `nativeLatency`, `boolGauge`, `freshness`, `gaugeThreshold`, `query`, `averagedErrorRatio` or `queryThreshold`. */
  public readonly kind: string;

  /** The grouping labels (one SLI per combination of their values). */
  public readonly grouping: string[];

  /** @internal */
  public readonly _indicator: Indicator;

  private constructor(indicator: Indicator) {
    this._indicator = indicator;
    this.kind = indicator.kind;
    // Not a list (from JavaScript) is reported by the SLO as indicator.grouping.
    this.grouping = Array.isArray(indicator.grouping) ? [...indicator.grouping] : [];
  }
}

/** The model's slice field from the prop: absent when unset, so the default's output stays as it was. */
function sliceOf(props: TimeSliceOptions): { readonly timeSliceSeconds?: number } {
  return optionalSlice(props.timeSlice === undefined ? undefined : durationSeconds(props.timeSlice));
}
