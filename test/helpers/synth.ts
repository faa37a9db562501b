/** Builds SLOs in a test chart, or runs whole cdk8s apps, and returns what they synthesize. */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { tempDir } from './promtool';
import { Slo, SloProps } from '../../src';

/** Synthesizes one chart holding the given SLOs and returns its manifests. */
export function synthSlos(...sloProps: SloProps[]): any[] {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: 'monitoring' });
  sloProps.forEach((props, index) => new Slo(chart, `slo${index}`, props));
  return Testing.synth(chart);
}

/** The rule groups of every PrometheusRule in the manifests. */
export function ruleGroupsOf(manifests: any[]): any[] {
  return manifests.filter((m) => m.kind === 'PrometheusRule').flatMap((m) => m.spec.groups);
}

/** Every rule of every group. */
export function rulesOf(groups: any[]): any[] {
  return groups.flatMap((g) => g.rules);
}

/** Synthesizes SLOs and returns their rule groups. */
export function ruleGroupsFor(...sloProps: SloProps[]): any[] {
  return ruleGroupsOf(synthSlos(...sloProps));
}

/**
 * Runs a cdk8s app module (which calls `app.synth()`) as `cdk8s synth` does, with its output in `outdir`.
 * `modulePath` is absolute, or relative to this folder.
 */
export function runAppModule(modulePath: string, outdir: string): void {
  const previous = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the app synthesizes as a side effect of loading
    jest.isolateModules(() => require(path.resolve(__dirname, modulePath)));
  } finally {
    if (previous === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = previous;
  }
}

/** Runs an app module into a fresh directory and returns its files' text by name, as `cdk8s synth` writes them. */
export function synthesizeAppFiles(modulePath: string): Map<string, string> {
  const outdir = tempDir('app-synth');
  try {
    runAppModule(modulePath, outdir);
    return new Map(fs.readdirSync(outdir).sort().map((file) => [file, fs.readFileSync(path.join(outdir, file), 'utf8')]));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Runs an app module into a fresh directory and returns its documents, file by file. */
export function synthesizeAppDocuments(modulePath: string): any[] {
  return [...synthesizeAppFiles(modulePath).values()].flatMap((text) => YAML.parseAllDocuments(text).map((document) => document.toJS()));
}
