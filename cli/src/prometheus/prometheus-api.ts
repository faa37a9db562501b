import { AnswerShapeError, instantSamples, matrixSeries, ruleGroups } from './answer-shape';
import { AnswerTooLargeError, formatBytes, readBodyWithin } from './bounded-body';
import { PrometheusEndpoint } from './prometheus-url';
import { CliError, oneLine } from '../cli-error';

/** One sample of an instant vector. Values may be NaN or ±Inf, as Prometheus returns them. */
export interface VectorSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** One series of a range query: timestamps in seconds since the epoch, with their values. */
export interface MatrixSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly points: ReadonlyArray<readonly [number, number]>;
}

/** A rule as `/api/v1/rules` reports it. */
export interface LoadedRule {
  readonly name: string;
  readonly type: 'recording' | 'alerting';
  readonly query: string;
  readonly health: string;
  readonly lastError?: string;
  readonly lastEvaluation: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly state?: string;
}

/** A rule group as `/api/v1/rules` reports it. */
export interface LoadedRuleGroup {
  readonly name: string;
  readonly file: string;
  /** Seconds. */
  readonly interval: number;
  readonly lastEvaluation: string;
  readonly rules: readonly LoadedRule[];
}

export interface PrometheusApiOptions {
  /** The base URL: where requests go, and how messages show it (without credentials). */
  readonly endpoint: PrometheusEndpoint;
  /** Per-request timeout in milliseconds (at most what a Node.js timer can hold). */
  readonly timeoutMs: number;
  /** Answers larger than this many bytes are refused while they stream. */
  readonly maxAnswerBytes: number;
  /** Sent as `Authorization: Bearer …` when set. */
  readonly bearerToken?: string;
  /** Sent with every request (`--header`, `--tenant`); checked by requestHeaders. */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  /**
   * Refuse partial answers: `partial_response=false` goes with every request (Thanos Query then fails
   * rather than answer without a store; other engines ignore the parameter), and an answer that still
   * carries warnings is an error.
   */
  readonly failOnWarnings?: boolean;
  /** Where `/api/v1/rules` is asked instead of the base URL (vmalert in front of VictoriaMetrics). */
  readonly rulesEndpoint?: PrometheusEndpoint;
}

/**
 * A small client of Prometheus's HTTP API (`/api/v1/...`). Every failure — unreachable, too slow, an HTTP
 * error, an answer that is not the API's JSON, is too large or has another shape — becomes a one-line
 * CliError (exit code 4) that names the URL (never its credentials) and, for queries, the expression.
 */
export class PrometheusApi {
  /** Distinct warnings of the answers so far, in the order first seen, with the base URL that answered each. */
  private readonly seenWarnings = new Map<string, string>();

  public constructor(private readonly options: PrometheusApiOptions) {}

  /** The base URL for messages and output: no userinfo, query values redacted. */
  public get url(): string {
    return this.options.endpoint.displayUrl;
  }

  /** Where rules are read: the rules URL when one is given, else the base URL (for messages). */
  public get rulesUrl(): string {
    return (this.options.rulesEndpoint ?? this.options.endpoint).displayUrl;
  }

  /**
   * The `warnings` of every answer so far, each once: Thanos and Mimir answer with partial data and a
   * warning when a store or ingester could not be asked, so what the command computed may be incomplete.
   */
  public get warnings(): readonly string[] {
    return [...this.seenWarnings.keys()];
  }

  /** The warnings with the base URL (for messages) of the server that answered each. */
  public get warningSources(): ReadonlyArray<{ readonly warning: string; readonly url: string }> {
    return [...this.seenWarnings.entries()].map(([warning, url]) => ({ warning, url }));
  }

  /** An instant query; `time` in seconds since the epoch (default: now, as the server sees it). */
  public async instantQuery(expr: string, time?: number): Promise<VectorSample[]> {
    const data = await this.call('/api/v1/query', { query: expr, ...(time !== undefined ? { time: String(time) } : {}) }, expr);
    return this.shaped(() => instantSamples(data), expr);
  }

  /** A range query from `start` to `end` (seconds since the epoch) every `stepSeconds`. */
  public async rangeQuery(expr: string, start: number, end: number, stepSeconds: number): Promise<MatrixSeries[]> {
    const data = await this.call('/api/v1/query_range', {
      query: expr, start: String(start), end: String(end), step: String(stepSeconds),
    }, expr);
    return this.shaped(() => matrixSeries(data), expr);
  }

  /** Every rule group the server has loaded. */
  public async ruleGroups(): Promise<LoadedRuleGroup[]> {
    const data = await this.call('/api/v1/rules', {}, undefined, this.options.rulesEndpoint);
    return this.shaped(() => ruleGroups(data));
  }

  /** Queries are POSTed as forms (long expressions); other calls are GETs with their parameters in the URL. */
  private async call(endpoint: string, params: Record<string, string>, expr?: string, server = this.options.endpoint): Promise<unknown> {
    const url = server.displayUrl;
    const what = expr ? `query ${JSON.stringify(truncate(expr))}` : `GET ${endpoint}`;
    const strict: Record<string, string> = this.options.failOnWarnings ? { partial_response: 'false' } : {};
    const body = expr !== undefined ? new URLSearchParams({ ...params, ...strict }).toString() : '';
    const search = expr === undefined ? new URLSearchParams({ ...params, ...strict }).toString() : '';
    const base = server.requestUrl(endpoint);
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    let response: Response;
    try {
      response = await fetch(search ? `${base}${base.includes('?') ? '&' : '?'}${search}` : base, {
        method: body ? 'POST' : 'GET',
        headers: {
          ...Object.fromEntries(this.options.headers ?? []),
          ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
          ...this.authorization(server),
        },
        body: body || undefined,
        signal,
      });
    } catch (error) {
      throw CliError.unavailable(`Prometheus at ${url}: ${describeFetchFailure(error, this.options.timeoutMs)} (${what})`);
    }
    let text: string;
    try {
      text = await readBodyWithin(response, this.options.maxAnswerBytes);
    } catch (error) {
      if (error instanceof AnswerTooLargeError) {
        throw CliError.unavailable(`Prometheus at ${url}: the answer is larger than ${formatBytes(error.limitBytes)}, the --max-answer-size (${what})`);
      }
      throw CliError.unavailable(`Prometheus at ${url}: ${describeFetchFailure(error, this.options.timeoutMs)} while reading the answer (${what})`);
    }
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      const hint = engineHint(response.status, endpoint, text, server !== this.options.endpoint);
      throw CliError.unavailable(`Prometheus at ${url} answered HTTP ${response.status} with something that is not its API's JSON (${what}): ${truncate(text.trim())}${hint}`);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json) || (json.status !== 'success' && json.status !== 'error')) {
      throw CliError.unavailable(`Prometheus at ${url} answered HTTP ${response.status} with JSON that is not an API answer (no "status" of success or error) (${what}): ${truncate(text.trim())}`);
    }
    if (json.status !== 'success') {
      const detail = [json?.errorType, json?.error].filter((part) => typeof part === 'string' && part !== '').map((part) => truncate(part, 500)).join(': ')
        || truncate(text);
      throw CliError.unavailable(`Prometheus at ${url} answered HTTP ${response.status}: ${detail} (${what})${engineHint(response.status, endpoint, text, server !== this.options.endpoint)}`);
    }
    this.noteWarnings(json.warnings, url, what);
    return json.data;
  }

  /** Reads an answer through its shape check; a wrong shape is a one-line exit 4. */
  private shaped<T>(read: () => T, expr?: string): T {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof AnswerShapeError)) throw error;
      const what = expr ? `query ${JSON.stringify(truncate(expr))}` : 'GET /api/v1/rules';
      throw CliError.unavailable(`Prometheus at ${expr ? this.url : this.rulesUrl} answered with an unexpected shape: ${error.message} (${what})`);
    }
  }

  /**
   * Keeps an answer's warnings (Prometheus's API puts them next to `data`, on success); with
   * --fail-on-warnings the first one fails the command instead.
   */
  private noteWarnings(warnings: unknown, url: string, what: string): void {
    if (!Array.isArray(warnings)) return;
    const texts = warnings.filter((w): w is string => typeof w === 'string' && w.trim() !== '').map((w) => truncate(oneLine(w), 500));
    if (texts.length > 0 && this.options.failOnWarnings) {
      throw CliError.unavailable(`Prometheus at ${url} answered with a warning, and --fail-on-warnings refuses partial answers: ${texts[0]} (${what})`);
    }
    // A bounded set: a server cannot grow the CLI's memory with endless distinct warnings.
    for (const text of texts) if (this.seenWarnings.size < MAX_WARNINGS_KEPT && !this.seenWarnings.has(text)) this.seenWarnings.set(text, url);
  }

  private authorization(server: PrometheusEndpoint): Record<string, string> {
    if (this.options.bearerToken) return { Authorization: `Bearer ${this.options.bearerToken}` };
    const basic = server.basicAuth;
    if (basic) return { Authorization: `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')}` };
    return {};
  }
}

/** Warnings kept for the summary at most; more are counted as the same problem. */
const MAX_WARNINGS_KEPT = 20;

/**
 * What an error answer likely means on a Prometheus-compatible engine, as a hint after the message: a
 * missing rules API (VictoriaMetrics single-node, a bare query frontend), a missing path prefix, a missing
 * tenant. Empty when nothing specific applies.
 */
function engineHint(status: number, endpoint: string, body: string, separateRulesUrl: boolean): string {
  if (status === 404 && endpoint === '/api/v1/rules') {
    return separateRulesUrl
      ? '; --rules-url must point at a server with the rules API (vmalert, Prometheus, Thanos Query or Ruler, Mimir\'s /prometheus prefix)'
      : '; this server has no rules API: for VictoriaMetrics give --rules-url with vmalert\'s address (or start VictoriaMetrics with -vmalert.proxyURL); '
        + 'for Mimir include the /prometheus prefix in the URL';
  }
  if (status === 404) return '; is the path prefix of the URL right (e.g. http://mimir:8080/prometheus, or Thanos\'s --web.route-prefix)?';
  if (status === 401 && /org ?id|tenant/i.test(body)) return '; the server needs a tenant: give --tenant (X-Scope-OrgID) or set PROMETHEUS_TENANT';
  return '';
}

function describeFetchFailure(error: unknown, timeoutMs: number): string {
  const e = error as any;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s (timed out)`;
  const code = e?.cause?.code ?? e?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (is it running, and is the URL right?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the connection was closed before an answer';
  return oneLine(e?.cause ?? error);
}

function truncate(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Runs `work` over `items` with at most `limit` at a time; results keep the items' order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  });
  await Promise.all(workers);
  return results;
}
