/**
 * The calendar arithmetic in PromQL (rules/calendar-period-promql.ts) against the reference in
 * model/calendar-period.ts, evaluated by promtool at the instants of `calendar-period-promql-checks.ts`,
 * from 1970 to 2040.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { CALENDAR_UNITS, calendarPeriodChecks } from './calendar-period-promql-checks';
import { CalendarPeriod, periodEnd, periodStart } from '../../src/model/calendar-period';
import { promtoolBinary, withTempDir } from '../helpers/promtool';

describe('calendar periods in PromQL agree with the reference at instants from 1970 to 2040', () => {
  test.each(CALENDAR_UNITS)('%s: start, end and period number at every offset', (unit) => {
    const checks = calendarPeriodChecks(unit);
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
