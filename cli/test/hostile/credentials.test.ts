/**
 * Corpus: credentials in the Prometheus URL (userinfo, query parameters) and the bearer token never
 * appear in any output, whichever way they were given and whatever fails; errors about PROMETHEUS_URL
 * name the variable; base URLs with a query string keep it.
 */
import { BEARER_TOKEN, CorpusCase, PASSWORD, QUERY_TOKEN, runCorpus } from './corpus';
import { runCliInProcess } from '../helpers/cli';
import { hostilePrometheus, vectorAnswer } from '../helpers/hostile-prometheus';

const DISPLAY = 'http://{HOST}/prom?token=***';
const EMPTY = () => vectorAnswer([]);
const DENIED = () => ({ status: 401, json: { status: 'error', errorType: 'unauthorized', error: 'bad credentials' } });
/** An error body that repeats what the request carried: a server or proxy echoing secrets. */
const ECHO = () => ({ status: 403, json: { status: 'error', errorType: 'forbidden', error: `token ${QUERY_TOKEN} or user sre:${PASSWORD} or bearer ${BEARER_TOKEN} refused` } });

const SERVICES = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ metadata: { name: 'cart', namespace: 'shop', labels: { team: 'a' } }, spec: { selector: { app: 'cart' } } }] });

const cases: CorpusCase[] = [
  // Usage errors: the value is shown with its secrets redacted, and the source is named.
  { name: 'flag: a password in a URL that does not parse', args: ['status', '--prometheus-url', `http://sre:${PASSWORD}@exa mple.com:9090`], code: 2, message: '--prometheus-url "http://***@exa mple.com:9090" is not a URL' },
  { name: 'env: a password in a URL that does not parse', args: ['status'], env: { PROMETHEUS_URL: `http://sre:${PASSWORD}@exa mple.com:9090` }, code: 2, message: 'PROMETHEUS_URL "http://***@exa mple.com:9090" is not a URL', absent: ['--prometheus-url "'] },
  { name: 'flag: a password with an ftp scheme', args: ['status', '--prometheus-url', `ftp://sre:${PASSWORD}@host/`], code: 2, message: '--prometheus-url "ftp://***@host/" must be an http:// or https:// URL' },
  { name: 'env: a password with an ftp scheme', args: ['verify', 'x.yaml'], env: { PROMETHEUS_URL: `ftp://sre:${PASSWORD}@host/` }, code: 2, message: 'PROMETHEUS_URL "ftp://***@host/" must be an http:// or https:// URL' },
  { name: 'flag: userinfo without a scheme', args: ['status', '--prometheus-url', `sre:${PASSWORD}@prometheus:9090`], code: 2, message: '"***@prometheus:9090" must be an http:// or https:// URL' },
  { name: 'flag: a query token in a URL that does not parse', args: ['status', '--prometheus-url', `http://exa mple.com/?token=${QUERY_TOKEN}&a=b`], code: 2, message: '"http://exa mple.com/?token=***&a=***" is not a URL' },
  { name: 'flag: a query parameter that is the token itself', args: ['status', '--prometheus-url', `http://exa mple.com/?${QUERY_TOKEN}`], code: 2, message: '"http://exa mple.com/?***" is not a URL' },
  { name: 'flag: a token in a #fragment', args: ['status', '--prometheus-url', `http://prometheus:9090/#${QUERY_TOKEN}`], code: 2, message: '"http://prometheus:9090/#***" must not have a #fragment' },
  { name: 'flag: a password holding # and ? (no parser finds the userinfo)', args: ['status', '--prometheus-url', `http://sre:${PASSWORD}#?x/@prometheus:9090`], code: 2, message: '--prometheus-url "http://***@prometheus:9090" is not a URL', absent: ['hunter'] },
  { name: 'env: a password holding a slash', args: ['status'], env: { PROMETHEUS_URL: `http://sre:${PASSWORD}/x@prometheus:9090` }, code: 2, message: 'PROMETHEUS_URL "http://***@prometheus:9090"', absent: ['hunter'] },
  { name: 'flag given as --prometheus-url=VALUE', args: ['status', `--prometheus-url=http://sre:${PASSWORD}@exa mple.com`], code: 2, message: '--prometheus-url "http://***@exa mple.com" is not a URL' },
  { name: 'env: a percent-encoded password', args: ['report'], env: { PROMETHEUS_URL: `gopher://sre:${encodeURIComponent(`${PASSWORD}/@`)}@host` }, code: 2, message: 'PROMETHEUS_URL "gopher://***@host" must be' },
  { name: 'a bad --timeout next to a credentialed URL', args: ['status', '--prometheus-url', '{URL}', '--timeout', 'soon'], answer: EMPTY, code: 2, message: '--timeout "soon" is not a duration' },
  { name: 'an unknown option next to a credentialed URL', args: ['status', '--prometheus-url', '{URL}', '--bogus'], answer: EMPTY, code: 2, message: "Unknown option '--bogus'" },
  { name: 'an unknown command with a credentialed URL', args: ['statuss', '--prometheus-url', '{URL}'], answer: EMPTY, code: 2, message: 'unknown command "statuss"' },

  // Server errors: the URL is shown without userinfo and with query values redacted.
  { name: 'flag: 401 from the server', args: ['status', '--prometheus-url', '{URL}'], answer: DENIED, code: 4, message: `Prometheus at ${DISPLAY} answered HTTP 401: unauthorized: bad credentials` },
  { name: 'env: 401 from the server', args: ['status'], env: { PROMETHEUS_URL: '{URL}' }, answer: DENIED, code: 4, message: `Prometheus at ${DISPLAY} answered HTTP 401` },
  { name: 'flag wins over env, and neither is shown', args: ['status', '--prometheus-url', '{URL}'], env: { PROMETHEUS_URL: `http://other:${PASSWORD}@127.0.0.1:1` }, answer: DENIED, code: 4, message: `Prometheus at ${DISPLAY} answered HTTP 401` },
  { name: 'an error body that echoes every credential', args: ['status', '--prometheus-url', '{URL}'], env: { PROMETHEUS_BEARER_TOKEN: BEARER_TOKEN }, answer: ECHO, code: 4, message: 'forbidden: token *** or user *** or bearer *** refused' },
  { name: 'a non-JSON body that echoes the request URL', args: ['status', '--prometheus-url', '{URL}'], answer: (r) => ({ status: 400, text: `<h1>bad request ${r.path}${r.search}</h1>` }), code: 4, message: "with something that is not its API's JSON" },
  { name: 'connection refused', args: ['status', '--prometheus-url', `http://sre:${PASSWORD}@127.0.0.1:{CLOSED}/?token=${QUERY_TOKEN}`], code: 4, message: 'Prometheus at http://127.0.0.1:{CLOSED}?token=***: connection refused' },
  { name: 'no answer in time', args: ['status', '--prometheus-url', '{URL}', '--timeout', '300ms'], answer: () => ({ hang: true }), code: 4, message: `Prometheus at ${DISPLAY}: no answer within 0.3 s (timed out)` },
  { name: 'report: 401', args: ['report', '--prometheus-url', '{URL}'], answer: DENIED, code: 4, message: `Prometheus at ${DISPLAY} answered HTTP 401` },
  { name: 'verify: 500 with the token in the body', args: ['verify', 'rules.yaml', '--prometheus-url', '{URL}'], files: { 'rules.yaml': 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: a\nspec:\n  groups:\n    - name: g\n      rules:\n        - record: a:b\n          expr: vector(1)\n' }, answer: () => ({ status: 500, json: { status: 'error', errorType: 'internal', error: `boom ${QUERY_TOKEN}` } }), code: 4, message: 'internal: boom ***' },
  { name: 'discover: 401 on the first query', args: ['discover', '--services-file', 'services.json', '--prometheus-url', '{URL}', '-o', 'inventory.json'], files: { 'services.json': SERVICES }, answer: DENIED, code: 4, message: `Prometheus at ${DISPLAY} answered HTTP 401`, notWritten: ['inventory.json'] },

  // Output: what is printed or written names the display URL only.
  { name: 'status: no SLOs, the URL in the note', args: ['status', '--prometheus-url', '{URL}'], answer: EMPTY, code: 0, message: `no SLOs found at ${DISPLAY}` },
  { name: 'discover: the written inventory records the display URL', args: ['discover', '--services-file', 'services.json', '--prometheus-url', '{URL}', '-o', 'inventory.json', '--json'], files: { 'services.json': SERVICES }, answer: (r) => (r.path.endsWith('query_range') ? { json: { status: 'success', data: { resultType: 'matrix', result: [] } } } : EMPTY()), code: 0, message: '', stdout: `"prometheusUrl": "${DISPLAY}"` },
];

runCorpus('credentials', cases);

describe('credentials reach the server', () => {
  test('a base URL with a path and a query string: the API path goes into the path, the query is kept, userinfo becomes basic auth', async () => {
    const server = await hostilePrometheus(() => vectorAnswer([]));
    try {
      const run = await runCliInProcess(['status', '--prometheus-url', `http://sre:${PASSWORD}@${server.host}/prom/?token=${QUERY_TOKEN}&org=2`]);
      expect(run.code).toBe(0);
      expect(server.requests.length).toBe(2);
      for (const request of server.requests) {
        expect(request.path).toBe('/prom/api/v1/query');
        expect(request.search).toBe(`?token=${QUERY_TOKEN}&org=2`);
        expect(request.authorization).toBe(`Basic ${Buffer.from(`sre:${PASSWORD}`).toString('base64')}`);
      }
      expect(run.stderr).toContain(`at http://${server.host}/prom?token=***&org=*** (`);
    } finally {
      await server.close();
    }
  });

  test('the bearer token wins over userinfo, and is sent', async () => {
    const server = await hostilePrometheus(() => vectorAnswer([]));
    try {
      const run = await runCliInProcess(['status', '--prometheus-url', `http://sre:${PASSWORD}@${server.host}`], { env: { PROMETHEUS_BEARER_TOKEN: BEARER_TOKEN } });
      expect(run.code).toBe(0);
      expect(server.requests.map((r) => r.authorization)).toEqual([`Bearer ${BEARER_TOKEN}`, `Bearer ${BEARER_TOKEN}`]);
    } finally {
      await server.close();
    }
  });
});
