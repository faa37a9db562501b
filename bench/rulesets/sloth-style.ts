/**
 * Sloth-style rules, written from the shape of Sloth's documented output (v0.16, default settings; see
 * /work/shared/reference in the project's workspace): per SLO three groups at the global evaluation
 * interval; the error ratio over each alert window is a raw `rate` ratio over the user's series; the
 * 30-day ratio is the unweighted average of the recorded 5-minute ratios
 * (`sum_over_time(ratio_rate5m[30d]) / count_over_time(ratio_rate5m[30d])`); burn-rate alerts page on
 * (5m and 1h above 14.4×) or (30m and 6h above 6×), and open tickets on (2h and 1d above 3×) or
 * (6h and 3d above 1×).
 */
import { BenchSlo } from '../traffic';
import { PromGroup, RuleSet } from './rule-set';

const SLO = 'availability';
const RAW_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

function slothGroups(slo: BenchSlo, target: number): PromGroup[] {
  const id = `${slo.service}-${SLO}`;
  const identity = { sloth_id: id, sloth_service: slo.service, sloth_slo: SLO };
  const selector = `sloth_id="${id}", sloth_service="${slo.service}", sloth_slo="${SLO}"`;
  const budget = `(1-${target})`;
  const ratio = (window: string) => `slo:sli_error:ratio_rate${window}{${selector}}`;
  const windowRule = (window: string) => ({
    record: `slo:sli_error:ratio_rate${window}`,
    expr: `(sum(rate(${slo.errorsSelector}[${window}])))\n/\n(sum(rate(${slo.totalSelector}[${window}])))`,
    labels: { ...identity, sloth_window: window },
  });
  const above = (window: string, factor: number) => `max(${ratio(window)} > (${factor} * ${budget})) without (sloth_window)`;
  const pair = (long: string, short: string, factor: number) => `(\n    ${above(short, factor)}\n    and\n    ${above(long, factor)}\n)`;
  return [
    {
      name: `sloth-slo-sli-recordings-${id}`,
      rules: [
        ...RAW_WINDOWS.map(windowRule),
        {
          record: 'slo:sli_error:ratio_rate30d',
          expr: `sum_over_time(${ratio('5m')}[30d])\n/ ignoring (sloth_window)\ncount_over_time(${ratio('5m')}[30d])`,
          labels: { ...identity, sloth_window: '30d' },
        },
      ],
    },
    {
      name: `sloth-slo-meta-recordings-${id}`,
      rules: [
        { record: 'slo:objective:ratio', expr: `vector(${target})`, labels: identity },
        { record: 'slo:error_budget:ratio', expr: `vector(1-${target})`, labels: identity },
        { record: 'slo:time_period:days', expr: 'vector(30)', labels: identity },
        {
          record: 'slo:current_burn_rate:ratio',
          expr: `${ratio('5m')}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio{${selector}}`,
          labels: identity,
        },
        {
          record: 'slo:period_burn_rate:ratio',
          expr: `${ratio('30d')}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio{${selector}}`,
          labels: identity,
        },
        { record: 'slo:period_error_budget_remaining:ratio', expr: `1 - slo:period_burn_rate:ratio{${selector}}`, labels: identity },
        {
          record: 'sloth_slo_info',
          expr: 'vector(1)',
          labels: { ...identity, sloth_mode: 'cli-gen-prom', sloth_objective: String(target * 100), sloth_spec: 'prometheus/v1', sloth_version: 'bench' },
        },
      ],
    },
    {
      name: `sloth-slo-alerts-${id}`,
      rules: [
        {
          alert: 'SloErrorBudgetBurnPage',
          expr: `${pair('1h', '5m', 14.4)}\nor\n${pair('6h', '30m', 6)}`,
          labels: { sloth_severity: 'page' },
          annotations: { title: '(page) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.' },
        },
        {
          alert: 'SloErrorBudgetBurnTicket',
          expr: `${pair('1d', '2h', 3)}\nor\n${pair('3d', '6h', 1)}`,
          labels: { sloth_severity: 'ticket' },
          annotations: { title: '(ticket) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.' },
        },
      ],
    },
  ];
}

export function slothRuleSet(slos: readonly BenchSlo[], target: number): RuleSet {
  return {
    id: 'sloth',
    title: 'Sloth style',
    groups: slos.flatMap((slo) => slothGroups(slo, target)),
    budgetRemainingQuery: (slo) => `slo:period_error_budget_remaining:ratio{sloth_service="${slo.service}",sloth_slo="${SLO}"}`,
  };
}
