/**
 * `--header` and `--tenant` as requestHeaders reads them, and their values kept out of every output,
 * even when a server echoes them back.
 */
import * as http from 'http';
import * as net from 'net';
import { runCliInProcess } from './helpers/cli';
import { LOOPBACK } from '../../test/helpers/live-prometheus';
import { CliError } from '../src/cli-error';
import { requestHeaders } from '../src/prometheus/request-headers';

describe('requestHeaders', () => {
  test('values are trimmed; tabs, spaces and Latin-1 are kept inside; the tenant comes last', () => {
    expect(requestHeaders({ headers: ['X-A:  one\ttwo  ', 'X-B:caf\u00e9', 'X-Empty:'], tenant: 'team-a|team-b' })).toEqual([
      ['X-A', 'one\ttwo'], ['X-B', 'caf\u00e9'], ['X-Empty', ''], ['X-Scope-OrgID', 'team-a|team-b'],
    ]);
  });

  test('only the first colon separates: values may hold colons (URLs, times)', () => {
    expect(requestHeaders({ headers: ['X-Origin: https://example.com:8443/a'] })).toEqual([['X-Origin', 'https://example.com:8443/a']]);
  });

  test.each([
    [{ headers: ['X-A: one\ntwo'] }, '--header #1 (X-A) has a control character'],
    [{ headers: ['X-A: one\rtwo'] }, '--header #1 (X-A) has a control character'],
    [{ headers: ['X-A: \u2028'] }, 'a character outside Latin-1'],
    [{ headers: ['X-A: \u0000'] }, '--header #1 (X-A) has a control character'],
    [{ headers: [': value'] }, '--header #1 has no valid header name'],
    [{ headers: ['Transfer-Encoding: chunked'] }, '(Transfer-Encoding) cannot be set'],
    [{ headers: ['authorization: Basic x'], authorizationSource: 'the user:password in the URL' }, 'conflicts with the user:password in the URL'],
    [{ headers: ['x-scope-orgid: a'], tenant: 'b', tenantSource: 'PROMETHEUS_TENANT' }, 'conflicts with PROMETHEUS_TENANT'],
    [{ headers: [], tenant: 'a|' }, 'is not a tenant ID'],
    [{ headers: [], tenant: '..' }, 'is not a tenant ID'],
    [{ headers: [], tenant: 'x'.repeat(151) }, 'is not a tenant ID'],
  ])('%j is a usage error', (sources, message) => {
    let error: unknown;
    try {
      requestHeaders(sources);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toContain(message);
  });

  test('Authorization is allowed when nothing else sends it', () => {
    expect(requestHeaders({ headers: ['Authorization: Bearer abc'] })).toEqual([['Authorization', 'Bearer abc']]);
  });
});

describe('header values in output', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    // A proxy that echoes the request's headers in its error, as some do.
    server = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(502, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ status: 'error', errorType: 'bad_gateway', error: `upstream refused: ${JSON.stringify(request.headers)}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
    url = `http://${LOOPBACK}:${(server.address() as net.AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('a value a server echoes back is shown as ***, in text and in --json runs', async () => {
    for (const json of [[], ['--json']]) {
      const run = await runCliInProcess(['status', '--prometheus-url', url, '--header', 'X-Api-Key: key-5f2b9c41d7', ...json]);
      expect(run.code).toBe(4);
      expect(run.stderr).toContain('"x-api-key":"***"');
      expect(run.stderr).not.toContain('key-5f2b9c41d7');
    }
  });

  test('the credentials of --rules-url are never printed either', async () => {
    const run = await runCliInProcess(['verify', 'cli/test/fixtures/engines/checkout.k8s.yaml', '--prometheus-url', url,
      '--rules-url', `${url.replace('http://', 'http://ruler:pw-83b1c0e2@')}/?token=tok-a41c9e77`]);
    expect(run.code).toBe(4);
    expect(run.stderr).not.toMatch(/pw-83b1c0e2|tok-a41c9e77/);
  });
});
