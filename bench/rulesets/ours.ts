/**
 * Our rules, synthesized by the library itself, so the bench always measures what ships: one `Slo` per
 * benchmark SLO (ratio indicator, default 30-day window and alerting), synthesized by a cdk8s app, and
 * the groups of every PrometheusRule taken from the YAML. Variants: a 90-day window, and a calendar
 * month (UTC) instead of the rolling window.
 */
import { App, Chart, Duration, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { CalendarWindow, Sli, Slo } from '../../src';
import { BenchSlo } from '../traffic';
import { PromGroup, PromRule, RuleSet, RuleSetId } from './rule-set';

/** Every benchmark SLO is called `availability` within its service. */
export const SLO_NAME = 'availability';

/** Which of our rule sets: the default 30-day window, a 90-day one, or the calendar month. */
export type OursVariant = 'rolling-30d' | 'rolling-90d' | 'calendar-month';

/** Adds the benchmark's SLOs to a chart (shared with the synthesis benchmark); the library's default window unless another variant. */
export function addBenchSlos(chart: Chart, slos: readonly BenchSlo[], target: number, variant: OursVariant = 'rolling-30d'): void {
  for (const slo of slos) {
    new Slo(chart, slo.service, {
      service: slo.service,
      name: SLO_NAME,
      target,
      ...(variant === 'rolling-90d' ? { window: Duration.days(90) } : {}),
      ...(variant === 'calendar-month' ? { calendarWindow: CalendarWindow.MONTH } : {}),
      indicator: Sli.ratio({ errors: slo.errorsSelector, total: slo.totalSelector }),
    });
  }
}

const VARIANTS: Record<OursVariant, { id: RuleSetId; title: string }> = {
  'rolling-30d': { id: 'ours', title: 'cdk8s-slo (ours)' },
  'rolling-90d': { id: 'ours-90d', title: 'cdk8s-slo (ours, 90-day window)' },
  'calendar-month': { id: 'ours-month', title: 'cdk8s-slo (ours, calendar month)' },
};

/**
 * Our rules for the benchmark's SLOs: with the default 30-day window; or the 90-day variant, which shows
 * that a window's length does not change the cost; or the calendar month, the budget since the 1st (UTC).
 */
export function oursRuleSet(slos: readonly BenchSlo[], target: number, variant: OursVariant = 'rolling-30d'): RuleSet {
  const app: App = Testing.app();
  const chart = new Chart(app, 'bench');
  addBenchSlos(chart, slos, target, variant);
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
    ...VARIANTS[variant],
    groups,
    budgetRemainingQuery: (slo) => `slo:period_error_budget_remaining:ratio{slo_service="${slo.service}",slo_name="${SLO_NAME}"}`,
    ...(variant === 'calendar-month' ? { periodStartSeconds: utcMonthStartSeconds } : {}),
  };
}

/** The start of the UTC calendar month that holds a time, in Unix seconds. */
export function utcMonthStartSeconds(timeSeconds: number): number {
  const date = new Date(timeSeconds * 1000);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 1000;
}
