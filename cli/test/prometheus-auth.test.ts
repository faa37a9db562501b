import * as http from 'http';
import * as net from 'net';
import { runCliInProcess } from './helpers/cli';
import { LOOPBACK } from '../../test/helpers/live-prometheus';

/** A stand-in for Prometheus's API that records the Authorization header and answers `status` with no SLOs. */
async function fakePrometheus(statusCode: number): Promise<{ url: string; authorizations: string[]; close: () => Promise<void> }> {
  const authorizations: string[] = [];
  const server = http.createServer((request, response) => {
    authorizations.push(String(request.headers.authorization));
    response.writeHead(statusCode, { 'Content-Type': 'application/json' });
    response.end(statusCode === 200
      ? JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } })
      : JSON.stringify({ status: 'error', errorType: 'unauthorized', error: 'bad credentials' }));
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { url: `${LOOPBACK}:${port}`, authorizations, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('credentials in --prometheus-url', () => {
  test('become basic auth', async () => {
    const prometheus = await fakePrometheus(200);
    try {
      const run = await runCliInProcess(['status', '--prometheus-url', `http://sre:p%40ss@${prometheus.url}`, '--json']);
      expect(run.stdout).toBe('[]\n');
      expect(run.code).toBe(0);
      expect(prometheus.authorizations.length).toBeGreaterThan(0);
      for (const header of prometheus.authorizations) expect(header).toBe(`Basic ${Buffer.from('sre:p@ss').toString('base64')}`);
    } finally {
      await prometheus.close();
    }
  });

  test('never appear in error messages', async () => {
    const prometheus = await fakePrometheus(401);
    try {
      const run = await runCliInProcess(['status', '--prometheus-url', `http://sre:secret@${prometheus.url}`]);
      expect(run.code).toBe(4);
      expect(run.stderr).toContain(`Prometheus at http://${prometheus.url} answered HTTP 401: unauthorized: bad credentials`);
      expect(run.stderr).not.toContain('secret');
    } finally {
      await prometheus.close();
    }
  });
});
