/**
 * Runs a `promtool test rules` scenario (a `RuleTestCase`) on VictoriaMetrics + vmalert instead of promtool:
 * the same input series, the same rules, every group evaluated every minute as promtool does, and every
 * `promql_expr_test` answered by VictoriaMetrics (MetricsQL) at the same moment.
 *
 * How it stays faithful to promtool:
 * - Time: promtool's series start at time 0. VictoriaMetrics rejects samples older than its retention, so
 *   the scenario is shifted to `SCENARIO_START`, a UTC midnight a week ago: `hour()` and the 1h subquery
 *   steps fall on the same points of the data, and every offset stays the same.
 * - Evaluation: `vmalert -replay` evaluates rule by rule, each over the whole range, at the group
 *   interval. Groups are replayed at 1m (promtool's evaluation interval ignores group intervals too).
 *   A rule reading another rule's series needs that series written and searchable first, so the rules
 *   are replayed in dependency levels, one vmalert run per level, and every remote write is made
 *   searchable before it is acknowledged (`startFlushingWriteProxy`): no sleeps, no races. Within a
 *   level no rule reads another, which is what vmalert's `-replay.rulesDelay` would otherwise wait for.
 * - Checks: each `promql_expr_test` is an instant query at its `eval_time`, compared with `exp_samples`
 *   (label sets and values) as promtool compares them. A bare selector looks back one evaluation
 *   interval only (`max_lookback=1m`): promtool's rule manager marks series that stop (a resolved
 *   alert's ALERTS, say) stale at the next evaluation, while vmalert 1.79 writes no staleness markers and
 *   VictoriaMetrics would find the last sample for a little over a minute.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RuleTestCase, tempDir } from './promtool';
import { at, expandSamples } from './traffic';
import {
  importPrometheusText, queryAt, replayRules, RunningTool, startFlushingWriteProxy, startVictoriaMetrics,
  VMALERT_REPLAY_FLAGS, writeVmalertRuleFile,
} from './victoria-metrics';

const DAY_SECONDS = 24 * 3600;

/** The Unix time a scenario's time 0 is moved to: UTC midnight seven days ago. */
export const SCENARIO_START = (Math.floor(Date.now() / 1000 / DAY_SECONDS) - 7) * DAY_SECONDS;

/** A Prometheus duration (`1d2h10m`, `90s`, `0m`) in seconds. */
export function durationSeconds(text: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: DAY_SECONDS, w: 7 * DAY_SECONDS, y: 365 * DAY_SECONDS };
  let seconds = 0;
  let rest = text;
  while (rest.length > 0) {
    const part = /^(\d+)(ms|s|m|h|d|w|y)/.exec(rest);
    if (!part) throw new Error(`not a Prometheus duration: "${text}"`);
    seconds += Number(part[1]) * units[part[2]];
    rest = rest.slice(part[0].length);
  }
  return seconds;
}

/** The input series as Prometheus text lines with millisecond timestamps, one sample per interval from `startSeconds`. */
export function inputSeriesAsText(test: RuleTestCase, startSeconds: number): { text: string; lastSeconds: number } {
  const interval = durationSeconds(test.interval);
  const lines: string[] = [];
  let lastSeconds = startSeconds;
  for (const { series, values } of test.input_series) {
    expandSamples(values).forEach((value, index) => {
      if (value === null) return;
      const seconds = startSeconds + index * interval;
      lastSeconds = Math.max(lastSeconds, seconds);
      lines.push(`${series} ${value} ${seconds * 1000}`);
    });
  }
  return { text: `${lines.join('\n')}\n`, lastSeconds };
}

/**
 * The rules of the groups in dependency levels: level 0 reads no recorded series of these groups, level n
 * reads some of level n - 1. Throws on a rule reading its own or a later rule's output, which a replay
 * cannot evaluate as a live rule manager would.
 */
export function dependencyLevels(groups: any[]): any[][] {
  const rules: any[] = groups.flatMap((group) => group.rules);
  const records = new Set(rules.filter((rule) => rule.record).map((rule) => rule.record as string));
  const reads = (rule: any): string[] => [...records].filter((record) => new RegExp(`(^|[^\\w:])${record.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w:])`).test(rule.expr));
  const level = new Map<any, number>();
  const levelOf = (rule: any, visiting: Set<any>): number => {
    if (visiting.has(rule)) throw new Error(`rule ${rule.record ?? rule.alert} depends on itself through ${[...visiting].map((r) => r.record).join(' → ')}`);
    const known = level.get(rule);
    if (known !== undefined) return known;
    visiting.add(rule);
    const deps = reads(rule).flatMap((record) => rules.filter((other) => other.record === record));
    const result = deps.length === 0 ? 0 : 1 + Math.max(...deps.map((dep) => levelOf(dep, visiting)));
    visiting.delete(rule);
    level.set(rule, result);
    return result;
  };
  const levels: any[][] = [];
  for (const rule of rules) {
    const n = levelOf(rule, new Set());
    (levels[n] ??= []).push(rule);
  }
  return levels.filter((rulesOfLevel) => rulesOfLevel !== undefined);
}

/** A label set in promtool's notation (`{}`, `{route="/pay"}`) as a sorted, comparable string. */
function canonicalLabels(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}

function parseLabels(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  const body = (text ?? '{}').trim().replace(/^[^{]*\{/, '').replace(/\}$/, '');
  const nameMatch = /^([a-zA-Z_:][\w:]*)\{/.exec((text ?? '').trim());
  if (nameMatch) labels.__name__ = nameMatch[1];
  for (const match of body.matchAll(/([a-zA-Z_]\w*)\s*=\s*"((?:[^"\\]|\\.)*)"/g)) labels[match[1]] = JSON.parse(`"${match[2]}"`);
  return labels;
}

function sameValue(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** The outcome of a scenario on VictoriaMetrics: every failed check, described. */
export interface VmScenarioResult {
  readonly failures: string[];
  readonly checks: number;
}

/** Runs the scenario on a fresh VictoriaMetrics; resolves with the failed checks (none when it passes). */
export async function runScenarioOnVictoriaMetrics(groups: any[], test: RuleTestCase): Promise<VmScenarioResult> {
  if (test.alert_rule_test?.length) {
    throw new Error('alert_rule_test is not supported on VictoriaMetrics yet: express the check as a promql_expr_test on ALERTS');
  }
  const workDir = tempDir('vm-scenario');
  let vm: RunningTool | undefined;
  let proxy: Awaited<ReturnType<typeof startFlushingWriteProxy>> | undefined;
  try {
    vm = await startVictoriaMetrics({ workDir });
    proxy = await startFlushingWriteProxy(vm.url);
    const input = inputSeriesAsText(test, SCENARIO_START);
    await importPrometheusText(vm.url, input.text);
    const checks = test.promql_expr_test ?? [];
    const lastCheck = Math.max(0, ...checks.map((check) => durationSeconds(check.eval_time)));
    const toSeconds = Math.max(input.lastSeconds, SCENARIO_START + lastCheck);

    const levels = dependencyLevels(groups);
    for (const [index, rules] of levels.entries()) {
      const ruleFile = writeVmalertRuleFile(path.join(workDir, `level-${index}.yaml`), [{ name: `level-${index}`, rules }], test.interval);
      await replayRules({
        ruleFiles: [ruleFile],
        datasourceUrl: vm.url,
        remoteWriteUrl: proxy.url,
        fromSeconds: SCENARIO_START,
        toSeconds,
        flags: [...VMALERT_REPLAY_FLAGS, '-replay.rulesDelay=0s', '-replay.maxDatapointsPerQuery=100000'],
      });
    }

    const failures: string[] = [];
    for (const check of checks) {
      const seconds = SCENARIO_START + durationSeconds(check.eval_time);
      const actual = await queryAt(vm.url, check.expr, seconds, test.interval);
      const expected = check.exp_samples.map((sample) => ({ labels: parseLabels(sample.labels), value: sample.value }));
      const matches = actual.length === expected.length
        && expected.every((e) => actual.some((a) => canonicalLabels(a.labels) === canonicalLabels(e.labels) && sameValue(a.value, e.value)));
      if (!matches) {
        failures.push(`expr: ${check.expr}\n  eval_time: ${check.eval_time} (${at(durationSeconds(check.eval_time) / 60)})\n`
          + `  expected: ${JSON.stringify(expected)}\n  got:      ${JSON.stringify(actual)}`);
      }
    }
    return { failures, checks: checks.length };
  } finally {
    await proxy?.close();
    await vm?.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** Runs the scenario on VictoriaMetrics + vmalert and fails with every check that did not hold. */
export async function expectScenarioOnVictoriaMetrics(groups: any[], test: RuleTestCase): Promise<void> {
  const result = await runScenarioOnVictoriaMetrics(groups, test);
  if (result.failures.length > 0) {
    throw new Error(`${result.failures.length} of ${result.checks} checks failed on VictoriaMetrics:\n${result.failures.join('\n')}`);
  }
  expect(result.failures).toEqual([]);
}
