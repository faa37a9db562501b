/**
 * Servers started by the live tests (Prometheus, VictoriaMetrics, vmalert, vmagent): spawned under a
 * lifetime cap, their output kept for failure messages, started on a free loopback port and awaited until
 * their readiness endpoint answers, and stopped by their own process id.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';

/** Only loopback: the live tests never listen on or talk to any other address. */
export const LOOPBACK = '127.0.0.1';

/**
 * The longest a server may live. Jest never runs `process.on('exit')` handlers registered by test code,
 * so when a run dies without its afterAll only a hard cap stops the server: coreutils' `timeout`
 * (which passes the SIGTERM of `stop()` on to the server) ends it after this many seconds.
 */
const MAX_LIFETIME_SECONDS = 600;

export function lifetimeCap(): string[] {
  const probe = spawnSync('timeout', ['--version'], { encoding: 'utf8' });
  return probe.error || probe.status !== 0 ? [] : ['timeout', '--foreground', '--kill-after=10s', `${MAX_LIFETIME_SECONDS}s`];
}

/** The pid of the server: the only child of the `timeout` wrapper (see `lifetimeCap`), or `pid` itself. */
export function serverProcessId(pid: number): number {
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return children.length === 1 ? children[0] : pid;
  } catch {
    return pid;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A free TCP port on loopback, chosen by the kernel. */
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

/** A spawned process whose output is kept. */
export interface ManagedProcess {
  readonly child: ChildProcess;
  /** Resolves with its exit code once it ended (null when a signal ended it). */
  readonly exit: Promise<number | null>;
  /** Everything it printed so far (the last megabyte or two). */
  logs(): string;
  /** Why it ended, or undefined while it runs. */
  exited(): string | undefined;
  /** SIGTERM to the server (not its wrapper), then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

/** Spawns `binary args` under the lifetime cap, collecting its output. */
export function spawnManaged(binary: string, args: string[]): ManagedProcess {
  const [command, ...rest] = [...lifetimeCap(), binary, ...args];
  const child = spawn(command, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  let exited: string | undefined;
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`;
    resolve(code);
  }));
  child.on('error', (error) => {
    exited = `could not be started: ${error.message}`;
  });
  const stop = async () => {
    const pid = child.pid === undefined ? undefined : serverProcessId(child.pid);
    if (exited !== undefined || pid === undefined) return;
    process.kill(pid, 'SIGTERM');
    const killer = setTimeout(() => {
      if (exited === undefined) process.kill(pid, 'SIGKILL');
    }, 10_000);
    await exit;
    clearTimeout(killer);
  };
  return { child, logs: () => output, exited: () => exited, exit, stop };
}

/** A server that answered its readiness endpoint. */
export interface ListeningProcess {
  /** `http://127.0.0.1:port`. */
  readonly url: string;
  readonly pid: number;
  /** When it became ready (ms since the epoch). */
  readonly readyAt: number;
  logs(): string;
  stop(): Promise<void>;
}

/**
 * Starts `binary` on a free loopback port (`args(listenAddress, attempt)`) and waits until `readyPath`
 * answers. Retries on another port when the one probed was taken in the meantime.
 */
export async function startListening(
  what: string, binary: string, args: (listenAddress: string, attempt: number) => string[], readyPath: string, readyTimeoutMs = 30_000,
): Promise<ListeningProcess> {
  let lastFailure = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freeLoopbackPort();
    const managed = spawnManaged(binary, args(`${LOOPBACK}:${port}`, attempt));
    const url = `http://${LOOPBACK}:${port}`;
    const deadline = Date.now() + readyTimeoutMs;
    while (Date.now() < deadline && managed.exited() === undefined) {
      try {
        const response = await fetch(`${url}${readyPath}`, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) {
          return { url, pid: serverProcessId(managed.child.pid!), readyAt: Date.now(), logs: managed.logs, stop: managed.stop };
        }
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    await managed.stop();
    lastFailure = `${what} ${managed.exited() ?? `was not ready at ${url}${readyPath} within ${readyTimeoutMs} ms`}. Its log:\n${managed.logs()}`;
    if (!/address already in use/i.test(lastFailure)) break;
  }
  throw new Error(lastFailure);
}
