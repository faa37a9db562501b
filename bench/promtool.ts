/**
 * promtool: `check rules`, and backfilling with `tsdb create-blocks-from openmetrics` (raw counters)
 * and `tsdb create-blocks-from rules` (recorded series, evaluated over the past against a running server).
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';

/** Commands running now, killed on exit. */
const runningCommands = new Set<ChildProcess>();

export interface CommandResult {
  readonly status: number | null;
  readonly output: string;
}

/** Runs a command to completion, capturing stdout and stderr (the last 64 kB of them). */
export function runCommand(command: string, args: readonly string[], cwd?: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    runningCommands.add(child);
    let output = '';
    const append = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.length > 128 * 1024) output = output.slice(-64 * 1024);
    };
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    child.on('error', (error) => {
      runningCommands.delete(child);
      reject(error);
    });
    child.on('close', (status) => {
      runningCommands.delete(child);
      resolve({ status, output });
    });
  });
}

/** Kills every command still running (exit handler). */
export function killRunningCommands(): void {
  for (const child of runningCommands) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

async function mustRun(command: string, args: readonly string[]): Promise<string> {
  const result = await runCommand(command, args);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with status ${result.status}:\n${result.output.slice(-4000)}`);
  }
  return result.output;
}

/** `promtool check rules`: ok is the exit code (promtool prints warnings but exits 0 for lint findings). */
export async function checkRules(promtool: string, file: string): Promise<CommandResult> {
  return runCommand(promtool, ['check', 'rules', file]);
}

/**
 * Backfills an OpenMetrics file into blocks in `outputDir`. Blocks are cut at multiples of
 * `maxBlockDuration` (promtool's hidden flag), as a compacted Prometheus would hold the history.
 */
export async function blocksFromOpenMetrics(promtool: string, file: string, outputDir: string, maxBlockDuration: string): Promise<void> {
  fs.mkdirSync(outputDir, { recursive: true });
  await mustRun(promtool, ['tsdb', 'create-blocks-from', `--max-block-duration=${maxBlockDuration}`, 'openmetrics', '--quiet', file, outputDir]);
}

/**
 * Evaluates the recording rules of `ruleFiles` over [startSeconds, endSeconds] against the server at
 * `url` and writes the results as blocks into `outputDir`: one block per rule and range of
 * `maxBlockDuration`, cut at its multiples. Each group is evaluated at its own interval and offset.
 */
export async function blocksFromRules(
  promtool: string, url: string, ruleFiles: readonly string[], startSeconds: number, endSeconds: number, outputDir: string, maxBlockDuration: string,
): Promise<void> {
  fs.mkdirSync(outputDir, { recursive: true });
  await mustRun(promtool, [
    'tsdb', 'create-blocks-from', `--max-block-duration=${maxBlockDuration}`, 'rules', '--quiet',
    `--url=${url}`, `--start=${startSeconds}`, `--end=${endSeconds}`, `--output-dir=${outputDir}`,
    ...ruleFiles,
  ]);
}
