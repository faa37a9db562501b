/**
 * VictoriaMetrics process control: a single-node `victoria-metrics` on a free loopback port that scrapes
 * the live exporter, `vmctl prometheus` imports of Prometheus blocks into it, and `vmalert` evaluating a
 * rule file against it, with a loopback sink for its alert notifications. Every process started is
 * stopped when the bench exits; as a last resort coreutils' `timeout` caps each one's lifetime.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import * as YAML from 'yaml';
import { freeLoopbackPort, LOOPBACK, sleep } from './prometheus';
import { runCommand } from './promtool';

/** The VictoriaMetrics binaries the bench runs. */
export interface VmTools {
  readonly victoriaMetrics: string;
  readonly vmalert: string;
  readonly vmctl: string;
}

const INSTALL_HINT = 'Install them with: apt-get install -y victoria-metrics (or leave VictoriaMetrics out with BENCH_SKIP=vm)';

/** The binaries from the PATH (or VICTORIA_METRICS, VMALERT, VMCTL), each checked by running it. */
export function requireVmTools(): VmTools {
  const probe = (name: string, envVariable: string, args: string[]): string => {
    const binary = process.env[envVariable] ?? name;
    const result = spawnSync(binary, args, { encoding: 'utf8' });
    if (result.error || result.status !== 0) {
      throw new Error(`the benchmark needs ${name} ("${binary} ${args.join(' ')}" failed: ${result.error?.message ?? result.stderr.slice(-500)}). ${INSTALL_HINT}`);
    }
    return binary;
  };
  return {
    victoriaMetrics: probe('victoria-metrics', 'VICTORIA_METRICS', ['-version']),
    vmalert: probe('vmalert', 'VMALERT', ['-version']),
    vmctl: probe('vmctl', 'VMCTL', ['prometheus', '--help']),
  };
}

/** Debian's package version of VictoriaMetrics (its binaries print an empty version), for the report. */
export function victoriaMetricsVersion(): string {
  const result = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'victoria-metrics'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() !== '' ? `victoria-metrics ${result.stdout.trim()} (Debian)` : 'victoria-metrics (version unknown)';
}

/** A process lives at most this long (seconds), whatever happens to the bench. */
const MAX_LIFETIME_SECONDS = Number(process.env.BENCH_SERVER_MAX_SECONDS ?? 4 * 3600);

/** Processes running now, killed on exit. */
const running = new Set<VmProcess>();

/** Kills every VictoriaMetrics process still running (exit handler; synchronous). */
export function killAllVmProcesses(): void {
  for (const p of running) p.kill();
}

/** A long-running VictoriaMetrics process on a loopback port, logging to a file. */
export class VmProcess {
  public readonly url: string;
  public readonly logFile: string;
  private readonly child: ChildProcess;
  private readonly exit: Promise<void>;
  private exited: string | undefined;

  public constructor(binary: string, args: readonly string[], port: number, runDir: string, public readonly name: string) {
    this.url = `http://${LOOPBACK}:${port}`;
    fs.mkdirSync(runDir, { recursive: true });
    this.logFile = path.join(runDir, `${name}.log`);
    const log = fs.openSync(this.logFile, 'a');
    const cap = spawnSync('timeout', ['--version']).status === 0
      ? ['timeout', '--foreground', '--kill-after=10s', `${MAX_LIFETIME_SECONDS}s`] : [];
    const [command, ...rest] = [...cap, binary, ...args];
    this.child = spawn(command, rest, { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    running.add(this);
    this.exit = new Promise((resolve) => this.child.on('exit', (code, signal) => {
      this.exited = `exited with ${signal ?? `code ${code}`}`;
      running.delete(this);
      resolve();
    }));
    this.child.on('error', (error) => {
      this.exited = `could not be started: ${error.message}`;
      running.delete(this);
    });
  }

  /** '' once `readyPath` answers 200, else why not (the process exited, or the time ran out). */
  public async waitReady(readyPath: string, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited !== undefined) return `${this.name} ${this.exited}; log: ${this.logTail()}`;
      try {
        const response = await fetch(`${this.url}${readyPath}`, { signal: AbortSignal.timeout(5_000) });
        if (response.ok) return '';
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    return `${this.name} not ready at ${this.url} within ${timeoutMs} ms; log: ${this.logTail()}`;
  }

  /** The process's own metrics, in the text format. */
  public async metricsText(): Promise<string> {
    const response = await fetch(`${this.url}/metrics`, { signal: AbortSignal.timeout(30_000) });
    return response.text();
  }

  /** Why the process is gone, or undefined while it runs. */
  public get exitReason(): string | undefined {
    return this.exited;
  }

  /** SIGTERM to the process itself (not its `timeout` wrapper), SIGKILL after 30 s. */
  public async stop(): Promise<void> {
    if (this.exited !== undefined || this.child.pid === undefined) return;
    try {
      process.kill(childrenOf(this.child.pid)[0] ?? this.child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const killer = setTimeout(() => this.kill(), 30_000);
    await this.exit;
    clearTimeout(killer);
  }

  public kill(): void {
    if (this.exited !== undefined || this.child.pid === undefined) return;
    const pids = [this.child.pid, ...childrenOf(this.child.pid)];
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  public logTail(lines = 20): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Lines of the log that report an error (vmalert logs each failed rule evaluation). */
  public errorLines(limit = 5): string[] {
    try {
      return fs.readFileSync(this.logFile, 'utf8').split('\n').filter((l) => /\t(error|fatal)\t/.test(l)).slice(0, limit);
    } catch {
      return [];
    }
  }
}

function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export interface VictoriaMetricsOptions {
  readonly runDir: string;
  readonly name: string;
  /** Scraped every `scrapeInterval` with honor_labels, as the Prometheus servers do. */
  readonly scrapeTargets: readonly string[];
  readonly scrapeInterval: string;
}

/**
 * Starts a single-node VictoriaMetrics with empty storage in `runDir`. Long retention (the imported
 * history is days old); no rollup cache (vmalert writes the series its rules read, and a cache would
 * time repeated reads of the same history); no latency offset, so recent samples are read as Prometheus
 * reads them.
 */
export async function startVictoriaMetrics(binary: string, options: VictoriaMetricsOptions): Promise<VmProcess> {
  const scrapeConfig = path.join(options.runDir, `${options.name}.scrape.yaml`);
  fs.mkdirSync(options.runDir, { recursive: true });
  fs.writeFileSync(scrapeConfig, YAML.stringify({
    global: { scrape_interval: options.scrapeInterval, scrape_timeout: '10s' },
    scrape_configs: [{ job_name: 'bench', honor_labels: true, static_configs: [{ targets: options.scrapeTargets }] }],
  }));
  let failure = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freeLoopbackPort();
    const server = new VmProcess(binary, [
      `-storageDataPath=${path.join(options.runDir, `${options.name}-storage`)}`,
      `-httpListenAddr=${LOOPBACK}:${port}`,
      '-retentionPeriod=10y',
      '-search.disableCache',
      '-search.latencyOffset=0s',
      `-promscrape.config=${scrapeConfig}`,
    ], port, options.runDir, options.name);
    failure = await server.waitReady('/health', 120_000);
    if (failure === '') return server;
    await server.stop();
    if (!/address already in use/i.test(failure)) break;
  }
  throw new Error(`victoria-metrics (${options.name}) did not become ready: ${failure}`);
}

const shellQuote = (word: string) => `'${word.replace(/'/g, "'\\''")}'`;

/**
 * Imports a Prometheus snapshot (a directory of blocks) with `vmctl prometheus`, then flushes; returns the
 * samples imported. vmctl 1.79 draws a progress bar that needs a terminal whatever its flags say, so it
 * runs under util-linux's `script`, which gives it a pseudo-terminal.
 */
export async function importPrometheusBlocks(vmctl: string, snapshotDir: string, server: VmProcess): Promise<number> {
  const command = [vmctl, 'prometheus', `--prom-snapshot=${snapshotDir}`, `--vm-addr=${server.url}`, '-s', '--vm-disable-progress-bar'];
  const result = await runCommand('script', ['-qec', command.map(shellQuote).join(' '), '/dev/null']);
  if (result.status !== 0 || !/Import finished/.test(result.output)) {
    throw new Error(`vmctl prometheus --prom-snapshot=${snapshotDir} failed with status ${result.status}:\n${result.output.slice(-4000)}`);
  }
  // Make every imported sample searchable before timing starts.
  const flush = await fetch(`${server.url}/internal/force_flush`, { signal: AbortSignal.timeout(120_000) });
  if (!flush.ok) throw new Error(`${server.name}: /internal/force_flush answered ${flush.status}`);
  return Number(/total samples:\s*(\d+)/.exec(result.output)?.[1] ?? NaN);
}

export interface VmalertOptions {
  readonly ruleFile: string;
  readonly datasourceUrl: string;
  readonly notifierUrl: string;
  /** For groups without an interval of their own. */
  readonly evaluationInterval: string;
  readonly runDir: string;
  readonly name: string;
}

/**
 * Starts vmalert evaluating one rule file against VictoriaMetrics, writing recorded series back to it.
 * Resolves with the process, or with why it did not start (e.g. a rule VictoriaMetrics cannot parse).
 */
export async function startVmalert(binary: string, options: VmalertOptions): Promise<{ process?: VmProcess; failure: string }> {
  let failure = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freeLoopbackPort();
    const vmalert = new VmProcess(binary, [
      `-rule=${options.ruleFile}`,
      `-datasource.url=${options.datasourceUrl}`,
      `-remoteWrite.url=${options.datasourceUrl}`,
      `-notifier.url=${options.notifierUrl}`,
      `-evaluationInterval=${options.evaluationInterval}`,
      `-httpListenAddr=${LOOPBACK}:${port}`,
    ], port, options.runDir, options.name);
    failure = await vmalert.waitReady('/health', 60_000);
    if (failure === '') return { process: vmalert, failure };
    await vmalert.stop();
    if (!/address already in use/i.test(failure)) break;
  }
  return { failure };
}

/** An Alertmanager stand-in on loopback that accepts every notification (vmalert needs one for alerting rules). */
export async function startAlertSink(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://${LOOPBACK}:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
