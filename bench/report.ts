/** RESULTS.md: the machine, the parameters, the targets, and one table per benchmark. */
import * as os from 'os';
import { AccuracySummary, summarize } from './accuracy';
import { Check } from './checks';
import { BenchConfig } from './config';
import { EvaluationBenchmark, RuleSetResult } from './evaluation';
import { Machine } from './machine';
import { median } from './metrics';
import { RuleSetId } from './rulesets/rule-set';
import { SynthesisRow } from './synthesis';
import { TrafficShape } from './traffic';

export interface ReportInput {
  readonly config: BenchConfig;
  readonly machine: Machine;
  readonly startedAt: Date;
  readonly runtimeSeconds: number;
  /** One per cardinality (raw series per SLO), in the order run. */
  readonly evaluations: readonly EvaluationBenchmark[];
  readonly synthesis?: SynthesisRow[];
  readonly checks: readonly Check[];
  readonly error?: string;
}

/**
 * Targets for the evaluation (ours ÷ each peer's), by cardinality: a small service (under 100 raw series
 * per SLO), where the peers' raw reads are cheap, and a large one; and for synthesis.
 */
const SMALL_SERVICE_TARGETS = { samples: 0.05, load: 0.25, timePerRound: 1 };
const LARGE_SERVICE_TARGETS = { samples: 0.005, load: 0.05 };
const LARGE_SERVICE_SERIES = 100;
/** Our samples read per second per SLO, whatever the window. */
const SAMPLES_PER_SLO_TARGET = 100;
/** "Flat": the cost with 30 days of history, or with a 90-day window, at most this many times the base. */
const FLAT_TARGET = 1.5;
const BUDGET_TOLERANCE_POINTS = 0.5;
const SYNTH_RATIO_TARGET = 3;
const SYNTH_SECONDS_TARGET = 5;

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));
/** A ratio with enough significant digits for small values. */
const ratio = (n: number) => (!Number.isFinite(n) ? String(n) : n >= 0.1 ? n.toFixed(2) : n.toPrecision(2));
const yesNo = (ok: boolean) => (ok ? '**met**' : '**missed**');
const mb = (kb: number) => (kb / 1024).toFixed(0);

/** A Markdown table; columns whose cells are all numbers are right-aligned. */
function table(header: string[], rows: string[][]): string {
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[-+]?[\d.,]+(×|%| s)?$/.test(r[i] ?? '')));
  return [
    `| ${header.join(' | ')} |`,
    `| ${numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function byId(evaluation: EvaluationBenchmark, id: RuleSetId): RuleSetResult | undefined {
  return evaluation.results.find((r) => r.ruleSet.id === id);
}

export function renderReport(input: ReportInput): string {
  const { config, machine, evaluations, synthesis } = input;
  const out: string[] = [];
  out.push('# cdk8s-slo benchmark results', '');
  out.push(`Written by \`npm run bench${config.quick ? ' -- --quick' : ''}\` (bench/run.ts) on ${input.startedAt.toISOString()}; the run took `
    + `${fixed(input.runtimeSeconds / 60, 1)} minutes. What each figure means, and how to run larger sizes: [README.md](README.md).`);
  if (config.quick) out.push('', '**Quick run (`--quick`): tiny sizes, no wait for compaction. It checks the plumbing; its figures mean little.**');
  if (input.error) out.push('', `**The run failed:** \`${input.error.split('\n')[0]}\` (see the checks below).`);
  out.push('');

  out.push('## Machine', '');
  out.push(table(['', ''], [
    ['CPU', `${machine.cpu}, ${machine.cores} cores`],
    ['Memory', `${fixed(machine.memoryGiB, 1)} GiB`],
    ['OS', machine.os],
    ['Node', machine.node],
    ['Prometheus', machine.prometheus],
    ['promtool', machine.promtool],
    ...(machine.victoriaMetrics ? [['VictoriaMetrics, vmalert, vmctl', machine.victoriaMetrics]] : []),
    ['Load average (1 min) at start / end', `${fixed(machine.loadAverageAtStart[0], 2)} / ${fixed(os.loadavg()[0], 2)} (the machine was shared with other work; ratios within one run are what count)`],
  ]));
  out.push('');

  renderTargets(out, config, evaluations, synthesis);
  renderCalendarAgainstRolling(out, config, evaluations);
  for (const evaluation of evaluations) renderEvaluation(out, config, evaluation);
  if (synthesis) renderSynthesis(out, synthesis);

  out.push('## Correctness checks', '');
  out.push('The bench exits non-zero when any of these fails.', '');
  for (const check of input.checks) {
    out.push(`- ${check.ok ? 'pass' : '**FAIL**'}: ${check.name}${check.detail ? ` (${check.detail.replace(/\n/g, ' ')})` : ''}`);
  }
  out.push('');
  return out.join('\n');
}

/** Sections of RESULTS.md measured by other means (not by the bench), which a bench run keeps as they are. */
const KEPT_SECTIONS = ['## Package size'];

/** The kept sections of the previous RESULTS.md, each up to the next `## ` heading, to append to a new report. */
export function keptSections(previous: string): string {
  return KEPT_SECTIONS.flatMap((heading) => {
    const start = previous.indexOf(`\n${heading}\n`);
    if (start < 0) return [];
    const end = previous.indexOf('\n## ', start + heading.length + 2);
    return [previous.slice(start + 1, end < 0 ? undefined : end + 1).trimEnd() + '\n'];
  }).map((section) => `\n${section}`).join('');
}

function renderEvaluation(out: string[], config: BenchConfig, evaluation: EvaluationBenchmark): void {
  const { timeline } = evaluation;
  const days = (timeline.t0Seconds - timeline.startSeconds) / 86400;
  const n = evaluation.seriesPerSlo;
  out.push(`## Evaluation at ${n} raw series per SLO`, '');
  out.push('### Parameters', '');
  out.push(`- ${config.slos} SLOs, each a ratio SLI on \`http_requests_total\` with target ${config.target * 100}% over a 30-day window; `
    + 'even-numbered SLOs have steady traffic, odd-numbered ones spiky traffic (a daily cycle and, every 1.5–2.5 h, a 5–15-minute '
    + 'burst of 4–8× the traffic with 3–7× the error ratio).');
  out.push(`- ${n} raw series per SLO (${n / 2} instances × \`code\` 200 and 500): `
    + `${int(evaluation.rawSeries)} raw series, ${fixed(days, 2)} days of 1-minute samples (${new Date(timeline.startSeconds * 1000).toISOString()} `
    + `to T0 = ${new Date(timeline.t0Seconds * 1000).toISOString()}): ${int(evaluation.rawSamples)} samples backfilled with `
    + `\`promtool tsdb create-blocks-from openmetrics\` in ${fixed(evaluation.rawBackfillSeconds, 0)} s, then kept up to date by a live exporter scraped every minute.`);
  out.push('- Sizes: 30 days of history, as a long-running Prometheus holds, at a small service\'s cardinality (10 raw series per SLO) '
    + 'and a large one\'s (200). Few SLOs, because the cost per SLO is what the targets are about, and 30 days of 200 series must fit '
    + 'this shared 2-core machine. BENCH_SLOS, BENCH_SERIES_PER_SLO and BENCH_DAYS scale it up.');
  out.push('- Fairness: the recorded series that rules read over a range (directly or through a subquery) were backfilled over the same '
    + 'history with `promtool tsdb create-blocks-from rules` for every rule set (ours: the 5-minute rates and the hourly rollups; '
    + 'Sloth style: its 5-minute ratio; Pyrra style reads none), one pass per dependency level. Every 30-day window at T0 holds the whole history.');
  out.push('- The 90-day variant is our rules for the same SLOs with a 90-day window, timed on ours\' server: the hourly rollups it reads '
    + 'are the same series, whatever the window.');
  out.push('- The calendar-month variant is our rules for the same SLOs with `calendarWindow: CalendarWindow.MONTH` (UTC) instead of the '
    + 'rolling 30 days, timed on ours\' server too. The series it shares with ours are ours\' backfilled ones; its own (the period copies, '
    + 'their head and hourly sums) were backfilled there over the same history, level by level, and the rest at T0. Its month sums read up '
    + 'to 31 days of hourly rollups, of which the server holds as many days as the history.');
  out.push('- Timing: one Prometheus per rule set, all scraping the live exporter; after each server\'s first compaction'
    + `${config.settleCompaction ? '' : ' (not waited for in this run)'}, ${config.rounds} round(s) in which each rule set in turn is loaded, `
    + 'timed and unloaded, so only one rule set is evaluated at a time, each round starting with the next rule set. '
    + `While timed, every group is evaluated every ${config.timingInterval} `
    + `(a group's duration does not depend on its interval); the first evaluation after loading is left out, the next ${config.evaluations} `
    + 'per round are kept, and the median over all rounds is taken per group. Samples per second use each group\'s shipped interval '
    + '(ours 1m/4m; Sloth style the global 1m; Pyrra style 30s/2m30s).', '');

  const ours = byId(evaluation, 'ours');
  out.push('### Rule evaluation cost', '');
  out.push(table(
    ['Rule set', 'Groups', 'Recording / alerting rules', 'Evaluation time per round (ms)', 'Evaluation load (ms per s)', 'Samples read per round',
      'Samples read per second', 'per SLO', 'per SLO with 3 days of history', 'Series created'],
    evaluation.results.map((r) => [
      r.ruleSet.title, int(r.counts.groups), `${r.counts.recording} / ${r.counts.alerting}`, fixed(r.evaluationSeconds * 1000, 1),
      fixed(r.evaluationLoad * 1000, 2), int(r.samplesPerRound), int(r.samplesPerSecond), int(r.samplesPerSecond / config.slos),
      Number.isNaN(r.samplesPerSecondAt3Days) ? 'not measured' : int(r.samplesPerSecondAt3Days / config.slos), int(r.seriesCreated),
    ]),
  ));
  out.push('');
  if (ours) {
    const peers = evaluation.results.filter((r) => !r.ruleSet.id.startsWith('ours'));
    out.push(table(
      ['Ratio', 'Evaluation time per round', 'Evaluation load', 'Samples read per second', 'Series created'],
      peers.map((p) => [
        `ours / ${p.ruleSet.title}`, ratio(ours.evaluationSeconds / p.evaluationSeconds), ratio(ours.evaluationLoad / p.evaluationLoad),
        ratio(ours.samplesPerSecond / p.samplesPerSecond), ratio(ours.seriesCreated / p.seriesCreated),
      ]),
    ));
    out.push('');
  }
  out.push('- *Evaluation time per round*: Σ over groups of the median `prometheus_rule_group_last_duration_seconds`, i.e. one evaluation of every group.');
  out.push('- *Evaluation load*: Σ over groups of that median ÷ the group\'s shipped interval: milliseconds of rule evaluation per second.');
  out.push('- *Samples read*: every rule\'s expression run as an instant query with `stats=all` (`totalQueryableSamples`); per second: each ÷ its group\'s shipped interval. This figure does not depend on how busy the machine is.');
  out.push('- *per SLO with 3 days of history*: the same rules run as instant queries at the time when the history held 3 days (the start + 3 days): '
    + 'how the cost grows with the history a server holds.');
  out.push('- *Series created*: series written by one evaluation of every recording rule.', '');

  renderVictoriaMetrics(out, config, evaluation);
  renderSampleShares(out, evaluation);
  renderGroupTimes(out, evaluation);
  renderBackfill(out, evaluation);
  renderAccuracy(out, evaluation);
}

/** The same rule sets evaluated by vmalert on VictoriaMetrics, on the same data. */
function renderVictoriaMetrics(out: string[], config: BenchConfig, evaluation: EvaluationBenchmark): void {
  out.push('### On VictoriaMetrics', '');
  const results = evaluation.victoriaMetrics;
  if (!results) {
    out.push(evaluation.victoriaMetricsError ? `**Failed:** \`${evaluation.victoriaMetricsError.split('\n')[0].slice(0, 500)}\` (see the checks below).`
      : config.skipVictoriaMetrics ? 'Not run (`BENCH_SKIP=vm`).' : 'Not run.', '');
    return;
  }
  out.push('The same rule files, evaluated by vmalert against a single-node VictoriaMetrics instead of Prometheus, on the same data: after '
    + 'the Prometheus rounds, each rule set\'s server took a snapshot of its TSDB (raw history, that rule set\'s backfilled recorded series, '
    + 'and what it scraped and recorded since, the in-memory head included), every Prometheus was stopped, and each snapshot was imported with '
    + '`vmctl prometheus` into a fresh VictoriaMetrics of its own (`-search.disableCache`, `-search.latencyOffset=0s`) that scrapes the same '
    + `live exporter every minute. In each of ${config.vmRounds} round(s) every rule set in turn got a fresh vmalert (datasource and remote write: `
    + `its VictoriaMetrics), so only one vmalert evaluated at a time, each round starting with the next rule set; every group at ${config.timingInterval}, `
    + 'as on Prometheus. Durations come from vmalert\'s own `/metrics`: each evaluation\'s from the deltas of the summary '
    + `\`vmalert_iteration_duration_seconds_sum\` and \`_count\` per group; the first evaluation after start is left out, the next ${config.evaluations} `
    + 'per round are kept, and the median over all rounds is taken per group. Errors: `vmalert_execution_errors_total` and the rules with '
    + '`vmalert_recording_rules_error` or `vmalert_alerting_rules_error` set.', '');
  out.push(table(
    ['Rule set', 'Samples imported', 'Import (s)', 'Evaluation time per round (ms)', 'Evaluation load (ms per s)', 'Recording rules that wrote nothing', 'Errors'],
    results.map((r) => [
      r.ruleSet.title, int(r.importedSamples), fixed(r.importSeconds, 1), fixed(r.evaluationSeconds * 1000, 1), fixed(r.evaluationLoad * 1000, 2),
      `${r.emptyRecordingRules.length} of ${r.ruleSet.groups.flatMap((g) => g.rules).filter((rule) => rule.record !== undefined).length}`,
      r.failures.length > 0 ? `**not timed**: ${r.failures[0].split('\n')[0].slice(0, 300)}`
        : r.executionErrors > 0 || r.erroredRules.length > 0 ? `**${r.executionErrors} failed executions**; ${r.erroredRules.slice(0, 2).join('; ')}` : 'none',
    ]),
  ));
  out.push('');
  const ours = results.find((r) => r.ruleSet.id === 'ours');
  if (ours) {
    const prometheusOurs = byId(evaluation, 'ours');
    out.push(table(
      ['Ratio', 'Evaluation time per round', 'Evaluation load', 'Rounds with ours no slower', 'The same ratio on Prometheus (time / load)'],
      results.filter((r) => r.ruleSet.id !== 'ours').map((p) => {
        const onPrometheus = byId(evaluation, p.ruleSet.id);
        const rounds = ours.evaluationSecondsByRound.filter((v, i) => v <= p.evaluationSecondsByRound[i]).length;
        return [
          `ours / ${p.ruleSet.title}`, ratio(ours.evaluationSeconds / p.evaluationSeconds), ratio(ours.evaluationLoad / p.evaluationLoad),
          `${rounds} of ${Math.min(ours.evaluationSecondsByRound.length, p.evaluationSecondsByRound.length)}`,
          prometheusOurs && onPrometheus
            ? `${ratio(prometheusOurs.evaluationSeconds / onPrometheus.evaluationSeconds)} / ${ratio(prometheusOurs.evaluationLoad / onPrometheus.evaluationLoad)}` : '',
        ];
      }),
    ));
    out.push('');
  }
  const empty = results.filter((r) => r.emptyRecordingRules.length > 0);
  if (empty.length > 0) {
    out.push('Recording rules whose last evaluation wrote no sample (`vmalert_recording_rules_last_evaluation_samples` 0), e.g. '
      + `${empty.map((r) => `${r.ruleSet.title}: ${r.emptyRecordingRules.slice(0, 3).map((name) => `\`${name}\``).join(', ')}`).join('; ')}.`, '');
  }
  out.push(table(
    ['Rule set', ...(results[0]?.evaluationSecondsByRound ?? []).map((_, i) => `Round ${i + 1} (ms)`), 'All rounds (ms)'],
    results.map((r) => [r.ruleSet.title, ...r.evaluationSecondsByRound.map((v) => fixed(v * 1000, 1)), fixed(r.evaluationSeconds * 1000, 1)]),
  ), '');
  if (evaluation.victoriaMetricsSeconds !== undefined) out.push(`The VictoriaMetrics phase (imports and rounds) took ${fixed(evaluation.victoriaMetricsSeconds, 0)} s.`, '');
}

/** Where each rule set reads its samples: the five largest rules. */
function renderSampleShares(out: string[], evaluation: EvaluationBenchmark): void {
  out.push('#### Where the samples are read', '');
  out.push('Samples read per second by rule name, summed over the SLOs (the five largest per rule set).', '');
  const rows: string[][] = [];
  for (const r of evaluation.results) {
    const byName = new Map<string, number>();
    for (const c of r.costs) byName.set(c.name, (byName.get(c.name) ?? 0) + c.samples / c.intervalSeconds);
    const top = [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
    for (const [name, perSecond] of top) rows.push([r.ruleSet.title, `\`${name}\``, int(perSecond), `${fixed((100 * perSecond) / r.samplesPerSecond, 1)}%`]);
  }
  out.push(table(['Rule set', 'Rule', 'Samples read per second', 'Share'], rows), '');

}

/** Evaluation time per kind of group, per rule, and per round. */
function renderGroupTimes(out: string[], evaluation: EvaluationBenchmark): void {
  out.push('#### Evaluation time by group and by round', '');
  out.push('Median duration of one group evaluation, over the groups of each kind (the SLO\'s service replaced by `<service>`), '
    + 'per group and per rule, and the evaluation time per round measured in each timing round on its own.', '');
  const groupRows: string[][] = [];
  let floor = { perRule: Infinity, label: '' };
  for (const r of evaluation.results) {
    const byKind = new Map<string, { medians: number[]; rules: number }>();
    for (const [group, durations] of r.durations) {
      const kind = group.replace(/svc-\d+/, '<service>');
      const rules = r.ruleSet.groups.find((g) => g.name === group)?.rules.length ?? 1;
      const entry = byKind.get(kind) ?? { medians: [], rules };
      entry.medians.push(median(durations));
      byKind.set(kind, entry);
    }
    for (const [kind, { medians, rules }] of byKind) {
      const perGroup = median(medians);
      groupRows.push([r.ruleSet.title, `\`${kind}\``, String(medians.length), String(rules), fixed(perGroup * 1000, 2), fixed((perGroup * 1000) / rules, 2)]);
      if (perGroup / rules < floor.perRule) floor = { perRule: perGroup / rules, label: `${r.ruleSet.title} \`${kind}\`` };
    }
  }
  out.push(table(['Rule set', 'Group', 'Groups', 'Rules per group', 'Median evaluation (ms)', 'Per rule (ms)'], groupRows), '');
  if (Number.isFinite(floor.perRule)) {
    const perRule = evaluation.results.map((r) => `${r.ruleSet.title} ${fixed((r.evaluationSeconds * 1000) / (r.counts.recording + r.counts.alerting), 2)} ms`);
    out.push(`A rule that reads next to nothing still takes about ${fixed(floor.perRule * 1000, 2)} ms here (the cheapest kind of group: ${floor.label}). `
      + `Average per rule: ${perRule.join(', ')}.`, '');
  }
  out.push(table(
    ['Rule set', ...(evaluation.results[0]?.evaluationSecondsByRound ?? []).map((_, i) => `Round ${i + 1} (ms)`), 'All rounds (ms)'],
    evaluation.results.map((r) => [
      r.ruleSet.title, ...r.evaluationSecondsByRound.map((v) => fixed(v * 1000, 1)), fixed(r.evaluationSeconds * 1000, 1),
    ]),
  ), '');

}

/** How each rule set's history was backfilled. */
function renderBackfill(out: string[], evaluation: EvaluationBenchmark): void {
  out.push('#### Backfill', '');
  out.push(table(
    ['Rule set', 'Backfill passes', 'Recorded series with a full history', 'Recorded blocks written', 'Blocks at server start', 'Backfill (s)'],
    evaluation.results.map((r) => [
      r.ruleSet.title, String(r.backfill.levels), r.backfill.historyNames.map((name) => `\`${name}\``).join(', ') || 'none', int(r.backfill.blocks),
      int(r.blocksAtStart), fixed(r.backfillSeconds, 0),
    ]),
  ), '');
  for (const r of evaluation.results.filter((result) => result.backfill.sharedNames)) {
    out.push(`${r.ruleSet.title} was backfilled on ours' data after ours: the series it shares with ours (${r.backfill.sharedNames!.length} names, `
      + 'e.g. the 5-minute rates and their hourly copies) were not written twice, and those ours writes with another value (another expression, or the same one over such a series) '
      + `(${r.backfill.collidingNames!.map((name) => `\`${name}\``).join(', ') || 'none'}) were not written at all; its list above is its own series only.`, '');
  }
  out.push(`Raw history: ${fixed(evaluation.rawBackfillSeconds, 0)} s. Waiting for the servers' first compaction: ${fixed(evaluation.settleSeconds, 0)} s. `
    + `Timing rounds: ${fixed(evaluation.timingSeconds, 0)} s.`, '');

}

/** Each rule set's 30-day budget remaining against the exact value. */
function renderAccuracy(out: string[], evaluation: EvaluationBenchmark): void {
  out.push('### Accuracy of the 30-day budget remaining', '');
  out.push('Each rule set\'s budget remaining for every SLO, read at T0 from its backfilled recorded series, against the exact value '
    + '1 − (bad ÷ all events) ÷ (1 − target) from the raw counters over the same span (the whole history: every 30-day window at T0 '
    + 'holds all of it). Errors in percentage points of the budget.', '');
  const shapes: TrafficShape[] = ['steady', 'spiky'];
  const withBudgets = evaluation.results.filter((r) => r.budgets.length > 0 && !r.ruleSet.periodStartSeconds);
  out.push(table(
    ['Rule set', 'Traffic', 'SLOs', 'Exact (mean)', 'Rule set (mean)', 'Mean error (pp)', 'Largest error (pp)'],
    withBudgets.flatMap((r) => shapes.map((shape) => {
      const s: AccuracySummary = summarize(r.budgets, shape);
      return [
        r.ruleSet.title, shape, String(s.slos), fixed(s.meanExact, 4), fixed(s.meanValue, 4),
        fixed(s.meanErrorPoints, 2), fixed(s.maxAbsErrorPoints, 2),
      ];
    })),
  ), '');
  const perSlo = withBudgets[0]?.budgets ?? [];
  const shown = perSlo.slice(0, 40);
  out.push('<details><summary>Per SLO</summary>', '');
  out.push(table(
    ['SLO', 'Traffic', 'Exact', ...withBudgets.map((r) => r.ruleSet.title)],
    shown.map((b, i) => [b.service, b.shape, fixed(b.exact, 4), ...withBudgets.map((r) => fixed(r.budgets[i].value, 4))]),
  ));
  if (perSlo.length > shown.length) out.push('', `(first ${shown.length} of ${perSlo.length} SLOs)`);
  out.push('', '</details>', '');
  for (const r of evaluation.results.filter((result) => result.ruleSet.periodStartSeconds)) renderPeriodAccuracy(out, r);
}

/** A calendar rule set's budget remaining against the exact period-to-date value, or why it was not compared. */
function renderPeriodAccuracy(out: string[], r: RuleSetResult): void {
  out.push(`### Accuracy of the calendar month's budget remaining (${r.ruleSet.title})`, '');
  if (r.budgetsSkipped || r.budgetsFromSeconds === undefined) {
    out.push(`**Not compared in this run:** ${r.budgetsSkipped ?? 'no reading'}. A history of at least the days since the 1st of the month is needed.`, '');
    return;
  }
  out.push('`slo:period_error_budget_remaining:ratio` for every SLO at T0 against the exact month-to-date value 1 − (bad ÷ all events) ÷ (1 − target) '
    + `from the raw counters since the month's start, ${new Date(r.budgetsFromSeconds * 1000).toISOString()}. On ours' server that series holds `
    + 'the rolling window\'s value, so the query is the calendar rule\'s own expression, computed from the calendar\'s recorded '
    + '`slo:period_sli_error:ratio`. Its period copies were backfilled with promtool like every history: where the check "the recorded '
    + 'history is complete" fails for them, this reading carries that backfill\'s error. Errors in percentage points of the budget.', '');
  out.push(table(
    ['SLO', 'Traffic', 'Exact month to date', 'Calendar rules', 'Error (pp)'],
    r.budgets.slice(0, 40).map((b) => [b.service, b.shape, fixed(b.exact, 4), fixed(b.value, 4), fixed(b.errorPoints, 3)]),
  ), '');
}

/** The calendar month's cost next to the rolling 30-day window's, at every cardinality. */
function renderCalendarAgainstRolling(out: string[], config: BenchConfig, evaluations: readonly EvaluationBenchmark[]): void {
  const rows: string[][] = [];
  for (const evaluation of evaluations) {
    const rolling = byId(evaluation, 'ours');
    const month = byId(evaluation, 'ours-month');
    if (!rolling || !month) continue;
    const rounds = month.evaluationSecondsByRound.filter((v, i) => v <= rolling.evaluationSecondsByRound[i]).length;
    rows.push([
      String(evaluation.seriesPerSlo),
      int(rolling.samplesPerSecond / config.slos), int(month.samplesPerSecond / config.slos), `${ratio(month.samplesPerSecond / rolling.samplesPerSecond)}×`,
      fixed(rolling.evaluationSeconds * 1000, 1), fixed(month.evaluationSeconds * 1000, 1), `${ratio(month.evaluationSeconds / rolling.evaluationSeconds)}×`,
      `${rounds} of ${month.evaluationSecondsByRound.length}`,
    ]);
  }
  if (rows.length === 0) return;
  out.push('## Calendar month against the rolling 30-day window', '');
  out.push('Our rules for the same SLOs with a calendar month (UTC) instead of the rolling 30 days, timed on the same server in the same '
    + 'rounds. The monthly SLO records the rolling 30-day ratio too, and on top the period copies of the 5-minute rates, their hourly sums '
    + 'and the month-to-date series.', '');
  out.push(table(
    ['Raw series per SLO', 'Rolling 30d: samples read per second per SLO', 'Calendar month: samples read per second per SLO', 'Ratio calendar / rolling',
      'Rolling 30d: evaluation time per round (ms)', 'Calendar month: evaluation time per round (ms)', 'Ratio calendar / rolling',
      'Rounds with the calendar month no slower'],
    rows,
  ), '');
}


function renderSynthesis(out: string[], rows: readonly SynthesisRow[]): void {
  out.push('## Synthesis', '');
  out.push('Time and peak memory to synthesize N SLOs with the library (`new App()`, a `Chart`, N × `Slo` with a ratio SLI and '
    + 'default alerting, `app.synthYaml()`), against the floor of serializing the same manifests without constructs: plain objects '
    + '(one synthesized manifest with the service filled in) serialized by cdk8s\'s own `Yaml.stringify`. Each figure comes from a fresh '
    + 'Node process; the time covers the work only (not start-up and module loading); the median of the runs is shown. Peak memory is the '
    + 'process\'s maximum resident set (`process.resourceUsage().maxRSS`), which includes Node and the loaded modules (the baseline column).', '');
  out.push(table(
    ['SLOs', 'Runs', 'Synthesis (ms)', 'Floor (ms)', 'Time ratio', 'Synthesis per SLO (ms)', 'Floor per SLO (ms)', 'Synthesis peak RSS (MB)',
      'Floor peak RSS (MB)', 'Baseline RSS synth / floor (MB)', 'Memory ratio above baseline', 'YAML (MB)'],
    rows.map((r) => [
      int(r.count), String(r.runs), int(r.synthMs), int(r.floorMs), ratio(r.synthMs / r.floorMs),
      fixed(r.synthMs / r.count, 2), fixed(r.floorMs / r.count, 2), mb(r.synthMaxRssKb), mb(r.floorMaxRssKb),
      `${mb(r.synthBaselineRssKb)} / ${mb(r.floorBaselineRssKb)}`,
      ratio((r.synthMaxRssKb - r.synthBaselineRssKb) / Math.max(1, r.floorMaxRssKb - r.floorBaselineRssKb)), fixed(r.yamlBytes / 1024 ** 2, 1),
    ]),
  ), '');
  if (rows.length >= 2) {
    const first = rows[0];
    const last = rows[rows.length - 1];
    out.push(`From ${int(first.count)} to ${int(last.count)} SLOs (${fixed(last.count / first.count, 0)}× as many) synthesis time grows `
      + `${fixed(last.synthMs / first.synthMs, 0)}× and the floor's ${fixed(last.floorMs / first.floorMs, 0)}×.`, '');
  }
}

function renderTargets(out: string[], config: BenchConfig, evaluations: readonly EvaluationBenchmark[], synthesis?: readonly SynthesisRow[]): void {
  const rows: string[][] = [];
  for (const evaluation of evaluations) {
    const ours = byId(evaluation, 'ours');
    if (!ours) continue;
    const series = evaluation.seriesPerSlo;
    const at = `${series} series`;
    for (const peer of evaluation.results.filter((r) => !r.ruleSet.id.startsWith('ours'))) {
      const samples = ours.samplesPerSecond / peer.samplesPerSecond;
      const load = ours.evaluationLoad / peer.evaluationLoad;
      const targets = series >= LARGE_SERVICE_SERIES ? LARGE_SERVICE_TARGETS : SMALL_SERVICE_TARGETS;
      rows.push([`${at}: our samples read at most ${targets.samples}× the ${peer.ruleSet.title}'s`, `${ratio(samples)}×`, yesNo(samples <= targets.samples)]);
      const loadRounds = ours.evaluationLoadByRound.filter((v, i) => v <= targets.load * peer.evaluationLoadByRound[i]).length;
      rows.push([`${at}: our evaluation load at most ${targets.load}× the ${peer.ruleSet.title}'s`,
        `${ratio(load)}× (met in ${loadRounds} of ${ours.evaluationLoadByRound.length} rounds)`, yesNo(load <= targets.load)]);
      if (series < LARGE_SERVICE_SERIES) {
        const time = ours.evaluationSeconds / peer.evaluationSeconds;
        const timeRounds = ours.evaluationSecondsByRound
          .filter((v, i) => v <= SMALL_SERVICE_TARGETS.timePerRound * peer.evaluationSecondsByRound[i]).length;
        rows.push([`${at}: our evaluation time per round at most the ${peer.ruleSet.title}'s`,
          `${ratio(time)}× (met in ${timeRounds} of ${ours.evaluationSecondsByRound.length} rounds)`, yesNo(time <= SMALL_SERVICE_TARGETS.timePerRound)]);
      }
    }
    for (const r of evaluation.results.filter((result) => result.ruleSet.id.startsWith('ours'))) {
      const perSlo = r.samplesPerSecond / config.slos;
      rows.push([`${at}: ${r.ruleSet.title} reads at most ${SAMPLES_PER_SLO_TARGET} samples per second per SLO`, int(perSlo), yesNo(perSlo <= SAMPLES_PER_SLO_TARGET)]);
    }
    if (!Number.isNaN(ours.samplesPerSecondAt3Days)) {
      const growth = ours.samplesPerSecond / ours.samplesPerSecondAt3Days;
      rows.push([`${at}: our samples read with 30 days of history at most ${FLAT_TARGET}× those with 3 days`, `${ratio(growth)}×`, yesNo(growth <= FLAT_TARGET)]);
    }
    const ninety = byId(evaluation, 'ours-90d');
    if (ninety) {
      const samples = ninety.samplesPerSecond / ours.samplesPerSecond;
      const time = ninety.evaluationSeconds / ours.evaluationSeconds;
      rows.push([`${at}: a 90-day window costs at most ${FLAT_TARGET}× a 30-day one`, `samples ${ratio(samples)}×, evaluation time ${ratio(time)}×`,
        yesNo(samples <= FLAT_TARGET && time <= FLAT_TARGET)]);
    }
    const month = byId(evaluation, 'ours-month');
    if (month) {
      const monthWorst = Math.max(...month.budgets.map((x) => Math.abs(x.errorPoints)));
      rows.push(month.budgets.length === 0
        ? [`${at}: the calendar month's budget within ${BUDGET_TOLERANCE_POINTS} percentage points of the exact month-to-date value`, 'not compared (the history does not reach the month\'s start)', '']
        : [`${at}: the calendar month's budget within ${BUDGET_TOLERANCE_POINTS} percentage points of the exact month-to-date value`,
          `largest error ${fixed(monthWorst, 3)} pp`, yesNo(monthWorst <= BUDGET_TOLERANCE_POINTS)]);
    }
    const worst = Math.max(...ours.budgets.map((b) => Math.abs(b.errorPoints)));
    const sloth = byId(evaluation, 'sloth');
    const slothWorst = sloth ? Math.max(...sloth.budgets.map((b) => Math.abs(b.errorPoints))) : NaN;
    rows.push([
      `${at}: our budget within ${BUDGET_TOLERANCE_POINTS} percentage points of exact`,
      `ours: largest error ${fixed(worst, 3)} pp (Sloth style: ${fixed(slothWorst, 1)} pp)`,
      yesNo(worst <= BUDGET_TOLERANCE_POINTS),
    ]);
  }
  const thousand = synthesis?.find((r) => r.count === 1000);
  if (thousand) {
    const r = thousand.synthMs / thousand.floorMs;
    rows.push([`Synthesizing 1,000 SLOs takes at most ${SYNTH_RATIO_TARGET}× the serialization floor`, `${ratio(r)}×`, yesNo(r <= SYNTH_RATIO_TARGET)]);
    rows.push([`Synthesizing 1,000 SLOs takes at most ${SYNTH_SECONDS_TARGET} s`, `${fixed(thousand.synthMs / 1000, 2)} s`, yesNo(thousand.synthMs <= SYNTH_SECONDS_TARGET * 1000)]);
  }
  if (rows.length === 0) return;
  out.push('## Targets', '');
  out.push(table(['Target', 'Measured', ''], rows), '');
}
