import * as path from 'path';
import { CliError } from '../cli-error';
import { CliIo } from '../cli-io';
import { checkUnique, serviceRecord, ServiceRecord } from './service-list';
import { KubeConfigOptions, kubernetesApiError, KubernetesClient, loadKubernetesClient } from '../kubernetes/kube-client';

// Types only: the ESM client itself is loaded at run time by loadKubernetesClient.
type RequestContext = import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } }).RequestContext;
type ResponseContext = import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } }).ResponseContext;

/** Items per list request; the API pages larger lists with `continue` tokens. */
const PAGE_SIZE = 500;

/**
 * Lists Services through the Kubernetes API, as kubectl would with the same kubeconfig and context: every
 * namespace (`listServiceForAllNamespaces`), or only the given ones (`listNamespacedService`, which needs
 * only namespace-scoped permission). A malformed kubeconfig is exit 3; an API that refuses, fails or does
 * not answer within `timeoutMs` is exit 4.
 */
export async function listClusterServices(
  options: KubeConfigOptions,
  namespaces: readonly string[],
  timeoutMs: number,
  io: CliIo,
): Promise<ServiceRecord[]> {
  const client = await loadKubernetesClient(options, io);
  if (!/^https?:\/\/[^/]/.test(client.server)) {
    const source = options.kubeconfig ? path.resolve(io.cwd, options.kubeconfig) : io.env.KUBECONFIG ?? 'the default kubeconfig';
    throw CliError.badInput(source, `the server of context "${client.config.getCurrentContext()}" is "${client.server}", not an http(s):// URL`);
  }
  const api = client.config.makeApiClient(client.k8s.CoreV1Api);
  // The client has no timeout of its own: each request gets an abort signal. The object API runs
  // observable middleware (its own small Observable class, not promises).
  const { Observable } = client.k8s;
  const requestOptions = {
    middleware: [{
      pre: (context: RequestContext) => {
        context.setSignal(AbortSignal.timeout(timeoutMs));
        return new Observable(Promise.resolve(context));
      },
      post: (context: ResponseContext) => new Observable(Promise.resolve(context)),
    }],
    middlewareMergeStrategy: 'append' as const,
  };
  const items: unknown[] = [];
  for (const namespace of namespaces.length > 0 ? namespaces : [undefined]) {
    const what = namespace === undefined ? 'list services in all namespaces' : `list services in namespace ${namespace}`;
    let page: string | undefined;
    do {
      let list: any;
      try {
        list = namespace === undefined
          ? await api.listServiceForAllNamespaces({ limit: PAGE_SIZE, _continue: page }, requestOptions)
          : await api.listNamespacedService({ namespace, limit: PAGE_SIZE, _continue: page }, requestOptions);
      } catch (error) {
        throw apiFailure(client, what, error, timeoutMs);
      }
      if (!Array.isArray(list?.items)) throw CliError.unavailable(`Kubernetes API at ${client.server} answered ${what} without a list of items`);
      items.push(...list.items);
      page = list.metadata?._continue || undefined;
    } while (page);
  }
  try {
    const services = items.map((item, index) => serviceRecord(item, `item ${index}`));
    checkUnique(services, (index) => `item ${index}`);
    return services;
  } catch (error) {
    throw CliError.unavailable(`Kubernetes API at ${client.server} answered with a Service discover cannot read: ${(error as Error).message}`);
  }
}

function apiFailure(client: KubernetesClient, what: string, error: unknown, timeoutMs: number): CliError {
  const name = (error as any)?.name ?? (error as any)?.cause?.name;
  if (name === 'AbortError' || name === 'TimeoutError') {
    return CliError.unavailable(`Kubernetes API at ${client.server}: no answer within ${timeoutMs / 1000} s (timed out) (${what})`);
  }
  return kubernetesApiError(client, what, error);
}
