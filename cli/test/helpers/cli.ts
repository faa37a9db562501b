/**
 * Runs the `cdk8s-slo` CLI in tests: in-process (fast, most tests) or as a real process started the way
 * `npx cdk8s-slo` starts it, through its bin script (for exit codes, streams, and the Kubernetes client,
 * which is an ES module that only a real Node.js process can load).
 */
import { spawn } from 'child_process';
import * as path from 'path';
import { CliIo } from '../../src/cli-io';
import { runCli } from '../../src/main';

/** The repository's root (README, examples, the library's sources); the CLI package is in `cli/`. */
export const PROJECT_ROOT = path.join(__dirname, '..', '..', '..');
/** The CLI package's folder. */
export const CLI_ROOT = path.join(PROJECT_ROOT, 'cli');

/**
 * How tests start the CLI as a real process, on sources: Node.js with ts-node (transpiling only) and
 * tsconfig-paths, which maps the CLI's `cdk8s-slo/lib/*` imports to the library's sources.
 */
export const CLI_PROCESS_ARGS: readonly string[] = [
  '-r', require.resolve('ts-node/register/transpile-only'),
  '-r', require.resolve('tsconfig-paths/register'),
  path.join(CLI_ROOT, 'src/bin.ts'),
];
/** The environment those processes need to find the CLI's TypeScript project. */
export const CLI_PROCESS_ENV = { TS_NODE_PROJECT: path.join(CLI_ROOT, 'tsconfig.dev.json') };

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  /** @default the project root */
  readonly cwd?: string;
  /** Environment variables (the process's own are not passed in-process). */
  readonly env?: Record<string, string | undefined>;
  /** Pretend stdout and stderr are terminals. @default false */
  readonly tty?: boolean;
  /** The clock, in ms since the epoch. @default Date.now */
  readonly now?: () => number;
}

/** Runs the CLI in this process with captured output. */
export async function runCliInProcess(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    stdoutIsTty: options.tty ?? false,
    stderrIsTty: options.tty ?? false,
    env: options.env ?? {},
    cwd: options.cwd ?? PROJECT_ROOT,
    now: options.now ?? Date.now,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** Runs the CLI's bin script in a new Node.js process (TypeScript transpiled on the fly by ts-node). */
export function runCliProcess(args: string[], options: CliRunOptions & { readonly timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI_PROCESS_ARGS, ...args], {
      cwd: options.cwd ?? PROJECT_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...CLI_PROCESS_ENV, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) reject(new Error(`cdk8s-slo ${args.join(' ')} was killed by ${signal}; stderr: ${stderr}`));
      else resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
