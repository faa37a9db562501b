/**
 * The whole workflow end to end, as the README describes it, against one real Prometheus:
 * discover (a `kubectl get svc -A -o json` file, a day of backfilled history continued live by an
 * exporter) → generate (TypeScript) → synthesize the generated app → validate → plan → load the rules
 * into Prometheus → verify → status → report.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { PROJECT_ROOT, runCliInProcess } from './helpers/cli';
import { backfillOpenMetrics, LivePrometheus, LiveExporter, PollAbort, pollUntil, startExporter, startPrometheus } from '../../test/helpers/live-prometheus';
import { tempDir } from '../../test/helpers/promtool';
import { runAppModule } from '../../test/helpers/synth';

/** Requests per second and the fraction that fail, per service; every request takes 30–200 ms. */
const SERVICES = [
  { namespace: 'shop', name: 'checkout', labels: { 'team': 'payments', 'tier': 'tier-1', 'customer-facing': 'true' }, rps: 20, errorRatio: 0.002 },
  { namespace: 'shop', name: 'cart', labels: { team: 'web' }, rps: 5, errorRatio: 0.0005 },
  // Skipped by generate: not a production namespace.
  { namespace: 'staging', name: 'checkout', labels: { team: 'payments' }, rps: 3, errorRatio: 0.01 },
];
/** The share of requests at or under each bucket bound (cumulative). */
const LATENCY_BUCKETS: ReadonlyArray<readonly [string, number]> = [['0.05', 0.5], ['0.1', 0.9], ['0.25', 1], ['0.5', 1], ['1', 1], ['+Inf', 1]];
const LOOKBACK_SECONDS = 86_400;

/** Every counter is a straight line through zero at `origin`: backfill and exporter agree on every value. */
function exposition(origin: number, at: number, withTimestamps: boolean): string {
  const elapsed = at - origin;
  const lines: string[] = [];
  const stamp = withTimestamps ? ` ${at}` : '';
  for (const s of SERVICES) {
    const base = `namespace="${s.namespace}",job="${s.name}",instance="${s.name}-0"`;
    const total = s.rps * elapsed;
    lines.push(`http_requests_total{${base},code="200"} ${(total * (1 - s.errorRatio)).toFixed(3)}${stamp}`);
    lines.push(`http_requests_total{${base},code="500"} ${(total * s.errorRatio).toFixed(3)}${stamp}`);
    for (const [le, share] of LATENCY_BUCKETS) {
      lines.push(`http_request_duration_seconds_bucket{${base},le="${le}"} ${(total * share).toFixed(3)}${stamp}`);
    }
    lines.push(`http_request_duration_seconds_count{${base}} ${total.toFixed(3)}${stamp}`);
  }
  return lines.join('\n') + '\n';
}

function servicesFile(): string {
  const items = [...SERVICES, { namespace: 'kube-system', name: 'kube-dns', labels: {} }].map((s) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: s.name, namespace: s.namespace, labels: s.labels, annotations: { 'prometheus.io/scrape': 'true' } },
    spec: { type: 'ClusterIP', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
  }));
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } }, null, 2);
}

let work: string;
let prometheus: LivePrometheus;
let exporter: LiveExporter;

beforeAll(async () => {
  work = tempDir('workflow');
  // A user's project: cdk8s from node_modules ('cdk8s-slo' itself maps to the sources under jest).
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  const now = Math.floor(Date.now() / 1000);
  const origin = now - LOOKBACK_SECONDS - 3_600;
  let history = '# TYPE http_requests counter\n# TYPE http_request_duration_seconds histogram\n';
  for (let at = origin; at <= now - 30; at += 60) history += exposition(origin, at, true);
  const blocks = backfillOpenMetrics(work, history);
  exporter = await startExporter(() => exposition(origin, Date.now() / 1000, false));
  fs.mkdirSync(path.join(work, 'rules'));
  prometheus = await startPrometheus({
    workDir: work,
    // A glob: the generated rules are written here later and loaded with SIGHUP, as a deployment would.
    ruleFiles: [path.join(work, 'rules', '*.yaml')],
    scrapeTargets: [exporter.target],
    scrapeIntervalSeconds: 5,
    blocksDir: blocks,
  });
});

afterAll(async () => {
  await prometheus?.stop();
  await exporter?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

test('discover → generate → synth → validate → plan → deploy → verify → status → report', async () => {
  const cli = (args: string[]) => runCliInProcess(args, { cwd: work, env: { PROMETHEUS_URL: prometheus.url } });

  // discover: every non-kube-* service, measured over the last day.
  fs.writeFileSync(path.join(work, 'services.json'), servicesFile());
  const discovered = await cli(['discover', '--services-file', 'services.json', '--lookback', '1d', '--output', 'inventory.json']);
  expect(discovered.stderr).toBe('');
  expect(discovered.code).toBe(0);
  const inventory = JSON.parse(fs.readFileSync(path.join(work, 'inventory.json'), 'utf8'));
  expect(inventory.services.map((s: any) => `${s.namespace}/${s.name}`).sort()).toEqual(['shop/cart', 'shop/checkout', 'staging/checkout']);
  const checkout = inventory.services.find((s: any) => s.namespace === 'shop' && s.name === 'checkout');
  expect(checkout.observed.averageQps).toBeCloseTo(20, 1);
  expect(checkout.observed.errorRatio).toBeCloseTo(0.002, 4);
  expect(checkout.observed.trafficPattern).toBe('steady');

  // generate: a TypeScript app, starting each target at what the service achieved.
  const generated = await cli(['generate', 'inventory.json', '--progressive', '--output', 'slos.ts']);
  expect(generated.code).toBe(0);
  const source = fs.readFileSync(path.join(work, 'slos.ts'), 'utf8');
  expect(source).toContain("from 'cdk8s-slo'");
  expect(source).toContain('// - staging/checkout: namespace "staging" is not production');

  // synthesize it as `cdk8s synth` would.
  const dist = path.join(work, 'dist');
  runAppModule(path.join(work, 'slos.ts'), dist);
  const documents = fs.readdirSync(dist).flatMap((f) => YAML.parseAllDocuments(fs.readFileSync(path.join(dist, f), 'utf8')).map((d) => d.toJS()));
  const rules = documents.filter((d) => d.kind === 'PrometheusRule');
  expect(rules.map((d) => d.metadata.name).sort()).toEqual([
    'slo-cart-availability', 'slo-cart-latency', 'slo-checkout-availability', 'slo-checkout-latency',
  ]);

  // validate and plan: clean, and everything is new against an empty base.
  const validated = await cli(['validate', 'dist']);
  expect(validated.code).toBe(0);
  fs.mkdirSync(path.join(work, 'empty-base'));
  const planned = await cli(['plan', 'dist', '--base', 'empty-base', '--json']);
  expect(planned.code).toBe(0);
  expect(planned.stdout).toContain('checkout');

  // deploy: the rules as Prometheus loads them from a PrometheusRule. The groups' intervals are cut to
  // 5s so the test does not wait minutes for the first evaluation; what is checked does not depend on it.
  const groups = rules.flatMap((d) => d.spec.groups).map((g: any) => ({ ...g, interval: '5s' }));
  fs.writeFileSync(path.join(work, 'rules', 'slos.yaml'), YAML.stringify({ groups }));
  process.kill(prometheus.pid, 'SIGHUP');

  const verified = await cli(['verify', 'dist', '--wait', '90s', '--json']);
  expect(verified.code).toBe(0);
  expect(JSON.parse(verified.stdout).ok).toBe(true);

  // status: the acceptance contract's fields, with the generated objectives and the exporter's error ratios.
  // Right after loading, the window series may still be empty (a group can run before the one it reads):
  // poll until the SLO window's value is there, as a person re-running status would.
  const availability = await pollUntil('a status with the checkout SLI', Date.now() + 60_000, async () => {
    const status = await cli(['status', '--json']);
    if (status.code !== 0) throw new PollAbort(`status exited ${status.code}: ${status.stderr}`);
    const entry = JSON.parse(status.stdout).find((e: any) => e.service === 'checkout' && e.slo === 'availability');
    return entry?.sli != null ? { done: true, value: entry } : { done: false, seen: status.stdout };
  });
  expect(Object.keys(availability).slice(0, 7)).toEqual(['service', 'slo', 'objective', 'sli', 'budgetRemaining', 'burnRate', 'alertsFiring']);
  const target = rules.find((d) => d.metadata.name === 'slo-checkout-availability').spec.groups
    .flatMap((g: any) => g.rules).find((r: any) => r.record === 'slo:objective:ratio').expr;
  expect(`vector(${availability.objective})`).toBe(target);
  expect(availability.objective).toBeLessThanOrEqual(0.998);
  expect(availability.sli).toBeCloseTo(0.998, 3);
  expect(availability.burnRate).toBeCloseTo(0.002 / (1 - availability.objective), 1);
  expect(availability.alertsFiring).toEqual([]);

  // report: the last day, as Markdown, taken ten minutes later (a report's period ends on a whole
  // 5-minute step, and the rules have run for seconds only, so a report of right now has nothing yet).
  const later = Date.now() + 10 * 60_000;
  const report = await runCliInProcess(['report', 'checkout', '--days', '1'], { cwd: work, env: { PROMETHEUS_URL: prometheus.url }, now: () => later });
  expect(report.stderr).toBe('');
  expect(report.code).toBe(0);
  // The summary row: the generated objective, and the exporter's 0.2% errors as 99.8% availability.
  expect(report.stdout).toMatch(/^\| checkout \| availability \| 99\.5% \| 99\.80?\d*% \|/m);
}, 240_000);

test('the generated app imports the library by its package name, as users compile it', () => {
  // The same file a user commits: nothing in it points into this repository.
  const source = fs.readFileSync(path.join(work, 'slos.ts'), 'utf8');
  expect(source).not.toContain(PROJECT_ROOT);
  expect(source).not.toMatch(/from '\.\.?\//);
});
