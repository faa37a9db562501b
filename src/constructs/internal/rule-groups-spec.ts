import { PrometheusRuleSpecGroups, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/monitoring.coreos.com';
import { isAlertingRule, RuleGroup } from '../../rules/rule';

/** Rule groups as a PrometheusRule's `spec.groups`. */
export function renderRuleGroups(groups: readonly RuleGroup[]): PrometheusRuleSpecGroups[] {
  return groups.map((group) => ({
    name: group.name,
    interval: group.interval,
    rules: group.rules.map((rule) => ({
      ...(isAlertingRule(rule)
        ? { alert: rule.alert, for: rule.for, annotations: { ...rule.annotations } }
        : { record: rule.record }),
      expr: PrometheusRuleSpecGroupsRulesExpr.fromString(rule.expr),
      labels: { ...rule.labels },
    })),
  }));
}
