import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { HttpServiceSlo, HttpServiceSloProps } from './http-service-slo';

/** Props of a `WebServiceSlo`. */
export interface WebServiceSloProps extends HttpServiceSloProps {}

/**
 * SLOs for a user-facing web application serving pages, from the same conventional metrics as
 * `ApiServiceSlo` with settings for pages people wait for:
 * - `availability`: 5xx over all requests of `http_requests_total`;
 * - `latency`: requests slower than `latencyThreshold` (default 1s: a page response people perceive as
 *   immediate enough) from `http_request_duration_seconds`;
 * - when the tier is classified from `characteristics`, the service counts as customer-facing unless
 *   told otherwise.
 */
export class WebServiceSlo extends HttpServiceSlo {
  public constructor(scope: Construct, id: string, props: WebServiceSloProps) {
    super(scope, id, props, { latencyThreshold: Duration.seconds(1), characteristics: { customerFacing: true }, noun: 'page requests' });
  }
}
