/**
 * Table tests of the rule groups of one SLO, in the style of Pyrra's rules_test.go: each case states a
 * plain SloDefinition and the exact rule groups generated for it. The first cases list every rule by
 * name and labels; the full-expression cases below them read as the documentation of what is generated.
 */
import { SloDefinition } from '../../src/model/slo-definition';
import { AlertingRule, RecordingRule, RuleGroup } from '../../src/rules/rule';
import { generateSloRuleGroups, recordedWindows, seriesLabels } from '../../src/rules/slo-rule-groups';
import { budgetPolicy, DAY, definition, HOUR, MINUTE, workbookAlerting } from '../helpers/slo-definitions';

/** A rule reduced to what identifies it in a group: its record or alert name and its labels. */
type RuleSummary = { readonly record: string; readonly labels: Record<string, string> }
| { readonly alert: string; readonly labels: Record<string, string> };

interface GroupSummary {
  readonly name: string;
  readonly interval: string;
  readonly rules: readonly RuleSummary[];
}

function summarize(groups: readonly RuleGroup[]): GroupSummary[] {
  return groups.map((group) => ({
    name: group.name,
    interval: group.interval,
    rules: group.rules.map((rule) => ('record' in rule
      ? { record: rule.record, labels: { ...rule.labels } }
      : { alert: rule.alert, labels: { ...rule.labels } })),
  }));
}

const IDENTITY = { slo_service: 'checkout', slo_name: 'availability' };
const SHORT_GROUP = 'slo-checkout-availability-short-windows';
const LONG_GROUP = 'slo-checkout-availability-long-windows';

/** A recording rule with the given series labels. */
const rec = (record: string, labels: Record<string, string> = IDENTITY): RuleSummary => ({ record, labels });
/** A burn-rate alert: the series labels, then severity and the pair's windows. */
const burn = (severity: string, long: string, short: string, labels: Record<string, string> = IDENTITY, alert = 'SloErrorBudgetBurn'): RuleSummary =>
  ({ alert, labels: { ...labels, severity, long_window: long, short_window: short } });

/**
 * The first rules of every short-window group: the three 5-minute rules, the current burn rate, and
 * the hourly rollups that windows of a day or longer read.
 */
const fiveMinuteRules = (labels: Record<string, string> = IDENTITY, rollups = true): RuleSummary[] => [
  rec('slo:sli_total:rate5m', labels),
  rec('slo:sli_errors:rate5m', labels),
  rec('slo:sli_error:ratio_rate5m', labels),
  rec('slo:current_burn_rate:ratio', labels),
  ...(rollups ? hourlyRollups(labels) : []),
];
/** The hourly copies of the rates, in the short-window group of an SLO with a window of a day or longer. */
const hourlyRollups = (labels: Record<string, string>): RuleSummary[] => [
  rec('slo:sli_errors:rate5m_by_hour', labels),
  rec('slo:sli_total:rate5m_by_hour', labels),
];
/** The hourly sums, first in the long-window group of such an SLO. */
const hourlySums = (labels: Record<string, string> = IDENTITY): RuleSummary[] => [
  rec('slo:sli_errors:rate5m_previous_hour_sum', labels),
  rec('slo:sli_total:rate5m_previous_hour_sum', labels),
];
/** The objective and error-budget rules, after the long windows. */
const budgetSeries = (labels: Record<string, string> = IDENTITY): RuleSummary[] => [
  rec('slo:objective:ratio', labels),
  rec('slo:error_budget:ratio', labels),
  rec('slo:period_burn_rate:ratio', labels),
  rec('slo:period_error_budget_remaining:ratio', labels),
];
const ratio = (window: string, labels: Record<string, string> = IDENTITY) => rec(`slo:sli_error:ratio_rate${window}`, labels);

interface GroupsCase {
  readonly name: string;
  readonly definition: SloDefinition;
  readonly groups: readonly GroupSummary[];
}

// Which rules each definition generates, in which group and order, with which labels. Properties pinned:
// - two groups per SLO: short windows every 1m (5m rates, current burn rate, ratios up to 6h, alerts whose
//   long window is at most 6h) and long windows every 3m (ratios over 6h up to the SLO window, objective
//   and budget, alerts with longer long windows, then the budget-policy alerts);
// - the recorded windows are the standard ones (30m, 1h, 2h, 6h, 1d, 3d) not longer than the SLO window,
//   the SLO window itself, and every window an enabled alert pair or the forecast reads;
// - alerts keep the policy's pair order within their group; disabled alerting records no alert, but still
//   every standard window (dashboards read them).
const groupCases: GroupsCase[] = [
  {
    name: '99.9% over 30d with the SRE-workbook pairs: 1h/5m and 6h/30m page from the short group, 1d/2h and 3d/6h ticket from the long one',
    definition: definition(),
    groups: [
      {
        name: SHORT_GROUP,
        interval: '1m',
        rules: [
          ...fiveMinuteRules(),
          ratio('30m'), ratio('1h'), ratio('2h'), ratio('6h'),
          burn('critical', '1h', '5m'),
          burn('critical', '6h', '30m'),
        ],
      },
      {
        name: LONG_GROUP,
        interval: '4m',
        rules: [
          ...hourlySums(), ratio('1d'), ratio('3d'), ratio('30d'),
          ...budgetSeries(),
          burn('warning', '1d', '2h'),
          burn('warning', '3d', '6h'),
        ],
      },
    ],
  },
  {
    name: '28d window: the SLO-window ratio is 28d (never 4w)',
    definition: definition({ objective: { target: 0.999, windowSeconds: 28 * DAY } }),
    groups: [
      {
        name: SHORT_GROUP,
        interval: '1m',
        rules: [...fiveMinuteRules(), ratio('30m'), ratio('1h'), ratio('2h'), ratio('6h'), burn('critical', '1h', '5m'), burn('critical', '6h', '30m')],
      },
      {
        name: LONG_GROUP,
        interval: '4m',
        rules: [...hourlySums(), ratio('1d'), ratio('3d'), ratio('28d'), ...budgetSeries(), burn('warning', '1d', '2h'), burn('warning', '3d', '6h')],
      },
    ],
  },
  {
    name: '7d window: every workbook pair still fits (3d ≤ 7d), the SLO-window ratio is 7d',
    definition: definition({ objective: { target: 0.99, windowSeconds: 7 * DAY } }),
    groups: [
      {
        name: SHORT_GROUP,
        interval: '1m',
        rules: [...fiveMinuteRules(), ratio('30m'), ratio('1h'), ratio('2h'), ratio('6h'), burn('critical', '1h', '5m'), burn('critical', '6h', '30m')],
      },
      {
        name: LONG_GROUP,
        interval: '4m',
        rules: [...hourlySums(), ratio('1d'), ratio('3d'), ratio('7d'), ...budgetSeries(), burn('warning', '1d', '2h'), burn('warning', '3d', '6h')],
      },
    ],
  },
  {
    name: '2d window with the 3d pair dropped (as the service templates do): no 3d ratio, no 3d alert',
    definition: definition({
      objective: { target: 0.99, windowSeconds: 2 * DAY },
      alerting: workbookAlerting({ pairs: workbookAlerting().pairs.filter((pair) => pair.longSeconds <= 2 * DAY) }),
    }),
    groups: [
      {
        name: SHORT_GROUP,
        interval: '1m',
        rules: [...fiveMinuteRules(), ratio('30m'), ratio('1h'), ratio('2h'), ratio('6h'), burn('critical', '1h', '5m'), burn('critical', '6h', '30m')],
      },
      {
        name: LONG_GROUP,
        interval: '4m',
        rules: [...hourlySums(), ratio('1d'), ratio('2d'), ...budgetSeries(), burn('warning', '1d', '2h')],
      },
    ],
  },
  {
    name: '6h window without alerting: the long group holds only the budget series (the 6h ratio is in the short group)',
    definition: definition({
      objective: { target: 0.99, windowSeconds: 6 * HOUR },
      alerting: workbookAlerting({ enabled: false }),
    }),
    groups: [
      { name: SHORT_GROUP, interval: '1m', rules: [...fiveMinuteRules(IDENTITY, false), ratio('30m'), ratio('1h'), ratio('2h'), ratio('6h')] },
      { name: LONG_GROUP, interval: '4m', rules: budgetSeries() },
    ],
  },
  {
    name: 'alerting disabled: every standard window and the budget series, no alert',
    definition: definition({ alerting: workbookAlerting({ enabled: false }) }),
    groups: [
      { name: SHORT_GROUP, interval: '1m', rules: [...fiveMinuteRules(), ratio('30m'), ratio('1h'), ratio('2h'), ratio('6h')] },
      { name: LONG_GROUP, interval: '4m', rules: [...hourlySums(), ratio('1d'), ratio('3d'), ratio('30d'), ...budgetSeries()] },
    ],
  },
  {
    name: 'custom windows: 4h/20m pages from the short group, 12h/1h tickets from the long group; both new windows are recorded',
    definition: definition({
      alerting: workbookAlerting({
        pairs: [
          { longSeconds: 12 * HOUR, shortSeconds: HOUR, budgetConsumed: 0.1, severity: 'warning' },
          { longSeconds: 4 * HOUR, shortSeconds: 20 * MINUTE, budgetConsumed: 0.05, severity: 'critical' },
        ],
      }),
    }),
    groups: [
      {
        name: SHORT_GROUP,
        interval: '1m',
        rules: [...fiveMinuteRules(), ratio('20m'), ratio('30m'), ratio('1h'), ratio('2h'), ratio('4h'), ratio('6h'), burn('critical', '4h', '20m')],
      },
      {
        name: LONG_GROUP,
        interval: '4m',
        rules: [...hourlySums(), ratio('12h'), ratio('1d'), ratio('3d'), ratio('30d'), ...budgetSeries(), burn('warning', '12h', '1h')],
      },
    ],
  },
  {
    name: 'grouped by route: the same rules and labels (the grouping shows in the expressions only)',
    definition: definition({ indicator: { kind: 'ratio', errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total', grouping: ['route'] } }),
    groups: [
      {
        name: SHORT_GROUP,
        interval: '1m',
        rules: [...fiveMinuteRules(), ratio('30m'), ratio('1h'), ratio('2h'), ratio('6h'), burn('critical', '1h', '5m'), burn('critical', '6h', '30m')],
      },
      {
        name: LONG_GROUP,
        interval: '4m',
        rules: [...hourlySums(), ratio('1d'), ratio('3d'), ratio('30d'), ...budgetSeries(), burn('warning', '1d', '2h'), burn('warning', '3d', '6h')],
      },
    ],
  },
  {
    name: 'budget policy with a 12h forecast: the 12h lookback is recorded; step alerts loosest first, then the forecast, last in the long group',
    definition: definition({
      budgetPolicy: budgetPolicy({
        steps: [{ action: 'freeze', remainingBelow: 0 }, { action: 'review', remainingBelow: 0.25 }],
        forecast: { lookbackSeconds: 12 * HOUR, horizonSeconds: 7 * DAY },
        labels: { channel: 'owners' },
      }),
    }),
    groups: [
      {
        name: SHORT_GROUP,
        interval: '1m',
        rules: [...fiveMinuteRules(), ratio('30m'), ratio('1h'), ratio('2h'), ratio('6h'), burn('critical', '1h', '5m'), burn('critical', '6h', '30m')],
      },
      {
        name: LONG_GROUP,
        interval: '4m',
        rules: [
          ...hourlySums(), ratio('12h'), ratio('1d'), ratio('3d'), ratio('30d'),
          ...budgetSeries(),
          burn('warning', '1d', '2h'), burn('warning', '3d', '6h'),
          { alert: 'SloErrorBudgetPolicy', labels: { ...IDENTITY, channel: 'owners', severity: 'warning', budget_action: 'review' } },
          { alert: 'SloErrorBudgetPolicy', labels: { ...IDENTITY, channel: 'owners', severity: 'warning', budget_action: 'freeze' } },
          { alert: 'SloErrorBudgetExhaustionForecast', labels: { ...IDENTITY, channel: 'owners', severity: 'warning' } },
        ],
      },
    ],
  },
  {
    name: 'custom labels: on every series and alert; alerting labels on alerts only; pair labels on their alert only; custom alert name',
    definition: definition({
      service: 'payments',
      name: 'api-availability',
      labels: { team: 'payments', env: 'prod' },
      alerting: workbookAlerting({
        alertName: 'PaymentsBudgetBurn',
        labels: { routing: 'payments-oncall' },
        pairs: [
          { longSeconds: HOUR, shortSeconds: 5 * MINUTE, budgetConsumed: 0.02, severity: 'critical', labels: { channel: 'pager' } },
          { longSeconds: DAY, shortSeconds: 2 * HOUR, budgetConsumed: 0.1, severity: 'warning' },
        ],
      }),
    }),
    groups: (() => {
      const labels = { slo_service: 'payments', slo_name: 'api-availability', env: 'prod', team: 'payments' };
      const alertLabels = { ...labels, routing: 'payments-oncall' };
      return [
        {
          name: 'slo-payments-api-availability-short-windows',
          interval: '1m',
          rules: [
            ...fiveMinuteRules(labels),
            ratio('30m', labels), ratio('1h', labels), ratio('2h', labels), ratio('6h', labels),
            burn('critical', '1h', '5m', { ...alertLabels, channel: 'pager' }, 'PaymentsBudgetBurn'),
          ],
        },
        {
          name: 'slo-payments-api-availability-long-windows',
          interval: '4m',
          rules: [
            ...hourlySums(labels), ratio('1d', labels), ratio('3d', labels), ratio('30d', labels),
            ...budgetSeries(labels),
            burn('warning', '1d', '2h', alertLabels, 'PaymentsBudgetBurn'),
          ],
        },
      ];
    })(),
  },
];

describe('generateSloRuleGroups: groups, intervals and rules', () => {
  test.each(groupCases)('$name', ({ definition: slo, groups }) => {
    expect(summarize(generateSloRuleGroups(slo))).toEqual(groups);
  });
});

/** Keeps the series of a parity copy's expression of the current, or previous, UTC hour. */
const CURRENT_HOUR = 'and on (slo_hour_parity) count_values("slo_hour_parity", hour() % 2)';
const PREVIOUS_HOUR = 'and on (slo_hour_parity) count_values("slo_hour_parity", (hour() + 1) % 2)';

/**
 * A window of a day or longer over the hourly rollups of an SLO (see src/rules/hourly-rollup.ts):
 * per rate, the completed hours (one value each, read 30 minutes into the next hour), the oldest partial
 * hour, and the previous and current hours (from the parity copies), summed.
 * `completedHours` is just under the window − 2h; `oldestOffset` is the window − 1h. Every window here is
 * an even number of hours, so its oldest hour has the current hour's parity.
 */
function longWindowRatio(completedHours: string, oldestOffset: string, service = 'checkout', name = 'availability', by = ''): string {
  const slo = `slo_service="${service}",slo_name="${name}"`;
  const sum = by ? `sum by (${by}) ` : 'sum';
  const side = (rate: string) => `${sum}(sum_over_time((${rate}:rate5m_previous_hour_sum{${slo}} offset -30m)[${completedHours}:1h] offset 1h)\n`
    + 'or\n'
    + `label_replace(sum_over_time(${rate}:rate5m_by_hour{${slo}}[1h] offset ${oldestOffset}) ${CURRENT_HOUR}, "slo_window_part", "oldest", "", "")\n`
    + 'or\n'
    + `label_replace((sum_over_time(${rate}:rate5m_by_hour{${slo}}[1h]) ${CURRENT_HOUR}) `
    + `or (sum_over_time(${rate}:rate5m_by_hour{${slo}}[2h]) ${PREVIOUS_HOUR}), "slo_window_part", "recent", "", ""))`;
  return `${side('slo:sli_errors')}\n/\n${side('slo:sli_total')}`;
}

/** The hourly copies of one rate (`slo:sli_errors` or `slo:sli_total`) of an SLO, as [record, expr]: in the short-window group. */
function hourlyCopyRules(rate: string, service = 'checkout', name = 'availability', by = ''): Array<[string, string]> {
  const slo = `slo_service="${service}",slo_name="${name}"`;
  const identity = ['slo_service', 'slo_name', ...(by ? [by] : [])].join(', ');
  return [
    [`${rate}:rate5m_by_hour`,
      `max by (${identity}) (${rate}:rate5m{${slo}})\n* on () group_left (slo_hour_parity) count_values("slo_hour_parity", hour() % 2)`],
  ];
}

/** The hourly sums of one rate of an SLO, as [record, expr]: first in the long-window group; recorded at minutes 25 to 30 only. */
function hourlySumRules(rate: string, service = 'checkout', name = 'availability', by = ''): Array<[string, string]> {
  const slo = `slo_service="${service}",slo_name="${name}"`;
  const sum = by ? `sum by (${by}) ` : 'sum';
  return [
    [`${rate}:rate5m_previous_hour_sum`,
      `${sum}(sum_over_time(${rate}:rate5m_by_hour{${slo}}[2h]) ${PREVIOUS_HOUR})\nand on () minute() >= 25 <= 30`],
  ];
}

// The complete output for the default definition: 99.9% over 30 days, ratio indicator, SRE-workbook
// alerting. Every number is derived in the comments, so this test is the reference of what one SLO costs.
describe('generateSloRuleGroups: full output', () => {
  test('99.9% over 30d, ratio, SRE-workbook alerting', () => {
    const labels = IDENTITY;
    expect(generateSloRuleGroups(definition())).toEqual([
      {
        name: 'slo-checkout-availability-short-windows',
        interval: '1m',
        rules: [
          {
            record: 'slo:sli_total:rate5m',
            expr: 'sum(rate(http_requests_total{job="checkout"}[5m]))',
            labels,
          },
          {
            record: 'slo:sli_errors:rate5m',
            expr: 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[5m]))\n'
              + 'or on ()\n'
              + '(0 * max by () (slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}))',
            labels,
          },
          {
            record: 'slo:sli_error:ratio_rate5m',
            expr: 'sum(slo:sli_errors:rate5m{slo_service="checkout",slo_name="availability"})\n'
              + '/\n'
              + 'sum(slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"})',
            labels,
          },
          {
            // error budget = 1 − 0.999 = 0.001
            record: 'slo:current_burn_rate:ratio',
            expr: 'max by (slo_service, slo_name) (slo:sli_error:ratio_rate5m{slo_service="checkout",slo_name="availability"}) / 0.001',
            labels,
          },
          // The hourly copies of the rates that the windows of a day and longer read (src/rules/hourly-rollup.ts).
          ...[...hourlyCopyRules('slo:sli_errors'), ...hourlyCopyRules('slo:sli_total')].map(([record, expr]) => ({ record, expr, labels })),
          {
            record: 'slo:sli_error:ratio_rate30m',
            expr: 'sum(sum_over_time(slo:sli_errors:rate5m{slo_service="checkout",slo_name="availability"}[30m]))\n'
              + '/\n'
              + 'sum(sum_over_time(slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}[30m]))',
            labels,
          },
          {
            record: 'slo:sli_error:ratio_rate1h',
            expr: 'sum(sum_over_time(slo:sli_errors:rate5m{slo_service="checkout",slo_name="availability"}[1h]))\n'
              + '/\n'
              + 'sum(sum_over_time(slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}[1h]))',
            labels,
          },
          {
            record: 'slo:sli_error:ratio_rate2h',
            expr: 'sum(sum_over_time(slo:sli_errors:rate5m{slo_service="checkout",slo_name="availability"}[2h]))\n'
              + '/\n'
              + 'sum(sum_over_time(slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}[2h]))',
            labels,
          },
          {
            record: 'slo:sli_error:ratio_rate6h',
            expr: 'sum(sum_over_time(slo:sli_errors:rate5m{slo_service="checkout",slo_name="availability"}[6h]))\n'
              + '/\n'
              + 'sum(sum_over_time(slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}[6h]))',
            labels,
          },
          {
            // 2% of the budget in 1h: factor 0.02 × 720h / 1h = 14.4; threshold 14.4 × 0.001 = 0.0144
            alert: 'SloErrorBudgetBurn',
            expr: 'max by (slo_service, slo_name) (slo:sli_error:ratio_rate1h{slo_service="checkout",slo_name="availability"}) > 0.0144\n'
              + 'and on (slo_service, slo_name)\n'
              + 'max by (slo_service, slo_name) (slo:sli_error:ratio_rate5m{slo_service="checkout",slo_name="availability"}) > 0.0144',
            labels: { ...labels, severity: 'critical', long_window: '1h', short_window: '5m' },
            annotations: {
              summary: 'checkout availability SLO is burning its error budget 14.4x faster than sustainable',
              description: 'The error ratio of checkout availability is {{ $value | humanizePercentage }} over the last 1h '
                + 'and above 1.44% over the last 5m as well: 14.4x the error budget of 0.1% (target 99.9% over 30d). '
                + 'At this rate 2% of the budget is spent in 1h.',
            },
          },
          {
            // 5% of the budget in 6h: factor 0.05 × 720h / 6h = 6; threshold 0.006
            alert: 'SloErrorBudgetBurn',
            expr: 'max by (slo_service, slo_name) (slo:sli_error:ratio_rate6h{slo_service="checkout",slo_name="availability"}) > 0.006\n'
              + 'and on (slo_service, slo_name)\n'
              + 'max by (slo_service, slo_name) (slo:sli_error:ratio_rate30m{slo_service="checkout",slo_name="availability"}) > 0.006',
            labels: { ...labels, severity: 'critical', long_window: '6h', short_window: '30m' },
            annotations: {
              summary: 'checkout availability SLO is burning its error budget 6x faster than sustainable',
              description: 'The error ratio of checkout availability is {{ $value | humanizePercentage }} over the last 6h '
                + 'and above 0.6% over the last 30m as well: 6x the error budget of 0.1% (target 99.9% over 30d). '
                + 'At this rate 5% of the budget is spent in 6h.',
            },
          },
        ],
      },
      {
        name: 'slo-checkout-availability-long-windows',
        interval: '4m',
        rules: [
          ...[...hourlySumRules('slo:sli_errors'), ...hourlySumRules('slo:sli_total')].map(([record, expr]) => ({ record, expr, labels })),
          { record: 'slo:sli_error:ratio_rate1d', expr: longWindowRatio('21h59m59s999ms', '23h'), labels },
          { record: 'slo:sli_error:ratio_rate3d', expr: longWindowRatio('2d21h59m59s999ms', '2d23h'), labels },
          { record: 'slo:sli_error:ratio_rate30d', expr: longWindowRatio('29d21h59m59s999ms', '29d23h'), labels },
          { record: 'slo:objective:ratio', expr: 'vector(0.999)', labels },
          { record: 'slo:error_budget:ratio', expr: 'vector(0.001)', labels },
          {
            record: 'slo:period_burn_rate:ratio',
            expr: 'max by (slo_service, slo_name) (slo:sli_error:ratio_rate30d{slo_service="checkout",slo_name="availability"}) / 0.001',
            labels,
          },
          {
            record: 'slo:period_error_budget_remaining:ratio',
            expr: '1 - max by (slo_service, slo_name) (slo:period_burn_rate:ratio{slo_service="checkout",slo_name="availability"})',
            labels,
          },
          {
            // 10% of the budget in 1d: factor 0.1 × 30d / 1d = 3; threshold 0.003
            alert: 'SloErrorBudgetBurn',
            expr: 'max by (slo_service, slo_name) (slo:sli_error:ratio_rate1d{slo_service="checkout",slo_name="availability"}) > 0.003\n'
              + 'and on (slo_service, slo_name)\n'
              + 'max by (slo_service, slo_name) (slo:sli_error:ratio_rate2h{slo_service="checkout",slo_name="availability"}) > 0.003',
            labels: { ...labels, severity: 'warning', long_window: '1d', short_window: '2h' },
            annotations: {
              summary: 'checkout availability SLO is burning its error budget 3x faster than sustainable',
              description: 'The error ratio of checkout availability is {{ $value | humanizePercentage }} over the last 1d '
                + 'and above 0.3% over the last 2h as well: 3x the error budget of 0.1% (target 99.9% over 30d). '
                + 'At this rate 10% of the budget is spent in 1d.',
            },
          },
          {
            // 10% of the budget in 3d: factor 0.1 × 30d / 3d = 1; threshold = the budget, 0.001
            alert: 'SloErrorBudgetBurn',
            expr: 'max by (slo_service, slo_name) (slo:sli_error:ratio_rate3d{slo_service="checkout",slo_name="availability"}) > 0.001\n'
              + 'and on (slo_service, slo_name)\n'
              + 'max by (slo_service, slo_name) (slo:sli_error:ratio_rate6h{slo_service="checkout",slo_name="availability"}) > 0.001',
            labels: { ...labels, severity: 'warning', long_window: '3d', short_window: '6h' },
            annotations: {
              summary: 'checkout availability SLO is burning its error budget 1x faster than sustainable',
              description: 'The error ratio of checkout availability is {{ $value | humanizePercentage }} over the last 3d '
                + 'and above 0.1% over the last 6h as well: 1x the error budget of 0.1% (target 99.9% over 30d). '
                + 'At this rate 10% of the budget is spent in 3d.',
            },
          },
        ],
      },
    ]);
  });

  // The same SLO grouped by route, with a latency indicator at 300ms, 99% over 28 days and a budget
  // policy: the expressions of every rule. Grouping shows as `sum by (route)` where raw or recorded rates
  // are summed and as `max by (slo_service, slo_name, route)` / `on (…, route)` where recorded series are
  // read one per group, so alerts and budgets are per route.
  test('99% over 28d, latency grouped by route, with a budget policy: every expression', () => {
    const slo = definition({
      service: 'search',
      name: 'latency',
      objective: { target: 0.99, windowSeconds: 28 * DAY },
      indicator: { kind: 'latency', histogram: 'http_request_duration_seconds{job="search"}', thresholdSeconds: 0.3, grouping: ['route'] },
      budgetPolicy: budgetPolicy({
        steps: [{ action: 'review', remainingBelow: 0.25 }, { action: 'freeze', remainingBelow: 0 }],
        // 28d / 4 = 7d horizon = 604800 s; the last day's error rate is assumed to continue
        forecast: { lookbackSeconds: DAY, horizonSeconds: 7 * DAY },
      }),
    });
    const expressions = generateSloRuleGroups(slo).map((group) => group.rules.map((rule) => [
      'record' in rule ? (rule as RecordingRule).record : (rule as AlertingRule).alert, rule.expr,
    ]));
    expect(expressions).toEqual([
      [
        ['slo:sli_total:rate5m', 'sum by (route) (rate(http_request_duration_seconds_count{job="search"}[5m]))'],
        ['slo:sli_errors:rate5m',
          'clamp_min(max by (route) (slo:sli_total:rate5m{slo_service="search",slo_name="latency"})\n'
          + '- on (route)\n'
          + 'sum by (route) (rate(http_request_duration_seconds_bucket{job="search",le="0.3"}[5m])), 0)'],
        ['slo:sli_error:ratio_rate5m',
          'sum by (route) (slo:sli_errors:rate5m{slo_service="search",slo_name="latency"})\n/\n'
          + 'sum by (route) (slo:sli_total:rate5m{slo_service="search",slo_name="latency"})'],
        // error budget 1 − 0.99 = 0.01
        ['slo:current_burn_rate:ratio',
          'max by (slo_service, slo_name, route) (slo:sli_error:ratio_rate5m{slo_service="search",slo_name="latency"}) / 0.01'],
        ...hourlyCopyRules('slo:sli_errors', 'search', 'latency', 'route'),
        ...hourlyCopyRules('slo:sli_total', 'search', 'latency', 'route'),
        ['slo:sli_error:ratio_rate30m',
          'sum by (route) (sum_over_time(slo:sli_errors:rate5m{slo_service="search",slo_name="latency"}[30m]))\n/\n'
          + 'sum by (route) (sum_over_time(slo:sli_total:rate5m{slo_service="search",slo_name="latency"}[30m]))'],
        ['slo:sli_error:ratio_rate1h',
          'sum by (route) (sum_over_time(slo:sli_errors:rate5m{slo_service="search",slo_name="latency"}[1h]))\n/\n'
          + 'sum by (route) (sum_over_time(slo:sli_total:rate5m{slo_service="search",slo_name="latency"}[1h]))'],
        ['slo:sli_error:ratio_rate2h',
          'sum by (route) (sum_over_time(slo:sli_errors:rate5m{slo_service="search",slo_name="latency"}[2h]))\n/\n'
          + 'sum by (route) (sum_over_time(slo:sli_total:rate5m{slo_service="search",slo_name="latency"}[2h]))'],
        ['slo:sli_error:ratio_rate6h',
          'sum by (route) (sum_over_time(slo:sli_errors:rate5m{slo_service="search",slo_name="latency"}[6h]))\n/\n'
          + 'sum by (route) (sum_over_time(slo:sli_total:rate5m{slo_service="search",slo_name="latency"}[6h]))'],
        // 1h/5m: factor 0.02 × 672h / 1h = 13.44; threshold 13.44 × 0.01 = 0.1344
        ['SloErrorBudgetBurn',
          'max by (slo_service, slo_name, route) (slo:sli_error:ratio_rate1h{slo_service="search",slo_name="latency"}) > 0.1344\n'
          + 'and on (slo_service, slo_name, route)\n'
          + 'max by (slo_service, slo_name, route) (slo:sli_error:ratio_rate5m{slo_service="search",slo_name="latency"}) > 0.1344'],
        // 6h/30m: factor 0.05 × 672h / 6h = 5.6; threshold 0.056
        ['SloErrorBudgetBurn',
          'max by (slo_service, slo_name, route) (slo:sli_error:ratio_rate6h{slo_service="search",slo_name="latency"}) > 0.056\n'
          + 'and on (slo_service, slo_name, route)\n'
          + 'max by (slo_service, slo_name, route) (slo:sli_error:ratio_rate30m{slo_service="search",slo_name="latency"}) > 0.056'],
      ],
      [
        ...hourlySumRules('slo:sli_errors', 'search', 'latency', 'route'),
        ...hourlySumRules('slo:sli_total', 'search', 'latency', 'route'),
        ['slo:sli_error:ratio_rate1d', longWindowRatio('21h59m59s999ms', '23h', 'search', 'latency', 'route')],
        ['slo:sli_error:ratio_rate3d', longWindowRatio('2d21h59m59s999ms', '2d23h', 'search', 'latency', 'route')],
        ['slo:sli_error:ratio_rate28d', longWindowRatio('27d21h59m59s999ms', '27d23h', 'search', 'latency', 'route')],
        ['slo:objective:ratio', 'vector(0.99)'],
        ['slo:error_budget:ratio', 'vector(0.01)'],
        ['slo:period_burn_rate:ratio',
          'max by (slo_service, slo_name, route) (slo:sli_error:ratio_rate28d{slo_service="search",slo_name="latency"}) / 0.01'],
        ['slo:period_error_budget_remaining:ratio',
          '1 - max by (slo_service, slo_name, route) (slo:period_burn_rate:ratio{slo_service="search",slo_name="latency"})'],
        // 1d/2h: factor 0.1 × 28d / 1d = 2.8; threshold 0.028
        ['SloErrorBudgetBurn',
          'max by (slo_service, slo_name, route) (slo:sli_error:ratio_rate1d{slo_service="search",slo_name="latency"}) > 0.028\n'
          + 'and on (slo_service, slo_name, route)\n'
          + 'max by (slo_service, slo_name, route) (slo:sli_error:ratio_rate2h{slo_service="search",slo_name="latency"}) > 0.028'],
        // 3d/6h: factor 0.1 × 28d / 3d = 0.9333…; threshold 0.009333… (12 significant digits)
        ['SloErrorBudgetBurn',
          'max by (slo_service, slo_name, route) (slo:sli_error:ratio_rate3d{slo_service="search",slo_name="latency"}) > 0.00933333333333\n'
          + 'and on (slo_service, slo_name, route)\n'
          + 'max by (slo_service, slo_name, route) (slo:sli_error:ratio_rate6h{slo_service="search",slo_name="latency"}) > 0.00933333333333'],
        // review while 0 ≤ remaining < 25%, freeze below 0: only the strictest crossed step fires
        ['SloErrorBudgetPolicy',
          'max by (slo_service, slo_name, route) (slo:period_error_budget_remaining:ratio{slo_service="search",slo_name="latency"}) < 0.25 >= 0'],
        ['SloErrorBudgetPolicy',
          'max by (slo_service, slo_name, route) (slo:period_error_budget_remaining:ratio{slo_service="search",slo_name="latency"}) < 0'],
        // remaining × 28d (2419200 s) ÷ the 1d burn rate < the 7d horizon (604800 s), while budget is left
        ['SloErrorBudgetExhaustionForecast',
          'max by (slo_service, slo_name, route) (slo:period_error_budget_remaining:ratio{slo_service="search",slo_name="latency"}) * 2419200\n'
          + '/ on (slo_service, slo_name, route)\n'
          + '(max by (slo_service, slo_name, route) (slo:sli_error:ratio_rate1d{slo_service="search",slo_name="latency"}) / 0.01)\n'
          + '< 604800\n'
          + 'and on (slo_service, slo_name, route)\n'
          + 'max by (slo_service, slo_name, route) (slo:period_error_budget_remaining:ratio{slo_service="search",slo_name="latency"}) > 0'],
      ],
    ]);
  });

  test('every generated expression is parsed: an indicator query that is not PromQL fails generation, naming the rule', () => {
    const broken = definition({ indicator: { kind: 'query', errorQuery: 'rate(errors_total[{{.window}}])', totalQuery: 'rate(requests_total[{{.window}}]', grouping: [] } });
    expect(() => generateSloRuleGroups(broken))
      .toThrow(/^the generated rule slo:sli_total:rate5m of slo-checkout-availability-short-windows is not valid PromQL/);
  });
});

// Which error ratios are recorded: the standard windows up to the SLO window, the SLO window, every window
// an enabled alert pair reads (long and short), the forecast lookback; never 5m (recorded as the base ratio).
describe('recordedWindows', () => {
  test.each([
    {
      name: '30d with the workbook pairs: the standard windows and 30d (pair windows are all standard)',
      definition: definition(),
      windows: [30 * MINUTE, HOUR, 2 * HOUR, 6 * HOUR, DAY, 3 * DAY, 30 * DAY],
    },
    {
      name: '28d: the SLO window replaces 30d',
      definition: definition({ objective: { target: 0.999, windowSeconds: 28 * DAY } }),
      windows: [30 * MINUTE, HOUR, 2 * HOUR, 6 * HOUR, DAY, 3 * DAY, 28 * DAY],
    },
    {
      name: '2d without the 3d pair: 3d is longer than the SLO window and not recorded',
      definition: definition({
        objective: { target: 0.99, windowSeconds: 2 * DAY },
        alerting: workbookAlerting({ pairs: workbookAlerting().pairs.slice(0, 3) }),
      }),
      windows: [30 * MINUTE, HOUR, 2 * HOUR, 6 * HOUR, DAY, 2 * DAY],
    },
    {
      name: '2h window, no alerting: only the standard windows up to 2h',
      definition: definition({ objective: { target: 0.99, windowSeconds: 2 * HOUR }, alerting: workbookAlerting({ enabled: false }) }),
      windows: [30 * MINUTE, HOUR, 2 * HOUR],
    },
    {
      name: 'custom pair windows are added, sorted; a 5m short window is not (the base ratio records it)',
      definition: definition({
        alerting: workbookAlerting({
          pairs: [
            { longSeconds: 90 * MINUTE, shortSeconds: 5 * MINUTE, budgetConsumed: 0.02, severity: 'critical' },
            { longSeconds: 12 * HOUR, shortSeconds: HOUR, budgetConsumed: 0.05, severity: 'warning' },
          ],
        }),
      }),
      windows: [30 * MINUTE, HOUR, 90 * MINUTE, 2 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 3 * DAY, 30 * DAY],
    },
    {
      name: 'the pairs of disabled alerting add no window',
      definition: definition({
        alerting: workbookAlerting({
          enabled: false,
          pairs: [{ longSeconds: 90 * MINUTE, shortSeconds: 10 * MINUTE, budgetConsumed: 0.02, severity: 'critical' }],
        }),
      }),
      windows: [30 * MINUTE, HOUR, 2 * HOUR, 6 * HOUR, DAY, 3 * DAY, 30 * DAY],
    },
    {
      name: 'the forecast lookback is added',
      definition: definition({ budgetPolicy: budgetPolicy({ forecast: { lookbackSeconds: 4 * HOUR, horizonSeconds: 7 * DAY } }) }),
      windows: [30 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR, 6 * HOUR, DAY, 3 * DAY, 30 * DAY],
    },
    {
      name: 'a policy without forecast adds nothing',
      definition: definition({ budgetPolicy: budgetPolicy({ steps: [{ action: 'freeze', remainingBelow: 0 }] }) }),
      windows: [30 * MINUTE, HOUR, 2 * HOUR, 6 * HOUR, DAY, 3 * DAY, 30 * DAY],
    },
  ])('$name', ({ definition: slo, windows }) => {
    expect(recordedWindows(slo)).toEqual(windows);
  });
});

// The labels on every generated series: slo_service and slo_name first, then the user's labels sorted by
// name, whatever order they were given in (the output must not depend on object key order).
describe('seriesLabels', () => {
  test.each<{ name: string; labels: Record<string, string>; keys: string[] }>([
    { name: 'no user labels: the identity only', labels: {}, keys: ['slo_service', 'slo_name'] },
    { name: 'user labels sorted by name', labels: { team: 'payments', env: 'prod', Zone: 'a', area: 'x' }, keys: ['slo_service', 'slo_name', 'Zone', 'area', 'env', 'team'] },
    { name: 'one user label', labels: { tier: 'gold' }, keys: ['slo_service', 'slo_name', 'tier'] },
  ])('$name', ({ labels, keys }) => {
    const result = seriesLabels(definition({ labels }));
    expect(Object.keys(result)).toEqual(keys);
    expect(result).toEqual({ slo_service: 'checkout', slo_name: 'availability', ...labels });
  });

  test('the same labels in another order give the same key order', () => {
    const a = seriesLabels(definition({ labels: { b: '2', a: '1', c: '3' } }));
    const b = seriesLabels(definition({ labels: { c: '3', a: '1', b: '2' } }));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).toBe('{"slo_service":"checkout","slo_name":"availability","a":"1","b":"2","c":"3"}');
  });
});
