/**
 * The Prometheus label set of a Kubernetes workload's targets, as scrape configs that map pod labels
 * onto targets produce it: `namespace` plus each pod selector label, its name sanitized the way
 * Kubernetes service discovery sanitizes `__meta_kubernetes_pod_label_<name>`.
 */
export function workloadSelector(namespace: string | undefined, podLabels: Record<string, string>): Record<string, string> {
  const selector: Record<string, string> = {};
  if (namespace !== undefined) {
    selector.namespace = namespace;
  }
  for (const name of Object.keys(podLabels).sort()) {
    selector[name.replace(/[^a-zA-Z0-9_]/g, '_')] = podLabels[name];
  }
  return selector;
}
