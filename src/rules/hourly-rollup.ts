/**
 * Hourly rollups: long windows (a day and longer) are summed from one recorded value per clock hour
 * instead of one per minute, so a window's cost grows with its hours, not its minutes, and does not
 * depend on how much history Prometheus holds beyond it.
 *
 * Two recorded series per rate (bad and all events):
 * - `…:rate5m_by_hour`, in the short-window group next to the 5-minute rates, so it copies every rate
 *   sample the moment it is written: the rate again, labelled with the parity of the UTC clock hour it was
 *   recorded in (`slo_hour_parity="0"` even, `"1"` odd). Within the last one or two hours, the samples of
 *   the current hour and those of the previous hour are then separate series: a range over one parity
 *   holds exactly the samples of one clock hour, without knowing where the hour boundary falls in the range.
 * - `…:rate5m_previous_hour_sum`, in the long-window group: the sum of the rate samples of the previous
 *   clock hour, recorded from minute 25 to minute 30 of an hour only, so reading it at minute 30 of hour
 *   h+1 gives the total of hour h.
 *
 * A window [t−W, t] (W whole hours) is then the disjoint union of:
 * - the oldest part: the samples from t−W to the end of its clock hour (the parity copy, one hour);
 * - the completed clock hours after it, up to the one before the previous hour: one value each, read at
 *   the aligned hour steps of a subquery, 30 minutes into the next hour, far from any boundary (the sums
 *   are recorded only around that minute: the subquery decodes every sample in its range, so a sum
 *   recorded at every evaluation would cost twenty samples per hour instead of two);
 * - the recent part: the previous clock hour and the current one so far, summed from the parity copies
 *   by the window's own rule.
 * That is exactly the set of rate samples that `sum_over_time(rate[W])` reads, so the ratio is the same
 * event-weighted ratio at every instant, not only at hour boundaries. The recent part is computed at the
 * window's own evaluation time from the parity copies, never from a sum recorded earlier, so a window
 * evaluated just after an hour boundary, before the short-window group has run in the new hour, neither
 * loses nor double-counts an hour. It is not recorded once for all windows: a rule reading a series that
 * an earlier rule of its group wrote at the same evaluation works only where the group's rules see each
 * other's writes at once (Prometheus); vmalert, which reads them back from remote storage, and a ruler
 * that splits the group, would see the previous evaluation's value.
 * No rule reads its own output: a restart, a gap or a backfill yields the same values as live evaluation.
 */
import { onePerGroup, identityLabels, sumBy } from './promql-builder';
import { RecordingRule } from './rule';
import { formatJustUnder, formatPromDuration, SECONDS_PER_DAY, SECONDS_PER_HOUR } from '../model/duration';
import {
  ERRORS_RATE_5M, HOUR_PARITY_LABEL, hourlyCopyMetric, previousHourSumMetric, SLO_NAME_LABEL, SLO_SERVICE_LABEL,
  TOTAL_RATE_5M, WINDOW_PART_LABEL,
} from '../model/naming';
import { SloDefinition } from '../model/slo-definition';
import { equalityMatchers, renderVectorSelector } from '../promql/selector';

/** Windows from this length on are summed from hourly rollups (when they are whole hours). */
export const HOURLY_ROLLUP_MIN_WINDOW_SECONDS = SECONDS_PER_DAY;

/** Whether a window is summed from hourly rollups rather than from every rate sample. */
export function usesHourlyRollup(windowSeconds: number): boolean {
  return windowSeconds >= HOURLY_ROLLUP_MIN_WINDOW_SECONDS && windowSeconds % SECONDS_PER_HOUR === 0;
}

/**
 * `count_values("slo_hour_parity", hour() % 2)`: one series whose parity label is that of the current
 * UTC hour (`"0"` even, `"1"` odd); `(hour() + 1) % 2` gives the previous hour's. Joining a parity copy
 * with it (`and on (slo_hour_parity)`) keeps one hour's series with a single selector, where filtering
 * each parity by `hour()` separately reads both: every selector costs a lookup in every block the
 * query spans, and its text is parsed again at each evaluation.
 */
const CURRENT_HOUR_PARITY = `count_values("${HOUR_PARITY_LABEL}", hour() % 2)`;
const PREVIOUS_HOUR_PARITY = `count_values("${HOUR_PARITY_LABEL}", (hour() + 1) % 2)`;

/** The series of `expression` (labelled with an hour parity) of the current, or the previous, UTC hour. */
function ofHour(expression: string, hour: 'current' | 'previous'): string {
  return `${expression} and on (${HOUR_PARITY_LABEL}) ${hour === 'current' ? CURRENT_HOUR_PARITY : PREVIOUS_HOUR_PARITY}`;
}

/**
 * The minutes of the hour (from, to inclusive) in which an hour's sum is recorded: just before minute 30
 * of the following hour, where the windows read it, and no more, so that a 30-day window's subquery
 * decodes two samples per hour rather than one per evaluation. The read looks back 5 minutes, to minute
 * 25: a group that runs more often than every 5 minutes, whatever its offset, has recorded there.
 */
const SUM_RECORDED_FROM_MINUTE = 25;
const SUM_RECORDED_TO_MINUTE = 30;
/** Where the windows read an hour's sum: this far into the following hour. */
const SUM_READ_AT = '30m';

/** The parity copies of the two rates, for the short-window group (after the rates they copy). */
export function hourlyCopyRules(definition: SloDefinition, labels: Record<string, string>): RecordingRule[] {
  return RATES.map((rate) => ({ record: hourlyCopyMetric(rate), expr: hourlyCopyExpression(definition, rate), labels }));
}

/**
 * The hourly sums of the two rates, for the long-window group (before the windows that read them).
 * `rates` are the base names of the hourly copies (the 5-minute rates, or a calendar SLO's period copies,
 * which carry `extraGrouping` labels of their own that the sums keep apart).
 */
export function hourlySumRules(
  definition: SloDefinition,
  labels: Record<string, string>,
  rates: readonly string[] = RATES,
  extraGrouping: readonly string[] = [],
): RecordingRule[] {
  const by = [...definition.indicator.grouping, ...extraGrouping];
  return rates.map((rate) => ({ record: previousHourSumMetric(rate), expr: previousHourSumExpression(definition, rate, by), labels }));
}

const RATES = [ERRORS_RATE_5M, TOTAL_RATE_5M];

function hourlyCopyExpression(definition: SloDefinition, rate: string): string {
  const current = onePerGroup(identityLabels(definition.indicator.grouping), seriesOf(definition, rate));
  // × 1 from the one series that carries the hour's parity: the rate's value, with that label added.
  return `${current}\n* on () group_left (${HOUR_PARITY_LABEL}) ${CURRENT_HOUR_PARITY}`;
}

function previousHourSumExpression(definition: SloDefinition, rate: string, by: readonly string[]): string {
  // The previous hour's copy holds exactly that hour's samples, all within the last 2 hours.
  const sum = sumBy(by, ofHour(`sum_over_time(${hourlyCopy(definition, rate)}[2h])`, 'previous'));
  return `${sum}\nand on () minute() >= ${SUM_RECORDED_FROM_MINUTE} <= ${SUM_RECORDED_TO_MINUTE}`;
}

/**
 * The sum of the rate samples over [t−W, t], by `by` (grouping labels, and optionally the SLO's identity),
 * from the rollups. W must pass usesHourlyRollup. Each part keeps a distinct label set until the final
 * sum, so that `or` unions them.
 */
export function hourlyRollupWindowSum(definition: SloDefinition, rate: string, windowSeconds: number, by: readonly string[]): string {
  const hours = windowSeconds / SECONDS_PER_HOUR;
  const offset = formatPromDuration(windowSeconds - SECONDS_PER_HOUR);
  // The hour that holds t−W has the current hour's parity when W is an even number of hours.
  const oldest = ofHour(`sum_over_time(${hourlyCopy(definition, rate)}[1h] offset ${offset})`, hours % 2 === 0 ? 'current' : 'previous');
  const parts = [
    `label_replace(${oldest}, "${WINDOW_PART_LABEL}", "oldest", "", "")`,
    `label_replace(${recentHoursExpression(definition, rate)}, "${WINDOW_PART_LABEL}", "recent", "", "")`,
  ];
  if (hours > 2) {
    // Aligned hour steps h with t−W+1h < h ≤ t−1h: the value at step h is the total of [h−1h, h), read
    // 30 minutes into the next hour. (A second reading as a fallback doubles the cost of each step, which
    // is most of this rule's cost: see the README.) Just under (W − 2h) keeps the step at exactly t−W+1h
    // out, which the oldest part already holds.
    const completed = `sum_over_time((${seriesOf(definition, previousHourSumMetric(rate))} offset -${SUM_READ_AT})[${formatJustUnder(windowSeconds - 2 * SECONDS_PER_HOUR)}:1h] offset 1h)`;
    parts.unshift(completed);
  }
  return sumBy(by, parts.join('\nor\n'));
}

/** The samples of the previous clock hour and of the current one so far, one part per hour (to be summed). */
function recentHoursExpression(definition: SloDefinition, rate: string): string {
  const copy = hourlyCopy(definition, rate);
  return `(${ofHour(`sum_over_time(${copy}[1h])`, 'current')}) or (${ofHour(`sum_over_time(${copy}[2h])`, 'previous')})`;
}

/**
 * The hourly copy of the current UTC hour's parity only. The previous hour's copy stops at the hour's
 * end: live, Prometheus marks it stale then, but a backfill (`promtool tsdb create-blocks-from rules`)
 * or a restart writes no such marker, and for five minutes an instant read would return both.
 */
export function currentHourCopy(definition: SloDefinition, rate: string): string {
  return `(${ofHour(hourlyCopy(definition, rate), 'current')})`;
}

function hourlyCopy(definition: SloDefinition, rate: string): string {
  return seriesOf(definition, hourlyCopyMetric(rate));
}

function seriesOf(definition: SloDefinition, metric: string): string {
  return renderVectorSelector({
    metric,
    matchers: equalityMatchers([[SLO_SERVICE_LABEL, definition.service], [SLO_NAME_LABEL, definition.name]]),
  });
}
