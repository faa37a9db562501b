/**
 * The Kubernetes labels and annotations that classify a service for its SLOs. `discover` keeps only
 * these in the inventory (the rest of a Service's metadata says nothing about how reliable it must be),
 * and `generate` reads them back.
 */

/**
 * Classification keys, read from a Service's labels and from its annotations, spelt exactly so:
 * - `team`: who owns the service (routes its alerts);
 * - `tier`: an explicit tier (critical, essential, standard, best-effort, or tier-1 … tier-4);
 * - `service-type`: what kind of service it is (api, web, batch, streaming, database …);
 * - `revenue-impact`, `customer-facing`: `true`/`false`, scored when no tier is given;
 * - `data-sensitivity`: `high`, `medium` or `low`.
 */
export const CLASSIFICATION_KEYS: readonly string[] = ['team', 'tier', 'service-type', 'revenue-impact', 'customer-facing', 'data-sensitivity'];

/** The annotation of annotation-based scrape configurations: `"true"` or `"false"`. */
export const SCRAPE_ANNOTATION = 'prometheus.io/scrape';

/** The other scrape annotations of that convention, kept because they say where the metrics are. */
export const SCRAPE_DETAIL_ANNOTATIONS: readonly string[] = ['prometheus.io/port', 'prometheus.io/path', 'prometheus.io/scheme'];

/**
 * Overrides the selector of a service's metrics, e.g. `{job="legacy-checkout"}` when its metrics are not
 * labelled the way `--selector` expects. `$namespace` and `$name` are replaced by the Service's own.
 */
export const SELECTOR_ANNOTATION = 'cdk8s-slo.dev/selector';

/** What the inventory keeps of a Service's labels and annotations. */
export interface Classification {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  /** From `prometheus.io/scrape`; absent when the annotation is missing or is neither true nor false. */
  readonly scraped?: boolean;
}

/** Picks the classification labels and annotations (keys sorted, so the inventory is deterministic). */
export function classification(labels: Readonly<Record<string, string>>, annotations: Readonly<Record<string, string>>): Classification {
  const keptAnnotations = [...CLASSIFICATION_KEYS, SCRAPE_ANNOTATION, ...SCRAPE_DETAIL_ANNOTATIONS, SELECTOR_ANNOTATION];
  const scrape = annotations[SCRAPE_ANNOTATION]?.trim().toLowerCase();
  return {
    labels: pick(labels, CLASSIFICATION_KEYS),
    annotations: pick(annotations, keptAnnotations),
    ...(scrape === 'true' ? { scraped: true } : scrape === 'false' ? { scraped: false } : {}),
  };
}

/** The value of a classification key: the label when set, else the annotation. */
export function classificationValue(
  service: { readonly labels: Readonly<Record<string, string>>; readonly annotations: Readonly<Record<string, string>> },
  key: string,
): string | undefined {
  return service.labels[key] ?? service.annotations[key];
}

function pick(values: Readonly<Record<string, string>>, keys: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const key of [...keys].sort()) {
    if (Object.prototype.hasOwnProperty.call(values, key)) picked[key] = values[key];
  }
  return picked;
}
