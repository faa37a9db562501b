/**
 * `cdk8s-slo discover` listing Services through the real Kubernetes client (@kubernetes/client-node, an ES
 * module, so the CLI runs as a real process) against an HTTP server on loopback that answers with
 * API responses in the API server's format (cli/test/fixtures/discover/api-*.json).
 */
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { runCliProcess } from './helpers/cli';
import { ServiceInventory } from '../../src/planning/service-inventory';
import { freeLoopbackPort, LOOPBACK } from '../../test/helpers/live-prometheus';
import { tempDir } from '../../test/helpers/promtool';

const FIXTURES = path.join(__dirname, 'fixtures', 'discover');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

/** A request the fake API server received. */
interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly authorization?: string;
}

/** How the fake API server answers a request: status and body, or never. */
type ApiAnswer = { status: number; body: string } | 'hang';

interface FakeApiServer {
  readonly url: string;
  readonly requests: ApiRequest[];
  close(): Promise<void>;
}

function startApiServer(answer: (request: ApiRequest) => ApiAnswer): Promise<FakeApiServer> {
  const requests: ApiRequest[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((incoming, response) => {
    const url = new URL(incoming.url ?? '/', 'http://localhost');
    const request: ApiRequest = {
      method: incoming.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: incoming.headers.authorization,
    };
    requests.push(request);
    const result = answer(request);
    if (result === 'hang') return;
    response.writeHead(result.status, { 'Content-Type': 'application/json' }).end(result.body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, LOOPBACK, () => {
      resolve({
        url: `http://${LOOPBACK}:${(server.address() as net.AddressInfo).port}`,
        requests,
        close: () => new Promise<void>((done) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}

/** The recorded answers of a healthy API server: every Service in two pages, or one namespace's. */
function recorded(request: ApiRequest): ApiAnswer {
  if (request.path === '/api/v1/services') {
    return { status: 200, body: fixture(request.query.continue ? 'api-services-page-2.json' : 'api-services-page-1.json') };
  }
  if (request.path === '/api/v1/namespaces/shop/services') return { status: 200, body: fixture('api-services-shop.json') };
  return { status: 404, body: '{"kind":"Status","apiVersion":"v1","status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","code":404}' };
}

/**
 * Each test runs the CLI as a process (a few seconds each on a busy machine), so they run concurrently,
 * each in its own temporary directory.
 */
async function inTempDir(work: (dir: string) => Promise<void>): Promise<void> {
  const dir = tempDir('discover-k8s');
  try {
    await work(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** With a fake API server answering `answer`, closed afterwards. */
async function withApiServer(answer: (request: ApiRequest) => ApiAnswer, work: (api: FakeApiServer) => Promise<void>): Promise<void> {
  const api = await startApiServer(answer);
  try {
    await work(api);
  } finally {
    await api.close();
  }
}

/** The fixture kubeconfig, pointing at `server`, written to `dir`. */
function kubeconfig(dir: string, server: string): string {
  const file = path.join(dir, 'kubeconfig.yaml');
  fs.writeFileSync(file, fixture('kubeconfig.yaml').replace('SERVER', server));
  return file;
}

/** Runs in the project root (the process runner loads ts-node from there); paths are absolute. */
function discover(args: string[], env: Record<string, string> = {}) {
  return runCliProcess(['discover', ...args], { env });
}

describe('discover from a cluster (the real Kubernetes client)', () => {
  test.concurrent('lists every Service page by page with the kubeconfig\'s token, and skips the system ones', () => inTempDir((dir) => withApiServer(recorded, async (api) => {
    const output = path.join(dir, 'inventory.json');
    const run = await discover(['--kubeconfig', kubeconfig(dir, api.url), '--json', '-o', output]);
    expect(run.stderr).toBe('cdk8s-slo discover: no --prometheus-url (or PROMETHEUS_URL): listing Kubernetes labels only, nothing is measured\n');
    expect(run.code).toBe(0);
    expect(api.requests.map((r) => [r.method, r.path, r.query.limit, r.query.continue ?? ''])).toEqual([
      ['GET', '/api/v1/services', '500', ''],
      ['GET', '/api/v1/services', '500', JSON.parse(fixture('api-services-page-1.json')).metadata.continue],
    ]);
    expect(api.requests.every((r) => r.authorization === 'Bearer recorded-token-4f1d')).toBe(true);
    const inventory: ServiceInventory = JSON.parse(run.stdout);
    expect(inventory.services.map((s) => `${s.namespace}/${s.name}`)).toEqual([
      'data/postgres', 'shop/checkout', 'shop/idle', 'shop/legacy', 'shop/search', 'shop/storefront',
    ]);
    const checkout = inventory.services.find((s) => s.name === 'checkout')!;
    expect(checkout.labels).toEqual({ 'customer-facing': 'true', 'revenue-impact': 'true', 'team': 'payments', 'tier': 'critical' });
    expect(checkout.annotations).toEqual({ 'prometheus.io/port': '8080', 'prometheus.io/scrape': 'true' });
    expect(inventory.services.find((s) => s.name === 'legacy')!.selector).toEqual({ namespace: 'shop', job: 'legacy-app' });
    expect(JSON.parse(fs.readFileSync(output, 'utf8'))).toEqual(inventory);
  })));

  test.concurrent('-n lists one namespace with namespace-scoped requests ($KUBECONFIG); the table names what was found', () => inTempDir((dir) => withApiServer(recorded, async (api) => {
    const run = await discover(['-n', 'shop'], { KUBECONFIG: kubeconfig(dir, api.url) });
    expect(run.code).toBe(0);
    expect(api.requests.map((r) => r.path)).toEqual(['/api/v1/namespaces/shop/services']);
    expect(run.stdout).toMatch(/^shop\/checkout\s+payments\s+critical\s+-/m);
    expect(run.stdout).toContain('5 services in 1 namespace; not measured (no --prometheus-url).');
  })));

  test.concurrent.each([
    [403, 'api-forbidden.json', 'answered HTTP 403 to list services in all namespaces: services is forbidden: User "system:serviceaccount:ci:slo-discover" cannot list resource "services" in API group "" at the cluster scope'],
    [500, 'api-internal-error.json', 'answered HTTP 500 to list services in all namespaces: rpc error: code = Unavailable desc = etcdserver: leader changed'],
  ])('HTTP %i from the API: exit 4, one line with the API\'s message, nothing written', (status, body, message) => inTempDir((dir) => withApiServer(() => ({ status, body: fixture(body) }), async (api) => {
    const output = path.join(dir, 'inventory.json');
    fs.writeFileSync(output, 'previous');
    const run = await discover(['--kubeconfig', kubeconfig(dir, api.url), '-o', output]);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`cdk8s-slo discover: Kubernetes API at ${api.url} ${message}\n`);
    expect(fs.readFileSync(output, 'utf8')).toBe('previous');
  })));

  test.concurrent('an API server that does not answer: exit 4 after --timeout', () => inTempDir((dir) => withApiServer(() => 'hang', async (api) => {
    const run = await discover(['--kubeconfig', kubeconfig(dir, api.url), '--timeout', '1s']);
    expect(run.code).toBe(4);
    expect(run.stderr).toBe(`cdk8s-slo discover: Kubernetes API at ${api.url}: no answer within 1 s (timed out) (list services in all namespaces)\n`);
  })));

  test.concurrent('an API server that is down: exit 4, connection refused', () => inTempDir(async (dir) => {
    const server = `http://${LOOPBACK}:${await freeLoopbackPort()}`;
    const run = await discover(['--kubeconfig', kubeconfig(dir, server)]);
    expect(run.code).toBe(4);
    expect(run.stderr).toBe(`cdk8s-slo discover: Kubernetes API at ${server}: connection refused (is the cluster reachable, and the kubeconfig right?) (list services in all namespaces)\n`);
  }));
});

describe('a bad kubeconfig: exit 3, one line naming it, nothing written', () => {
  test.concurrent.each([
    ['kubeconfig-malformed.yaml', [], /is not a usable kubeconfig: /],
    ['kubeconfig.yaml', ['--context', 'staging'], /has no context "staging" \(it has: recorded, elsewhere\)$/],
    ['kubeconfig.yaml', [], /the server of context "recorded" is "SERVER", not an http\(s\):\/\/ URL$/],
  ])('%s %j', (name, extra, message) => inTempDir(async (dir) => {
    const file = path.join(FIXTURES, name);
    const run = await discover(['--kubeconfig', file, ...extra as string[], '-o', path.join(dir, 'inventory.json')]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0].startsWith(`cdk8s-slo discover: ${file}: `)).toBe(true);
    expect(lines[0]).toMatch(message);
    expect(fs.readdirSync(dir)).toEqual([]);
  }));
});
