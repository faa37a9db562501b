/**
 * Corpus, as real processes (the `cdk8s-slo` bin script under Node.js): what only a process shows —
 * exit codes as the shell sees them, Node.js's own warnings, memory and aborts.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { deepBlockYaml, deepFlowYaml, PASSWORD, RAW_CONTROL } from './corpus';
import { tempDir } from '../../../test/helpers/promtool';
import { CLI_PROCESS_ARGS, CLI_PROCESS_ENV, CliRun, PROJECT_ROOT, runCliProcess } from '../helpers/cli';
import { hostilePrometheus, HostilePrometheus, vectorAnswer } from '../helpers/hostile-prometheus';

let dir: string;
let server: HostilePrometheus | undefined;
beforeEach(() => {
  dir = tempDir('hostile-process');
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The run's stderr is exactly one line, the error. */
function expectOneLineError(run: CliRun, code: number, fragment: string): void {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code, stderr: expect.stringContaining(fragment) });
  expect(run.stderr.split('\n')).toHaveLength(2);
  expect(run.stderr).not.toMatch(RAW_CONTROL);
  expect(run.stderr).not.toContain(PASSWORD);
}

test('--timeout 25d: a usage error, and no TimeoutOverflowWarning', async () => {
  server = await hostilePrometheus(() => vectorAnswer([]));
  const run = await runCliProcess(['status', '--prometheus-url', server.url, '--timeout', '25d']);
  expectOneLineError(run, 2, 'cdk8s-slo status: --timeout "25d" is longer than Node.js timers can wait');
  expect(server.requests).toEqual([]);
});

test('two files nested 1000 deep: two findings, exit 1, no abort', async () => {
  fs.writeFileSync(path.join(dir, 'a.yaml'), deepFlowYaml(1000));
  fs.writeFileSync(path.join(dir, 'b.yaml'), deepBlockYaml(1000));
  const run = await runCliProcess(['validate', 'a.yaml', 'b.yaml'], { cwd: dir });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(1);
  expect(run.stdout).toContain('a.yaml:1: error: the file is nested more than 200 levels deep');
  expect(run.stdout).toContain('b.yaml:200: error: the file is nested more than 200 levels deep');
});

test('an answer of the wrong shape: exit 4, one line', async () => {
  server = await hostilePrometheus(() => ({ json: { status: 'success', data: { resultType: 'vector', result: {} } } }));
  const run = await runCliProcess(['status', '--prometheus-url', `http://sre:${PASSWORD}@${server.host}`]);
  expectOneLineError(run, 4, `cdk8s-slo status: Prometheus at ${server.url} answered with an unexpected shape: data.result is an object, expected a list`);
});

test('PROMETHEUS_URL that is not a URL: the variable is named, the password is not shown', async () => {
  const run = await runCliProcess(['status'], { env: { PROMETHEUS_URL: `http://sre:${PASSWORD}@bad host` } });
  expectOneLineError(run, 2, 'cdk8s-slo status: PROMETHEUS_URL "http://***@bad host" is not a URL');
});

test('a warning the YAML reader gives for every document is printed once', async () => {
  const document = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  ? [x]\n  : y\n`;
  fs.writeFileSync(path.join(dir, 'keys.yaml'), `${document('a')}---\n${document('b')}`);
  const run = await runCliProcess(['plan', '--base', 'keys.yaml', 'keys.yaml'], { cwd: dir });
  expect(run.code).toBe(0);
  const warnings = run.stderr.split('\n').filter((line) => line !== '');
  expect(warnings).toEqual([expect.stringMatching(/^cdk8s-slo: warning: Warning: Keys with collection values will be stringified/)]);
});

test('an endless answer: refused at the cap, with memory bounded by it', async () => {
  server = await hostilePrometheus(() => ({ stream: { chunks: 700, chunkBytes: 1024 ** 2 } }));
  const run = await new Promise<CliRun & { maxRssKb: number }>((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'maxrss=%M', process.execPath, ...CLI_PROCESS_ARGS, 'status', '--prometheus-url', server!.url], {
      cwd: PROJECT_ROOT, env: { PATH: process.env.PATH, ...CLI_PROCESS_ENV }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const rss = /maxrss=(\d+)\n$/.exec(stderr);
      // time(1) adds its own lines: "Command exited with non-zero status 4" and the figure.
      resolve({ code: code ?? -1, stdout, stderr: stderr.replace(/(Command exited with non-zero status \d+\n)?maxrss=\d+\n$/, ''), maxRssKb: Number(rss?.[1]) });
    });
  });
  expectOneLineError(run, 4, 'the answer is larger than 64 MB, the --max-answer-size');
  expect(server.streamedBytes()).toBeLessThan(200 * 1024 ** 2);
  // Node.js with ts-node alone takes about 250 MB; the answer adds at most a few times the cap.
  expect(run.maxRssKb).toBeLessThan(700 * 1024);
  process.stdout.write(`peak memory of the CLI refusing a 700 MB answer: ${Math.round(run.maxRssKb / 1024)} MB\n`);
});

test.each([
  [['--version'], 3],
  [['validate', 'cli/test/fixtures/validate'], 1],
])('stdout on a full disk (%j): one line, never exit 0 or 70, no stack trace', async (args, code) => {
  const full = fs.openSync('/dev/full', 'w');
  try {
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [...CLI_PROCESS_ARGS, ...args], {
        cwd: PROJECT_ROOT, env: { PATH: process.env.PATH, ...CLI_PROCESS_ENV }, stdio: ['ignore', full, 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (exitCode) => resolve({ code: exitCode, stderr }));
    });
    expect(run).toEqual({ code, stderr: 'cdk8s-slo: cannot write to stdout: no space left on the device\n' });
  } finally {
    fs.closeSync(full);
  }
});

test('a kubeconfig nested 1000 deep: one line, exit 3', async () => {
  fs.writeFileSync(path.join(dir, 'kubeconfig.yaml'), deepFlowYaml(1000));
  const run = await runCliProcess(['discover', '--kubeconfig', 'kubeconfig.yaml'], { cwd: dir });
  expectOneLineError(run, 3, 'kubeconfig.yaml: is not a usable kubeconfig: nested more than 200 levels deep (at line 1)');
});
