/**
 * A schematic of a dashboard's layout as SVG, from the panels' grid positions: row headers as bars,
 * panels as boxes with their title and type. Deterministic, for documentation (docs/dashboard-layout.svg).
 */
import { DashboardJson } from '../../src/dashboards/dashboard-document';
import { GRID_COLUMNS } from '../../src/dashboards/grid';

const COLUMN_WIDTH = 40;
const ROW_HEIGHT = 24;
const MARGIN = 16;
const HEADER = 40;
const GAP = 3;
/** Average glyph width of the 11px sans-serif used for titles, for cutting long titles. */
const GLYPH_WIDTH = 6.2;

const TYPE_COLORS: Record<string, { fill: string; stroke: string }> = {
  row: { fill: '#e8eaf0', stroke: '#9aa3b5' },
  stat: { fill: '#e3f1ff', stroke: '#5b8fd0' },
  gauge: { fill: '#e5f6ea', stroke: '#4e9e68' },
  timeseries: { fill: '#fff4e0', stroke: '#d29a3c' },
  table: { fill: '#f3e8fb', stroke: '#9466b8' },
};
const OTHER = { fill: '#f2f2f2', stroke: '#999999' };

/** The SVG text of the layout of `dashboard`. */
export function dashboardLayoutSvg(dashboard: DashboardJson): string {
  const panels: any[] = dashboard.panels ?? [];
  const bottom = Math.max(0, ...panels.map((panel) => panel.gridPos.y + panel.gridPos.h));
  const width = MARGIN * 2 + GRID_COLUMNS * COLUMN_WIDTH;
  const height = HEADER + bottom * ROW_HEIGHT + MARGIN;
  const lines: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    `  <rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `  <text x="${MARGIN}" y="26" font-size="16" font-weight="bold" fill="#1f2430">${escapeXml(String(dashboard.title ?? ''))}</text>`,
  ];
  for (const panel of panels) {
    const { x, y, w, h } = panel.gridPos;
    const left = MARGIN + x * COLUMN_WIDTH + GAP / 2;
    const top = HEADER + y * ROW_HEIGHT + GAP / 2;
    const boxWidth = w * COLUMN_WIDTH - GAP;
    const boxHeight = h * ROW_HEIGHT - GAP;
    const colors = TYPE_COLORS[panel.type] ?? OTHER;
    const title = fit(String(panel.title ?? ''), boxWidth - 12);
    if (panel.type === 'row') {
      lines.push(`  <rect x="${left}" y="${top}" width="${boxWidth}" height="${boxHeight}" rx="3" fill="${colors.fill}" stroke="${colors.stroke}"/>`);
      lines.push(`  <text x="${left + 8}" y="${top + boxHeight / 2 + 4}" font-size="12" font-weight="bold" fill="#1f2430">▾ ${title}</text>`);
      continue;
    }
    lines.push(`  <rect x="${left}" y="${top}" width="${boxWidth}" height="${boxHeight}" rx="4" fill="${colors.fill}" stroke="${colors.stroke}"/>`);
    lines.push(`  <text x="${left + 6}" y="${top + 15}" font-size="11" font-weight="bold" fill="#1f2430">${title}</text>`);
    const detail = panelDetail(panel);
    if (detail !== '' && boxHeight > 48) {
      lines.push(`  <text x="${left + 6}" y="${top + 30}" font-size="10" fill="#5c6370">${fit(detail, boxWidth - 12)}</text>`);
    }
    lines.push(`  <text x="${left + 6}" y="${top + boxHeight - 7}" font-size="10" fill="#5c6370">${escapeXml(String(panel.type))}</text>`);
  }
  lines.push('</svg>');
  return `${lines.join('\n')}\n`;
}

/** What a graph draws: its series' legends (group labels left out) and its time override. */
function panelDetail(panel: any): string {
  if (panel.type !== 'timeseries') return '';
  const legends = (panel.targets ?? [])
    .map((target: any) => String(target.legendFormat ?? '').replace(/\{\{[^}]*\}\}/g, '').trim())
    .filter((legend: string) => legend !== '' && legend !== '__auto');
  const steps = (panel.fieldConfig?.defaults?.thresholds?.steps ?? []).filter((step: any) => step.value !== null);
  const parts = [...legends];
  if (panel.fieldConfig?.defaults?.custom?.thresholdsStyle?.mode === 'dashed' && steps.length > 0) {
    parts.push(`- - ${steps.map((step: any) => step.value).join(', ')}`);
  }
  if (panel.timeFrom) parts.push(`(last ${panel.timeFrom})`);
  return parts.join(' · ');
}

/** The text cut to fit `pixels`, with an ellipsis, XML-escaped. */
function fit(text: string, pixels: number): string {
  const max = Math.max(1, Math.floor(pixels / GLYPH_WIDTH));
  const cut = text.length <= max ? text : `${text.slice(0, max - 1)}…`;
  return escapeXml(cut);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
