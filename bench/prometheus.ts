/**
 * Prometheus server control: start Debian's `prometheus` on a free loopback port, wait until ready, talk
 * to its HTTP API, stop it by its process id. Every server started is stopped when the bench exits, even
 * on an error or Ctrl-C; as a last resort coreutils' `timeout` caps each server's lifetime.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import * as YAML from 'yaml';

/** The benchmark only listens on and talks to the loopback address. */
export const LOOPBACK = '127.0.0.1';

/** A server lives at most this long (seconds), whatever happens to the bench (BENCH_SERVER_MAX_SECONDS). */
const MAX_LIFETIME_SECONDS = Number(process.env.BENCH_SERVER_MAX_SECONDS ?? 4 * 3600);

/** Servers running now, stopped on exit. */
const running = new Set<PrometheusServer>();

/** A binary from the PATH (or an environment variable), checked with `--version`. */
export function requireBinary(name: string, envVariable: string): string {
  const binary = process.env[envVariable] ?? name;
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`the benchmark needs ${name} ("${binary} --version" failed: ${probe.error?.message ?? probe.stderr}). `
      + 'Install it with: apt-get install -y prometheus');
  }
  return binary;
}

/** The first line of `<binary> --version`, e.g. `prometheus, version 2.42.0+ds (...)`. */
export function binaryVersion(binary: string): string {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return `${probe.stdout}${probe.stderr}`.split('\n')[0].trim();
}

/** A port that was free on the loopback address a moment ago. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, LOOPBACK, () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface ServerOptions {
  /** The TSDB directory. */
  readonly dataDir: string;
  /** Where the configuration file and the log go. */
  readonly runDir: string;
  /** A short name for logs and file names. */
  readonly name: string;
  readonly ruleFiles?: readonly string[];
  /** Scrape targets (`127.0.0.1:port`), scraped with honor_labels so their `job` and `instance` labels win. */
  readonly scrapeTargets?: readonly string[];
  /** @default '1m' */
  readonly scrapeInterval?: string;
  /** @default 300000 (loading many blocks takes a while) */
  readonly readyTimeoutMs?: number;
}

/**
 * Starts a server and waits until `/-/ready`. Retention is long (backfilled data is days old) and
 * leveled compaction is off (`--storage.tsdb.max-block-duration=2h`): blocks keep the layout the bench
 * gave them, only overlapping blocks are merged.
 */
export async function startPrometheus(binary: string, options: ServerOptions): Promise<PrometheusServer> {
  let failure = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freeLoopbackPort();
    const server = new PrometheusServer(binary, port, options);
    failure = await server.waitReady(options.readyTimeoutMs ?? 300_000);
    if (failure === '') return server;
    await server.stop();
    if (!/address already in use/i.test(failure)) break;
  }
  throw new Error(`prometheus (${options.name}) did not become ready: ${failure}`);
}

export class PrometheusServer {
  /** Stops every server still running (on exit, synchronously: SIGKILL). */
  public static killAll(): void {
    for (const server of running) server.kill();
  }

  public readonly url: string;
  public readonly logFile: string;
  private readonly configFile: string;
  private readonly child: ChildProcess;
  private readonly exit: Promise<void>;
  private exited: string | undefined;
  private serverPid: number | undefined;

  public constructor(binary: string, port: number, private readonly options: ServerOptions) {
    this.url = `http://${LOOPBACK}:${port}`;
    fs.mkdirSync(options.runDir, { recursive: true });
    this.configFile = path.join(options.runDir, `${options.name}.prometheus.yaml`);
    this.writeConfig(options.ruleFiles ?? []);
    this.logFile = path.join(options.runDir, `${options.name}.log`);
    const log = fs.openSync(this.logFile, 'a');
    const cap = spawnSync('timeout', ['--version']).status === 0
      ? ['timeout', '--foreground', '--kill-after=10s', `${MAX_LIFETIME_SECONDS}s`] : [];
    const [command, ...args] = [
      ...cap,
      binary,
      `--config.file=${this.configFile}`,
      `--storage.tsdb.path=${options.dataDir}`,
      '--storage.tsdb.retention.time=3650d',
      '--storage.tsdb.min-block-duration=2h',
      '--storage.tsdb.max-block-duration=2h',
      `--web.listen-address=${LOOPBACK}:${port}`,
      // For POST /-/reload, which loads and unloads rule files.
      '--web.enable-lifecycle',
      // For snapshots of the data (head included), which the VictoriaMetrics phase imports.
      '--web.enable-admin-api',
    ];
    this.child = spawn(command, args, { stdio: ['ignore', log, log] });
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

  /**
   * Replaces the loaded rule files (none unloads every group) and waits until the server reports
   * `expectedGroups` groups.
   */
  public async loadRules(ruleFiles: readonly string[], expectedGroups: number): Promise<void> {
    this.writeConfig(ruleFiles);
    const response = await fetch(`${this.url}/-/reload`, { method: 'POST', signal: AbortSignal.timeout(120_000) });
    if (!response.ok) throw new Error(`reloading ${this.options.name} failed (${response.status}): ${await response.text()}`);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const groups = (await this.api('/api/v1/rules')).data.groups.length;
      if (groups === expectedGroups) return;
      if (Date.now() > deadline) throw new Error(`${this.options.name} reports ${groups} rule groups after a reload, expected ${expectedGroups}`);
      await sleep(200);
    }
  }

  /** The process id of the server itself (not of the `timeout` wrapper). */
  public get pid(): number | undefined {
    return this.serverPid ?? this.child.pid;
  }

  /** '' when ready, else why not. */
  public async waitReady(timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited !== undefined) return `prometheus ${this.exited}; log: ${this.logTail()}`;
      try {
        const response = await fetch(`${this.url}/-/ready`, { signal: AbortSignal.timeout(5_000) });
        if (response.ok) {
          this.serverPid = childOf(this.child.pid!);
          return '';
        }
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    return `not ready at ${this.url} within ${timeoutMs} ms; log: ${this.logTail()}`;
  }

  /** SIGTERM by process id, SIGKILL after 30 s. */
  public async stop(): Promise<void> {
    const pid = this.pid;
    if (this.exited !== undefined || pid === undefined) return;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const killer = setTimeout(() => this.kill(), 30_000);
    await this.exit;
    clearTimeout(killer);
  }

  /** SIGKILL, synchronously (for exit handlers). */
  public kill(): void {
    for (const pid of [this.serverPid, this.child.pid]) {
      if (pid === undefined || this.exited !== undefined) continue;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  /** The last lines of the server's log. */
  public logTail(lines = 20): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** GET an API endpoint; throws unless `status: "success"`. */
  public async api(endpoint: string, params: Record<string, string> = {}, timeoutMs = 120_000): Promise<any> {
    const query = new URLSearchParams(params).toString();
    const response = await fetch(`${this.url}${endpoint}${query ? `?${query}` : ''}`, { signal: AbortSignal.timeout(timeoutMs) });
    const body: any = await response.json();
    if (body.status !== 'success') {
      throw new Error(`GET ${endpoint} ${JSON.stringify(params)} failed (${response.status}): ${JSON.stringify(body).slice(0, 2000)}`);
    }
    return body;
  }

  /** An instant query; with `stats`, the answer includes `stats.samples.totalQueryableSamples`. */
  public async query(expr: string, options: { time?: number; stats?: boolean } = {}): Promise<InstantResult> {
    const params: Record<string, string> = { query: expr };
    if (options.time !== undefined) params.time = String(options.time);
    if (options.stats) params.stats = 'all';
    const body = await this.api('/api/v1/query', params);
    const data = body.data;
    const result: Array<{ metric: Record<string, string>; value: [number, string] }> = data.resultType === 'vector' ? data.result : [];
    return {
      resultType: data.resultType,
      samples: result.map((r) => ({ labels: r.metric, timestamp: r.value[0], value: Number(r.value[1]) })),
      scalar: data.resultType === 'scalar' ? Number(data.result[1]) : undefined,
      totalQueryableSamples: data.stats?.samples?.totalQueryableSamples,
    };
  }

  /**
   * A snapshot of the whole TSDB, the in-memory head included, as a directory of blocks under the data
   * directory (hard links): the same data, consistent, for another tool to read.
   */
  public async snapshot(): Promise<string> {
    const response = await fetch(`${this.url}/api/v1/admin/tsdb/snapshot`, { method: 'POST', signal: AbortSignal.timeout(600_000) });
    const body: any = await response.json();
    if (body.status !== 'success') throw new Error(`snapshot of ${this.options.name} failed (${response.status}): ${JSON.stringify(body).slice(0, 2000)}`);
    return path.join(this.options.dataDir, 'snapshots', body.data.name);
  }

  /** The server's own metrics, in the text format. */
  public async metricsText(): Promise<string> {
    const response = await fetch(`${this.url}/metrics`, { signal: AbortSignal.timeout(30_000) });
    return response.text();
  }

  private writeConfig(ruleFiles: readonly string[]): void {
    const targets = this.options.scrapeTargets ?? [];
    fs.writeFileSync(this.configFile, YAML.stringify({
      global: { scrape_interval: this.options.scrapeInterval ?? '1m', scrape_timeout: '10s', evaluation_interval: '1m' },
      rule_files: ruleFiles,
      scrape_configs: targets.length === 0 ? [] : [{
        job_name: 'bench',
        honor_labels: true,
        static_configs: [{ targets }],
      }],
    }));
  }
}

export interface InstantSample {
  readonly labels: Record<string, string>;
  readonly timestamp: number;
  readonly value: number;
}

export interface InstantResult {
  readonly resultType: string;
  readonly samples: InstantSample[];
  readonly scalar?: number;
  readonly totalQueryableSamples?: number;
}

/** The only child of a `timeout` wrapper, or the pid itself. */
function childOf(pid: number): number {
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return children.length === 1 ? children[0] : pid;
  } catch {
    return pid;
  }
}

/** Parses the text exposition format into (name, labels, value) triples. */
export function parseMetricsText(text: string): Array<{ name: string; labels: Record<string, string>; value: number }> {
  const out: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    const labelText = match[3] ?? '';
    const labelPattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
    let label: RegExpExecArray | null;
    while ((label = labelPattern.exec(labelText)) !== null) {
      labels[label[1]] = label[2].replace(/\\"/g, '"').replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
    }
    out.push({ name: match[1], labels, value: Number(match[4]) });
  }
  return out;
}
