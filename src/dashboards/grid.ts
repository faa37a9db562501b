/**
 * Places panels on Grafana's grid (24 columns; heights in grid rows of 30px): each section is a row
 * header followed by lines of panels side by side. Ids count from 1 in reading order, rows included.
 */
import { PanelSpec } from './panels';
import { dashboard } from '../vendor/grafana-foundation-sdk';

/** Grafana's grid width. */
export const GRID_COLUMNS = 24;

/** A titled row of the dashboard and its panels, line by line. */
export interface Section {
  readonly title: string;
  readonly lines: ReadonlyArray<readonly PanelSpec[]>;
}

/** A panel with its place. */
export interface PlacedPanel {
  readonly spec: PanelSpec;
  readonly id: number;
  readonly gridPos: dashboard.GridPos;
}

/** A row header with its place and the panels placed under it. */
export interface PlacedSection {
  readonly title: string;
  readonly id: number;
  readonly gridPos: dashboard.GridPos;
  readonly panels: readonly PlacedPanel[];
}

/** Places the sections top to bottom; throws if a line is wider than the grid (a generator bug). */
export function placeSections(sections: readonly Section[]): PlacedSection[] {
  let y = 0;
  let id = 1;
  const placed: PlacedSection[] = [];
  for (const section of sections) {
    const rowId = id++;
    const rowPos = { x: 0, y, w: GRID_COLUMNS, h: 1 };
    y += 1;
    const panels: PlacedPanel[] = [];
    for (const line of section.lines) {
      const width = line.reduce((sum, spec) => sum + spec.width, 0);
      if (width > GRID_COLUMNS || line.some((spec) => spec.width <= 0 || spec.height <= 0)) {
        throw new Error(`a line of section "${section.title}" does not fit the ${GRID_COLUMNS}-column grid`);
      }
      let x = 0;
      for (const spec of line) {
        panels.push({ spec, id: id++, gridPos: { x, y, w: spec.width, h: spec.height } });
        x += spec.width;
      }
      y += Math.max(0, ...line.map((spec) => spec.height));
    }
    placed.push({ title: section.title, id: rowId, gridPos: rowPos, panels });
  }
  return placed;
}
