/**
 * Runs a `promtool test rules` scenario (a `RuleTestCase`) on VictoriaMetrics + vmalert instead of promtool:
 * the same input series, the same rules, every group evaluated every minute as promtool does, and every
 * `promql_expr_test` answered by VictoriaMetrics (MetricsQL) at the same moment.
 *
 * How it stays faithful to promtool:
 * - Time: promtool's series start at time 0, 1970-01-01T00:00Z. A scenario is shifted to a start of its
 *   own: `SCENARIO_START`, a UTC midnight a week ago, keeps `hour()` and the 1h subquery steps on the same
 *   points of the data and every offset the same. Scenarios that cross calendar boundaries (a month, a
 *   week, a day of the week) start at `CALENDAR_START`, 2026-01-01T00:00Z: like 1970-01-01 a Thursday of
 *   a non-leap year, so every date of the year falls on the same weekday and every month has the same
 *   length. Such scenarios build their absolute expectations (period starts, timestamp gauges) from the
 *   start they are given. VictoriaMetrics keeps samples for `RETENTION` (and refuses older ones at import).
 * - Evaluation: `vmalert -replay` evaluates rule by rule, each over the whole range, at the group
 *   interval. Every group is replayed at the scenario's evaluation interval (promtool's
 *   `evaluation_interval` ignores group intervals too: 1m unless the scenario says otherwise), and the
 *   input series are imported at their own spacing (`interval`).
 *   A rule reading another rule's series needs that series written and searchable first, so the rules
 *   are replayed in dependency levels, one vmalert run per level, and every remote write is made
 *   searchable before it is acknowledged (`startFlushingWriteProxy`): no sleeps, no races. Within a
 *   level no rule reads another, which is what vmalert's `-replay.rulesDelay` would otherwise wait for.
 * - Checks: each `promql_expr_test` is an instant query at its `eval_time`, compared with `exp_samples`
 *   (label sets and values) as promtool compares them. A bare selector looks back one evaluation
 *   interval only (`max_lookback`; one input interval when the inputs are sparser than the evaluations):
 *   promtool's rule manager marks series that stop (a resolved alert's ALERTS, say) stale at the next
 *   evaluation, while vmalert 1.79 writes no staleness markers and VictoriaMetrics would find the last
 *   sample for a little over an interval.
 * - Alerts: each `alert_rule_test` is the set of firing `ALERTS` series of its alert name at its
 *   `eval_time`, compared with `exp_alerts`' label sets as promtool compares them (no alert: no series).
 *   vmalert writes no annotations into ALERTS (nor anywhere a query can read them), so `exp_annotations`
 *   stay proven by the promtool run of the same scenario only.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RuleTestCase, tempDir } from './promtool';
import { BehaviourScenario, ScenarioEngine } from './scenario';
import { at, expandSamples } from './traffic';
import {
  importPrometheusText, queryAt, replayRules, RunningTool, startFlushingWriteProxy, startVictoriaMetrics,
  VMALERT_REPLAY_FLAGS, writeVmalertRuleFile,
} from './victoria-metrics';

const DAY_SECONDS = 24 * 3600;

/** The Unix time a scenario's time 0 is moved to: UTC midnight seven days ago. */
export const SCENARIO_START = (Math.floor(Date.now() / 1000 / DAY_SECONDS) - 7) * DAY_SECONDS;

/**
 * The Unix time a calendar scenario's time 0 is moved to: 2026-01-01T00:00Z, a Thursday of a non-leap
 * year as promtool's 1970-01-01 is, so every calendar boundary of the year is where promtool has it.
 */
export const CALENDAR_START = Date.UTC(2026, 0, 1) / 1000;

/** How long the scenario's VictoriaMetrics keeps samples: long enough for `CALENDAR_START` for decades. */
export const RETENTION = '100y';

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

/** Where and how often a scenario runs on VictoriaMetrics. */
export interface VmScenarioOptions {
  /** The Unix time of the scenario's time 0. @default SCENARIO_START */
  readonly startSeconds?: number;
  /** promtool's `evaluation_interval` for the scenario: every group is replayed at it. @default 1m */
  readonly evaluationInterval?: string;
}

/**
 * Labels of an ALERTS series that promtool's `exp_labels` leave out: the series name, the alert state and
 * name, and the group name vmalert adds to every alert (here the replay level's).
 */
const ALERTS_OWN_LABELS = ['__name__', 'alertstate', 'alertname', 'alertgroup'];

function withoutAlertsOwnLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([name]) => !ALERTS_OWN_LABELS.includes(name)));
}

/** The same label sets, each as often (promtool compares the alerts of an `alert_rule_test` as a list, in any order). */
function sameLabelSets(actual: Array<Record<string, string>>, expected: Array<Record<string, string>>): boolean {
  const sorted = (sets: Array<Record<string, string>>) => sets.map(canonicalLabels).sort();
  return JSON.stringify(sorted(actual)) === JSON.stringify(sorted(expected));
}

/** Runs the scenario on a fresh VictoriaMetrics; resolves with the failed checks (none when it passes). */
export async function runScenarioOnVictoriaMetrics(groups: any[], test: RuleTestCase, options: VmScenarioOptions = {}): Promise<VmScenarioResult> {
  const start = options.startSeconds ?? SCENARIO_START;
  const evaluationInterval = options.evaluationInterval ?? '1m';
  const lookback = durationSeconds(evaluationInterval) >= durationSeconds(test.interval) ? evaluationInterval : test.interval;
  const workDir = tempDir('vm-scenario');
  let vm: RunningTool | undefined;
  let proxy: Awaited<ReturnType<typeof startFlushingWriteProxy>> | undefined;
  try {
    vm = await startVictoriaMetrics({ workDir, retention: RETENTION });
    proxy = await startFlushingWriteProxy(vm.url);
    const input = inputSeriesAsText(test, start);
    await importPrometheusText(vm.url, input.text);
    const checks = test.promql_expr_test ?? [];
    const alertChecks = test.alert_rule_test ?? [];
    const lastCheck = Math.max(0, ...[...checks, ...alertChecks].map((check) => durationSeconds(check.eval_time)));
    const toSeconds = Math.max(input.lastSeconds, start + lastCheck);

    const levels = dependencyLevels(groups);
    for (const [index, rules] of levels.entries()) {
      const ruleFile = writeVmalertRuleFile(path.join(workDir, `level-${index}.yaml`), [{ name: `level-${index}`, rules }], evaluationInterval);
      await replayRules({
        ruleFiles: [ruleFile],
        datasourceUrl: vm.url,
        remoteWriteUrl: proxy.url,
        fromSeconds: start,
        toSeconds,
        flags: [...VMALERT_REPLAY_FLAGS, '-replay.rulesDelay=0s', '-replay.maxDatapointsPerQuery=100000'],
      });
    }

    const failures: string[] = [];
    const when = (evalTime: string) => {
      const seconds = durationSeconds(evalTime);
      return `eval_time: ${evalTime}${seconds % 60 === 0 ? ` (${at(seconds / 60)})` : ''}`;
    };
    for (const check of checks) {
      const actual = await queryAt(vm.url, check.expr, start + durationSeconds(check.eval_time), lookback);
      const expected = check.exp_samples.map((sample) => ({ labels: parseLabels(sample.labels), value: sample.value }));
      const matches = actual.length === expected.length
        && expected.every((e) => actual.some((a) => canonicalLabels(a.labels) === canonicalLabels(e.labels) && sameValue(a.value, e.value)));
      if (!matches) {
        failures.push(`expr: ${check.expr}\n  ${when(check.eval_time)}\n`
          + `  expected: ${JSON.stringify(expected)}\n  got:      ${JSON.stringify(actual)}`);
      }
    }
    for (const check of alertChecks) {
      const selector = `ALERTS{alertstate="firing",alertname=${JSON.stringify(check.alertname)}}`;
      const firing = await queryAt(vm.url, selector, start + durationSeconds(check.eval_time), lookback);
      const actual = firing.map((series) => withoutAlertsOwnLabels(series.labels));
      const expected: Array<Record<string, string>> = (check.exp_alerts ?? []).map((alert: any) => alert.exp_labels ?? {});
      if (!sameLabelSets(actual, expected)) {
        failures.push(`alertname: ${check.alertname}\n  ${when(check.eval_time)}\n`
          + `  expected: ${JSON.stringify(expected)}\n  got:      ${JSON.stringify(actual)}`);
      }
    }
    return { failures, checks: checks.length + alertChecks.length };
  } finally {
    await proxy?.close();
    await vm?.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** Runs the scenario on VictoriaMetrics + vmalert and fails with every check that did not hold. */
export async function expectScenarioOnVictoriaMetrics(groups: any[], test: RuleTestCase, options: VmScenarioOptions = {}): Promise<void> {
  const result = await runScenarioOnVictoriaMetrics(groups, test, options);
  if (result.failures.length > 0) {
    throw new Error(`${result.failures.length} of ${result.checks} checks failed on VictoriaMetrics:\n${result.failures.join('\n')}`);
  }
  expect(result.failures).toEqual([]);
}

/**
 * VictoriaMetrics as a scenario engine: time 0 at `CALENDAR_START` when the scenario's checks name dates
 * (`SCENARIO_START` otherwise), and MetricsQL.
 */
export function victoriaMetricsEngine(scenario: BehaviourScenario): ScenarioEngine {
  return { timeZeroSeconds: scenario.calendar ? CALENDAR_START : SCENARIO_START, language: 'metricsql' };
}

/** Builds a shared scenario for VictoriaMetrics and runs it there, at its evaluation interval. */
export async function expectSharedScenarioOnVictoriaMetrics(scenario: BehaviourScenario): Promise<void> {
  const engine = victoriaMetricsEngine(scenario);
  const { groups, test, evaluationInterval } = scenario.build(engine);
  await expectScenarioOnVictoriaMetrics(groups, test, { startSeconds: engine.timeZeroSeconds, evaluationInterval });
}
