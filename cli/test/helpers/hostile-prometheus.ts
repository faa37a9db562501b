/**
 * A stand-in for Prometheus that answers whatever a test asks: wrong shapes, huge or endless bodies,
 * escape sequences, slow or no answers. Every request is recorded (path, query string, Authorization).
 */
import * as http from 'http';
import * as net from 'net';
import { LOOPBACK } from '../../../test/helpers/live-prometheus';

/** One request as the server saw it. */
export interface SeenRequest {
  readonly method: string;
  /** The path, without the query string. */
  readonly path: string;
  readonly search: string;
  readonly authorization?: string;
  /** The form body (POST queries): `query=…&time=…`. */
  readonly body: string;
  /** The `query` parameter, from the body or the URL. */
  readonly query?: string;
}

/** How to answer one request. */
export interface HostileAnswer {
  /** @default 200 */
  readonly status?: number;
  /** A JSON value (serialized) or raw text. */
  readonly json?: unknown;
  readonly text?: string;
  readonly headers?: Record<string, string>;
  /** Wait this long before the headers. */
  readonly delayMs?: number;
  /** Never answer (the client must time out). */
  readonly hang?: boolean;
  /** Stream this many chunks of `chunkBytes` bytes after the headers (no Content-Length), `intervalMs` apart. */
  readonly stream?: { readonly chunks: number; readonly chunkBytes: number; readonly intervalMs?: number };
}

export interface HostilePrometheus {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** `127.0.0.1:PORT` */
  readonly host: string;
  readonly requests: SeenRequest[];
  /** Bytes of streamed bodies written so far. */
  readonly streamedBytes: () => number;
  close(): Promise<void>;
}

export type Answerer = (request: SeenRequest) => HostileAnswer;

/** A successful answer of an instant query, in Prometheus's format. */
export function vectorAnswer(result: unknown[]): HostileAnswer {
  return { json: { status: 'success', data: { resultType: 'vector', result } } };
}

export async function hostilePrometheus(answer: Answerer): Promise<HostilePrometheus> {
  const requests: SeenRequest[] = [];
  let streamed = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const parsed = new URL(request.url ?? '/', 'http://x');
      const query = new URLSearchParams(body).get('query') ?? parsed.searchParams.get('query') ?? undefined;
      const seen: SeenRequest = {
        method: request.method ?? '', path: parsed.pathname, search: parsed.search, authorization: request.headers.authorization, body, query,
      };
      requests.push(seen);
      const reply = answer(seen);
      if (reply.hang) return;
      const send = () => {
        if (reply.stream) {
          response.writeHead(reply.status ?? 200, { 'Content-Type': 'application/json', ...reply.headers });
          const chunk = Buffer.alloc(reply.stream.chunkBytes, 0x20);
          let left = reply.stream.chunks;
          const next = (): void => {
            if (left-- <= 0 || response.destroyed) {
              response.end();
              return;
            }
            streamed += chunk.length;
            const more = response.write(chunk);
            if (reply.stream!.intervalMs) schedule(next, reply.stream!.intervalMs);
            else if (more) setImmediate(next);
            else response.once('drain', next);
          };
          response.write('{"status":"success","data":{"resultType":"vector","result":[');
          next();
          return;
        }
        const text = reply.text ?? JSON.stringify(reply.json);
        response.writeHead(reply.status ?? 200, { 'Content-Type': 'application/json', ...reply.headers });
        response.end(text);
      };
      if (reply.delayMs) schedule(send, reply.delayMs);
      else send();
    });
  });
  const schedule = (work: () => void, ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      work();
    }, ms);
    timers.add(timer);
  };
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://${LOOPBACK}:${port}`,
    host: `${LOOPBACK}:${port}`,
    requests,
    streamedBytes: () => streamed,
    close: () => new Promise((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
