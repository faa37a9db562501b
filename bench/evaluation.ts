/**
 * The rule-evaluation benchmark: the same SLOs and the same raw history, with in turn our rules,
 * Sloth-style rules and Pyrra-style rules loaded into a real Prometheus on loopback.
 *
 * 1. Raw history, backfilled once; each rule set gets a copy with its recorded series backfilled
 *    (see backfill.ts), topped up to the present.
 * 2. One server per rule set, all scraping the live exporter, none with rules; wait until each has run
 *    its first compaction (which merges the backfilled blocks).
 * 3. Rounds: each rule set in turn is loaded (POST /-/reload), timed over several evaluations of every
 *    group, and unloaded, so that only one rule set is evaluated at a time; each round starts with the
 *    next rule set, so that a slow spell of a shared machine does not fall on one rule set only.
 * 4. In the last round, while its rules are loaded, each rule's samples read (`stats=all`) and series
 *    created; then the budget remaining at T0 from the backfilled series.
 * 5. Each rule's samples read once more, at the time when the history held 3 days: how the cost changes
 *    with the history's length.
 *
 * 6. On VictoriaMetrics (unless BENCH_SKIP=vm): each server's snapshot, taken after its rounds, imported
 *    into a VictoriaMetrics of its own and evaluated there by vmalert (see vm-evaluation.ts), after every
 *    Prometheus is stopped.
 *
 * Our rules for a 90-day window are timed too, on ours' server: they read the same recorded series (the
 * hourly rollups do not depend on the window), so no other history is needed. So are our rules for a
 * calendar month, on ours' server as well: their own recorded series (the period copies, their head and
 * hourly sums) are backfilled into ours' data after ours' (see rulesets/shared-server.ts); their budget is
 * compared with the exact month-to-date value.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BudgetReading, readBudgets } from './accuracy';
import { backfillRaw, backfillRecorded, blockCount, RecordedBackfill, Timeline, Tools } from './backfill';
import { Check } from './checks';
import { BenchConfig } from './config';
import { startExporter } from './exporter';
import { collectGroupTimings, evaluationFailures, measureRuleCosts, median, RuleCost, waitForCompaction } from './metrics';
import { PrometheusServer, sleep, startPrometheus } from './prometheus';
import { checkRules } from './promtool';
import { oursRuleSet } from './rulesets/ours';
import { pyrraRuleSet } from './rulesets/pyrra-style';
import { durationSeconds, groupIntervalSeconds, RuleSet, ruleCounts, writeRuleFile } from './rulesets/rule-set';
import { readableOnHost, sharedServer } from './rulesets/shared-server';
import { slothRuleSet } from './rulesets/sloth-style';
import { TrafficModel } from './traffic';
import { VmTools } from './victoria-metrics';
import { runVictoriaMetricsPhase, VmRuleSetResult, vmRunDir } from './vm-evaluation';

export interface RuleSetResult {
  readonly ruleSet: RuleSet;
  readonly counts: { groups: number; recording: number; alerting: number };
  readonly backfill: RecordedBackfill;
  /** Blocks in the data directory when its server started (before the server's compaction). */
  readonly blocksAtStart: number;
  /** Per group, every timed evaluation's duration (seconds), over all rounds. */
  readonly durations: ReadonlyMap<string, number[]>;
  /** Σ over groups of the median evaluation duration (seconds): one evaluation of every group. */
  readonly evaluationSeconds: number;
  /** Σ over groups of median duration ÷ shipped interval: seconds of evaluation per second. */
  readonly evaluationLoad: number;
  /** Evaluation time per round of each timing round on its own (Σ of per-group medians within the round). */
  readonly evaluationSecondsByRound: number[];
  readonly costs: RuleCost[];
  /** Each rule's samples read when the history held 3 days (empty when the history is shorter than 6 days). */
  readonly costsAt3Days: RuleCost[];
  /** Σ over rules of samples read ÷ interval, with 3 days of history (NaN when not measured). */
  readonly samplesPerSecondAt3Days: number;
  /** Evaluation load of each timing round on its own (Σ of per-group medians ÷ shipped interval within the round). */
  readonly evaluationLoadByRound: number[];
  /** Σ over rules of samples read ÷ the group's shipped interval. */
  readonly samplesPerSecond: number;
  /** Samples read by one evaluation of every group. */
  readonly samplesPerRound: number;
  /** Series written by one evaluation of every recording rule. */
  readonly seriesCreated: number;
  readonly budgets: BudgetReading[];
  /** Start of the span the budgets are compared over (the history's start, or the calendar period's). */
  readonly budgetsFromSeconds?: number;
  /** Why a rule set with a budget of its own has no readings (a history that does not reach its period's start). */
  readonly budgetsSkipped?: string;
  readonly failures: number;
  readonly unhealthy: string[];
  /** Wall-clock seconds spent backfilling this rule set's data. */
  readonly backfillSeconds: number;
}

export interface EvaluationBenchmark {
  /** Raw series per SLO in this benchmark. */
  readonly seriesPerSlo: number;
  readonly timeline: Timeline;
  readonly rawSamples: number;
  readonly rawSeries: number;
  readonly rawBackfillSeconds: number;
  /** Waiting for the servers' first compaction. */
  readonly settleSeconds: number;
  /** All timing rounds. */
  readonly timingSeconds: number;
  readonly results: RuleSetResult[];
  /** The same rule sets (ours, Sloth-style, Pyrra-style) evaluated by vmalert on VictoriaMetrics, unless skipped. */
  readonly victoriaMetrics?: VmRuleSetResult[];
  /** Seconds the VictoriaMetrics phase took (imports and rounds). */
  readonly victoriaMetricsSeconds?: number;
  /** Why the VictoriaMetrics phase stopped, if it did (the Prometheus figures stand). */
  readonly victoriaMetricsError?: string;
}

const QUIET_AFTER_COMPACTION_MS = 20_000;
const nowSeconds = () => Date.now() / 1000;
const wholeMinute = (seconds: number) => Math.floor(seconds / 60) * 60;

/** A rule set with its data directory, ready for a server. */
interface Prepared {
  readonly ruleSet: RuleSet;
  readonly runDir: string;
  readonly dataDir: string;
  readonly backfill: RecordedBackfill;
  readonly backfillSeconds: number;
  /** Last raw sample in the data directory. */
  lastRawSeconds: number;
}

/** What a rule set's server collects over the rounds. */
interface Collected {
  readonly durations: Map<string, number[]>;
  readonly byRound: number[];
  readonly loadByRound: number[];
  costs: RuleCost[];
  failures: number;
  unhealthy: string[];
}

/** A rule set as timed: which prepared data directory (and so which server) it runs on. */
interface Timed {
  readonly ruleSet: RuleSet;
  readonly preparedIndex: number;
  /** Its own recorded series, backfilled into that data directory after its host's (the calendar month). */
  own?: { readonly backfill: RecordedBackfill; readonly seconds: number };
}

const THREE_DAYS_SECONDS = 3 * 86_400;

export async function runEvaluationBenchmark(
  config: BenchConfig, seriesPerSlo: number, tools: Tools, checks: Check[], log: (message: string) => void, vmTools?: VmTools,
): Promise<EvaluationBenchmark> {
  const t0Seconds = wholeMinute(nowSeconds()) - 60;
  const startSeconds = t0Seconds - Math.round(config.days * 1440) * 60;
  const timeline: Timeline = { startSeconds, t0Seconds };
  const historyMinutes = (t0Seconds - startSeconds) / 60;
  // Room for the live part of the run: counters exist for a day past T0.
  const model = new TrafficModel({ slos: config.slos, seriesPerSlo, startSeconds, minutes: historyMinutes + 24 * 60 });

  const rawDir = path.join(config.workDir, 'raw');
  log(`raw history: ${config.slos} SLOs × ${seriesPerSlo} series, ${(historyMinutes / 1440).toFixed(2)} days of 1-minute samples`);
  const rawStarted = Date.now();
  const rawSamples = await backfillRaw(tools, model, startSeconds, t0Seconds, rawDir, path.join(config.workDir, 'scratch'));
  const rawBackfillSeconds = (Date.now() - rawStarted) / 1000;
  log(`  ${rawSamples.toLocaleString('en-US')} samples in ${blockCount(rawDir)} blocks (${rawBackfillSeconds.toFixed(0)} s)`);

  const ruleSets = [oursRuleSet(model.slos, config.target), slothRuleSet(model.slos, config.target), pyrraRuleSet(model.slos, config.target)];
  const month = oursRuleSet(model.slos, config.target, 'calendar-month');
  const monthOnOurs = sharedServer(ruleSets[0], month);
  const monthTimed: Timed = { ruleSet: readableOnHost(month, monthOnOurs), preparedIndex: 0 };
  const timed: Timed[] = [
    ...ruleSets.map((ruleSet, preparedIndex) => ({ ruleSet, preparedIndex })),
    { ruleSet: oursRuleSet(model.slos, config.target, 'rolling-90d'), preparedIndex: 0 },
    monthTimed,
  ];
  const rulesDir = path.join(config.workDir, 'rules');
  fs.mkdirSync(rulesDir, { recursive: true });
  const timingFiles = new Map<RuleSet, string>();
  for (const { ruleSet } of timed) {
    const file = path.join(rulesDir, `${ruleSet.id}.rules.yaml`);
    writeRuleFile(file, ruleSet.groups);
    const result = await checkRules(tools.promtool, file);
    checks.push({ name: `promtool check rules: ${ruleSet.title}`, ok: result.status === 0, detail: result.status === 0 ? '' : result.output.slice(-2000) });
    const timingFile = path.join(rulesDir, `${ruleSet.id}.timing.rules.yaml`);
    writeRuleFile(timingFile, ruleSet.groups, config.timingInterval === 'shipped' ? undefined : config.timingInterval);
    timingFiles.set(ruleSet, timingFile);
  }

  const prepared: Prepared[] = [];
  for (const ruleSet of ruleSets) {
    log(`${ruleSet.title}: backfill`);
    prepared.push(await prepare(config, tools, model, timeline, rawDir, ruleSet, log));
  }
  {
    const host = prepared[monthTimed.preparedIndex];
    log(`${month.title}: backfill of its own recorded series on ${host.ruleSet.title}'s data`);
    const started = Date.now();
    const backfill = await backfillRecorded(tools, month, host.dataDir, host.runDir, timeline, host.lastRawSeconds, log, monthOnOurs);
    monthTimed.own = { backfill, seconds: (Date.now() - started) / 1000 };
  }
  if (!config.keepWork) fs.rmSync(rawDir, { recursive: true, force: true });

  const exporter = await startExporter(model);
  const servers: PrometheusServer[] = [];
  try {
    // The raw history of every copy up to the present, so the live 5-minute rates start from full windows.
    const now = wholeMinute(nowSeconds());
    for (const p of prepared) {
      if (now > p.lastRawSeconds) await backfillRaw(tools, model, p.lastRawSeconds + 60, now, p.dataDir, path.join(p.runDir, 'scratch'));
      p.lastRawSeconds = now;
    }
    const blocksAtStart = prepared.map((p) => blockCount(p.dataDir));
    for (const p of prepared) {
      servers.push(await startPrometheus(tools.prometheus, { dataDir: p.dataDir, runDir: p.runDir, name: `${p.ruleSet.id}-live`, scrapeTargets: [exporter.target] }));
    }
    const settleStarted = Date.now();
    if (config.settleCompaction) {
      await Promise.all(servers.map((server) => waitForCompaction(server, 30 * 60_000)));
      log(`servers started; first compaction done (blocks before: ${blocksAtStart.join(', ')}) in ${((Date.now() - settleStarted) / 1000).toFixed(0)} s`);
    }
    const settleSeconds = (Date.now() - settleStarted) / 1000;
    // Let the servers' memory return and background work quieten after the compaction.
    if (config.settleCompaction) await sleep(QUIET_AFTER_COMPACTION_MS);

    const timingStarted = Date.now();
    const collected: Collected[] = timed.map(() => ({ durations: new Map(), byRound: [], loadByRound: [], costs: [], failures: 0, unhealthy: [] }));
    for (let round = 1; round <= config.rounds; round++) {
      for (let k = 0; k < timed.length; k++) {
        const i = (k + round - 1) % timed.length;
        const { ruleSet, preparedIndex } = timed[i];
        await timeRuleSet(config, ruleSet, servers[preparedIndex], timingFiles.get(ruleSet)!, collected[i], round, log);
      }
    }
    const timingSeconds = (Date.now() - timingStarted) / 1000;

    const results: RuleSetResult[] = [];
    for (let i = 0; i < timed.length; i++) {
      const { ruleSet, preparedIndex, own } = timed[i];
      const on = { prepared: prepared[preparedIndex], server: servers[preparedIndex], blocksAtStart: blocksAtStart[preparedIndex], own };
      results.push(await resultOf(config, model, timeline, ruleSet, on, collected[i], checks));
    }
    addChecks(config, seriesPerSlo, results, checks);

    let victoriaMetrics: VmRuleSetResult[] | undefined;
    let victoriaMetricsSeconds: number | undefined;
    let victoriaMetricsError: string | undefined;
    if (vmTools) {
      // The same data on VictoriaMetrics: each server's snapshot, then every Prometheus stopped, so that
      // only VictoriaMetrics and one vmalert at a time run while timed.
      const vmStarted = Date.now();
      const snapshots: string[] = [];
      for (const server of servers) snapshots.push(await server.snapshot());
      await Promise.all(servers.map((server) => server.stop()));
      log(`on VictoriaMetrics: ${ruleSets.map((r) => r.title).join(', ')}, each server's snapshot imported with vmctl`);
      try {
        victoriaMetrics = await runVictoriaMetricsPhase(config, vmTools, ruleSets.map((ruleSet, i) => ({
          ruleSet, snapshotDir: snapshots[i], timingFile: timingFiles.get(ruleSet)!, runDir: vmRunDir(prepared[i].runDir),
        })), exporter.target, seriesPerSlo, checks, log);
      } catch (e) {
        // A failed phase is a failed check; the Prometheus figures above still stand.
        victoriaMetricsError = (e as Error).message;
        checks.push({ name: `${config.slos} SLOs × ${seriesPerSlo} series: the VictoriaMetrics phase ran to the end`, ok: false, detail: victoriaMetricsError.slice(0, 2000) });
        log(`VictoriaMetrics phase failed: ${(e as Error).stack ?? e}`);
      }
      victoriaMetricsSeconds = (Date.now() - vmStarted) / 1000;
    }
    return {
      seriesPerSlo,
      timeline,
      rawSamples,
      rawSeries: config.slos * seriesPerSlo,
      rawBackfillSeconds,
      settleSeconds,
      timingSeconds,
      results,
      ...(victoriaMetrics ? { victoriaMetrics, victoriaMetricsSeconds } : {}),
      ...(victoriaMetricsError ? { victoriaMetricsError } : {}),
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await exporter.close();
    if (!config.keepWork) for (const p of prepared) fs.rmSync(p.runDir, { recursive: true, force: true });
  }
}

/** Where a timed rule set ran: its data (possibly another rule set's) and server. */
interface RanOn {
  readonly prepared: Prepared;
  readonly server: PrometheusServer;
  readonly blocksAtStart: number;
  /** The rule set's own backfill on another's data, if any. */
  readonly own?: Timed['own'];
}

/** A rule set's figures from what its rounds collected, its budget readings, and its cost with 3 days of history. */
async function resultOf(
  config: BenchConfig, model: TrafficModel, timeline: Timeline, ruleSet: RuleSet, on: RanOn, c: Collected, checks: Check[],
): Promise<RuleSetResult> {
  const backfill = on.own?.backfill ?? on.prepared.backfill;
  const backfillSeconds = on.own?.seconds ?? on.prepared.backfillSeconds;
  const medians = new Map([...c.durations.entries()].map(([group, values]) => [group, median(values)]));
  // The 90-day variant shares ours' data, whose budget series at T0 are the 30-day ones: no accuracy reading.
  const sharesData = on.prepared.ruleSet !== ruleSet && on.own === undefined;
  const budgets = sharesData ? undefined : await readBudgets(on.server, ruleSet, model, timeline.startSeconds, timeline.t0Seconds, config.target);
  if (!sharesData) checks.push(await historyCheck(on.server, ruleSet, backfill, timeline));
  const longEnough = timeline.t0Seconds - timeline.startSeconds >= 2 * THREE_DAYS_SECONDS;
  const costsAt3Days = longEnough ? await measureRuleCosts(on.server, ruleSet, timeline.startSeconds + THREE_DAYS_SECONDS) : [];
  const perSecond = (costs: readonly RuleCost[]) => costs.reduce((sum, cost) => sum + cost.samples / cost.intervalSeconds, 0);
  return {
    ruleSet,
    counts: ruleCounts(ruleSet),
    backfill,
    blocksAtStart: on.blocksAtStart,
    durations: c.durations,
    evaluationSeconds: [...medians.values()].reduce((a, b) => a + b, 0),
    evaluationLoad: ruleSet.groups.reduce((sum, g) => sum + medians.get(g.name)! / groupIntervalSeconds(g), 0),
    evaluationSecondsByRound: c.byRound,
    evaluationLoadByRound: c.loadByRound,
    costs: c.costs,
    costsAt3Days,
    samplesPerSecondAt3Days: costsAt3Days.length === 0 ? NaN : perSecond(costsAt3Days),
    samplesPerSecond: perSecond(c.costs),
    samplesPerRound: c.costs.reduce((sum, cost) => sum + cost.samples, 0),
    seriesCreated: c.costs.filter((cost) => cost.recording).reduce((sum, cost) => sum + cost.resultSeries, 0),
    budgets: budgets?.readings ?? [],
    ...(budgets ? { budgetsFromSeconds: budgets.fromSeconds } : {}),
    ...(budgets?.skipped ? { budgetsSkipped: budgets.skipped } : {}),
    failures: c.failures,
    unhealthy: c.unhealthy,
    backfillSeconds,
  };
}

/** A copy of the raw history, topped up to the present, with the rule set's recorded series backfilled. */
async function prepare(
  config: BenchConfig, tools: Tools, model: TrafficModel, timeline: Timeline, rawDir: string, ruleSet: RuleSet, log: (message: string) => void,
): Promise<Prepared> {
  const runDir = path.join(config.workDir, ruleSet.id);
  const dataDir = path.join(runDir, 'data');
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.mkdirSync(runDir, { recursive: true });
  fs.cpSync(rawDir, dataDir, { recursive: true });
  const started = Date.now();
  const t1 = wholeMinute(nowSeconds());
  if (t1 > timeline.t0Seconds) await backfillRaw(tools, model, timeline.t0Seconds + 60, t1, dataDir, path.join(runDir, 'scratch'));
  const backfill = await backfillRecorded(tools, ruleSet, dataDir, runDir, timeline, t1, log);
  return { ruleSet, runDir, dataDir, backfill, backfillSeconds: (Date.now() - started) / 1000, lastRawSeconds: Math.max(t1, timeline.t0Seconds) };
}

/**
 * One timing window: load the rule set, collect `config.evaluations` evaluations of every group (the
 * first after loading is left out), in the last round also measure every rule, then unload.
 */
async function timeRuleSet(
  config: BenchConfig, ruleSet: RuleSet, server: PrometheusServer, timingFile: string, collected: Collected, round: number,
  log: (message: string) => void,
): Promise<void> {
  const loadedAt = nowSeconds();
  await server.loadRules([timingFile], ruleSet.groups.length);
  const interval = Math.max(...ruleSet.groups.map((g) => (config.timingInterval === 'shipped' ? groupIntervalSeconds(g) : durationSeconds(config.timingInterval))));
  const timeoutMs = ((config.evaluations + 3) * interval + 300) * 1000;
  const timings = await collectGroupTimings(server, ruleSet.groups.map((g) => g.name), loadedAt, config.evaluations, timeoutMs);
  let roundTotal = 0;
  let roundLoad = 0;
  for (const t of timings) {
    collected.durations.set(t.group, [...(collected.durations.get(t.group) ?? []), ...t.durations]);
    roundTotal += median(t.durations);
    roundLoad += median(t.durations) / groupIntervalSeconds(ruleSet.groups.find((g) => g.name === t.group)!);
  }
  collected.byRound.push(roundTotal);
  collected.loadByRound.push(roundLoad);
  log(`round ${round}, ${ruleSet.title}: ${(roundTotal * 1000).toFixed(1)} ms per evaluation of all ${ruleSet.groups.length} groups`);
  if (round === config.rounds) {
    collected.costs = await measureRuleCosts(server, ruleSet, nowSeconds());
    const samplesPerSecond = collected.costs.reduce((sum, c) => sum + c.samples / c.intervalSeconds, 0);
    log(`  ${ruleSet.title}: ${Math.round(samplesPerSecond).toLocaleString('en-US')} samples read per second`);
  }
  const { failures, unhealthy } = await evaluationFailures(server);
  collected.failures += failures;
  collected.unhealthy.push(...unhealthy);
  await server.loadRules([], 0);
}

/**
 * Whether every series backfilled over the history has a sample at every evaluation of its group
 * (give or take the first one): a hole would make the rules that read it over a range look cheaper
 * and less accurate than they are.
 */
async function historyCheck(server: PrometheusServer, ruleSet: RuleSet, backfill: RecordedBackfill, timeline: Timeline): Promise<Check> {
  const name = `${ruleSet.title}: the recorded history is complete (and, for period copies, holds no more samples than evaluations)`;
  const span = timeline.t0Seconds - timeline.startSeconds;
  const periodStarts = periodStartsIn(ruleSet, timeline);
  const short: string[] = [];
  for (const metric of backfill.historyNames) {
    const group = ruleSet.groups.find((g) => g.rules.some((r) => r.record === metric))!;
    const interval = groupIntervalSeconds(group);
    // Our hourly copies are split by hour parity into two series that take turns, a calendar SLO's period
    // copies by period too: counted together.
    const result = await server.query(`min(sum without (slo_hour_parity, slo_period_mod) (count_over_time(${metric}[${span}s])))`, { time: timeline.t0Seconds });
    const fewest = result.samples[0]?.value ?? 0;
    if (metric.endsWith('_period_head')) {
      // One sample per period, 5 minutes after its start. promtool writes no staleness markers, so in a
      // backfill the head also copies, in the period's first five minutes, the previous period's last copy
      // (still within the lookback), under the previous period's number: up to 5 more samples, never
      // summed (that number is current again two periods later, beyond the longest period's window).
      const expected = periodStarts.filter((s) => s + 360 <= timeline.t0Seconds).length;
      if (fewest < expected || fewest > 6 * expected) short.push(`${metric}: ${fewest} samples, expected ${expected} to ${6 * expected}`);
      continue;
    }
    if (metric.endsWith('_previous_hour_sum')) {
      // Recorded only around minute 30 of each hour, where the windows read it: what counts is that every
      // hour's sum is there to be read, from the history's second hour on (the windows' own subquery steps).
      const hours = await server.query(
        `min(sum without (slo_period_mod) (count_over_time((${metric} offset -30m)[${span - 3600}s:1h] offset 30m)))`, { time: timeline.t0Seconds },
      );
      const read = hours.samples[0]?.value ?? 0;
      const expected = Math.floor(span / 3600) - 2;
      if (read < expected) short.push(`${metric}: ${read} hours' sums readable, expected ${expected}`);
      continue;
    }
    // A period copy leaves out the samples of its period's first five minutes.
    const periodHeads = metric.endsWith('_period_by_hour') ? periodStarts.length * (300 / interval) : 0;
    const expected = Math.floor(span / interval) - 1 - periodHeads;
    if (fewest < expected - 1) short.push(`${metric}: ${fewest} samples, expected ${expected}`);
    if (metric.endsWith('_period_by_hour')) {
      // More samples than evaluations would count events twice: a period copy must hold one per evaluation.
      const most = (await server.query(`max(sum without (slo_hour_parity, slo_period_mod) (count_over_time(${metric}[${span}s])))`, { time: timeline.t0Seconds }))
        .samples[0]?.value ?? 0;
      if (most > expected + 2) short.push(`${metric}: ${most} samples, more than the ${expected + 2} evaluations`);
    }
  }
  return { name, ok: short.length === 0, detail: backfill.historyNames.length === 0 ? 'no recorded series read over a range' : short.join('; ') };
}

/** The starts of a calendar rule set's periods within the history (none for a rolling window). */
function periodStartsIn(ruleSet: RuleSet, timeline: Timeline): number[] {
  const starts: number[] = [];
  if (!ruleSet.periodStartSeconds) return starts;
  for (let s = ruleSet.periodStartSeconds(timeline.t0Seconds); s > timeline.startSeconds; s = ruleSet.periodStartSeconds(s - 1)) starts.push(s);
  return starts;
}

/**
 * Our budget is exact up to the 5-minute rates' smear at the window's two edges (about 2.5 minutes of
 * events each). Over days of history that is well under 0.5 points; a quick run's 6 hours weigh those
 * minutes many times more, so it only checks that the figure is sane.
 */
function budgetTolerancePoints(config: BenchConfig): number {
  return config.quick ? 5 : 0.5;
}

function addChecks(config: BenchConfig, seriesPerSlo: number, results: readonly RuleSetResult[], checks: Check[]): void {
  for (const result of results) {
    const title = `${result.ruleSet.title}, ${config.slos} SLOs × ${seriesPerSlo} series`;
    checks.push({ name: `${title}: creates series`, ok: result.seriesCreated > 0, detail: `${result.seriesCreated} series` });
    // A calendar period's head is recorded once per period, 5 minutes after its start, and an hour's sum
    // from minute 25 to 30 of the next hour only (the history check reads every hour's): empty otherwise.
    const recordedAtTimes = (name: string) => name.endsWith('_period_head') || name.endsWith('_previous_hour_sum');
    const empty = result.costs.filter((c) => c.recording && c.resultSeries === 0 && !recordedAtTimes(c.name));
    checks.push({
      name: `${title}: every recording rule returns data`,
      ok: empty.length === 0,
      detail: empty.length === 0 ? '' : `${empty.length} empty, e.g. ${empty.slice(0, 3).map((c) => `${c.group}/${c.name}`).join(', ')}`,
    });
    const healthy = result.failures === 0 && result.unhealthy.length === 0;
    checks.push({
      name: `${title}: no evaluation failures`,
      ok: healthy,
      detail: healthy ? '' : `${result.failures} failures; ${result.unhealthy.slice(0, 3).join('; ')}`,
    });
    const missing = result.budgets.filter((b) => Number.isNaN(b.value));
    if (result.ruleSet.id === 'ours-90d') continue;
    if (result.budgetsSkipped) {
      // Said, not hidden: the check is listed with why it could not be made.
      checks.push({ name: `${title}: budget remaining against exact (not checked)`, ok: true, detail: result.budgetsSkipped });
      continue;
    }
    checks.push({
      name: `${title}: a budget remaining for every SLO at T0`,
      ok: missing.length === 0,
      detail: missing.length === 0 ? '' : `missing for ${missing.map((b) => b.service).join(', ')}`,
    });
  }
  const tolerance = budgetTolerancePoints(config);
  const ours = results.find((r) => r.ruleSet.id === 'ours');
  if (ours && ours.budgets.length > 0) {
    const worst = Math.max(...ours.budgets.map((b) => Math.abs(b.errorPoints)));
    checks.push({ name: `ours, ${seriesPerSlo} series per SLO: budget remaining within ${tolerance} percentage points of exact for every SLO`, ok: worst <= tolerance, detail: `worst ${worst.toFixed(3)} pp` });
  }
  const month = results.find((r) => r.ruleSet.id === 'ours-month');
  if (month && month.budgets.length > 0) {
    const worst = Math.max(...month.budgets.map((b) => Math.abs(b.errorPoints)));
    checks.push({
      name: `ours, calendar month, ${seriesPerSlo} series per SLO: budget remaining within ${tolerance} percentage points of the exact month-to-date value for every SLO`,
      ok: worst <= tolerance,
      detail: `worst ${worst.toFixed(3)} pp`,
    });
  }
}
