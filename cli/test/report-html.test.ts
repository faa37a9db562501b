/**
 * The HTML report in a real headless browser (Debian's chromium, driven by playwright-core): the chart
 * renders, its budget line has a point per step and starts and ends where the computed budget says, no
 * script runs, nothing is fetched, nothing is logged as an error; hostile label values stay text.
 * Chromium is required: without /usr/bin/chromium the test fails (apt-get install -y chromium).
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Browser, chromium, Page } from 'playwright-core';
import { chartGeometry, yOf } from '../src/report/budget-chart';
import { EVIL_SERVICE, EVIL_SLO, historyOpenMetrics, NOW_MS } from './fixtures/report/report-history';
import { runCliInProcess } from './helpers/cli';
import { backfillOpenMetrics, LivePrometheus, startPrometheus } from '../../test/helpers/live-prometheus';
import { tempDir } from '../../test/helpers/promtool';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

let prometheus: LivePrometheus;
let browser: Browser;
let workDir: string;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`the HTML report tests need Debian's chromium at ${CHROMIUM}, which is missing. Install it with: apt-get install -y chromium`);
  }
  workDir = tempDir('report-html-');
  const blocksDir = backfillOpenMetrics(workDir, historyOpenMetrics());
  [prometheus, browser] = await Promise.all([
    startPrometheus({ workDir, ruleFiles: [], scrapeTargets: [], blocksDir, retention: '10y' }),
    chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await prometheus?.stop();
});

/** Writes the HTML report of `service` and its JSON numbers. */
async function htmlReport(service: string, days: string): Promise<{ file: string; json: any }> {
  const file = path.join(workDir, `${service.replace(/[^a-z]/gi, '_')}.html`);
  const args = ['report', service, '--days', days, '--prometheus-url', prometheus.url, '--output', file, '--json'];
  const run = await runCliInProcess(args, { now: () => NOW_MS, cwd: workDir });
  if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stderr}`);
  return { file, json: JSON.parse(run.stdout) };
}

/** Opens a file in a fresh page, recording every request, console error and page error. */
async function open(file: string): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const page = await browser.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  const url = pathToFileURL(file).href;
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  // Anything but the file itself is blocked (and was recorded above).
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, errors };
}

test('the chart renders; its budget line has a point per step, from 100% to the computed remaining budget', async () => {
  const { file, json } = await htmlReport('checkout', '7');
  const { page, requests, errors } = await open(file);
  try {
    const charts = page.locator('svg.budget-chart');
    expect(await charts.count()).toBe(2);

    for (const [index, slo] of json.slos.entries()) {
      const chart = charts.nth(index);
      const box = await chart.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.width).toBeGreaterThan(100);
      expect(box!.height).toBeGreaterThan(100);

      // The rendered polyline's points, read from the SVG DOM the browser built.
      const line = chart.locator('polyline.budget');
      const points: Array<{ x: number; y: number }> = await line.evaluate((el: any) => Array.from({ length: el.points.numberOfItems }, (_, i) => {
        const p = el.points.getItem(i);
        return { x: p.x, y: p.y };
      }));
      expect(points).toHaveLength(7 * 96 + 1);
      expect(points).toHaveLength(slo.budgetRemaining.length);

      const remaining = slo.budgetRemaining.map((p: any) => ({ time: Date.parse(p.time) / 1000, remaining: p.remaining }));
      const g = chartGeometry(remaining, Date.parse(json.period.start) / 1000, Date.parse(json.period.nominalEnd) / 1000);
      expect(points[0].y).toBeCloseTo(yOf(g, 1), 1);
      expect(points.at(-1)!.y).toBeCloseTo(yOf(g, slo.budget.remaining), 1);
      expect(points[0].x).toBeCloseTo(g.plotLeft, 1);
      expect(points.at(-1)!.x).toBeCloseTo(g.plotRight, 1);
      // the line is drawn: its box spans the chart and goes as low as the remaining budget
      const lineBox = (await line.boundingBox())!;
      expect(lineBox.width).toBeGreaterThan(0.9 * (g.plotRight - g.plotLeft));
      expect(lineBox.y + lineBox.height - box!.y).toBeCloseTo(yOf(g, slo.budget.remaining), -1);

      // the 0 line and the ideal burn-down from 100% at the start to 0% at the end
      const zero = chart.locator('line.zero');
      expect(Number(await zero.getAttribute('y1'))).toBeCloseTo(yOf(g, 0), 1);
      const ideal = chart.locator('line.ideal');
      expect(Number(await ideal.getAttribute('y1'))).toBeCloseTo(yOf(g, 1), 1);
      expect(Number(await ideal.getAttribute('y2'))).toBeCloseTo(yOf(g, 0), 1);
      // the two days before the history are shaded as a gap
      expect(await chart.locator('rect.gap').count()).toBe(slo.gaps.length);
    }

    // the tables show the numbers
    await expectText(page, 'table.summary', '93.2%');
    await expectText(page, 'table.worst', '2024-02-28');
    await expectText(page, 'table.alerts', 'SloErrorBudgetBurn');
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
  } finally {
    await page.close();
  }
});

test('a partial month and an overspent budget: the line goes below the 0 line and stops before the end of the chart', async () => {
  const file = path.join(workDir, 'march.html');
  const run = await runCliInProcess(['report', 'checkout', '--month', '2024-03', '--prometheus-url', prometheus.url, '--output', file, '--json'], { now: () => NOW_MS, cwd: workDir });
  expect(run.code).toBe(0);
  const json = JSON.parse(run.stdout);
  expect(json.period.partial).toBe(true);
  const february = path.join(workDir, 'february.html');
  const feb = JSON.parse((await runCliInProcess(['report', 'checkout', '--month', '2024-02', '--prometheus-url', prometheus.url, '--output', february, '--json'], { now: () => NOW_MS, cwd: workDir })).stdout);

  const { page, requests, errors } = await open(file);
  try {
    const line = page.locator('svg.budget-chart polyline.budget').first();
    const last = await line.evaluate((el: any) => el.points.getItem(el.points.numberOfItems - 1).x);
    const plotRight = Number(await page.locator('svg.budget-chart line.zero').first().getAttribute('x2'));
    // one day of 31: the line ends near the left of the chart
    expect(last).toBeLessThan(plotRight / 4);
    await expectText(page, 'p.meta', 'partial month');
    expect(errors).toEqual([]);
    expect(requests).toHaveLength(1);
  } finally {
    await page.close();
  }

  const overspent = await open(february);
  try {
    const chart = overspent.page.locator('svg.budget-chart').first();
    const lastY = await chart.locator('polyline.budget').evaluate((el: any) => el.points.getItem(el.points.numberOfItems - 1).y);
    const zeroY = Number(await chart.locator('line.zero').getAttribute('y1'));
    expect(feb.slos[0].budget.remaining).toBeLessThan(0);
    expect(lastY).toBeGreaterThan(zeroY);
    expect(await overspent.page.locator('td.over').first().textContent()).toBe('114.0% (overspent)');
    expect(overspent.errors).toEqual([]);
  } finally {
    await overspent.page.close();
  }
});

test('hostile service, SLO and label values stay text: no script, no image, no markup', async () => {
  const { file } = await htmlReport(EVIL_SERVICE, '7');
  const html = fs.readFileSync(file, 'utf8');
  expect(html).not.toMatch(/<script|<img|<b>/i);
  const { page, requests, errors } = await open(file);
  try {
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('b').count()).toBe(0);
    expect(await page.locator('h2').first().textContent()).toBe(`${EVIL_SERVICE} / ${EVIL_SLO}`);
    expect(await page.title()).toBe(`SLO report: ${EVIL_SERVICE}, last 7 days`);
    await expectText(page, 'table.alerts', '<b>critical</b>');
    // the chart's accessible name carries the names as text too
    expect(await page.locator('svg.budget-chart').getAttribute('aria-label')).toContain(EVIL_SERVICE);
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
  } finally {
    await page.close();
  }
});

async function expectText(page: Page, selector: string, text: string): Promise<void> {
  expect(await page.locator(selector).first().textContent()).toContain(text);
}
