/**
 * docs/dashboard-layout.svg, the README's picture of the dashboard, is the layout of the acceptance
 * dashboard drawn by dashboardLayoutSvg. Regenerate it with `npx projen test:update` (jest -u) or
 * UPDATE_DOCS=1; otherwise a difference fails, so the picture cannot go stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { SloDashboard } from '../../src';
import { ACCEPTANCE_SLOS, dashboardOf, sloChart } from '../helpers/dashboard-apps';
import { dashboardLayoutSvg } from '../helpers/layout-svg';

const LAYOUT_FILE = path.join(__dirname, '..', '..', 'docs', 'dashboard-layout.svg');

function acceptanceDashboard(): any {
  const chart = sloChart(ACCEPTANCE_SLOS);
  new SloDashboard(chart, 'checkout-dashboard', { service: 'checkout' });
  return dashboardOf(Testing.synth(chart).find((m: any) => m.kind === 'ConfigMap'));
}

/** Whether this run may rewrite generated files: `jest -u` or UPDATE_DOCS=1. */
function updating(): boolean {
  const snapshotState = (expect.getState() as any).snapshotState;
  return process.env.UPDATE_DOCS === '1' || snapshotState?._updateSnapshot === 'all';
}

describe('docs/dashboard-layout.svg', () => {
  const dashboard = acceptanceDashboard();
  const svg = dashboardLayoutSvg(dashboard);

  test('draws every row and panel of the acceptance dashboard at its grid position', () => {
    const panels = dashboard.panels;
    expect((svg.match(/<rect /g) ?? []).length).toBe(panels.length + 1);
    for (const panel of panels) expect(svg).toContain(panel.title.replace(/&/g, '&amp;'));
    // a panel's box: 40px per column and 24px per grid row, inside a 16px margin under a 40px header
    const burnDown = panels.find((p: any) => p.title === 'Error budget burn-down (30d)');
    expect(svg).toContain(`<rect x="${16 + burnDown.gridPos.x * 40 + 1.5}" y="${40 + burnDown.gridPos.y * 24 + 1.5}" width="${burnDown.gridPos.w * 40 - 3}"`);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>\n')).toBe(true);
  });

  test('the committed picture is up to date', () => {
    if (updating()) {
      fs.mkdirSync(path.dirname(LAYOUT_FILE), { recursive: true });
      fs.writeFileSync(LAYOUT_FILE, svg);
    }
    expect(fs.existsSync(LAYOUT_FILE)).toBe(true);
    expect(fs.readFileSync(LAYOUT_FILE, 'utf8')).toBe(svg);
  });
});
