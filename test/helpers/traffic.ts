/**
 * Synthetic input series and assertions for `promtool test rules` scenarios: counters and gauges built
 * from per-minute segments, rendered in promtool's expanding notation, and PromQL checks on the result.
 *
 * Samples are one minute apart from time 0 (the scenarios' `interval: '1m'`); times are minutes.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { withLeftOpenRanges, withPrometheus3Ranges } from './left-open-ranges';
import { promtoolBinary, RuleTestCase, withTempDir, writeRuleFile } from './promtool';

export const HOUR = 60;
export const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------------
// Traffic.
// ---------------------------------------------------------------------------------------------------

/** A stretch of traffic: `rps` events per second of which `errorRatio` fail; `absent` = no samples at all. */
export interface Segment {
  readonly minutes: number;
  readonly rps: number;
  readonly errorRatio?: number;
  readonly absent?: boolean;
}

/** Rounds away float noise so that runs of equal increments are recognised. */
export function clean(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * promtool `values` for samples at 0, 1m, 2m, ...; `null` is a missing sample (`_`). Runs with a constant
 * whole-number step become `a+bxn` (n + 1 samples), runs of missing samples `_xn` (n samples).
 * Fractional steps are written out sample by sample: promtool expands `a+bxn` by adding b n times, so
 * `0+1.2x60` ends a hair above 72, and a following segment starting at 72 would be a counter reset.
 */
export function renderSamples(samples: Array<number | null>): string {
  const parts: string[] = [];
  let i = 0;
  while (i < samples.length) {
    if (samples[i] === null) {
      let j = i;
      while (j + 1 < samples.length && samples[j + 1] === null) j++;
      parts.push(j === i ? '_' : `_x${j - i + 1}`);
      i = j + 1;
      continue;
    }
    const start = samples[i] as number;
    if (i + 1 >= samples.length || samples[i + 1] === null) {
      parts.push(`${start}`);
      i++;
      continue;
    }
    const step = clean((samples[i + 1] as number) - start);
    if (!Number.isInteger(step)) {
      parts.push(`${start}`);
      i++;
      continue;
    }
    let j = i + 1;
    const stepAt = (k: number) => (samples[k] === null ? NaN : clean((samples[k] as number) - (samples[k - 1] as number)));
    while (j + 1 < samples.length && Math.abs(stepAt(j + 1) - step) < 1e-6) j++;
    parts.push(`${start}${step < 0 ? '-' : '+'}${Math.abs(step)}x${j - i}`);
    i = j + 1;
  }
  return parts.join(' ');
}

const NUMBER = String.raw`[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?`;
const REPEATED = new RegExp(`^(${NUMBER})(?:([+-])(${NUMBER}))?x(\\d+)$`);

/**
 * The inverse of `renderSamples`: promtool's expanding notation as samples at 0, 1m, 2m, ... (`null`: no
 * sample). `a+bxn` is n + 1 samples from a, adding b each step as promtool does; `axn` repeats a; `_xn` is
 * n missing samples. Anything else (e.g. `stale`) throws, so a scenario never runs on a misread series.
 */
export function expandSamples(values: string): Array<number | null> {
  const samples: Array<number | null> = [];
  for (const token of values.trim().split(/\s+/)) {
    const missing = /^_(?:x(\d+))?$/.exec(token);
    if (missing) {
      samples.push(...new Array<null>(missing[1] ? Number(missing[1]) : 1).fill(null));
      continue;
    }
    if (new RegExp(`^${NUMBER}$`).test(token)) {
      samples.push(Number(token));
      continue;
    }
    const repeated = REPEATED.exec(token);
    if (!repeated) throw new Error(`unsupported promtool series value "${token}" in "${values}"`);
    const step = repeated[3] === undefined ? 0 : Number(repeated[3]) * (repeated[2] === '-' ? -1 : 1);
    let value = Number(repeated[1]);
    samples.push(value);
    for (let i = 0; i < Number(repeated[4]); i++) {
      value += step;
      samples.push(value);
    }
  }
  return samples;
}

/** A counter's samples from 0 at time 0 and one increment per minute (`null`: no sample that minute). */
export function counterSamples(increments: Array<number | null>): Array<number | null> {
  let value = 0;
  const samples: Array<number | null> = [0];
  for (const increment of increments) {
    if (increment === null) {
      samples.push(null);
    } else {
      value = clean(value + increment);
      samples.push(value);
    }
  }
  return samples;
}

/** Per-minute increments of good and bad events for a sequence of segments. */
export function segmentIncrements(segments: Segment[]): { good: Array<number | null>; bad: Array<number | null> } {
  const good: Array<number | null> = [];
  const bad: Array<number | null> = [];
  for (const segment of segments) {
    for (let m = 0; m < segment.minutes; m++) {
      if (segment.absent) {
        good.push(null);
        bad.push(null);
      } else {
        const perMinute = segment.rps * 60;
        const errors = perMinute * (segment.errorRatio ?? 0);
        good.push(perMinute - errors);
        bad.push(errors);
      }
    }
  }
  return { good, bad };
}

/** Spiky traffic from a fixed seed: stretches of 3 to 90 minutes, idle 10% of the time, mostly clean, with bursts of up to 50% errors. */
export function spikyTraffic(seed: number, minutes: number): Segment[] {
  const stretch = fc.record({
    length: fc.integer({ min: 3, max: 90 }),
    kind: fc.integer({ min: 0, max: 9 }),
    rps: fc.integer({ min: 1, max: 60 }),
    errorPercent: fc.integer({ min: 0, max: 50 }),
  });
  const segments: Segment[] = [];
  let total = 0;
  for (const { length, kind, rps, errorPercent } of fc.sample(stretch, { seed, numRuns: minutes })) {
    if (total >= minutes) break;
    const clipped = Math.min(minutes - total, length);
    // kind 0: idle; 1-7: a small error ratio (up to 0.5%); 8-9: a burst of errors.
    segments.push({ minutes: clipped, rps: kind === 0 ? 0 : rps, errorRatio: kind >= 8 ? errorPercent / 100 : errorPercent / 10_000 });
    total += clipped;
  }
  return segments;
}

/**
 * `http_requests_total{<labels>,code="200"}` and `{…,code="500"}` for the given traffic. Without
 * `bad` the service never exported a 5xx series at all.
 */
export function trafficFromIncrements(labels: string, good: Array<number | null>, bad: Array<number | null> | undefined) {
  const series = [{ series: `http_requests_total{${labels},code="200"}`, values: renderSamples(counterSamples(good)) }];
  if (bad) series.push({ series: `http_requests_total{${labels},code="500"}`, values: renderSamples(counterSamples(bad)) });
  return series;
}

/** `http_requests_total` by `code` ("200" good, "500" bad) for a sequence of segments. */
export function traffic(labels: string, segments: Segment[], options: { errorSeries?: boolean } = {}) {
  const { good, bad } = segmentIncrements(segments);
  return trafficFromIncrements(labels, good, options.errorSeries === false ? undefined : bad);
}

/**
 * A gauge's samples at 0, 1m, ..., `lastMinute`: `initial` until the first change, then each change's
 * value from its minute on. `changes` maps a minute to the value set at that minute.
 */
export function gaugeSamples(initial: number, lastMinute: number, changes: Array<[number, number]> = []): number[] {
  const byMinute = new Map(changes);
  const samples: number[] = [];
  let value = initial;
  for (let minute = 0; minute <= lastMinute; minute++) {
    value = byMinute.get(minute) ?? value;
    samples.push(value);
  }
  return samples;
}

// ---------------------------------------------------------------------------------------------------
// Times and assertions.
// ---------------------------------------------------------------------------------------------------

/** Minutes as a Prometheus duration: 1570 → `1d2h10m`. */
export function at(minutes: number): string {
  const days = Math.floor(minutes / DAY);
  const hours = Math.floor((minutes % DAY) / HOUR);
  const rest = minutes % HOUR;
  const text = `${days ? `${days}d` : ''}${hours ? `${hours}h` : ''}${rest ? `${rest}m` : ''}`;
  return text === '' ? '0m' : text;
}

export type ExprTest = NonNullable<RuleTestCase['promql_expr_test']>[number];

/** The (single-series) `expr` is present and within `tolerance` of `expected` at the given minute. */
export function approx(expr: string, minute: number, expected: number, tolerance: number): ExprTest {
  return {
    expr: `abs(max(${expr}) - (${expected})) < bool ${tolerance}`,
    eval_time: at(minute),
    exp_samples: [{ labels: '{}', value: 1 }],
  };
}

/** Whether some series of the instant-vector `expr` exists at the given minute. */
export function existsAt(expr: string, minute: number, expected: boolean): ExprTest {
  return {
    expr: `(count(${expr}) or vector(0)) > bool 0`,
    eval_time: at(minute),
    exp_samples: [{ labels: '{}', value: expected ? 1 : 0 }],
  };
}

/**
 * Whether some series of the selector `selector` (e.g. an `ALERTS{...}` selector) existed at any
 * evaluation from `from` to `to` (minutes, both included): an exhaustive check, not a sample. ALERTS is
 * written at every evaluation while an alert is active, so `count_over_time` sees every minute of it.
 */
export function existedBetween(selector: string, from: number, to: number, expected: boolean): ExprTest {
  return {
    expr: `(count(count_over_time(${selector}[${at(to - from)}])) or vector(0)) > bool 0`,
    eval_time: at(to),
    exp_samples: [{ labels: '{}', value: expected ? 1 : 0 }],
  };
}

/** Which Prometheus's range selection `testRulesInOrder` applies: 2.x's closed ranges, or 3.x's left-open ones. */
export type RangeSemantics = 'prometheus2' | 'prometheus3';
let rangeSemantics: RangeSemantics = 'prometheus2';

/**
 * From now on (in this test file), every rule and every check runs with Prometheus 3's left-open ranges,
 * emulated on promtool 2.42 (see left-open-ranges.ts).
 */
export function useRangeSemantics(semantics: RangeSemantics): void {
  rangeSemantics = semantics;
}

/** The range selection in effect. */
export function currentRangeSemantics(): RangeSemantics {
  return rangeSemantics;
}

/**
 * `promtool test rules` with the groups evaluated in the order given, at every evaluation. Without
 * `group_eval_order` promtool evaluates groups in Go map order, which changes from run to run: a group
 * reading another group's recorded series (an SLO's long-window group reads the short-window group's
 * ratios) would then see them either from this evaluation or from the one before, and a check at the
 * exact minute of a transition would pass or fail by chance.
 */
export function testRulesInOrder(groups: any[], tests: RuleTestCase[], evaluationInterval = '1m'): { ok: boolean; output: string } {
  if (rangeSemantics === 'prometheus3') {
    groups = withPrometheus3Ranges(groups);
    tests = tests.map((test) => ({
      ...test,
      promql_expr_test: test.promql_expr_test?.map((check) => ({ ...check, expr: withLeftOpenRanges(check.expr) })),
    }));
  }
  return withTempDir('test', (dir) => {
    writeRuleFile(dir, groups);
    const testFile = path.join(dir, 'test.yaml');
    fs.writeFileSync(testFile, YAML.stringify({
      rule_files: ['rules.yaml'],
      evaluation_interval: evaluationInterval,
      group_eval_order: groups.map((group) => group.name),
      tests,
    }));
    const result = spawnSync(promtoolBinary(), ['test', 'rules', testFile], { encoding: 'utf8', cwd: dir, maxBuffer: 64 * 1024 * 1024 });
    return { ok: result.status === 0, output: `${result.stdout}\n${result.stderr}` };
  });
}

/**
 * Runs the scenario, the groups evaluated in the order they were synthesized (an SLO's short-window
 * group before its long-window group), and fails with promtool's report.
 */
export function expectScenario(groups: any[], test: RuleTestCase): void {
  const result = testRulesInOrder(groups, [test]);
  if (!result.ok) {
    throw new Error(`promtool test rules failed:\n${result.output}`);
  }
  expect(result.ok).toBe(true);
}
