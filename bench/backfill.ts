/**
 * History for the evaluation benchmark. Raw counters are backfilled once with
 * `promtool tsdb create-blocks-from openmetrics`; each rule set then gets a copy, topped up to the
 * present, and the recorded series its rules read are backfilled with `promtool tsdb create-blocks-from
 * rules`, one pass per dependency level (a pass can only read what earlier passes wrote):
 *
 * - series that some rule reads over a range (ours: the 5-minute rates; Sloth: its 5-minute ratio), and
 *   what they are computed from, over the whole history at their group's own interval, so that no rule
 *   set gains by reading a short history;
 * - every other recorded series only around T0, every second, so that the budget remaining can be read
 *   at T0 from exactly the same data for every rule set.
 *
 * A rule set timed on another's server (the calendar month on ours') backfills only the series of its
 * own (see rulesets/shared-server.ts), into the host's data after the host's backfill.
 */
import * as fs from 'fs';
import * as path from 'path';
import { writeOpenMetrics } from './openmetrics';
import { PrometheusServer, startPrometheus } from './prometheus';
import { blocksFromOpenMetrics, blocksFromRules } from './promtool';
import { backfillPlan, PlacedRule } from './rulesets/dependencies';
import { groupOffsetSeconds, isSafeBackfillOffset } from './rulesets/group-offset';
import { groupIntervalSeconds, PromGroup, RuleSet, writeRuleFile } from './rulesets/rule-set';
import { seriesKey, SharedServer } from './rulesets/shared-server';
import { TrafficModel } from './traffic';

/**
 * Blocks (raw and recorded) are cut at multiples of 54 hours, as a Prometheus with 30 days of retention
 * compacts its history.
 */
export const BLOCK_DURATION = '54h';
const BLOCK_SECONDS = 54 * 3600;
/** The recorded series read at T0 for accuracy are evaluated every second over [T0 - 5 s, T0 - 1 s]. */
const ACCURACY_RANGE_SECONDS = 5;

export interface Tools {
  readonly prometheus: string;
  readonly promtool: string;
}

/** Counts the block directories in a TSDB directory. */
export function blockCount(dir: string): number {
  return fs.readdirSync(dir).filter((entry) => fs.existsSync(path.join(dir, entry, 'meta.json'))).length;
}

/**
 * Writes raw samples at every whole minute in [fromSeconds, toSeconds] as blocks into `outputDir`: one
 * OpenMetrics file (and one promtool run) per 54-hour block, each file removed once imported.
 */
export async function backfillRaw(
  tools: Tools, model: TrafficModel, fromSeconds: number, toSeconds: number, outputDir: string, scratchDir: string,
): Promise<number> {
  fs.mkdirSync(scratchDir, { recursive: true });
  let samples = 0;
  for (let blockStart = Math.floor(fromSeconds / BLOCK_SECONDS) * BLOCK_SECONDS; blockStart <= toSeconds; blockStart += BLOCK_SECONDS) {
    const from = Math.max(fromSeconds, blockStart);
    const to = Math.min(toSeconds, blockStart + BLOCK_SECONDS - 60);
    if (from > to) continue;
    const file = path.join(scratchDir, `raw-${from}.om`);
    samples += await writeOpenMetrics(file, model, from, to);
    try {
      await blocksFromOpenMetrics(tools.promtool, file, outputDir, BLOCK_DURATION);
    } finally {
      fs.rmSync(file, { force: true });
    }
  }
  return samples;
}

/** Moves every block from one TSDB directory into another. */
function moveBlocks(from: string, to: string): number {
  let moved = 0;
  if (!fs.existsSync(from)) return 0;
  for (const entry of fs.readdirSync(from)) {
    if (!fs.existsSync(path.join(from, entry, 'meta.json'))) continue;
    fs.renameSync(path.join(from, entry), path.join(to, entry));
    moved++;
  }
  fs.rmSync(from, { recursive: true, force: true });
  return moved;
}

/**
 * Writes groups to as few rule files as possible such that promtool keeps every evaluation of every
 * group: the file's path decides a group's evaluation offset (see group-offset.ts), so a group whose
 * offset would be unsafe goes to the next file. Returns the files written.
 */
function writeSafeRuleFiles(dir: string, baseName: string, groups: readonly PromGroup[]): string[] {
  const byFile: PromGroup[][] = [];
  for (const group of groups) {
    const interval = groupIntervalSeconds(group);
    let variant = 0;
    while (!isSafeBackfillOffset(groupOffsetSeconds(group.name, path.join(dir, `${baseName}-${variant}.rules.yaml`), interval), interval)) {
      variant++;
      if (variant > 20) throw new Error(`no safe rule-file name for group ${group.name}`);
    }
    while (byFile.length <= variant) byFile.push([]);
    byFile[variant].push(group);
  }
  return byFile.flatMap((fileGroups, variant) => {
    if (fileGroups.length === 0) return [];
    const file = path.join(dir, `${baseName}-${variant}.rules.yaml`);
    writeRuleFile(file, fileGroups);
    return [file];
  });
}

/** Groups holding only the given rules, in their original groups' order. */
function groupsOf(rules: readonly PlacedRule[], nameSuffix: string, interval?: string): PromGroup[] {
  const byGroup = new Map<PromGroup, PlacedRule[]>();
  for (const placed of rules) {
    byGroup.set(placed.group, [...(byGroup.get(placed.group) ?? []), placed]);
  }
  return [...byGroup.entries()].map(([group, placed]) => ({
    name: `${group.name}${nameSuffix}`,
    interval: interval ?? group.interval,
    rules: placed.map((p) => p.rule),
  }));
}

export interface RecordedBackfill {
  /** Dependency levels, one promtool pass (and one server start) each. */
  readonly levels: number;
  /** Recorded names backfilled over the whole history. */
  readonly historyNames: readonly string[];
  /** Blocks written by promtool for recorded series. */
  readonly blocks: number;
  /** On a host's server: recorded names already backfilled by the host, and names whose series the host writes otherwise. */
  readonly sharedNames?: readonly string[];
  readonly collidingNames?: readonly string[];
}

export interface Timeline {
  /** First raw sample. */
  readonly startSeconds: number;
  /** Last sample of the shared raw history; the budget is compared with the exact value here. */
  readonly t0Seconds: number;
}

/**
 * Backfills the recorded series of a rule set into `dataDir` (which holds the raw history up to
 * `historyEndSeconds`), pass by pass. On a host's server (`host`), the series the host has already
 * written, or writes otherwise, are left out; a pass left with nothing to do starts no server.
 */
export async function backfillRecorded(
  tools: Tools, ruleSet: RuleSet, dataDir: string, runDir: string, timeline: Timeline, historyEndSeconds: number,
  log: (message: string) => void, host?: SharedServer,
): Promise<RecordedBackfill> {
  const plan = backfillPlan(ruleSet.groups);
  const collidingKeys = new Set((host?.colliding ?? []).map(seriesKey));
  const own = (placed: PlacedRule) => !host || (!host.shared.has(seriesKey(placed.rule)) && !collidingKeys.has(seriesKey(placed.rule)));
  const historyNames = new Set<string>();
  let blocks = 0;
  for (let level = 1; level <= plan.passes.length; level++) {
    const rules = plan.passes[level - 1].filter(own);
    if (rules.length === 0) continue;
    rules.filter((r) => plan.history.has(r.rule.record)).forEach((r) => historyNames.add(r.rule.record));
    const history = rules.filter((r) => plan.history.has(r.rule.record));
    const accuracy = rules.filter((r) => !plan.history.has(r.rule.record));
    const started = Date.now();
    const server: PrometheusServer = await startPrometheus(tools.prometheus, { dataDir, runDir, name: `${ruleSet.id}-pass${level}` });
    // The same rule-file names at every pass (and for a guest on its host's data): a group's evaluation
    // offset comes from its name and file, so every level is evaluated at the same instants, as live,
    // where a rule reads what the rules before it wrote in the same evaluation (the hourly rollups' recent
    // part, `timestamp(x) == time()`; a calendar period's head). Different files would put each level a
    // fraction of an interval apart and drop those parts.
    const historyOut = path.join(runDir, `${ruleSet.id}-out-${level}-history`);
    const atT0Out = path.join(runDir, `${ruleSet.id}-out-${level}-at-t0`);
    try {
      if (history.length > 0) {
        const files = writeSafeRuleFiles(runDir, 'history', groupsOf(history, ''));
        await blocksFromRules(tools.promtool, server.url, files, timeline.startSeconds, historyEndSeconds, historyOut, BLOCK_DURATION);
      }
      if (accuracy.length > 0) {
        const file = path.join(runDir, 'at-t0.rules.yaml');
        writeRuleFile(file, groupsOf(accuracy, '-at-t0', '1s'));
        const atT0 = timeline.t0Seconds;
        await blocksFromRules(tools.promtool, server.url, [file], atT0 - ACCURACY_RANGE_SECONDS, atT0 - 1, atT0Out, BLOCK_DURATION);
      }
    } finally {
      await server.stop();
    }
    const moved = moveBlocks(historyOut, dataDir) + moveBlocks(atT0Out, dataDir);
    blocks += moved;
    log(`  pass ${level}/${plan.passes.length}: ${history.length} rules over the history, ${accuracy.length} at T0; ${moved} blocks (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  const namesOf = (keys: (placed: PlacedRule) => boolean) => [...new Set(plan.passes.flat().filter(keys).map((p) => p.rule.record))].sort();
  const onHost = host
    ? { sharedNames: namesOf((p) => host.shared.has(seriesKey(p.rule))), collidingNames: namesOf((p) => collidingKeys.has(seriesKey(p.rule))) }
    : {};
  return { levels: plan.passes.length, historyNames: [...historyNames].sort(), blocks, ...onHost };
}
