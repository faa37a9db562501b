import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import * as YAML from 'yaml';
import { synthPlanApp } from './fixtures/plan/plan-apps';
import { runCliInProcess, runCliProcess } from './helpers/cli';
import { tempDir } from '../../test/helpers/promtool';

const FIXTURES = path.join(__dirname, 'fixtures', 'plan');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function workDir(): string {
  const dir = tempDir('plan');
  dirs.push(dir);
  return dir;
}

/** Version 1 and version 2 of the app, synthesized into `v1/` and `v2/` of one directory. */
function synthesizedVersions(): string {
  const dir = workDir();
  synthPlanApp(path.join(dir, 'v1'), 1);
  synthPlanApp(path.join(dir, 'v2'), 2);
  return dir;
}

async function planJson(args: string[], cwd: string): Promise<any> {
  const run = await runCliInProcess(['plan', '--json', ...args], { cwd });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** What every base (directory, git ref, cluster) must report for version 1 → version 2. */
function expectVersionTwoChanges(plan: any): void {
  expect(plan.summary).toMatchObject({
    slos: { added: 1, removed: 1, changed: 2 },
    targetChanges: 1,
    ruleGroups: { added: 2, removed: 2, changed: 3 },
    alerts: { added: 4, removed: 4, changed: 4 },
    hasChanges: true,
  });
  const brief = plan.slos.map((s: any) => `${s.change} ${s.service}/${s.name}: ${s.notes.join('; ')}`);
  expect(brief).toEqual([
    'added cart/availability: target 99% over 30d, 4 alerts',
    'changed checkout/availability: target 99.9% → 99.95% (stricter: budget 0.1% → 0.05%); alerts: 4 changed',
    'changed checkout/latency: indicator query changed (slo:sli_errors:rate5m, slo:sli_total:rate5m)',
    'removed search/availability: was 99.5% over 28d, 4 alerts',
  ]);
  const checkout = plan.slos[1];
  expect(checkout.target).toEqual({
    before: 0.999,
    after: 0.9995,
    change: { before: 0.999, after: 0.9995, direction: 'stricter', budgetBefore: 0.001, budgetAfter: 0.0005, text: 'target 99.9% → 99.95% (stricter: budget 0.1% → 0.05%)' },
  });
  // The page thresholds follow the target: 14.4 × 0.001 → 14.4 × 0.0005.
  expect(checkout.alerts.changed.map((a: any) => `${a.alert.labels.long_window}/${a.alert.labels.short_window} ${a.fields.join(',')}`).sort())
    .toEqual(['1d/2h expr,annotations', '1h/5m expr,annotations', '3d/6h expr,annotations', '6h/30m expr,annotations']);
  const latency = plan.slos[2];
  expect(latency.indicator.find((i: any) => i.series === 'slo:sli_total:rate5m')).toEqual({
    series: 'slo:sli_total:rate5m',
    before: 'sum(rate(http_request_duration_seconds_count{job="checkout"}[5m]))',
    after: 'sum(rate(http_request_duration_seconds_count{job="checkout",route!="/health"}[5m]))',
  });
}

describe('cdk8s-slo plan against a directory', () => {
  test('SLOs added, removed and changed, with the target change and its budget called out', async () => {
    const dir = synthesizedVersions();
    const plan = await planJson(['--base', 'v1', 'v2'], dir);
    expect(plan.base).toBe('directory v1');
    expectVersionTwoChanges(plan);
    expect(plan.ruleGroups.map((g: any) => `${g.change} ${g.name}`)).toEqual([
      'added slo-cart-availability-long-windows',
      'added slo-cart-availability-short-windows',
      'changed slo-checkout-availability-long-windows',
      'changed slo-checkout-availability-short-windows',
      'changed slo-checkout-latency-short-windows',
      'removed slo-search-availability-long-windows',
      'removed slo-search-availability-short-windows',
    ]);
    const objective = plan.ruleGroups[2].rules.changed.find((r: any) => r.rule.name === 'slo:objective:ratio');
    expect(objective).toEqual({ rule: { type: 'record', name: 'slo:objective:ratio', labels: { slo_name: 'availability', slo_service: 'checkout' } }, fields: ['expr'] });
  });

  test('Markdown for a pull-request comment: summary, callout, SLO table, collapsed details', async () => {
    const dir = synthesizedVersions();
    const run = await runCliInProcess(['plan', '--base', 'v1', 'v2'], { cwd: dir });
    expect(run.code).toBe(0);
    const markdown = run.stdout;
    expect(markdown).toMatch(/^### cdk8s-slo plan\n\nv2 compared with directory v1\n\n\*\*SLOs: 1 added, 1 removed, 2 changed \(1 target change\) · rule groups: 2 added, 2 removed, 3 changed · rules: 23 added, 23 removed, 10 changed · alerts: 4 added, 4 removed, 4 changed · objects: 1 added, 1 removed, 2 changed\*\*\n/);
    expect(markdown).toContain('> [!IMPORTANT]\n> Target changes move error budgets and alert thresholds:\n> - **checkout/availability**: target 99.9% → 99.95% (stricter: budget 0.1% → 0.05%)\n');
    expect(markdown).toContain('| SLO | Change | Details |\n| --- | --- | --- |\n'
      + '| **cart/availability** | ➕ added | target 99% over 30d, 4 alerts |\n'
      + '| **checkout/availability** | ✏️ changed | target 99.9% → 99.95% (stricter: budget 0.1% → 0.05%)<br>alerts: 4 changed |\n'
      + '| **checkout/latency** | ✏️ changed | indicator query changed (slo:sli\\_errors:rate5m, slo:sli\\_total:rate5m) |\n'
      + '| **search/availability** | ➖ removed | was 99.5% over 28d, 4 alerts |\n');
    expect(markdown).toContain('<details>\n<summary>Rule groups: 2 added, 2 removed, 3 changed; rules: 23 added, 23 removed, 10 changed</summary>\n');
    expect(markdown).toContain('```diff\n- sum(rate(http_request_duration_seconds_count{job="checkout"}[5m]))\n+ sum(rate(http_request_duration_seconds_count{job="checkout",route!="/health"}[5m]))\n```');
    expect(markdown.match(/<details>/g)).toHaveLength(markdown.match(/<\/details>/g)!.length);
  });

  test('no changes: exit 0, also with --exit-code; changes with --exit-code: exit 1', async () => {
    const dir = synthesizedVersions();
    const same = await runCliInProcess(['plan', '--exit-code', '--base', 'v1', 'v1'], { cwd: dir });
    expect(same.stdout).toBe('### cdk8s-slo plan\n\nv1 compared with directory v1\n\n**No changes.** The SLOs, rules and objects are the same.\n\n');
    expect(same.code).toBe(0);
    expect((await runCliInProcess(['plan', '--base', 'v1', 'v2'], { cwd: dir })).code).toBe(0);
    expect((await runCliInProcess(['plan', '--exit-code', '--base', 'v1', 'v2'], { cwd: dir })).code).toBe(1);
  });

  test('a window change states the outage time the budget allows before and after', async () => {
    const dir = workDir();
    const rule = (window: string) => ({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'x', namespace: 'm' },
      spec: {
        groups: [{
          name: 'g',
          rules: [
            { record: 'slo:objective:ratio', expr: 'vector(0.999)', labels: { slo_service: 's', slo_name: 'n' } },
            { record: 'slo:period_burn_rate:ratio', expr: `slo:sli_error:ratio_rate${window}{slo_service="s",slo_name="n"} / 0.001`, labels: { slo_service: 's', slo_name: 'n' } },
          ],
        }],
      },
    });
    fs.writeFileSync(path.join(dir, 'a.yaml'), YAML.stringify(rule('30d')));
    fs.writeFileSync(path.join(dir, 'b.yaml'), YAML.stringify(rule('28d')));
    const plan = await planJson(['--base', 'a.yaml', 'b.yaml'], dir);
    expect(plan.slos[0].notes).toEqual(['window 30d → 28d (budget 43m12s → 40m19s of full outage)']);
  });

  test('names from the manifests cannot inject Markdown or HTML into the comment', async () => {
    const dir = workDir();
    const evil = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'evil', namespace: 'm' },
      spec: { groups: [{ name: '<img src=x onerror=alert(1)>|**bold**', rules: [{ alert: 'A</summary></details>`', expr: 'up == 0', labels: { team: '[x](javascript:alert(1))' } }] }] },
    };
    fs.writeFileSync(path.join(dir, 'empty.yaml'), '');
    fs.writeFileSync(path.join(dir, 'evil.yaml'), YAML.stringify(evil));
    fs.writeFileSync(path.join(dir, 'base.yaml'), YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }));
    const run = await runCliInProcess(['plan', '--base', 'base.yaml', 'evil.yaml'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('<img');
    expect(run.stdout).not.toContain('</summary></details>`');
    expect(run.stdout).not.toMatch(/[^\\]\]\(javascript/);
    expect(run.stdout).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;\\|\\*\\*bold\\*\\*'.replace(/\\\(|\\\)/g, (m) => m.slice(1)));
    expect(run.stdout).toContain('alert A&lt;/summary&gt;&lt;/details&gt;\\`{team="\\[x\\](javascript:alert(1))"}');
  });

  test('--output writes the plan completely or not at all', async () => {
    const dir = synthesizedVersions();
    fs.mkdirSync(path.join(dir, 'out'));
    const run = await runCliInProcess(['plan', '--base', 'v1', '-o', 'out/plan.md', 'v2'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^cdk8s-slo plan: SLOs: 1 added, 1 removed, 2 changed \(1 target change\) · .*; wrote out\/plan\.md\n$/);
    expect(fs.readFileSync(path.join(dir, 'out', 'plan.md'), 'utf8')).toMatch(/^### cdk8s-slo plan\n/);
    expect(fs.readdirSync(path.join(dir, 'out'))).toEqual(['plan.md']);
    fs.writeFileSync(path.join(dir, 'blocker'), 'a file where a directory should be');
    const failed = await runCliInProcess(['plan', '--base', 'v1', '-o', 'blocker/plan.md', 'v2'], { cwd: dir });
    expect(failed.code).toBe(3);
    expect(failed.stderr).toMatch(/^cdk8s-slo plan: blocker\/plan\.md: cannot write the output: a part of the path is a file, not a directory\n$/);
    expect(fs.readFileSync(path.join(dir, 'blocker'), 'utf8')).toBe('a file where a directory should be');
  });

  test('usage: exactly one base; cluster flags only with --cluster; a bad base is exit 3', async () => {
    const dir = synthesizedVersions();
    expect((await runCliInProcess(['plan', 'v2'], { cwd: dir })).stderr).toBe('cdk8s-slo plan: give a base to compare with: --base DIR, --base-ref REF or --cluster (see: cdk8s-slo plan --help)\n');
    expect((await runCliInProcess(['plan', '--base', 'v1', '--cluster', 'v2'], { cwd: dir })).code).toBe(2);
    expect((await runCliInProcess(['plan', '--base', 'v1', '--context', 'prod', 'v2'], { cwd: dir })).stderr).toBe('cdk8s-slo plan: --context is only for --cluster\n');
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'a: [\n');
    const broken = await runCliInProcess(['plan', '--base', 'broken.yaml', 'v2'], { cwd: dir });
    expect(broken.code).toBe(3);
    expect(broken.stderr).toMatch(/^cdk8s-slo plan: broken\.yaml:\d+: YAML error: /);
  });
});

describe('cdk8s-slo plan against a git ref', () => {
  test('reads the same paths at the ref from git, leaving the work tree, index and HEAD alone', async () => {
    const repo = workDir();
    git(repo, 'init', '-q', '-b', 'main');
    synthPlanApp(path.join(repo, 'deploy', 'dist'), 1);
    fs.writeFileSync(path.join(repo, 'README.md'), 'app\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'version 1');
    fs.rmSync(path.join(repo, 'deploy', 'dist'), { recursive: true });
    synthPlanApp(path.join(repo, 'deploy', 'dist'), 2);
    const statusBefore = git(repo, 'status', '--porcelain');
    const headBefore = git(repo, 'rev-parse', 'HEAD');
    const current = fs.readFileSync(path.join(repo, 'deploy', 'dist', 'slos.k8s.yaml'), 'utf8');

    // Run from a subdirectory, as a CI step in a monorepo would.
    const plan = await planJson(['--base-ref', 'main', 'dist'], path.join(repo, 'deploy'));
    expect(plan.base).toBe('git ref main');
    expectVersionTwoChanges(plan);

    expect(git(repo, 'status', '--porcelain')).toBe(statusBefore);
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(headBefore);
    expect(fs.readFileSync(path.join(repo, 'deploy', 'dist', 'slos.k8s.yaml'), 'utf8')).toBe(current);

    // The process runner preloads ts-node from its cwd, so it runs in the project with an absolute path.
    const unknown = await runCliProcess(['plan', '--base-ref', 'no-such-branch', path.join(repo, 'deploy', 'dist')]);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toBe(`cdk8s-slo plan: --base-ref no-such-branch: is not a commit in the git repository ${fs.realpathSync(repo)}\n`);
    expect(unknown.code).toBe(3);
  });

  test('a path that did not exist at the ref: everything is added', async () => {
    const repo = workDir();
    git(repo, 'init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(repo, 'README.md'), 'app\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'before the SLOs');
    synthPlanApp(path.join(repo, 'dist'), 1);
    const plan = await planJson(['--base-ref', 'HEAD'], repo);
    expect(plan.summary.slos).toEqual({ added: 3, removed: 0, changed: 0 });
  });
});

describe('cdk8s-slo plan against a cluster (real Kubernetes client, recorded API responses on loopback)', () => {
  interface FakeApi {
    readonly url: string;
    readonly requests: string[];
    close(): Promise<void>;
  }

  /** Answers the PrometheusRule list as an API server does, in pages of two, or with a recorded error. */
  async function fakeApi(items: any[], failure?: { status: number; body: unknown }): Promise<FakeApi> {
    const requests: string[] = [];
    const recorded = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'prometheusrule-list.json'), 'utf8'));
    const { recordedItemMetadata, ...envelope } = recorded;
    const server = http.createServer((request, response) => {
      requests.push(`${request.method} ${request.url} auth=${request.headers.authorization}`);
      const url = new URL(request.url!, 'http://localhost');
      response.setHeader('content-type', 'application/json');
      if (failure) {
        response.statusCode = failure.status;
        response.end(JSON.stringify(failure.body));
        return;
      }
      if (url.pathname !== '/apis/monitoring.coreos.com/v1/prometheusrules') {
        response.statusCode = 404;
        response.end('{"kind":"Status","code":404,"message":"the server could not find the requested resource"}');
        return;
      }
      const start = Number(url.searchParams.get('continue') || 0);
      const page = items.slice(start, start + 2).map((item) => ({ ...item, metadata: { ...recordedItemMetadata, ...item.metadata } }));
      const next = start + 2 < items.length ? String(start + 2) : '';
      response.end(JSON.stringify({ ...envelope, metadata: { ...envelope.metadata, continue: next }, items: page }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  function kubeconfig(dir: string, server: string): string {
    const file = path.join(dir, 'kubeconfig');
    fs.writeFileSync(file, YAML.stringify({
      'apiVersion': 'v1',
      'kind': 'Config',
      'current-context': 'ci',
      // The client refuses plain HTTP unless TLS verification is off, as it would be for such a server.
      'clusters': [{ name: 'loopback', cluster: { server, 'insecure-skip-tls-verify': true } }],
      'users': [{ name: 'planner', user: { token: 'recorded-token' } }],
      'contexts': [{ name: 'ci', context: { cluster: 'loopback', user: 'planner' } }],
    }));
    return file;
  }

  test('compares the synthesized PrometheusRules with those labelled managed-by cdk8s-slo in the cluster', async () => {
    const dir = synthesizedVersions();
    const deployed = YAML.parseAllDocuments(fs.readFileSync(path.join(dir, 'v1', 'slos.k8s.yaml'), 'utf8')).map((d) => d.toJS());
    const api = await fakeApi(deployed);
    try {
      const run = await runCliProcess(['plan', '--cluster', '--kubeconfig', kubeconfig(dir, api.url), '--json', path.join(dir, 'v2')]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const plan = JSON.parse(run.stdout);
      expect(plan.base).toBe(`cluster ${api.url} (PrometheusRules labelled app.kubernetes.io/managed-by=cdk8s-slo)`);
      expectVersionTwoChanges(plan);
      // Server-set metadata (uid, resourceVersion, managedFields, kubectl's annotation) is not a change.
      expect(plan.objects.map((o: any) => `${o.change} ${o.name}`)).toEqual([
        'added slo-cart-availability', 'changed slo-checkout-availability', 'changed slo-checkout-latency', 'removed slo-search-availability',
      ]);
      expect(api.requests).toEqual([
        'GET /apis/monitoring.coreos.com/v1/prometheusrules?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dcdk8s-slo&limit=250 auth=Bearer recorded-token',
        'GET /apis/monitoring.coreos.com/v1/prometheusrules?continue=2&labelSelector=app.kubernetes.io%2Fmanaged-by%3Dcdk8s-slo&limit=250 auth=Bearer recorded-token',
      ]);

      const unchanged = await runCliProcess(['plan', '--cluster', '--kubeconfig', kubeconfig(dir, api.url), '--exit-code', path.join(dir, 'v1')]);
      expect(unchanged.stdout).toContain('**No changes.**');
      expect(unchanged.code).toBe(0);
    } finally {
      await api.close();
    }
  });

  test('a refused list is exit 4 with one line naming the server and the API\'s message', async () => {
    const dir = synthesizedVersions();
    const forbidden = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'forbidden-status.json'), 'utf8'));
    const api = await fakeApi([], { status: 403, body: forbidden });
    try {
      const run = await runCliProcess(['plan', '--cluster', '--kubeconfig', kubeconfig(dir, api.url), path.join(dir, 'v2')]);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`cdk8s-slo plan: Kubernetes API at ${api.url} answered HTTP 403 to list PrometheusRules in all namespaces labelled app.kubernetes.io/managed-by=cdk8s-slo: ${forbidden.message}\n`);
      expect(run.code).toBe(4);
    } finally {
      await api.close();
    }
  });

  test('a cluster without the PrometheusRule CRD is exit 4 saying so', async () => {
    const dir = synthesizedVersions();
    const api = await fakeApi([]);
    try {
      const run = await runCliProcess(['plan', '--cluster', '--kubeconfig', kubeconfig(dir, api.url), '-n', 'monitoring', '--selector', '', path.join(dir, 'v2')]);
      expect(run.stderr).toBe(`cdk8s-slo plan: Kubernetes API at ${api.url} answered HTTP 404 to list PrometheusRules in namespace monitoring: the PrometheusRule resource (monitoring.coreos.com/v1) is not installed there (is prometheus-operator installed?)\n`);
      expect(run.code).toBe(4);
      expect(api.requests).toEqual(['GET /apis/monitoring.coreos.com/v1/namespaces/monitoring/prometheusrules?limit=250 auth=Bearer recorded-token']);
    } finally {
      await api.close();
    }
  });

  test('an API server that does not answer is exit 4 after --timeout', async () => {
    const dir = synthesizedVersions();
    const sockets = new Set<import('net').Socket>();
    const server = http.createServer(() => { /* never answers */ });
    server.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const run = await runCliProcess(['plan', '--cluster', '--kubeconfig', kubeconfig(dir, url), '--timeout', '1s', path.join(dir, 'v2')]);
      expect(run.stderr).toBe(`cdk8s-slo plan: Kubernetes API at ${url}: no answer within 1 s (timed out) (list PrometheusRules in all namespaces labelled app.kubernetes.io/managed-by=cdk8s-slo)\n`);
      expect(run.code).toBe(4);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
