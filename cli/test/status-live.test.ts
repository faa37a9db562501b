/**
 * `cdk8s-slo status` against a real Prometheus (Debian's `prometheus`, required: the test fails without
 * it) that evaluates rules synthesized by the Slo construct, fed by an exporter serving requests at
 * known rates. Every expected value below is computed by hand from those rates (see the fixture):
 *   SLI = 1 − error ratio; burn rate = error ratio ÷ error budget; budget left = 1 − burn rate.
 * Rates are constant, so the 5-minute and the window ratios are equal.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Sli } from '../../src';
import { SloStatus } from '../src/status/slo-status';
import {
  availability, BROKEN_RULE, LIVE_SLOS, LiveSetup, manifestsOf, startLiveSetup, writeManifests,
} from './fixtures/status/live-slos';
import { runCliInProcess, runCliProcess } from './helpers/cli';
import { freeLoopbackPort, pollUntil } from '../../test/helpers/live-prometheus';
import { tempDir } from '../../test/helpers/promtool';

jest.setTimeout(90_000);

const CONTRACT_KEYS = ['service', 'slo', 'objective', 'sli', 'budgetRemaining', 'burnRate', 'alertsFiring'];
const TOLERANCE_DIGITS = 3; // toBeCloseTo: |actual − expected| < 0.0005

describe('status on a live Prometheus', () => {
  const dir = tempDir('status-live');
  let setup: LiveSetup | undefined;
  let url: string;
  /** The JSON once every SLO with traffic has all its values and alerts. */
  let statuses: SloStatus[];

  beforeAll(async () => {
    setup = await startLiveSetup(dir, [...LIVE_SLOS.flatMap(manifestsOf), BROKEN_RULE]);
    url = setup.prometheus.url;
    statuses = await pollUntil('every SLO with traffic to have its values and alerts', Date.now() + 60_000, async () => {
      const run = await runCliInProcess(['status', '--prometheus-url', url, '--json']);
      if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stderr}`);
      const seen: SloStatus[] = JSON.parse(run.stdout);
      const complete = seen.length === 5
        && seen.filter((s) => s.service !== 'inventory').every((s) => s.sli !== null && s.burnRate !== null && s.budgetRemaining !== null)
        && seen.find((s) => s.service === 'payments')?.alertsFiring.length === 3
        && seen.find((s) => s.slo === 'by-route')?.alertsFiring.length === 1;
      return complete ? { done: true, value: seen } : { done: false, seen: run.stdout.replace(/\s+/g, ' ').slice(0, 2000) };
    });
  }, 80_000);

  afterAll(async () => {
    await setup?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const of = (service: string, slo: string) => statuses.find((s) => s.service === service && s.slo === slo)!;

  test('one object per SLO, sorted by service and SLO, with the contract\'s keys first', () => {
    expect(statuses.map((s) => `${s.service}/${s.slo}`)).toEqual([
      'checkout/availability', 'checkout/by-route', 'inventory/latency', 'payments/api', 'search/availability',
    ]);
    for (const status of statuses) {
      expect(Object.keys(status).slice(0, CONTRACT_KEYS.length)).toEqual(CONTRACT_KEYS);
      expect(typeof status.service).toBe('string');
      expect(Array.isArray(status.alertsFiring)).toBe(true);
      for (const key of ['objective', 'sli', 'budgetRemaining', 'burnRate'] as const) {
        expect(status[key] === null || typeof status[key] === 'number').toBe(true);
      }
    }
  });

  test('0.8% errors against 99%: SLI 0.992, burn rate 0.8, 20% of the budget left, nothing firing', () => {
    const status = of('checkout', 'availability');
    expect(status.objective).toBe(0.99);
    expect(status.errorBudget).toBe(0.01);
    expect(status.sli).toBeCloseTo(0.992, TOLERANCE_DIGITS + 2);
    expect(status.burnRate).toBeCloseTo(0.8, TOLERANCE_DIGITS);
    expect(status.budgetRemaining).toBeCloseTo(0.2, TOLERANCE_DIGITS);
    expect(status.alertsFiring).toEqual([]);
    expect(status.groups).toEqual([]);
    expect(status.note).toBeNull();
  });

  test('0.1% errors: SLI 0.999, burn rate 0.1, 90% left', () => {
    const status = of('search', 'availability');
    expect(status.sli).toBeCloseTo(0.999, TOLERANCE_DIGITS + 2);
    expect(status.burnRate).toBeCloseTo(0.1, TOLERANCE_DIGITS);
    expect(status.budgetRemaining).toBeCloseTo(0.9, TOLERANCE_DIGITS);
    expect(status.alertsFiring).toEqual([]);
  });

  test('100% errors: burn rate 100, budget −9900%, the page, the ticket and the budget policy\'s freeze (info) fire', () => {
    const status = of('payments', 'api');
    expect(status.sli).toBeCloseTo(0, TOLERANCE_DIGITS + 2);
    expect(status.burnRate).toBeCloseTo(100, 1);
    expect(status.budgetRemaining).toBeCloseTo(-99, 1);
    expect(status.alertsFiring).toEqual(['critical', 'warning', 'info']);
    expect(status.alerts.map((a) => [a.alert, a.severity, a.window, a.budgetAction])).toEqual([
      ['SloErrorBudgetBurn', 'critical', '10m/5m', null],
      ['SloErrorBudgetBurn', 'warning', '30m/5m', null],
      ['SloErrorBudgetPolicy', 'info', null, 'freeze'],
    ]);
  });

  test('a grouped SLO: one object, the worst route on top (4% errors: burn 4, −300%), each route below', () => {
    const status = of('checkout', 'by-route');
    expect(status.worstGroup).toEqual({ route: '/pay' });
    expect(status.sli).toBeCloseTo(0.96, TOLERANCE_DIGITS + 2);
    expect(status.burnRate).toBeCloseTo(4, TOLERANCE_DIGITS);
    expect(status.budgetRemaining).toBeCloseTo(-3, TOLERANCE_DIGITS);
    // 4% is above the warning threshold (2 × 1% = 0.02), below the page's (6 × 1% = 0.06).
    expect(status.alertsFiring).toEqual(['warning']);
    expect(status.groups.map((g) => g.labels)).toEqual([{ route: '/cart' }, { route: '/pay' }]);
    const [cart, pay] = status.groups;
    expect(cart.sli).toBeCloseTo(0.995, TOLERANCE_DIGITS + 2);
    expect(cart.burnRate).toBeCloseTo(0.5, TOLERANCE_DIGITS);
    expect(cart.budgetRemaining).toBeCloseTo(0.5, TOLERANCE_DIGITS);
    expect(cart.alertsFiring).toEqual([]);
    expect(pay.alertsFiring).toEqual(['warning']);
    expect(status.alerts.map((a) => a.group)).toEqual([{ route: '/pay' }]);
  });

  test('an SLO whose metric does not exist: its objective, and null (never NaN) for what has no data', () => {
    expect(of('inventory', 'latency')).toMatchObject({
      objective: 0.995, errorBudget: 0.005, sli: null, budgetRemaining: null, burnRate: null, alertsFiring: [],
    });
    expect(of('inventory', 'latency').note).toMatch(/^no SLI data yet/);
  });

  test('the table: one row per SLO and per route; colours only on a terminal', async () => {
    const plain = await runCliInProcess(['status', '--prometheus-url', url]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toContain('\u001b[');
    const lines = plain.stdout.split('\n');
    expect(lines[0]).toMatch(/^SLO +OBJECTIVE +SLI +BUDGET LEFT +BURN RATE +ALERTS$/);
    expect(lines.find((l) => l.startsWith('checkout/availability '))).toMatch(/ 99% +99\.2% +20% +0\.8x +-$/);
    expect(lines.find((l) => l.startsWith('checkout/by-route '))).toMatch(/ 99% +96% +-300% +4x +warning$/);
    expect(lines.find((l) => l.startsWith('  route="/cart" '))).toMatch(/ 99\.5% +50% +0\.5x +-$/);
    expect(lines.find((l) => l.startsWith('payments/api '))).toMatch(/ 99% +0% +-9900% +100x +critical, warning, info$/);
    expect(lines.find((l) => l.startsWith('inventory/latency '))).toMatch(/ 99\.5% +- +- +- +-$/);
    expect(plain.stdout).toContain('\ninventory/latency: no SLI data yet');

    const tty = await runCliInProcess(['status', '--prometheus-url', url], { tty: true, env: { TERM: 'xterm' } });
    const row = (start: string) => tty.stdout.split('\n').find((l) => l.replace(/\u001b\[[0-9;]*m/g, '').startsWith(start))!;
    expect(row('payments/api')).toContain('\u001b[31mpayments/api'); // red: overspent and paging
    expect(row('checkout/by-route')).toContain('\u001b[31m'); // red: overspent
    expect(row('checkout/availability')).toContain('\u001b[33mcheckout/availability'); // yellow: 20% left
    expect(row('search/availability')).not.toContain('\u001b[3'); // healthy: no colour
    const noColor = await runCliInProcess(['status', '--prometheus-url', url], { tty: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).toBe(plain.stdout);
  });

  test('--manifests lists their SLOs (one not deployed: nulls, window and a note); --service filters', async () => {
    const notDeployed = { ...availability, service: 'orders', indicator: Sli.ratio({ errors: 'orders_total{code="500"}', total: 'orders_total' }) };
    writeManifests(dir, 'app.k8s.yaml', [...manifestsOf(availability), ...manifestsOf(notDeployed)]);
    const run = await runCliInProcess(['status', '--prometheus-url', url, '--manifests', 'app.k8s.yaml', '--json'], { cwd: dir });
    expect(run.code).toBe(0);
    const listed: SloStatus[] = JSON.parse(run.stdout);
    expect(listed.map((s) => `${s.service}/${s.slo}`)).toEqual(['checkout/availability', 'orders/availability']);
    expect(listed[0]).toMatchObject({ window: '1h', objective: 0.99, note: null });
    expect(listed[0].burnRate).toBeCloseTo(0.8, TOLERANCE_DIGITS);
    expect(listed[1]).toMatchObject({ window: '1h', objective: 0.99, sli: null, budgetRemaining: null, burnRate: null, alertsFiring: [] });
    expect(listed[1].note).toMatch(/^no slo:\* series in Prometheus yet/);

    const filtered = await runCliInProcess(['status', '--prometheus-url', url, '--service', 'payments', '--service', 'search', '--json']);
    expect((JSON.parse(filtered.stdout) as SloStatus[]).map((s) => s.service)).toEqual(['payments', 'search']);

    const none = await runCliInProcess(['status', '--prometheus-url', url, '--service', 'nope', '--json']);
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout)).toEqual([]);
    expect(none.stderr).toBe(`cdk8s-slo status: no SLOs of service nope found at ${url} (no slo:objective:ratio, slo:current_burn_rate:ratio or related series: are the rules loaded?)\n`);
  });

  test('the acceptance command line, as a real process: exit 0 and only JSON on stdout', async () => {
    const run = await runCliProcess(['status', '--prometheus-url', url, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const parsed = JSON.parse(run.stdout);
    expect(parsed.map((s: SloStatus) => s.slo)).toEqual(statuses.map((s) => s.slo));
    expect(parsed.find((s: SloStatus) => s.service === 'payments').alertsFiring).toEqual(['critical', 'warning', 'info']);
  });

  test('--fail-on-warnings, --tenant and --header: Prometheus ignores partial_response=false and the headers', async () => {
    const run = await runCliInProcess(['status', '--prometheus-url', url, '--json', '--fail-on-warnings', '--tenant', 'team-a', '--header', 'X-Request-Source: slo-cli']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).map((s: SloStatus) => `${s.service}/${s.slo}`)).toEqual(statuses.map((s) => `${s.service}/${s.slo}`));
  });

  test('Prometheus unreachable: one line naming the URL, exit 4', async () => {
    const port = await freeLoopbackPort();
    const run = await runCliInProcess(['status', '--prometheus-url', `http://127.0.0.1:${port}`, '--json']);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^cdk8s-slo status: Prometheus at http://127\\.0\\.0\\.1:${port}: connection refused .*\\n$`));
  });

  test('bad manifests: one line naming the file, exit 3', async () => {
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'kind: PrometheusRule\n  spec: : :\n');
    const run = await runCliInProcess(['status', '--prometheus-url', url, '--manifests', 'bad.yaml'], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^cdk8s-slo status: bad\.yaml(:\d+)?: YAML error: .*\n$/);
  });
});
