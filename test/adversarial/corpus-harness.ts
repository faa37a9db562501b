/**
 * Runs the adversarial corpus: each case builds a chart. A refused case must fail synthesis with the
 * exact `[chart/<path>] <field>: ` named and leave the output directory empty; an accepted case must
 * synthesize files that PyYAML (a strict YAML 1.1 reader) and `yaml` read, whose rules pass
 * `promtool check rules`, and whose annotations Prometheus renders as the case says. promtool and
 * python3 start once per batch, not once per case.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { promtoolBinary, tempDir, toRuleFile } from '../helpers/promtool';

/** A case that synthesis must refuse. */
export interface RefusedCase {
  readonly name: string;
  readonly build: (chart: Chart) => void;
  /** The construct path under the chart, e.g. `slo`. */
  readonly path: string;
  /** The prop named in the error, e.g. `indicator.errors`. */
  readonly field: string;
  /** Words the message must hold, when the field alone does not say enough. */
  readonly message?: RegExp;
}

/** An annotation of the generated alerts and the text Prometheus must render for it. */
export interface ExpectedRendering {
  /** The alert to read it from; the first alert with the annotation by default. */
  readonly alert?: string;
  readonly annotation: string;
  readonly rendered: string;
}

/** A case that synthesis must accept. */
export interface AcceptedCase {
  readonly name: string;
  readonly build: (chart: Chart) => void;
  readonly renders?: readonly ExpectedRendering[];
}

/** The output of refusing: the error message and the files left behind. */
export function synthRefused(build: (chart: Chart) => void): { message: string; files: string[] } {
  const outdir = tempDir('refused');
  try {
    const app = new App({ outdir });
    build(new Chart(app, 'chart'));
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    return { message, files: fs.existsSync(outdir) ? fs.readdirSync(outdir) : [] };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** What an accepted case synthesized: file texts and the rule groups of every PrometheusRule. */
export interface Synthesized {
  readonly files: Map<string, string>;
  readonly groups: any[];
}

export function synthAccepted(build: (chart: Chart) => void): Synthesized {
  const outdir = tempDir('accepted');
  try {
    const app = new App({ outdir });
    build(new Chart(app, 'chart'));
    app.synth();
    const files = new Map<string, string>();
    for (const name of fs.readdirSync(outdir)) files.set(name, fs.readFileSync(path.join(outdir, name), 'utf8'));
    const groups = [...files.values()]
      .flatMap((text) => YAML.parseAllDocuments(text).map((doc) => doc.toJS()))
      .filter((object) => object?.kind === 'PrometheusRule')
      .flatMap((object) => object.spec.groups);
    return { files, groups };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Per file, undefined when `promtool check rules` accepts it, else promtool's words. */
export function checkRuleFiles(ruleFiles: ReadonlyArray<{ groups: any[] }>): Array<string | undefined> {
  const dir = tempDir('corpus-check');
  try {
    const files = ruleFiles.map((groups, index) => {
      const file = path.join(dir, `case-${index}.yaml`);
      fs.writeFileSync(file, YAML.stringify(toRuleFile(groups.groups)));
      return file;
    });
    const result = spawnSync(promtoolBinary(), ['check', 'rules', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    // promtool prints "Checking <file>" and SUCCESS on stdout, and each file's errors on stderr.
    return files.map((file) => {
      const start = result.stdout.indexOf(`Checking ${file}\n`);
      if (start < 0) return `promtool did not check ${file}: ${result.stdout.slice(0, 300)}${result.stderr.slice(0, 300)}`;
      const next = result.stdout.indexOf('Checking ', start + 9);
      const section = result.stdout.slice(start, next < 0 ? undefined : next);
      if (/SUCCESS/.test(section)) return undefined;
      return [section, ...result.stderr.split('\n').filter((line) => line.includes(file))].join('\n');
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Renders annotation texts as Prometheus does: each goes on an always-firing alert whose series has the
 * label `job="api"` and the value 1, and `promtool test rules` must see exactly `rendered`. Returns promtool's failures, or ''.
 */
export function renderAnnotations(items: ReadonlyArray<{ text: string; rendered: string }>): string {
  const dir = tempDir('corpus-render');
  try {
    const rules = items.map((item, index) => ({
      // $labels are the labels of the expression's result: job="api", value 1.
      alert: `Render${index}`, expr: 'label_replace(vector(1), "job", "api", "", "")', annotations: { text: item.text },
    }));
    fs.writeFileSync(path.join(dir, 'rules.yaml'), YAML.stringify({ groups: [{ name: 'render', rules }] }));
    fs.writeFileSync(path.join(dir, 'test.yaml'), YAML.stringify({
      rule_files: ['rules.yaml'],
      evaluation_interval: '1m',
      tests: [{
        interval: '1m',
        input_series: [],
        alert_rule_test: items.map((item, index) => ({
          eval_time: '1m',
          alertname: `Render${index}`,
          exp_alerts: [{ exp_labels: { job: 'api' }, exp_annotations: { text: item.rendered } }],
        })),
      }],
    }));
    const result = spawnSync(promtoolBinary(), ['test', 'rules', 'test.yaml'], { encoding: 'utf8', cwd: dir, maxBuffer: 64 * 1024 * 1024 });
    return result.status === 0 ? '' : `${result.stdout}\n${result.stderr}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The python3 with PyYAML that reads YAML 1.1 strictly; throws with the install command when missing. */
function pyyaml(): string {
  // The first python3 on the PATH may be another installation than Debian's, which python3-yaml serves.
  const candidates = process.env.PYTHON ? [process.env.PYTHON] : ['python3', '/usr/bin/python3'];
  const python = candidates.find((candidate) => {
    const probe = spawnSync(candidate, ['-c', 'import yaml'], { encoding: 'utf8' });
    return !probe.error && probe.status === 0;
  });
  if (python === undefined) {
    throw new Error(`PyYAML is required by the test suite ("${candidates.join('" and "')} -c 'import yaml'" failed). Install it with: apt-get install -y python3-yaml`);
  }
  return python;
}

/**
 * Per text, undefined when PyYAML (SafeLoader: YAML 1.1, refuses control characters and breaks on U+2028
 * and U+2029 in plain and block scalars as Go's yaml.v2 does) reads every document, else its error.
 */
export function readWithPyYaml(texts: readonly string[]): Array<string | undefined> {
  const dir = tempDir('corpus-yaml');
  try {
    const files = texts.map((text, index) => {
      const file = path.join(dir, `file-${index}.yaml`);
      fs.writeFileSync(file, text, 'utf8');
      return file;
    });
    // SafeLoader has no constructor for YAML 1.1's "value" type, the plain scalar `=` that cdk8s's writer
    // leaves unquoted in AlertmanagerConfig matchers (matchType: =); Go's yaml.v2 reads it as the string "=",
    // so it is read as that string here. Everything else is PyYAML's strict YAML 1.1 reading.
    const script = [
      'import json, sys, yaml',
      'class Loader(yaml.SafeLoader): pass',
      'Loader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))',
      'out = []',
      'for name in sys.argv[1:]:',
      '    try:',
      '        with open(name, encoding="utf-8") as f: list(yaml.load_all(f, Loader=Loader))',
      '        out.append(None)',
      '    except Exception as e:',
      '        out.append(str(e))',
      'print(json.dumps(out))',
    ].join('\n');
    const result = spawnSync(pyyaml(), ['-c', script, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr}`);
    return (JSON.parse(result.stdout) as Array<string | null>).map((problem) => problem ?? undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether `yaml` reads every document of `text` as YAML 1.1 without errors or warnings. */
export function yamlProblems(text: string): string | undefined {
  const documents = YAML.parseAllDocuments(text, { version: '1.1', uniqueKeys: true, strict: true });
  const problems = documents.flatMap((doc) => [...doc.errors, ...doc.warnings].map((e) => e.message));
  return problems.length > 0 ? problems.join('; ') : undefined;
}
