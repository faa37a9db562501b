/**
 * Sloth's SLO plugins (`slo_plugins` / `sloPlugins` of a spec, `plugins` of an SLO) and what they mean
 * for an import. Sloth runs a chain: its defaults (validate, SLI rules, metadata rules, alert rules), then
 * the spec's plugins, then the SLO's; `overridePrevious` drops what comes before.
 * - Debug, no-op and validation plugins change no rule: accepted.
 * - `denominator_corrected_rules` makes Sloth's window ratios event-weighted, which cdk8s-slo's always are.
 * - `info_labels` labels Sloth's info series: here the SLO's labels (on every series).
 * - `rule_intervals` sets Sloth's group intervals: cdk8s-slo's are fixed, so it is reported.
 * - Any other plugin is Go code with no known meaning: refused, naming it.
 */
import { YamlPath } from './yaml-input';
import { validateLabelName } from '../model/labels';

/** A plugin chain as written. */
export interface SlothPlugins {
  readonly overridePrevious?: boolean;
  readonly chain: ReadonlyArray<{ readonly id: string; readonly priority?: number; readonly config?: unknown }>;
}

/** What the chain means for the imported SLO. */
export interface SlothPluginEffects {
  /** Labels set by `info_labels`. */
  readonly labels: Record<string, string>;
  /** Whether Sloth writes alerts (its alert-rules plugin runs). */
  readonly alerts: boolean;
  /** Whether the queries are validated as MetricsQL (VictoriaMetrics), not PromQL. */
  readonly metricsQl: boolean;
}

/** Where findings go: `onSpec` for the spec's chain, otherwise the SLO's. */
export interface SlothPluginReport {
  readonly specField: YamlPath;
  readonly sloField: YamlPath;
  problem(field: YamlPath, message: string, onSpec: boolean): void;
  warning(field: YamlPath, message: string, onSpec: boolean): void;
}

const CORE = 'sloth.dev/core/';
const CONTRIB = 'sloth.dev/contrib/';
const SLI_RULES = `${CORE}sli_rules/v1`;
const METADATA_RULES = `${CORE}metadata_rules/v1`;
const ALERT_RULES = `${CORE}alert_rules/v1`;
const VALIDATE_VICTORIA_METRICS = `${CONTRIB}validate_victoria_metrics/v1`;
const INFO_LABELS = `${CONTRIB}info_labels/v1`;
const RULE_INTERVALS = `${CONTRIB}rule_intervals/v1`;

/** Plugins that write no rule, or whose effect cdk8s-slo's rules always have. */
const NO_EFFECT = new Set([
  `${CORE}debug/v1`, `${CORE}noop/v1`, `${CORE}validate/v1`, VALIDATE_VICTORIA_METRICS,
  `${CONTRIB}denominator_corrected_rules/v1`,
  SLI_RULES, METADATA_RULES, ALERT_RULES,
]);

/** Sloth's default chain, which `overridePrevious` drops. */
const DEFAULT_CHAIN = [`${CORE}validate/v1`, SLI_RULES, METADATA_RULES, ALERT_RULES];

export function slothPluginEffects(spec: SlothPlugins | undefined, slo: SlothPlugins | undefined, report: SlothPluginReport): SlothPluginEffects {
  const effects = { labels: {} as Record<string, string>, alerts: true, metricsQl: false };
  const present = new Set<string>(DEFAULT_CHAIN);
  for (const [plugins, onSpec] of [[spec, true], [slo, false]] as const) {
    if (!plugins) continue;
    const base = onSpec ? report.specField : report.sloField;
    if (plugins.overridePrevious === true) present.clear();
    plugins.chain.forEach((plugin, index) => {
      const field = [...base, 'chain', index];
      present.add(plugin.id);
      if (plugin.id === INFO_LABELS) {
        readInfoLabels(plugin.config, effects.labels, [...field, 'config', 'labels'], (f, m) => report.warning(f, m, onSpec));
      } else if (plugin.id === RULE_INTERVALS) {
        report.warning([...field, 'config'], 'cdk8s-slo evaluates its rule groups at fixed intervals (1m for the SLI and alert rules, longer for the long windows); Sloth\'s rule_intervals are not applied', onSpec);
      } else if (plugin.id === VALIDATE_VICTORIA_METRICS) {
        effects.metricsQl = true;
      } else if (!NO_EFFECT.has(plugin.id)) {
        report.problem([...field, 'id'], `the Sloth SLO plugin "${plugin.id}" changes Sloth's rules in a way cdk8s-slo does not know (its Go code cannot be read here); remove it, or write what it generates in TypeScript after importing the rest`, onSpec);
      }
    });
  }
  const overridden = (slo?.overridePrevious ? report.sloField : report.specField);
  const onSpec = !slo?.overridePrevious;
  if (!present.has(SLI_RULES)) {
    report.problem([...overridden, 'overridePrevious'], `the chain drops Sloth's ${SLI_RULES}, so Sloth writes no SLI rules for this SLO, which is no SLO cdk8s-slo can write; add the plugin to the chain or remove overridePrevious`, onSpec);
  }
  if (!present.has(ALERT_RULES)) {
    effects.alerts = false;
    report.warning([...overridden, 'overridePrevious'], `the chain drops Sloth's ${ALERT_RULES}: imported without alerts, as Sloth writes none`, onSpec);
  }
  if (!present.has(METADATA_RULES)) {
    report.warning([...overridden, 'overridePrevious'], `the chain drops Sloth's ${METADATA_RULES}: cdk8s-slo writes its objective and budget series anyway`, onSpec);
  }
  return effects;
}

/** `config.labels` of info_labels: Prometheus label names only, values as text. */
function readInfoLabels(config: unknown, into: Record<string, string>, field: YamlPath, warn: (field: YamlPath, message: string) => void): void {
  const labels = (config as { labels?: unknown } | undefined)?.labels;
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
    warn(field, 'info_labels has no labels map: nothing to import');
    return;
  }
  const skipped: string[] = [];
  for (const [name, value] of Object.entries(labels as Record<string, unknown>)) {
    const invalid = validateLabelName(name, name);
    if (invalid.length > 0) {
      skipped.push(invalid[0].message);
      continue;
    }
    into[name] = value === null || value === undefined ? '' : String(value);
  }
  if (skipped.length > 0) {
    // Prometheus refuses Sloth's own info rule with such a label.
    warn(field, `left out: ${skipped.join('; ')}`);
  }
  if (Object.keys(into).length > 0) {
    warn(field, 'Sloth puts info labels on its slo:info series only; cdk8s-slo has no info series, so they label every series and alert of the SLO');
  }
}
