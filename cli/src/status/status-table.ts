/**
 * The status table for people: one row per SLO (and one indented row per group of a grouped SLO),
 * red when the budget is overspent or a critical alert fires, yellow when a warning fires or less than
 * a quarter of the budget is left. When a calendar SLO is shown, three columns tell its current period
 * (a table of rolling SLOs alone stays as it was).
 */
import { formatDecimal, formatPercent } from 'cdk8s-slo/lib/model/decimal';
import { printable } from 'cdk8s-slo/lib/model/labels';
import { classifySloHealth, SloHealth } from 'cdk8s-slo/lib/planning/slo-health';
import { PeriodStatus } from './period-status';
import { SloStatus } from './slo-status';
import { Palette } from '../output/color';
import { renderTable } from '../output/table';

const HEADER = ['SLO', 'OBJECTIVE', 'SLI', 'BUDGET LEFT', 'BURN RATE', 'ALERTS'];
const ALIGN = ['left', 'right', 'right', 'right', 'right', 'left'] as const;
/** Inserted after OBJECTIVE when a calendar SLO is shown. */
const PERIOD_HEADER = ['PERIOD', 'SINCE', 'DAYS LEFT'];
const PERIOD_ALIGN = ['left', 'left', 'right'] as const;
const NO_DATA = '-';

/** The table, followed by one line per SLO with a note. Names from Prometheus are printed with control characters escaped. */
export function renderStatusTable(statuses: readonly SloStatus[], palette: Palette): string {
  const calendar = statuses.some((s) => s.period !== undefined);
  const withPeriod = (cells: string[], period: string[]) => (calendar ? [...cells.slice(0, 2), ...period, ...cells.slice(2)] : cells);
  const rows: string[][] = [];
  for (const status of statuses) {
    const colour = colourFor(classifySloHealth(status), palette);
    rows.push(withPeriod([
      `${printable(status.service)}/${printable(status.slo)}`,
      status.objective === null ? NO_DATA : boundedPercent(status.objective),
      percent(status.sli, 4),
      percent(status.budgetRemaining, 1),
      burnRate(status.burnRate),
      status.alertsFiring.length > 0 ? status.alertsFiring.map(printable).join(', ') : NO_DATA,
    ], periodCells(status)).map(colour));
    for (const group of status.groups) {
      const groupColour = colourFor(classifySloHealth(group), palette);
      rows.push(withPeriod([
        `  ${Object.entries(group.labels).map(([k, v]) => `${printable(k)}=${JSON.stringify(v)}`).join(',')}`,
        '',
        percent(group.sli, 4),
        percent(group.budgetRemaining, 1),
        burnRate(group.burnRate),
        group.alertsFiring.length > 0 ? group.alertsFiring.map(printable).join(', ') : NO_DATA,
      ], ['', '', '']).map(groupColour));
    }
  }
  const notes = statuses
    .filter((s) => s.note !== null)
    .map((s) => palette.dim(`${printable(s.service)}/${printable(s.slo)}: ${s.note}`));
  return renderTable(withPeriod(HEADER, PERIOD_HEADER), rows, calendar ? [...ALIGN.slice(0, 2), ...PERIOD_ALIGN, ...ALIGN.slice(2)] : [...ALIGN])
    + (notes.length > 0 ? `\n${notes.join('\n')}\n` : '');
}

/** PERIOD, SINCE and DAYS LEFT of an SLO: its calendar period, or its rolling window. */
function periodCells(status: SloStatus): string[] {
  const period: PeriodStatus | undefined = status.period;
  if (!period) return [status.window === null ? 'rolling' : `rolling ${status.window}`, NO_DATA, NO_DATA];
  // The start as a local date in the SLO's offset: periods start at its midnight.
  return [period.label, period.start.slice(0, 10), period.daysLeft.toFixed(1)];
}

function colourFor(health: SloHealth, palette: Palette): (text: string) => string {
  if (health === 'exhausted') return (text) => (text ? palette.red(text) : text);
  if (health === 'at-risk') return (text) => (text ? palette.yellow(text) : text);
  return (text) => text;
}

/** A ratio as a percentage with at most `decimals` decimals: 0.99934 → 99.934%, -3 → -300%. */
function percent(ratio: number | null, decimals: number): string {
  if (ratio === null) return NO_DATA;
  return boundedPercent(Number(ratio.toFixed(decimals + 2)));
}

/** A percentage; a ratio too large to be one (a server can record anything) shows as ±Inf%. */
function boundedPercent(ratio: number): string {
  return Number.isFinite(ratio * 100) ? formatPercent(ratio) : `${ratio > 0 ? '+' : '-'}Inf%`;
}

/** A burn rate as a factor: 0.7 → 0.7x, 14.4 → 14.4x. */
function burnRate(rate: number | null): string {
  return rate === null ? NO_DATA : `${formatDecimal(Number(rate.toFixed(2)))}x`;
}
