/**
 * Synthesized rule groups as rule files for rulers that do not read PrometheusRule objects: Mimir's ruler
 * (through `mimirtool rules load` / `sync`, one file per Mimir namespace: `namespace:` and `groups:`) and
 * plain Prometheus rule files (`groups:` only: vmalert, Thanos Ruler, Prometheus's `rule_files`).
 *
 * Each PrometheusRule object becomes one namespace, named `<k8s namespace>/<name>` as Grafana Alloy's
 * mimir.rules.kubernetes names them (without its prefix and UID), or every group goes into one namespace
 * chosen by the user. A ruler keeps one group per name in a namespace (Prometheus: per file), so a name
 * that appears twice with different rules is an error, never a group silently lost.
 */
import * as YAML from 'yaml';
import { CliError } from '../cli-error';
import { SynthesizedRuleGroup } from '../manifests/synthesized-slos';

/** The rule-file fields of a group (what Prometheus's and Mimir's rule-file formats define). */
const RULE_FIELDS = ['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'] as const;

/** One file to write: a namespace and its groups. */
export interface RuleNamespace {
  /** The Mimir namespace (for the prometheus format, only the file's name comes from it). */
  readonly namespace: string;
  /** The file name, safe on any file system: the namespace with `/` and other characters replaced by `_`. */
  readonly fileName: string;
  readonly groups: readonly SynthesizedRuleGroup[];
}

export type RuleFileFormat = 'mimirtool' | 'prometheus';

/** The namespace of a group: `--mimir-namespace`, else its object's `<namespace>/<name>` (or `<name>`). */
function namespaceOf(group: SynthesizedRuleGroup, fixed: string | undefined): string {
  if (fixed !== undefined) return fixed;
  return group.objectNamespace ? `${group.objectNamespace}/${group.objectName}` : group.objectName;
}

/** `monitoring/slo-checkout` → `monitoring_slo-checkout.yaml`. */
export function ruleFileName(namespace: string): string {
  return `${namespace.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_')}.yaml`;
}

/**
 * The groups by namespace, sorted by namespace; groups keep their manifest order. A group name twice in
 * one namespace (with other rules: the same group read twice counts once), or two namespaces that would
 * share a file name, is bad input naming both sources.
 */
export function ruleNamespaces(groups: readonly SynthesizedRuleGroup[], fixedNamespace?: string): RuleNamespace[] {
  const byNamespace = new Map<string, SynthesizedRuleGroup[]>();
  for (const group of groups) {
    const namespace = namespaceOf(group, fixedNamespace);
    const members = byNamespace.get(namespace) ?? [];
    const same = members.find((g) => g.name === group.name);
    if (same) {
      if (JSON.stringify(ruleFileGroup(same, 'prometheus')) === JSON.stringify(ruleFileGroup(group, 'prometheus'))) continue;
      throw CliError.badInput(source(group), `rule group ${group.name} is also in ${source(same)}, with other rules; `
        + `a ruler keeps one group per name in namespace ${JSON.stringify(namespace)}: give the groups distinct names`
        + `${fixedNamespace !== undefined ? ', or leave out --mimir-namespace (one namespace per PrometheusRule)' : ''}`);
    }
    members.push(group);
    byNamespace.set(namespace, members);
  }
  const files = new Map<string, string>();
  return [...byNamespace.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([namespace, members]) => {
    const fileName = ruleFileName(namespace);
    const other = files.get(fileName.toLowerCase());
    if (other !== undefined) {
      throw CliError.badInput(fileName, `namespaces ${JSON.stringify(other)} and ${JSON.stringify(namespace)} would share this file name`);
    }
    files.set(fileName.toLowerCase(), namespace);
    return { namespace, fileName, groups: members };
  });
}

/** The text of one file: `namespace:` (mimirtool only) and `groups:`, with rule-file fields only. */
export function ruleFileText(namespace: RuleNamespace, format: RuleFileFormat): string {
  const document = {
    ...(format === 'mimirtool' ? { namespace: namespace.namespace } : {}),
    groups: namespace.groups.map((group) => ruleFileGroup(group, format)),
  };
  return YAML.stringify(document, { lineWidth: 0 });
}

function ruleFileGroup(group: SynthesizedRuleGroup, format: RuleFileFormat): Record<string, unknown> {
  return {
    name: group.name,
    ...(group.interval !== undefined ? { interval: group.interval } : {}),
    // Mimir's ruler and Prometheus 2.53+ read query_offset; Thanos Ruler reads partial_response_strategy.
    ...(group.queryOffset !== undefined ? { query_offset: group.queryOffset } : {}),
    ...(format === 'prometheus' && group.partialResponseStrategy !== undefined ? { partial_response_strategy: group.partialResponseStrategy } : {}),
    rules: group.rules.map((rule) => Object.fromEntries(RULE_FIELDS.filter((field) => rule[field] !== undefined)
      .map((field) => [field, rule[field]]))),
  };
}

function source(group: SynthesizedRuleGroup): string {
  return `${group.file} (PrometheusRule ${group.objectNamespace ? `${group.objectNamespace}/` : ''}${group.objectName})`;
}
