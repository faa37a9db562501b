/**
 * Raw counters as text: OpenMetrics files with timestamps for `promtool tsdb create-blocks-from
 * openmetrics`, and the Prometheus exposition format for the live exporter.
 */
import * as fs from 'fs';
import { RAW_METRIC, TrafficModel } from './traffic';

/** The metric family of RAW_METRIC (`http_requests` for `http_requests_total`). */
const FAMILY = RAW_METRIC.replace(/_total$/, '');

/** Lines buffered before a write. */
const CHUNK_LINES = 20_000;

/**
 * Writes every raw series at each whole minute in [fromSeconds, toSeconds] (both included) to an
 * OpenMetrics file, time-major. Returns the number of samples written.
 */
export async function writeOpenMetrics(file: string, model: TrafficModel, fromSeconds: number, toSeconds: number): Promise<number> {
  const stream = fs.createWriteStream(file, { encoding: 'utf8' });
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  const write = async (text: string) => {
    if (!stream.write(text)) {
      await new Promise<void>((resolve) => stream.once('drain', resolve));
    }
  };
  const prefixes = model.slos.map((slo) => model.seriesLabelTexts(slo).map((labels) => `${RAW_METRIC}${labels} `));
  const values: number[] = [];
  let samples = 0;
  let lines: string[] = [];
  await write(`# HELP ${FAMILY} Requests served, by status code.\n# TYPE ${FAMILY} counter\n`);
  for (let t = fromSeconds; t <= toSeconds; t += 60) {
    const suffix = ` ${t}\n`;
    for (const slo of model.slos) {
      model.counterValues(slo, t, values);
      const seriesPrefixes = prefixes[slo.index];
      for (let s = 0; s < values.length; s++) {
        lines.push(seriesPrefixes[s] + values[s] + suffix);
      }
      samples += values.length;
      if (lines.length >= CHUNK_LINES) {
        await write(lines.join(''));
        lines = [];
      }
    }
  }
  await write(`${lines.join('')}# EOF\n`);
  stream.end();
  await done;
  return samples;
}

/** The current values of every raw series in the Prometheus text exposition format. */
export function exposition(model: TrafficModel, nowSeconds: number): string {
  const lines: string[] = [`# HELP ${RAW_METRIC} Requests served, by status code.`, `# TYPE ${RAW_METRIC} counter`];
  const values: number[] = [];
  for (const slo of model.slos) {
    const labels = model.seriesLabelTexts(slo);
    model.counterValues(slo, nowSeconds, values);
    for (let s = 0; s < values.length; s++) {
      lines.push(`${RAW_METRIC}${labels[s]} ${values[s]}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
