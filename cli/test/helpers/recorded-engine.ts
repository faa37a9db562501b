/**
 * Serves recorded answers of a Prometheus-compatible engine (Thanos Query, Mimir) from a fixture in
 * `cli/test/fixtures/engines/`, the way that engine serves them: under its path prefix only (404
 * elsewhere, as Go's router answers), with its tenant header required (Mimir answers 401 "no org id"
 * without it), its answers' extra fields and warnings, and, for Thanos, an error instead of partial data
 * when asked `partial_response=false`. Every request is recorded, headers included.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { LOOPBACK } from '../../../test/helpers/live-prometheus';

/** A fixed answer: JSON, or text (Go's plain-text errors). */
export interface RecordedAnswer {
  readonly status?: number;
  readonly json?: unknown;
  readonly text?: string;
}

/** One recorded query answer: used for a query holding every `match` text (and sent to `path`, when given). */
export interface RecordedQuery {
  readonly match: readonly string[];
  readonly path?: string;
  readonly answer: unknown;
}

/** A fixture file: one engine's recorded answers. */
export interface EngineFixture {
  /** Which engine and set-up the answers are of. */
  readonly engine: string;
  /** Where the engine serves the Prometheus API (`/prometheus` for Mimir). */
  readonly pathPrefix: string;
  /** The tenant header the engine requires, the tenant the answers are of, and the answer without it. */
  readonly tenant?: { readonly header: string; readonly id: string; readonly missing: RecordedAnswer };
  readonly notFound: RecordedAnswer;
  /** The answer of `GET /api/v1/rules`. */
  readonly rules: unknown;
  readonly queries: readonly RecordedQuery[];
  /** The answer of every query sent with `partial_response=false`, when the engine then fails. */
  readonly strict?: RecordedAnswer;
}

/** One request as the engine saw it. */
export interface EngineRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  /** Parameters from the URL and the form body. */
  readonly params: Readonly<Record<string, string>>;
}

export interface RecordedEngine {
  /** `http://127.0.0.1:PORT` (without the prefix). */
  readonly origin: string;
  readonly fixture: EngineFixture;
  readonly requests: EngineRequest[];
  close(): Promise<void>;
}

/** Reads `cli/test/fixtures/engines/NAME.json`. */
export function engineFixture(name: string): EngineFixture {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'engines', `${name}.json`), 'utf8'));
}

export async function startRecordedEngine(fixture: EngineFixture): Promise<RecordedEngine> {
  const requests: EngineRequest[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://engine');
      const params = Object.fromEntries([...url.searchParams.entries(), ...new URLSearchParams(body).entries()]);
      const seen = { method: request.method ?? '', path: url.pathname, headers: request.headers, params };
      requests.push(seen);
      const answer = answerOf(fixture, seen);
      const text = answer.text ?? JSON.stringify(answer.json);
      const type = answer.text !== undefined ? 'text/plain; charset=utf-8' : 'application/json';
      response.writeHead(answer.status ?? 200, { 'Content-Type': type });
      response.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    origin: `http://${LOOPBACK}:${port}`,
    fixture,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function answerOf(fixture: EngineFixture, request: EngineRequest): RecordedAnswer {
  const prefix = fixture.pathPrefix.replace(/\/+$/, '');
  if (!request.path.startsWith(`${prefix}/`)) return fixture.notFound;
  const apiPath = request.path.slice(prefix.length);
  let otherTenant = false;
  if (fixture.tenant) {
    const tenant = request.headers[fixture.tenant.header.toLowerCase()];
    if (tenant === undefined || tenant === '') return fixture.tenant.missing;
    // Another tenant is another, empty, store: the engine answers as if nothing were recorded.
    otherTenant = tenant !== fixture.tenant.id;
  }
  const isQuery = apiPath === '/api/v1/query' || apiPath === '/api/v1/query_range';
  if (isQuery && request.params.partial_response === 'false' && fixture.strict) return fixture.strict;
  if (apiPath === '/api/v1/rules' && request.method === 'GET') {
    return { json: otherTenant ? { status: 'success', data: { groups: [] } } : fixture.rules };
  }
  if (!isQuery) return fixture.notFound;
  const query = request.params.query ?? '';
  const recorded = otherTenant ? undefined : fixture.queries.find((entry) =>
    (entry.path === undefined || entry.path === apiPath) && entry.match.every((text) => query.includes(text)));
  if (recorded) return { json: recorded.answer };
  const resultType = apiPath === '/api/v1/query' ? 'vector' : 'matrix';
  return { json: { status: 'success', data: { resultType, result: [] } } };
}
