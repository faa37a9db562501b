import { LabelMatcher, LABEL_NAME_PATTERN, parseVectorSelector } from 'cdk8s-slo/lib/promql/selector';
import { ServiceRecord } from './service-list';

/**
 * The default selector of a service's metrics: the labels prometheus-operator's ServiceMonitors give
 * every series they scrape through a Service (`namespace` is the Service's namespace, `job` its name).
 */
export const DEFAULT_SELECTOR_TEMPLATE = '{namespace="$namespace",job="$name"}';

/** The placeholders a selector template may use, replaced by the Service's own. */
export const SELECTOR_PLACEHOLDERS: readonly string[] = ['namespace', 'name'];

/** Label name → value, every matcher an equality, in the order written. */
export type SelectorTemplate = ReadonlyArray<readonly [string, string]>;

/**
 * Parses a selector template such as `{namespace="$namespace",service="$name"}`: label matchers with `=`
 * only (the inventory records equalities), in which `$namespace` and `$name` stand for the Service's.
 * Throws an Error saying what is wrong.
 */
export function parseSelectorTemplate(text: string): SelectorTemplate {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) {
    throw new Error(`"${text}" is not a label selector like {namespace="$namespace",job="$name"}`);
  }
  // A metric name in front makes it a vector selector the PromQL parser accepts.
  let matchers: readonly LabelMatcher[];
  try {
    matchers = parseVectorSelector(`up${trimmed}`).matchers;
  } catch (error) {
    throw new Error(`"${text}" does not parse as label matchers: ${(error as Error).message.replace(/^"up/, '"')}`);
  }
  if (matchers.length === 0) throw new Error(`"${text}" has no label matchers; it would select every series`);
  const seen = new Set<string>();
  for (const matcher of matchers) {
    if (matcher.operator !== '=') throw new Error(`"${text}": ${matcher.name}${matcher.operator} is not an equality; only label="value" matchers are allowed`);
    if (matcher.name === '__name__') throw new Error(`"${text}" sets the metric name; the metric names come from --requests-metric and --duration-metric`);
    if (!LABEL_NAME_PATTERN.test(matcher.name)) throw new Error(`"${text}": ${matcher.name} is not a label name`);
    if (seen.has(matcher.name)) throw new Error(`"${text}" matches ${matcher.name} twice`);
    seen.add(matcher.name);
    // Sent as is, an unknown placeholder would match no series, and every service would read "no data".
    const unknown = unknownPlaceholder(matcher.value);
    if (unknown !== undefined) {
      throw new Error(`"${text}": ${matcher.name}="${matcher.value}" uses ${unknown}, which is not a placeholder; the known ones are ${SELECTOR_PLACEHOLDERS.map((p) => `$${p}`).join(' and ')}`);
    }
  }
  return matchers.map((m) => [m.name, m.value] as const);
}

/** The first `$word` (or `${word}`) in a label value that is not a known placeholder. */
function unknownPlaceholder(value: string): string | undefined {
  for (const match of value.matchAll(/\$(?:\{[^}]*\}?|([A-Za-z_][A-Za-z0-9_]*))/g)) {
    if (match[1] === undefined || !SELECTOR_PLACEHOLDERS.includes(match[1])) return match[0];
  }
  return undefined;
}

/** The selector of one Service: `$namespace` and `$name` replaced in each value. */
export function serviceSelector(template: SelectorTemplate, service: ServiceRecord): Record<string, string> {
  const selector: Record<string, string> = {};
  for (const [name, value] of template) {
    selector[name] = value.replace(/\$(namespace|name)\b/g, (_, key: string) => (key === 'namespace' ? service.namespace : service.name));
  }
  return selector;
}

/**
 * Parses one label matcher such as `code=~"5.."` (the `--error-matcher`). Throws an Error saying what is
 * wrong.
 */
export function parseMatcher(text: string): LabelMatcher {
  let matchers: readonly LabelMatcher[];
  try {
    matchers = parseVectorSelector(`up{${text}}`).matchers;
  } catch (error) {
    throw new Error(`"${text}" is not a label matcher like code=~"5..": ${(error as Error).message.replace(/^"up\{.*?\}" /, '')}`);
  }
  if (matchers.length !== 1) throw new Error(`"${text}" must be one label matcher like code=~"5..", not ${matchers.length}`);
  return matchers[0];
}
