import { ApiObjectMetadataDefinition } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * A Kubernetes object defined in a cdk8s app: what `BatchPipelineSlo.fromCronJob` and
 * `ApiServiceSlo.fromService` read of it.
 *
 * Every cdk8s-plus resource (any cdk8s-plus from version 28 on, e.g. the one of Kubernetes 1.33 that
 * `cdk8s init` installs) already has these members, so in TypeScript pass its `CronJob` or `Service` as
 * is. The object must be a construct whose default child is its `ApiObject`, as every cdk8s-plus
 * resource is. In a language whose interfaces are nominal (Java, C#), pass a small class that implements
 * this interface by forwarding `node`, `name` and `metadata` to the cdk8s-plus object.
 */
export interface IKubeResource extends IConstruct {
  /** The object's Kubernetes name (`metadata.name`). */
  readonly name: string;
  /** The object's metadata (its namespace, when set, wins over the chart's). */
  readonly metadata: ApiObjectMetadataDefinition;
}

/**
 * A workload whose pods a label selector picks, e.g. a cdk8s-plus `Deployment` (any cdk8s-plus from
 * version 28 on): what `ApiServiceSlo.fromDeployment` reads of it. In Java or C#, a forwarding class
 * (see `IKubeResource`) forwards `matchLabels` too.
 */
export interface IWorkloadSource extends IKubeResource {
  /** The labels the workload's pod selector matches (`spec.selector.matchLabels`). */
  readonly matchLabels: { [key: string]: string };
}
