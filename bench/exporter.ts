/**
 * The live exporter: serves the raw counters at the current time on loopback, so a running Prometheus
 * keeps scraping the same series the history was backfilled with and the 5-minute rates stay fresh.
 */
import * as http from 'http';
import * as net from 'net';
import { exposition } from './openmetrics';
import { LOOPBACK } from './prometheus';
import { TrafficModel } from './traffic';

export interface Exporter {
  /** `127.0.0.1:port`, the scrape target. */
  readonly target: string;
  /** How many times it was scraped. */
  scrapes(): number;
  close(): Promise<void>;
}

export function startExporter(model: TrafficModel): Promise<Exporter> {
  let scrapes = 0;
  const server = http.createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    scrapes++;
    response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
    response.end(exposition(model, Date.now() / 1000));
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, LOOPBACK, () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        target: `${LOOPBACK}:${port}`,
        scrapes: () => scrapes,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}
