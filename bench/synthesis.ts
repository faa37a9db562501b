/**
 * The synthesis benchmark: time and peak memory to synthesize N SLOs with the library, against the floor
 * of serializing the same manifests to YAML without constructs. Every measurement runs in a fresh Node
 * process (see synthesis-child.ts); sizes up to 1,000 SLOs are repeated and the median time kept.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Check } from './checks';
import { BenchConfig } from './config';
import { median } from './metrics';
import { runCommand } from './promtool';
import { ChildMeasurement, synthesizeTemplate } from './synthesis-child';

export interface SynthesisRow {
  readonly count: number;
  readonly runs: number;
  /** Median milliseconds. */
  readonly synthMs: number;
  readonly floorMs: number;
  /** Largest peak RSS over the runs, and the baseline (after module loading) of that run, in kB. */
  readonly synthMaxRssKb: number;
  readonly synthBaselineRssKb: number;
  readonly floorMaxRssKb: number;
  readonly floorBaselineRssKb: number;
  readonly yamlBytes: number;
  /** The floor produced exactly the same YAML. */
  readonly identical: boolean;
}

async function measure(childScript: string, args: string[]): Promise<ChildMeasurement> {
  const result = await runCommand(process.execPath, ['--max-old-space-size=8192', childScript, ...args]);
  const line = result.output.trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !line.startsWith('{')) {
    throw new Error(`synthesis child ${args.join(' ')} failed (status ${result.status}):\n${result.output.slice(-3000)}`);
  }
  return JSON.parse(line);
}

export async function runSynthesisBenchmark(config: BenchConfig, checks: Check[], log: (message: string) => void): Promise<SynthesisRow[]> {
  const dir = path.join(config.workDir, 'synthesis');
  fs.mkdirSync(dir, { recursive: true });
  const templateFile = path.join(dir, 'template.json');
  fs.writeFileSync(templateFile, synthesizeTemplate());
  const childScript = path.join(__dirname, 'synthesis-child.js');

  const rows: SynthesisRow[] = [];
  for (const count of config.synthSizes) {
    const runs = count <= 1000 ? config.synthRepeats : 1;
    const synth: ChildMeasurement[] = [];
    const floor: ChildMeasurement[] = [];
    for (let run = 0; run < runs; run++) {
      synth.push(await measure(childScript, ['synth', String(count)]));
      floor.push(await measure(childScript, ['floor', String(count), templateFile]));
    }
    const peak = (ms: ChildMeasurement[]) => ms.reduce((a, b) => (b.maxRssKb > a.maxRssKb ? b : a));
    const row: SynthesisRow = {
      count,
      runs,
      synthMs: median(synth.map((m) => m.ms)),
      floorMs: median(floor.map((m) => m.ms)),
      synthMaxRssKb: peak(synth).maxRssKb,
      synthBaselineRssKb: peak(synth).baselineRssKb,
      floorMaxRssKb: peak(floor).maxRssKb,
      floorBaselineRssKb: peak(floor).baselineRssKb,
      yamlBytes: synth[0].yamlBytes,
      identical: [...synth, ...floor].every((m) => m.yamlSha256 === synth[0].yamlSha256),
    };
    rows.push(row);
    log(`  ${count} SLOs: synth ${row.synthMs.toFixed(0)} ms, floor ${row.floorMs.toFixed(0)} ms (${(row.synthMs / row.floorMs).toFixed(2)}×), `
      + `peak RSS ${(row.synthMaxRssKb / 1024).toFixed(0)} / ${(row.floorMaxRssKb / 1024).toFixed(0)} MB`);
  }
  const different = rows.filter((r) => !r.identical).map((r) => r.count);
  checks.push({
    name: 'synthesis floor serializes exactly the YAML the library synthesizes',
    ok: different.length === 0,
    detail: different.length === 0 ? '' : `different YAML at ${different.join(', ')} SLOs`,
  });
  return rows;
}
