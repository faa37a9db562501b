/**
 * One side of a plan: what a set of manifests holds, keyed the way changes are told apart — SLOs by
 * service/name, rule groups by name, rules by record or alert name plus labels, objects by kind,
 * namespace and name.
 */
import { ERRORS_RATE_5M, SEVERITY_LABEL, SLO_NAME_LABEL, SLO_SERVICE_LABEL, TOTAL_RATE_5M } from 'cdk8s-slo/lib/model/naming';
import { ManifestDocument } from '../manifests/manifest-files';
import { synthesizedRuleGroups, synthesizedSlos } from '../manifests/synthesized-slos';

export type RuleType = 'record' | 'alert';

/** A rule as a reviewer names it: `SloErrorBudgetBurn{long_window="1h",…}`. */
export interface RuleRef {
  readonly type: RuleType;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface RuleState extends RuleRef {
  readonly expr: string;
  readonly for?: string;
  readonly keepFiringFor?: string;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface GroupState {
  readonly name: string;
  /** The PrometheusRule holding it, `namespace/name`. */
  readonly object: string;
  readonly interval?: string;
  readonly rules: ReadonlyMap<string, RuleState>;
}

export interface SloState {
  readonly service: string;
  readonly name: string;
  readonly objective?: number;
  readonly windowSeconds?: number;
  /** The expressions of the 5-minute event rates: the indicator as Prometheus evaluates it. */
  readonly indicator: Readonly<Record<string, string>>;
  /** Alerts keyed by name and labels other than severity, so a severity change is a change, not a swap. */
  readonly alerts: ReadonlyMap<string, RuleState>;
  /** Every rule of the SLO, keyed as in its group. */
  readonly rules: ReadonlyMap<string, RuleState>;
}

export interface ObjectState {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** What `kubectl apply` would change: the object without server-set metadata and status. */
  readonly comparable: string;
}

export interface PlanSnapshot {
  readonly slos: ReadonlyMap<string, SloState>;
  readonly groups: ReadonlyMap<string, GroupState>;
  readonly objects: ReadonlyMap<string, ObjectState>;
}

export function snapshotOf(documents: readonly ManifestDocument[]): PlanSnapshot {
  const groups = new Map<string, GroupState>();
  const sloRules = new Map<string, Map<string, RuleState>>();
  for (const group of synthesizedRuleGroups(documents)) {
    const rules = new Map<string, RuleState>();
    for (const raw of group.rules) {
      const rule = ruleState(raw);
      if (!rule) continue;
      const key = uniqueKey(rules, ruleKey(rule));
      rules.set(key, rule);
      const service = rule.labels[SLO_SERVICE_LABEL];
      const name = rule.labels[SLO_NAME_LABEL];
      if (service !== undefined && name !== undefined) {
        const sloKey = sloKeyOf(service, name);
        if (!sloRules.has(sloKey)) sloRules.set(sloKey, new Map());
        const own = sloRules.get(sloKey)!;
        own.set(uniqueKey(own, key), rule);
      }
    }
    const object = group.objectNamespace ? `${group.objectNamespace}/${group.objectName}` : group.objectName;
    // Two groups of one name (in two PrometheusRules) stay apart; validate warns about them.
    const interval = group.interval !== undefined ? { interval: String(group.interval) } : {};
    groups.set(uniqueKey(groups, group.name), { name: group.name, object, ...interval, rules });
  }
  const slos = new Map<string, SloState>();
  for (const slo of synthesizedSlos(documents)) {
    const key = sloKeyOf(slo.service, slo.name);
    const rules = sloRules.get(key) ?? new Map<string, RuleState>();
    const indicator: Record<string, string> = {};
    const alerts = new Map<string, RuleState>();
    for (const rule of rules.values()) {
      if (rule.type === 'record' && (rule.name === ERRORS_RATE_5M || rule.name === TOTAL_RATE_5M)) indicator[rule.name] = rule.expr;
      if (rule.type === 'alert') {
        const { [SEVERITY_LABEL]: _severity, ...identity } = rule.labels;
        alerts.set(uniqueKey(alerts, ruleKey({ ...rule, labels: identity })), rule);
      }
    }
    slos.set(key, { service: slo.service, name: slo.name, objective: slo.objective, windowSeconds: slo.windowSeconds, indicator, alerts, rules });
  }
  const objects = new Map<string, ObjectState>();
  for (const document of documents) {
    const object = document.object;
    if (typeof object.kind !== 'string' || typeof object.metadata?.name !== 'string') continue;
    const state: ObjectState = {
      kind: object.kind,
      ...(object.metadata.namespace ? { namespace: String(object.metadata.namespace) } : {}),
      name: object.metadata.name,
      comparable: stableJson(comparableObject(object)),
    };
    objects.set(uniqueKey(objects, objectKey(state)), state);
  }
  return { slos, groups, objects };
}

export function sloKeyOf(service: string, name: string): string {
  return `${service}/${name}`;
}

export function objectKey(object: { kind: string; namespace?: string; name: string }): string {
  return `${object.kind}/${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
}

/** `record:slo:sli_total:rate5m{slo_name="a",slo_service="b"}` */
export function ruleKey(rule: RuleRef): string {
  return `${rule.type}:${rule.name}${labelText(rule.labels)}`;
}

/** `{a="1",b="2"}`, sorted; empty labels print nothing. */
export function labelText(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}

function ruleState(raw: any): RuleState | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const type: RuleType | undefined = raw.record !== undefined ? 'record' : raw.alert !== undefined ? 'alert' : undefined;
  if (!type) return undefined;
  const labels = Object.fromEntries(Object.entries(raw.labels ?? {}).map(([k, v]) => [k, String(v)]));
  const annotations = Object.fromEntries(Object.entries(raw.annotations ?? {}).map(([k, v]) => [k, String(v)]));
  return {
    type,
    name: String(type === 'record' ? raw.record : raw.alert),
    labels,
    expr: String(raw.expr ?? ''),
    ...(raw.for !== undefined ? { for: String(raw.for) } : {}),
    ...(raw.keep_firing_for !== undefined ? { keepFiringFor: String(raw.keep_firing_for) } : {}),
    annotations,
  };
}

function uniqueKey(map: ReadonlyMap<string, unknown>, key: string): string {
  if (!map.has(key)) return key;
  let n = 2;
  while (map.has(`${key}#${n}`)) n++;
  return `${key}#${n}`;
}

const SERVER_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'ownerReferences', 'finalizers'];
const SERVER_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

/** The object without what the API server adds (uid, resourceVersion, managedFields, status, kubectl's annotation). */
function comparableObject(object: any): unknown {
  const { status: _status, metadata = {}, ...rest } = object;
  const cleaned: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata as Record<string, unknown>)) {
    if (SERVER_METADATA.includes(key)) continue;
    if (key === 'annotations' && value && typeof value === 'object') {
      const kept = Object.fromEntries(Object.entries(value).filter(([name]) => !SERVER_ANNOTATIONS.includes(name)));
      if (Object.keys(kept).length > 0) cleaned.annotations = kept;
      continue;
    }
    cleaned[key] = value;
  }
  return { ...rest, metadata: cleaned };
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
    : v));
}
