/**
 * `cdk8s-slo status` for calendar SLOs: the current period (unit, offset, start, days left) from the
 * recorded slo:period_*:timestamp series, or computed from the manifests; rolling SLOs keep their output.
 * Expected bounds are written out by hand (the calendar dates of the periods), not computed by the code.
 */
import * as fs from 'fs';
import { CalendarWindow, Sli } from '../../src';
import { writeManifests } from './fixtures/status/live-slos';
import { runCliInProcess } from './helpers/cli';
import { hostilePrometheus, vectorAnswer } from './helpers/hostile-prometheus';
import { tempDir } from '../../test/helpers/promtool';
import { synthSlos } from '../../test/helpers/synth';
import { calendarPeriodFromBounds } from '../src/calendar/calendar-from-bounds';
import { calendarPeriodFromStartRule } from '../src/calendar/calendar-from-rules';
import { synthesizedSlos } from '../src/manifests/synthesized-slos';
import { Palette } from '../src/output/color';
import { VectorSample } from '../src/prometheus/prometheus-api';
import { buildSloStatuses } from '../src/status/slo-status';
import { renderStatusTable } from '../src/status/status-table';

const utc = (iso: string) => Date.parse(iso) / 1000;
/** 2026-12-06 06:00 UTC, 11:30 in India: the December period of a +05:30 month started 2026-11-30 18:30 UTC. */
const NOW = utc('2026-12-06T06:00:00Z');
const DEC_START_IST = utc('2026-11-30T18:30:00Z');
const JAN_START_IST = utc('2026-12-31T18:30:00Z');

const sample = (name: string, labels: Record<string, string>, value: number): VectorSample => ({ labels: { __name__: name, ...labels }, value });

/** The series of an SLO status reads; `period` adds the recorded bounds of a calendar SLO. */
function series(service: string, name: string, period?: { start: number; end: number }): VectorSample[] {
  const id = { slo_service: service, slo_name: name };
  return [
    sample('slo:objective:ratio', id, 0.999),
    sample('slo:error_budget:ratio', id, 0.001),
    sample('slo:period_burn_rate:ratio', id, 0.5),
    sample('slo:period_error_budget_remaining:ratio', id, 0.5),
    sample('slo:current_burn_rate:ratio', id, 0.2),
    ...(period ? [sample('slo:period_start:timestamp', id, period.start), sample('slo:period_end:timestamp', id, period.end)] : []),
  ];
}

const calendarSlo = (calendarWindow: CalendarWindow, utcOffset?: string) => ({
  service: 'checkout',
  name: 'availability',
  target: 0.999,
  calendarWindow,
  utcOffset,
  indicator: Sli.ratio({ errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' }),
});

describe('the calendar period of an SLO, from recorded bounds', () => {
  test.each([
    ['a month in UTC+05:30', '2026-11-30T18:30:00Z', '2026-12-31T18:30:00Z', { unit: 'month', utcOffsetSeconds: 19_800 }],
    ['a month in UTC', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z', { unit: 'month', utcOffsetSeconds: 0 }],
    ['a week from Monday in UTC+14:00 (starts Sunday 10:00 UTC)', '2026-11-29T10:00:00Z', '2026-12-06T10:00:00Z', { unit: 'week', utcOffsetSeconds: 50_400 }],
    ['a week in UTC−10:00 (the same time of day as +14:00)', '2026-11-30T10:00:00Z', '2026-12-07T10:00:00Z', { unit: 'week', utcOffsetSeconds: -36_000 }],
    ['a quarter in UTC−08:00', '2026-10-01T08:00:00Z', '2027-01-01T08:00:00Z', { unit: 'quarter', utcOffsetSeconds: -28_800 }],
  ])('%s', (_, start, end, expected) => {
    expect(calendarPeriodFromBounds(utc(start), utc(end))).toEqual(expected);
  });

  test('bounds of no calendar period give none', () => {
    expect(calendarPeriodFromBounds(utc('2026-12-01T00:00:00Z'), utc('2026-12-31T00:00:00Z'))).toBeUndefined();
    expect(calendarPeriodFromBounds(utc('2026-12-02T00:00:00Z'), utc('2026-12-09T00:00:00Z'))).toBeUndefined(); // a Wednesday
    expect(calendarPeriodFromBounds(utc('2026-12-01T00:00:00Z'), utc('2026-11-01T00:00:00Z'))).toBeUndefined();
    expect(calendarPeriodFromBounds(NaN, 1)).toBeUndefined();
  });
});

describe('the calendar period of an SLO, from its synthesized rules', () => {
  const documents = (objects: any[]) => objects.map((object, index) => ({ file: 'app.k8s.yaml', index, object }));

  test.each([
    [CalendarWindow.MONTH, '+05:30', { unit: 'month', utcOffsetSeconds: 19_800 }],
    [CalendarWindow.WEEK, undefined, { unit: 'week', utcOffsetSeconds: 0 }],
    [CalendarWindow.QUARTER, '-08:00', { unit: 'quarter', utcOffsetSeconds: -28_800 }],
  ])('%s %s', (window, offset, expected) => {
    const [slo] = synthesizedSlos(documents(synthSlos(calendarSlo(window, offset))));
    expect(slo.calendar).toEqual(expected);
  });

  test('a rolling SLO has none, and an expression the library does not write is not guessed at', () => {
    const [slo] = synthesizedSlos(documents(synthSlos({ ...calendarSlo(CalendarWindow.MONTH), calendarWindow: undefined })));
    expect(slo.calendar).toBeUndefined();
    expect(slo.windowSeconds).toBe(30 * 86_400);
    expect(calendarPeriodFromStartRule('vector(time() + 19800)')).toBeUndefined();
  });
});

describe('status of a calendar SLO', () => {
  test('recorded bounds: period, start and end in the SLO\'s offset, days left from now', () => {
    const [status] = buildSloStatuses({ series: series('checkout', 'availability', { start: DEC_START_IST, end: JAN_START_IST }), firingAlerts: [], nowSeconds: NOW });
    expect(status.period).toEqual({
      unit: 'month',
      utcOffset: '+05:30',
      label: 'month (UTC+05:30)',
      start: '2026-12-01T00:00:00+05:30',
      end: '2027-01-01T00:00:00+05:30',
      // 2026-12-06 06:00 UTC to 2026-12-31 18:30 UTC: 25 days and 12.5 hours.
      daysLeft: 25.52,
      source: 'recorded',
    });
    expect(Object.keys(status)).toEqual([
      'service', 'slo', 'objective', 'sli', 'budgetRemaining', 'burnRate', 'alertsFiring', 'errorBudget', 'window', 'period',
      'worstGroup', 'groups', 'alerts', 'note',
    ]);
    expect(status.note).toBeNull();
  });

  test('no recorded bounds: computed from the manifests\' definition', () => {
    const [manifest] = synthesizedSlos(synthSlos(calendarSlo(CalendarWindow.WEEK, '-08:00')).map((object, index) => ({ file: 'a.yaml', index, object })));
    const [status] = buildSloStatuses({ series: series('checkout', 'availability'), firingAlerts: [], manifestSlos: [manifest], nowSeconds: NOW });
    // Sunday 2026-12-05 22:00 in UTC−08:00: the week started Monday 2026-11-30.
    expect(status.period).toMatchObject({
      unit: 'week', label: 'week (UTC-08:00)', start: '2026-11-30T00:00:00-08:00', end: '2026-12-07T00:00:00-08:00', daysLeft: 1.08, source: 'computed',
    });
  });

  test('recorded bounds of a period that is over (not evaluated since the boundary) are not shown as current', () => {
    const nov = { start: utc('2026-10-31T18:30:00Z'), end: DEC_START_IST };
    const [status] = buildSloStatuses({ series: series('checkout', 'availability', nov), firingAlerts: [], nowSeconds: NOW });
    expect(status.period).toMatchObject({ start: '2026-12-01T00:00:00+05:30', daysLeft: 25.52, source: 'computed' });
  });

  test('recorded bounds that disagree with the manifests: the manifests\' period, and a note', () => {
    const [manifest] = synthesizedSlos(synthSlos(calendarSlo(CalendarWindow.QUARTER, '+05:30')).map((object, index) => ({ file: 'a.yaml', index, object })));
    const [status] = buildSloStatuses({
      series: series('checkout', 'availability', { start: DEC_START_IST, end: JAN_START_IST }), firingAlerts: [], manifestSlos: [manifest], nowSeconds: NOW,
    });
    expect(status.period).toMatchObject({ unit: 'quarter', start: '2026-10-01T00:00:00+05:30', source: 'computed' });
    expect(status.note).toBe('Prometheus records a month (UTC+05:30) period, the manifests say quarter (UTC+05:30): the loaded rules are outdated');
  });

  test('a rolling SLO has no period key at all', () => {
    const [status] = buildSloStatuses({ series: series('checkout', 'availability'), firingAlerts: [], nowSeconds: NOW });
    expect('period' in status).toBe(false);
  });

  test('the table: PERIOD, SINCE and DAYS LEFT columns once a calendar SLO is shown; rolling tables unchanged', () => {
    const statuses = buildSloStatuses({
      series: [...series('checkout', 'availability', { start: DEC_START_IST, end: JAN_START_IST }), ...series('search', 'latency')],
      firingAlerts: [],
      nowSeconds: NOW,
    });
    expect(renderStatusTable(statuses, new Palette(false))).toBe([
      'SLO                    OBJECTIVE  PERIOD             SINCE       DAYS LEFT     SLI  BUDGET LEFT  BURN RATE  ALERTS',
      'checkout/availability      99.9%  month (UTC+05:30)  2026-12-01       25.5  99.95%          50%       0.2x  -',
      'search/latency             99.9%  rolling            -                   -  99.95%          50%       0.2x  -',
      '',
    ].join('\n'));
    expect(renderStatusTable(statuses.slice(1), new Palette(false))).toBe([
      'SLO             OBJECTIVE     SLI  BUDGET LEFT  BURN RATE  ALERTS',
      'search/latency      99.9%  99.95%          50%       0.2x  -',
      '',
    ].join('\n'));
  });
});

describe('status command with a calendar SLO', () => {
  test('--json and the table, from a Prometheus that records the period bounds', async () => {
    const vector = series('checkout', 'availability', { start: DEC_START_IST, end: JAN_START_IST })
      .map((s) => ({ metric: s.labels, value: [NOW, String(s.value)] }));
    const server = await hostilePrometheus((request) => vectorAnswer(request.query?.startsWith('ALERTS') ? [] : vector));
    try {
      const now = () => NOW * 1000;
      const json = await runCliInProcess(['status', '--prometheus-url', server.url, '--json'], { now });
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)[0].period).toMatchObject({ label: 'month (UTC+05:30)', start: '2026-12-01T00:00:00+05:30', daysLeft: 25.52, source: 'recorded' });
      const table = await runCliInProcess(['status', '--prometheus-url', server.url], { now });
      expect(table.stdout).toContain('month (UTC+05:30)  2026-12-01       25.5');
    } finally {
      await server.close();
    }
  });

  test('--manifests of a synthesized app, Prometheus without its series yet: the period computed from the YAML', async () => {
    const dir = tempDir('status-calendar-');
    const file = writeManifests(dir, 'app.k8s.yaml', synthSlos(calendarSlo(CalendarWindow.QUARTER, '-08:00')));
    const server = await hostilePrometheus(() => vectorAnswer([]));
    try {
      const run = await runCliInProcess(['status', '--prometheus-url', server.url, '--manifests', file, '--json'], { now: () => NOW * 1000 });
      expect(run.code).toBe(0);
      // 2026-12-05 22:00 in UTC−08:00: the quarter of October to December, ending 2027-01-01 08:00 UTC.
      expect(JSON.parse(run.stdout)[0].period).toEqual({
        unit: 'quarter', utcOffset: '-08:00', label: 'quarter (UTC-08:00)', start: '2026-10-01T00:00:00-08:00', end: '2027-01-01T00:00:00-08:00', daysLeft: 26.08, source: 'computed',
      });
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
