import { CalendarPeriod } from 'cdk8s-slo/lib/model/calendar-period';
import {
  errorRatioWindowIn, OBJECTIVE_RATIO, PERIOD_BURN_RATE, PERIOD_START_TIMESTAMP, SEVERITY_LABEL, SLO_NAME_LABEL, SLO_SERVICE_LABEL,
} from 'cdk8s-slo/lib/model/naming';
import { ManifestDocument } from './manifest-files';
import { calendarPeriodFromStartRule } from '../calendar/calendar-from-rules';

/** A rule group found in a synthesized PrometheusRule or VMRule. */
export interface SynthesizedRuleGroup {
  readonly name: string;
  /** The group's evaluation interval as written (`1m`), if any. */
  readonly interval?: string;
  /** How far in the past the group evaluates (`query_offset`, a VMRule's `eval_delay`), if set. */
  readonly queryOffset?: string;
  /** Thanos Ruler's `partial_response_strategy` of the group, if set. */
  readonly partialResponseStrategy?: string;
  readonly rules: readonly any[];
  /** Where it came from: `file`, and the object's namespace/name. */
  readonly file: string;
  readonly objectNamespace?: string;
  readonly objectName: string;
}

/** An alerting rule of an SLO. */
export interface SynthesizedAlert {
  readonly alert: string;
  readonly severity?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly expr: string;
  readonly for?: string;
}

/** An SLO as its synthesized rules describe it (the `slo_service` / `slo_name` labels of its rules). */
export interface SynthesizedSlo {
  readonly service: string;
  readonly name: string;
  /** From the `slo:objective:ratio` rule (`vector(0.999)`), when present. */
  readonly objective?: number;
  /** The SLO window in seconds, from the error ratio the `slo:period_burn_rate:ratio` rule reads. */
  readonly windowSeconds?: number;
  /** The calendar period of a calendar SLO, from its `slo:period_start:timestamp` rule; undefined for a rolling window. */
  readonly calendar?: CalendarPeriod;
  /** The names of the rule groups holding its rules. */
  readonly ruleGroups: readonly string[];
  /** Every series it records. */
  readonly recordedSeries: readonly string[];
  readonly alerts: readonly SynthesizedAlert[];
  /** The files its rules came from. */
  readonly files: readonly string[];
}

/**
 * The kinds of object whose `spec.groups` hold rule groups in the rule-file shape, by API group:
 * prometheus-operator's PrometheusRule and VictoriaMetrics operator's VMRule.
 */
const RULE_OBJECT_KINDS: ReadonlyArray<{ readonly kind: string; readonly apiGroup: string }> = [
  { kind: 'PrometheusRule', apiGroup: 'monitoring.coreos.com' },
  { kind: 'VMRule', apiGroup: 'operator.victoriametrics.com' },
];

function isRuleObject(object: any): boolean {
  const apiVersion = String(object?.apiVersion ?? '');
  return RULE_OBJECT_KINDS.some(({ kind, apiGroup }) => object?.kind === kind && apiVersion.startsWith(`${apiGroup}/`));
}

/** Every rule group of every PrometheusRule (monitoring.coreos.com) and VMRule (operator.victoriametrics.com) in the documents. */
export function synthesizedRuleGroups(documents: readonly ManifestDocument[]): SynthesizedRuleGroup[] {
  return documents
    .filter((d) => isRuleObject(d.object))
    .flatMap((d) => ((d.object.spec?.groups ?? []) as any[]).map((group) => ({
      name: String(group.name),
      interval: group.interval,
      queryOffset: group.query_offset ?? group.eval_delay,
      partialResponseStrategy: group.partial_response_strategy,
      rules: Array.isArray(group.rules) ? group.rules : [],
      file: d.file,
      objectNamespace: d.object.metadata?.namespace,
      objectName: String(d.object.metadata?.name ?? ''),
    })));
}

/** The SLOs whose rules the documents hold, in the order they first appear. */
export function synthesizedSlos(documents: readonly ManifestDocument[]): SynthesizedSlo[] {
  const byKey = new Map<string, {
    service: string;
    name: string;
    objective?: number;
    windowSeconds?: number;
    calendar?: CalendarPeriod;
    ruleGroups: Set<string>;
    recordedSeries: Set<string>;
    alerts: SynthesizedAlert[];
    files: Set<string>;
  }>();
  for (const group of synthesizedRuleGroups(documents)) {
    for (const rule of group.rules) {
      const labels: Record<string, string> = rule?.labels ?? {};
      const service = labels[SLO_SERVICE_LABEL];
      const name = labels[SLO_NAME_LABEL];
      if (!service || !name) continue;
      const key = `${service}\u0000${name}`;
      let slo = byKey.get(key);
      if (!slo) {
        slo = { service, name, ruleGroups: new Set(), recordedSeries: new Set(), alerts: [], files: new Set() };
        byKey.set(key, slo);
      }
      slo.ruleGroups.add(group.name);
      slo.files.add(group.file);
      const expr = String(rule.expr ?? '');
      if (rule.record) {
        slo.recordedSeries.add(String(rule.record));
        if (rule.record === OBJECTIVE_RATIO) slo.objective = objectiveOf(expr) ?? slo.objective;
        if (rule.record === PERIOD_BURN_RATE) slo.windowSeconds = errorRatioWindowIn(expr) ?? slo.windowSeconds;
        if (rule.record === PERIOD_START_TIMESTAMP) slo.calendar = calendarPeriodFromStartRule(expr) ?? slo.calendar;
      } else if (rule.alert) {
        slo.alerts.push({ alert: String(rule.alert), severity: labels[SEVERITY_LABEL], labels, expr, for: rule.for });
      }
    }
  }
  return [...byKey.values()].map((s) => ({
    service: s.service,
    name: s.name,
    objective: s.objective,
    windowSeconds: s.windowSeconds,
    ...(s.calendar ? { calendar: s.calendar } : {}),
    ruleGroups: [...s.ruleGroups],
    recordedSeries: [...s.recordedSeries],
    alerts: s.alerts,
    files: [...s.files],
  }));
}

function objectiveOf(expr: string): number | undefined {
  const match = /^\s*vector\(\s*([0-9.eE+-]+)\s*\)\s*$/.exec(expr);
  return match ? Number(match[1]) : undefined;
}

