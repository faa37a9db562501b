/**
 * The chart of the error budget remaining over the period, as a self-contained SVG: the remaining budget
 * (a polyline, one point per step plus the start), the 0 line, the ideal linear burn-down from 100% at
 * the start to 0% at the end of the period, and shaded gaps where there was no data. Styling is in
 * attributes, so the SVG renders the same inside the HTML report and on its own.
 */
import { BudgetPoint, TimeRange } from 'cdk8s-slo/lib/planning/budget-accounting';
import { escapeHtml } from './report-format';

/** Where the chart draws what: the plot area in pixels and the data range it shows. */
export interface ChartGeometry {
  readonly width: number;
  readonly height: number;
  readonly plotLeft: number;
  readonly plotRight: number;
  readonly plotTop: number;
  readonly plotBottom: number;
  /** Seconds since the epoch at the left and right edges. */
  readonly timeMin: number;
  readonly timeMax: number;
  /** Remaining budget (1 = 100%) at the bottom and top edges. */
  readonly remainingMin: number;
  readonly remainingMax: number;
}

const WIDTH = 720;
const HEIGHT = 260;

/**
 * The geometry for a chart of `points` from `start` to `end` (the end of the whole period, so a partial
 * month shows how much of it is still to come). The vertical range always holds 100% and 0%, and extends
 * below 0 in steps of 25% when the budget was overspent.
 */
export function chartGeometry(points: readonly BudgetPoint[], start: number, end: number): ChartGeometry {
  const values = points.map((p) => p.remaining);
  const lowest = Math.min(0, ...values);
  const highest = Math.max(1, ...values);
  return {
    width: WIDTH,
    height: HEIGHT,
    plotLeft: 56,
    plotRight: WIDTH - 16,
    plotTop: 16,
    plotBottom: HEIGHT - 36,
    timeMin: start,
    timeMax: end > start ? end : start + 1,
    remainingMin: lowest < 0 ? Math.floor(lowest * 4) / 4 : 0,
    remainingMax: highest > 1 ? Math.ceil(highest * 4) / 4 : 1,
  };
}

/** The x pixel of a time. */
export function xOf(g: ChartGeometry, time: number): number {
  return round(g.plotLeft + ((time - g.timeMin) / (g.timeMax - g.timeMin)) * (g.plotRight - g.plotLeft));
}

/** The y pixel of a remaining budget (1 = 100%). */
export function yOf(g: ChartGeometry, remaining: number): number {
  return round(g.plotBottom - ((remaining - g.remainingMin) / (g.remainingMax - g.remainingMin)) * (g.plotBottom - g.plotTop));
}

export interface BudgetChartInput {
  readonly points: readonly BudgetPoint[];
  readonly gaps: readonly TimeRange[];
  readonly start: number;
  readonly end: number;
  /** Read by screen readers, and shown as a tooltip. */
  readonly title: string;
}

/** The SVG element of the chart. */
export function budgetChartSvg(input: BudgetChartInput): string {
  const g = chartGeometry(input.points, input.start, input.end);
  const parts: string[] = [];
  const title = escapeHtml(input.title);
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="budget-chart" width="${g.width}" height="${g.height}" viewBox="0 0 ${g.width} ${g.height}" role="img" aria-label="${title}">`);
  parts.push(`<title>${title}</title>`);
  parts.push(`<rect x="${g.plotLeft}" y="${g.plotTop}" width="${round(g.plotRight - g.plotLeft)}" height="${round(g.plotBottom - g.plotTop)}" fill="#fafafa" stroke="#ddd"/>`);
  for (const gap of input.gaps) {
    const x1 = xOf(g, Math.max(gap.start, g.timeMin));
    const x2 = xOf(g, Math.min(gap.end, g.timeMax));
    parts.push(`<rect class="gap" x="${x1}" y="${g.plotTop}" width="${round(Math.max(0.5, x2 - x1))}" height="${round(g.plotBottom - g.plotTop)}" fill="#e8e8e8"><title>no data</title></rect>`);
  }
  for (const tick of yTicks(g)) {
    const y = yOf(g, tick);
    parts.push(`<line x1="${g.plotLeft}" x2="${g.plotRight}" y1="${y}" y2="${y}" stroke="#eee"/>`);
    parts.push(`<text x="${g.plotLeft - 6}" y="${round(y + 4)}" text-anchor="end" font-size="11" fill="#555">${Math.round(tick * 100)}%</text>`);
  }
  for (const [time, anchor] of [[g.timeMin, 'start'], [g.timeMax, 'end']] as const) {
    parts.push(`<text x="${xOf(g, time)}" y="${g.plotBottom + 16}" text-anchor="${anchor}" font-size="11" fill="#555">${new Date(time * 1000).toISOString().slice(0, 10)}</text>`);
  }
  const zero = yOf(g, 0);
  parts.push(`<line class="zero" x1="${g.plotLeft}" x2="${g.plotRight}" y1="${zero}" y2="${zero}" stroke="#c62828" stroke-width="1"/>`);
  parts.push(`<line class="ideal" x1="${xOf(g, g.timeMin)}" y1="${yOf(g, 1)}" x2="${xOf(g, g.timeMax)}" y2="${yOf(g, 0)}" stroke="#888" stroke-width="1" stroke-dasharray="4 3"/>`);
  const points = input.points.map((p) => `${xOf(g, p.time)},${yOf(g, p.remaining)}`).join(' ');
  parts.push(`<polyline class="budget" points="${points}" fill="none" stroke="#1565c0" stroke-width="2" stroke-linejoin="round"/>`);
  parts.push(`<text x="${g.plotRight}" y="${g.height - 4}" text-anchor="end" font-size="11" fill="#555">— budget remaining   - - ideal burn-down   — 0</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}

/** Ticks every 25% (every 50% or 100% when the range is tall). */
function yTicks(g: ChartGeometry): number[] {
  const span = g.remainingMax - g.remainingMin;
  const every = span <= 1.5 ? 0.25 : span <= 3 ? 0.5 : Math.ceil(span / 6);
  const ticks: number[] = [];
  for (let tick = Math.ceil(g.remainingMin / every) * every; tick <= g.remainingMax + 1e-9; tick += every) ticks.push(round(tick));
  return ticks;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
