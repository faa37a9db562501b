/**
 * `cdk8s-slo discover` when things go wrong: Prometheus down, slow, answering HTTP errors, NaN or empty
 * results (a loopback HTTP server playing Prometheus), malformed services files and command lines. Each
 * gives one line on stderr and a documented exit code, and never leaves a half-written output file.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { runCliInProcess, runCliProcess } from './helpers/cli';
import { ServiceInventory } from '../../src/planning/service-inventory';
import { freeLoopbackPort, LOOPBACK } from '../../test/helpers/live-prometheus';
import { tempDir } from '../../test/helpers/promtool';

const FIXTURES = path.join(__dirname, 'fixtures', 'discover');
const SERVICES = path.join(FIXTURES, 'services.json');
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

/** What the fake Prometheus answers: an HTTP status and a body, or nothing at all. */
type Answer = { status: number; body: string } | 'hang';

interface FakePrometheus {
  readonly url: string;
  /** The `query` parameter of every request, in order. */
  readonly queries: string[];
  close(): Promise<void>;
}

/** A loopback HTTP server answering Prometheus API requests with `answer(endpoint, query)`. */
function startFakePrometheus(answer: (endpoint: string, query: string, params: URLSearchParams) => Answer): Promise<FakePrometheus> {
  const queries: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const params = new URLSearchParams(body || url.search);
      const query = params.get('query') ?? '';
      queries.push(query);
      const result = answer(url.pathname, query, params);
      if (result === 'hang') return;
      response.writeHead(result.status, { 'Content-Type': 'application/json' }).end(result.body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, LOOPBACK, () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        url: `http://${LOOPBACK}:${port}`,
        queries,
        close: () => new Promise<void>((done) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}

const ok = (data: unknown): Answer => ({ status: 200, body: JSON.stringify({ status: 'success', data }) });
const vector = (value: string | undefined): Answer => ok({ resultType: 'vector', result: value === undefined ? [] : [{ metric: {}, value: [NOW / 1000, value] }] });
/** A range query's answer: `values` one step apart from the query's start. */
const matrix = (params: URLSearchParams, values: string[]): Answer => ok({
  resultType: 'matrix',
  result: [{ metric: {}, values: values.map((v, i) => [Number(params.get('start')) + i * Number(params.get('step')), v]) }],
});
const error = (status: number, errorType: string, message: string): Answer => ({ status, body: JSON.stringify({ status: 'error', errorType, error: message }) });

/** The times of a range query's points, from its start to its end. */
const pointTimes = (params: URLSearchParams): number[] => {
  const start = Number(params.get('start'));
  const step = Number(params.get('step'));
  return Array.from({ length: Math.floor((Number(params.get('end')) - start) / step) + 1 }, (_, i) => start + i * step);
};

/** Answers for a healthy service: 5 rps, 1 % errors, 100 ms quantiles, samples all through the lookback. */
function healthy(endpoint: string, query: string, params: URLSearchParams): Answer {
  // min/max(timestamp(…)): the newest sample at each point is the point itself.
  if (endpoint === '/api/v1/query_range' && query.includes('(timestamp(')) return matrix(params, pointTimes(params).map(String));
  if (endpoint === '/api/v1/query_range') return matrix(params, pointTimes(params).map(() => '5'));
  if (query.startsWith('histogram_quantile')) return vector('0.1');
  if (query.startsWith('count(')) return vector('1');
  if (query.includes('code=~"5.."')) return vector('0.05');
  return vector('5');
}

/** The fake Prometheus's behaviour per job, for the partial-failure runs. */
function byJob(endpoint: string, query: string, params: URLSearchParams): Answer {
  if (query === 'vector(1)') return vector('1');
  const job = /job="([^"]+)"/.exec(query)?.[1];
  switch (job) {
    case 'broken': return error(500, 'internal', 'unexpected error: out of memory');
    case 'badquery': return error(400, 'bad_data', 'invalid parameter "query": 1:40: parse error: unexpected "}"');
    case 'slow': return 'hang';
    case 'nan':
      return endpoint === '/api/v1/query_range' ? matrix(params, ['NaN', 'NaN']) : vector('NaN');
    case 'nanlatency':
      // Traffic, but NaN quantiles and error rate, and NaN hours in the range: none of it may leak as NaN.
      if (endpoint === '/api/v1/query_range' && !query.includes('(timestamp(')) return matrix(params, [...Array.from({ length: 46 }, () => '5'), 'NaN', '+Inf']);
      if (query.startsWith('histogram_quantile(0.99')) return vector('+Inf');
      if (query.startsWith('histogram_quantile') || query.includes('code=~"5.."')) return vector('NaN');
      return healthy(endpoint, query, params);
    case 'empty': return endpoint === '/api/v1/query_range' ? ok({ resultType: 'matrix', result: [] }) : vector(undefined);
    default: return healthy(endpoint, query, params);
  }
}

/** A services file with one Service per job name, in namespace `shop`. */
function servicesFile(dir: string, names: string[]): string {
  const file = path.join(dir, 'services.json');
  fs.writeFileSync(file, JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    metadata: { resourceVersion: '' },
    items: names.map((name) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop', labels: { team: 'shop' } } })),
  }));
  return file;
}

let dir: string;
beforeEach(() => {
  dir = tempDir('discover-fail');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An output file that a failed run must leave exactly as it was. */
function existingOutput(): { file: string; unchanged: () => void } {
  const file = path.join(dir, 'inventory.json');
  fs.writeFileSync(file, '{"previous": "inventory"}\n');
  return {
    file,
    unchanged: () => {
      expect(fs.readFileSync(file, 'utf8')).toBe('{"previous": "inventory"}\n');
      expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    },
  };
}

function discover(args: string[], env: Record<string, string> = {}) {
  return runCliInProcess(['discover', ...args], { cwd: dir, now: () => NOW, env });
}

describe('Prometheus cannot be used at the start: exit 4, one line, nothing written', () => {
  test('down (a closed port), as a real process', async () => {
    const port = await freeLoopbackPort();
    const output = existingOutput();
    const run = await runCliProcess(['discover', '--services-file', SERVICES, '--prometheus-url', `http://${LOOPBACK}:${port}`, '-o', output.file]);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`cdk8s-slo discover: Prometheus at http://${LOOPBACK}:${port}: connection refused (is it running, and is the URL right?) (query "vector(1)")\n`);
    output.unchanged();
  });

  test('slow: no answer within --timeout 1s', async () => {
    const prometheus = await startFakePrometheus(() => 'hang');
    try {
      const output = existingOutput();
      const run = await discover(['--services-file', SERVICES, '--prometheus-url', prometheus.url, '--timeout', '1s', '-o', output.file]);
      expect(run.code).toBe(4);
      expect(run.stderr).toBe(`cdk8s-slo discover: Prometheus at ${prometheus.url}: no answer within 1 s (timed out) (query "vector(1)")\n`);
      output.unchanged();
    } finally {
      await prometheus.close();
    }
  });

  test.each([
    ['HTTP 500 with an API error', error(500, 'internal', 'unexpected error: opening storage failed'), 'answered HTTP 500: internal: unexpected error: opening storage failed (query "vector(1)")'],
    ['HTTP 503 with an HTML page (a proxy in front)', { status: 503, body: '<html><body>Service Unavailable</body></html>' }, 'answered HTTP 503 with something that is not its API\'s JSON (query "vector(1)"): <html><body>Service Unavailable</body></html>'],
    ['HTTP 401 without a token', { status: 401, body: '{"status":"error","errorType":"unauthorized","error":"missing bearer token"}' }, 'answered HTTP 401: unauthorized: missing bearer token (query "vector(1)")'],
  ])('%s', async (_, answer, message) => {
    const prometheus = await startFakePrometheus(() => answer as Answer);
    try {
      const output = existingOutput();
      const run = await discover(['--services-file', SERVICES, '--prometheus-url', prometheus.url, '-o', output.file, '--json']);
      expect(run.code).toBe(4);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`cdk8s-slo discover: Prometheus at ${prometheus.url} ${message}\n`);
      output.unchanged();
    } finally {
      await prometheus.close();
    }
  });
});

describe('some services cannot be measured: exit 5, the rest written, each failure on one line', () => {
  let prometheus: FakePrometheus;
  beforeEach(async () => {
    prometheus = await startFakePrometheus(byJob);
  });
  afterEach(async () => {
    await prometheus.close();
  });

  test('HTTP 500 and 400, a timeout and NaN are failures; NaN latency and errors are left out; empty is "no data" (real process)', async () => {
    const file = servicesFile(dir, ['badquery', 'broken', 'empty', 'nan', 'nanlatency', 'ok', 'slow']);
    const output = path.join(dir, 'out', 'inventory.json');
    fs.mkdirSync(path.dirname(output));
    const run = await runCliProcess(['discover', '--services-file', file, '--prometheus-url', prometheus.url, '--timeout', '1s', '--lookback', '2d', '-o', output]);
    expect(run.code).toBe(5);
    const lines = run.stderr.split('\n');
    expect(lines).toEqual([
      `cdk8s-slo discover: could not measure shop/badquery: Prometheus at ${prometheus.url} answered HTTP 400: bad_data: invalid parameter "query": 1:40: parse error: unexpected "}" (query "sum(rate(http_requests_total{namespace=\\"shop\\",job=\\"badquery\\"}[2d]))")`,
      `cdk8s-slo discover: could not measure shop/broken: Prometheus at ${prometheus.url} answered HTTP 500: internal: unexpected error: out of memory (query "sum(rate(http_requests_total{namespace=\\"shop\\",job=\\"broken\\"}[2d]))")`,
      `cdk8s-slo discover: could not measure shop/nan: Prometheus at ${prometheus.url} answered NaN for the average request rate (query "sum(rate(http_requests_total{namespace=\\"shop\\",job=\\"nan\\"}[2d]))")`,
      `cdk8s-slo discover: could not measure shop/slow: Prometheus at ${prometheus.url}: no answer within 1 s (timed out) (query "sum(rate(http_requests_total{namespace=\\"shop\\",job=\\"slow\\"}[2d]))")`,
      `cdk8s-slo discover: 4 of 7 services could not be measured; the inventory lists them with their failures, next to the other 3 (written to ${output})`,
      '',
    ]);
    const text = fs.readFileSync(output, 'utf8');
    // NaN and ±Inf have no JSON spelling: JSON.stringify would have written null.
    expect(text).not.toMatch(/:\s*(null|NaN|-?Infinity)\b/);
    const inventory: ServiceInventory = JSON.parse(text);
    expect(inventory.failures.map((f) => f.service)).toEqual(['shop/badquery', 'shop/broken', 'shop/nan', 'shop/slow']);
    const byName = Object.fromEntries(inventory.services.map((s) => [s.name, s]));
    expect(byName.ok.observed).toEqual({
      lookbackSeconds: 172800,
      averageQps: 5,
      peakQps: 5,
      peakMultiplier: 1,
      trafficPattern: 'steady',
      errorRatio: 0.01,
      latency: { p50: 0.1, p95: 0.1, p99: 0.1 },
    });
    // The NaN and +Inf hours are missing hours; NaN errors and an infinite p99 are no data.
    expect(byName.nanlatency.observed).toEqual({ lookbackSeconds: 172800, averageQps: 5, peakQps: 5, peakMultiplier: 1, trafficPattern: 'steady' });
    expect(byName.empty.observed).toBeUndefined();
    expect(byName.empty.measurementError).toMatch(/^no http_requests_total\{namespace="shop",job="empty"\} series in the 2d before /);
    for (const failed of ['badquery', 'broken', 'nan', 'slow']) {
      expect(byName[failed].observed).toBeUndefined();
      expect(byName[failed].measurementError).toBe(inventory.failures.find((f) => f.service === `shop/${failed}`)!.message);
    }
    // The table still lists every service.
    expect(run.stdout).toMatch(/^shop\/broken\s+shop\s+-\s+-\s+-\s+-\s+-\s+failed$/m);
    expect(run.stdout).toMatch(/^shop\/ok\s+shop\s+-\s+5\s+1×\s+100ms\s+1%\s+steady$/m);
  });

  test('with --json, stdout holds only the inventory, failures included', async () => {
    const file = servicesFile(dir, ['broken', 'ok']);
    const run = await discover(['--services-file', file, '--prometheus-url', prometheus.url, '--json']);
    expect(run.code).toBe(5);
    const inventory: ServiceInventory = JSON.parse(run.stdout);
    expect(inventory.failures).toEqual([{ service: 'shop/broken', message: expect.stringContaining('answered HTTP 500: internal: unexpected error: out of memory') }]);
    expect(run.stderr.trim().split('\n')).toHaveLength(2);
  });

  test('the queries escape label values: a quote in a name cannot break out of its string', async () => {
    const file = path.join(dir, 'services.json');
    fs.writeFileSync(file, JSON.stringify({
      kind: 'List',
      items: [{ kind: 'Service', metadata: { name: 'ok', namespace: 'shop', annotations: { 'cdk8s-slo.dev/selector': '{job="a\\"} or vector(1) # "}' } } }],
    }));
    const run = await discover(['--services-file', file, '--prometheus-url', prometheus.url, '--json']);
    expect(run.code).toBe(0);
    expect(prometheus.queries).toContain('sum(rate(http_requests_total{job="a\\"} or vector(1) # "}[7d]))');
    expect(JSON.parse(run.stdout).services[0].selector).toEqual({ job: 'a"} or vector(1) # ' });
  });

  test('every service failing: the summary says the inventory lists them, not "the other 0"', async () => {
    const file = servicesFile(dir, ['badquery', 'broken']);
    const run = await discover(['--services-file', file, '--prometheus-url', prometheus.url, '-o', 'inventory.json']);
    expect(run.code).toBe(5);
    expect(run.stderr.trimEnd().split('\n').pop()).toBe('cdk8s-slo discover: 2 of 2 services could not be measured; the inventory lists them with their failures (written to inventory.json)');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'inventory.json'), 'utf8')).services).toHaveLength(2);
  });

  test('an unknown placeholder in the selector annotation fails that service, naming it and the known ones', async () => {
    const file = path.join(dir, 'services.json');
    fs.writeFileSync(file, JSON.stringify({
      kind: 'List',
      items: [
        { kind: 'Service', metadata: { name: 'ok', namespace: 'shop' } },
        { kind: 'Service', metadata: { name: 'legacy', namespace: 'shop', annotations: { 'cdk8s-slo.dev/selector': '{service="$svc"}' } } },
      ],
    }));
    const run = await discover(['--services-file', file, '--prometheus-url', prometheus.url, '--json']);
    expect(run.code).toBe(5);
    const message = 'annotation cdk8s-slo.dev/selector: "{service="$svc"}": service="$svc" uses $svc, which is not a placeholder; the known ones are $namespace and $name';
    expect(JSON.parse(run.stdout).failures).toEqual([{ service: 'shop/legacy', message }]);
    expect(run.stderr).toContain(`cdk8s-slo discover: could not measure shop/legacy: ${message}\n`);
    // Nothing was asked of Prometheus with the placeholder in it.
    expect(prometheus.queries.some((q) => q.includes('$svc'))).toBe(false);
  });

  test('PROMETHEUS_URL is used when --prometheus-url is not given', async () => {
    const file = servicesFile(dir, ['ok']);
    const run = await discover(['--services-file', file, '--json'], { PROMETHEUS_URL: prometheus.url });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).prometheusUrl).toBe(prometheus.url);
  });
});

describe('without Prometheus: only the Kubernetes labels', () => {
  test('exit 0, a note on stderr, no measurements and no prometheusUrl in the inventory', async () => {
    const run = await discover(['--services-file', SERVICES, '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('cdk8s-slo discover: no --prometheus-url (or PROMETHEUS_URL): listing Kubernetes labels only, nothing is measured\n');
    const inventory: ServiceInventory = JSON.parse(run.stdout);
    expect(inventory.prometheusUrl).toBeUndefined();
    expect(inventory.services).toHaveLength(6);
    expect(inventory.services.every((s) => s.observed === undefined && s.measurementError === undefined)).toBe(true);
    expect(inventory.measuredAt).toBe('2025-01-15T12:00:00.000Z');
  });

  test('control characters in names, labels and annotations are escaped in the table, never printed raw', async () => {
    const file = path.join(dir, 'services.json');
    fs.writeFileSync(file, JSON.stringify({
      kind: 'List',
      items: [
        { kind: 'Service', metadata: { name: 'we\u0007ird', namespace: 'shop', labels: { team: 'pay\nments\u001b[31m' }, annotations: { tier: 'tier-1\t\u009b2J\\' } } },
        { kind: 'Service', metadata: { name: 'plain', namespace: 'shop', labels: { team: 'web' } } },
      ],
    }));
    const run = await discover(['--services-file', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    const lines = run.stdout.split('\n');
    expect(lines[1].split(/\s{2,}/).slice(0, 3)).toEqual(['shop/plain', 'web', '-']);
    expect(lines[2].split(/\s{2,}/).slice(0, 3)).toEqual(['shop/we\\u0007ird', 'pay\\nments\\u001b[31m', 'tier-1\\t\\u009b2J\\\\']);
    // Every row is as wide as the header: nothing shifted the columns.
    expect(lines[2].length).toBe(lines[1].length);
    // The inventory keeps the values as they are.
    const json = await discover(['--services-file', file, '--json']);
    expect(JSON.parse(json.stdout).services[1].labels.team).toBe('pay\nments\u001b[31m');
  });

  test('a services file written by kubectl -o yaml is read too', async () => {
    const run = await discover(['--services-file', path.join(FIXTURES, 'services.yaml'), '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).services).toEqual([{
      name: 'checkout', namespace: 'shop', labels: { team: 'payments', tier: 'critical' }, annotations: {}, selector: { namespace: 'shop', job: 'checkout' },
    }]);
  });
});

describe('a malformed services file: exit 3, one line naming the file and the field, nothing written', () => {
  test.each([
    ['services-truncated.json', 'is not valid JSON: Expected \',\' or \'}\' after property value in JSON at position 128'],
    ['services-bad-label.json', 'items[1].metadata.labels.revenue-impact is a boolean, not a string'],
    ['services-no-namespace.json', 'items[0].metadata.namespace is missing (list Services with: kubectl get svc -A -o json)'],
    ['services-not-a-list.json', 'has no "items" list (it is a "ConfigMap"); expected the output of: kubectl get svc -A -o json'],
    ['services-pods.json', 'items[0] is a "Pod", not a Service'],
    ['kubeconfig-no-cluster.yaml', 'has no "items" list (it is a "Config"); expected the output of: kubectl get svc -A -o json'],
  ])('%s', async (name, message) => {
    const output = existingOutput();
    const file = path.join(FIXTURES, name);
    const run = await discover(['--services-file', file, '-o', output.file, '--prometheus-url', 'http://127.0.0.1:9']);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`cdk8s-slo discover: ${file}: ${message}\n`);
    output.unchanged();
  });

  test.each([
    ['missing', 'no such file'],
    ['empty', 'is empty (expected the output of: kubectl get svc -A -o json)'],
    ['directory', 'is a directory, not a services file'],
    ['duplicate', 'items[1] repeats Service shop/a (already at items[0])'],
    ['not yaml', 'is neither JSON nor YAML: '],
  ])('%s', async (kind, message) => {
    const file = path.join(dir, 'services');
    if (kind === 'empty') fs.writeFileSync(file, '\n');
    if (kind === 'directory') fs.mkdirSync(file);
    if (kind === 'duplicate') fs.writeFileSync(file, JSON.stringify({ items: [{ metadata: { name: 'a', namespace: 'shop' } }, { metadata: { name: 'a', namespace: 'shop' } }] }));
    if (kind === 'not yaml') fs.writeFileSync(file, 'items:\n  - metadata: {name: a\n   namespace: [\n');
    const run = await discover(['--services-file', 'services']);
    expect(run.code).toBe(3);
    expect(run.stderr.startsWith(`cdk8s-slo discover: services: ${message}`)).toBe(true);
    expect(run.stderr.split('\n')).toHaveLength(2);
  });

  test('an output that cannot be written is exit 3 naming it, and leaves nothing behind', async () => {
    fs.writeFileSync(path.join(dir, 'a-file'), 'x');
    const run = await discover(['--services-file', SERVICES, '-o', 'a-file/inventory.json']);
    expect(run.code).toBe(3);
    // Found before anything is listed or measured: the error is all there is.
    expect(run.stderr).toBe('cdk8s-slo discover: a-file/inventory.json: cannot write the output: a part of the path is a file, not a directory\n');
    expect(fs.readdirSync(dir)).toEqual(['a-file']);
  });
});

describe('a wrong command line: exit 2, one line', () => {
  test.each([
    [['--services-file', 'x.json', '--kubeconfig', 'k'], '--services-file reads Services from a file; it cannot be combined with --kubeconfig (see: cdk8s-slo discover --help)'],
    [['--services-file', 'x.json', '--context', 'prod'], '--services-file reads Services from a file; it cannot be combined with --context (see: cdk8s-slo discover --help)'],
    [['--lookback', '30m'], '--lookback 30m is too short: at least 1h (the busiest hour is measured hour by hour)'],
    [['--lookback', '3600500ms'], '--lookback 3600500ms must be whole seconds'],
    [['--selector', '{service="$svc"}'], '--selector "{service="$svc"}": service="$svc" uses $svc, which is not a placeholder; the known ones are $namespace and $name'],
    [['--selector', '{namespace="$namespaces"}'], '--selector "{namespace="$namespaces"}": namespace="$namespaces" uses $namespaces, which is not a placeholder; the known ones are $namespace and $name'],
    [['--selector', '{job="${name}"}'], '--selector "{job="${name}"}": job="${name}" uses ${name}, which is not a placeholder; the known ones are $namespace and $name'],
    [['--lookback', 'a week'], '--lookback "a week" is not a duration like 30s, 5m or 7d: "a week" is not a Prometheus duration (for example 5m, 1h30m, 30d)'],
    [['--concurrency', '0'], '--concurrency "0" must be a number from 1 to 64'],
    [['--concurrency', '2.5'], '--concurrency "2.5" must be a whole number'],
    [['--timeout', '0s'], '--timeout "0s" is not a duration like 30s, 5m or 7d: must be longer than zero'],
    [['--requests-metric', 'http-requests'], '--requests-metric "http-requests" is not a Prometheus metric name'],
    [['--selector', 'job="$name"'], '--selector "job="$name"" is not a label selector like {namespace="$namespace",job="$name"}'],
    [['--selector', '{job=~"$name"}'], '--selector "{job=~"$name"}": job=~ is not an equality; only label="value" matchers are allowed'],
    [['--selector', '{}'], '--selector "{}" has no label matchers; it would select every series'],
    [['--error-matcher', 'code=~"5..",x="y"'], '--error-matcher "code=~"5..",x="y"" must be one label matcher like code=~"5..", not 2'],
    [['--prometheus-url', 'prometheus:9090'], '--prometheus-url "prometheus:9090" must be an http:// or https:// URL'],
    [['-n', 'Shop_1'], '--namespace "Shop_1" is not a Kubernetes namespace name'],
  ])('%j', async (args, message) => {
    const run = await discover(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`cdk8s-slo discover: ${message}\n`);
  });

  test('an unknown option', async () => {
    const run = await discover(['--frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^cdk8s-slo discover: Unknown option '--frobnicate'.*\(see: cdk8s-slo discover --help\)\n$/);
  });

  test('--help documents the defaults and exit codes', async () => {
    const run = await discover(['--help']);
    expect(run.code).toBe(0);
    for (const text of ['(default: 7d)', '(default: 4)', '(default: 30s)', '(default: http_requests_total)', '(default: code=~"5..")',
      '(default: {namespace="$namespace",job="$name"})', '(default: http_request_duration_seconds)', '  3   an input file', '  4   Prometheus or Kubernetes', '  5   partial results']) {
      expect(run.stdout).toContain(text);
    }
  });
});
