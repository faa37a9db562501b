/**
 * VictoriaMetrics single-node and vmalert for the CLI's live tests (both from Debian's `victoria-metrics`
 * package, required: the helpers throw with the install command when they are missing). Both
 * listen on loopback only, with their data in a temporary directory; stop them by calling `stop()`.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { freeLoopbackPort, LOOPBACK, sleep } from '../../../test/helpers/live-prometheus';

/** A started server. */
export interface LiveServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** What it printed, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface LiveVictoriaMetrics extends LiveServer {
  /** Imports Prometheus text-format lines with timestamps in milliseconds, then makes them searchable. */
  importPrometheus(lines: string): Promise<void>;
}

function requireBinary(binary: string, pkg: string): string {
  const probe = spawnSync(binary, ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`${binary} is required by the VictoriaMetrics tests but "${binary} -version" failed (${probe.error?.message ?? probe.stderr}). `
      + `Install it with: apt-get install -y ${pkg}`);
  }
  return binary;
}

/**
 * victoria-metrics with a retention long enough for any imported timestamp, no rollup cache (imported
 * history would be cached as missing) and no latency offset (samples up to now are answered).
 */
export async function startVictoriaMetrics(dataDir: string): Promise<LiveVictoriaMetrics> {
  const binary = requireBinary(process.env.VICTORIA_METRICS ?? 'victoria-metrics', 'victoria-metrics');
  const port = await freeLoopbackPort();
  const server = await startServer(binary, [
    `-storageDataPath=${dataDir}`, '-retentionPeriod=100y', `-httpListenAddr=${LOOPBACK}:${port}`,
    '-search.disableCache', '-search.latencyOffset=0s',
  ], `http://${LOOPBACK}:${port}`, '/health');
  return {
    ...server,
    importPrometheus: async (lines) => {
      const imported = await fetch(`${server.url}/api/v1/import/prometheus`, { method: 'POST', body: lines });
      if (imported.status !== 204) throw new Error(`importing into VictoriaMetrics answered HTTP ${imported.status}: ${await imported.text()}`);
      const flushed = await fetch(`${server.url}/internal/force_flush`);
      if (!flushed.ok) throw new Error(`VictoriaMetrics's force_flush answered HTTP ${flushed.status}`);
    },
  };
}

/** vmalert evaluating `ruleFiles` against `datasourceUrl`, writing results back there; alerts go to a closed loopback port. */
export async function startVmalert(ruleFiles: readonly string[], datasourceUrl: string): Promise<LiveServer> {
  const binary = requireBinary(process.env.VMALERT ?? 'vmalert', 'victoria-metrics');
  const port = await freeLoopbackPort();
  const nowhere = await freeLoopbackPort();
  return startServer(binary, [
    ...ruleFiles.map((file) => `-rule=${file}`), `-datasource.url=${datasourceUrl}`, `-remoteWrite.url=${datasourceUrl}`,
    `-notifier.url=http://${LOOPBACK}:${nowhere}`, `-httpListenAddr=${LOOPBACK}:${port}`, '-remoteWrite.flushInterval=1s',
  ], `http://${LOOPBACK}:${port}`, '/health');
}

async function startServer(binary: string, args: string[], url: string, healthPath: string): Promise<LiveServer> {
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  let exited = false;
  child.on('exit', () => (exited = true));
  const stop = () => new Promise<void>((resolve) => {
    if (exited) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  for (let attempt = 0; attempt < 150; attempt++) {
    if (exited) throw new Error(`${path.basename(binary)} exited at start: ${output.slice(-2000)}`);
    try {
      if ((await fetch(`${url}${healthPath}`)).ok) return { url, log: () => output, stop };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`${path.basename(binary)} did not become healthy within 15 s: ${output.slice(-2000)}`);
}

/** Writes `text` to `dir/name` and returns the path. */
export function writeFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}
