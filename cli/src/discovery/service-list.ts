/**
 * Kubernetes Services as discovery sees them, from either source (a `kubectl get svc -A -o json` file or
 * the API): name, namespace, labels and annotations, checked field by field, with the system namespaces
 * left out.
 */

/** One Kubernetes Service, as discovery needs it. */
export interface ServiceRecord {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** The Services to measure, and how many were left out per namespace. */
export interface ServiceSelection {
  /** Sorted by namespace, then name. */
  readonly services: readonly ServiceRecord[];
  /** Namespace → number of Services skipped there. */
  readonly skipped: ReadonlyMap<string, number>;
}

/**
 * Whether a Service is left out when no namespace is asked for: everything in `kube-*` namespaces
 * (kube-system, kube-public, kube-node-lease) belongs to the cluster, not to a team, and so does the API
 * server's own Service, `default/kubernetes`.
 */
export function isSystemService(service: ServiceRecord): boolean {
  return service.namespace.startsWith('kube-') || (service.namespace === 'default' && service.name === 'kubernetes');
}

/**
 * Keeps the Services of the asked namespaces, or, when none is asked for, every Service but the system
 * ones (see `isSystemService`); sorts them.
 */
export function selectServices(all: readonly ServiceRecord[], namespaces: readonly string[]): ServiceSelection {
  const skipped = new Map<string, number>();
  const services: ServiceRecord[] = [];
  for (const service of all) {
    const wanted = namespaces.length > 0 ? namespaces.includes(service.namespace) : !isSystemService(service);
    if (wanted) {
      services.push(service);
    } else if (namespaces.length === 0) {
      skipped.set(service.namespace, (skipped.get(service.namespace) ?? 0) + 1);
    }
  }
  services.sort((a, b) => compare(a.namespace, b.namespace) || compare(a.name, b.name));
  return { services, skipped: new Map([...skipped].sort(([a], [b]) => compare(a, b))) };
}

/**
 * Reads one Service object; throws an Error naming the field (`items[3].metadata.labels.team`) when it is
 * not what Kubernetes writes. `where` is the path of the object in its document.
 */
export function serviceRecord(item: unknown, where: string): ServiceRecord {
  if (!isObject(item)) throw new Error(`${where} is not an object`);
  if (item.kind !== undefined && item.kind !== 'Service') throw new Error(`${where} is a ${JSON.stringify(item.kind)}, not a Service`);
  const metadata = item.metadata;
  if (!isObject(metadata)) throw new Error(`${where}.metadata is missing`);
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') throw new Error(`${where}.metadata.name is missing`);
  const namespace = metadata.namespace;
  if (typeof namespace !== 'string' || namespace === '') throw new Error(`${where}.metadata.namespace is missing (list Services with: kubectl get svc -A -o json)`);
  return {
    name,
    namespace,
    labels: stringMap(metadata.labels, `${where}.metadata.labels`),
    annotations: stringMap(metadata.annotations, `${where}.metadata.annotations`),
  };
}

/** Throws when the same namespace/name appears twice. */
export function checkUnique(services: readonly ServiceRecord[], describe: (index: number) => string): void {
  const seen = new Map<string, number>();
  services.forEach((service, index) => {
    const key = `${service.namespace}/${service.name}`;
    const first = seen.get(key);
    if (first !== undefined) throw new Error(`${describe(index)} repeats Service ${key} (already at ${describe(first)})`);
    seen.set(key, index);
  });
}

function stringMap(value: unknown, where: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new Error(`${where} is not a map of strings`);
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw new Error(`${where}.${key} is ${entry === null ? 'null' : `a ${typeof entry}`}, not a string`);
    result[key] = entry;
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
