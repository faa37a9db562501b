/**
 * One synthesis measurement in a fresh process, so that its peak memory is its own. Prints one JSON line.
 *
 *   node synthesis-child.js synth <count>             N SLOs through the library: App, Chart, Slo × N, synthYaml()
 *   node synthesis-child.js floor <count> <template>  the same manifests as plain objects, serialized by
 *                                                     cdk8s's own YAML serializer (Yaml.stringify)
 *
 * The floor's objects come from one synthesized manifest whose service is a placeholder (made once by
 * the parent); building them is JSON.parse of the template with the service filled in.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import { App, Chart, Testing, Yaml } from 'cdk8s';
import { addBenchSlos } from './rulesets/ours';
import { benchSlos } from './traffic';

export interface ChildMeasurement {
  readonly mode: 'synth' | 'floor';
  readonly count: number;
  /** Wall-clock milliseconds of the measured work only (not start-up or module loading). */
  readonly ms: number;
  /** Resident memory before the work, after loading modules (kB). */
  readonly baselineRssKb: number;
  /** Peak resident memory of the process (kB), `process.resourceUsage().maxRSS`. */
  readonly maxRssKb: number;
  readonly yamlBytes: number;
  /** sha256 of the YAML, to check the floor serialized the same manifests. */
  readonly yamlSha256: string;
}

/** The service name stands in for every SLO's identity in the template. */
export const TEMPLATE_SERVICE = 'svc-zzzzzzzzzzzz';
export const TARGET = 0.999;

/** One SLO's manifests, with the placeholder service, as JSON text (made by the parent). */
export function synthesizeTemplate(): string {
  const app = Testing.app();
  const chart = new Chart(app, 'bench');
  addBenchSlos(chart, benchSlos(1, () => TEMPLATE_SERVICE), TARGET);
  return JSON.stringify(Testing.synth(chart));
}

function runSynth(count: number): string {
  const app = new App();
  const chart = new Chart(app, 'bench');
  addBenchSlos(chart, benchSlos(count), TARGET);
  return app.synthYaml();
}

function runFloor(count: number, template: string): string {
  const parts = template.split(TEMPLATE_SERVICE);
  const docs: unknown[] = [];
  for (const slo of benchSlos(count)) {
    docs.push(...JSON.parse(parts.join(slo.service)));
  }
  return Yaml.stringify(...docs);
}

function main(): void {
  const [mode, countText, templateFile] = process.argv.slice(2);
  const count = Number(countText);
  if ((mode !== 'synth' && mode !== 'floor') || !Number.isInteger(count) || (mode === 'floor' && !templateFile)) {
    throw new Error('usage: synthesis-child.js synth <count> | floor <count> <template.json>');
  }
  const template = mode === 'floor' ? fs.readFileSync(templateFile, 'utf8') : '';
  const baselineRssKb = Math.round(process.memoryUsage().rss / 1024);
  const started = process.hrtime.bigint();
  const yaml = mode === 'synth' ? runSynth(count) : runFloor(count, template);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const measurement: ChildMeasurement = {
    mode,
    count,
    ms,
    baselineRssKb,
    maxRssKb: process.resourceUsage().maxRSS,
    yamlBytes: Buffer.byteLength(yaml),
    yamlSha256: createHash('sha256').update(yaml).digest('hex'),
  };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

if (require.main === module) {
  main();
}
