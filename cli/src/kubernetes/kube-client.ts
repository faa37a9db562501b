import * as fs from 'fs';
import * as path from 'path';
import { CliError, oneLine } from '../cli-error';
import { CliIo } from '../cli-io';
import { checkNestingDepth } from '../manifests/nesting-depth';

/** The @kubernetes/client-node module (ESM-only, so loaded with a dynamic import when first needed). */
export type KubernetesModule = typeof import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } });
export type KubeConfig = import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } }).KubeConfig;

export interface KubeConfigOptions {
  /** A kubeconfig file; otherwise $KUBECONFIG, ~/.kube/config, then the in-cluster service account. */
  readonly kubeconfig?: string;
  /** A context of the kubeconfig other than its current one. */
  readonly context?: string;
}

/** A loaded Kubernetes client configuration, with the module that made it. */
export interface KubernetesClient {
  readonly k8s: KubernetesModule;
  readonly config: KubeConfig;
  /** The API server URL, for messages. */
  readonly server: string;
}

/**
 * Loads the client configuration the way kubectl does. A kubeconfig that is missing, is not YAML, or has
 * no usable cluster or context is a one-line input error (exit 3).
 */
export async function loadKubernetesClient(options: KubeConfigOptions, io: CliIo): Promise<KubernetesClient> {
  const k8s = await import('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  const explicit = options.kubeconfig ? path.resolve(io.cwd, options.kubeconfig) : undefined;
  const source = explicit ?? io.env.KUBECONFIG ?? 'the default kubeconfig (~/.kube/config or in-cluster)';
  try {
    if (explicit) {
      if (!fs.existsSync(explicit)) throw new Error('no such file');
      // The client's YAML reader recurses per level: deep text is refused before it reads it.
      checkNestingDepth(fs.readFileSync(explicit, 'utf8'));
      config.loadFromFile(explicit);
    } else {
      config.loadFromDefault();
    }
  } catch (error) {
    throw CliError.badInput(String(source), `is not a usable kubeconfig: ${oneLine(error)}`);
  }
  if (options.context) {
    if (!config.getContextObject(options.context)) {
      throw CliError.badInput(String(source), `has no context "${options.context}" (it has: ${config.getContexts().map((c) => c.name).join(', ') || 'none'})`);
    }
    config.setCurrentContext(options.context);
  }
  const cluster = config.getCurrentCluster();
  if (!cluster || !cluster.server) {
    throw CliError.badInput(String(source), `has no cluster for its current context "${config.getCurrentContext() || '(none)'}"`);
  }
  return { k8s, config, server: cluster.server };
}

/** Turns a failed Kubernetes API call into a one-line CliError (exit 4) naming the server and what was asked. */
export function kubernetesApiError(client: KubernetesClient, what: string, error: unknown): CliError {
  const e = error as any;
  if (typeof e?.code === 'number' && 'body' in (e ?? {})) {
    let detail = '';
    try {
      const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
      detail = body?.message ?? '';
    } catch {
      detail = String(e.body ?? '').slice(0, 200);
    }
    return CliError.unavailable(`Kubernetes API at ${client.server} answered HTTP ${e.code} to ${what}${detail ? `: ${oneLine(detail)}` : ''}`);
  }
  const code = e?.code ?? e?.cause?.code ?? e?.errno;
  const reason = code === 'ECONNREFUSED' ? 'connection refused (is the cluster reachable, and the kubeconfig right?)'
    : code === 'ENOTFOUND' ? 'host not found'
      : oneLine(e?.message ?? error);
  return CliError.unavailable(`Kubernetes API at ${client.server}: ${reason} (${what})`);
}
