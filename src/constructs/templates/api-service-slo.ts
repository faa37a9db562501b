import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { HttpServiceSlo, HttpServiceSloOptions, HttpServiceSloProps } from './http-service-slo';
import { IKubeResource, IWorkloadSource } from './kube-resource';
import { apiObjectOfKind, namespaceOf } from '../internal/kube-resource-reading';
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
   * SLOs for the pods of a cdk8s-plus Deployment (any cdk8s-plus from version 28 on): the service
   * name is the Deployment's name, and the selector is its namespace and pod selector labels (names
   * sanitized as Kubernetes service discovery does: `app.kubernetes.io/name` becomes
   * `app_kubernetes_io_name`). That matches scrape configs that copy pod labels onto targets; with a
   * ServiceMonitor, pass `selector: { job: '<service name>' }`.
   */
  public static fromDeployment(
    scope: Construct, id: string, deployment: IWorkloadSource, options: ApiServiceSloFromWorkloadOptions = {},
  ): ApiServiceSlo {
    return new ApiServiceSlo(scope, id, {
      ...options,
      service: options.service ?? deployment.name,
      selector: options.selector ?? workloadSelector(namespaceOf(deployment), deployment.matchLabels),
    });
  }

  /**
   * SLOs for the pods behind a cdk8s-plus Service (any cdk8s-plus from version 28 on): the service
   * name is the Service's name, and the selector is its namespace and pod selector labels (see
   * `fromDeployment`). Throws when the object is not a Service.
   */
  public static fromService(
    scope: Construct, id: string, kubeService: IKubeResource, options: ApiServiceSloFromWorkloadOptions = {},
  ): ApiServiceSlo {
    const spec = apiObjectOfKind(kubeService, 'Service', 'ApiServiceSlo.fromService').toJson().spec ?? {};
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
