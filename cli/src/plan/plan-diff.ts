/** The difference between two snapshots: what applying the current manifests would add, change and remove. */
import { formatPercent } from 'cdk8s-slo/lib/model/decimal';
import { formatPromDuration } from 'cdk8s-slo/lib/model/duration';
import { TargetChange, targetChange, windowChangeText } from 'cdk8s-slo/lib/planning/objective-change';
import {
  GroupState, labelText, objectKey, ObjectState, PlanSnapshot, RuleRef, ruleKey, RuleState, SloState,
} from './plan-snapshot';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface AlertChange {
  readonly alert: RuleRef;
  /** What changed: severity, expr, for, keep_firing_for, annotations, labels. */
  readonly fields: string[];
  /** `severity warning → critical` */
  readonly notes: string[];
}

export interface IndicatorChange {
  readonly series: string;
  readonly before?: string;
  readonly after?: string;
}

export interface SloDiff {
  readonly service: string;
  readonly name: string;
  readonly change: ChangeKind;
  readonly target?: { readonly before?: number; readonly after?: number; readonly change?: TargetChange };
  readonly windowSeconds?: { readonly before?: number; readonly after?: number };
  readonly indicator: IndicatorChange[];
  readonly alerts: { readonly added: RuleRef[]; readonly removed: RuleRef[]; readonly changed: AlertChange[] };
  /** Rules of the SLO added, removed or changed, besides its alerts. */
  readonly otherRules: { readonly added: number; readonly removed: number; readonly changed: number };
  /** One line each, for the table: the target change first. */
  readonly notes: string[];
}

export interface RuleChange {
  readonly rule: RuleRef;
  readonly fields: string[];
}

export interface GroupDiff {
  readonly name: string;
  readonly object: string;
  readonly change: ChangeKind;
  readonly interval?: { readonly before?: string; readonly after?: string };
  readonly rules: { readonly added: RuleRef[]; readonly removed: RuleRef[]; readonly changed: RuleChange[] };
}

export interface ObjectDiff {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly change: ChangeKind;
}

export interface Counts {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
}

export interface PlanDiff {
  readonly summary: {
    readonly slos: Counts;
    readonly targetChanges: number;
    readonly ruleGroups: Counts;
    readonly rules: Counts;
    readonly alerts: Counts;
    readonly objects: Counts;
    readonly hasChanges: boolean;
  };
  readonly slos: SloDiff[];
  readonly ruleGroups: GroupDiff[];
  readonly objects: ObjectDiff[];
}

export function diffSnapshots(base: PlanSnapshot, current: PlanSnapshot): PlanDiff {
  const slos = keyedDiff(base.slos, current.slos, sloDiff);
  const ruleGroups = keyedDiff(base.groups, current.groups, groupDiff);
  const objects = keyedDiff(base.objects, current.objects, objectDiff);
  const count = (items: ReadonlyArray<{ change: ChangeKind }>): Counts => ({
    added: items.filter((i) => i.change === 'added').length,
    removed: items.filter((i) => i.change === 'removed').length,
    changed: items.filter((i) => i.change === 'changed').length,
  });
  const rules = ruleGroups.reduce((sum, g) => ({
    added: sum.added + g.rules.added.length, removed: sum.removed + g.rules.removed.length, changed: sum.changed + g.rules.changed.length,
  }), { added: 0, removed: 0, changed: 0 });
  const alerts = ruleGroups.reduce((sum, g) => ({
    added: sum.added + g.rules.added.filter((r) => r.type === 'alert').length,
    removed: sum.removed + g.rules.removed.filter((r) => r.type === 'alert').length,
    changed: sum.changed + g.rules.changed.filter((r) => r.rule.type === 'alert').length,
  }), { added: 0, removed: 0, changed: 0 });
  return {
    summary: {
      slos: count(slos),
      targetChanges: slos.filter((s) => s.target?.change && s.target.change.direction !== 'unchanged').length,
      ruleGroups: count(ruleGroups),
      rules,
      alerts,
      objects: count(objects),
      hasChanges: slos.length + ruleGroups.length + objects.length > 0,
    },
    slos,
    ruleGroups,
    objects,
  };
}

/** Items only in `current` are added, only in `base` removed; `diff` decides whether shared ones changed. */
function keyedDiff<S, D>(
  base: ReadonlyMap<string, S>, current: ReadonlyMap<string, S>, diff: (before: S | undefined, after: S | undefined) => D | undefined,
): D[] {
  const keys = [...new Set([...current.keys(), ...base.keys()])].sort((a, b) => a.localeCompare(b));
  return keys.flatMap((key) => {
    const result = diff(base.get(key), current.get(key));
    return result === undefined ? [] : [result];
  });
}

/** An SLO's alerts added, removed and changed. */
interface SloAlertChanges {
  readonly added: RuleRef[];
  readonly removed: RuleRef[];
  readonly changed: Array<AlertChange & { change: 'changed' }>;
}

function sloDiff(before: SloState | undefined, after: SloState | undefined): SloDiff | undefined {
  const slo = (after ?? before)!;
  const change: ChangeKind = !before ? 'added' : !after ? 'removed' : 'changed';
  const alerts = sloAlertChanges(before, after);
  const otherRules = otherRuleCounts(before, after);
  const indicator = before && after ? indicatorChanges(before, after) : [];
  const objective = before && after ? objectiveChanges(before, after) : { notes: [] };
  const notes = change === 'changed'
    ? [...objective.notes, ...ruleChangeNotes(indicator, alerts, otherRules, objective.notes.length > 0)]
    : [addedOrRemovedNote(slo, change)];
  if (notes.length === 0) return undefined;
  return {
    service: slo.service,
    name: slo.name,
    change,
    ...(objective.target ? { target: objective.target } : {}),
    ...(objective.windowSeconds ? { windowSeconds: objective.windowSeconds } : {}),
    indicator,
    alerts: {
      added: alerts.added,
      removed: alerts.removed,
      changed: alerts.changed.map(({ alert, fields, notes: n }) => ({ alert, fields, notes: n })),
    },
    otherRules,
    notes,
  };
}

function sloAlertChanges(before: SloState | undefined, after: SloState | undefined): SloAlertChanges {
  const alertRules = keyedDiff(before?.alerts ?? new Map(), after?.alerts ?? new Map(), alertDiff);
  return {
    added: alertRules.filter((a) => a.change === 'added').map((a) => a.alert),
    removed: alertRules.filter((a) => a.change === 'removed').map((a) => a.alert),
    changed: alertRules.filter((a): a is AlertChange & { change: 'changed' } => a.change === 'changed'),
  };
}

/** The SLO's recording rules (its rules besides its alerts) added, removed and changed. */
function otherRuleCounts(before: SloState | undefined, after: SloState | undefined): Counts {
  const others = keyedDiff(
    withoutAlerts(before?.rules), withoutAlerts(after?.rules),
    (b: RuleState | undefined, a: RuleState | undefined) => (!b ? 'added' : !a ? 'removed' : ruleFields(b, a).length > 0 ? 'changed' : undefined),
  );
  return {
    added: others.filter((c) => c === 'added').length,
    removed: others.filter((c) => c === 'removed').length,
    changed: others.filter((c) => c === 'changed').length,
  };
}

/** The indicator series whose query differs between the two sides. */
function indicatorChanges(before: SloState, after: SloState): IndicatorChange[] {
  const indicator: IndicatorChange[] = [];
  for (const series of [...new Set([...Object.keys(before.indicator), ...Object.keys(after.indicator)])].sort()) {
    const b = before.indicator[series];
    const a = after.indicator[series];
    if (b !== a) indicator.push({ series, ...(b !== undefined ? { before: b } : {}), ...(a !== undefined ? { after: a } : {}) });
  }
  return indicator;
}

/** The target and window changes of an SLO, each with its note: the target change first. */
function objectiveChanges(before: SloState, after: SloState): Pick<SloDiff, 'target' | 'windowSeconds'> & { notes: string[] } {
  const notes: string[] = [];
  let target: SloDiff['target'];
  let windowSeconds: SloDiff['windowSeconds'];
  if (before.objective !== after.objective) {
    const tc = before.objective !== undefined && after.objective !== undefined ? targetChange(before.objective, after.objective) : undefined;
    target = { before: before.objective, after: after.objective, ...(tc ? { change: tc } : {}) };
    notes.push(tc ? tc.text : `target ${percentOrUnknown(before.objective)} → ${percentOrUnknown(after.objective)}`);
  }
  if (before.windowSeconds !== after.windowSeconds) {
    windowSeconds = { before: before.windowSeconds, after: after.windowSeconds };
    notes.push(before.windowSeconds !== undefined && after.windowSeconds !== undefined
      ? windowChangeText(before.windowSeconds, after.windowSeconds, after.objective)
      : `window ${durationOrUnknown(before.windowSeconds)} → ${durationOrUnknown(after.windowSeconds)}`);
  }
  return { target, windowSeconds, notes };
}

/** Notes on the SLO's rules: its indicator, its alerts, and its recording rules when nothing else explains them. */
function ruleChangeNotes(
  indicator: readonly IndicatorChange[], alerts: SloAlertChanges, otherRules: Counts, objectiveChanged: boolean,
): string[] {
  const notes: string[] = [];
  if (indicator.length > 0) notes.push(`indicator query changed (${indicator.map((i) => i.series).join(', ')})`);
  const alertCounts = countsText({ added: alerts.added.length, removed: alerts.removed.length, changed: alerts.changed.length });
  if (alertCounts) notes.push(`alerts: ${alertCounts}`);
  for (const changed of alerts.changed) notes.push(...changed.notes.map((n) => `${alertName(changed.alert)}: ${n}`));
  const otherCount = otherRules.added + otherRules.removed + otherRules.changed;
  // Recording rules follow from the target, window and indicator; list them only when nothing above explains them.
  if (otherCount > 0 && !objectiveChanged && notes.length === 0) notes.push(`${otherCount} recording rule${otherCount === 1 ? '' : 's'} changed`);
  return notes;
}

/** An SLO added or removed, described by its target, window and alerts. */
function addedOrRemovedNote(slo: SloState, change: ChangeKind): string {
  const described = `${percentOrUnknown(slo.objective)} over ${durationOrUnknown(slo.windowSeconds)}, ${slo.alerts.size} alert${slo.alerts.size === 1 ? '' : 's'}`;
  return change === 'added' ? `target ${described}` : `was ${described}`;
}

function alertDiff(before: RuleState | undefined, after: RuleState | undefined): (AlertChange & { change: ChangeKind }) | undefined {
  if (!before) return { alert: refOf(after!), fields: [], notes: [], change: 'added' };
  if (!after) return { alert: refOf(before), fields: [], notes: [], change: 'removed' };
  const fields = ruleFields(before, after);
  if (before.labels.severity !== after.labels.severity) fields.unshift('severity');
  if (fields.length === 0) return undefined;
  const notes: string[] = [];
  if (before.labels.severity !== after.labels.severity) notes.push(`severity ${before.labels.severity ?? '(none)'} → ${after.labels.severity ?? '(none)'}`);
  if (before.for !== after.for) notes.push(`for ${before.for ?? '0s'} → ${after.for ?? '0s'}`);
  return { alert: refOf(after), fields, notes, change: 'changed' };
}

function groupDiff(before: GroupState | undefined, after: GroupState | undefined): GroupDiff | undefined {
  const group = (after ?? before)!;
  const rules = keyedDiff(before?.rules ?? new Map(), after?.rules ?? new Map(), (b: RuleState | undefined, a: RuleState | undefined) => {
    if (!b) return { change: 'added' as const, rule: refOf(a!), fields: [] };
    if (!a) return { change: 'removed' as const, rule: refOf(b), fields: [] };
    const fields = ruleFields(b, a);
    return fields.length > 0 ? { change: 'changed' as const, rule: refOf(a), fields } : undefined;
  });
  const change: ChangeKind = !before ? 'added' : !after ? 'removed' : 'changed';
  const intervalChanged = before && after && before.interval !== after.interval;
  const objectChanged = before && after && before.object !== after.object;
  if (change === 'changed' && rules.length === 0 && !intervalChanged && !objectChanged) return undefined;
  return {
    name: group.name,
    object: group.object,
    change,
    ...(intervalChanged ? { interval: { before: before!.interval, after: after!.interval } } : {}),
    rules: {
      added: rules.filter((r) => r.change === 'added').map((r) => r.rule),
      removed: rules.filter((r) => r.change === 'removed').map((r) => r.rule),
      changed: rules.filter((r) => r.change === 'changed').map(({ rule, fields }) => ({ rule, fields })),
    },
  };
}

function objectDiff(before: ObjectState | undefined, after: ObjectState | undefined): ObjectDiff | undefined {
  const object = (after ?? before)!;
  const change: ChangeKind = !before ? 'added' : !after ? 'removed' : 'changed';
  if (change === 'changed' && before!.comparable === after!.comparable) return undefined;
  return { kind: object.kind, ...(object.namespace ? { namespace: object.namespace } : {}), name: object.name, change };
}

/** The fields of a rule that differ, besides its identity (name and labels). */
function ruleFields(before: RuleState, after: RuleState): string[] {
  const fields: string[] = [];
  if (before.expr !== after.expr) fields.push('expr');
  if (before.for !== after.for) fields.push('for');
  if (before.keepFiringFor !== after.keepFiringFor) fields.push('keep_firing_for');
  if (JSON.stringify(sorted(before.annotations)) !== JSON.stringify(sorted(after.annotations))) fields.push('annotations');
  if (ruleKey(before) !== ruleKey(after)) fields.push('labels');
  return fields;
}

function withoutAlerts(rules: ReadonlyMap<string, RuleState> | undefined): Map<string, RuleState> {
  return new Map([...(rules ?? new Map<string, RuleState>()).entries()].filter(([, rule]) => rule.type !== 'alert'));
}

function refOf(rule: RuleState): RuleRef {
  return { type: rule.type, name: rule.name, labels: rule.labels };
}

function sorted(record: Readonly<Record<string, string>>): Array<[string, string]> {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}

/** `SloErrorBudgetBurn 1h/5m` for burn-rate alerts, else the name and its labels. */
export function alertName(alert: RuleRef): string {
  const { long_window: long, short_window: short } = alert.labels;
  if (long && short) return `${alert.name} ${long}/${short}`;
  const { slo_service: _s, slo_name: _n, severity: _v, ...rest } = alert.labels;
  return `${alert.name}${labelText(rest)}`;
}

/** `2 added, 1 changed`: the counts that are not zero; empty when all are. */
export function countsText(counts: Counts): string {
  return [
    counts.added ? `${counts.added} added` : '',
    counts.removed ? `${counts.removed} removed` : '',
    counts.changed ? `${counts.changed} changed` : '',
  ].filter(Boolean).join(', ');
}

function percentOrUnknown(ratio: number | undefined): string {
  return ratio === undefined ? '(unknown)' : formatPercent(ratio);
}

function durationOrUnknown(seconds: number | undefined): string {
  return seconds === undefined ? '(unknown window)' : formatPromDuration(seconds);
}

export { objectKey };
