/**
 * `cdk8s-slo report` against a real Prometheus holding five days of backfilled recorded series with a
 * known incident, a data gap, NaN samples, fired alerts and hostile label values. The expected numbers
 * are computed by hand in the fixture (HAND), not by the code under test.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import {
  EVIL_SERVICE, EVIL_SLO, GAP_END, GAP_START, HAND, historyOpenMetrics, INCIDENT_START, NOW_MS,
} from './fixtures/report/report-history';
import { runCliInProcess, runCliProcess } from './helpers/cli';
import { backfillOpenMetrics, freeLoopbackPort, LivePrometheus, LOOPBACK, startPrometheus } from '../../test/helpers/live-prometheus';
import { tempDir } from '../../test/helpers/promtool';

const DAY = 86_400;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

let prometheus: LivePrometheus;
let workDir: string;

beforeAll(async () => {
  workDir = tempDir('report-');
  const blocksDir = backfillOpenMetrics(workDir, historyOpenMetrics());
  prometheus = await startPrometheus({ workDir, ruleFiles: [], scrapeTargets: [], blocksDir, retention: '10y' });
});

afterAll(async () => {
  await prometheus?.stop();
});

const report = (args: string[]) => runCliInProcess(['report', ...args, '--prometheus-url', prometheus.url], { now: () => NOW_MS, cwd: workDir });

async function reportJson(args: string[]): Promise<any> {
  const run = await report([...args, '--json']);
  if (run.code !== 0 && run.code !== 5) throw new Error(`exit ${run.code}: ${run.stderr}`);
  return { ...JSON.parse(run.stdout), code: run.code, stderr: run.stderr };
}

const sloOf = (json: any, service: string, slo: string) => json.slos.find((s: any) => s.service === service && s.slo === slo);

describe('a rolling window of 7 days over the backfilled history', () => {
  let json: any;
  beforeAll(async () => {
    json = await reportJson(['checkout', '--days', '7']);
  });

  test('the period ends at the last full step before now and starts 7 days earlier', () => {
    expect(json.code).toBe(0);
    expect(json.period).toMatchObject({ kind: 'rolling', start: '2024-02-24T00:00:00.000Z', end: '2024-03-02T00:00:00.000Z', partial: false, stepSeconds: 900 });
    expect(json.slos.map((s: any) => s.slo)).toEqual(['availability', 'latency']);
  });

  test('availability, budget and budget consumed match the hand computation', () => {
    const slo = sloOf(json, 'checkout', 'availability');
    const hand = HAND.checkoutAvailability;
    expect(slo.status).toBe('ok');
    expect(slo.objective).toBe(0.999);
    // Every event counted exactly once: samples on step boundaries are not counted twice.
    expect(slo.events.total).toBeCloseTo(hand.total, 3);
    expect(slo.events.bad).toBeCloseTo(hand.bad, 3);
    expect(slo.availability).toBeCloseTo(1 - hand.bad / hand.total, 10);
    expect(slo.budget.events).toBeCloseTo(hand.budget, 3);
    expect(slo.budget.consumed).toBeCloseTo(hand.bad / hand.budget, 8); // 93.17%
    expect(slo.budget.remaining).toBeCloseTo(1 - hand.bad / hand.budget, 8);
  });

  test('the worst day is the incident day, with its share of the budget', () => {
    const slo = sloOf(json, 'checkout', 'availability');
    const hand = HAND.checkoutAvailability;
    expect(slo.worstPeriods).toHaveLength(3);
    expect(slo.worstPeriods[0]).toMatchObject({ start: '2024-02-28T00:00:00.000Z', end: '2024-02-29T00:00:00.000Z' });
    expect(slo.worstPeriods[0].badEvents).toBeCloseTo(hand.worstDayBad, 3);
    expect(slo.worstPeriods[0].budgetShare).toBeCloseTo(hand.worstDayBad / hand.budget, 8); // 85.2%
    // the other days are alike (86.4 bad events): the earliest come next
    expect(slo.worstPeriods.slice(1).map((w: any) => w.start)).toEqual(['2024-02-26T00:00:00.000Z', '2024-02-27T00:00:00.000Z']);
    expect(slo.worstPeriods[1].badEvents).toBeCloseTo(86.4, 3);
  });

  test('the days before the history are a gap; the budget line has a point per step and ends at the remaining budget', () => {
    const slo = sloOf(json, 'checkout', 'availability');
    expect(slo.gaps).toEqual([{ start: '2024-02-24T00:00:00.000Z', end: '2024-02-26T00:00:00.000Z' }]);
    expect(slo.coverage).toBeCloseTo(5 / 7, 10);
    expect(slo.budgetRemaining).toHaveLength(7 * 96 + 1);
    expect(slo.budgetRemaining[0]).toEqual({ time: '2024-02-24T00:00:00.000Z', remaining: 1 });
    expect(slo.budgetRemaining.at(-1).remaining).toBeCloseTo(slo.budget.remaining, 10);
    // flat until the history starts
    expect(slo.budgetRemaining[2 * 96].remaining).toBe(1);
  });

  test('alerts fired: episodes per alert with start and duration; pending samples are not firing', () => {
    const alerts = sloOf(json, 'checkout', 'availability').alerts;
    expect(alerts.map((a: any) => [a.alertname, a.severity, a.labels.long_window])).toEqual([
      ['SloErrorBudgetBurn', 'critical', '1h'],
      ['SloErrorBudgetBurn', 'warning', '6h'],
    ]);
    expect(alerts[0].episodes).toEqual([
      { start: iso(INCIDENT_START + 5 * 60), end: iso(INCIDENT_START + 130 * 60), durationSeconds: 125 * 60, ongoing: false },
    ]);
    expect(alerts[1].episodes.map((e: any) => [e.start, e.durationSeconds])).toEqual([
      [iso(INCIDENT_START + 30 * 60), 150 * 60],
      [iso(INCIDENT_START + 4 * 3600), 30 * 60],
    ]);
    expect(alerts[1].firingSeconds).toBe(180 * 60);
    expect(sloOf(json, 'checkout', 'latency').alerts).toEqual([]);
  });

  test('a gap inside the history is reported and its events are not invented', () => {
    const slo = sloOf(json, 'checkout', 'latency');
    expect(slo.gaps).toEqual([
      { start: '2024-02-24T00:00:00.000Z', end: '2024-02-26T00:00:00.000Z' },
      { start: iso(GAP_START), end: iso(GAP_END) },
    ]);
    expect(slo.events.total).toBeCloseTo(HAND.checkoutLatency.total, 3);
    expect(slo.events.bad).toBeCloseTo(HAND.checkoutLatency.bad, 3);
    expect(slo.budget.consumed).toBeCloseTo(0.5, 8);
  });
});

test('Markdown: summary table, sections, worst days, alerts, gaps, and nothing on stderr', async () => {
  const run = await report(['checkout', '--days', '7']);
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  const md = run.stdout;
  expect(md).toMatch(/^# SLO report: checkout, last 7 days\n/);
  expect(md).toContain('- Period: last 7 days (2024-02-24 00:00 UTC → 2024-03-02 00:00 UTC)');
  // 1 − 4024.8 / 4,320,000 = 99.90683…%, rounded down to the 3 decimals a 99.9% objective needs
  expect(md).toContain('| checkout | availability | 99.9% | 99.906% | 93.2% | 3 | 71.4% |');
  expect(md).toContain('| checkout | latency | 99% | 99.50% | 50.0% | 0 | 67.9% |');
  expect(md).toContain('## checkout / availability');
  expect(md).toContain('- Events: 4,320,000 total, 4,025 bad');
  expect(md).toContain('- Error budget: 4,320 bad events; consumed **93.2%**, 6.8% remaining');
  expect(md).toMatch(/- Budget remaining over time: `█+[▁-█]+` 100% → 6\.8%/);
  expect(md).toContain('### Worst days\n\n| Day | Bad events | Availability | Share of the budget |\n|---|--:|--:|--:|\n| 2024-02-28 | 3,679 | 99.574% | 85.2% |');
  expect(md).toContain('| SloErrorBudgetBurn | critical | 1h/5m | 1 | 2h 5m | 2024-02-28 10:05 UTC, 2h 5m |');
  expect(md).toContain('| SloErrorBudgetBurn | warning | 6h/30m | 2 | 3h | 2024-02-28 10:30 UTC, 2h 30m<br>2024-02-28 14:00 UTC, 30m |');
  expect(md).toContain('- Gaps without data: 2024-02-24 00:00 UTC → 2024-02-26 00:00 UTC (2d); 2024-02-29 06:00–12:00 UTC (6h)');
});

test('a calendar month: full February with an overspent budget, and the current month marked partial', async () => {
  const february = await reportJson(['checkout', '--month', '2024-02']);
  expect(february.period).toMatchObject({ kind: 'month', label: '2024-02', start: '2024-02-01T00:00:00.000Z', end: '2024-03-01T00:00:00.000Z', partial: false, stepSeconds: 3600 });
  const feb = sloOf(february, 'checkout', 'availability');
  // February holds 4 of the 5 days: all but 2024-03-01 (86.4 bad events)
  expect(feb.events.total).toBeCloseTo(HAND.checkoutAvailability.total * 4 / 5, 3);
  expect(feb.events.bad).toBeCloseTo(HAND.checkoutAvailability.bad - 86.4, 3);
  expect(feb.budget.consumed).toBeCloseTo((HAND.checkoutAvailability.bad - 86.4) / (0.001 * 10 * 4 * DAY), 8); // 114%
  expect(feb.budget.remaining).toBeLessThan(0);
  expect(feb.coverage).toBeCloseTo(4 / 29, 10);
  expect(feb.budgetRemaining).toHaveLength(29 * 24 + 1);
  // A rolling SLO records no period series: counted from the rates, with nothing more to say.
  expect(feb.source).toBe('rates');
  expect(feb).not.toHaveProperty('sourceNote');
  expect(feb).not.toHaveProperty('period');

  const march = await report(['checkout', '--month', '2024-03']);
  expect(march.code).toBe(0);
  expect(march.stdout).toContain('- Period: 2024-03 (partial month: 2024-03-01 00:00 UTC → 2024-03-02 00:00 UTC; the month ends 2024-04-01 00:00 UTC)');
  expect(march.stdout).toContain('| checkout | availability | 99.9% | 99.990% | 10.0% | 0 | 100.0% |');

  const overspent = await report(['checkout', '--month', '2024-02']);
  expect(overspent.stdout).not.toContain('Totals from');
  expect(overspent.stdout).toContain('| checkout | availability | 99.9% | 99.886% | 114.0% (overspent) | 3 | 13.8% |');
  expect(overspent.stdout).toContain('consumed **114.0% (overspent)**, overspent by 14.0%');
});

test('all services: grouped SLOs summed over their groups; SLOs without data or with a NaN objective are listed and the exit code is 5', async () => {
  const output = path.join(workDir, 'all.md');
  const run = await report(['--days', '7', '--output', output]);
  expect(run.code).toBe(5);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe('wrote the Markdown report of 7 SLO(s) to ' + output + '\n'
    + 'cdk8s-slo report: 2 SLO(s) without usable data: billing/availability (no-data), broken/availability (bad-objective)\n');
  const md = fs.readFileSync(output, 'utf8');
  expect(md).toMatch(/^# SLO report: all services, last 7 days/);
  expect(md).toContain('| billing | availability | 99.9% | no data | — | 0 | none |');
  expect(md).toContain('**No data: no samples of slo:sli_total:rate5m in the period');
  expect(md).toContain('| broken | availability | — | bad objective | — | 0 |');

  const json = await reportJson(['--days', '7']);
  expect(json.code).toBe(5);
  expect(json.slos.map((s: any) => `${s.service}/${s.slo}:${s.status}`)).toEqual([
    'billing/availability:no-data', 'broken/availability:bad-objective', 'checkout/availability:ok', 'checkout/latency:ok',
    `${EVIL_SERVICE}/${EVIL_SLO}:ok`, 'ledger/availability:ok', 'search/availability:ok',
  ]);
  const search = sloOf(json, 'search', 'availability');
  expect(search.events.total).toBeCloseTo(HAND.searchAvailability.total, 3);
  expect(search.events.bad).toBeCloseTo(HAND.searchAvailability.bad, 3);
  expect(search.budget.consumed).toBeCloseTo(0.2, 8);
  expect(search.coverage).toBeCloseTo(5 / 7, 10);
  // no NaN anywhere in the numbers
  expect(JSON.stringify(json)).not.toMatch(/NaN|Infinity/);
  expect(sloOf(json, 'billing', 'availability')).toMatchObject({ availability: null, budget: { consumed: null }, coverage: 0 });
});

test('NaN samples are left out of the sums, and the report says how many steps', async () => {
  const json = await reportJson(['ledger', '--days', '7']);
  const ledger = sloOf(json, 'ledger', 'availability');
  expect(ledger.invalidSteps).toBe(4);
  expect(ledger.events.total).toBeCloseTo(HAND.ledgerAvailability.total, 3);
  expect(ledger.events.bad).toBeCloseTo(HAND.ledgerAvailability.bad, 3);
  expect(ledger.availability).toBeCloseTo(0.998, 10);
  const md = (await report(['ledger', '--days', '7'])).stdout;
  expect(md).toContain('4 step(s) with NaN or infinite values left out');
  expect(md).not.toContain('NaN%');
});

test('hostile service and SLO names are escaped in Markdown and in the PromQL that selects them', async () => {
  const run = await report([EVIL_SERVICE, '--days', '7']);
  expect(run.code).toBe(0);
  expect(run.stdout).not.toMatch(/<script|<img|<b>/);
  expect(run.stdout).toContain('## evil"&lt;script&gt;alert(\'x\')&lt;/script&gt; / a\\|b\\*\\_&lt;img src=x onerror=alert(1)&gt;');
  expect(run.stdout).toContain('| &lt;b&gt;critical&lt;/b&gt; | 1h/5m | 1 | 31m |');
  // exactly one SLO: the quote in the name did not end the label matcher
  const json = await reportJson([EVIL_SERVICE, '--days', '7']);
  expect(json.slos).toHaveLength(1);
  expect(json.slos[0].events.total).toBeCloseTo(5 * DAY, 3);
});

describe('bad input', () => {
  test('an unknown service, or one without data, is a one-line error, exit 1, and no output file', async () => {
    const output = path.join(workDir, 'nosuch.md');
    const unknown = await report(['nosuch', '--output', output]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^cdk8s-slo report: no SLO of service "nosuch" is recorded in Prometheus at http:\/\/127\.0\.0\.1:\d+ between 2024-02-01T00:00:00\.000Z and 2024-03-02T00:00:00\.000Z .*nothing written\n$/);
    expect(fs.existsSync(output)).toBe(false);

    const billing = await report(['billing', '--days', '7', '--output', output]);
    expect(billing.code).toBe(1);
    expect(billing.stderr).toMatch(/^cdk8s-slo report: no data for service "billing" .*billing\/availability has no usable samples of slo:sli_total:rate5m; nothing written\n$/);
    expect(fs.existsSync(output)).toBe(false);

    const broken = await report(['broken', '--days', '7', '--output', output]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^cdk8s-slo report: no data for service "broken" .*: broken\/availability has an objective that is not a ratio between 0 and 1; nothing written\n$/);
    expect(fs.existsSync(output)).toBe(false);
  });

  test.each([
    [['--days', '0'], /--days "0" must be a whole number of days from 1 to 400/],
    [['--days', '2.5'], /--days "2.5" must be a whole number/],
    [['--days', '7', '--month', '2024-02'], /--days and --month cannot be used together/],
    [['--month', '2024-13'], /--month "2024-13" is not a month like 2024-05/],
    [['--month', '2031-01'], /--month 2031-01 has not started yet/],
    [['--format', 'pdf'], /--format "pdf" must be markdown or html/],
    [['', '--days', '7'], /SERVICE must not be empty/],
  ])('%j is a usage error, exit 2', async (args, message) => {
    const run = await report(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('an output file that cannot be written: one line, exit 3, nothing on stdout', async () => {
    const blocker = path.join(workDir, 'a-file');
    fs.writeFileSync(blocker, '');
    const run = await report(['checkout', '--days', '7', '--output', path.join(blocker, 'report.md')]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^cdk8s-slo report: .*a-file\/report\.md: cannot write the output: .*\n$/);
  });

  test('without a Prometheus URL: usage error', async () => {
    const run = await runCliInProcess(['report', '--days', '7'], { now: () => NOW_MS });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cdk8s-slo report: --prometheus-url is required (or set PROMETHEUS_URL) (see: cdk8s-slo report --help)\n');
  });
});

describe('Prometheus unavailable (real process): one line, exit 4, and an existing output file is left alone', () => {
  let server: http.Server;
  let sockets: net.Socket[] = [];
  let errorUrl: string;
  let slowUrl: string;

  beforeAll(async () => {
    // One loopback server: /error/... answers 503 with an API error, /slow/... never answers.
    server = http.createServer((request, response) => {
      if (request.url?.startsWith('/error/')) {
        response.writeHead(503, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ status: 'error', errorType: 'unavailable', error: 'too many queries' }));
      }
    });
    server.on('connection', (socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
    const port = (server.address() as net.AddressInfo).port;
    errorUrl = `http://${LOOPBACK}:${port}/error`;
    slowUrl = `http://${LOOPBACK}:${port}/slow`;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('connection refused', async () => {
    const output = path.join(workDir, 'kept.html');
    fs.writeFileSync(output, 'the previous report');
    const port = await freeLoopbackPort();
    // (runCliProcess resolves ts-node from its cwd, so it runs in the project with an absolute --output)
    const run = await runCliProcess(['report', 'checkout', '--prometheus-url', `http://${LOOPBACK}:${port}`, '--output', output]);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^cdk8s-slo report: Prometheus at http://127\\.0\\.0\\.1:${port}: connection refused \\(is it running, and is the URL right\\?\\) \\(query .*\\)\\n$`));
    expect(fs.readFileSync(output, 'utf8')).toBe('the previous report');
    expect(fs.readdirSync(workDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('an HTTP error from the API', async () => {
    const run = await runCliInProcess(['report', 'checkout', '--prometheus-url', errorUrl], { now: () => NOW_MS });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^cdk8s-slo report: Prometheus at http:\/\/127\.0\.0\.1:\d+\/error answered HTTP 503: unavailable: too many queries \(query .*\)\n$/);
  });

  test('too slow: --timeout', async () => {
    const output = path.join(workDir, 'slow.md');
    const run = await runCliInProcess(['report', 'checkout', '--prometheus-url', slowUrl, '--timeout', '1s', '--output', output], { now: () => NOW_MS, cwd: workDir });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^cdk8s-slo report: Prometheus at http:\/\/127\.0\.0\.1:\d+\/slow: no answer within 1 s \(timed out\) \(query .*\)\n$/);
    expect(fs.existsSync(output)).toBe(false);
  });
});

test('--help documents the options, exit codes and examples', async () => {
  const run = await runCliInProcess(['report', '--help']);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('Usage: cdk8s-slo report [options] [SERVICE]');
  for (const text of ['--days N', '--month YYYY-MM', '--format FORMAT', '--output FILE', '--prometheus-url URL', '  1   the command ran', '  4   Prometheus', '  5   partial']) {
    expect(run.stdout).toContain(text);
  }
});
