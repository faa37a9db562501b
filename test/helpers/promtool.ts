/**
 * promtool wrappers for tests. promtool (Debian's `prometheus` package) is required: when it is missing
 * these helpers throw, so the suite fails loudly instead of skipping.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';

export interface PromtoolResult {
  readonly ok: boolean;
  readonly output: string;
}

let checkedBinary: string | undefined;

/** The promtool binary; throws with the install command when it is not on the PATH. */
export function promtoolBinary(): string {
  if (checkedBinary) return checkedBinary;
  const binary = process.env.PROMTOOL ?? 'promtool';
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`promtool is required by the test suite but "${binary} --version" failed (${probe.error?.message ?? probe.stderr}). Install it with: apt-get install -y prometheus`);
  }
  checkedBinary = binary;
  return binary;
}

/** A fresh temporary directory; the caller removes it (see `withTempDir`). */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cdk8s-slo-${prefix}-`));
}

/** Runs `work` in a fresh temporary directory and removes it afterwards (Jest never runs exit handlers). */
export function withTempDir<T>(prefix: string, work: (dir: string) => T): T {
  const dir = tempDir(prefix);
  try {
    return work(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Keeps only the fields of Prometheus's rule-file format: a PrometheusRule's spec.groups may carry
 * operator-only fields that promtool rejects.
 */
export function toRuleFile(groups: any[]): { groups: any[] } {
  return {
    groups: groups.map((group) => ({
      name: group.name,
      ...(group.interval ? { interval: group.interval } : {}),
      ...(group.limit ? { limit: group.limit } : {}),
      rules: group.rules,
    })),
  };
}

/** Writes rule groups to a rule file and returns its path. */
export function writeRuleFile(dir: string, groups: any[], fileName = 'rules.yaml'): string {
  const file = path.join(dir, fileName);
  fs.writeFileSync(file, YAML.stringify(toRuleFile(groups)));
  return file;
}

/** `promtool check rules` on the given groups; `ok` is the exit code, not the printed words. */
export function checkRules(groups: any[]): PromtoolResult {
  return withTempDir('check', (dir) => {
    const file = writeRuleFile(dir, groups);
    const result = spawnSync(promtoolBinary(), ['check', 'rules', file], { encoding: 'utf8' });
    return { ok: result.status === 0, output: `${result.stdout}\n${result.stderr}` };
  });
}

/** One `promtool test rules` test case (see Prometheus's unit-testing docs). */
export interface RuleTestCase {
  readonly interval: string;
  readonly input_series: Array<{ series: string; values: string }>;
  readonly alert_rule_test?: any[];
  readonly promql_expr_test?: Array<{ expr: string; eval_time: string; exp_samples: Array<{ labels?: string; value: number }> }>;
}

/** Checks several rule files (each a list of groups) with one `promtool check rules` run. */
export function checkRuleFiles(files: any[][]): PromtoolResult {
  return withTempDir('check', (dir) => {
    const paths = files.map((groups, index) => writeRuleFile(dir, groups, `rules-${index}.yaml`));
    const result = spawnSync(promtoolBinary(), ['check', 'rules', ...paths], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return { ok: result.status === 0, output: `${result.stdout}\n${result.stderr}` };
  });
}

/** Runs `promtool test rules` with the given groups and test cases. */
export function testRules(groups: any[], tests: RuleTestCase[]): PromtoolResult {
  return withTempDir('test', (dir) => {
    writeRuleFile(dir, groups);
    const testFile = path.join(dir, 'test.yaml');
    fs.writeFileSync(testFile, YAML.stringify({
      rule_files: ['rules.yaml'],
      evaluation_interval: '1m',
      tests,
    }));
    const result = spawnSync(promtoolBinary(), ['test', 'rules', testFile], { encoding: 'utf8', cwd: dir, maxBuffer: 64 * 1024 * 1024 });
    return { ok: result.status === 0, output: `${result.stdout}\n${result.stderr}` };
  });
}

/**
 * `promtool tsdb create-blocks-from rules`: evaluates the recording rules of `ruleFiles` at their groups'
 * intervals over [start, end] (Unix seconds) against the server at `url`, and writes the results as TSDB
 * blocks into `outputDir`. Throws with promtool's output when it fails.
 */
export function backfillRules(url: string, ruleFiles: string[], startSeconds: number, endSeconds: number, outputDir: string, maxBlockDuration = '24h'): void {
  const result = spawnSync(promtoolBinary(), [
    'tsdb', 'create-blocks-from', 'rules', '--quiet', `--max-block-duration=${maxBlockDuration}`,
    `--url=${url}`, `--start=${startSeconds}`, `--end=${endSeconds}`, `--output-dir=${outputDir}`, ...ruleFiles,
  ], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error || result.status !== 0) {
    throw new Error(`promtool tsdb create-blocks-from rules failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr}${result.stdout}`);
  }
}
