/**
 * A rule set under test (ours, Sloth-style or Pyrra-style): Prometheus rule groups as plain data, how to
 * read an SLO's budget remaining from them, rule files, and which recorded series need a history.
 */
import * as fs from 'fs';
import * as YAML from 'yaml';
import { BenchSlo } from '../traffic';

/** One rule in Prometheus's rule-file format. */
export interface PromRule {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** One rule group; without `interval` Prometheus's global evaluation interval applies. */
export interface PromGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly PromRule[];
}

/**
 * `ours-90d`: our rules for the same SLOs with a 90-day window, timed on ours' server (the same recorded
 * series). `ours-month`: with a calendar month instead, timed on ours' server too, with its own recorded
 * series (the period copies) backfilled there as well.
 */
export type RuleSetId = 'ours' | 'ours-90d' | 'ours-month' | 'sloth' | 'pyrra';

export interface RuleSet {
  readonly id: RuleSetId;
  /** For the report, e.g. "Sloth style". */
  readonly title: string;
  readonly groups: readonly PromGroup[];
  /** PromQL for the budget remaining of one SLO over its 30-day window or period (1 = untouched, 0 = spent). */
  budgetRemainingQuery(slo: BenchSlo): string;
  /**
   * For a calendar window: the start (Unix seconds) of the period that holds a time, from which its budget
   * counts events. Rolling windows have none (their 30-day window at T0 holds the whole history).
   */
  periodStartSeconds?(timeSeconds: number): number;
}

/** Prometheus's default global evaluation interval, which the bench's configuration keeps. */
export const GLOBAL_EVALUATION_INTERVAL_SECONDS = 60;

/** Seconds of a Prometheus duration such as `1m`, `2m30s`, `1d1h43m` or `500ms`. */
export function durationSeconds(text: string): number {
  const units: Record<string, number> = { y: 365 * 86400, w: 7 * 86400, d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 };
  const pattern = /(\d+)(ms|y|w|d|h|m|s)/g;
  let total = 0;
  let consumed = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    total += Number(match[1]) * units[match[2]];
    consumed += match[0].length;
  }
  if (consumed !== text.length || consumed === 0) throw new Error(`not a Prometheus duration: "${text}"`);
  return total;
}

/** Formats seconds as Prometheus does (`model.Duration`): `30d` is `4w2d`, 3,857 s is `1h4m17s`. */
export function formatDuration(seconds: number): string {
  let ms = Math.round(seconds * 1000);
  if (ms === 0) return '0s';
  const units: Array<[string, number]> = [['y', 365 * 86400_000], ['w', 7 * 86400_000], ['d', 86400_000], ['h', 3600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];
  let out = '';
  for (const [unit, size] of units) {
    const count = Math.floor(ms / size);
    if (count > 0) {
      out += `${count}${unit}`;
      ms -= count * size;
    }
  }
  return out;
}

/** A group's evaluation interval in seconds (the global interval when it has none). */
export function groupIntervalSeconds(group: PromGroup): number {
  return group.interval === undefined ? GLOBAL_EVALUATION_INTERVAL_SECONDS : durationSeconds(group.interval);
}

/**
 * Writes groups as a rule file. With `interval`, every group is evaluated at that interval instead of
 * its own (for timing only).
 */
export function writeRuleFile(file: string, groups: readonly PromGroup[], interval?: string): void {
  const out = groups.map((group) => {
    const effective = interval ?? group.interval;
    return {
      name: group.name,
      ...(effective !== undefined ? { interval: effective } : {}),
      rules: group.rules.map((rule) => ({ ...rule })),
    };
  });
  fs.writeFileSync(file, YAML.stringify({ groups: out }, { lineWidth: 0, aliasDuplicateObjects: false }));
}

export function isRecording(rule: PromRule): rule is PromRule & { record: string } {
  return rule.record !== undefined;
}

/** Counts of a rule set, for the report. */
export function ruleCounts(ruleSet: RuleSet): { groups: number; recording: number; alerting: number } {
  const rules = ruleSet.groups.flatMap((g) => g.rules);
  return { groups: ruleSet.groups.length, recording: rules.filter(isRecording).length, alerting: rules.filter((r) => !isRecording(r)).length };
}
