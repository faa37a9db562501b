import { ApiObject, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { HttpServiceSlo, HttpServiceSloOptions, HttpServiceSloProps } from './http-service-slo';
import { workloadSelector } from '../internal/workload-selector';

/** Props of an `ApiServiceSlo`. */
export interface ApiServiceSloProps extends HttpServiceSloProps {}

/** Options of `ApiServiceSlo.fromDeployment` and `ApiServiceSlo.fromService`. */
export interface ApiServiceSloFromWorkloadOptions extends HttpServiceSloOptions {
  /**
   * The service name (`slo_service`).
   * @default - the workload's Kubernetes name
   */
  readonly service?: string;
}

/**
 * SLOs for an HTTP API, from the Prometheus client libraries' conventional metrics:
 * - `availability`: requests answered with a 5xx (`http_requests_total{code=~"5.."}`) over all requests
 *   (`http_requests_total`), at the tier's target;
 * - `latency`: requests slower than `latencyThreshold` (default 500ms; or the observed p95 × 1.2) over
 *   all requests, from the `http_request_duration_seconds` histogram, at the tier's latency target.
 * Every metric name and matcher can be overridden; `selector` adds the service's matchers to each.
 */
export class ApiServiceSlo extends HttpServiceSlo {
  /**
   * SLOs for the pods of a cdk8s-plus Deployment: the service name is the Deployment's name, and the
   * selector is its namespace and pod selector labels (names sanitized as Kubernetes service discovery
   * does: `app.kubernetes.io/name` becomes `app_kubernetes_io_name`). That matches scrape configs that
   * copy pod labels onto targets; with a ServiceMonitor, pass `selector: { job: '<service name>' }`.
   */
  public static fromDeployment(
    scope: Construct, id: string, deployment: kplus.Deployment, options: ApiServiceSloFromWorkloadOptions = {},
  ): ApiServiceSlo {
    return new ApiServiceSlo(scope, id, {
      ...options,
      service: options.service ?? deployment.name,
      selector: options.selector ?? workloadSelector(namespaceOf(deployment), deployment.matchLabels),
    });
  }

  /**
   * SLOs for the pods behind a cdk8s-plus Service: the service name is the Service's name, and the
   * selector is its namespace and pod selector labels (see `fromDeployment`).
   */
  public static fromService(
    scope: Construct, id: string, kubeService: kplus.Service, options: ApiServiceSloFromWorkloadOptions = {},
  ): ApiServiceSlo {
    const spec = ApiObject.of(kubeService).toJson().spec ?? {};
    return new ApiServiceSlo(scope, id, {
      ...options,
      service: options.service ?? kubeService.name,
      selector: options.selector ?? workloadSelector(namespaceOf(kubeService), spec.selector ?? {}),
    });
  }

  public constructor(scope: Construct, id: string, props: ApiServiceSloProps) {
    super(scope, id, props, { latencyThreshold: Duration.millis(500), characteristics: {}, noun: 'API requests' });
  }
}

function namespaceOf(resource: kplus.Deployment | kplus.Service): string | undefined {
  return resource.metadata.namespace ?? Chart.of(resource).namespace;
}
