/**
 * The adversarial corpus of the CLI: data-driven cases, grouped by category (one test file each), that a
 * hostile or mistaken user, server or file could bring. Every case runs the CLI in-process in a fresh
 * directory (with a hostile Prometheus stand-in when it needs one) and asserts, besides its own exit
 * code and message:
 * - the exit code is never 70 (internal error);
 * - no credential of the corpus appears in stdout, stderr or any file left in the directory;
 * - no raw control character (escape sequences, C0/C1, bidi overrides, line separators) is printed;
 * - an error (exit 2, 3 or 4) is one line on stderr (after any notices, each a line of its own);
 * - files named in `notWritten` do not exist afterwards, and `unchanged` files keep their content.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { tempDir } from '../../../test/helpers/promtool';
import { CliRun, runCliInProcess } from '../helpers/cli';
import { Answerer, hostilePrometheus, HostilePrometheus } from '../helpers/hostile-prometheus';

/** Credentials the corpus hands the CLI: none may ever be printed or written. */
export const PASSWORD = 'hunter2-pass';
export const QUERY_TOKEN = 'tok3n-s3cret';
export const BEARER_TOKEN = 'b3arer-s3cret';
export const SECRETS = [PASSWORD, QUERY_TOKEN, BEARER_TOKEN, encodeURIComponent(PASSWORD), Buffer.from(`sre:${PASSWORD}`).toString('base64')];

/** Raw terminal controls: what no output may hold. Line feeds and tabs are fine. */
// eslint-disable-next-line no-control-regex
export const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

/** The colour and progress sequences the CLI writes itself on a terminal. */
// eslint-disable-next-line no-control-regex
const OWN_SEQUENCES = /\r\u001b\[2K|\u001b\[(?:0|1|2|31|32|33)m/g;

export interface CorpusCase {
  readonly name: string;
  /**
   * The command line. Placeholders: `{URL}` the hostile server with a password and a query token
   * (`http://sre:…@HOST/prom?token=…`), `{PLAIN}` the server's plain URL, `{HOST}` its host:port,
   * `{CLOSED}` a port nothing listens on.
   */
  readonly args: readonly string[];
  /** Environment of the run (same placeholders). */
  readonly env?: Readonly<Record<string, string>>;
  /** Files to create in the run's directory (relative path → content). */
  readonly files?: Readonly<Record<string, string>>;
  /** Symbolic links to create (link → target, as written into the link). */
  readonly symlinks?: Readonly<Record<string, string>>;
  /** How the hostile Prometheus answers; without it no server is started. */
  readonly answer?: Answerer;
  readonly code: number;
  /** A fragment stderr must contain (placeholders as in args); '' for "anything". */
  readonly message: string;
  /** A fragment stdout must contain. */
  readonly stdout?: string;
  /** Fragments that must appear in neither stream. */
  readonly absent?: readonly string[];
  /** Paths (in the directory) that must not exist afterwards, not even as a dangling link. */
  readonly notWritten?: readonly string[];
  /** Files given in `files` that must keep their content. */
  readonly unchanged?: readonly string[];
  /** Pretend both streams are terminals. */
  readonly tty?: boolean;
  /** More checks on the run. */
  readonly check?: (run: CliRun, context: CaseContext) => void;
}

export interface CaseContext {
  readonly dir: string;
  readonly server?: HostilePrometheus;
}

/** Defines one Jest test per case, under `category`. */
export function runCorpus(category: string, cases: readonly CorpusCase[]): void {
  describe(category, () => {
    test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
      await runCase(testCase);
    });
  });
}

async function runCase(testCase: CorpusCase): Promise<void> {
  const dir = tempDir('hostile');
  const server = testCase.answer ? await hostilePrometheus(testCase.answer) : undefined;
  try {
    const closed = String(await closedPort());
    const fill = (text: string) => (server
      ? text.replace(/\{CLOSED\}/g, closed)
        .replace(/\{URL\}/g, `http://sre:${PASSWORD}@${server.host}/prom?token=${QUERY_TOKEN}`)
        .replace(/\{PLAIN\}/g, server.url)
        .replace(/\{HOST\}/g, server.host)
      : text.replace(/\{CLOSED\}/g, closed));
    for (const [file, content] of Object.entries(testCase.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    }
    for (const [link, target] of Object.entries(testCase.symlinks ?? {})) fs.symlinkSync(target, path.join(dir, link));
    const env = Object.fromEntries(Object.entries(testCase.env ?? {}).map(([k, v]) => [k, fill(v)]));
    const run = await runCliInProcess(testCase.args.map(fill), { cwd: dir, env, tty: testCase.tty });

    if (run.code === 70) throw new Error(`exit 70 (internal error): ${run.stderr}`);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: testCase.code, stderr: expect.stringContaining(fill(testCase.message)) });
    if (testCase.stdout !== undefined) expect(run.stdout).toContain(fill(testCase.stdout));
    for (const fragment of testCase.absent ?? []) {
      expect(run.stdout).not.toContain(fill(fragment));
      expect(run.stderr).not.toContain(fill(fragment));
    }
    const written = readTree(dir);
    for (const secret of SECRETS) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
      for (const [file, content] of Object.entries(written)) expect(`${file}: ${content.includes(secret) ? secret : 'no credential'}`).toBe(`${file}: no credential`);
    }
    // On a terminal the CLI writes its own colours; nothing else may be raw.
    const own = (text: string) => (testCase.tty ? text.replace(OWN_SEQUENCES, '') : text);
    expect(own(run.stdout)).not.toMatch(RAW_CONTROL);
    expect(own(run.stderr)).not.toMatch(RAW_CONTROL);
    if ([2, 3, 4].includes(run.code)) {
      // Every line on stderr is a message of its own, the last one the error: nothing spills onto more lines.
      const lines = run.stderr.split('\n').filter((line) => line !== '');
      expect(lines.filter((line) => !line.startsWith('cdk8s-slo'))).toEqual([]);
      expect(lines.length).toBeGreaterThan(0);
    }
    for (const file of testCase.notWritten ?? []) expect(`${file}: ${exists(path.join(dir, file)) ? 'exists' : 'absent'}`).toBe(`${file}: absent`);
    for (const file of testCase.unchanged ?? []) expect(fs.readFileSync(path.join(dir, file), 'utf8')).toBe(testCase.files![file]);
    testCase.check?.(run, { dir, server });
  } finally {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every regular file under `dir` (links not followed), with its content. */
function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) files[child] = fs.readFileSync(path.join(dir, child), 'utf8');
    }
  };
  walk('');
  return files;
}

/** A port that was free a moment ago (a listener opened and closed on it). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function exists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** Text nested `depth` levels deep in flow style: `a: [[[…]]]`. */
export function deepFlowYaml(depth: number): string {
  return `a: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
}

/** Text nested `depth` levels deep in block style: one more indented key per line. */
export function deepBlockYaml(depth: number): string {
  return `${Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1\n`;
}

/** A PrometheusRule of one SLO rule group, as synth writes it (for verify and status --manifests). */
export const RULE_MANIFEST = `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: checkout
spec:
  groups:
    - name: checkout-availability
      rules:
        - record: slo:objective:ratio
          expr: vector(0.99)
          labels:
            slo_service: checkout
            slo_name: availability
`;
