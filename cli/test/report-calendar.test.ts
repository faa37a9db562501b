/**
 * `cdk8s-slo report` and calendar windows: --quarter, the own period of a calendar SLO in its UTC
 * offset, and its totals from the recorded period series (against a real Prometheus holding a
 * backfilled history; expected numbers are computed by hand in the fixture).
 */
import * as fs from 'fs';
import {
  CALENDAR_HAND, CALENDAR_NOW_MS, calendarHistoryOpenMetrics, IST_FEBRUARY_START, IST_MARCH_START, LATE_RULES_START,
} from './fixtures/report/calendar-history';
import { runCliInProcess } from './helpers/cli';
import { backfillOpenMetrics, LivePrometheus, startPrometheus } from '../../test/helpers/live-prometheus';
import { tempDir } from '../../test/helpers/promtool';
import { monthPeriod, quarterPeriod, rollingPeriod, sloCalendarPeriod } from '../src/report/report-period';

const utc = (iso: string) => Date.parse(iso) / 1000;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const HOUR = 3600;

describe('--quarter', () => {
  const now = utc('2024-06-01T10:30:00Z');

  test('a past quarter is whole, Q1 from January to March; the current one is partial up to the last full step', () => {
    expect(quarterPeriod('2024-Q1', now)).toMatchObject({
      kind: 'quarter', label: '2024-Q1', start: utc('2024-01-01T00:00:00Z'), end: utc('2024-04-01T00:00:00Z'), nominalEnd: utc('2024-04-01T00:00:00Z'), partial: false,
    });
    expect(quarterPeriod('2023-Q4', now)).toMatchObject({ start: utc('2023-10-01T00:00:00Z'), nominalEnd: utc('2024-01-01T00:00:00Z') });
    // 91 days at no more than 1000 points: 3-hour steps.
    expect(quarterPeriod('2024-Q2', now)).toMatchObject({
      start: utc('2024-04-01T00:00:00Z'), end: utc('2024-06-01T09:00:00Z'), nominalEnd: utc('2024-07-01T00:00:00Z'), partial: true, stepSeconds: 3 * HOUR, bucketSeconds: 86_400,
    });
  });

  test.each(['2024-Q0', '2024-Q5', '2024Q1', '2024-q1', '2024-1', ' 2024-Q1', '2024-Q1 ', '1969-Q4', '24-Q1', ''])('%j is a usage error', (quarter) => {
    expect(() => quarterPeriod(quarter, now)).toThrow(`--quarter "${quarter}" is not a quarter like 2024-Q2 (YYYY-Qn, n from 1 to 4)`);
  });

  test('a quarter that has not started is a usage error', () => {
    expect(() => quarterPeriod('2024-Q3', now)).toThrow(/^--quarter 2024-Q3 has not started yet/);
  });

  test.each([
    [['--quarter', '2024-Q5'], 'cdk8s-slo report: --quarter "2024-Q5" is not a quarter like 2024-Q2 (YYYY-Qn, n from 1 to 4)\n'],
    [['--days', '7', '--quarter', '2024-Q1'], 'cdk8s-slo report: --days and --quarter cannot be used together (see: cdk8s-slo report --help)\n'],
    [['--month', '2024-02', '--quarter', '2024-Q1'], 'cdk8s-slo report: --month and --quarter cannot be used together (see: cdk8s-slo report --help)\n'],
    [['--days', '7', '--month', '2024-02', '--quarter', '2024-Q1'], 'cdk8s-slo report: --days and --month and --quarter cannot be used together (see: cdk8s-slo report --help)\n'],
  ])('the command: %j is a usage error (exit 2) before Prometheus is asked', async (args, stderr) => {
    const run = await runCliInProcess(['report', ...args, '--prometheus-url', 'http://127.0.0.1:9'], { now: () => now * 1000 });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr });
  });
});

describe('the own period of a calendar SLO', () => {
  const now = utc('2024-06-01T00:00:00Z');
  const february = monthPeriod('2024-02', now);

  test('a month SLO in UTC+05:30: February from midnight in India', () => {
    expect(sloCalendarPeriod(february, { unit: 'month', utcOffsetSeconds: 19_800 }, now)).toMatchObject({
      kind: 'month', label: '2024-02 (UTC+05:30)', start: utc('2024-01-31T18:30:00Z'), end: utc('2024-02-29T18:30:00Z'), partial: false,
    });
  });

  test('in UTC−08:00 and UTC+14:00 too (the middle of the month decides which month)', () => {
    expect(sloCalendarPeriod(february, { unit: 'month', utcOffsetSeconds: -28_800 }, now))
      .toMatchObject({ start: utc('2024-02-01T08:00:00Z'), end: utc('2024-03-01T08:00:00Z') });
    expect(sloCalendarPeriod(february, { unit: 'month', utcOffsetSeconds: 50_400 }, now))
      .toMatchObject({ start: utc('2024-01-31T10:00:00Z'), end: utc('2024-02-29T10:00:00Z') });
  });

  test('a quarter SLO with --quarter; other units and rolling reports have none', () => {
    expect(sloCalendarPeriod(quarterPeriod('2024-Q1', now), { unit: 'quarter', utcOffsetSeconds: 19_800 }, now))
      .toMatchObject({ label: '2024-Q1 (UTC+05:30)', start: utc('2023-12-31T18:30:00Z'), end: utc('2024-03-31T18:30:00Z') });
    expect(sloCalendarPeriod(february, { unit: 'quarter', utcOffsetSeconds: 0 }, now)).toBeUndefined();
    expect(sloCalendarPeriod(february, { unit: 'week', utcOffsetSeconds: 0 }, now)).toBeUndefined();
    expect(sloCalendarPeriod(rollingPeriod(30, now), { unit: 'month', utcOffsetSeconds: 0 }, now)).toBeUndefined();
  });

  test('the current period is partial, up to the last full step before now', () => {
    const inMarch = utc('2024-03-10T05:20:00Z');
    expect(sloCalendarPeriod(monthPeriod('2024-03', inMarch), { unit: 'month', utcOffsetSeconds: -28_800 }, inMarch))
      .toMatchObject({ start: utc('2024-03-01T08:00:00Z'), end: utc('2024-03-10T05:00:00Z'), partial: true });
  });
});

describe('report over a backfilled history of calendar SLOs', () => {
  let prometheus: LivePrometheus;
  let workDir: string;

  beforeAll(async () => {
    workDir = tempDir('report-calendar-');
    const blocksDir = backfillOpenMetrics(workDir, calendarHistoryOpenMetrics());
    prometheus = await startPrometheus({ workDir, ruleFiles: [], scrapeTargets: [], blocksDir, retention: '10y' });
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  const report = (args: string[]) => runCliInProcess(['report', 'payments', ...args, '--prometheus-url', prometheus.url], { now: () => CALENDAR_NOW_MS, cwd: workDir });
  async function json(args: string[]): Promise<any> {
    const run = await report([...args, '--json']);
    if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stderr}`);
    return JSON.parse(run.stdout);
  }
  const sloOf = (output: any, slo: string) => output.slos.find((s: any) => s.slo === slo);

  describe('--month 2024-02', () => {
    let output: any;
    beforeAll(async () => {
      output = await json(['--month', '2024-02']);
    });

    test('the report\'s period is the UTC month', () => {
      expect(output.period).toMatchObject({ kind: 'month', label: '2024-02', start: '2024-02-01T00:00:00.000Z', end: '2024-03-01T00:00:00.000Z' });
    });

    test('a month SLO in UTC+05:30 is reported over its own February, from midnight in India', () => {
      expect(sloOf(output, 'monthly').period).toMatchObject({
        kind: 'month', label: '2024-02 (UTC+05:30)', start: iso(IST_FEBRUARY_START), end: iso(IST_MARCH_START), partial: false,
      });
    });

    test('its totals are the recorded period series at the last evaluation before the period\'s end', () => {
      const slo = sloOf(output, 'monthly');
      const hand = CALENDAR_HAND.monthly;
      expect(slo.source).toBe('period-series');
      expect(slo.recordedAt).toBe(iso(IST_MARCH_START - 180));
      expect(slo.events.total).toBe(hand.recordedTotal);
      expect(slo.events.total).not.toBe(hand.ratesTotal);
      expect(slo.events.bad).toBeCloseTo(hand.recordedErrors, 6);
      expect(slo.availability).toBeCloseTo(hand.availability, 10);
      expect(slo.budget.consumed).toBeCloseTo(hand.consumed, 10);
      expect(slo.budget.remaining).toBeCloseTo(1 - hand.consumed, 10);
      expect(slo).not.toHaveProperty('sourceNote');
    });

    test('an SLO whose period series start during the period is recounted from the rates, and the report says why', () => {
      const slo = sloOf(output, 'late');
      const hand = CALENDAR_HAND.late;
      expect(slo.source).toBe('rates');
      // Its rules started on LATE_RULES_START, nine days in.
      expect(LATE_RULES_START).toBeGreaterThan(utc('2024-02-01T00:10:00Z'));
      expect(slo.sourceNote).toBe('the period series have no sample in the period\'s first 10 minutes (2024-02-01T00:00:00.000Z on): the rules came later, or were not running');
      // A UTC month SLO: its period is the report's.
      expect(slo).not.toHaveProperty('period');
      expect(slo.events.total).toBe(hand.total);
      expect(slo.events.bad).toBeCloseTo(hand.errors, 6);
    });

    test('Markdown says where the totals come from and which period an SLO was reported over', async () => {
      const run = await report(['--month', '2024-02']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('- Period: 2024-02 (UTC+05:30) (2024-01-31 18:30 UTC → 2024-02-29 18:30 UTC), the SLO\'s own calendar period');
      expect(run.stdout).toContain('- Totals from: the SLO\'s recorded period series (slo:period\\_sli\\_errors:increase and slo:period\\_sli\\_total:increase, last evaluated 2024-02-29 18:27 UTC)');
      expect(run.stdout).toContain('- Totals from: the 5-minute rates: the period series have no sample in the period\'s first 10 minutes');
    });

    test('HTML says the same', async () => {
      const run = await report(['--month', '2024-02', '--format', 'html']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('<dt>Period</dt><dd>2024-02 (UTC+05:30) (2024-01-31 18:30 UTC → 2024-02-29 18:30 UTC), the SLO\'s own calendar period</dd>');
      expect(run.stdout).toContain('<dt>Totals from</dt><dd>the SLO&#39;s recorded period series');
    });
  });

  test('--quarter 2024-Q1: month SLOs are counted from the rates over the UTC quarter, and the report says why', async () => {
    const output = await json(['--quarter', '2024-Q1']);
    expect(output.period).toMatchObject({ kind: 'quarter', label: '2024-Q1', start: '2024-01-01T00:00:00.000Z', partial: true });
    for (const slo of output.slos) {
      expect(slo.source).toBe('rates');
      expect(slo.sourceNote).toBe('a calendar month SLO: its periods are not the report\'s quarter');
      expect(slo).not.toHaveProperty('period');
    }
  });
});
