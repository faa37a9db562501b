/**
 * status, verify and discover against the recorded answers of Thanos Query and Mimir
 * (cli/test/fixtures/engines/): a path prefix, Thanos's partial-response warnings and
 * `partial_response=false`, Mimir's X-Scope-OrgID tenant and its "no org id" 401, and the rules API of
 * each. The manifests (checkout.k8s.yaml) are the ones the recorded rule groups were loaded from.
 */
import * as path from 'path';
import { runCliInProcess } from './helpers/cli';
import { engineFixture, RecordedEngine, startRecordedEngine } from './helpers/recorded-engine';

const FIXTURES = path.join(__dirname, 'fixtures', 'engines');
const MANIFESTS = path.join(FIXTURES, 'checkout.k8s.yaml');
const SERVICES = path.join(FIXTURES, 'services.json');
/** The time the answers were recorded at: 2026-12-01T12:00:00Z. */
const RECORDED_AT = Date.UTC(2026, 11, 1, 12, 0, 0);
const run = (args: string[], env: Record<string, string> = {}) => runCliInProcess(args, { now: () => RECORDED_AT, env });

describe('Thanos Query (recorded answers, behind /thanos, one store down)', () => {
  let thanos: RecordedEngine;
  let url: string;
  beforeAll(async () => {
    thanos = await startRecordedEngine(engineFixture('thanos-query'));
    url = `${thanos.origin}/thanos`;
  });
  afterAll(() => thanos.close());
  beforeEach(() => {
    thanos.requests.length = 0;
  });

  test('status reads through the prefix, shows the SLO, and says its data may be partial', async () => {
    const result = await run(['status', '--prometheus-url', url]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^checkout\/availability\s+99\.9%\s+99\.958%\s+58%\s+1\.7x\s+warning$/m);
    expect(thanos.requests.map((r) => r.path)).toEqual(['/thanos/api/v1/query', '/thanos/api/v1/query']);
    // The same store warning on both answers is printed once, then what it means.
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^cdk8s-slo status: warning: Prometheus at http:\/\/127\.0\.0\.1:\d+\/thanos answered: fetch series for \{__name__="ALERTS"\} Addr: thanos-store-gateway-1/);
    expect(lines[1]).toBe('cdk8s-slo status: the results above may be computed from partial data (1 distinct warning(s)); --fail-on-warnings makes this an error');
  });

  test('status --json keeps its array on stdout; the warning goes to stderr', async () => {
    const result = await run(['status', '--prometheus-url', url, '--json']);
    expect(result.code).toBe(0);
    const statuses = JSON.parse(result.stdout);
    expect(statuses).toHaveLength(1);
    expect(statuses[0]).toMatchObject({ service: 'checkout', slo: 'availability', objective: 0.999, budgetRemaining: 0.58, burnRate: 1.7 });
    expect(statuses[0].alerts).toEqual([expect.objectContaining({ severity: 'warning' })]);
    expect(result.stderr).toContain('may be computed from partial data');
  });

  test('--fail-on-warnings sends partial_response=false, and Thanos\'s refusal is exit 4', async () => {
    const result = await run(['status', '--prometheus-url', url, '--fail-on-warnings']);
    expect(result.code).toBe(4);
    expect(thanos.requests[0].params.partial_response).toBe('false');
    expect(result.stderr).toMatch(/^cdk8s-slo status: Prometheus at http:\/\/127\.0\.0\.1:\d+\/thanos answered HTTP 422: execution: fetch series for .*connection error \(query /);
    expect(result.stdout).toBe('');
  });

  test('a URL without the prefix: exit 4, with the 404 and a hint about the prefix', async () => {
    const result = await run(['status', '--prometheus-url', thanos.origin]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('answered HTTP 404 with something that is not its API\'s JSON (query');
    expect(result.stderr).toContain('is the path prefix of the URL right');
    expect(thanos.requests[0].path).toBe('/api/v1/query');
  });

  test('verify reads the rulers\' groups through Thanos Query (extra fields ignored) and reports the ruler warning', async () => {
    const result = await run(['verify', MANIFESTS, '--prometheus-url', url, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: true, problems: [], checked: { ruleGroups: 2, rules: 25, slos: 1 } });
    expect(report.warnings).toEqual([expect.stringMatching(/^rule group slo-payments-latency-long-windows from Addr: thanos-rule-1/)]);
    const rulesRequest = thanos.requests.find((r) => r.path === '/thanos/api/v1/rules');
    expect(rulesRequest?.method).toBe('GET');
    expect(result.stderr).toContain('cdk8s-slo verify: warning: Prometheus at');
  });

  test('verify --fail-on-warnings: the rules answer\'s warning fails the run (exit 4)', async () => {
    const result = await run(['verify', MANIFESTS, '--prometheus-url', url, '--fail-on-warnings']);
    expect(result.code).toBe(4);
    // Whichever answer comes first fails it: the rules' warning, or a query Thanos refuses to answer partially.
    expect(result.stderr).toMatch(/--fail-on-warnings refuses partial answers: rule group slo-payments-latency|answered HTTP 422: execution: fetch series/);
    const rules = thanos.requests.find((r) => r.path === '/thanos/api/v1/rules');
    expect(rules?.params.partial_response).toBe('false');
  });

  test('report over a day: the numbers, with the warning in --json and on stderr (closed ranges: Prometheus 2\'s engine)', async () => {
    const result = await run(['report', '--days', '1', '--prometheus-url', url, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.slos).toHaveLength(1);
    expect(report.slos[0]).toMatchObject({ service: 'checkout', slo: 'availability', availability: 0.9995 });
    expect(report.slos[0].budget.consumed).toBeCloseTo(0.5, 9);
    expect(report.warnings).toEqual([expect.stringMatching(/^fetch series for .*thanos-store-gateway-1/)]);
    expect(result.stderr).toContain('cdk8s-slo report: the results above may be computed from partial data');
    // The written report says so too, where a reader of the file will see it.
    const markdown = await run(['report', '--days', '1', '--prometheus-url', url]);
    expect(markdown.stdout).toMatch(/^- Generated: 2026-12-01 12:00 UTC\n- \*\*Partial data\*\*: Prometheus answered with a warning: fetch series for .*thanos-store-gateway-1/m);
    // Ranges read as Prometheus 2 reads them: both ends included, so a step's range is 1 ms short of it.
    expect(thanos.requests.filter((r) => r.path === '/thanos/api/v1/query_range').map((r) => r.params.query)).toContain(
      'sum by (slo_service, slo_name) (sum_over_time(slo:sli_total:rate5m[299999ms]))');
  });

  test('discover measures through Thanos and warns that the figures may be partial', async () => {
    const result = await run(['discover', '--services-file', SERVICES, '--lookback', '1h', '--prometheus-url', url, '--json']);
    expect(result.code).toBe(0);
    const inventory = JSON.parse(result.stdout);
    expect(inventory.prometheusUrl).toBe(url);
    expect(inventory.services[0]).toMatchObject({
      name: 'checkout',
      observed: { averageQps: 50, peakQps: 50, errorRatio: 0.005, latency: { p50: 0.042, p95: 0.18, p99: 0.61 } },
    });
    expect(result.stderr).toContain('cdk8s-slo discover: the results above may be computed from partial data');
  });
});

describe('Mimir (recorded answers, /prometheus, X-Scope-OrgID required)', () => {
  let mimir: RecordedEngine;
  let url: string;
  beforeAll(async () => {
    mimir = await startRecordedEngine(engineFixture('mimir'));
    url = `${mimir.origin}/prometheus`;
  });
  afterAll(() => mimir.close());
  beforeEach(() => {
    mimir.requests.length = 0;
  });

  test('without a tenant: Mimir\'s 401 "no org id", exit 4 with a hint to give --tenant', async () => {
    const result = await run(['status', '--prometheus-url', url]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/answered HTTP 401 with something that is not its API's JSON \(query .*\): no org id; the server needs a tenant: give --tenant \(X-Scope-OrgID\) or set PROMETHEUS_TENANT\n$/);
    // status asks its two queries at once: the second one is refused too (and must not reach the next test).
    for (let i = 0; i < 100 && mimir.requests.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(mimir.requests.map((r) => r.headers['x-scope-orgid'])).toEqual([undefined, undefined]);
  });

  test('--tenant sends X-Scope-OrgID with every request; status reads the tenant\'s series, with no warning', async () => {
    const result = await run(['status', '--prometheus-url', url, '--tenant', 'team-payments', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)[0]).toMatchObject({ service: 'checkout', slo: 'availability', budgetRemaining: 0.58, alertsFiring: [] });
    expect(result.stderr).toBe('');
    expect(mimir.requests.map((r) => r.headers['x-scope-orgid'])).toEqual(['team-payments', 'team-payments']);
  });

  test('the prefix with a trailing slash asks the same paths', async () => {
    const result = await run(['status', '--prometheus-url', `${url}/`, '--tenant', 'team-payments']);
    expect(result.code).toBe(0);
    expect(mimir.requests.map((r) => r.path)).toEqual(['/prometheus/api/v1/query', '/prometheus/api/v1/query']);
  });

  test('PROMETHEUS_TENANT does the same; --tenant wins over it', async () => {
    expect((await run(['status', '--prometheus-url', url], { PROMETHEUS_TENANT: 'team-payments' })).code).toBe(0);
    await run(['status', '--prometheus-url', url, '--tenant', 'team-search'], { PROMETHEUS_TENANT: 'team-payments' });
    expect(mimir.requests.map((r) => r.headers['x-scope-orgid'])).toEqual(['team-payments', 'team-payments', 'team-search', 'team-search']);
  });

  test('--header X-Scope-OrgID works as well, and other headers go along', async () => {
    const result = await run(['status', '--prometheus-url', url, '--header', 'X-Scope-OrgID: team-payments', '--header', 'X-Request-Source:  slo-cli ']);
    expect(result.code).toBe(0);
    expect(mimir.requests[0].headers).toMatchObject({ 'x-scope-orgid': 'team-payments', 'x-request-source': 'slo-cli' });
  });

  test('verify against Mimir\'s ruler (namespaced groups) passes with the tenant', async () => {
    const result = await run(['verify', MANIFESTS, '--prometheus-url', url, '--tenant', 'team-payments', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, problems: [] });
    expect(mimir.requests.find((r) => r.path === '/prometheus/api/v1/rules')?.headers['x-scope-orgid']).toBe('team-payments');
  });

  test('verify with another tenant: every group missing, and a note that says why the list may be empty', async () => {
    const result = await run(['verify', MANIFESTS, '--prometheus-url', url, '--tenant', 'team-search']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Rule groups not loaded (2):');
    expect(result.stdout).toContain('the rules API lists no rule group at all. VictoriaMetrics single-node answers so unless started with -vmalert.proxyURL');
    expect(result.stdout).toContain('Mimir lists only the tenant\'s groups: check --tenant.');
  });

  test('a rules URL without the /prometheus prefix: exit 4 naming the rules URL, with what to point it at', async () => {
    const result = await run(['verify', MANIFESTS, '--prometheus-url', url, '--rules-url', mimir.origin, '--tenant', 'team-payments']);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(`Prometheus at ${mimir.origin} answered HTTP 404`);
    expect(result.stderr).toContain('(GET /api/v1/rules): 404 page not found; --rules-url must point at a server with the rules API');
  });

  test('report over a day with the tenant (open ranges: Prometheus 3\'s engine)', async () => {
    const result = await run(['report', 'checkout', '--days', '1', '--prometheus-url', url, '--tenant', 'team-payments']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('## checkout / availability');
    expect(result.stdout).toContain('| checkout | availability | 99.9% | 99.950% | 50.0% | 0 | 100.0% |');
    expect(result.stdout).toContain('- Events: 4,320,000 total, 2,160 bad');
    expect(mimir.requests.filter((r) => r.path === '/prometheus/api/v1/query_range').map((r) => r.params.query)).toContain(
      'sum by (slo_service, slo_name) (sum_over_time(slo:sli_total:rate5m{slo_service="checkout"}[300s]))');
  });

  test('discover with the tenant', async () => {
    const result = await run(['discover', '--services-file', SERVICES, '--lookback', '1h', '--prometheus-url', url, '--tenant', 'team-payments', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).services[0].observed).toMatchObject({ averageQps: 50, errorRatio: 0.005 });
    expect(new Set(mimir.requests.map((r) => r.headers['x-scope-orgid']))).toEqual(new Set(['team-payments']));
  });
});

describe('--header and --tenant: refused before any request, never showing a value', () => {
  let mimir: RecordedEngine;
  beforeAll(async () => {
    mimir = await startRecordedEngine(engineFixture('mimir'));
  });
  afterAll(() => mimir.close());

  const refused = async (args: string[], env: Record<string, string> = {}) => {
    const before = mimir.requests.length;
    const result = await run(['status', '--prometheus-url', `${mimir.origin}/prometheus`, ...args], env);
    expect(result.code).toBe(2);
    expect(mimir.requests.length).toBe(before);
    return result.stderr;
  };

  test.each([
    [['--header', 'X-Api-Key: s3cret-value\r\nX-Scope-OrgID: admin'], /--header #1 \(X-Api-Key\) has a control character \(such as a line break\)/],
    [['--header', 'X-Api-Key s3cret-value'], /--header #1 must be "Name: value" \(no colon found\)/],
    [['--header', 'Bad Name: s3cret-value'], /--header #1 has no valid header name before the colon/],
    [['--header', 'Host: s3cret-value.example'], /--header #1 \(Host\) cannot be set: cdk8s-slo sets it itself/],
    [['--header', 'X-A: s3cret-value', '--header', 'x-a: s3cret-value2'], /--header #2 \(x-a\) repeats --header #1/],
    [['--header', 'X-Scope-OrgID: s3cret-value', '--tenant', 'team-payments'], /--header #1 \(X-Scope-OrgID\) conflicts with --tenant/],
    [['--tenant', 'team/../payments'], /--tenant "team\/\.\.\/payments" is not a tenant ID/],
  ])('%j', async (args, message) => {
    const stderr = await refused(args);
    expect(stderr).toMatch(message);
    expect(stderr).not.toContain('s3cret');
  });

  test('Authorization next to PROMETHEUS_BEARER_TOKEN is refused rather than one silently winning', async () => {
    const stderr = await refused(['--header', 'Authorization: Bearer s3cret-value'], { PROMETHEUS_BEARER_TOKEN: 'token-from-env' });
    expect(stderr).toContain('--header #1 (Authorization) conflicts with PROMETHEUS_BEARER_TOKEN, which already sends Authorization: give only one of them');
    expect(stderr).not.toContain('s3cret');
  });

  test('a header is sent trimmed, and its value is in no error message', async () => {
    const result = await run(['status', '--prometheus-url', `${mimir.origin}/nowhere`, '--header', 'X-Api-Key: s3cret-value-123']);
    expect(result.code).toBe(4);
    expect(mimir.requests.at(-1)?.headers['x-api-key']).toBe('s3cret-value-123');
    expect(result.stderr).not.toContain('s3cret-value-123');
  });
});
