/** A description of the machine, for the report. */
import * as fs from 'fs';
import * as os from 'os';
import { binaryVersion } from './prometheus';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly prometheus: string;
  readonly promtool: string;
  /** Set when the VictoriaMetrics phase runs. */
  readonly victoriaMetrics?: string;
  readonly loadAverageAtStart: number[];
}

function osName(): string {
  try {
    const release = fs.readFileSync('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(release);
    if (pretty) return `${pretty[1]}, ${os.type()} ${os.release()} ${os.arch()}`;
  } catch {
    // not Linux, or no os-release
  }
  return `${os.type()} ${os.release()} ${os.arch()}`;
}

export function describeMachine(prometheus: string, promtool: string, victoriaMetrics?: string): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    os: osName(),
    node: process.version,
    prometheus: binaryVersion(prometheus),
    promtool: binaryVersion(promtool),
    ...(victoriaMetrics ? { victoriaMetrics } : {}),
    loadAverageAtStart: os.loadavg(),
  };
}
