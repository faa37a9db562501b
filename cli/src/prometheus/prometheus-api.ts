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

/** An alert as `/api/v1/alerts` reports it. */
export interface ActiveAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly state: 'pending' | 'firing' | 'inactive';
  readonly activeAt?: string;
  readonly value: string;
}

export interface PrometheusApiOptions {
  /** Base URL, e.g. `http://prometheus:9090`, without a trailing slash. */
  readonly url: string;
  /** Per-request timeout in milliseconds. */
  readonly timeoutMs: number;
  /** Sent as `Authorization: Bearer …` when set. */
  readonly bearerToken?: string;
  /** Sent as `Authorization: Basic …` when set (and no bearer token is). */
  readonly basicAuth?: { readonly username: string; readonly password: string };
}

/**
 * A small client of Prometheus's HTTP API (`/api/v1/...`). Every failure — unreachable, too slow, an HTTP
 * error, an answer that is not the API's JSON — becomes a one-line CliError (exit code 4) that names the
 * URL and, for queries, the expression.
 */
export class PrometheusApi {
  public constructor(private readonly options: PrometheusApiOptions) {}

  public get url(): string {
    return this.options.url;
  }

  /** An instant query; `time` in seconds since the epoch (default: now, as the server sees it). */
  public async instantQuery(expr: string, time?: number): Promise<VectorSample[]> {
    const data = await this.call('/api/v1/query', { query: expr, ...(time !== undefined ? { time: String(time) } : {}) }, expr);
    if (data.resultType === 'scalar') {
      return [{ labels: {}, value: parseSampleValue(data.result[1]) }];
    }
    if (data.resultType !== 'vector') throw this.malformed(`query ${expr} returned a ${data.resultType}, expected a vector`);
    return (data.result as any[]).map((r) => ({ labels: r.metric ?? {}, value: parseSampleValue(r.value?.[1]) }));
  }

  /** A range query from `start` to `end` (seconds since the epoch) every `stepSeconds`. */
  public async rangeQuery(expr: string, start: number, end: number, stepSeconds: number): Promise<MatrixSeries[]> {
    const data = await this.call('/api/v1/query_range', {
      query: expr, start: String(start), end: String(end), step: String(stepSeconds),
    }, expr);
    if (data.resultType !== 'matrix') throw this.malformed(`query_range ${expr} returned a ${data.resultType}, expected a matrix`);
    return (data.result as any[]).map((r) => ({
      labels: r.metric ?? {},
      points: (r.values as any[]).map((v) => [Number(v[0]), parseSampleValue(v[1])] as const),
    }));
  }

  /** Every rule group the server has loaded. */
  public async ruleGroups(): Promise<LoadedRuleGroup[]> {
    const data = await this.call('/api/v1/rules', {});
    if (!Array.isArray(data.groups)) throw this.malformed('/api/v1/rules did not return a list of groups');
    return data.groups;
  }

  /** Every pending and firing alert. */
  public async alerts(): Promise<ActiveAlert[]> {
    const data = await this.call('/api/v1/alerts', {});
    if (!Array.isArray(data.alerts)) throw this.malformed('/api/v1/alerts did not return a list of alerts');
    return data.alerts;
  }

  private async call(endpoint: string, params: Record<string, string>, expr?: string): Promise<any> {
    const what = expr ? `query ${JSON.stringify(truncate(expr))}` : `GET ${endpoint}`;
    const body = new URLSearchParams(params).toString();
    let response: Response;
    try {
      response = await fetch(`${this.options.url}${endpoint}`, {
        method: body ? 'POST' : 'GET',
        headers: {
          ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
          ...this.authorization(),
        },
        body: body || undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw CliError.unavailable(`Prometheus at ${this.options.url}: ${describeFetchFailure(error, this.options.timeoutMs)} (${what})`);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw CliError.unavailable(`Prometheus at ${this.options.url}: ${describeFetchFailure(error, this.options.timeoutMs)} while reading the answer (${what})`);
    }
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      throw CliError.unavailable(`Prometheus at ${this.options.url} answered HTTP ${response.status} with something that is not its API's JSON (${what}): ${truncate(text.trim())}`);
    }
    if (json?.status !== 'success') {
      const detail = [json?.errorType, json?.error].filter(Boolean).join(': ') || truncate(text);
      throw CliError.unavailable(`Prometheus at ${this.options.url} answered HTTP ${response.status}: ${detail} (${what})`);
    }
    return json.data ?? {};
  }

  private authorization(): Record<string, string> {
    if (this.options.bearerToken) return { Authorization: `Bearer ${this.options.bearerToken}` };
    const basic = this.options.basicAuth;
    if (basic) return { Authorization: `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')}` };
    return {};
  }

  private malformed(message: string): CliError {
    return CliError.unavailable(`Prometheus at ${this.options.url}: ${message}`);
  }
}

/** Prometheus sends values as strings, with "NaN", "+Inf" and "-Inf" spelled out. */
function parseSampleValue(value: unknown): number {
  if (value === '+Inf') return Infinity;
  if (value === '-Inf') return -Infinity;
  return Number(value);
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
