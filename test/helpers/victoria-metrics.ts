/**
 * Real VictoriaMetrics tools for tests: a single-node `victoria-metrics` server, `vmalert` (live or replaying
 * the past) and `vmagent`, each started on a free loopback port. They come from Debian's `victoria-metrics`
 * package: when a binary is missing these helpers throw, so the suite fails loudly instead of skipping.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import * as YAML from 'yaml';
import { apiGet, Sample } from './live-prometheus';
import { ListeningProcess, LOOPBACK, spawnManaged, startListening } from './managed-process';

export type VictoriaMetricsTool = 'victoria-metrics' | 'vmalert' | 'vmagent';

/** The binary of one of the tools; throws with the install command when it is not on the PATH. */
export function victoriaMetricsBinary(tool: VictoriaMetricsTool): string {
  const probe = spawnSync(tool, ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `${tool} is required by the VictoriaMetrics tests but "${tool} -version" failed `
      + `(${probe.error?.message ?? probe.stderr}). Install it with: apt-get install -y victoria-metrics`,
    );
  }
  return tool;
}

/**
 * Flags of the VictoriaMetrics server that make recorded and alerting rules see data as a Prometheus
 * server would:
 * - `-search.latencyOffset=0s`: by default the newest 30 s of data are hidden from queries, which delays
 *   every rule evaluation's view of an outage by that much (and more for rules reading recorded series);
 * - `-search.disableCache`: rules (and replays) write samples into the recent past; the response cache
 *   would keep serving results computed before they arrived.
 */
export const VICTORIA_METRICS_RULE_FLAGS = ['-search.latencyOffset=0s', '-search.disableCache'];

/** A running tool: its URL, its log so far, and a stop by its process id. */
export type RunningTool = ListeningProcess;

/** Starts a tool on a free loopback port (`args(listenAddress)`) and waits until `/health` answers. */
function startTool(tool: VictoriaMetricsTool, args: (listenAddress: string) => string[], readyTimeoutMs = 30_000): Promise<RunningTool> {
  return startListening(tool, victoriaMetricsBinary(tool), args, '/health', readyTimeoutMs);
}

// ---------------------------------------------------------------------------------------------------
// The server.
// ---------------------------------------------------------------------------------------------------

export interface StartVictoriaMetricsOptions {
  /** Directory for the storage (e.g. from `tempDir`). */
  readonly workDir: string;
  /** Extra flags. @default VICTORIA_METRICS_RULE_FLAGS */
  readonly flags?: string[];
  /** `-retentionPeriod`: samples older than this are rejected at import. @default 1y */
  readonly retention?: string;
}

/** Starts a single-node VictoriaMetrics with a fresh storage in `workDir`. */
export function startVictoriaMetrics(options: StartVictoriaMetricsOptions): Promise<RunningTool> {
  const storage = fs.mkdtempSync(path.join(options.workDir, 'vm-storage-'));
  return startTool('victoria-metrics', (listenAddress) => [
    `-httpListenAddr=${listenAddress}`,
    `-storageDataPath=${storage}`,
    `-retentionPeriod=${options.retention ?? '1y'}`,
    '-loggerLevel=WARN',
    ...(options.flags ?? VICTORIA_METRICS_RULE_FLAGS),
  ]);
}

/**
 * Makes everything ingested so far searchable at once (VictoriaMetrics otherwise publishes new samples
 * about a second or two after they arrive).
 */
export async function forceFlush(vmUrl: string): Promise<void> {
  const response = await fetch(`${vmUrl}/internal/force_flush`, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`${vmUrl}/internal/force_flush answered ${response.status}: ${await response.text()}`);
}

/**
 * Imports samples in the Prometheus text format with millisecond timestamps
 * (`metric{label="v"} value timestampMs` per line) and makes them searchable.
 */
export async function importPrometheusText(vmUrl: string, text: string): Promise<void> {
  const response = await fetch(`${vmUrl}/api/v1/import/prometheus`, { method: 'POST', body: text, signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`import into ${vmUrl} answered ${response.status}: ${await response.text()}`);
  await forceFlush(vmUrl);
}

/**
 * An instant query at `timeSeconds`. With `lookback` (`max_lookback`), a bare selector finds only samples
 * newer than `timeSeconds - lookback`: `1m` makes `ALERTS{...}` at t mean "firing at the evaluation at t"
 * for rules evaluated every minute, as Prometheus's staleness markers do. (vmalert 1.79 writes no
 * staleness markers, and VictoriaMetrics otherwise looks back a little more than the sample interval.)
 */
export async function queryAt(vmUrl: string, expr: string, timeSeconds: number, lookback?: string): Promise<Sample[]> {
  const data = await apiGet(vmUrl, '/api/v1/query', { query: expr, time: `${timeSeconds}`, ...(lookback ? { step: lookback, max_lookback: lookback } : {}) });
  if (data.resultType !== 'vector') throw new Error(`query ${expr} returned a ${data.resultType}, not a vector`);
  return data.result.map((r: any) => ({ labels: r.metric, value: Number(r.value[1]) }));
}

// ---------------------------------------------------------------------------------------------------
// vmalert and vmagent.
// ---------------------------------------------------------------------------------------------------

/**
 * vmalert flags that make live evaluation see what Prometheus's rule manager sees:
 * - `-datasource.queryTimeAlignment=false`: by default the query time is rounded down to a multiple of
 *   the group interval (up to 3 minutes back for a 3m group);
 * - `-remoteWrite.flushInterval=1s`: recorded samples reach VictoriaMetrics within a second rather than
 *   five, so rules (and dashboards) reading them are not late.
 * (`-datasource.queryStep` stays at its 5m: it is also how far back a bare selector of a recorded series
 * looks, Prometheus's lookback. Set to the group interval, a sample written exactly one interval before
 * may fall just outside the window.)
 */
export const VMALERT_LIVE_FLAGS = ['-datasource.queryTimeAlignment=false', '-remoteWrite.flushInterval=1s'];

/**
 * vmalert flags for a replay (`-replay.timeFrom/-replay.timeTo`): `-datasource.queryStep=0` makes the
 * replay's range queries step by each group's interval; at its default (5m) a replay records one sample
 * every five minutes whatever the groups' intervals.
 */
export const VMALERT_REPLAY_FLAGS = ['-datasource.queryStep=0'];

/** Writes groups as a vmalert rule file (the rule-file format Prometheus uses), every group at `interval` if given. */
export function writeVmalertRuleFile(file: string, groups: any[], interval?: string): string {
  fs.writeFileSync(file, YAML.stringify({
    groups: groups.map((group) => ({
      name: group.name,
      ...(interval ?? group.interval ? { interval: interval ?? group.interval } : {}),
      rules: group.rules,
    })),
  }));
  return file;
}

export interface StartVmalertOptions {
  readonly ruleFiles: string[];
  /** Where rules are queried (a VictoriaMetrics URL). */
  readonly datasourceUrl: string;
  /** Where recorded series and ALERTS are written. @default datasourceUrl */
  readonly remoteWriteUrl?: string;
  /** @default VMALERT_LIVE_FLAGS (VMALERT_REPLAY_FLAGS for a replay) */
  readonly flags?: string[];
}

export interface StartLiveVmalertOptions extends StartVmalertOptions {
  /** An Alertmanager-compatible URL: vmalert refuses to evaluate alerting rules live without one (see `startAlertSink`). */
  readonly notifierUrl: string;
}

/** Starts vmalert evaluating the rule files live. */
export function startVmalert(options: StartLiveVmalertOptions): Promise<RunningTool> {
  return startTool('vmalert', (listenAddress) => [
    `-httpListenAddr=${listenAddress}`,
    `-notifier.url=${options.notifierUrl}`,
    ...options.ruleFiles.map((file) => `-rule=${file}`),
    `-datasource.url=${options.datasourceUrl}`,
    `-remoteWrite.url=${options.remoteWriteUrl ?? options.datasourceUrl}`,
    '-loggerLevel=WARN',
    ...(options.flags ?? VMALERT_LIVE_FLAGS),
  ]);
}

export interface ReplayOptions extends StartVmalertOptions {
  /** First evaluation (Unix seconds). */
  readonly fromSeconds: number;
  /** Last evaluation (Unix seconds). */
  readonly toSeconds: number;
}

/**
 * `vmalert -replay.timeFrom/-replay.timeTo`: evaluates every rule over the past, group by group and rule by
 * rule, each over the whole range, and writes the results (recorded series, ALERTS) by remote write.
 * Resolves with vmalert's output once it exited; throws when it failed.
 */
export async function replayRules(options: ReplayOptions): Promise<string> {
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');
  const managed = spawnManaged(victoriaMetricsBinary('vmalert'), [
    ...options.ruleFiles.map((file) => `-rule=${file}`),
    `-datasource.url=${options.datasourceUrl}`,
    `-remoteWrite.url=${options.remoteWriteUrl ?? options.datasourceUrl}`,
    `-replay.timeFrom=${iso(options.fromSeconds)}`,
    `-replay.timeTo=${iso(options.toSeconds)}`,
    '-replay.disableProgressBar',
    '-loggerLevel=WARN',
    ...(options.flags ?? VMALERT_REPLAY_FLAGS),
  ]);
  const code = await managed.exit;
  if (code !== 0) throw new Error(`vmalert replay ${managed.exited()}:\n${managed.logs()}`);
  return managed.logs();
}

export interface StartVmagentOptions {
  readonly workDir: string;
  /** Scrape targets (`127.0.0.1:port`), scraped with `honor_labels`. */
  readonly scrapeTargets: string[];
  /** The VictoriaMetrics server to write to (`/api/v1/write` is appended). */
  readonly remoteWriteUrl: string;
  /** @default 1 */
  readonly scrapeIntervalSeconds?: number;
  /** @default ['-remoteWrite.flushInterval=1s'] */
  readonly flags?: string[];
}

/** Starts vmagent scraping the targets and writing to `remoteWriteUrl`. */
export function startVmagent(options: StartVmagentOptions): Promise<RunningTool> {
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const configFile = path.join(options.workDir, 'vmagent.yaml');
  fs.writeFileSync(configFile, YAML.stringify({
    global: { scrape_interval: interval, scrape_timeout: interval },
    scrape_configs: [{ job_name: 'live-exporter', honor_labels: true, static_configs: [{ targets: options.scrapeTargets }] }],
  }));
  const queue = fs.mkdtempSync(path.join(options.workDir, 'vmagent-queue-'));
  return startTool('vmagent', (listenAddress) => [
    `-httpListenAddr=${listenAddress}`,
    `-promscrape.config=${configFile}`,
    `-remoteWrite.url=${options.remoteWriteUrl}/api/v1/write`,
    `-remoteWrite.tmpDataPath=${queue}`,
    '-loggerLevel=WARN',
    ...(options.flags ?? ['-remoteWrite.flushInterval=1s']),
  ]);
}

/** A loopback HTTP endpoint that accepts whatever is posted to it. */
export interface HttpSink {
  /** `http://127.0.0.1:port`. */
  readonly url: string;
  /** How many requests it received. */
  received(): number;
  close(): Promise<void>;
}

/** An Alertmanager stand-in for vmalert's `-notifier.url`: accepts every notification and drops it. */
export function startAlertSink(): Promise<HttpSink> {
  let received = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received++;
      response.writeHead(200).end();
    });
  });
  return listenOnLoopback(server, (url, close) => ({ url, received: () => received, close }));
}

function listenOnLoopback<T>(server: http.Server, make: (url: string, close: () => Promise<void>) => T): Promise<T> {
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, LOOPBACK, () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve(make(`http://${LOOPBACK}:${port}`, () => new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      })));
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// Writes that are searchable when acknowledged.
// ---------------------------------------------------------------------------------------------------

/** A loopback remote-write endpoint in front of a VictoriaMetrics server. */
export interface FlushingWriteProxy {
  /** `http://127.0.0.1:port`, for `-remoteWrite.url`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Forwards remote writes to `vmUrl` and answers only once VictoriaMetrics made them searchable
 * (`/internal/force_flush`). Once a vmalert replay has exited (it flushes its queue on exit), everything it
 * recorded is visible to the next query, with no sleep.
 */
export function startFlushingWriteProxy(vmUrl: string): Promise<FlushingWriteProxy> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        try {
          const headers: Record<string, string> = {};
          for (const name of ['content-type', 'content-encoding', 'x-prometheus-remote-write-version']) {
            const value = request.headers[name];
            if (typeof value === 'string') headers[name] = value;
          }
          const forwarded = await fetch(`${vmUrl}${request.url}`, { method: request.method, headers, body: Buffer.concat(chunks), signal: AbortSignal.timeout(30_000) });
          const body = await forwarded.text();
          if (forwarded.ok) await forceFlush(vmUrl);
          response.writeHead(forwarded.status).end(body);
        } catch (error) {
          response.writeHead(502).end((error as Error).message);
        }
      })();
    });
  });
  return listenOnLoopback(server, (url, close) => ({ url, close }));
}
