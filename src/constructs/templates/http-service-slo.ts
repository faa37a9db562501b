import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ObjectiveOverrides, ServiceSloOptions, ServiceSloProps, ServiceSloTemplate } from './service-slo-template';
import { formatDecimal } from '../../model/decimal';
import {
  CLIENT_LIBRARY_DEFAULT_BUCKETS, P95_DERIVED_LATENCY_TARGET_CEILING, thresholdFromObservedP95,
} from '../../model/latency-threshold';
import { HTTP_DURATION_HISTOGRAM, HTTP_ERROR_MATCHERS, HTTP_REQUESTS_METRIC } from '../../model/metric-conventions';
import { durationSeconds } from '../internal/duration-conversion';
import { ServiceCharacteristics } from '../service-tier';
import { Sli } from '../sli';
import { Slo } from '../slo';

/** Options of the HTTP templates (`ApiServiceSlo`, `WebServiceSlo`). */
export interface HttpServiceSloOptions extends ServiceSloOptions {
  /**
   * The request counter, with a status-code label.
   * @default "http_requests_total"
   */
  readonly requestsMetric?: string;
  /**
   * PromQL label matchers that select failed requests on the request counter.
   * @default 'code=~"5.."'
   */
  readonly errorMatchers?: string;
  /**
   * The request-duration histogram's base name, in seconds.
   * @default "http_request_duration_seconds"
   */
  readonly latencyHistogram?: string;
  /**
   * A request is fast enough when it takes at most this long. For a classic histogram it must be one of
   * the bucket bounds. Set this or `observedP95Latency`, not both.
   * @default - from `observedP95Latency`, else the template's default (API 500ms, web 1s)
   */
  readonly latencyThreshold?: Duration;
  /**
   * The observed p95 latency, when only that is known: the threshold is p95 × 1.2, rounded up to the
   * next of `histogramBuckets`, and the latency target is at most 95% (the p95 says no more was met).
   * @default - use `latencyThreshold`
   */
  readonly observedP95Latency?: Duration;
  /**
   * The classic histogram's bucket bounds in seconds, to round a derived threshold up to and to check
   * `latencyThreshold` against.
   * @default - the Prometheus client libraries' defaults: 0.005 .. 10
   */
  readonly histogramBuckets?: number[];
  /**
   * The histogram is a native histogram (`histogram_fraction`); any threshold works.
   * @default false
   */
  readonly nativeHistogram?: boolean;
  /**
   * Changes to the availability objective.
   * @default - the tier's target, 5xx over all requests
   */
  readonly availability?: ObjectiveOverrides;
  /**
   * Changes to the latency objective.
   * @default - the tier's latency target, requests slower than the threshold over all requests
   */
  readonly latency?: ObjectiveOverrides;
}

/** Props of the HTTP templates. */
export interface HttpServiceSloProps extends HttpServiceSloOptions, ServiceSloProps {}

/** What differs between the HTTP templates. */
export interface HttpTemplateDefaults {
  /** The latency threshold when neither a threshold nor a p95 is given. */
  readonly latencyThreshold: Duration;
  /** Characteristics assumed when classifying. */
  readonly characteristics: ServiceCharacteristics;
  /** What a request is, in descriptions: "API requests", "page requests". */
  readonly noun: string;
}

/**
 * The shared logic of `ApiServiceSlo` and `WebServiceSlo`: an availability objective (5xx over all
 * requests of `http_requests_total`) and a latency objective (requests slower than the threshold, from
 * `http_request_duration_seconds`).
 */
export abstract class HttpServiceSlo extends ServiceSloTemplate {
  /** The availability SLO (`availability`), unless disabled. */
  public readonly availability?: Slo;
  /** The latency SLO (`latency`), unless disabled. */
  public readonly latency?: Slo;
  /** The latency threshold in effect. */
  public readonly latencyThreshold: Duration;

  public constructor(scope: Construct, id: string, props: HttpServiceSloProps, defaults: HttpTemplateDefaults) {
    super(scope, id, props, defaults.characteristics);
    const requests = props.requestsMetric ?? HTTP_REQUESTS_METRIC;
    const histogram = props.latencyHistogram ?? HTTP_DURATION_HISTOGRAM;
    const buckets = props.histogramBuckets ?? [...CLIENT_LIBRARY_DEFAULT_BUCKETS];
    const native = props.nativeHistogram ?? false;

    this.availability = this.addTemplateObjective({
      name: 'availability',
      target: this.tier.target,
      indicator: Sli.ratio({
        errors: this.selectorOf(requests, props.errorMatchers ?? HTTP_ERROR_MATCHERS, 'errorMatchers'),
        total: this.selectorOf(requests),
      }),
      promise: `of ${defaults.noun} succeed without a server error`,
    }, props.availability);

    const latency = this.resolveLatencyThreshold(props, defaults, buckets, native);
    this.latencyThreshold = Duration.millis(Math.round(latency.seconds * 1000));
    const thresholdText = `${formatDecimal(latency.seconds)}s`;
    this.latency = this.addTemplateObjective({
      name: 'latency',
      target: latency.fromP95 ? Math.min(this.tier.latencyTarget, P95_DERIVED_LATENCY_TARGET_CEILING) : this.tier.latencyTarget,
      indicator: native
        ? Sli.nativeLatency({ histogram: this.selectorOf(histogram), threshold: Duration.millis(latency.seconds * 1000) })
        : Sli.latency({ histogram: this.selectorOf(histogram), threshold: Duration.millis(latency.seconds * 1000) }),
      promise: `of ${defaults.noun} complete within ${thresholdText}`,
    }, props.latency);

    this.addExtraObjectives();
  }

  private resolveLatencyThreshold(
    props: HttpServiceSloProps, defaults: HttpTemplateDefaults, buckets: number[], native: boolean,
  ): { seconds: number; fromP95: boolean } {
    if (props.latencyThreshold && props.observedP95Latency) {
      this.reportError('latencyThreshold', 'set either `latencyThreshold` or `observedP95Latency`, not both');
    }
    if (!props.latencyThreshold && props.observedP95Latency) {
      const p95 = durationSeconds(props.observedP95Latency);
      if (!(p95 > 0)) {
        this.reportError('observedP95Latency', `must be a positive duration, got ${p95} seconds`);
        return { seconds: Math.max(...buckets), fromP95: true };
      }
      const derived = thresholdFromObservedP95(p95, native ? undefined : buckets);
      if (!derived) {
        this.reportError('observedP95Latency', `p95 × 1.2 = ${formatDecimal(p95 * 1.2)}s is above the largest histogram bucket (${formatDecimal(Math.max(...buckets))}s); set latencyThreshold or histogramBuckets`);
        return { seconds: Math.max(...buckets), fromP95: true };
      }
      return { seconds: derived.thresholdSeconds, fromP95: true };
    }
    const seconds = durationSeconds(props.latencyThreshold ?? defaults.latencyThreshold);
    if (!(seconds > 0)) {
      this.reportError('latencyThreshold', `must be a positive duration, got ${seconds} seconds`);
      return { seconds: Math.max(...buckets), fromP95: false };
    }
    if (!native && props.latencyThreshold && !buckets.some((bound) => Math.abs(bound - seconds) < 1e-9)) {
      this.reportError('latencyThreshold', `${formatDecimal(seconds)}s is not a bucket bound of the histogram `
        + `(${buckets.map((b) => formatDecimal(b)).join(', ')}); a classic histogram cannot count requests under it. `
        + 'Pick a bound, pass your histogramBuckets, or set nativeHistogram');
    }
    return { seconds, fromP95: false };
  }
}
