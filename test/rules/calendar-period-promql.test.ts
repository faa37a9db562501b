/**
 * The calendar arithmetic in PromQL (rules/calendar-period-promql.ts) against the reference in
 * model/calendar-period.ts, evaluated by promtool at instants from 1970 to 2040: around period boundaries
 * (a second and a minute either side), in months of 28, 29, 30 and 31 days, leap years (2000 was one,
 * 2100 will not be), every quarter, weeks across a year end, and offsets from UTC−12:00 to UTC+14:00,
 * half and three-quarter hours included. No rules are loaded, so a far instant costs nothing.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { CalendarPeriod, CalendarUnit, periodEnd, periodStart } from '../../src/model/calendar-period';
import { periodEndExpression, periodNumberMod3, periodStartExpression } from '../../src/rules/calendar-period-promql';
import { promtoolBinary, withTempDir } from '../helpers/promtool';
import { ExprTest } from '../helpers/traffic';

const OFFSETS = ['+00:00', '+05:30', '+05:45', '-03:30', '-12:00', '+14:00'];
const UNITS: CalendarUnit[] = ['week', 'month', 'quarter'];

function offsetSeconds(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1;
  const [hours, minutes] = text.slice(1).split(':').map(Number);
  return sign * (hours * 3600 + minutes * 60);
}

/** The number of the period that holds `epochSeconds`, modulo 3, as the rules number periods. */
function periodNumberMod3Reference(period: CalendarPeriod, epochSeconds: number): number {
  const local = new Date((epochSeconds + period.utcOffsetSeconds) * 1000);
  switch (period.unit) {
    case 'week': return Math.floor((epochSeconds + period.utcOffsetSeconds + 3 * 86400) / (7 * 86400)) % 3;
    case 'month': return (local.getUTCMonth() + 1) % 3;
    case 'quarter': return (local.getUTCFullYear() * 4 + Math.floor(local.getUTCMonth() / 3)) % 3;
  }
}

/** Instants to check: either side of boundaries that matter, and random ones, from a fixed seed. */
function instants(period: CalendarPeriod): number[] {
  const localMidnights = [
    '2000-02-29', '2000-03-01', '2024-02-29', '2024-03-01', '2023-03-01', '2100-03-01', '2100-02-28', // leap years and not
    '2026-04-01', '2026-05-01', '2026-07-01', '2026-10-01', '2027-01-01', // 30- and 31-day months, quarters, a year
    '2026-12-28', '2027-01-04', '1970-01-05', '1970-02-01', '2039-12-26', // Mondays across a year end, early and late dates
  ].map((day) => Date.parse(`${day}T00:00:00Z`) / 1000 - period.utcOffsetSeconds);
  const around = localMidnights.flatMap((t) => [t - 60, t - 1, t, t + 1, t + 60]).filter((t) => t > 0);
  const random = fc.sample(fc.integer({ min: 86400, max: Date.parse('2040-01-01T00:00:00Z') / 1000 }), { seed: 7, numRuns: 40 });
  return [...around, ...random];
}

function equals(expr: string, expected: number, at: number): ExprTest {
  return { expr: `(${expr}) == bool ${expected}`, eval_time: `${at}s`, exp_samples: [{ labels: '{}', value: 1 }] };
}

describe('calendar periods in PromQL agree with the reference at instants from 1970 to 2040', () => {
  test.each(UNITS)('%s: start, end and period number at every offset', (unit) => {
    const checks: ExprTest[] = [];
    for (const offset of OFFSETS) {
      const period: CalendarPeriod = { unit, utcOffsetSeconds: offsetSeconds(offset) };
      const start = periodStartExpression(period);
      for (const at of instants(period)) {
        checks.push(equals(start, periodStart(period, at), at));
        checks.push(equals(periodEndExpression(period, `(${start})`), periodEnd(period, at), at));
        checks.push(equals(periodNumberMod3(period), periodNumberMod3Reference(period, at), at));
        // Five minutes earlier: the lag the rules use to leave out a period's first five minutes.
        checks.push(equals(periodNumberMod3(period, 300), periodNumberMod3Reference(period, at - 300), at));
      }
    }
    expect(checks.length).toBeGreaterThan(1000);
    const result = withTempDir('calendar', (dir) => {
      fs.writeFileSync(path.join(dir, 'rules.yaml'), 'groups: []\n');
      const file = path.join(dir, 'test.yaml');
      // Evaluations a week apart: promtool steps through time up to the latest instant even without rules.
      fs.writeFileSync(file, YAML.stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1w', tests: [{ interval: '1w', input_series: [], promql_expr_test: checks }] }));
      return spawnSync(promtoolBinary(), ['test', 'rules', file], { encoding: 'utf8', cwd: dir, maxBuffer: 64 * 1024 * 1024 });
    });
    if (result.status !== 0) throw new Error(`promtool test rules failed:\n${(result.stdout + result.stderr).slice(0, 6000)}`);
    expect(result.status).toBe(0);
  });

  test('a sanity check of the reference itself', () => {
    const month: CalendarPeriod = { unit: 'month', utcOffsetSeconds: 19800 };
    // 2024-02-29 23:00 at UTC+05:30 is in February: from 2024-02-01 00:00 to 2024-03-01 00:00 local.
    const at = Date.parse('2024-02-29T23:00:00+05:30') / 1000;
    expect(periodStart(month, at)).toBe(Date.parse('2024-02-01T00:00:00+05:30') / 1000);
    expect(periodEnd(month, at)).toBe(Date.parse('2024-03-01T00:00:00+05:30') / 1000);
    const week: CalendarPeriod = { unit: 'week', utcOffsetSeconds: 0 };
    // 2027-01-03 was a Sunday: its week started on Monday 2026-12-28.
    expect(periodStart(week, Date.parse('2027-01-03T12:00:00Z') / 1000)).toBe(Date.parse('2026-12-28T00:00:00Z') / 1000);
    const quarter: CalendarPeriod = { unit: 'quarter', utcOffsetSeconds: -43200 };
    expect(periodEnd(quarter, Date.parse('2026-08-15T00:00:00-12:00') / 1000)).toBe(Date.parse('2026-10-01T00:00:00-12:00') / 1000);
  });
});
