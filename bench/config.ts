/**
 * The benchmark's parameters: sizes of the data and of the runs, from command-line flags and environment
 * variables. The defaults (30 days of history, at two cardinalities) fit a shared 2-core machine in about
 * 40 minutes; `--quick` checks the plumbing at tiny sizes.
 */
import * as path from 'path';

/** Every parameter of a run. */
export interface BenchConfig {
  /** `--quick`: tiny sizes, no waiting for compaction; checks the plumbing only. */
  readonly quick: boolean;
  /** Number of SLOs in the evaluation benchmark (BENCH_SLOS). */
  readonly slos: number;
  /**
   * Raw series per SLO, one evaluation benchmark each: half are `code="200"`, half `code="500"`
   * (BENCH_SERIES_PER_SLO, even numbers, comma-separated).
   */
  readonly cardinalities: readonly number[];
  /** Days of 1-minute raw history (BENCH_DAYS, may be fractional). */
  readonly days: number;
  /** The SLOs' target (all SLOs share it). */
  readonly target: number;
  /**
   * Evaluation interval of every rule group while its duration is timed (BENCH_EVAL_INTERVAL, e.g. `15s`;
   * `shipped` keeps each group's own interval). A group's duration does not depend on how often it runs.
   */
  readonly timingInterval: string;
  /** Evaluations timed per group in each round (BENCH_EVALUATIONS); the median over every round is kept. */
  readonly evaluations: number;
  /**
   * Timing rounds (BENCH_ROUNDS): in each, every rule set is loaded, timed and unloaded in turn, each
   * round starting with the next rule set, so that a slow spell of a shared machine, or the first round
   * after the servers' compaction, does not fall on one rule set only.
   */
  readonly rounds: number;
  /** Wait for Prometheus's first compaction before timing, so every rule set reads compacted blocks. */
  readonly settleCompaction: boolean;
  /** SLO counts of the synthesis benchmark (BENCH_SYNTH_SIZES, comma-separated). */
  readonly synthSizes: readonly number[];
  /** Fresh processes per synthesis size up to 1,000 SLOs (larger sizes run once) (BENCH_SYNTH_REPEATS). */
  readonly synthRepeats: number;
  /** Skip parts: BENCH_SKIP=eval,synth,vm (vm: the evaluation benchmark's VictoriaMetrics phase only). */
  readonly skipEvaluation: boolean;
  readonly skipSynthesis: boolean;
  readonly skipVictoriaMetrics: boolean;
  /**
   * Timing rounds on VictoriaMetrics (BENCH_VM_ROUNDS): in each, every rule set gets a fresh vmalert in turn,
   * each round starting with the next rule set.
   */
  readonly vmRounds: number;
  /** Keep bench/.work after the run (BENCH_KEEP_WORK=1), for debugging. */
  readonly keepWork: boolean;
  /** bench/ */
  readonly benchDir: string;
  /** bench/.work/run: every temporary file of a run; removed at the end unless keepWork (the compiled bench is in bench/.work/dist). */
  readonly workDir: string;
  /** Where the report goes (BENCH_RESULTS, default bench/RESULTS.md). */
  readonly resultsFile: string;
}

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  }
  return value;
}

/** Reads flags (`--quick`) and BENCH_* environment variables. */
export function loadConfig(argv: readonly string[], benchDir: string): BenchConfig {
  const unknown = argv.filter((arg) => arg !== '--quick');
  if (unknown.length > 0) {
    throw new Error(`unknown arguments: ${unknown.join(' ')} (the only flag is --quick; sizes come from BENCH_* variables, see bench/README.md)`);
  }
  const quick = argv.includes('--quick');
  const cardinalities = (process.env.BENCH_SERIES_PER_SLO || (quick ? '20' : '10,200')).split(',').map((text) => {
    const n = Number(text.trim());
    if (!Number.isInteger(n) || n <= 0 || n % 2 !== 0) {
      throw new Error(`BENCH_SERIES_PER_SLO: "${text}" is not a positive even number (half good, half bad series)`);
    }
    return n;
  });
  const skip = (process.env.BENCH_SKIP ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknownSkip = skip.filter((s) => !['eval', 'synth', 'vm'].includes(s));
  if (unknownSkip.length > 0) throw new Error(`BENCH_SKIP: unknown part(s) ${unknownSkip.join(', ')} (eval, synth, vm)`);
  const workDir = path.join(benchDir, '.work', 'run');
  return {
    quick,
    slos: Math.round(envNumber('BENCH_SLOS', 2)),
    cardinalities,
    days: envNumber('BENCH_DAYS', quick ? 0.25 : 30),
    target: 0.999,
    timingInterval: process.env.BENCH_EVAL_INTERVAL ?? (quick ? '5s' : '10s'),
    evaluations: Math.round(envNumber('BENCH_EVALUATIONS', 2)),
    rounds: Math.round(envNumber('BENCH_ROUNDS', quick ? 1 : 5)),
    settleCompaction: !quick,
    synthSizes: (process.env.BENCH_SYNTH_SIZES ?? (quick ? '10,100' : '10,100,1000,5000')).split(',').map((s) => {
      const n = Number(s.trim());
      if (!Number.isInteger(n) || n <= 0) throw new Error(`BENCH_SYNTH_SIZES: "${s}" is not a positive integer`);
      return n;
    }),
    synthRepeats: Math.round(envNumber('BENCH_SYNTH_REPEATS', quick ? 1 : 3)),
    skipEvaluation: skip.includes('eval'),
    skipSynthesis: skip.includes('synth'),
    skipVictoriaMetrics: skip.includes('vm'),
    vmRounds: Math.round(envNumber('BENCH_VM_ROUNDS', quick ? 1 : 3)),
    keepWork: process.env.BENCH_KEEP_WORK === '1',
    benchDir,
    workDir,
    resultsFile: process.env.BENCH_RESULTS ?? path.join(benchDir, 'RESULTS.md'),
  };
}
