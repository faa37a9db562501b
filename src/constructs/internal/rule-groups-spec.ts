import { PrometheusRuleSpecGroups, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/monitoring.coreos.com';
import { VmRuleSpecGroups } from '../../imports/operator.victoriametrics.com';
import { isAlertingRule, RuleGroup } from '../../rules/rule';

/** Group fields beyond the rule-file format's, set only when given (so the default output stays as it was). */
export interface PrometheusGroupFields {
  /** `query_offset`, as a Prometheus duration. */
  readonly queryOffset?: string;
  /** Thanos Ruler's `partial_response_strategy`. */
  readonly partialResponseStrategy?: string;
}

/** Rule groups as a PrometheusRule's `spec.groups`. */
export function renderRuleGroups(groups: readonly RuleGroup[], fields: PrometheusGroupFields = {}): PrometheusRuleSpecGroups[] {
  return groups.map((group) => ({
    name: group.name,
    interval: group.interval,
    ...(fields.queryOffset !== undefined ? { queryOffset: fields.queryOffset } : {}),
    ...(fields.partialResponseStrategy !== undefined ? { partialResponseStrategy: fields.partialResponseStrategy } : {}),
    rules: group.rules.map((rule) => ({
      ...(isAlertingRule(rule)
        ? { alert: rule.alert, for: rule.for, annotations: { ...rule.annotations } }
        : { record: rule.record }),
      expr: PrometheusRuleSpecGroupsRulesExpr.fromString(rule.expr),
      labels: { ...rule.labels },
    })),
  }));
}

/** Rule groups as a VMRule's `spec.groups`; `evalDelay` is vmalert's `eval_delay`, as a duration. */
export function renderVmRuleGroups(groups: readonly RuleGroup[], fields: { readonly evalDelay?: string } = {}): VmRuleSpecGroups[] {
  return groups.map((group) => ({
    name: group.name,
    interval: group.interval,
    ...(fields.evalDelay !== undefined ? { evalDelay: fields.evalDelay } : {}),
    rules: group.rules.map((rule) => ({
      ...(isAlertingRule(rule)
        ? { alert: rule.alert, for: rule.for, annotations: { ...rule.annotations } }
        : { record: rule.record }),
      expr: rule.expr,
      labels: { ...rule.labels },
    })),
  }));
}
