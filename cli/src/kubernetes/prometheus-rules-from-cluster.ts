import { CliError } from '../cli-error';
import { CliIo } from '../cli-io';
import { KubeConfigOptions, kubernetesApiError, KubernetesClient, loadKubernetesClient } from './kube-client';

/** What cdk8s-slo puts on every PrometheusRule it synthesizes. */
export const MANAGED_BY_SELECTOR = 'app.kubernetes.io/managed-by=cdk8s-slo';

const GROUP = 'monitoring.coreos.com';
const VERSION = 'v1';
const PLURAL = 'prometheusrules';
/** Items per list request; the API pages larger lists with `continue` tokens. */
const PAGE_SIZE = 250;

export interface ClusterRuleOptions extends KubeConfigOptions {
  /** Only these namespaces; every namespace when empty. */
  readonly namespaces: readonly string[];
  /** A Kubernetes label selector; everything when empty. */
  readonly labelSelector: string;
  readonly timeoutMs: number;
}

export interface ClusterRules {
  /** The API server, for messages and the plan's header. */
  readonly server: string;
  /** The PrometheusRule objects, as the API returned them. */
  readonly objects: any[];
}

/**
 * Lists PrometheusRules (monitoring.coreos.com/v1) through the Kubernetes API with the kubeconfig's
 * credentials, as `kubectl get prometheusrules -A -l SELECTOR` would. A malformed kubeconfig is exit 3;
 * an API that refuses, fails, lacks the CRD or does not answer within the timeout is exit 4.
 */
export async function prometheusRulesFromCluster(options: ClusterRuleOptions, io: CliIo): Promise<ClusterRules> {
  const client = await loadKubernetesClient(options, io);
  const api = client.config.makeApiClient(client.k8s.CustomObjectsApi);
  // The client has no timeout of its own: each request gets an abort signal. The object-parameter API
  // runs middleware in its Observable flavour, so the hooks return the client's own Observable.
  const { Observable } = client.k8s;
  const requestOptions = {
    middleware: [{
      pre: (context: any) => {
        context.setSignal(AbortSignal.timeout(options.timeoutMs));
        return new Observable(Promise.resolve(context));
      },
      post: (context: any) => new Observable(Promise.resolve(context)),
    }],
    middlewareMergeStrategy: 'append' as const,
  };
  const labelSelector = options.labelSelector || undefined;
  const objects: any[] = [];
  for (const namespace of options.namespaces.length > 0 ? options.namespaces : [undefined]) {
    const what = `list PrometheusRules ${namespace === undefined ? 'in all namespaces' : `in namespace ${namespace}`}${labelSelector ? ` labelled ${labelSelector}` : ''}`;
    let page: string | undefined;
    do {
      let list: any;
      try {
        const query = { group: GROUP, version: VERSION, plural: PLURAL, labelSelector, limit: PAGE_SIZE, _continue: page };
        list = namespace === undefined
          ? await api.listClusterCustomObject(query, requestOptions)
          : await api.listNamespacedCustomObject({ ...query, namespace }, requestOptions);
      } catch (error) {
        throw apiFailure(client, what, error, options.timeoutMs);
      }
      if (!Array.isArray(list?.items)) throw CliError.unavailable(`Kubernetes API at ${client.server} answered "${what}" without a list of items`);
      objects.push(...list.items.map((item: any) => ({ apiVersion: `${GROUP}/${VERSION}`, kind: 'PrometheusRule', ...item })));
      page = list.metadata?.continue || list.metadata?._continue || undefined;
    } while (page);
  }
  return { server: client.server, objects };
}

function apiFailure(client: KubernetesClient, what: string, error: unknown, timeoutMs: number): CliError {
  const e = error as any;
  const name = e?.name ?? e?.cause?.name;
  if (name === 'AbortError' || name === 'TimeoutError') {
    return CliError.unavailable(`Kubernetes API at ${client.server}: no answer within ${timeoutMs / 1000} s (timed out) (${what})`);
  }
  if (e?.code === 404) {
    return CliError.unavailable(`Kubernetes API at ${client.server} answered HTTP 404 to ${what}: the PrometheusRule resource (${GROUP}/${VERSION}) is not installed there (is prometheus-operator installed?)`);
  }
  return kubernetesApiError(client, what, error);
}

/**
 * Whether an object's labels match a label selector of equality terms (`a=b`, `a==b`, `a!=b`, `a`, `!a`),
 * so synthesized objects can be compared with what the same selector lists. Set-based terms
 * (`a in (x,y)`) are not evaluated: undefined means "cannot tell".
 */
export function matchesLabelSelector(labels: Readonly<Record<string, unknown>> | undefined, selector: string): boolean | undefined {
  const own = labels ?? {};
  for (const raw of selector.split(',')) {
    const term = raw.trim();
    if (term === '') continue;
    if (/\s(in|notin)\s*\(/.test(term) || term.includes('(')) return undefined;
    const match = /^(!)?([^!=\s]+)\s*(?:(==|=|!=)\s*(\S*))?$/.exec(term);
    if (!match) return undefined;
    const [, not, key, operator, value] = match;
    const actual = own[key];
    if (operator === undefined) {
      if ((actual !== undefined) === (not === '!')) return false;
    } else if (not) {
      return undefined;
    } else if (operator === '!=') {
      if (actual === value) return false;
    } else if (actual !== value) {
      return false;
    }
  }
  return true;
}
