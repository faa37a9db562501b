/**
 * The budget of a calendar SLO: the events since the start of the current week, month or quarter.
 *
 * A period has no fixed length to put in a range selector, so the rules never look back "since the
 * start". Instead every 5-minute rate sample is copied, in the short-window group, into a period copy
 * labelled with the number of its period modulo 3 (`slo_period_mod`). The period copies are summed over
 * the longest period (31 days for a month) with the same hourly rollups as the long rolling windows
 * (hourly-rollup.ts), by that label; the sum labelled with the current period's number holds exactly the
 * samples of the current period, since the periods with the same number are at least two periods back.
 *
 * A sample belongs to a period only when its whole 5-minute range does: the samples of the first five
 * minutes of a period, which still count events of the period before, are left out. So the budget is
 * full from the first evaluation of a period, and an outage just before the boundary is not carried
 * over.
 *
 * A sum of 5-minute rates, one sample per short-window evaluation (a minute by default), times the sample
 * spacing counts every event once, except at its two ends: the events of the first and of the last five
 * minutes are counted in part, on average (300 s − spacing) / 2 short (2 of those 5 minutes at 1m). Both ends are added back from the rate over those five minutes: the period's first
 * sample (recorded once per period, `…_period_head`) and its latest. The count is then exact but for
 * changes of rate inside those minutes, where the ends of a plain window sum are off by minutes' worth
 * of events, which early in a period is a large share.
 *
 * Every value is recomputed from recorded samples at each evaluation; no rule reads its own output, so a
 * restart or a gap in evaluation loses only the samples of the gap, as for the rolling windows.
 */
import { periodEndExpression, periodNumberMod3, periodStartExpression } from './calendar-period-promql';
import { currentHourCopy, hourlyRollupWindowSum, hourlySumRules } from './hourly-rollup';
import { shortWindowIntervalSeconds } from './intervals';
import { aggregate, identityLabels, onePerGroup, onLabels, range, sloSeries, sumBy } from './promql-builder';
import { RecordingRule } from './rule';
import { BASE_WINDOW_SECONDS } from '../model/alerting-policy';
import { CalendarPeriod, MAX_PERIOD_SECONDS } from '../model/calendar-period';
import { formatDecimal } from '../model/decimal';
import {
  ERRORS_RATE_5M, HOUR_PARITY_LABEL, hourlyCopyMetric, PERIOD_BUDGET_BURNDOWN, PERIOD_END_TIMESTAMP, PERIOD_ERROR_BUDGET_CONSUMED,
  PERIOD_ERROR_RATIO, PERIOD_ERRORS_INCREASE, PERIOD_MOD_LABEL, PERIOD_START_TIMESTAMP, PERIOD_TOTAL_INCREASE,
  periodHeadMetric, periodRateMetric, SLO_NAME_LABEL, SLO_SERVICE_LABEL, TOTAL_RATE_5M, WINDOW_PART_LABEL,
} from '../model/naming';
import { errorBudget } from '../model/objective';
import { SloDefinition } from '../model/slo-definition';

const PERIOD_NUMBERS = ['0', '1', '2'];
const RATES: ReadonlyArray<[rate: string, increase: string]> = [
  [ERRORS_RATE_5M, PERIOD_ERRORS_INCREASE],
  [TOTAL_RATE_5M, PERIOD_TOTAL_INCREASE],
];

function calendarOf(definition: SloDefinition): CalendarPeriod {
  const calendar = definition.objective.calendar;
  if (!calendar) throw new Error(`${definition.service}/${definition.name} has a rolling window, not a calendar period`);
  return calendar;
}

/**
 * The period copies of the two rates, for the short-window group after the hourly copies they copy: each
 * sample with its hour parity and its period number, unless its 5-minute range reaches into the period
 * before; then the first of them in each period (the head).
 */
export function periodCopyRules(definition: SloDefinition, labels: Record<string, string>): RecordingRule[] {
  const calendar = calendarOf(definition);
  const identity = identityLabels(definition.indicator.grouping);
  const inPeriod = (number: string, lagSeconds: number) => ` and on () (${periodNumberMod3(calendar, lagSeconds)} == ${number})`;
  const copies = RATES.map(([rate]) => {
    const copy = onePerGroup([...identity, HOUR_PARITY_LABEL], currentHourCopy(definition, rate));
    const expr = PERIOD_NUMBERS.map((number) =>
      `label_replace(${copy}, "${PERIOD_MOD_LABEL}", "${number}", "", "")${inPeriod(number, 0)}${inPeriod(number, BASE_WINDOW_SECONDS)}`,
    ).join('\nor\n');
    return { record: hourlyCopyMetric(periodRateMetric(rate)), expr, labels };
  });
  // The head: a period copy whose sample one evaluation earlier was not one (it still reached back).
  const heads = RATES.map(([rate]) => {
    const copy = onePerGroup([...identity, PERIOD_MOD_LABEL], currentHourCopy(definition, periodRateMetric(rate)));
    const previousLag = BASE_WINDOW_SECONDS + shortWindowIntervalSeconds(definition);
    const expr = `${copy} unless on () (${periodNumberMod3(calendar, previousLag)} == ${periodNumberMod3(calendar)})`;
    return { record: periodHeadMetric(rate), expr, labels };
  });
  return [...copies, ...heads];
}

/**
 * The long-window group's rules of a calendar SLO, in order: the hourly sums of the period copies, the
 * period's start and end, the events since the start, their ratio, and the budget spent.
 */
export function periodRules(definition: SloDefinition, labels: Record<string, string>): RecordingRule[] {
  const calendar = calendarOf(definition);
  const { service, name } = definition;
  const grouping = definition.indicator.grouping;
  const identity = identityLabels(grouping);
  const slo = [SLO_SERVICE_LABEL, SLO_NAME_LABEL];
  const start = onePerGroup(slo, sloSeries(PERIOD_START_TIMESTAMP, service, name));
  const end = onePerGroup(slo, sloSeries(PERIOD_END_TIMESTAMP, service, name));
  const recorded = (metric: string) => onePerGroup(identity, sloSeries(metric, service, name));
  const budget = formatDecimal(errorBudget(definition.objective));
  const elapsedFraction = `((time() - ${start}) / (${end} - ${start}))`;

  return [
    ...hourlySumRules(definition, labels, RATES.map(([rate]) => periodRateMetric(rate)), [PERIOD_MOD_LABEL]),
    { record: PERIOD_START_TIMESTAMP, expr: periodStartExpression(calendar), labels },
    { record: PERIOD_END_TIMESTAMP, expr: periodEndExpression(calendar, start), labels },
    ...RATES.map(([rate, increase]) => ({ record: increase, expr: eventsSincePeriodStart(definition, calendar, rate), labels })),
    {
      record: PERIOD_ERROR_RATIO,
      // No events yet: nothing failed, the ratio is 0 (not NaN), so the budget reads full.
      expr: `${recorded(PERIOD_ERRORS_INCREASE)} / (${recorded(PERIOD_TOTAL_INCREASE)} > 0)\nor ${onLabels(identity)}\n0 * ${recorded(PERIOD_TOTAL_INCREASE)}`,
      labels,
    },
    { record: PERIOD_ERROR_BUDGET_CONSUMED, expr: `${recorded(PERIOD_ERROR_RATIO)} / ${budget}`, labels },
    {
      record: PERIOD_BUDGET_BURNDOWN,
      expr: `1 - ${recorded(PERIOD_ERROR_BUDGET_CONSUMED)} * ${onLabels(slo)} group_left () ${elapsedFraction}`,
      labels,
    },
  ];
}

/**
 * Events since the start of the current period: the period copies summed over the longest period, by
 * period number, keeping the current number; × the sample spacing, so a sum of per-second rates becomes
 * a count; plus the share of the first and the last five minutes that the sum leaves out. Before the
 * period's first sample, zero for every group that has traffic.
 */
function eventsSincePeriodStart(definition: SloDefinition, calendar: CalendarPeriod, rate: string): string {
  const { service, name } = definition;
  const grouping = definition.indicator.grouping;
  const byPeriod = [...grouping, PERIOD_MOD_LABEL];
  const interval = shortWindowIntervalSeconds(definition);
  // Each end of the sum counts its five minutes' events (interval/300 per sample) short by (300 − interval)/2 seconds of rate.
  const endShare = (BASE_WINDOW_SECONDS - interval) / 2;
  const longest = MAX_PERIOD_SECONDS[calendar.unit];
  // The latest period copy: written by the short-window group's last evaluation, within one interval.
  // (Not the previous hour's last copy, which a backfill or a restart leaves unmarked for 5 minutes.)
  const copies = sloSeries(hourlyCopyMetric(periodRateMetric(rate)), service, name);
  const latestCopy = `${copies} and timestamp(${copies}) > time() - ${interval}`;
  const parts = [
    `${hourlyRollupWindowSum(definition, periodRateMetric(rate), longest, byPeriod)} * ${interval}`,
    `label_replace(${sumBy(byPeriod, `last_over_time(${range(sloSeries(periodHeadMetric(rate), service, name), longest)})`)} * ${endShare}, "${WINDOW_PART_LABEL}", "head", "", "")`,
    `label_replace(${aggregate('max', byPeriod, latestCopy)} * ${endShare}, "${WINDOW_PART_LABEL}", "last", "", "")`,
  ];
  const current = PERIOD_NUMBERS.map((number) =>
    `label_replace(vector(1), "${PERIOD_MOD_LABEL}", "${number}", "", "") and on () (${periodNumberMod3(calendar)} == ${number})`,
  ).join(' or ');
  const thisPeriod = sumBy(grouping, `(\n${parts.join('\nor\n')}\n)\nand on (${PERIOD_MOD_LABEL})\n(${current})`);
  const noneYet = `0 * ${sumBy(grouping, sloSeries(TOTAL_RATE_5M, service, name))}`;
  return `${thisPeriod}\nor ${onLabels(grouping)}\n${noneYet}`;
}
