/**
 * What the bench measures on a running server:
 * - rule-group evaluation time: `prometheus_rule_group_last_duration_seconds` of every group, read from
 *   `/metrics` after each evaluation, the median of several evaluations per group;
 * - samples read: every rule's expression as an instant query with `stats=all`
 *   (`totalQueryableSamples`), per second of evaluation at the group's shipped interval;
 * - series created: the series every recording rule writes per evaluation.
 */
import { parseMetricsText, PrometheusServer, sleep } from './prometheus';
import { groupIntervalSeconds, isRecording, PromRule, RuleSet } from './rulesets/rule-set';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Waits until the server has run its first compaction (a minute after start) and finished it: blocks
 * backfilled side by side (raw history, recorded series) overlap and are merged then. Timing before
 * that would measure reads from unmerged blocks and the compaction's own load.
 */
export async function waitForCompaction(server: PrometheusServer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastChange = Date.now();
  let last = '';
  while (Date.now() < deadline) {
    const metrics = parseMetricsText(await server.metricsText());
    const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    const triggered = value('prometheus_tsdb_compactions_triggered_total');
    const populating = value('prometheus_tsdb_compaction_populating_block');
    const state = `${value('prometheus_tsdb_reloads_total')}/${value('prometheus_tsdb_blocks_loaded')}/${value('prometheus_tsdb_compactions_total')}/${populating}`;
    if (state !== last) {
      last = state;
      lastChange = Date.now();
    }
    if (triggered >= 1 && populating === 0 && Date.now() - lastChange >= 10_000) return;
    await sleep(1_000);
  }
  throw new Error(`the server's compaction did not settle within ${timeoutMs / 1000} s`);
}

export interface GroupTiming {
  readonly group: string;
  /** Evaluation durations in seconds, in order, the first one after `since` left out. */
  readonly durations: number[];
}

/**
 * Collects `evaluations` evaluation durations of every group, from evaluations that start after
 * `sinceSeconds` (the first of them is left out as a warm-up).
 */
export async function collectGroupTimings(
  server: PrometheusServer, groupNames: readonly string[], sinceSeconds: number, evaluations: number, timeoutMs: number,
): Promise<GroupTiming[]> {
  const seen = new Map<string, { lastTimestamp: number; count: number; durations: number[] }>();
  for (const name of groupNames) seen.set(name, { lastTimestamp: sinceSeconds, count: 0, durations: [] });
  const deadline = Date.now() + timeoutMs;
  const complete = () => [...seen.values()].every((g) => g.durations.length >= evaluations);
  while (!complete()) {
    if (Date.now() > deadline) {
      const short = [...seen.entries()].filter(([, g]) => g.durations.length < evaluations).map(([n, g]) => `${n} (${g.durations.length})`);
      throw new Error(`timed out collecting ${evaluations} evaluations per group; short: ${short.slice(0, 5).join(', ')}`);
    }
    const metrics = parseMetricsText(await server.metricsText());
    const durations = new Map<string, number>();
    for (const m of metrics) {
      if (m.name === 'prometheus_rule_group_last_duration_seconds') durations.set(m.labels.rule_group, m.value);
    }
    for (const m of metrics) {
      if (m.name !== 'prometheus_rule_group_last_evaluation_timestamp_seconds') continue;
      const group = seen.get(m.labels.rule_group.replace(/^.*;/, ''));
      const duration = durations.get(m.labels.rule_group);
      if (!group || duration === undefined || m.value <= group.lastTimestamp) continue;
      group.lastTimestamp = m.value;
      group.count++;
      if (group.count > 1 && group.durations.length < evaluations) group.durations.push(duration);
    }
    await sleep(500);
  }
  return [...seen.entries()].map(([group, g]) => ({ group, durations: g.durations }));
}

/** The cost of one rule, measured as an instant query. */
export interface RuleCost {
  readonly group: string;
  /** The record or alert name. */
  readonly name: string;
  readonly recording: boolean;
  readonly intervalSeconds: number;
  /** Samples the expression reads per evaluation. */
  readonly samples: number;
  /** Series in the result: what a recording rule writes per evaluation. */
  readonly resultSeries: number;
}

/** Runs every rule's expression as an instant query with `stats=all` at `timeSeconds`. */
export async function measureRuleCosts(server: PrometheusServer, ruleSet: RuleSet, timeSeconds: number): Promise<RuleCost[]> {
  const costs: RuleCost[] = [];
  for (const group of ruleSet.groups) {
    const intervalSeconds = groupIntervalSeconds(group);
    for (const rule of group.rules) {
      const result = await server.query(rule.expr, { time: timeSeconds, stats: true });
      if (result.totalQueryableSamples === undefined) {
        throw new Error('the server did not report stats.samples.totalQueryableSamples (needs Prometheus 2.35 or later)');
      }
      costs.push({
        group: group.name,
        name: ruleName(rule),
        recording: isRecording(rule),
        intervalSeconds,
        samples: result.totalQueryableSamples,
        resultSeries: result.resultType === 'vector' ? result.samples.length : 1,
      });
    }
  }
  return costs;
}

export function ruleName(rule: PromRule): string {
  return rule.record ?? rule.alert!;
}

/** Sum over every group's evaluations that failed, and the rules whose last evaluation failed. */
export async function evaluationFailures(server: PrometheusServer): Promise<{ failures: number; unhealthy: string[] }> {
  const metrics = parseMetricsText(await server.metricsText());
  const failures = metrics.filter((m) => m.name === 'prometheus_rule_evaluation_failures_total').reduce((sum, m) => sum + m.value, 0);
  const groups = (await server.api('/api/v1/rules')).data.groups as Array<{ name: string; rules: Array<{ name: string; health: string; lastError?: string }> }>;
  const unhealthy = groups.flatMap((g) => g.rules.filter((r) => r.health === 'err').map((r) => `${g.name}/${r.name}: ${r.lastError}`));
  return { failures, unhealthy };
}
