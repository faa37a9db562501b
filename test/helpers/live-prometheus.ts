/**
 * A real Prometheus server for live tests: started on a free loopback port with the given rule files,
 * scraping a tiny exporter that runs in the test process. Prometheus (Debian's `prometheus` package) is
 * required: when it is missing these helpers throw, so the suite fails loudly instead of skipping.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import * as YAML from 'yaml';
import { ListeningProcess, LOOPBACK, sleep, startListening } from './managed-process';

export { freeLoopbackPort, lifetimeCap, LOOPBACK, serverProcessId, sleep } from './managed-process';


/** The prometheus binary; throws with the install command when it is not on the PATH. */
export function prometheusBinary(): string {
  const binary = process.env.PROMETHEUS ?? 'prometheus';
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `a prometheus server is required by the live tests but "${binary} --version" failed `
      + `(${probe.error?.message ?? probe.stderr}). Install it with: apt-get install -y prometheus`,
    );
  }
  return binary;
}


/** An HTTP exporter serving the Prometheus text format on the loopback address. */
export interface LiveExporter {
  /** `127.0.0.1:port`, the scrape target. */
  readonly target: string;
  /** How many times it was scraped. */
  scrapes(): number;
  close(): Promise<void>;
}

/**
 * Serves `render(elapsedSeconds)` on `/metrics`, where elapsedSeconds is the time since the exporter
 * started: counters derived from it grow at a known constant rate.
 */
export function startExporter(render: (elapsedSeconds: number) => string): Promise<LiveExporter> {
  const started = process.hrtime.bigint();
  let scrapes = 0;
  const server = http.createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    scrapes++;
    const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
    response.end(render(elapsedSeconds));
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, LOOPBACK, () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        target: `${LOOPBACK}:${port}`,
        scrapes: () => scrapes,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

/** A running Prometheus server. */
export type LivePrometheus = ListeningProcess;

export interface StartPrometheusOptions {
  /** Directory for the configuration file and the TSDB (e.g. from `tempDir`). */
  readonly workDir: string;
  /** Rule files to load. */
  readonly ruleFiles: string[];
  /** Scrape targets (`127.0.0.1:port`), scraped with `honor_labels` so their `job` labels win. */
  readonly scrapeTargets: string[];
  /** @default 1 */
  readonly scrapeIntervalSeconds?: number;
  /** How long to wait for `/-/ready`. @default 30000 */
  readonly readyTimeoutMs?: number;
  /**
   * TSDB blocks (from `backfillOpenMetrics`) copied into the new server's storage before it starts, so
   * queries see days of history at once.
   */
  readonly blocksDir?: string;
  /** `--storage.tsdb.retention.time`: backfilled history older than this is deleted at start. @default 90d */
  readonly retention?: string;
}

/**
 * Writes OpenMetrics text (timestamps in seconds, ending in `# EOF`) and turns it into TSDB blocks with
 * `promtool tsdb create-blocks-from openmetrics`; returns the blocks directory for `blocksDir`.
 */
export function backfillOpenMetrics(workDir: string, openMetrics: string): string {
  const input = path.join(workDir, 'backfill.om');
  const blocks = path.join(workDir, 'backfill-blocks');
  fs.writeFileSync(input, openMetrics.endsWith('# EOF\n') ? openMetrics : `${openMetrics.replace(/\n?$/, '\n')}# EOF\n`);
  const promtool = process.env.PROMTOOL ?? 'promtool';
  const result = spawnSync(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', input, blocks], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error || result.status !== 0) {
    throw new Error(`promtool tsdb create-blocks-from openmetrics failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr}${result.stdout}. Install promtool with: apt-get install -y prometheus`);
  }
  return blocks;
}


/** Starts Prometheus on a free loopback port and waits until it is ready. */
export function startPrometheus(options: StartPrometheusOptions): Promise<LivePrometheus> {
  const scrapeInterval = `${options.scrapeIntervalSeconds ?? 1}s`;
  return startListening('prometheus', prometheusBinary(), (listenAddress, attempt) => {
    // A fresh configuration and storage per attempt: the port may be taken between probing and binding.
    const configFile = path.join(options.workDir, `prometheus-${attempt}.yaml`);
    fs.writeFileSync(configFile, YAML.stringify({
      global: { scrape_interval: scrapeInterval, scrape_timeout: scrapeInterval, evaluation_interval: '1m' },
      rule_files: options.ruleFiles,
      scrape_configs: [{
        job_name: 'live-exporter',
        honor_labels: true,
        static_configs: [{ targets: options.scrapeTargets }],
      }],
    }));
    const storage = path.join(options.workDir, `tsdb-${attempt}`);
    if (options.blocksDir) fs.cpSync(options.blocksDir, storage, { recursive: true });
    return [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${storage}`,
      `--web.listen-address=${listenAddress}`,
      `--storage.tsdb.retention.time=${options.retention ?? '90d'}`,
    ];
  }, '/-/ready', options.readyTimeoutMs);
}


/** GET a Prometheus API endpoint; throws unless the answer has `status: "success"`. */
export async function apiGet(baseUrl: string, endpoint: string, params: Record<string, string> = {}): Promise<any> {
  const query = new URLSearchParams(params).toString();
  const response = await fetch(`${baseUrl}${endpoint}${query ? `?${query}` : ''}`, { signal: AbortSignal.timeout(10_000) });
  const body: any = await response.json();
  if (body.status !== 'success') {
    throw new Error(`GET ${endpoint} ${JSON.stringify(params)} failed (${response.status}): ${JSON.stringify(body)}`);
  }
  return body.data;
}

/** One sample of an instant vector. */
export interface Sample {
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** An instant query that must return a vector. */
export async function instantQuery(baseUrl: string, expr: string): Promise<Sample[]> {
  const data = await apiGet(baseUrl, '/api/v1/query', { query: expr });
  if (data.resultType !== 'vector') {
    throw new Error(`query ${expr} returned a ${data.resultType}, not a vector`);
  }
  return data.result.map((r: any) => ({ labels: r.metric, value: Number(r.value[1]) }));
}

/** A series of a range (matrix) query: its sample timestamps in milliseconds, and values. */
export interface RangeSeries {
  readonly labels: Record<string, string>;
  readonly timestampsMs: number[];
  readonly values: number[];
}

/** An instant query of a range selector (`metric[10m]`), which returns the raw samples. */
export async function rawSamples(baseUrl: string, rangeSelector: string): Promise<RangeSeries[]> {
  const data = await apiGet(baseUrl, '/api/v1/query', { query: rangeSelector });
  if (data.resultType !== 'matrix') {
    throw new Error(`query ${rangeSelector} returned a ${data.resultType}, not a matrix`);
  }
  return data.result.map((r: any) => ({
    labels: r.metric,
    timestampsMs: r.values.map((v: [number, string]) => Math.round(v[0] * 1000)),
    values: r.values.map((v: [number, string]) => Number(v[1])),
  }));
}

/** A rule group as `/api/v1/rules` reports it. */
export interface ApiRuleGroup {
  readonly name: string;
  readonly file: string;
  /** Seconds. */
  readonly interval: number;
  readonly lastEvaluation: string;
  readonly rules: Array<{
    readonly name: string;
    readonly type: 'recording' | 'alerting';
    readonly health: string;
    readonly lastError?: string;
    readonly lastEvaluation: string;
    readonly labels?: Record<string, string>;
    readonly state?: string;
  }>;
}

export async function loadedRuleGroups(baseUrl: string): Promise<ApiRuleGroup[]> {
  return (await apiGet(baseUrl, '/api/v1/rules')).groups;
}

/** Whether an API timestamp is a real evaluation time (never-evaluated rules report year 1). */
export function wasEvaluated(timestamp: string): boolean {
  return Date.parse(timestamp) > Date.UTC(2000, 0, 1);
}

/** What a poll probe found: done with a value, or not yet, with a description of what it saw. */
export type Probe<T> = { readonly done: true; readonly value: T } | { readonly done: false; readonly seen: string };

/** Thrown by a poll probe when waiting longer cannot help (e.g. a rule already failed): stops the poll. */
export class PollAbort extends Error {}

/**
 * Calls `probe` until it is done or `deadline` (ms since the epoch) passes; then throws with `what`
 * and what the probe saw last. Errors thrown by the probe are retried as well and reported the same way,
 * except `PollAbort`, which ends the poll at once.
 */
export async function pollUntil<T>(what: string, deadline: number, probe: () => Promise<Probe<T>>, intervalMs = 1_000): Promise<T> {
  let seen = 'nothing (the probe never ran)';
  const started = Date.now();
  do {
    try {
      const result = await probe();
      if (result.done) return result.value;
      seen = result.seen;
    } catch (error) {
      if (error instanceof PollAbort) throw new Error(`gave up waiting for ${what}: ${error.message}`);
      seen = `the probe threw: ${(error as Error).message}`;
    }
    if (Date.now() + intervalMs > deadline) break;
    await sleep(intervalMs);
  } while (Date.now() < deadline);
  throw new Error(`timed out after ${Math.round((Date.now() - started) / 1000)} s waiting for ${what}; last seen: ${seen}`);
}
