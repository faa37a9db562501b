/**
 * The status table for people: one row per SLO (and one indented row per group of a grouped SLO),
 * red when the budget is overspent or a critical alert fires, yellow when a warning fires or less than
 * a quarter of the budget is left.
 */
import { formatDecimal, formatPercent } from 'cdk8s-slo/lib/model/decimal';
import { printable } from 'cdk8s-slo/lib/model/labels';
import { classifySloHealth, SloHealth } from 'cdk8s-slo/lib/planning/slo-health';
import { SloStatus } from './slo-status';
import { Palette } from '../output/color';
import { renderTable } from '../output/table';

const HEADER = ['SLO', 'OBJECTIVE', 'SLI', 'BUDGET LEFT', 'BURN RATE', 'ALERTS'];
const NO_DATA = '-';

/** The table, followed by one line per SLO with a note. Names from Prometheus are printed with control characters escaped. */
export function renderStatusTable(statuses: readonly SloStatus[], palette: Palette): string {
  const rows: string[][] = [];
  for (const status of statuses) {
    const colour = colourFor(classifySloHealth(status), palette);
    rows.push([
      `${printable(status.service)}/${printable(status.slo)}`,
      status.objective === null ? NO_DATA : boundedPercent(status.objective),
      percent(status.sli, 4),
      percent(status.budgetRemaining, 1),
      burnRate(status.burnRate),
      status.alertsFiring.length > 0 ? status.alertsFiring.map(printable).join(', ') : NO_DATA,
    ].map(colour));
    for (const group of status.groups) {
      const groupColour = colourFor(classifySloHealth(group), palette);
      rows.push([
        `  ${Object.entries(group.labels).map(([k, v]) => `${printable(k)}=${JSON.stringify(v)}`).join(',')}`,
        '',
        percent(group.sli, 4),
        percent(group.budgetRemaining, 1),
        burnRate(group.burnRate),
        group.alertsFiring.length > 0 ? group.alertsFiring.map(printable).join(', ') : NO_DATA,
      ].map(groupColour));
    }
  }
  const notes = statuses
    .filter((s) => s.note !== null)
    .map((s) => palette.dim(`${printable(s.service)}/${printable(s.slo)}: ${s.note}`));
  return renderTable(HEADER, rows, ['left', 'right', 'right', 'right', 'right', 'left'])
    + (notes.length > 0 ? `\n${notes.join('\n')}\n` : '');
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
