/**
 * `cdk8s-slo verify` against a real Prometheus (Debian's `prometheus`, required: the test fails without
 * it). The server loads the rules of four SLOs with traffic, one SLO whose metric nobody exports, and a
 * group whose rule fails at every evaluation; each case passes verify the manifests that tell one story.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Sli } from '../../src';
import {
  availability, BROKEN_RULE, byRoute, LiveSetup, manifestsOf, noData, payments, search, startLiveSetup, writeManifests,
} from './fixtures/status/live-slos';
import { runCliInProcess, runCliProcess } from './helpers/cli';
import { freeLoopbackPort, LOOPBACK } from '../../test/helpers/live-prometheus';
import { tempDir } from '../../test/helpers/promtool';

jest.setTimeout(90_000);

describe('verify on a live Prometheus', () => {
  const dir = tempDir('verify-live');
  let setup: LiveSetup | undefined;
  let url: string;

  beforeAll(async () => {
    const loaded = [availability, byRoute, payments, search, noData].flatMap(manifestsOf);
    setup = await startLiveSetup(dir, [...loaded, BROKEN_RULE]);
    url = setup.prometheus.url;
    writeManifests(dir, 'good.k8s.yaml', [availability, byRoute, payments, search].flatMap(manifestsOf));
    writeManifests(dir, 'no-data.k8s.yaml', manifestsOf(noData));
    writeManifests(dir, 'broken.k8s.yaml', [BROKEN_RULE]);
    // Synthesized, but never deployed.
    writeManifests(dir, 'not-deployed.k8s.yaml', manifestsOf({
      ...availability, service: 'orders', indicator: Sli.ratio({ errors: 'orders_total{code="500"}', total: 'orders_total' }),
    }));
    // The search SLO as changed after the deployment: a budget policy adds alerts to its long-window group.
    writeManifests(dir, 'changed.k8s.yaml', manifestsOf({ ...search, budgetPolicy: {} }));
  }, 60_000);

  afterAll(async () => {
    await setup?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const verify = (...args: string[]) => runCliInProcess(['verify', ...args, '--prometheus-url', url], { cwd: dir });

  test('all loaded, evaluating and with data: exit 0 (--wait polls through the first evaluations)', async () => {
    const run = await verify('good.k8s.yaml', '--wait', '60s', '--json');
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ ok: true, prometheusUrl: url, problems: [], notes: [] });
    expect(result.checked).toMatchObject({ ruleGroups: 8, slos: 4 });
    expect(run.code).toBe(0);

    const text = await verify('good.k8s.yaml');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^OK: 8 rule groups \(\d+ rules\), 4 SLOs verified on http:\/\/127\.0\.0\.1:\d+: every rule group is loaded and evaluating without errors, and every SLO has SLI data\.\n$/);
  });

  test('groups in the manifests but not loaded: exit 1, each named', async () => {
    const run = await verify('good.k8s.yaml', 'not-deployed.k8s.yaml');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain([
      'Rule groups not loaded (2):',
      '  slo-orders-availability-short-windows (PrometheusRule monitoring/slo-orders-availability in not-deployed.k8s.yaml) is not loaded',
      '  slo-orders-availability-long-windows (PrometheusRule monitoring/slo-orders-availability in not-deployed.k8s.yaml) is not loaded',
    ].join('\n'));
    // Its SLI has no data either, and the report names the group that records it.
    expect(run.stdout).toMatch(/SLOs without SLI data \(1\):\n {2}orders\/availability: .* have no series: its rule group slo-orders-availability-short-windows is not loaded or not working \(see above\)\n/);
    expect(run.stdout).toMatch(/^FAILED: 3 problems on /);
  });

  test('--wait gives up when the time is up, and reports what still fails', async () => {
    const run = await verify('not-deployed.k8s.yaml', '--wait', '2s', '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).problems.map((p: any) => p.kind)).toEqual(['group-missing', 'group-missing', 'no-data']);
  });

  test('groups loaded with fewer rules than the manifests have: outdated, exit 1, with the missing rules', async () => {
    const run = await verify('changed.k8s.yaml', '--json');
    expect(run.code).toBe(1);
    const { problems } = JSON.parse(run.stdout);
    // The policy's forecast reads a 15m ratio (a quarter of the 1h window), recorded in the short-window group.
    expect(problems.map((p: any) => [p.kind, p.group, p.file, p.message])).toEqual([
      ['group-outdated', 'slo-search-availability-short-windows', 'changed.k8s.yaml',
        'slo-search-availability-short-windows: loaded with 9 rules, the manifests have 10 (missing: slo:sli_error:ratio_rate15m)'],
      ['group-outdated', 'slo-search-availability-long-windows', 'changed.k8s.yaml',
        'slo-search-availability-long-windows: loaded with 4 rules, the manifests have 7 (missing: SloErrorBudgetExhaustionForecast, SloErrorBudgetPolicy ×2)'],
    ]);
  });

  test('a rule failing at evaluation: exit 1, naming the group, the rule and Prometheus\'s error', async () => {
    const run = await verify('broken.k8s.yaml', '--json');
    expect(run.code).toBe(1);
    const { problems } = JSON.parse(run.stdout);
    expect(problems).toEqual([expect.objectContaining({ kind: 'rule-failing', group: 'broken-rules', rule: 'test:requests_per_job:ratio' })]);
    expect(problems[0].message).toMatch(/^broken-rules \/ test:requests_per_job:ratio: .*many-to-many matching not allowed/);
  });

  test('an SLO whose raw metric does not exist: no data, exit 1, naming the SLO and the query', async () => {
    const run = await verify('no-data.k8s.yaml');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('SLOs without SLI data (1):\n  inventory/latency: slo:sli_total:rate5m{slo_service="inventory",slo_name="latency"}');
    expect(run.stdout).toContain('its rule reads sum(rate(inventory_request_duration_seconds_count{job="inventory"}[5m])), which returns nothing');
    expect(run.stdout).not.toContain('Rule groups not loaded');
  });

  test('Prometheus unreachable: one line on stderr, exit 4 (a real process)', async () => {
    const port = await freeLoopbackPort();
    // From the project root (the process runner loads ts-node from there), with an absolute path.
    const run = await runCliProcess(['verify', path.join(dir, 'good.k8s.yaml'), '--prometheus-url', `http://${LOOPBACK}:${port}`]);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^cdk8s-slo verify: Prometheus at http://127\\.0\\.0\\.1:${port}: connection refused [^\\n]*\\n$`));
  });

  test('a bad manifest: one line naming the file, exit 3', async () => {
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups: [ {name: x\n');
    const run = await verify('good.k8s.yaml', 'bad.yaml');
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^cdk8s-slo verify: bad\.yaml(:\d+)?: YAML error: [^\n]*\n$/);
  });
});
