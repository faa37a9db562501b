/**
 * The discovered-services inventory: what `cdk8s-slo discover` learned about each service (its
 * Kubernetes labels and its behaviour in Prometheus over a lookback), and what `cdk8s-slo generate` reads.
 * Plain data, written and read as JSON; its `apiVersion` changes when a field changes meaning.
 */

export const SERVICE_INVENTORY_API_VERSION = 'cdk8s-slo.dev/v1alpha1';
export const SERVICE_INVENTORY_KIND = 'ServiceInventory';

/** How traffic varied over the lookback. */
export type TrafficPattern = 'steady' | 'bursty' | 'periodic';

/** Latency quantiles in seconds, from the service's request-duration histogram. */
export interface LatencyQuantiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

/** A service's behaviour over the lookback, measured in Prometheus. */
export interface ObservedBehaviour {
  /** The lookback in seconds (7 days by default). */
  readonly lookbackSeconds: number;
  /**
   * How much of the lookback the service's requests cover, in seconds, when that is less than the
   * lookback (a new service, or a Prometheus with shorter retention): every figure is over this span.
   */
  readonly coveredSeconds?: number;
  /** Requests per second, averaged over the lookback. */
  readonly averageQps: number;
  /** The busiest hour's requests per second. */
  readonly peakQps: number;
  /** peakQps ÷ averageQps (1 when there is no traffic). */
  readonly peakMultiplier: number;
  readonly trafficPattern: TrafficPattern;
  /** Failed requests ÷ all requests over the lookback; absent when the service exposes no error data. */
  readonly errorRatio?: number;
  /** Latency over the lookback; absent when the service has no request-duration histogram. */
  readonly latency?: LatencyQuantiles;
}

/** One Kubernetes Service and what was learned about it. */
export interface DiscoveredService {
  readonly name: string;
  readonly namespace: string;
  /** The labels and annotations that classify it (team, tier, service-type, revenue-impact, …). */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** Whether Prometheus is asked to scrape it (`prometheus.io/scrape`), when the annotation is set. */
  readonly scraped?: boolean;
  /** The label matchers that select its metrics in Prometheus, e.g. `{namespace: "shop", job: "checkout"}`. */
  readonly selector: Readonly<Record<string, string>>;
  /** Its behaviour; absent when it could not be measured (see `measurementError`). */
  readonly observed?: ObservedBehaviour;
  /** Why it could not be measured, when it could not. */
  readonly measurementError?: string;
}

/** Something discovery could not do. */
export interface DiscoveryFailure {
  /** `namespace/name` of the service concerned, or absent for a failure of the whole source. */
  readonly service?: string;
  readonly message: string;
}

/** The whole inventory, as `discover` writes it. */
export interface ServiceInventory {
  readonly apiVersion: typeof SERVICE_INVENTORY_API_VERSION;
  readonly kind: typeof SERVICE_INVENTORY_KIND;
  /** When the measurements were taken (ISO 8601). */
  readonly measuredAt: string;
  /** The Prometheus the behaviour was measured in, when one was used. */
  readonly prometheusUrl?: string;
  readonly lookbackSeconds: number;
  readonly services: readonly DiscoveredService[];
  readonly failures: readonly DiscoveryFailure[];
}
