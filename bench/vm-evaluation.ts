/**
 * The rule-evaluation benchmark on VictoriaMetrics: each rule set (ours, Sloth-style, Pyrra-style)
 * evaluated by vmalert against a single-node VictoriaMetrics holding the same data its Prometheus held.
 *
 * 1. Per rule set, a fresh victoria-metrics on loopback scraping the live exporter every minute, with
 *    that rule set's Prometheus snapshot (raw history plus its backfilled recorded series, and what the
 *    server scraped and recorded since) imported by `vmctl prometheus`.
 * 2. Rounds: each rule set in turn gets a fresh vmalert with its timing rule file (every group at the
 *    timing interval, as on Prometheus), evaluating against and writing to its VictoriaMetrics; only one
 *    vmalert runs at a time, and each round starts with the next rule set.
 * 3. From vmalert's own `/metrics`: every evaluation's duration per group, from the deltas of the
 *    `vmalert_iteration_duration_seconds` summary's `_sum` and `_count` (the first evaluation left out);
 *    rules whose last evaluation failed (`vmalert_recording_rules_error`, `vmalert_alerting_rules_error`)
 *    and `vmalert_execution_errors_total`. A rule set that vmalert cannot load or evaluate fails a check.
 */
import * as path from 'path';
import { Check } from './checks';
import { BenchConfig } from './config';
import { median } from './metrics';
import { parseMetricsText, sleep } from './prometheus';
import { durationSeconds, groupIntervalSeconds, isRecording, RuleSet } from './rulesets/rule-set';
import { importPrometheusBlocks, startAlertSink, startVictoriaMetrics, startVmalert, VmProcess, VmTools } from './victoria-metrics';

export interface VmRuleSetResult {
  readonly ruleSet: RuleSet;
  /** Seconds `vmctl prometheus` took to import the snapshot. */
  readonly importSeconds: number;
  /** Samples vmctl imported (its own count). */
  readonly importedSamples: number;
  /** Per group, every timed evaluation's duration (seconds), over all rounds. */
  readonly durations: ReadonlyMap<string, number[]>;
  /** Σ over groups of the median evaluation duration (seconds). */
  readonly evaluationSeconds: number;
  /** Σ over groups of median duration ÷ shipped interval. */
  readonly evaluationLoad: number;
  readonly evaluationSecondsByRound: number[];
  readonly evaluationLoadByRound: number[];
  /** `vmalert_execution_errors_total`, summed over the timing windows. */
  readonly executionErrors: number;
  /** Rules whose last evaluation in some window failed, with vmalert's log lines about errors. */
  readonly erroredRules: string[];
  /** Recording rules whose last evaluation wrote no sample (`vmalert_recording_rules_last_evaluation_samples` 0). */
  readonly emptyRecordingRules: string[];
  /** Why the rule set could not be timed in some round (vmalert did not start, or timed out), if so. */
  readonly failures: string[];
}

/** One rule set's data for the phase. */
export interface VmPhaseInput {
  readonly ruleSet: RuleSet;
  /** A Prometheus snapshot: the directory of blocks vmctl imports. */
  readonly snapshotDir: string;
  /** The rule file with every group at the timing interval. */
  readonly timingFile: string;
  /** Storage, logs and configuration of this rule set's VictoriaMetrics and vmalert. */
  readonly runDir: string;
}

interface Collected {
  readonly durations: Map<string, number[]>;
  readonly byRound: number[];
  readonly loadByRound: number[];
  executionErrors: number;
  readonly erroredRules: Set<string>;
  readonly emptyRecordingRules: Set<string>;
  readonly failures: string[];
}

const QUIET_AFTER_IMPORT_MS = 20_000;

export async function runVictoriaMetricsPhase(
  config: BenchConfig, tools: VmTools, inputs: readonly VmPhaseInput[], exporterTarget: string, seriesPerSlo: number,
  checks: Check[], log: (message: string) => void,
): Promise<VmRuleSetResult[]> {
  const sink = await startAlertSink();
  const servers: VmProcess[] = [];
  try {
    const importSeconds: number[] = [];
    const importedSamples: number[] = [];
    for (const input of inputs) {
      const server = await startVictoriaMetrics(tools.victoriaMetrics, {
        runDir: input.runDir, name: `${input.ruleSet.id}-vm`, scrapeTargets: [exporterTarget], scrapeInterval: '1m',
      });
      servers.push(server);
      const started = Date.now();
      importedSamples.push(await importPrometheusBlocks(tools.vmctl, input.snapshotDir, server));
      importSeconds.push((Date.now() - started) / 1000);
      log(`${input.ruleSet.title}: ${importedSamples[importedSamples.length - 1].toLocaleString('en-US')} samples imported into VictoriaMetrics `
        + `with vmctl (${importSeconds[importSeconds.length - 1].toFixed(0)} s)`);
    }
    if (config.settleCompaction) await sleep(QUIET_AFTER_IMPORT_MS);

    const collected: Collected[] = inputs.map(() => ({
      durations: new Map(), byRound: [], loadByRound: [], executionErrors: 0, erroredRules: new Set(), emptyRecordingRules: new Set(), failures: [],
    }));
    for (let round = 1; round <= config.vmRounds; round++) {
      for (let k = 0; k < inputs.length; k++) {
        const i = (k + round - 1) % inputs.length;
        await timeWithVmalert(config, tools, inputs[i], servers[i], sink.url, collected[i], round, log);
      }
    }

    return inputs.map((input, i) => {
      const c = collected[i];
      const medians = new Map([...c.durations.entries()].map(([group, values]) => [group, median(values)]));
      const result: VmRuleSetResult = {
        ruleSet: input.ruleSet,
        importSeconds: importSeconds[i],
        importedSamples: importedSamples[i],
        durations: c.durations,
        evaluationSeconds: [...medians.values()].reduce((a, b) => a + b, 0),
        evaluationLoad: input.ruleSet.groups.reduce((sum, g) => sum + (medians.get(g.name) ?? NaN) / groupIntervalSeconds(g), 0),
        evaluationSecondsByRound: c.byRound,
        evaluationLoadByRound: c.loadByRound,
        executionErrors: c.executionErrors,
        erroredRules: [...c.erroredRules],
        emptyRecordingRules: [...c.emptyRecordingRules],
        failures: c.failures,
      };
      const title = `${input.ruleSet.title}, ${config.slos} SLOs × ${seriesPerSlo} series, on VictoriaMetrics`;
      const timed = c.failures.length === 0 && input.ruleSet.groups.every((g) => (c.durations.get(g.name)?.length ?? 0) > 0);
      checks.push({ name: `${title}: vmalert evaluates every group`, ok: timed, detail: c.failures.slice(0, 2).join('; ') });
      const clean = c.executionErrors === 0 && c.erroredRules.size === 0;
      checks.push({
        name: `${title}: no evaluation errors`,
        ok: clean,
        detail: clean ? '' : `${c.executionErrors} failed executions; ${[...c.erroredRules].slice(0, 3).join('; ')}`,
      });
      return result;
    });
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await sink.close();
  }
}

/**
 * One timing window: a fresh vmalert with the rule set's timing file; `config.evaluations` evaluations
 * of every group after the first; its error metrics; then vmalert is stopped.
 */
async function timeWithVmalert(
  config: BenchConfig, tools: VmTools, input: VmPhaseInput, server: VmProcess, notifierUrl: string, c: Collected, round: number,
  log: (message: string) => void,
): Promise<void> {
  const { ruleSet } = input;
  const shipped = config.timingInterval === 'shipped';
  const started = await startVmalert(tools.vmalert, {
    ruleFile: input.timingFile,
    datasourceUrl: server.url,
    notifierUrl,
    evaluationInterval: shipped ? '1m' : config.timingInterval,
    runDir: input.runDir,
    name: `${ruleSet.id}-vmalert-round-${round}`,
  });
  if (!started.process) {
    c.failures.push(`round ${round}: vmalert did not start: ${started.failure.slice(-1500)}`);
    log(`round ${round}, ${ruleSet.title} on VictoriaMetrics: vmalert did not start`);
    return;
  }
  const vmalert = started.process;
  try {
    const interval = Math.max(...ruleSet.groups.map((g) => (shipped ? groupIntervalSeconds(g) : durationSeconds(config.timingInterval))));
    // vmalert starts each group after a random delay of up to its interval.
    const deadline = Date.now() + ((config.evaluations + 4) * interval + 120) * 1000;
    const seen = new Map(ruleSet.groups.map((g) => [g.name, { count: 0, sum: 0, durations: [] as number[] }]));
    const complete = () => [...seen.values()].every((g) => g.durations.length >= config.evaluations);
    while (!complete()) {
      if (vmalert.exitReason !== undefined) {
        c.failures.push(`round ${round}: vmalert ${vmalert.exitReason}: ${vmalert.logTail(5)}`);
        return;
      }
      if (Date.now() > deadline) {
        const short = [...seen.entries()].filter(([, g]) => g.durations.length < config.evaluations).map(([n, g]) => `${n} (${g.durations.length})`);
        c.failures.push(`round ${round}: timed out collecting ${config.evaluations} evaluations per group; short: ${short.slice(0, 5).join(', ')}`);
        break;
      }
      const metrics = parseMetricsText(await vmalert.metricsText());
      const value = (name: string, group: string) => metrics.find((m) => m.name === name && m.labels.group === group)?.value;
      for (const [name, g] of seen) {
        const count = value('vmalert_iteration_duration_seconds_count', name);
        const sum = value('vmalert_iteration_duration_seconds_sum', name);
        if (count === undefined || sum === undefined || count <= g.count) continue;
        // The first evaluation after start is a warm-up: any delta that includes it is left out.
        const evaluations = count - g.count;
        if (g.count > 0) {
          for (let e = 0; e < evaluations && g.durations.length < config.evaluations; e++) g.durations.push((sum - g.sum) / evaluations);
        }
        g.count = count;
        g.sum = sum;
      }
      await sleep(500);
    }

    let roundTotal = 0;
    let roundLoad = 0;
    for (const group of ruleSet.groups) {
      const durations = seen.get(group.name)!.durations;
      if (durations.length === 0) continue;
      c.durations.set(group.name, [...(c.durations.get(group.name) ?? []), ...durations]);
      roundTotal += median(durations);
      roundLoad += median(durations) / groupIntervalSeconds(group);
    }
    c.byRound.push(roundTotal);
    c.loadByRound.push(roundLoad);
    log(`round ${round}, ${ruleSet.title} on VictoriaMetrics: ${(roundTotal * 1000).toFixed(1)} ms per evaluation of all ${ruleSet.groups.length} groups`);

    const metrics = parseMetricsText(await vmalert.metricsText());
    c.executionErrors += metrics.find((m) => m.name === 'vmalert_execution_errors_total')?.value ?? 0;
    for (const m of metrics) {
      if ((m.name === 'vmalert_recording_rules_error' || m.name === 'vmalert_alerting_rules_error') && m.value > 0) {
        c.erroredRules.add(`${m.labels.group}/${m.labels.recording ?? m.labels.alertname}`);
      }
      if (m.name === 'vmalert_recording_rules_last_evaluation_samples' && m.value === 0) c.emptyRecordingRules.add(`${m.labels.group}/${m.labels.recording}`);
    }
    if (c.executionErrors > 0 || c.erroredRules.size > 0) for (const line of vmalert.errorLines(3)) c.erroredRules.add(`log: ${line.slice(0, 400)}`);
  } finally {
    await vmalert.stop();
  }
}

/** Recording rules of a rule set, for the share that wrote nothing. */
export function recordingRuleCount(ruleSet: RuleSet): number {
  return ruleSet.groups.flatMap((g) => g.rules).filter(isRecording).length;
}

/** The directory of a rule set's VictoriaMetrics files, under its Prometheus run directory. */
export function vmRunDir(prometheusRunDir: string): string {
  return path.join(prometheusRunDir, 'victoria-metrics');
}
