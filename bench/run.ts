/**
 * The benchmark's entry point (`npm run bench`, `npm run bench -- --quick`): the rule-evaluation
 * benchmark (cost and accuracy of our rules against Sloth-style and Pyrra-style rules in a real
 * Prometheus), then the synthesis benchmark; writes bench/RESULTS.md and exits non-zero when a
 * correctness check fails. See bench/README.md.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Tools } from './backfill';
import { Check } from './checks';
import { loadConfig } from './config';
import { EvaluationBenchmark, runEvaluationBenchmark } from './evaluation';
import { describeMachine } from './machine';
import { PrometheusServer, requireBinary } from './prometheus';
import { killRunningCommands } from './promtool';
import { keptSections, renderReport } from './report';
import { runSynthesisBenchmark, SynthesisRow } from './synthesis';
import { killAllVmProcesses, requireVmTools, victoriaMetricsVersion } from './victoria-metrics';

/** bench/, whether running compiled (bench/.work/dist/bench) or from source. */
function benchDirectory(): string {
  const compiled = `${path.sep}.work${path.sep}dist${path.sep}`;
  return __dirname.includes(compiled) ? __dirname.slice(0, __dirname.indexOf(compiled)) : __dirname;
}

function stopEverything(): void {
  PrometheusServer.killAll();
  killAllVmProcesses();
  killRunningCommands();
}

function log(message: string): void {
  const time = new Date().toISOString().slice(11, 19);
  process.stdout.write(`[bench ${time}] ${message}\n`);
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const config = loadConfig(process.argv.slice(2), benchDirectory());
  process.on('exit', stopEverything);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      log(`${signal}: stopping`);
      stopEverything();
      if (!config.keepWork) fs.rmSync(config.workDir, { recursive: true, force: true });
      process.exit(130);
    });
  }

  const tools: Tools = { prometheus: requireBinary('prometheus', 'PROMETHEUS'), promtool: requireBinary('promtool', 'PROMTOOL') };
  const vmTools = config.skipEvaluation || config.skipVictoriaMetrics ? undefined : requireVmTools();
  const machine = describeMachine(tools.prometheus, tools.promtool, vmTools ? victoriaMetricsVersion() : undefined);
  fs.rmSync(config.workDir, { recursive: true, force: true });
  fs.mkdirSync(config.workDir, { recursive: true });
  log(`${config.quick ? 'quick run' : 'run'}: ${config.slos} SLOs × ${config.cardinalities.join(' and ')} series × ${config.days} days; synthesis of ${config.synthSizes.join(', ')} SLOs`);

  const checks: Check[] = [];
  const evaluations: EvaluationBenchmark[] = [];
  let synthesis: SynthesisRow[] | undefined;
  let error: string | undefined;
  try {
    if (!config.skipEvaluation) {
      for (const seriesPerSlo of config.cardinalities) {
        log(`rule evaluation benchmark: ${seriesPerSlo} raw series per SLO`);
        const evaluation = await runEvaluationBenchmark(config, seriesPerSlo, tools, checks, log, vmTools);
        evaluations.push(evaluation);
        const ours = evaluation.results.find((r) => r.ruleSet.id === 'ours');
        for (const peer of evaluation.results.filter((r) => ours && !r.ruleSet.id.startsWith('ours'))) {
          log(`ours / ${peer.ruleSet.title}: evaluation time ${(ours!.evaluationSeconds / peer.evaluationSeconds).toFixed(3)}×, `
            + `samples read ${(ours!.samplesPerSecond / peer.samplesPerSecond).toPrecision(2)}×, series created ${(ours!.seriesCreated / peer.seriesCreated).toFixed(2)}×`);
        }
        const oursOnVm = evaluation.victoriaMetrics?.find((r) => r.ruleSet.id === 'ours');
        for (const peer of (evaluation.victoriaMetrics ?? []).filter((r) => oursOnVm && r.ruleSet.id !== 'ours')) {
          log(`on VictoriaMetrics, ours / ${peer.ruleSet.title}: evaluation time ${(oursOnVm!.evaluationSeconds / peer.evaluationSeconds).toFixed(3)}×, `
            + `evaluation load ${(oursOnVm!.evaluationLoad / peer.evaluationLoad).toFixed(3)}×`);
        }
      }
    }
    if (!config.skipSynthesis) {
      log('synthesis benchmark');
      synthesis = await runSynthesisBenchmark(config, checks, log);
    }
  } catch (e) {
    error = (e as Error).stack ?? String(e);
    checks.push({ name: 'the benchmark ran to the end', ok: false, detail: (e as Error).message.split('\n')[0] });
    log(`failed: ${error}`);
  } finally {
    stopEverything();
    if (!config.keepWork) fs.rmSync(config.workDir, { recursive: true, force: true });
  }

  const runtimeSeconds = (Date.now() - startedAt.getTime()) / 1000;
  const previous = fs.existsSync(config.resultsFile) ? fs.readFileSync(config.resultsFile, 'utf8') : '';
  const report = renderReport({ config, machine, startedAt, runtimeSeconds, evaluations, synthesis, checks, error });
  fs.writeFileSync(config.resultsFile, report + keptSections(previous));
  log(`wrote ${path.relative(process.cwd(), config.resultsFile)} (${(runtimeSeconds / 60).toFixed(1)} min)`);
  const failed = checks.filter((c) => !c.ok);
  for (const check of failed) log(`FAILED: ${check.name}${check.detail ? ` (${check.detail})` : ''}`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    stopEverything();
    process.exit(1);
  },
);
