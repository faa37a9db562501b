/**
 * The naming contract: metric, label and group names that the rules write and that dashboards, documents,
 * the CLI and users read. Documented in the README; change it only with a migration note.
 */
import { formatPromDuration, parsePromDuration, SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from './duration';

export const SLO_SERVICE_LABEL = 'slo_service';
export const SLO_NAME_LABEL = 'slo_name';
export const SEVERITY_LABEL = 'severity';
export const LONG_WINDOW_LABEL = 'long_window';
export const SHORT_WINDOW_LABEL = 'short_window';
/** On error-budget policy alerts: the action the policy asks for, e.g. `review` or `freeze`. */
export const BUDGET_ACTION_LABEL = 'budget_action';
/** The bucket bound of a classic histogram, which latency indicators select on. */
export const BUCKET_BOUND_LABEL = 'le';
/** On the hourly copies of the 5-minute rates: the parity of the UTC hour a sample was recorded in. */
export const HOUR_PARITY_LABEL = 'slo_hour_parity';
/** Inside a long window's expression only: tells its parts apart until they are summed. */
export const WINDOW_PART_LABEL = 'slo_window_part';
/**
 * On the period copies of the 5-minute rates of a calendar SLO: the number of the calendar period a
 * sample belongs to, modulo 3 (`"0"`, `"1"`, `"2"`), which tells the current period from the two before.
 */
export const PERIOD_MOD_LABEL = 'slo_period_mod';

/** Labels Prometheus sets on alerts itself (the ALERTS series and every notification). */
export const ALERT_NAME_LABEL = 'alertname';
export const ALERT_STATE_LABEL = 'alertstate';

/**
 * Label names the generated rules or Prometheus set themselves; user labels, alert labels and grouping
 * labels may not use them (nor any `__` name, which Prometheus reserves, `__name__` included): a second
 * value would either be overwritten or make series collide ("vector contains metrics with the same labelset").
 */
export const RESERVED_LABEL_NAMES: readonly string[] = [
  SLO_SERVICE_LABEL, SLO_NAME_LABEL, SEVERITY_LABEL, LONG_WINDOW_LABEL, SHORT_WINDOW_LABEL, BUDGET_ACTION_LABEL, BUCKET_BOUND_LABEL,
  HOUR_PARITY_LABEL, WINDOW_PART_LABEL, PERIOD_MOD_LABEL, ALERT_NAME_LABEL, ALERT_STATE_LABEL,
];

/** Bad events per second over the last 5 minutes: the only series that read raw metrics. */
export const ERRORS_RATE_5M = 'slo:sli_errors:rate5m';
/** All events per second over the last 5 minutes. */
export const TOTAL_RATE_5M = 'slo:sli_total:rate5m';

/** A 5-minute rate copied with the parity of its UTC hour (`slo:sli_errors:rate5m_by_hour`): see rules/hourly-rollup.ts. */
export function hourlyCopyMetric(rateMetric: string): string {
  return `${rateMetric}_by_hour`;
}
/** The sum of a 5-minute rate's samples over the previous UTC hour (`slo:sli_errors:rate5m_previous_hour_sum`). */
export function previousHourSumMetric(rateMetric: string): string {
  return `${rateMetric}_previous_hour_sum`;
}
/**
 * The base name of a calendar SLO's period copies of a 5-minute rate (`slo:sli_errors:rate5m_period`):
 * the series recorded are its hourly copy and sums (`…_period_by_hour`, `…_period_previous_hour_sum`, …).
 */
export function periodRateMetric(rateMetric: string): string {
  return `${rateMetric}_period`;
}

/**
 * The first sample of a period copy in its period (`slo:sli_errors:rate5m_period_head`): the rate over
 * the period's first five minutes, which the sum of samples weighs only in part.
 */
export function periodHeadMetric(rateMetric: string): string {
  return `${rateMetric}_period_head`;
}

/** Calendar SLOs: bad events since the start of the current period (an event count, not a rate). */
export const PERIOD_ERRORS_INCREASE = 'slo:period_sli_errors:increase';
/** Calendar SLOs: all events since the start of the current period. */
export const PERIOD_TOTAL_INCREASE = 'slo:period_sli_total:increase';
/** Calendar SLOs: the error ratio since the start of the current period. */
export const PERIOD_ERROR_RATIO = 'slo:period_sli_error:ratio';
/** Calendar SLOs: the fraction of the budget spent, from the events so far (1 − budget remaining). */
export const PERIOD_ERROR_BUDGET_CONSUMED = 'slo:period_error_budget_consumed:ratio';
/**
 * Calendar SLOs: the budget of the whole period left, when the rest of the period brings events at the
 * same rate as so far: 1 − consumed × elapsed ÷ length. It goes from 1 at the start down to the budget
 * remaining at the end; budget spent evenly follows the ideal line 1 − elapsed ÷ length.
 */
export const PERIOD_BUDGET_BURNDOWN = 'slo:period_error_budget_burndown:ratio';
/** Calendar SLOs: the start of the current period, in Unix seconds. */
export const PERIOD_START_TIMESTAMP = 'slo:period_start:timestamp';
/** Calendar SLOs: the end of the current period (the start of the next), in Unix seconds. */
export const PERIOD_END_TIMESTAMP = 'slo:period_end:timestamp';

export const OBJECTIVE_RATIO = 'slo:objective:ratio';
export const ERROR_BUDGET_RATIO = 'slo:error_budget:ratio';
export const CURRENT_BURN_RATE = 'slo:current_burn_rate:ratio';
export const PERIOD_BURN_RATE = 'slo:period_burn_rate:ratio';
export const PERIOD_ERROR_BUDGET_REMAINING = 'slo:period_error_budget_remaining:ratio';

/** The error ratio over a window: `slo:sli_error:ratio_rate5m`, `…_rate30d`, `…_rate1h30m`. */
export function errorRatioMetric(windowSeconds: number): string {
  return `${ERROR_RATIO_PREFIX}${formatPromDuration(windowSeconds)}`;
}

const ERROR_RATIO_PREFIX = 'slo:sli_error:ratio_rate';

/** The window of the first error-ratio series an expression reads (`…ratio_rate30d` → 30 days), if any. */
export function errorRatioWindowIn(expression: string): number | undefined {
  const match = new RegExp(`${ERROR_RATIO_PREFIX}([0-9smhdwy]+)\\b`).exec(expression);
  if (!match) return undefined;
  try {
    return parsePromDuration(match[1]);
  } catch {
    return undefined;
  }
}

/** The windows recorded for every SLO (those not longer than its SLO window), besides 5m and the SLO window. */
export const STANDARD_WINDOWS_SECONDS: readonly number[] = [
  30 * SECONDS_PER_MINUTE,
  SECONDS_PER_HOUR,
  2 * SECONDS_PER_HOUR,
  6 * SECONDS_PER_HOUR,
  SECONDS_PER_DAY,
  3 * SECONDS_PER_DAY,
];

/** Group names: stable, readable, unique per SLO. */
export function shortWindowGroupName(service: string, name: string): string {
  return `slo-${service}-${name}-short-windows`;
}
export function longWindowGroupName(service: string, name: string): string {
  return `slo-${service}-${name}-long-windows`;
}
