/**
 * A calendar-aligned SLO window: the error budget counts the events since the start of the current week,
 * month or quarter, and is full again when the next one starts.
 */
export enum CalendarWindow {
  /** Monday 00:00 to Monday 00:00; burn-rate factors count it as 7 days. */
  WEEK = 'week',
  /**
   * The 1st of the month 00:00 to the 1st of the next; burn-rate factors count it as 30 days, the length
   * the SRE workbook's factors are stated for (every month is within 7% of it).
   */
  MONTH = 'month',
  /** January, April, July and October the 1st, 00:00; burn-rate factors count it as 90 days. */
  QUARTER = 'quarter',
}
