/**
 * `cdk8s-slo verify` without a server: the checks on what /api/v1/rules and the SLI queries report, the
 * reading of manifests, and the report (the live tests prove the same against a real Prometheus).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'cdk8s';
import * as YAML from 'yaml';
import { Sli } from '../../src';
import { runCliInProcess } from './helpers/cli';
import { tempDir } from '../../test/helpers/promtool';
import { synthSlos } from '../../test/helpers/synth';
import { parseManifestText } from '../src/manifests/manifest-files';
import { synthesizedRuleGroups, synthesizedSlos } from '../src/manifests/synthesized-slos';
import { Palette } from '../src/output/color';
import { LoadedRuleGroup, VectorSample } from '../src/prometheus/prometheus-api';
import { LiveState, verifyAgainst } from '../src/verify/verify-checks';
import { readExpectedRules } from '../src/verify/verify-inputs';
import { renderVerifyReport } from '../src/verify/verify-report';

const manifests = synthSlos(
  { service: 'checkout', name: 'availability', target: 0.999, indicator: Sli.ratio({ errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' }) },
  { service: 'search', name: 'latency', target: 0.99, indicator: Sli.latency({ histogram: 'search_duration_seconds', threshold: Duration.millis(300) }) },
);
const documents = parseManifestText('dist/app.k8s.yaml', manifests.map((m) => YAML.stringify(m)).join('---\n'));
const groups = synthesizedRuleGroups(documents);
const slos = synthesizedSlos(documents);

const EVALUATED = '2024-05-01T10:00:00Z';
const NEVER = '0001-01-01T00:00:00Z';

/** The groups as a healthy server loads them. */
function loaded(): LoadedRuleGroup[] {
  return groups.map((group) => ({
    name: group.name,
    file: `/etc/prometheus/rules/${group.objectNamespace}-${group.objectName}-0a1b.yaml`,
    interval: 60,
    lastEvaluation: EVALUATED,
    rules: group.rules.map((rule) => ({
      name: rule.record ?? rule.alert,
      type: rule.record ? 'recording' as const : 'alerting' as const,
      query: rule.expr,
      health: 'ok',
      lastError: '',
      lastEvaluation: EVALUATED,
      labels: rule.labels,
    })),
  }));
}

const bySlo = (value: number, ...ids: Array<[string, string]>): VectorSample[] =>
  ids.map(([service, name]) => ({ labels: { slo_service: service, slo_name: name }, value }));
const ALL: Array<[string, string]> = [['checkout', 'availability'], ['search', 'latency']];

function healthy(over: Partial<LiveState> = {}): LiveState {
  return {
    loadedGroups: loaded(),
    totalRates: bySlo(12.5, ...ALL),
    errorRatios: bySlo(1, ...ALL),
    objectives: [...bySlo(0.999, ALL[0]), ...bySlo(0.99, ALL[1])],
    ...over,
  };
}

describe('verify: the checks', () => {
  test('everything loaded, evaluated, healthy and with data: ok, with what was checked', () => {
    const result = verifyAgainst(groups, slos, healthy());
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.checked).toEqual({ ruleGroups: 4, rules: groups.reduce((n, g) => n + g.rules.length, 0), slos: 2 });
  });

  test('a group that is not loaded is named, with its object and file', () => {
    const result = verifyAgainst(groups, slos, healthy({ loadedGroups: loaded().filter((g) => g.name !== 'slo-search-latency-long-windows') }));
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{
      kind: 'group-missing',
      group: 'slo-search-latency-long-windows',
      rule: null,
      service: null,
      slo: null,
      file: 'dist/app.k8s.yaml',
      message: 'slo-search-latency-long-windows (PrometheusRule monitoring/slo-search-latency in dist/app.k8s.yaml) is not loaded',
    }]);
  });

  test('a group loaded with other rules is outdated: what is missing and what is extra, by name and count', () => {
    const server = loaded();
    const short = server.find((g) => g.name === 'slo-checkout-availability-short-windows')!;
    const rules = short.rules.filter((r) => r.name !== 'slo:sli_error:ratio_rate30m' && r.name !== 'SloErrorBudgetBurn');
    (short as any).rules = [...rules, { ...rules[0], name: 'slo:old_series:ratio' }];
    const [problem] = verifyAgainst(groups, slos, healthy({ loadedGroups: server })).problems;
    const expectedCount = groups.find((g) => g.name === short.name)!.rules.length;
    expect(problem.kind).toBe('group-outdated');
    expect(problem.message).toBe(`slo-checkout-availability-short-windows: loaded with ${rules.length + 1} rules, the manifests have ${expectedCount} `
      + '(missing: SloErrorBudgetBurn ×2, slo:sli_error:ratio_rate30m; not in the manifests: slo:old_series:ratio)');
  });

  test('a failing rule is named with the labels that tell same-named alerts apart, and its error', () => {
    const server = loaded();
    const rule = server[0].rules.find((r) => r.name === 'SloErrorBudgetBurn')!;
    Object.assign(rule, { health: 'err', lastError: 'many-to-many matching not allowed: matching labels must be unique on one side' });
    const result = verifyAgainst(groups, slos, healthy({ loadedGroups: server }));
    expect(result.problems.map((p) => [p.kind, p.group, p.rule, p.message])).toEqual([[
      'rule-failing', server[0].name, 'SloErrorBudgetBurn',
      `${server[0].name} / SloErrorBudgetBurn{1h/5m, critical}: many-to-many matching not allowed: matching labels must be unique on one side`,
    ]]);
  });

  test('a group never evaluated, and a rule of an evaluated group that is not ok yet', () => {
    const server = loaded();
    Object.assign(server[1], { lastEvaluation: NEVER });
    Object.assign(server[2].rules[0], { health: 'unknown' });
    const result = verifyAgainst(groups, slos, healthy({ loadedGroups: server }));
    expect(result.problems.map((p) => `${p.kind}: ${p.message}`)).toEqual([
      `group-not-evaluated: ${server[1].name} is loaded but has not been evaluated yet (every 60 s)`,
      `rule-not-evaluated: ${server[2].name} / ${server[2].rules[0].name}: health unknown`,
    ]);
  });

  test('an SLO without SLI series: no data, with the raw query its rule runs', () => {
    const result = verifyAgainst(groups, slos, healthy({ totalRates: bySlo(1, ALL[0]), errorRatios: bySlo(1, ALL[0]) }));
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ kind: 'no-data', service: 'search', slo: 'latency', file: 'dist/app.k8s.yaml' });
    expect(result.problems[0].message).toBe('search/latency: slo:sli_total:rate5m{slo_service="search",slo_name="latency"} and '
      + 'slo:sli_error:ratio_rate5m{slo_service="search",slo_name="latency"} have no series: its rule reads '
      + 'sum(rate(search_duration_seconds_count[5m])), which returns nothing: is the metric scraped, and do its labels match?');
  });

  test('no data because the SLO\'s group is not loaded says so; no traffic is a note, not a failure', () => {
    const noShort = verifyAgainst(groups, slos, healthy({
      loadedGroups: loaded().filter((g) => g.name !== 'slo-search-latency-short-windows'),
      totalRates: bySlo(1, ALL[0]),
    }));
    expect(noShort.problems.map((p) => p.kind)).toEqual(['group-missing', 'no-data']);
    expect(noShort.problems[1].message).toMatch(/has no series: its rule group slo-search-latency-short-windows is not loaded or not working \(see above\)$/);

    const idle = verifyAgainst(groups, slos, healthy({ totalRates: [...bySlo(0, ALL[0]), ...bySlo(3, ALL[1])] }));
    expect(idle.ok).toBe(true);
    expect(idle.notes).toEqual(['checkout/availability has no traffic in the last 5 minutes (slo:sli_total:rate5m is 0): its SLI is undefined until events arrive']);
  });

  test('an objective that differs from the manifests means the loaded rules are outdated', () => {
    const result = verifyAgainst(groups, slos, healthy({ objectives: [...bySlo(0.995, ALL[0]), ...bySlo(0.99, ALL[1])] }));
    expect(result.problems.map((p) => [p.kind, p.group, p.message])).toEqual([[
      'group-outdated', 'slo-checkout-availability-long-windows', 'checkout/availability: Prometheus records objective 0.995, the manifests say 0.999',
    ]]);
  });

  test('of several loaded groups with one name, the one in the object\'s file counts', () => {
    const server = loaded();
    // Same name and rules, but failing: only the file tells them apart.
    const impostor = {
      ...server[0],
      file: '/etc/prometheus/rules/other-namespace-thing-ffff.yaml',
      rules: server[0].rules.map((r) => ({ ...r, health: 'err', lastError: 'not ours' })),
    };
    expect(verifyAgainst(groups, slos, healthy({ loadedGroups: [impostor, ...server] })).ok).toBe(true);
  });
});

describe('verify: the report', () => {
  test('one line per problem under a heading per kind, and a summary', () => {
    const server = loaded().filter((g) => g.name !== 'slo-search-latency-long-windows');
    Object.assign(server[0].rules[0], { health: 'err', lastError: 'boom' });
    const result = verifyAgainst(groups, slos, healthy({ loadedGroups: server }));
    const text = renderVerifyReport(result, 'http://prom:9090', new Palette(false));
    expect(text).toBe([
      `FAILED: 2 problems on http://prom:9090 (checked 4 rule groups (${result.checked.rules} rules), 2 SLOs).`,
      '',
      'Rule groups not loaded (1):',
      '  slo-search-latency-long-windows (PrometheusRule monitoring/slo-search-latency in dist/app.k8s.yaml) is not loaded',
      '',
      'Rules failing (1):',
      '  slo-checkout-availability-short-windows / slo:sli_total:rate5m: boom',
      '',
    ].join('\n'));
    Object.assign(server[0].rules[0], { lastError: 'duplicate series {route="\u001b[2J"}' });
    const escaped = renderVerifyReport(verifyAgainst(groups, slos, healthy({ loadedGroups: server })), 'http://prom:9090', new Palette(false));
    expect(escaped).toContain('slo:sli_total:rate5m: duplicate series {route="\\u001b[2J"}\n');
    expect(renderVerifyReport(verifyAgainst(groups, slos, healthy()), 'http://prom:9090', new Palette(false)))
      .toMatch(/^OK: 4 rule groups \(\d+ rules\), 2 SLOs verified on http:\/\/prom:9090: every rule group is loaded and evaluating without errors, and every SLO has SLI data\.\n$/);
  });
});

describe('verify: bad manifests (exit 3, before Prometheus is asked)', () => {
  const dir = tempDir('verify-bad');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return name;
  };
  const verify = (file: string) => runCliInProcess(['verify', file, '--prometheus-url', 'http://127.0.0.1:9'], { cwd: dir });

  test.each([
    ['a YAML syntax error', 'syntax.yaml', 'kind: PrometheusRule\nspec: [unclosed\n', /^cdk8s-slo verify: syntax\.yaml:\d+: YAML error: /],
    ['a rule without record or alert', 'norecord.yaml', YAML.stringify({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'x' },
      spec: { groups: [{ name: 'g', rules: [{ expr: 'up' }] }] },
    }), /^cdk8s-slo verify: norecord\.yaml \(PrometheusRule x\): rule 1 of group g has neither a record nor an alert name\n$/],
    ['a group without a name', 'noname.yaml', YAML.stringify({
      apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'x' }, spec: { groups: [{ rules: [] }] },
    }), /^cdk8s-slo verify: noname\.yaml \(PrometheusRule x\): spec\.groups\[0\] has no name\n$/],
    ['no PrometheusRule at all', 'deployment.yaml', YAML.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } }),
      /^cdk8s-slo verify: deployment\.yaml: holds no PrometheusRule \(monitoring\.coreos\.com\) with rule groups: pass the synthesized manifests/],
  ])('%s', async (_what, name, text, stderr) => {
    const run = await verify(write(name, text));
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(stderr);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a manifest named twice (alone and through its directory) counts once', () => {
    write('dup.yaml', manifests.map((m) => YAML.stringify(m)).join('---\n'));
    fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
    fs.copyFileSync(path.join(dir, 'dup.yaml'), path.join(dir, 'sub', 'dup.yaml'));
    const expected = readExpectedRules(['dup.yaml', 'sub', 'dup.yaml'], dir);
    expect(expected.groups).toHaveLength(4);
    expect(expected.slos).toHaveLength(2);
  });

  test('without PATHS it is a usage error', async () => {
    const run = await runCliInProcess(['verify', '--prometheus-url', 'http://127.0.0.1:9']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cdk8s-slo verify: missing argument PATHS (see: cdk8s-slo verify --help)\n');
  });

  test('a --wait that is not a duration is a usage error', async () => {
    const run = await runCliInProcess(['verify', 'x.yaml', '--prometheus-url', 'http://127.0.0.1:9', '--wait', 'soon']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^cdk8s-slo verify: --wait "soon" is not a duration/);
  });
});
