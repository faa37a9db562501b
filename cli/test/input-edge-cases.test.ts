/**
 * Inputs and outputs at the edges, shared by every command: pipes as manifest paths, alias-heavy YAML,
 * a reader that closes stdout early, contradicting flags.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CLI_PROCESS_ARGS, CLI_PROCESS_ENV, CLI_ROOT, PROJECT_ROOT, runCliInProcess } from './helpers/cli';
import { tempDir } from '../../test/helpers/promtool';

const EXAMPLE_RULES = path.join(CLI_ROOT, 'test/fixtures/validate');

let dir: string;
beforeEach(() => {
  dir = tempDir('cli-edges');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a named pipe is read as a manifest file (as `<(git show …)` gives one)', async () => {
  const fifo = path.join(dir, 'manifests.fifo');
  expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
  const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';
  // The writer blocks until the CLI opens the pipe for reading.
  const writer = spawn('sh', ['-c', 'printf \'%s\' "$0" > "$1"', manifest, fifo]);
  const run = await runCliInProcess(['validate', fifo]);
  await new Promise((resolve) => writer.on('close', resolve));
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('1 file, 1 document');
});

test('YAML that reuses an anchor many times is read; beyond the bound it is a one-line input error', async () => {
  const aliases = (count: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: &l {team: x}\ndata:\n${Array.from({ length: count }, (_, i) => `  k${i}: *l`).join('\n')}\n`;
  fs.writeFileSync(path.join(dir, 'many.yaml'), aliases(200));
  const fine = await runCliInProcess(['plan', '--base', 'many.yaml', 'many.yaml', '--json'], { cwd: dir });
  expect(fine.stderr).toBe('');
  expect(fine.code).toBe(0);
  fs.writeFileSync(path.join(dir, 'bomb.yaml'), aliases(20_000));
  const bomb = await runCliInProcess(['plan', '--base', 'bomb.yaml', 'bomb.yaml'], { cwd: dir });
  expect(bomb.code).toBe(3);
  expect(bomb.stderr).toMatch(/^cdk8s-slo plan: bomb\.yaml: document 1: .*alias.*\n$/i);
});

test('a reader that closes stdout early does not turn a failure into exit 0', async () => {
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [...CLI_PROCESS_ARGS, 'validate', EXAMPLE_RULES], {
      cwd: PROJECT_ROOT, env: { PATH: process.env.PATH, ...CLI_PROCESS_ENV }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    // `| head -1`: read the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('close', resolve);
  });
  expect(code).toBe(1);
});

test.each([
  [['validate', '--json', '--format', 'github'], 'cdk8s-slo validate: --json and --format github contradict each other: give one of them\n'],
  [['plan', '--json', '--format', 'markdown', '--base', 'x'], 'cdk8s-slo plan: --json and --format markdown contradict each other: give one of them\n'],
  [['report', '--month', '0050-01', '--prometheus-url', 'http://127.0.0.1:1'], 'cdk8s-slo report: --month "0050-01" is not a month like 2024-05 (YYYY-MM)\n'],
])('contradicting or impossible flags are usage errors: %j', async (args, message) => {
  const run = await runCliInProcess(args);
  expect(run.stderr).toBe(message);
  expect(run.code).toBe(2);
});
