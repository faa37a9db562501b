import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { Sli } from '../../src';
import { runCliInProcess, runCliProcess, PROJECT_ROOT } from './helpers/cli';
import { tempDir } from '../../test/helpers/promtool';
import { runAppModule, synthSlos } from '../../test/helpers/synth';
import { githubAnnotation } from '../src/validation/finding-output';

const FIXTURES = 'cli/test/fixtures/validate';
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function workDir(): string {
  const dir = tempDir('validate');
  dirs.push(dir);
  return dir;
}

function writeYaml(dir: string, file: string, documents: unknown[]): string {
  const target = path.join(dir, file);
  fs.writeFileSync(target, documents.map((d) => YAML.stringify(d)).join('---\n'));
  return target;
}

async function findingsOf(args: string[], cwd?: string): Promise<{ code: number; findings: any[]; summary: any }> {
  const run = await runCliInProcess(['validate', '--json', ...args], cwd ? { cwd } : {});
  expect(run.stderr).toBe('');
  return { code: run.code, ...JSON.parse(run.stdout) };
}

const availability = {
  service: 'checkout',
  name: 'availability',
  target: 0.999,
  indicator: Sli.ratio({ errors: 'http_requests_total{job="checkout",code=~"5.."}', total: 'http_requests_total{job="checkout"}' }),
};

describe('cdk8s-slo validate: clean output', () => {
  test('the acceptance example\'s synthesized output validates clean, even with --strict', async () => {
    const outdir = workDir();
    const previous = process.env.CDK8S_OUTDIR;
    process.env.CDK8S_OUTDIR = outdir;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the app synthesizes when loaded
      jest.isolateModules(() => require('../../test/fixtures/acceptance-example'));
    } finally {
      if (previous === undefined) delete process.env.CDK8S_OUTDIR;
      else process.env.CDK8S_OUTDIR = previous;
    }
    const run = await runCliInProcess(['validate', '--strict', outdir]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('1 file, 2 documents (2 PrometheusRule): no problems found\n');
    expect(run.code).toBe(0);
  });

  test('the example app\'s synth (PrometheusRules, OpenSLO, dashboards, AlertmanagerConfig) validates clean', async () => {
    // Synthesized here, as `cdk8s synth` does, into a fresh directory: examples/dist is not committed.
    const outdir = workDir();
    runAppModule(path.join(PROJECT_ROOT, 'examples/main'), outdir);
    const result = await findingsOf(['--strict', outdir]);
    expect(result.findings).toEqual([]);
    expect(result.summary).toMatchObject({ files: 6, errors: 0, warnings: 0, kinds: { PrometheusRule: 18, OpenSLO: 189 } });
    expect(result.code).toBe(0);
  });
});

describe('cdk8s-slo validate: corpora of bad documents', () => {
  test('every finding names its file, line, document and field', async () => {
    const result = await findingsOf([FIXTURES]);
    expect(result.code).toBe(1);
    expect(result.findings.length).toBeGreaterThanOrEqual(17);
    for (const finding of result.findings) {
      expect(finding.file).toMatch(/^cli\/test\/fixtures\/validate\/[a-z-]+\.yaml$/);
      expect(finding.line).toBeGreaterThan(0);
      expect(finding.document).toBe(1);
      if (finding.check !== 'yaml') expect(finding.field).toMatch(/^(spec|slos|metadata)/);
    }
  });

  test('PrometheusRule: structure, PromQL, durations, label values and the SLO conventions', async () => {
    const { findings } = await findingsOf([`${FIXTURES}/bad-prometheus-rule.yaml`]);
    const at = (line: number, field: string) => findings.find((f) => f.line === line && f.field === field);
    expect(at(10, 'spec.groups[0].interval')).toMatchObject({ severity: 'error', message: '"1 minute" is not a Prometheus duration such as 30s, 5m or 1h30m' });
    expect(at(13, 'spec.groups[0].rules[0].expr')).toMatchObject({ severity: 'error', check: 'slo', message: expect.stringMatching(/^SLO checkout\/availability: target must be a number strictly between 0 and 1 .*got 1\.5$/) });
    expect(at(18, 'spec.groups[0].rules[1].expr')).toMatchObject({ severity: 'error', check: 'promql', message: 'does not parse as PromQL: unexpected end of expression' });
    expect(at(24, 'spec.groups[0].rules[2].for')).toMatchObject({ severity: 'error' });
    expect(at(25, 'spec.groups[0].rules[2].labels')).toMatchObject({ severity: 'warning', message: expect.stringContaining('has no severity label') });
    expect(at(28, 'spec.groups[0].rules[3].expr')).toMatchObject({ message: 'is required: the PromQL expression of the rule' });
    expect(at(29, 'spec.groups[0].rules[3].expression')).toMatchObject({ message: expect.stringContaining('is not a field of a rule') });
    expect(at(30, 'spec.groups[0].rules[3].annotations')).toMatchObject({ message: expect.stringContaining('a recording rule cannot have annotations') });
    expect(at(32, 'spec.groups[1].name')).toMatchObject({ message: expect.stringContaining('"slo-checkout-availability" is also used by spec.groups[0]') });
    expect(at(37, 'spec.groups[1].rules[0].labels.priority')).toMatchObject({ message: 'must be a string (quote it), got number 1' });
    expect(findings).toHaveLength(10);
  });

  test('PrometheusRule: what Prometheus refuses (RE2, empty-matching selectors, types, escapes, templates) is found as synth finds it', async () => {
    const { findings } = await findingsOf([`${FIXTURES}/hostile-prometheus-rule.yaml`]);
    const at = (line: number, field: string) => findings.find((f) => f.line === line && f.field === field);
    expect(at(11, 'spec.groups[0].rules[0].expr')).toMatchObject({ severity: 'error', check: 'promql', message: expect.stringContaining('not valid RE2 syntax') });
    expect(at(13, 'spec.groups[0].rules[1].expr')).toMatchObject({ severity: 'error', message: expect.stringContaining('excludes the empty string') });
    expect(at(15, 'spec.groups[0].rules[2].expr')).toMatchObject({ severity: 'error', message: expect.stringContaining('needs a range vector') });
    expect(at(17, 'spec.groups[0].rules[3].expr')).toMatchObject({ severity: 'error', message: expect.stringContaining('invalid escape sequence \\xZZ') });
    expect(at(23, 'spec.groups[0].rules[4].annotations.summary')).toMatchObject({ severity: 'error', message: expect.stringContaining('unclosed action') });
    expect(at(24, 'spec.groups[0].rules[4].annotations.runbook-url')).toMatchObject({ severity: 'error', message: expect.stringContaining('not a valid annotation name') });
    // A rule file may use query: only the library's own alert text needs the opt-in.
    expect(findings.filter((f) => f.severity === 'error')).toHaveLength(6);
  });

  test('OpenSLO, Sloth and Pyrra documents: the importers\' field-named errors, on their lines', async () => {
    const all = await findingsOf([`${FIXTURES}/bad-openslo.yaml`, `${FIXTURES}/bad-sloth.yaml`, `${FIXTURES}/bad-pyrra.yaml`]);
    // Besides them, a notice: the Pyrra SLO takes its namespace as its service.
    expect(all.findings.filter((f) => f.severity !== 'error').map((f) => `${path.basename(f.file)}:${f.line} ${f.severity} ${f.field}`)).toEqual(['bad-pyrra.yaml:6 notice metadata.namespace']);
    const findings = all.findings.filter((f) => f.severity === 'error');
    const brief = findings.map((f) => `${path.basename(f.file)}:${f.line} ${f.check} ${f.field}`);
    expect(brief).toEqual([
      'bad-openslo.yaml:10 openslo spec.timeWindow[0].duration',
      'bad-openslo.yaml:29 openslo spec.objectives[0].target',
      'bad-pyrra.yaml:8 pyrra spec.target',
      'bad-pyrra.yaml:9 pyrra spec.window',
      'bad-pyrra.yaml:13 pyrra spec.indicator.ratio.errors.metric',
      'bad-sloth.yaml:6 sloth slos[0].objective',
      'bad-sloth.yaml:17 sloth slos[1].sli.events.error_query',
    ]);
    expect(findings[1].message).toBe('must be in [0, 1) (0.999 for 99.9%), got 1.2');
    expect(findings[5].message).toContain('an objective of 100 leaves no error budget');
    expect(findings[6].message).toContain('must contain the window placeholder {{.window}}');
    expect(findings[4].message).toContain('not an aggregation');
  });

  test('a YAML syntax error is a finding on its line; the other files are still checked', async () => {
    const { code, findings } = await findingsOf([`${FIXTURES}/broken-syntax.yaml`, `${FIXTURES}/bad-pyrra.yaml`]);
    expect(code).toBe(1);
    expect(findings.find((f) => f.check === 'yaml')).toMatchObject({ file: `${FIXTURES}/broken-syntax.yaml`, line: 9, severity: 'error', message: expect.stringMatching(/^YAML syntax error: /) });
    expect(findings.filter((f) => f.check === 'pyrra' && f.severity === 'error')).toHaveLength(3);
  });
});

describe('cdk8s-slo validate: targets and duplicates', () => {
  test('targets under 90% and over 99.99% are warnings: exit 0, or 1 with --strict', async () => {
    const dir = workDir();
    // The construct warns at synth time with the same rule validate applies afterwards.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    writeYaml(dir, 'targets.yaml', synthSlos({ ...availability, target: 0.85 }, { ...availability, name: 'strict', target: 0.99995 }));
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringContaining('target: 0.85 is below 0.9'),
      expect.stringContaining('target: 0.99995 is above 0.9999'),
    ]);
    warn.mockRestore();
    const pyrra = { apiVersion: 'pyrra.dev/v1alpha1', kind: 'ServiceLevelObjective', metadata: { name: 'loose' }, spec: { target: '85', window: '4w', indicator: { bool_gauge: { metric: 'probe_success{job="blackbox"}' } } } };
    writeYaml(dir, 'pyrra.yaml', [pyrra]);
    const result = await findingsOf([dir]);
    expect(result.code).toBe(0);
    expect(result.findings.map((f) => `${f.severity} ${path.basename(f.file)}:${f.line} ${f.field} ${f.message.slice(0, 60)}`)).toEqual([
      'notice pyrra.yaml:3 metadata.namespace Pyrra SLOs have no service: the SLO\'s service is its namespa',
      'notice pyrra.yaml:5 spec.alerting.absent Pyrra also alerts when the SLI\'s metrics are absent; cdk8s-s',
      'warning pyrra.yaml:6 spec.target SLO default/loose: target 0.85 is below 0.9: an SLO that all',
      expect.stringMatching(/^warning targets\.yaml:\d+ spec\.groups\[1\]\.rules\[\d+\]\.expr SLO checkout\/availability: target 0\.85 is below 0\.9/),
      expect.stringMatching(/^warning targets\.yaml:\d+ spec\.groups\[1\]\.rules\[\d+\]\.expr SLO checkout\/strict: target 0\.99995 is above 0\.9999/),
    ]);
    const strict = await runCliInProcess(['validate', '--strict', dir]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/: 0 errors, 3 warnings, 2 notices\n$/);
  });

  test('the same object, rule group and SLO in two files; one SLO twice in Sloth specs', async () => {
    const dir = workDir();
    const manifests = synthSlos(availability);
    writeYaml(dir, 'a.k8s.yaml', manifests);
    writeYaml(dir, 'b.k8s.yaml', manifests);
    const renamed = manifests.map((m) => ({ ...m, metadata: { ...m.metadata, name: 'copy-of-checkout' } }));
    writeYaml(dir, 'c.k8s.yaml', renamed);
    const sloth = { version: 'prometheus/v1', service: 'checkout', slos: [{ name: 'availability', objective: 99.9, sli: { events: { error_query: 'sum(rate(e[{{.window}}]))', total_query: 'sum(rate(t[{{.window}}]))' } }, alerting: {} }] };
    writeYaml(dir, 'sloth-1.yaml', [sloth]);
    writeYaml(dir, 'sloth-2.yaml', [sloth]);
    const { code, findings } = await findingsOf([dir]);
    expect(code).toBe(1);
    const brief = findings.map((f) => `${f.severity} ${path.basename(f.file)}:${f.line} ${f.field}: ${f.message.replace(/at \S+:\d+/, 'at FILE:LINE')}`);
    expect(brief).toEqual([
      'error b.k8s.yaml:6 metadata.name: PrometheusRule monitoring/slo-checkout-availability is also defined at FILE:LINE: applying both keeps only one',
      'warning b.k8s.yaml:11 spec.groups[0].name: the rule group "slo-checkout-availability-short-windows" is also defined at FILE:LINE (PrometheusRule monitoring/slo-checkout-availability): Prometheus loads both, and tools that find groups by name see one',
      'error b.k8s.yaml:13 spec.groups[0].rules[0]: SLO checkout/availability also has rules in PrometheusRule monitoring/slo-checkout-availability at FILE:LINE: both would record its series and fire its alerts',
      expect.stringMatching(/^warning b\.k8s\.yaml:\d+ spec\.groups\[1\]\.name: the rule group "slo-checkout-availability-long-windows"/),
      expect.stringMatching(/^warning c\.k8s\.yaml:11 spec\.groups\[0\]\.name: /),
      'error c.k8s.yaml:13 spec.groups[0].rules[0]: SLO checkout/availability also has rules in PrometheusRule monitoring/slo-checkout-availability at FILE:LINE: both would record its series and fire its alerts',
      expect.stringMatching(/^warning c\.k8s\.yaml:\d+ spec\.groups\[1\]\.name: /),
      'error sloth-2.yaml:4 slos[0]: SLO checkout/availability is also defined at FILE:LINE',
    ]);
    expect(findings[0].message).toContain(`${path.join(dir, 'a.k8s.yaml')}:6`);
  });
});

describe('cdk8s-slo validate: output formats and exit codes', () => {
  test('text lines read file:line: severity: message (field), then a summary', async () => {
    const run = await runCliInProcess(['validate', `${FIXTURES}/bad-pyrra.yaml`]);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')).toEqual([
      `${FIXTURES}/bad-pyrra.yaml:6: notice: Pyrra SLOs have no service: the SLO's service is its namespace, "monitoring" (or set the pyrra.dev/slo_service label) (metadata.namespace)`,
      `${FIXTURES}/bad-pyrra.yaml:8: error: must be a percentage strictly between 0 and 100 as a string, e.g. "99.9", got "ninety-nine" (spec.target)`,
      `${FIXTURES}/bad-pyrra.yaml:9: error: "4 weeks" is not a Prometheus duration (for example 5m, 1h30m, 30d) (spec.window)`,
      expect.stringMatching(new RegExp(`^${FIXTURES}/bad-pyrra\\.yaml:13: error: .* \\(spec\\.indicator\\.ratio\\.errors\\.metric\\)$`)),
      '1 file, 1 document (1 Pyrra): 3 errors, 0 warnings, 1 notice',
      '',
    ]);
  });

  test('--format github prints workflow annotations GitHub Actions turns into pull-request comments', async () => {
    const run = await runCliInProcess(['validate', '--format', 'github', `${FIXTURES}/bad-sloth.yaml`]);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')).toEqual([
      `::error file=${FIXTURES}/bad-sloth.yaml,line=6,title=cdk8s-slo validate%3A slos[0].objective::must be a percentage strictly between 0 and 100 (an objective of 100 leaves no error budget), got 100`,
      `::error file=${FIXTURES}/bad-sloth.yaml,line=17,title=cdk8s-slo validate%3A slos[1].sli.events.error_query::must contain the window placeholder {{.window}}, e.g. sum(rate(x[{{.window}}]))`,
      'cdk8s-slo validate: 1 file, 1 document (1 Sloth): 2 errors, 0 warnings',
      '',
    ]);
  });

  test('annotation values are escaped as the runner expects (%, newlines, and , : in properties)', () => {
    const line = githubAnnotation({ severity: 'warning', file: 'dist/a,b:c.yaml', line: 3, field: 'spec.x', message: '100% bad\nsecond line', check: 'slo' });
    expect(line).toBe('::warning file=dist/a%2Cb%3Ac.yaml,line=3,title=cdk8s-slo validate%3A spec.x::100%25 bad%0Asecond line');
  });

  test('a missing path is exit 3 with one line naming it (real process)', async () => {
    const run = await runCliProcess(['validate', 'no-such-dist'], { cwd: PROJECT_ROOT });
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('cdk8s-slo validate: no-such-dist: no such file or directory\n');
    expect(run.code).toBe(3);
  });

  test('bad flags are usage errors (exit 2); the default path is dist', async () => {
    expect((await runCliInProcess(['validate', '--format', 'xml', FIXTURES])).stderr).toBe('cdk8s-slo validate: --format "xml" must be one of text, github, json\n');
    expect((await runCliInProcess(['validate', '--sloth-window', 'a month', FIXTURES])).code).toBe(2);
    const dir = workDir();
    fs.mkdirSync(path.join(dir, 'dist'));
    writeYaml(path.join(dir, 'dist'), 'slos.k8s.yaml', synthSlos(availability));
    const run = await runCliInProcess(['validate'], { cwd: dir });
    expect(run.stdout).toBe('1 file, 1 document (1 PrometheusRule): no problems found\n');
    expect(run.code).toBe(0);
  });
});

