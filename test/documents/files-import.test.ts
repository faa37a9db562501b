/**
 * SloImport.fromFiles: files and directories, each document's format detected, YAML streams and lists
 * (with or without `kind: List`), OpenSLO references and Sloth AlertWindows resolved across files, and
 * findings that name the file, the line and the field. Runs over the whole corpus of test/fixtures/corpus.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { OPENSLO_ACROSS_FILES, OPENSLO_FILES_OUTAGE, withFiles } from './imported-outage-scenarios';
import { errorOf, quietWarnings } from './samples';
import { SloImport } from '../../src';
import { importSources, readSourceTexts } from '../../src/documents/files-import';
import { DocumentImportError } from '../../src/documents/imported';
import { checkRules, testRules } from '../helpers/promtool';
import { ruleGroupsOf } from '../helpers/synth';

const CORPUS = path.join(__dirname, '..', 'fixtures', 'corpus');
const PERIOD = 30 * 86400;

/** The problems of an import that fails, or [] when it imports. */
function problemsOf(paths: string[]): string[] {
  try {
    importSources(readSourceTexts(paths), { periodSeconds: PERIOD });
    return [];
  } catch (e) {
    if (!(e instanceof DocumentImportError)) throw e;
    return [...e.problems];
  }
}

describe('the whole corpus through one import', () => {
  quietWarnings();

  test('every refusal is listed, each naming its file, line and field; one file never hides another', () => {
    const all = problemsOf([CORPUS]).map((p) => p.replace(new RegExp(`${CORPUS}/`, 'g'), ''));
    // Several examples define the same SLO, identically: read once (see the duplicates test below), no problem.
    expect(all.filter((p) => /is also defined/.test(p))).toEqual([]);
    const problems = all;
    const files = [...new Set(problems.map((p) => /^\w+: (\S+\.ya?ml) /.exec(p)?.[1]))].sort();
    expect(files).toEqual([
      'openslo/go-sdk-examples/slos.yaml',
      'openslo/spec/budgeting-method/occurences-slo.yaml',
      'openslo/spec/budgeting-method/ratio-timeslices.yaml',
      'openslo/spec/budgeting-method/timeslices-slo.yaml',
      'openslo/spec/treat-low-traffic-as-equally-important/timeslices-slo.yaml',
      'sloth/plugin-getting-started.yml',
      'sloth/plugin-k8s-getting-started.yml',
      'sloth/victoria-metrics.yml',
    ]);
    for (const problem of problems) expect(problem).toMatch(/^(Sloth|OpenSLO|Pyrra): \S+ document \d+(, item \d+)? \([^)]*\)(, line \d+)?: [\w.[\]]+: /);
    // A calendar window of one minute is no calendar period.
    expect(problems).toContainEqual(expect.stringMatching(/budgeting-method\/timeslices-slo\.yaml document 1 \(SLO "service-availability"\), line 27: spec\.timeWindow\[0\]\.duration: "1m" is not a calendar period cdk8s-slo has/));
    expect(problems).toContainEqual(expect.stringMatching(/occurences-slo\.yaml .*thresholdMetric\.metricSource\.type: must be Prometheus .*got Any/));
  });

  test('what imports: every Sloth and Pyrra example that can, and the OpenSLO v1alpha ones, with _gen skipped', () => {
    const importable = [
      ...fs.readdirSync(path.join(CORPUS, 'pyrra')).map((f) => path.join(CORPUS, 'pyrra', f)),
      ...['getting-started.yml', 'home-wifi.yml', 'kubernetes-apiserver.yml', 'raw-home-wifi.yml', 'no-alerts.yml', 'openslo-kubernetes-apiserver.yml', '_gen']
        .map((f) => path.join(CORPUS, 'sloth', f)),
    ];
    const result = importSources(readSourceTexts(importable), { periodSeconds: PERIOD });
    expect(result.slos).toHaveLength(14 + 1 + 2 + 2 + 1 + 1 + 3);
    // Sloth's generated rule files are no SLO documents: skipped, each named.
    const skipped = result.warnings.filter((w) => /not a Sloth, OpenSLO or Pyrra document/.test(w));
    const generated = fs.readdirSync(path.join(CORPUS, 'sloth', '_gen'));
    expect(new Set(skipped.map((w) => path.basename(w.split(' ')[0])))).toEqual(new Set(generated));
  });

  test('go-sdk\'s example objects resolve across files; its one SLO is refused for what go-sdk and cdk8s-slo refuse', () => {
    const problems = problemsOf([path.join(CORPUS, 'openslo', 'go-sdk-examples')]);
    // Its calendar week (from a Saturday noon in New York) is read, with warnings.
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/line 40: spec\.objectives\[0\]\.op: an objective of a ratio SLI takes no op or value \(go-sdk refuses them\)/);
  });
});

describe('SloImport.fromFiles', () => {
  quietWarnings();

  const openSlo = OPENSLO_ACROSS_FILES;

  test('OpenSLO objects in other files, lists and nested directories resolve into one SLO that pages on an outage', () => {
    withFiles(openSlo, (dir) => {
      const chart = new Chart(Testing.app(), 'files', { namespace: 'monitoring' });
      const imported = SloImport.fromFiles(chart, 'imported', [dir]);
      const groups = ruleGroupsOf(Testing.synth(chart));
      expect(imported.slos.map((s) => s._definition.name)).toEqual(['availability']);
      const definition = imported.slos[0]._definition;
      expect(definition.indicator).toEqual({ kind: 'ratio', errors: 'http_requests_total{job="checkout",code=~"5.."}', total: 'http_requests_total{job="checkout"}', grouping: [] });
      expect(definition.alerting.pairs).toEqual([expect.objectContaining({ longSeconds: 3600, severity: 'critical', labels: { channel: 'pager' } })]);
      expect(checkRules(groups).ok).toBe(true);
      const outage = OPENSLO_FILES_OUTAGE.build();
      expect(outage.groups).toEqual(groups);
      const result = testRules(outage.groups, [outage.test]);
      expect(result.output).toContain('SUCCESS');
    });
  });

  test('a missing reference names the file, line and field', () => {
    const broken = { ...openSlo, 'alerting.yml': openSlo['alerting.yml'].replace('targetRef: pager', 'targetRef: pagr') };
    withFiles(broken, (dir) => {
      const chart = new Chart(Testing.app(), 'files');
      SloImport.fromFiles(chart, 'imported', [dir]);
      expect(errorOf(() => Testing.synth(chart))).toMatch(/\[files\/imported\] yaml: OpenSLO: \S+slos\/checkout\.yaml document 1 \(SLO "checkout-availability"\).*spec\.alertPolicies\[0\]\.spec\.notificationTargets\[0\]\.targetRef: no AlertNotificationTarget document is named "pagr"/);
    });
  });

  test('Sloth AlertWindows in another file apply to the SLOs of their period', () => {
    withFiles({
      'getting-started.yml': fs.readFileSync(path.join(CORPUS, 'sloth', 'getting-started.yml'), 'utf8'),
      'windows/7d.yaml': fs.readFileSync(path.join(CORPUS, 'sloth', 'windows', '7d.yaml'), 'utf8'),
      'windows/custom-30d.yaml': fs.readFileSync(path.join(CORPUS, 'sloth', 'windows', 'custom-30d.yaml'), 'utf8'),
    }, (dir) => {
      const chart = new Chart(Testing.app(), 'files');
      const imported = SloImport.fromFiles(chart, 'imported', [dir], { period: Duration.days(7) });
      expect(imported.slos[0]._definition.alerting.pairs.map((p) => p.budgetConsumed)).toEqual([0.08, 0.125, 0.2, 0.42]);
      expect(imported.warnings).toEqual([expect.stringMatching(/windows\/custom-30d\.yaml document 1 \(AlertWindows\): spec\.sloPeriod: the windows of 30d SLOs are not used/)]);
    });
  });

  test('an SLO defined again in another file is read once when it is the same, and refused naming both when it differs', () => {
    const sloth = (objective: number) => YAML.stringify({
      version: 'prometheus/v1',
      service: 'checkout',
      slos: [{ name: 'availability', objective, sli: { events: { error_query: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))', total_query: 'sum(rate(http_requests_total[{{.window}}]))' } }, alerting: { name: 'CheckoutAvailability' } }],
    });
    withFiles({ 'a/slos.yaml': sloth(99.9), 'b/slos.yaml': sloth(99.9) }, (dir) => {
      const result = importSources(readSourceTexts([dir]), { periodSeconds: PERIOD });
      expect(result.slos).toHaveLength(1);
      expect(result.warnings).toContainEqual(expect.stringMatching(/b\/slos\.yaml .*the SLO "checkout\/availability" is also defined, identically, by \S*a\/slos\.yaml.*: read once/));
    });
    withFiles({ 'a/slos.yaml': sloth(99.9), 'b/slos.yaml': sloth(99.5) }, (dir) => {
      expect(problemsOf([dir])).toEqual([
        expect.stringMatching(/^Sloth: \S*b\/slos\.yaml .*the SLO "checkout\/availability" is also defined by \S*a\/slos\.yaml.*, differently; rename one of them or remove one$/),
      ]);
    });
  });

  test('a path that does not exist, and a file that does not parse, are named', () => {
    expect(() => readSourceTexts(['/no/such/dir'])).toThrow(/\/no\/such\/dir: no such file or directory/);
    withFiles({ 'bad.yaml': 'version: prometheus/v1\nslos: [\n', 'good.yml': fs.readFileSync(path.join(CORPUS, 'sloth', 'getting-started.yml'), 'utf8') }, (dir) => {
      expect(problemsOf([dir])).toEqual([expect.stringMatching(/bad\.yaml: the YAML does not parse:\n {2}\S+bad\.yaml document 1: /)]);
    });
  });
});
