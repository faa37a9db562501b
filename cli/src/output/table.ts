import { visibleLength } from './color';

/** Column alignment: numbers read best right-aligned. */
export type Align = 'left' | 'right';

/** A plain-text table with a header row; cells may carry ANSI colours. */
export function renderTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>, align: readonly Align[] = []): string {
  const widths = header.map((h, column) => Math.max(visibleLength(h), ...rows.map((row) => visibleLength(row[column] ?? ''))));
  const line = (cells: readonly string[]) => cells.map((cell, column) => {
    const pad = ' '.repeat(Math.max(0, widths[column] - visibleLength(cell)));
    return align[column] === 'right' ? pad + cell : cell + pad;
  }).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
