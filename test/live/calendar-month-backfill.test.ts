/**
 * A calendar-month SLO on a real Prometheus whose history since the 1st was backfilled, as an operator
 * adopting the library mid-month would do: the raw counters since before the month's start with
 * `promtool tsdb create-blocks-from openmetrics`, then the recorded series the month's sums read, level by
 * level, with `promtool tsdb create-blocks-from rules` against the server (restarted after each level's
 * blocks are copied in). A live exporter then carries the counters on, and once the rule groups have
 * evaluated live, the month-to-date error ratio and budget remaining must match the exact values counted
 * from the raw counters since the 1st (UTC). Real time: the period is the current month.
 *
 * The traffic has an error burst just before the month's start, which the month must not count, one in its
 * first minutes, and bursts every 6 hours; none in the last 45 minutes, where the short gap between the
 * backfilled history and the live evaluations falls.
 *
 * Needs `prometheus` and `promtool` (apt-get install -y prometheus); fails without them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CalendarWindow, Sli, SloProps } from '../../src';
import {
  apiGet, backfillOpenMetrics, instantQuery, LiveExporter, LivePrometheus, loadedRuleGroups, PollAbort, pollUntil, startExporter, startPrometheus,
} from '../helpers/live-prometheus';
import { backfillRules, tempDir, writeRuleFile } from '../helpers/promtool';
import { ruleGroupsFor } from '../helpers/synth';

const MINUTE = 60;
const HOUR = 3600;
const TARGET = 0.999;
const BUDGET = 0.001;

const SLO: SloProps = {
  service: 'calendar',
  name: 'availability',
  target: TARGET,
  calendarWindow: CalendarWindow.MONTH,
  indicator: Sli.ratio({ errors: 'http_requests_total{job="calendar",code=~"5.."}', total: 'http_requests_total{job="calendar"}' }),
};

// ---------------------------------------------------------------------------------------------------
// The traffic: whole events per minute, a pure function of time, so the backfill, the exporter and the
// exact values read the same counters.

const NOW = Date.now() / 1000;
const MONTH_START = (() => {
  const now = new Date(NOW * 1000);
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) / 1000;
})();
/** The raw history starts 2 hours before the month (the previous month's end must be left out). */
const HISTORY_START = MONTH_START - 2 * HOUR;
/** The counters are defined until an hour after the test starts. */
const MINUTES = Math.ceil((NOW + HOUR - HISTORY_START) / MINUTE);

/** The error ratio of a minute: 0.04%, 1% in the bursts, 5% in the last 15 minutes of the previous month. */
function errorRatio(minuteStart: number): number {
  if (minuteStart >= MONTH_START - 15 * MINUTE && minuteStart < MONTH_START) return 0.05;
  if (minuteStart >= NOW - 45 * MINUTE) return 0.0004;
  const sinceMonth = minuteStart - MONTH_START;
  if (sinceMonth >= 0 && sinceMonth < 10 * MINUTE) return 0.01;
  if (sinceMonth >= 0 && sinceMonth % (6 * HOUR) >= 2 * HOUR && sinceMonth % (6 * HOUR) < 2 * HOUR + 20 * MINUTE) return 0.01;
  return 0.0004;
}

/** Cumulative good and bad events at the start of each minute since HISTORY_START (whole numbers). */
const CUMULATIVE = (() => {
  const good = new Float64Array(MINUTES + 1);
  const bad = new Float64Array(MINUTES + 1);
  let expectedBad = 0;
  for (let m = 0; m < MINUTES; m++) {
    const start = HISTORY_START + m * MINUTE;
    // 10 requests a second, ±30% over the day.
    const all = Math.round(600 * (1 + 0.3 * Math.sin((2 * Math.PI * start) / 86_400)));
    expectedBad += all * errorRatio(start);
    bad[m + 1] = Math.floor(expectedBad);
    good[m + 1] = good[m] + all - (bad[m + 1] - bad[m]);
  }
  return { good, bad };
})();

/** The two counters (good, bad) at a time; within a minute its events are spread evenly. */
function counters(timeSeconds: number): [good: number, bad: number] {
  const minutes = (timeSeconds - HISTORY_START) / MINUTE;
  if (minutes < 0 || minutes >= MINUTES) throw new Error(`no traffic defined at ${new Date(timeSeconds * 1000).toISOString()}`);
  const m = Math.floor(minutes);
  const at = (cum: Float64Array) => Math.floor(cum[m] + (minutes - m) * (cum[m + 1] - cum[m]));
  return [at(CUMULATIVE.good), at(CUMULATIVE.bad)];
}

/** The exact error ratio between two times, from the counters. */
function exactRatio(fromSeconds: number, toSeconds: number): number {
  const [good0, bad0] = counters(fromSeconds);
  const [good1, bad1] = counters(toSeconds);
  return (bad1 - bad0) / (good1 - good0 + bad1 - bad0);
}

const SERIES = ['http_requests_total{job="calendar",code="200"}', 'http_requests_total{job="calendar",code="500"}'];

/** OpenMetrics text of the counters, one sample a minute over [HISTORY_START, end]. */
function rawHistory(endSeconds: number): string {
  const lines = ['# TYPE http_requests counter'];
  SERIES.forEach((series, index) => {
    for (let t = HISTORY_START; t <= endSeconds; t += MINUTE) lines.push(`${series} ${counters(t)[index]} ${t}`);
  });
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------
// The recorded series to backfill: those that the month's sums read over a range, and what they are
// computed from: the 5-minute rates, their hourly and period copies, the period's head, and the hourly
// sums of both copies. The rest (the increases, ratios, budget) are only evaluated live.

const BACKFILLED = /^slo:sli_(errors|total):rate5m(_by_hour|_period_by_hour|_period_head|_previous_hour_sum|_period_previous_hour_sum)?$/;

/** The backfilled rules by dependency level: level n reads only series of levels below n (and raw ones). */
function backfillLevels(groups: any[]): Array<Array<{ group: any; rule: any }>> {
  const placed = groups.flatMap((group) => group.rules.filter((rule: any) => BACKFILLED.test(rule.record ?? '')).map((rule: any) => ({ group, rule })));
  const names = new Set(placed.map((p) => p.rule.record as string));
  const levels = new Map<string, number>();
  const levelOf = (name: string): number => {
    if (!levels.has(name)) {
      const expr: string = placed.find((p) => p.rule.record === name)!.rule.expr;
      const reads = [...names].filter((other) => other !== name && new RegExp(`${other.replace(/[:]/g, '\\$&')}(?![a-z_:])`).test(expr));
      levels.set(name, 1 + Math.max(0, ...reads.map(levelOf)));
    }
    return levels.get(name)!;
  };
  const byLevel: Array<Array<{ group: any; rule: any }>> = [];
  for (const p of placed) {
    const level = levelOf(p.rule.record);
    while (byLevel.length < level) byLevel.push([]);
    byLevel[level - 1].push(p);
  }
  return byLevel;
}

/** Copies every TSDB block from one directory into another. */
function copyBlocks(from: string, to: string): number {
  fs.mkdirSync(to, { recursive: true });
  const blocks = fs.readdirSync(from).filter((entry) => fs.existsSync(path.join(from, entry, 'meta.json')));
  for (const block of blocks) fs.cpSync(path.join(from, block), path.join(to, block), { recursive: true });
  return blocks.length;
}

// ---------------------------------------------------------------------------------------------------

describe('a calendar-month SLO backfilled since the 1st, then evaluated live', () => {
  const groups = ruleGroupsFor(SLO);
  let dir: string | undefined;
  let exporter: LiveExporter | undefined;
  let prometheus: LivePrometheus | undefined;
  let liveSince = 0;
  const timings: string[] = [];

  beforeAll(async () => {
    const started = Date.now();
    dir = tempDir('calendar-backfill');
    // The raw history up to the last whole minute; the exporter serves the same counters from then on.
    const historyEnd = Math.floor(Date.now() / 1000 / MINUTE) * MINUTE;
    const blocks = path.join(dir, 'blocks');
    copyBlocks(backfillOpenMetrics(dir, rawHistory(historyEnd)), blocks);
    timings.push(`raw history ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // One rule file name and the groups' own names at every level, so that every level is evaluated at
    // the same instants (the group's evaluation offset comes from its name and file), as live.
    const levels = backfillLevels(groups);
    for (let level = 1; level <= levels.length; level++) {
      const levelStarted = Date.now();
      const levelGroups = groups
        .map((group) => ({ ...group, rules: levels[level - 1].filter((p) => p.group === group).map((p) => p.rule) }))
        .filter((group) => group.rules.length > 0);
      const ruleFile = writeRuleFile(dir, levelGroups, 'backfill.rules.yaml');
      const server = await startPrometheus({ workDir: fs.mkdtempSync(path.join(dir, `level-${level}-`)), ruleFiles: [], scrapeTargets: [], blocksDir: blocks });
      const output = path.join(dir, `level-${level}-blocks`);
      try {
        backfillRules(server.url, [ruleFile], HISTORY_START, historyEnd, output);
      } finally {
        await server.stop();
      }
      copyBlocks(output, blocks);
      timings.push(`level ${level} (${levels[level - 1].map((p) => p.rule.record).join(', ')}) ${((Date.now() - levelStarted) / 1000).toFixed(1)} s`);
    }

    exporter = await startExporter(() => {
      const [good, bad] = counters(Date.now() / 1000);
      return `# TYPE http_requests_total counter\n${SERIES[0]} ${good}\n${SERIES[1]} ${bad}\n`;
    });
    const liveDir = fs.mkdtempSync(path.join(dir, 'live-'));
    prometheus = await startPrometheus({
      workDir: liveDir, ruleFiles: [writeRuleFile(liveDir, groups)], scrapeTargets: [exporter.target], blocksDir: blocks,
    });
    liveSince = prometheus.readyAt / 1000;
    timings.push(`backfill and start ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`calendar-month backfill test: ${timings.join('; ')}\n`);
  }, 30_000);

  /** The first live evaluation of the long-window group (4m) after one of the short-window group (1m). */
  let live: Promise<number> | undefined;
  const liveMonthToDate = () => (live ??= pollUntil('a live evaluation of the long-window group after one of the short-window group', Date.now() + 390_000, async () => {
    const loaded = await loadedRuleGroups(prometheus!.url);
    const failed = loaded.flatMap((g) => g.rules).filter((r) => r.health === 'err');
    if (failed.length > 0) throw new PollAbort(`rules failed: ${failed.map((r) => `${r.name}: ${r.lastError}`).join('; ')}`);
    const lastOf = (suffix: string) => Date.parse(loaded.find((g) => g.name.endsWith(suffix))!.lastEvaluation) / 1000;
    if (lastOf('-short-windows') > liveSince) shortLiveAt = Math.min(shortLiveAt, lastOf('-short-windows'));
    const long = lastOf('-long-windows');
    return long > shortLiveAt
      ? { done: true as const, value: long }
      : { done: false as const, seen: `short-window group live since ${shortLiveAt}; long-window group last at ${long}` };
  }, 2_000).then((at) => {
    timings.push(`live month-to-date value ${(at - liveSince).toFixed(0)} s after the server started`);
    return at;
  }));
  let shortLiveAt = Infinity;

  /** The one series of a metric of the SLO, and its sample's time. */
  async function read(metric: string): Promise<{ value: number; at: number }> {
    const samples = await instantQuery(prometheus!.url, `${metric}{slo_service="calendar",slo_name="availability"}`);
    expect({ metric, series: samples.length }).toEqual({ metric, series: 1 });
    const [at] = await instantQuery(prometheus!.url, `timestamp(${metric}{slo_service="calendar",slo_name="availability"})`);
    return { value: samples[0].value, at: at.value };
  }

  test('the period starts on the 1st of the month, 00:00 UTC, once evaluated live', async () => {
    const liveAt = await liveMonthToDate();
    const start = await read('slo:period_start:timestamp');
    // Recorded live (sample timestamps are whole milliseconds, the API's evaluation times finer).
    expect(start.at).toBeGreaterThan(liveAt - 0.01);
    expect(start.value).toBe(MONTH_START);
  }, 420_000);

  /*
   * A backfill writes no staleness markers: for five minutes after every hour boundary the previous hour's
   * copies are still within the lookback. The period copies read only the current hour's, so each minute
   * is counted once (reading both counted 5 of every 60 rate samples twice: 4 points of the budget here).
   */
  test('the backfilled period copies hold one sample per evaluation since the 1st (none counted twice)', async () => {
    const liveAt = await liveMonthToDate();
    const since = Math.round(liveAt - MONTH_START);
    // The number the period copies of this month carry: the month of the year modulo 3.
    const periodMod = (new Date(MONTH_START * 1000).getUTCMonth() + 1) % 3;
    const selector = `slo:sli_total:rate5m_period_by_hour{slo_service="calendar",slo_name="availability",slo_period_mod="${periodMod}"}`;
    const data = await apiGet(prometheus!.url, '/api/v1/query', { query: `sum(count_over_time(${selector}[${since}s]))`, time: String(liveAt) });
    const copies = Number(data.result[0]?.value[1] ?? 0);
    // One a minute, but for the period's first five minutes (left out) and the minute or two between the
    // backfill's end and the first live evaluation.
    const minutes = since / MINUTE - 5;
    timings.push(`period copies since the 1st: ${copies} for ${minutes.toFixed(0)} minutes`);
    expect(copies).toBeGreaterThan(minutes - 4);
    expect(copies).toBeLessThanOrEqual(minutes + 1);
  }, 420_000);

  test('the month-to-date ratio and budget remaining match the exact values from the raw counters', async () => {
    const liveAt = await liveMonthToDate();
    const periodRatio = await read('slo:period_sli_error:ratio');
    const remaining = await read('slo:period_error_budget_remaining:ratio');
    const exact = exactRatio(MONTH_START, periodRatio.at);
    const exactRemaining = 1 - exactRatio(MONTH_START, remaining.at) / BUDGET;
    timings.push(`month to date: ratio ${periodRatio.value.toPrecision(6)} (exact ${exact.toPrecision(6)}), `
      + `budget remaining ${remaining.value.toFixed(4)} (exact ${exactRemaining.toFixed(4)})`);
    expect(periodRatio.at).toBeGreaterThan(liveAt - 0.01);
    // Within 0.5 percentage points of the budget.
    expect((Math.abs(periodRatio.value - exact) / BUDGET) * 100).toBeLessThan(0.5);
    expect(Math.abs(remaining.value - exactRemaining) * 100).toBeLessThan(0.5);
    // The burst just before the 1st is left out: counting it would be off by far more than that.
    const withPreviousBurst = 1 - exactRatio(MONTH_START - 15 * MINUTE, remaining.at) / BUDGET;
    expect(Math.abs(withPreviousBurst - exactRemaining) * 100).toBeGreaterThan(2);
  }, 420_000);
});
