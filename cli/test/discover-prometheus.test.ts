/**
 * `cdk8s-slo discover` against a real Prometheus holding three days of backfilled history (promtool tsdb
 * create-blocks-from openmetrics) for services whose traffic is known hour by hour: the expected numbers
 * below are computed by hand from the same hourly rates the data was generated from.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runCliInProcess, runCliProcess } from './helpers/cli';
import { ServiceInventory } from '../../src/planning/service-inventory';
import { backfillOpenMetrics, LivePrometheus, startPrometheus } from '../../test/helpers/live-prometheus';
import { tempDir } from '../../test/helpers/promtool';

const FIXTURES = path.join(__dirname, 'fixtures', 'discover');
const SERVICES = path.join(FIXTURES, 'services.json');

const HOUR = 3600;
/** History backfilled: three days, a sample every 5 minutes. The lookback measured is the last two. */
const HISTORY_HOURS = 72;
const LOOKBACK_HOURS = 48;
const STEP = 300;
/** The hours of the lookback, as indexes into the history. */
const WINDOW = Array.from({ length: LOOKBACK_HOURS }, (_, i) => HISTORY_HOURS - LOOKBACK_HOURS + i);

/** A counter series and its rate (per second) in each hour of the history. */
interface CounterSeries {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly hourly: readonly number[];
}

const constant = (rate: number) => Array.from({ length: HISTORY_HOURS }, () => rate);

// checkout: 10 rps all the time: 9.4 OK, 0.5 client errors (404, not counted), 0.1 server errors (500).
const CHECKOUT = { ok: constant(9.4), notFound: constant(0.5), failed: constant(0.1) };
// Request durations of checkout, as cumulative shares per bucket: 40 % ≤ 50 ms, 70 % ≤ 100 ms, 90 % ≤ 250 ms,
// 98 % ≤ 500 ms, all ≤ 1 s.
const CHECKOUT_BUCKETS: ReadonlyArray<[string, number]> = [['0.05', 0.4], ['0.1', 0.7], ['0.25', 0.9], ['0.5', 0.98], ['1', 1], ['+Inf', 1]];

// search: 2 rps, with three bursts of 40 rps inside the lookback (10 % of them 503) and a bigger one
// (400 rps) before it, which must not count.
const SEARCH_BURSTS = [29, 44, 61];
const SEARCH_TOTAL = Array.from({ length: HISTORY_HOURS }, (_, h) => (h === 10 ? 400 : SEARCH_BURSTS.includes(h) ? 40 : 2));
const SEARCH = {
  ok: SEARCH_TOTAL.map((rate, h) => (SEARCH_BURSTS.includes(h) ? rate * 0.9 : rate)),
  failed: SEARCH_TOTAL.map((rate, h) => (SEARCH_BURSTS.includes(h) ? rate * 0.1 : 0)),
};

// storefront: a daily cycle, 20 rps ± 80 %, peaking at hour 6 of each day; 0.2 % server errors. Latency:
// half the requests ≤ 50 ms, all ≤ 100 ms.
const STOREFRONT_TOTAL = Array.from({ length: HISTORY_HOURS }, (_, h) => 20 * (1 + 0.8 * Math.sin((2 * Math.PI * h) / 24)));
const STOREFRONT = { ok: STOREFRONT_TOTAL.map((r) => r * 0.998), failed: STOREFRONT_TOTAL.map((r) => r * 0.002) };
const STOREFRONT_BUCKETS: ReadonlyArray<[string, number]> = [['0.05', 0.5], ['0.1', 1], ['0.25', 1], ['0.5', 1], ['1', 1], ['+Inf', 1]];

const SERIES: CounterSeries[] = [
  { name: 'http_requests_total', labels: { namespace: 'shop', job: 'checkout', code: '200' }, hourly: CHECKOUT.ok },
  { name: 'http_requests_total', labels: { namespace: 'shop', job: 'checkout', code: '404' }, hourly: CHECKOUT.notFound },
  { name: 'http_requests_total', labels: { namespace: 'shop', job: 'checkout', code: '500' }, hourly: CHECKOUT.failed },
  // The same job name in another namespace: the selector must keep it out.
  { name: 'http_requests_total', labels: { namespace: 'staging', job: 'checkout', code: '500' }, hourly: constant(1000) },
  { name: 'http_requests_total', labels: { namespace: 'shop', job: 'search', code: '200' }, hourly: SEARCH.ok },
  { name: 'http_requests_total', labels: { namespace: 'shop', job: 'search', code: '503' }, hourly: SEARCH.failed },
  { name: 'http_requests_total', labels: { namespace: 'shop', job: 'storefront', code: '200' }, hourly: STOREFRONT.ok },
  { name: 'http_requests_total', labels: { namespace: 'shop', job: 'storefront', code: '500' }, hourly: STOREFRONT.failed },
  // legacy exports its requests without a `code` label, under the job its annotation names.
  { name: 'http_requests_total', labels: { namespace: 'shop', job: 'legacy-app' }, hourly: constant(5) },
  // idle: the counter and the histogram exist, and never move.
  { name: 'http_requests_total', labels: { namespace: 'shop', job: 'idle', code: '200' }, hourly: constant(0) },
  ...buckets({ namespace: 'shop', job: 'checkout' }, constant(10), CHECKOUT_BUCKETS),
  ...buckets({ namespace: 'shop', job: 'storefront' }, STOREFRONT_TOTAL, STOREFRONT_BUCKETS),
  ...buckets({ namespace: 'shop', job: 'idle' }, constant(0), CHECKOUT_BUCKETS),
];

function buckets(labels: Record<string, string>, total: readonly number[], shares: ReadonlyArray<[string, number]>): CounterSeries[] {
  return shares.map(([le, share]) => ({ name: 'http_request_duration_seconds_bucket', labels: { ...labels, le }, hourly: total.map((r) => r * share) }));
}

/** OpenMetrics text: each counter sampled every STEP seconds from `start`, growing at its hourly rate. */
function openMetrics(series: readonly CounterSeries[], start: number): string {
  const lines: string[] = [];
  const byName = new Map<string, CounterSeries[]>();
  for (const s of series) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  for (const [name, family] of byName) {
    lines.push(`# TYPE ${name} unknown`);
    for (const s of family) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`).join(',');
      let value = 0;
      for (let t = 0; t <= HISTORY_HOURS * HOUR; t += STEP) {
        lines.push(`${name}{${labels}} ${Math.round(value * 1e6) / 1e6} ${start + t}`);
        value += s.hourly[Math.min(Math.floor(t / HOUR), HISTORY_HOURS - 1)] * STEP;
      }
    }
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

/** Mean over the lookback's hours. */
function windowMean(hourly: readonly number[]): number {
  return WINDOW.reduce((sum, h) => sum + hourly[h], 0) / WINDOW.length;
}

function expectClose(actual: number | undefined, expected: number, relative = 1e-5): void {
  expect(actual).toBeDefined();
  if (Math.abs(actual! - expected) > Math.abs(expected) * relative + 1e-12) {
    throw new Error(`expected ${actual} to be within ${relative * 100}% of ${expected}`);
  }
}

let workDir: string;
let prometheus: LivePrometheus;
/** The end of the history and of the lookback: a whole hour, an hour ago. */
let end: number;

beforeAll(async () => {
  workDir = tempDir('discover');
  end = Math.floor(Date.now() / 1000 / HOUR) * HOUR - HOUR;
  const blocksDir = backfillOpenMetrics(workDir, openMetrics(SERIES, end - HISTORY_HOURS * HOUR));
  prometheus = await startPrometheus({ workDir, ruleFiles: [], scrapeTargets: [], blocksDir });
});

afterAll(async () => {
  await prometheus?.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

function discover(args: string[], options: { tty?: boolean; cwd?: string } = {}) {
  return runCliInProcess(['discover', '--prometheus-url', prometheus.url, '--lookback', '2d', ...args], { now: () => end * 1000, ...options });
}

async function inventoryOf(args: string[] = []): Promise<ServiceInventory> {
  const run = await discover(['--services-file', SERVICES, '--json', ...args]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

function service(inventory: ServiceInventory, key: string) {
  const found = inventory.services.find((s) => `${s.namespace}/${s.name}` === key);
  if (!found) throw new Error(`${key} is not in the inventory: ${inventory.services.map((s) => `${s.namespace}/${s.name}`).join(', ')}`);
  return found;
}

describe('discover, measured in a real Prometheus', () => {
  let inventory: ServiceInventory;
  beforeAll(async () => {
    inventory = await inventoryOf();
  });

  test('the inventory names the run: Prometheus, lookback, time; system services are skipped; nothing failed', () => {
    expect(inventory.apiVersion).toBe('cdk8s-slo.dev/v1alpha1');
    expect(inventory.kind).toBe('ServiceInventory');
    expect(inventory.prometheusUrl).toBe(prometheus.url);
    expect(inventory.lookbackSeconds).toBe(2 * 86400);
    expect(inventory.measuredAt).toBe(new Date(end * 1000).toISOString());
    expect(inventory.services.map((s) => `${s.namespace}/${s.name}`)).toEqual([
      'data/postgres', 'shop/checkout', 'shop/idle', 'shop/legacy', 'shop/search', 'shop/storefront',
    ]);
    expect(inventory.failures).toEqual([]);
  });

  test('steady traffic with 1 % server errors: QPS, quantiles interpolated in their buckets, 4xx not counted', () => {
    const checkout = service(inventory, 'shop/checkout');
    expect(checkout.selector).toEqual({ namespace: 'shop', job: 'checkout' });
    const observed = checkout.observed!;
    expect(observed.lookbackSeconds).toBe(172800);
    // 9.4 + 0.5 + 0.1; the 1000 rps of staging/checkout are another service.
    expectClose(observed.averageQps, 10);
    expectClose(observed.peakQps, 10);
    expect(observed.peakMultiplier).toBe(1);
    expect(observed.trafficPattern).toBe('steady');
    // 0.1 of 10 rps are 5xx; the 404s are the clients' fault.
    expectClose(observed.errorRatio, 0.01);
    // p50: rank 0.5 lies in (0.05, 0.1] holding 0.4..0.7 → 0.05 + 0.05 × (0.5 − 0.4) / 0.3.
    // p95: in (0.25, 0.5] holding 0.9..0.98 → 0.25 + 0.25 × 0.05 / 0.08. p99: in (0.5, 1] → 0.5 + 0.5 × 0.01 / 0.02.
    expectClose(observed.latency!.p50, 0.05 + 0.05 * (0.1 / 0.3));
    expectClose(observed.latency!.p95, 0.25 + 0.25 * (0.05 / 0.08));
    expectClose(observed.latency!.p99, 0.75);
  });

  test('bursty traffic: the busiest hour of the lookback, not the bigger burst before it', () => {
    const observed = service(inventory, 'shop/search').observed!;
    const mean = windowMean(SEARCH_TOTAL);
    expect(mean).toBeCloseTo((45 * 2 + 3 * 40) / 48, 12);
    expectClose(observed.averageQps, 4.375);
    expectClose(observed.peakQps, 40);
    expectClose(observed.peakMultiplier, 40 / 4.375);
    expect(observed.trafficPattern).toBe('bursty');
    // 10 % of the three 40-rps hours failed: 12 of 210 request-hours.
    expectClose(observed.errorRatio, (3 * 4) / 210);
    expect(observed.latency).toBeUndefined();
  });

  test('a daily cycle is periodic: mean 20, the 06:00 hours at 36 rps (1.8×)', () => {
    const observed = service(inventory, 'shop/storefront').observed!;
    expect(windowMean(STOREFRONT_TOTAL)).toBeCloseTo(20, 10);
    expectClose(observed.averageQps, 20);
    expectClose(observed.peakQps, 36);
    expectClose(observed.peakMultiplier, 1.8);
    expect(observed.trafficPattern).toBe('periodic');
    expectClose(observed.errorRatio, 0.002);
    // p50 at the top of the first bucket; p95 and p99 in (0.05, 0.1] holding 0.5..1.
    expectClose(observed.latency!.p50, 0.05);
    expectClose(observed.latency!.p95, 0.05 + 0.05 * (0.45 / 0.5));
    expectClose(observed.latency!.p99, 0.05 + 0.05 * (0.49 / 0.5));
  });

  test('requests without a code label: no error data (errorRatio absent, not 0); the selector annotation is used', () => {
    const legacy = service(inventory, 'shop/legacy');
    expect(legacy.selector).toEqual({ namespace: 'shop', job: 'legacy-app' });
    expect(legacy.scraped).toBe(false);
    const observed = legacy.observed!;
    expectClose(observed.averageQps, 5);
    expect(observed.trafficPattern).toBe('steady');
    expect('errorRatio' in observed).toBe(false);
    expect('latency' in observed).toBe(false);
  });

  test('zero traffic: 0 QPS, multiplier 1, steady; the empty histogram (NaN quantiles) and the error ratio (0/0) are absent', () => {
    const observed = service(inventory, 'shop/idle').observed!;
    expect(observed).toEqual({ lookbackSeconds: 172800, averageQps: 0, peakQps: 0, peakMultiplier: 1, trafficPattern: 'steady' });
  });

  test('a service without request series is listed with "no data", which is not a failure', () => {
    const postgres = service(inventory, 'data/postgres');
    expect(postgres.observed).toBeUndefined();
    expect(postgres.measurementError).toBe(`no http_requests_total{namespace="data",job="postgres"} series in the 2d before ${new Date(end * 1000).toISOString()}`);
    expect(postgres.labels).toEqual({ 'service-type': 'database', 'team': 'platform' });
  });

  test('the classification labels and annotations are kept, and nothing else', () => {
    const checkout = service(inventory, 'shop/checkout');
    expect(checkout.labels).toEqual({ 'customer-facing': 'true', 'revenue-impact': 'true', 'team': 'payments', 'tier': 'critical' });
    expect(checkout.annotations).toEqual({ 'prometheus.io/port': '8080', 'prometheus.io/scrape': 'true' });
    expect(checkout.scraped).toBe(true);
    const storefront = service(inventory, 'shop/storefront');
    expect(storefront.annotations).toEqual({ 'customer-facing': 'true', 'prometheus.io/scrape': 'yes please', 'tier': 'tier-2' });
    expect('scraped' in storefront).toBe(false);
  });

  test('measuring one service at a time gives the same inventory', async () => {
    expect(await inventoryOf(['--concurrency', '1'])).toEqual(inventory);
  });
});

describe('discover output', () => {
  test('the table for people: QPS, peak, p95, errors, pattern and labels; skipped and unmeasured services summarised', async () => {
    const run = await discover(['--services-file', SERVICES]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^SERVICE\s+TEAM\s+TIER\s+QPS\s+PEAK×\s+P95\s+ERRORS\s+PATTERN$/);
    const row = (key: string) => lines.find((l) => l.startsWith(`${key} `))?.split(/\s{2,}/);
    expect(row('shop/checkout')).toEqual(['shop/checkout', 'payments', 'critical', '10', '1×', '406.3ms', '1%', 'steady']);
    expect(row('shop/search')).toEqual(['shop/search', 'discovery', '-', '4.38', '9.14×', '-', '5.71%', 'bursty']);
    expect(row('shop/storefront')).toEqual(['shop/storefront', 'web', 'tier-2', '20', '1.8×', '95ms', '0.2%', 'periodic']);
    expect(row('shop/legacy')).toEqual(['shop/legacy', 'payments', '-', '5', '1×', '-', '-', 'steady']);
    expect(row('shop/idle')).toEqual(['shop/idle', '-', '-', '0', '1×', '-', '-', 'steady']);
    expect(row('data/postgres')).toEqual(['data/postgres', 'platform', '-', '-', '-', '-', '-', 'no data']);
    expect(run.stdout).toContain(`\n6 services in 2 namespaces, measured over 2d at ${prometheus.url}.\n`);
    expect(run.stdout).toContain('\nSkipped 3 system services: default 1, kube-system 2.\n');
    expect(run.stdout).toContain('\n1 service without request series under their selector (namespace, job)');
  });

  test('--output writes the inventory atomically (no temporary file left) and still prints the table', async () => {
    const dir = tempDir('discover-out');
    try {
      fs.mkdirSync(path.join(dir, 'out'));
      const run = await discover(['--services-file', SERVICES, '--output', 'out/inventory.json'], { cwd: dir });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Wrote the inventory to out/inventory.json.\n');
      const written: ServiceInventory = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'inventory.json'), 'utf8'));
      expect(written.services).toHaveLength(6);
      expect(fs.readdirSync(path.join(dir, 'out'))).toEqual(['inventory.json']);
      expect(fs.readFileSync(path.join(dir, 'out', 'inventory.json'), 'utf8')).not.toMatch(/NaN|Infinity|null/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the progress bar is drawn on stderr on a terminal only', async () => {
    const onTerminal = await discover(['--services-file', SERVICES, '--json'], { tty: true });
    expect(onTerminal.code).toBe(0);
    expect(onTerminal.stderr).toContain('measuring [########################] 6/6 ');
    expect(onTerminal.stderr.endsWith('\r\u001b[2K')).toBe(true);
    // The JSON on stdout is untouched by it.
    expect(JSON.parse(onTerminal.stdout).services).toHaveLength(6);
    const inPipe = await discover(['--services-file', SERVICES, '--json'], { tty: false });
    expect(inPipe.stderr).toBe('');
  });

  test('a selector that matches no series leaves every service "no data", and says which labels to check', async () => {
    const run = await discover(['--services-file', SERVICES, '--selector', '{namespace="$namespace",service="$name"}']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('5 services without request series under their selector (namespace, service)');
    // The annotation of shop/legacy still wins over --selector.
    expect(run.stdout).toMatch(/^shop\/legacy\s+payments\s+-\s+5\s/m);
  });

  test('--namespace lists only that namespace, system ones included when asked for', async () => {
    const run = await discover(['--services-file', SERVICES, '--json', '-n', 'data', '-n', 'kube-system']);
    expect(run.code).toBe(0);
    const inventory: ServiceInventory = JSON.parse(run.stdout);
    expect(inventory.services.map((s) => `${s.namespace}/${s.name}`)).toEqual(['data/postgres', 'kube-system/kube-dns', 'kube-system/metrics-server']);
  });

  test('other metric names: --requests-metric and --duration-metric are used in the queries', async () => {
    const run = await discover(['--services-file', SERVICES, '--json', '-n', 'shop', '--requests-metric', 'http_server_requests_total', '--duration-metric', 'http_server_duration_seconds']);
    expect(run.code).toBe(0);
    const inventory: ServiceInventory = JSON.parse(run.stdout);
    expect(service(inventory, 'shop/checkout').measurementError).toMatch(/^no http_server_requests_total\{namespace="shop",job="checkout"\} series/);
  });

  test('a service whose selector annotation is malformed is a failure: exit 5, the others measured and written', async () => {
    const dir = tempDir('discover-partial');
    try {
      const services = JSON.parse(fs.readFileSync(SERVICES, 'utf8'));
      services.items.find((s: any) => s.metadata.name === 'search').metadata.annotations['cdk8s-slo.dev/selector'] = '{job=~"search.*"}';
      fs.writeFileSync(path.join(dir, 'services.json'), JSON.stringify(services));
      const run = await discover(['--services-file', 'services.json', '-o', 'inventory.json'], { cwd: dir });
      expect(run.code).toBe(5);
      expect(run.stderr).toBe([
        'cdk8s-slo discover: could not measure shop/search: annotation cdk8s-slo.dev/selector: "{job=~"search.*"}": job=~ is not an equality; only label="value" matchers are allowed',
        'cdk8s-slo discover: 1 of 6 services could not be measured; the inventory lists them with their failures, next to the other 5 (written to inventory.json)',
        '',
      ].join('\n'));
      const written: ServiceInventory = JSON.parse(fs.readFileSync(path.join(dir, 'inventory.json'), 'utf8'));
      expect(written.failures).toEqual([{ service: 'shop/search', message: expect.stringContaining('is not an equality') }]);
      expect(service(written, 'shop/checkout').observed?.averageQps).toBeCloseTo(10, 4);
      expect(run.stdout).toMatch(/^shop\/search\s+discovery\s+-\s+-\s+-\s+-\s+-\s+failed$/m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('as a real process: exit 0, the JSON on stdout, only coverage notes on stderr', async () => {
    const run = await runCliProcess(['discover', '--services-file', SERVICES, '--prometheus-url', prometheus.url, '--lookback', '3d', '--json', '-n', 'shop']);
    // The history ends an hour or two before the real clock: the last hour or two of the 3d hold no data.
    for (const line of run.stderr.trimEnd().split('\n')) {
      expect(line).toMatch(/^cdk8s-slo discover: shop\/\w+ has data for 2d2[23]h\d*m? of the 3d lookback; figures cover those 2d2[23]h\d*m?$/);
    }
    expect(run.code).toBe(0);
    const inventory: ServiceInventory = JSON.parse(run.stdout);
    // Measured at the real clock, an hour or two after the history ends: over 3d, two full days of the cycle
    // remain in the lookback (a daily cycle needs 48 measured hours), and the latency shares do not change.
    expect(service(inventory, 'shop/storefront').observed?.trafficPattern).toBe('periodic');
    expect(service(inventory, 'shop/checkout').observed?.latency?.p99).toBeCloseTo(0.75, 6);
    // Over the hours that hold data, a constant 10 rps stays 10 rps.
    expectClose(service(inventory, 'shop/checkout').observed?.averageQps, 10, 2e-3);
    expect(service(inventory, 'shop/checkout').observed?.peakMultiplier).toBe(1);
  });
});

describe('a lookback longer than the data', () => {
  /** All of the history: its 72 hours. */
  const historyMean = (hourly: readonly number[]) => hourly.reduce((a, b) => a + b, 0) / hourly.length;

  test('--lookback 30d over 3d of history: the figures are over those 3d, and stderr says so', async () => {
    const run = await runCliInProcess(['discover', '--prometheus-url', prometheus.url, '--lookback', '30d', '--services-file', SERVICES, '--json'], { now: () => end * 1000 });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(['checkout', 'idle', 'legacy', 'search', 'storefront']
      .map((name) => `cdk8s-slo discover: shop/${name} has data for 3d of the 30d lookback; figures cover those 3d\n`).join(''));
    const inventory: ServiceInventory = JSON.parse(run.stdout);
    expect(inventory.lookbackSeconds).toBe(30 * 86400);
    // Not 10 × 3/30 = 1 rps at a peak of 10×: a constant rate is steady and 1× whatever the lookback.
    const checkout = service(inventory, 'shop/checkout').observed!;
    expectClose(checkout.averageQps, 10);
    expect(checkout.peakMultiplier).toBe(1);
    expect(checkout.trafficPattern).toBe('steady');
    // The inventory says what the figures cover, for generate's explanations.
    expect(checkout.coveredSeconds).toBe(3 * 86400);
    // Ratios are unaffected: errors and requests are over the same span.
    expectClose(checkout.errorRatio, 0.01);
    expectClose(checkout.latency!.p95, 0.25 + 0.25 * (0.05 / 0.08));
    const search = service(inventory, 'shop/search').observed!;
    expectClose(search.averageQps, historyMean(SEARCH_TOTAL));
    expectClose(search.peakQps, 400);
    expectClose(search.peakMultiplier, 400 / historyMean(SEARCH_TOTAL));
    const storefront = service(inventory, 'shop/storefront').observed!;
    expectClose(storefront.averageQps, 20);
    expectClose(storefront.peakMultiplier, 1.8);
    expect(storefront.trafficPattern).toBe('periodic');
    expectClose(service(inventory, 'shop/legacy').observed?.averageQps, 5);
  });

  test('the table shows the figures over the data too', async () => {
    const run = await runCliInProcess(['discover', '--prometheus-url', prometheus.url, '--lookback', '30d', '--services-file', SERVICES, '-n', 'shop'], { now: () => end * 1000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^shop\/checkout\s+payments\s+critical\s+10\s+1×\s+406\.3ms\s+1%\s+steady$/m);
    expect(run.stderr).toContain('cdk8s-slo discover: shop/checkout has data for 3d of the 30d lookback; figures cover those 3d\n');
  });

  test('data that stopped before the end (measured 5h30m after it): over the 1d18h30m that hold data, the partial hour left out', async () => {
    const later = end + 5.5 * HOUR;
    const run = await runCliInProcess(['discover', '--prometheus-url', prometheus.url, '--lookback', '2d', '--services-file', SERVICES, '--json', '-n', 'shop'], { now: () => later * 1000 });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('cdk8s-slo discover: shop/checkout has data for 1d18h30m of the 2d lookback; figures cover those 1d18h30m\n');
    const checkout = service(JSON.parse(run.stdout), 'shop/checkout').observed!;
    // rate() extrapolates half a scrape interval past the last sample: 150 s in 42.5 h.
    expectClose(checkout.averageQps, 10, 2e-3);
    expectClose(checkout.peakQps, 10);
    expect(checkout.peakMultiplier).toBe(1);
    expect(checkout.trafficPattern).toBe('steady');
  });
});
