/**
 * Our rules, synthesized by the library itself, so the bench always measures what ships: one `Slo` per
 * benchmark SLO (ratio indicator, default 30-day window and alerting), synthesized by a cdk8s app, and
 * the groups of every PrometheusRule taken from the YAML.
 */
import { App, Chart, Duration, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { Sli, Slo } from '../../src';
import { BenchSlo } from '../traffic';
import { PromGroup, PromRule, RuleSet } from './rule-set';

/** Every benchmark SLO is called `availability` within its service. */
export const SLO_NAME = 'availability';

/** Adds the benchmark's SLOs to a chart (shared with the synthesis benchmark); the library's default window unless `windowDays`. */
export function addBenchSlos(chart: Chart, slos: readonly BenchSlo[], target: number, windowDays?: number): void {
  for (const slo of slos) {
    new Slo(chart, slo.service, {
      service: slo.service,
      name: SLO_NAME,
      target,
      ...(windowDays !== undefined ? { window: Duration.days(windowDays) } : {}),
      indicator: Sli.ratio({ errors: slo.errorsSelector, total: slo.totalSelector }),
    });
  }
}

/**
 * Our rules for the benchmark's SLOs: with the default 30-day window, or (`windowDays: 90`) the variant
 * that shows a window's length does not change the cost.
 */
export function oursRuleSet(slos: readonly BenchSlo[], target: number, windowDays?: 90): RuleSet {
  const app: App = Testing.app();
  const chart = new Chart(app, 'bench');
  addBenchSlos(chart, slos, target, windowDays);
  const documents = YAML.parseAllDocuments(app.synthYaml()).map((doc) => doc.toJS());
  const groups: PromGroup[] = documents
    .filter((doc) => doc?.kind === 'PrometheusRule')
    .flatMap((doc) => doc.spec.groups)
    .map((group: any) => ({
      name: group.name,
      interval: group.interval,
      // Keep only the fields of the rule-file format.
      rules: group.rules.map((rule: any): PromRule => ({
        ...(rule.record !== undefined ? { record: rule.record } : { alert: rule.alert }),
        expr: String(rule.expr),
        ...(rule.for !== undefined ? { for: rule.for } : {}),
        ...(rule.labels !== undefined ? { labels: rule.labels } : {}),
        ...(rule.annotations !== undefined ? { annotations: rule.annotations } : {}),
      })),
    }));
  if (groups.length === 0) throw new Error('the library synthesized no rule groups');
  return {
    id: windowDays === 90 ? 'ours-90d' : 'ours',
    title: windowDays === 90 ? 'cdk8s-slo (ours, 90-day window)' : 'cdk8s-slo (ours)',
    groups,
    budgetRemainingQuery: (slo) => `slo:period_error_budget_remaining:ratio{slo_service="${slo.service}",slo_name="${SLO_NAME}"}`,
  };
}
