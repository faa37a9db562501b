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
}

/**
 * A small client of Prometheus's HTTP API (`/api/v1/...`). Every failure — unreachable, too slow, an HTTP
 * error, an answer that is not the API's JSON, is too large or has another shape — becomes a one-line
 * CliError (exit code 4) that names the URL (never its credentials) and, for queries, the expression.
 */
export class PrometheusApi {
  public constructor(private readonly options: PrometheusApiOptions) {}

  /** The base URL for messages and output: no userinfo, query values redacted. */
  public get url(): string {
    return this.options.endpoint.displayUrl;
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
    const data = await this.call('/api/v1/rules', {});
    return this.shaped(() => ruleGroups(data));
  }

  private async call(endpoint: string, params: Record<string, string>, expr?: string): Promise<unknown> {
    const what = expr ? `query ${JSON.stringify(truncate(expr))}` : `GET ${endpoint}`;
    const body = new URLSearchParams(params).toString();
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    let response: Response;
    try {
      response = await fetch(this.options.endpoint.requestUrl(endpoint), {
        method: body ? 'POST' : 'GET',
        headers: {
          ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
          ...this.authorization(),
        },
        body: body || undefined,
        signal,
      });
    } catch (error) {
      throw CliError.unavailable(`Prometheus at ${this.url}: ${describeFetchFailure(error, this.options.timeoutMs)} (${what})`);
    }
    let text: string;
    try {
      text = await readBodyWithin(response, this.options.maxAnswerBytes);
    } catch (error) {
      if (error instanceof AnswerTooLargeError) {
        throw CliError.unavailable(`Prometheus at ${this.url}: the answer is larger than ${formatBytes(error.limitBytes)}, the --max-answer-size (${what})`);
      }
      throw CliError.unavailable(`Prometheus at ${this.url}: ${describeFetchFailure(error, this.options.timeoutMs)} while reading the answer (${what})`);
    }
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      throw CliError.unavailable(`Prometheus at ${this.url} answered HTTP ${response.status} with something that is not its API's JSON (${what}): ${truncate(text.trim())}`);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json) || (json.status !== 'success' && json.status !== 'error')) {
      throw CliError.unavailable(`Prometheus at ${this.url} answered HTTP ${response.status} with JSON that is not an API answer (no "status" of success or error) (${what}): ${truncate(text.trim())}`);
    }
    if (json.status !== 'success') {
      const detail = [json?.errorType, json?.error].filter((part) => typeof part === 'string' && part !== '').map((part) => truncate(part, 500)).join(': ')
        || truncate(text);
      throw CliError.unavailable(`Prometheus at ${this.url} answered HTTP ${response.status}: ${detail} (${what})`);
    }
    return json.data;
  }

  /** Reads an answer through its shape check; a wrong shape is a one-line exit 4. */
  private shaped<T>(read: () => T, expr?: string): T {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof AnswerShapeError)) throw error;
      const what = expr ? `query ${JSON.stringify(truncate(expr))}` : 'GET /api/v1/rules';
      throw CliError.unavailable(`Prometheus at ${this.url} answered with an unexpected shape: ${error.message} (${what})`);
    }
  }

  private authorization(): Record<string, string> {
    if (this.options.bearerToken) return { Authorization: `Bearer ${this.options.bearerToken}` };
    const basic = this.options.endpoint.basicAuth;
    if (basic) return { Authorization: `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')}` };
    return {};
  }
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
