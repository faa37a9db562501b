import * as fs from 'fs';
import * as path from 'path';
import { EXIT_CODE_HELP } from '../src/exit-codes';
import { PROJECT_ROOT, runCliInProcess, runCliProcess } from './helpers/cli';

describe('cdk8s-slo (the command line)', () => {
  test('without a command it prints the command list and exits 2', async () => {
    const run = await runCliInProcess([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^Usage: cdk8s-slo <command>/);
    for (const command of ['discover', 'generate', 'validate', 'plan', 'status', 'report', 'verify']) {
      expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
  });

  test('an unknown command is a one-line usage error, exit 2', async () => {
    const run = await runCliInProcess(['deploy']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cdk8s-slo: unknown command "deploy". Commands: discover, generate, import, validate, plan, export, status, report, verify (see: cdk8s-slo --help)\n');
  });

  test.each(['discover', 'generate', 'import', 'validate', 'plan', 'export', 'status', 'report', 'verify'])('%s --help documents options, exit codes and examples', async (command) => {
    const run = await runCliInProcess([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: cdk8s-slo ${command} `));
    expect(run.stdout).toContain('--json');
    expect(run.stdout).toMatch(/Exit codes:\n {2}0 {3}success/);
    expect(run.stdout).toContain('Examples:');
  });

  test('an unknown option is a usage error naming it', async () => {
    const run = await runCliInProcess(['status', '--frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^cdk8s-slo status: Unknown option '--frobnicate'.*\(see: cdk8s-slo status --help\)\n$/);
  });

  test('the bin script runs as a real process and prints the version', async () => {
    const run = await runCliProcess(['--version']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('exit codes', () => {
  test('the README documents exactly the exit codes the CLI uses', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('### Exit codes');
    const section = readme.slice(start, readme.indexOf('\n### ', start + 1));
    const documented = [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(documented).toEqual(EXIT_CODE_HELP.map(([code]) => code));
  });
});
