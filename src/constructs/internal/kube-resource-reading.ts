import { ApiObject, Chart } from 'cdk8s';
import { IKubeResource } from '../templates/kube-resource';

/** The object's namespace: its own, else its chart's. */
export function namespaceOf(resource: IKubeResource): string | undefined {
  return resource.metadata.namespace ?? Chart.of(resource).namespace;
}

/**
 * The object's `ApiObject`, checked to be of `kind`: a structural type lets any cdk8s-plus resource
 * through, and the wrong kind would give SLOs on the wrong series.
 */
export function apiObjectOfKind(resource: IKubeResource, kind: string, method: string): ApiObject {
  const apiObject = ApiObject.of(resource);
  if (apiObject.kind !== kind) {
    throw new Error(`${method} needs a ${kind}, not a ${apiObject.kind} (${resource.node.path})`);
  }
  return apiObject;
}
