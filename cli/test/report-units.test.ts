/** The pure parts of `cdk8s-slo report`: periods and steps, alert episodes, number formats, escaping, the chart. */
import { alertEpisodes } from '../src/report/alert-episodes';
import { budgetChartSvg, chartGeometry, xOf, yOf } from '../src/report/budget-chart';
import { sparkline } from '../src/report/markdown-report';
import {
  escapeHtml, escapeMarkdown, formatAvailability, formatDuration, formatEvents, formatObjective, formatRange, formatShare,
} from '../src/report/report-format';
import { MAX_POINTS, monthPeriod, rollingPeriod, stepFor } from '../src/report/report-period';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;
const utc = (...args: [number, number, number?, number?, number?]) => Date.UTC(...(args as [number, number])) / 1000;

describe('report periods', () => {
  test('steps keep every series within MAX_POINTS points and divide a day', () => {
    for (const days of [1, 2, 7, 14, 28, 30, 31, 90, 365, 400]) {
      const step = stepFor(days * DAY);
      expect(days * DAY / step).toBeLessThanOrEqual(MAX_POINTS);
      expect(DAY % step).toBe(0);
    }
    expect(stepFor(DAY)).toBe(5 * MINUTE);
    expect(stepFor(7 * DAY)).toBe(15 * MINUTE);
    expect(stepFor(30 * DAY)).toBe(HOUR);
  });

  test('a rolling window ends at the last full step before now and is whole days long', () => {
    const period = rollingPeriod(30, utc(2024, 4, 15, 13, 47));
    expect(period).toMatchObject({ kind: 'rolling', label: 'last 30 days', end: utc(2024, 4, 15, 13), start: utc(2024, 3, 15, 13), stepSeconds: HOUR, bucketSeconds: DAY, partial: false });
    expect(rollingPeriod(1, utc(2024, 4, 15, 13, 47))).toMatchObject({ label: 'last 1 day', stepSeconds: 5 * MINUTE, bucketSeconds: HOUR, end: utc(2024, 4, 15, 13, 45) });
  });

  test('a past month is whole; the current month is partial up to the last full step', () => {
    expect(monthPeriod('2024-02', utc(2024, 5, 1))).toMatchObject({ start: utc(2024, 1, 1), end: utc(2024, 2, 1), nominalEnd: utc(2024, 2, 1), partial: false, stepSeconds: HOUR });
    expect(monthPeriod('2023-12', utc(2024, 5, 1)).nominalEnd).toBe(utc(2024, 0, 1));
    expect(monthPeriod('2024-05', utc(2024, 4, 10, 8, 30))).toMatchObject({ start: utc(2024, 4, 1), end: utc(2024, 4, 10, 8), nominalEnd: utc(2024, 5, 1), partial: true });
  });

  test.each(['2024-5', '2024-00', '2024-13', 'May 2024', ''])('month %j is a usage error', (month) => {
    expect(() => monthPeriod(month, utc(2024, 5, 1))).toThrow(/is not a month like 2024-05/);
  });
});

describe('alert episodes', () => {
  const t0 = utc(2024, 1, 28, 10);
  test('samples one evaluation apart are one episode lasting until the evaluation after the last', () => {
    const samples = Array.from({ length: 10 }, (_, i) => t0 + i * MINUTE);
    expect(alertEpisodes(samples, t0 + DAY)).toEqual([{ start: t0, end: t0 + 10 * MINUTE, ongoing: false }]);
  });

  test('a silence longer than 1.5 evaluations ends an episode; the interval is learned from the samples', () => {
    const samples = [0, 2, 4, 10, 12].map((m) => t0 + m * MINUTE);
    expect(alertEpisodes(samples, t0 + DAY)).toEqual([
      { start: t0, end: t0 + 6 * MINUTE, ongoing: false },
      { start: t0 + 10 * MINUTE, end: t0 + 14 * MINUTE, ongoing: false },
    ]);
  });

  test('an alert still firing at the end of the period is ongoing and clipped; one sample lasts a minute', () => {
    expect(alertEpisodes([t0, t0 + MINUTE], t0 + MINUTE)).toEqual([{ start: t0, end: t0 + MINUTE, ongoing: true }]);
    expect(alertEpisodes([t0], t0 + DAY)).toEqual([{ start: t0, end: t0 + MINUTE, ongoing: false }]);
    expect(alertEpisodes([], t0)).toEqual([]);
  });
});

describe('formats', () => {
  test('availability has the decimals the objective needs and is rounded down, never up to a met objective', () => {
    expect(formatAvailability(0.99906833, 0.999)).toBe('99.906%');
    expect(formatAvailability(0.998999, 0.999)).toBe('99.899%');
    expect(formatAvailability(0.995, 0.99)).toBe('99.50%');
    expect(formatAvailability(0.99991234, 0.9999)).toBe('99.9912%');
    expect(formatAvailability(0.9995, 0.9995)).toBe('99.9500%');
    expect(formatAvailability(1, 0.999)).toBe('100.000%');
    expect(formatAvailability(0.5, undefined)).toBe('50.00%');
  });

  test('objectives, shares, events and durations', () => {
    expect(formatObjective(0.999)).toBe('99.9%');
    expect(formatObjective(0.9995)).toBe('99.95%');
    expect(formatShare(0.93166)).toBe('93.2%');
    expect(formatShare(1.14)).toBe('114.0%');
    expect(formatShare(0.0004)).toBe('0.04%');
    expect(formatShare(0)).toBe('0.0%');
    expect(formatEvents(4024.8)).toBe('4,025');
    expect(formatEvents(-0.2)).toBe('0');
    expect(formatDuration(125 * MINUTE)).toBe('2h 5m');
    expect(formatDuration(2 * DAY + 3 * HOUR + 5 * MINUTE)).toBe('2d 3h');
    expect(formatDuration(30)).toBe('30s');
  });

  test('ranges read as a day, hours of a day, or start → end', () => {
    const day = utc(2024, 1, 28);
    expect(formatRange({ start: day, end: day + DAY })).toBe('2024-02-28');
    expect(formatRange({ start: day + 10 * HOUR, end: day + 11 * HOUR })).toBe('2024-02-28 10:00–11:00 UTC');
    expect(formatRange({ start: day + 18 * HOUR, end: day + DAY })).toBe('2024-02-28 18:00–24:00 UTC');
    expect(formatRange({ start: day, end: day + 2 * DAY })).toBe('2024-02-28 00:00 UTC → 2024-03-01 00:00 UTC');
  });

  test('HTML escaping leaves no markup and no way out of an attribute', () => {
    expect(escapeHtml('<script>alert("x")</script> & \'q\'')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;');
  });

  test('Markdown escaping: no HTML, no table cell breaks, no emphasis, links or code, one line', () => {
    expect(escapeMarkdown('a|b*c_d`e`[f](g) <script> & ~h~\\\nnext')).toBe('a\\|b\\*c\\_d\\`e\\`\\[f\\](g) &lt;script&gt; &amp; \\~h\\~\\\\ next');
  });
});

describe('the budget chart', () => {
  const start = utc(2024, 1, 1);
  const end = start + 10 * DAY;
  const points = [{ time: start, remaining: 1 }, { time: start + 5 * DAY, remaining: 0.5 }, { time: end, remaining: -0.3 }];

  test('the vertical range holds 100% and 0% and extends below 0 in steps of 25%', () => {
    const unspent = chartGeometry([{ time: start, remaining: 1 }, { time: end, remaining: 0.4 }], start, end);
    expect(unspent).toMatchObject({ remainingMin: 0, remainingMax: 1 });
    const g = chartGeometry(points, start, end);
    expect(g).toMatchObject({ remainingMin: -0.5, remainingMax: 1 });
    expect(yOf(g, 1)).toBe(g.plotTop);
    expect(yOf(g, -0.5)).toBe(g.plotBottom);
    expect(xOf(g, start)).toBe(g.plotLeft);
    expect(xOf(g, end)).toBe(g.plotRight);
  });

  test('the SVG has the budget line, the 0 line, the ideal burn-down, the gaps, and an escaped title', () => {
    const svg = budgetChartSvg({ points, gaps: [{ start, end: start + DAY }], start, end, title: 'x <script>"' });
    const g = chartGeometry(points, start, end);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="budget-chart"/);
    expect(svg).toContain(`<polyline class="budget" points="${xOf(g, start)},${yOf(g, 1)} ${xOf(g, start + 5 * DAY)},${yOf(g, 0.5)} ${xOf(g, end)},${yOf(g, -0.3)}"`);
    expect(svg).toContain(`<line class="zero" x1="${g.plotLeft}" x2="${g.plotRight}" y1="${yOf(g, 0)}" y2="${yOf(g, 0)}"`);
    expect(svg).toContain(`<line class="ideal" x1="${g.plotLeft}" y1="${g.plotTop}" x2="${g.plotRight}" y2="${yOf(g, 0)}"`);
    expect(svg.match(/class="gap"/g)).toHaveLength(1);
    expect(svg).toContain('<title>x &lt;script&gt;&quot;</title>');
    expect(svg).not.toContain('<script');
    for (const label of ['100%', '50%', '0%', '-50%']) expect(svg).toContain(`>${label}</text>`);
  });

  test('the Markdown sparkline ends at the last value and floors an overspent budget', () => {
    expect(sparkline(points)).toBe('▅▁');
    expect(sparkline([{ time: 0, remaining: 1 }, ...Array.from({ length: 100 }, (_, i) => ({ time: i + 1, remaining: 1 - (i + 1) / 100 }))])).toMatch(/^█[█▇▆▅▄▃▂▁]{46}▁$/);
    expect(sparkline([])).toBe('');
  });
});
