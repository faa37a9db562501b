/**
 * `cdk8s-slo export`: mimirtool namespace files and plain rule files from synthesized manifests, checked
 * by promtool (a mimirtool file without its `namespace:` key is a Prometheus rule file).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'cdk8s';
import * as YAML from 'yaml';
import { CalendarWindow, RuleEngine, Sli } from '../../src';
import { runCliInProcess } from './helpers/cli';
import { promtoolBinary, tempDir } from '../../test/helpers/promtool';
import { synthSlos } from '../../test/helpers/synth';

const CHECKOUT = path.join(__dirname, 'fixtures', 'engines', 'checkout.k8s.yaml');

/** promtool's verdict on the files (exit code, not words: it lints duplicates with exit 0). */
function promtoolCheck(files: string[]): { status: number | null; output: string } {
  const result = spawnSync(promtoolBinary(), ['check', 'rules', ...files], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('cdk8s-slo export', () => {
  const dir = tempDir('export');
  const manifests = (name: string, objects: any[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, objects.map((o) => YAML.stringify(o)).join('---\n'));
    return file;
  };
  const search = synthSlos({ service: 'search', name: 'latency', target: 0.99, indicator: Sli.ratio({ errors: 'search_total{code=~"5.."}', total: 'search_total' }) })
    .filter((m) => m.kind === 'PrometheusRule');
  const searchFile = manifests('search.k8s.yaml', search);
  let outputCount = 0;
  const freshOutput = () => {
    const output = path.join(dir, `out-${++outputCount}`);
    fs.mkdirSync(output);
    return output;
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the group fields of the engine are kept: query_offset for Mimir (and split groups), partial_response_strategy for Thanos Ruler rule files', async () => {
    const props = { service: 'pay', name: 'availability', target: 0.999, indicator: Sli.ratio({ errors: 'pay_total{code=~"5.."}', total: 'pay_total' }) };
    const mimirFile = manifests('mimir.k8s.yaml', synthSlos({ ...props, calendarWindow: CalendarWindow.MONTH, engine: RuleEngine.mimir({ maxRulesPerGroup: 12, queryOffset: Duration.seconds(90) }) }));
    const thanosFile = manifests('thanos.k8s.yaml', synthSlos({ ...props, name: 'latency', engine: RuleEngine.thanosRuler() }));

    const mimirOutput = freshOutput();
    expect((await runCliInProcess(['export', mimirFile, '--output-dir', mimirOutput])).code).toBe(0);
    const [mimirName] = fs.readdirSync(mimirOutput);
    const mimir = YAML.parse(fs.readFileSync(path.join(mimirOutput, mimirName), 'utf8'));
    // THEN every group, the split part of the calendar SLO's long-window group too, evaluates 90s in the past
    expect(mimir.groups.map((g: any) => g.name)).toContain('slo-pay-availability-long-windows-2');
    expect(mimir.groups.every((g: any) => g.query_offset === '1m30s' && g.rules.length <= 12)).toBe(true);

    const thanosOutput = freshOutput();
    expect((await runCliInProcess(['export', thanosFile, '--output-dir', thanosOutput, '--format', 'prometheus'])).code).toBe(0);
    const [thanosName] = fs.readdirSync(thanosOutput);
    const thanos = YAML.parse(fs.readFileSync(path.join(thanosOutput, thanosName), 'utf8'));
    expect(thanos.groups.map((g: any) => g.partial_response_strategy)).toEqual(['abort', 'abort']);
  });

  test('mimirtool (the default): one file per PrometheusRule, namespace <namespace>/<name>, and promtool accepts the groups', async () => {
    const output = freshOutput();
    const run = await runCliInProcess(['export', CHECKOUT, searchFile, '--output-dir', output]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(fs.readdirSync(output).sort()).toEqual(['monitoring_slo-checkout-availability.yaml', 'monitoring_slo-search-latency.yaml']);
    expect(run.stdout).toBe([
      `${output}/monitoring_slo-checkout-availability.yaml: namespace monitoring/slo-checkout-availability, 2 rule group(s)`,
      `${output}/monitoring_slo-search-latency.yaml: namespace monitoring/slo-search-latency, 2 rule group(s)`,
      '',
    ].join('\n'));

    const file = YAML.parse(fs.readFileSync(path.join(output, 'monitoring_slo-checkout-availability.yaml'), 'utf8'));
    expect(Object.keys(file)).toEqual(['namespace', 'groups']);
    expect(file.namespace).toBe('monitoring/slo-checkout-availability');
    expect(file.groups.map((g: any) => [g.name, g.interval, g.rules.length])).toEqual([
      ['slo-checkout-availability-short-windows', '1m', 12],
      ['slo-checkout-availability-long-windows', '3m', 13],
    ]);
    // The rules are the synthesized ones, field for field.
    const synthesized = YAML.parseAllDocuments(fs.readFileSync(CHECKOUT, 'utf8')).map((d) => d.toJSON());
    expect(file.groups[0].rules).toEqual(synthesized[0].spec.groups[0].rules);

    // Minus `namespace:`, each file is a Prometheus rule file: promtool checks every rule.
    const stripped = fs.readdirSync(output).map((name) => {
      const { namespace, ...ruleFile } = YAML.parse(fs.readFileSync(path.join(output, name), 'utf8'));
      expect(namespace).toMatch(/^monitoring\//);
      const target = path.join(dir, `stripped-${name}`);
      fs.writeFileSync(target, YAML.stringify(ruleFile));
      return target;
    });
    const check = promtoolCheck(stripped);
    expect(check.output).toContain('SUCCESS: 25 rules found');
    expect(check.status).toBe(0);
  });

  test('--format prometheus writes plain rule files, which promtool checks as they are', async () => {
    const output = freshOutput();
    const run = await runCliInProcess(['export', CHECKOUT, '--format', 'prometheus', '--output-dir', output, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([{
      file: path.join(output, 'monitoring_slo-checkout-availability.yaml'),
      namespace: 'monitoring/slo-checkout-availability',
      groups: ['slo-checkout-availability-short-windows', 'slo-checkout-availability-long-windows'],
    }]);
    const file = path.join(output, 'monitoring_slo-checkout-availability.yaml');
    expect(Object.keys(YAML.parse(fs.readFileSync(file, 'utf8')))).toEqual(['groups']);
    expect(promtoolCheck([file]).status).toBe(0);
  });

  test('--mimir-namespace puts every group into one namespace; the same file read twice counts once', async () => {
    const output = freshOutput();
    const run = await runCliInProcess(['export', CHECKOUT, CHECKOUT, searchFile, '--mimir-namespace', 'slo', '--output-dir', output]);
    expect(run.code).toBe(0);
    expect(fs.readdirSync(output)).toEqual(['slo.yaml']);
    const file = YAML.parse(fs.readFileSync(path.join(output, 'slo.yaml'), 'utf8'));
    expect(file.namespace).toBe('slo');
    expect(file.groups).toHaveLength(4);
  });

  test('a group name twice in one namespace, with other rules: exit 3 naming both, and nothing written', async () => {
    // The same SLO with another target, deployed in another Kubernetes namespace: fine apart, not together.
    const other = synthSlos({ service: 'search', name: 'latency', target: 0.95, indicator: Sli.ratio({ errors: 'search_total{code=~"5.."}', total: 'search_total' }) })
      .filter((m) => m.kind === 'PrometheusRule')
      .map((m) => ({ ...m, metadata: { ...m.metadata, namespace: 'staging' } }));
    const otherFile = manifests('search-staging.k8s.yaml', other);
    const apart = freshOutput();
    expect((await runCliInProcess(['export', searchFile, otherFile, '--output-dir', apart])).code).toBe(0);
    expect(fs.readdirSync(apart).sort()).toEqual(['monitoring_slo-search-latency.yaml', 'staging_slo-search-latency.yaml']);

    const together = freshOutput();
    const run = await runCliInProcess(['export', searchFile, otherFile, '--mimir-namespace', 'slo', '--output-dir', together]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`cdk8s-slo export: ${otherFile} (PrometheusRule staging/slo-search-latency): rule group slo-search-latency-short-windows `
      + `is also in ${searchFile} (PrometheusRule monitoring/slo-search-latency), with other rules; a ruler keeps one group per name in namespace "slo": `
      + 'give the groups distinct names, or leave out --mimir-namespace (one namespace per PrometheusRule)\n');
    expect(fs.readdirSync(together)).toEqual([]);
  });

  test('bad command lines and outputs', async () => {
    expect((await runCliInProcess(['export', CHECKOUT])).stderr).toBe('cdk8s-slo export: --output-dir is required: the directory to write the files into (see: cdk8s-slo export --help)\n');
    const badFormat = await runCliInProcess(['export', CHECKOUT, '--format', 'cortex', '--output-dir', dir]);
    expect([badFormat.code, badFormat.stderr]).toEqual([2, 'cdk8s-slo export: --format "cortex" must be one of mimirtool, prometheus\n']);
    const missing = await runCliInProcess(['export', CHECKOUT, '--output-dir', path.join(dir, 'nope')]);
    expect([missing.code, missing.stderr]).toEqual([3, `cdk8s-slo export: ${path.join(dir, 'nope')}: is not an existing directory: create it first\n`]);
    const noRules = await runCliInProcess(['export', path.join(__dirname, 'fixtures', 'engines', 'services.json'), '--output-dir', dir]);
    expect(noRules.code).toBe(3);
    expect(noRules.stderr).toContain('holds no PrometheusRule (monitoring.coreos.com) with rule groups');
  });
});
