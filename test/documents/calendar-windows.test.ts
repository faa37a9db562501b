/**
 * Calendar-aligned SLO windows in documents: OpenSLO export and import (v1 and v1alpha), the round trip,
 * and the Sloth and Pyrra exports that refuse them.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { validateOpenSloSet } from './openslo-validator';
import { errorOf, openSloDocument, quietWarnings, synthDocuments, toYaml } from './samples';
import { CalendarWindow, Sli, Slo, SloDocumentFormat, SloDocuments, SloImport, SloProps } from '../../src';
import { fromOpenSlo } from '../../src/documents/openslo-import';
import { fixedOffsetZone, zoneOffset } from '../../src/documents/time-zones';
import { SloDefinition } from '../../src/model/slo-definition';

const AVAILABILITY = Sli.ratio({ errors: 'http_requests_total{job="web",code=~"5.."}', total: 'http_requests_total{job="web"}' });

function calendarSlo(calendarWindow: CalendarWindow, utcOffset?: string, extra: Partial<SloProps> = {}): SloProps {
  return { service: 'web', name: 'availability', target: 0.999, indicator: AVAILABILITY, calendarWindow, ...(utcOffset ? { utcOffset } : {}), ...extra };
}

/** The synthesized documents of one SLO in `format`. */
function documentsOf(format: SloDocumentFormat, props: SloProps): any[] {
  return synthDocuments(format, (chart) => new Slo(chart, 'slo', props));
}

/** The SLO document's time window. */
function timeWindowOf(props: SloProps): any {
  const documents = documentsOf(SloDocumentFormat.OPENSLO, props);
  expect(validateOpenSloSet(documents)).toEqual([]);
  return documents.find((d) => d.kind === 'SLO').spec.timeWindow;
}

/** A foreign OpenSLO v1 SLO with this time window. */
function openSloWith(timeWindow: unknown): string {
  return openSloDocument((document) => { document.spec.timeWindow = [timeWindow]; });
}

function calendarTimeWindow(duration: string, startTime: unknown, timeZone: unknown): unknown {
  return { duration, isRolling: false, calendar: { startTime, timeZone } };
}

/** The imported objective and warnings, or the import's error message. */
function imported(yaml: string): { objective?: SloDefinition['objective']; warnings: string[]; error?: string } {
  try {
    const result = fromOpenSlo(yaml);
    return { objective: result.slos[0].definition.objective, warnings: result.warnings };
  } catch (e) {
    return { warnings: [], error: (e as Error).message };
  }
}

/** The errors synthesis reports, '' when it synthesizes. */
function synthError(build: (chart: Chart) => void): string {
  const chart = new Chart(Testing.app(), 'c');
  return errorOf(() => {
    build(chart);
    Testing.synth(chart);
  });
}

describe('OpenSLO export of calendar windows', () => {
  test('a month in UTC: 1M from a period start, in the zone UTC', () => {
    expect(timeWindowOf(calendarSlo(CalendarWindow.MONTH))).toEqual([
      { duration: '1M', isRolling: false, calendar: { startTime: '2024-01-01 00:00:00', timeZone: 'UTC' } },
    ]);
  });

  test('a week and a quarter: 1w and 1Q from 2024-01-01, a Monday and the start of a quarter', () => {
    expect(timeWindowOf(calendarSlo(CalendarWindow.WEEK))[0]).toMatchObject({ duration: '1w', calendar: { startTime: '2024-01-01 00:00:00' } });
    expect(timeWindowOf(calendarSlo(CalendarWindow.QUARTER))[0]).toMatchObject({ duration: '1Q', calendar: { startTime: '2024-01-01 00:00:00' } });
    expect(new Date('2024-01-01T00:00:00Z').getUTCDay()).toBe(1);
  });

  test('whole-hour offsets are Etc/GMT zones, whose signs are inverted', () => {
    expect(timeWindowOf(calendarSlo(CalendarWindow.MONTH, '+05:00'))[0].calendar.timeZone).toBe('Etc/GMT-5');
    expect(timeWindowOf(calendarSlo(CalendarWindow.WEEK, '-08:00'))[0].calendar.timeZone).toBe('Etc/GMT+8');
    expect(timeWindowOf(calendarSlo(CalendarWindow.QUARTER, '+14:00'))[0].calendar.timeZone).toBe('Etc/GMT-14');
  });

  test('every whole-hour offset from -12:00 to +14:00 names an Etc zone that the time-zone database agrees with', () => {
    for (let hours = -12; hours <= 14; hours++) {
      const zone = fixedOffsetZone(hours * 3600)!;
      expect(zoneOffset(zone, 2024)).toEqual({ offsetSeconds: hours * 3600 });
      // Intl reads the zone from its own database, not from the name.
      const text = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).format(new Date(Date.UTC(2024, 6, 1)));
      expect(text).toMatch(hours === 0 ? /GMT(\+00:00)?$/ : new RegExp(`GMT${hours > 0 ? '\\+' : '-'}${String(Math.abs(hours)).padStart(2, '0')}:00$`));
    }
  });

  test('a part-hour offset is a zone that keeps it all year (India: Asia/Kolkata)', () => {
    expect(timeWindowOf(calendarSlo(CalendarWindow.MONTH, '+05:30'))[0].calendar.timeZone).toBe('Asia/Kolkata');
    // Every such zone really has that offset, in winter and in summer.
    for (const offset of ['-09:30', '+04:30', '+05:30', '+05:45', '+06:30', '+08:45', '+09:30']) {
      const seconds = (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 3600 + Number(offset.slice(4)) * 60);
      expect(zoneOffset(fixedOffsetZone(seconds)!, 2024)).toEqual({ offsetSeconds: seconds });
    }
  });

  test('an offset no zone keeps all year is an error naming the SLO and the utcOffset', () => {
    const message = synthError((chart) => {
      new Slo(chart, 'slo', calendarSlo(CalendarWindow.MONTH, '-03:30'));
      new SloDocuments(chart, 'documents', { format: SloDocumentFormat.OPENSLO });
    });
    expect(message).toMatch(/\[c\/documents\] c\/slo: OpenSLO: utcOffset: the calendar window of web\/availability starts at midnight UTC-03:30, and OpenSLO names a time zone: no IANA zone keeps UTC-03:30 all year/);
    expect(message).toMatch(/Use a whole-hour offset, or one of -09:30, \+04:30, \+05:30/);
  });

  test('per-SLO documents too', () => {
    const message = synthError((chart) => new Slo(chart, 'slo', calendarSlo(CalendarWindow.WEEK, '+10:30', { documents: [SloDocumentFormat.OPENSLO] })));
    expect(message).toMatch(/\[c\/slo\] documents: OpenSLO: utcOffset: the calendar window of web\/availability starts at midnight UTC\+10:30/);
  });
});

describe('Sloth and Pyrra refuse calendar windows', () => {
  for (const [title, format] of [['Sloth', SloDocumentFormat.SLOTH], ['Pyrra', SloDocumentFormat.PYRRA]] as const) {
    test(`${title}: an app's documents name the SLO and say why`, () => {
      const message = synthError((chart) => {
        new Slo(chart, 'slo', calendarSlo(CalendarWindow.MONTH, '+02:00'));
        new SloDocuments(chart, 'documents', { format });
      });
      expect(message).toContain(`[c/documents] c/slo: ${title}: calendarWindow: web/availability has a calendar window (calendar month, UTC+02:00), and ${title} has no calendar windows`);
      expect(message).toMatch(/Export this SLO as OpenSLO, or give it a rolling `window`/);
    });

    test(`${title}: one SLO's documents`, () => {
      const message = synthError((chart) => new Slo(chart, 'slo', calendarSlo(CalendarWindow.WEEK, undefined, { documents: [format] })));
      expect(message).toContain(`[c/slo] documents: ${title}: calendarWindow: web/availability has a calendar window (calendar week from Monday, UTC), and ${title} has no calendar windows`);
    });
  }

  test('rolling SLOs of the same app still export to Sloth', () => {
    const documents = documentsOf(SloDocumentFormat.SLOTH, { service: 'web', name: 'availability', target: 0.999, indicator: AVAILABILITY, window: Duration.days(30) });
    expect(documents.map((d) => d.kind)).toEqual(['PrometheusServiceLevel']);
  });
});

describe('OpenSLO import of calendar windows', () => {
  test.each([
    ['1w', 'week'], ['7d', 'week'], ['1M', 'month'], ['1Q', 'quarter'], ['3M', 'quarter'],
  ])('%s is a calendar %s with its nominal length', (duration, unit) => {
    const result = imported(openSloWith(calendarTimeWindow(duration, '2024-01-01 00:00:00', 'UTC')));
    expect(result.error).toBeUndefined();
    expect(result.objective).toEqual({
      target: 0.999,
      windowSeconds: { week: 7, month: 30, quarter: 90 }[unit]! * 86400,
      calendar: { unit, utcOffsetSeconds: 0 },
    });
    expect(result.warnings).toEqual([]);
  });

  test.each([
    ['UTC', 0], ['Etc/UTC', 0], ['GMT', 0], ['Etc/GMT-5', 5 * 3600], ['Etc/GMT+8', -8 * 3600], ['Etc/GMT-14', 14 * 3600],
    ['Asia/Kolkata', 5.5 * 3600], ['Asia/Kathmandu', 5.75 * 3600],
  ])('the zone %s is a fixed offset of %d seconds, without warnings', (zone, seconds) => {
    const result = imported(openSloWith(calendarTimeWindow('1M', '2024-01-01 00:00:00', zone)));
    expect(result.objective?.calendar).toEqual({ unit: 'month', utcOffsetSeconds: seconds });
    expect(result.warnings).toEqual([]);
  });

  test('a zone with daylight saving time becomes its standard offset, with a warning on the timeZone', () => {
    const newYork = imported(openSloWith(calendarTimeWindow('1M', '2024-01-01 00:00:00', 'America/New_York')));
    expect(newYork.objective?.calendar).toEqual({ unit: 'month', utcOffsetSeconds: -5 * 3600 });
    expect(newYork.warnings).toEqual([expect.stringMatching(
      /line \d+: spec\.timeWindow\[0\]\.calendar\.timeZone: America\/New_York has daylight saving time, which PromQL cannot follow: periods start at midnight of its standard time, UTC-05:00, all year \(1 hour after local midnight while daylight saving time is in effect\)/)]);
    // The southern hemisphere's summer is in January: standard time is still the smaller offset.
    const sydney = imported(openSloWith(calendarTimeWindow('1Q', '2024-01-01 00:00:00', 'Australia/Sydney')));
    expect(sydney.objective?.calendar).toEqual({ unit: 'quarter', utcOffsetSeconds: 10 * 3600 });
    expect(sydney.warnings[0]).toMatch(/Australia\/Sydney has daylight saving time.*UTC\+10:00/);
  });

  test('a startTime that does not start a period is read with a warning naming the field', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['1w', '2022-01-01 12:00:00', /"2022-01-01 12:00:00" is a Saturday, not a Monday: cdk8s-slo periods follow the calendar, not startTime, so the budget is full again at the start of each week \(Monday 00:00\)/],
      ['1M', '2024-01-15 00:00:00', /"2024-01-15 00:00:00" is not the 1st of a month: .* each month \(the 1st, 00:00\)/],
      ['1Q', '2024-02-01 00:00:00', /"2024-02-01 00:00:00" is not in January, April, July or October: .* each quarter/],
      ['1M', '2024-03-01 06:00:00', /"2024-03-01 06:00:00" is not at midnight/],
    ];
    for (const [duration, startTime, warning] of cases) {
      const result = imported(openSloWith(calendarTimeWindow(duration, startTime, 'UTC')));
      expect(result.error).toBeUndefined();
      expect(result.warnings).toEqual([expect.stringMatching(/spec\.timeWindow\[0\]\.calendar\.startTime: /)]);
      expect(result.warnings[0]).toMatch(warning);
    }
  });

  test('lengths that are no calendar period are refused at the duration', () => {
    for (const duration of ['1Y', '2w', '14d', '2M', '30d']) {
      expect(imported(openSloWith(calendarTimeWindow(duration, '2024-01-01 00:00:00', 'UTC'))).error)
        .toMatch(new RegExp(`spec\\.timeWindow\\[0\\]\\.duration: "${duration}" is not a calendar period cdk8s-slo has: use 1w \\(or 7d\\) for a week from Monday, 1M for a month, 1Q \\(or 3M\\) for a quarter`));
    }
  });

  test('an unknown time zone is refused at the timeZone', () => {
    for (const zone of ['Mars/Olympus_Mons', 'EST5EDT6', 'Etc/GMT+13', '+05:30', '']) {
      expect(imported(openSloWith(calendarTimeWindow('1M', '2024-01-01 00:00:00', zone))).error)
        .toMatch(new RegExp(`spec\\.timeWindow\\[0\\]\\.calendar\\.timeZone: ${JSON.stringify(zone).replace(/[+]/g, '\\+')} is not an IANA time zone`));
    }
  });

  test('a startTime not written as OpenSLO writes it is refused at the startTime', () => {
    for (const startTime of ['2024-01-01T00:00:00Z', '2024-02-30 00:00:00', '2024-01-01 24:00:00', '2024-01-01']) {
      expect(imported(openSloWith(calendarTimeWindow('1M', startTime, 'UTC'))).error)
        .toMatch(/spec\.timeWindow\[0\]\.calendar\.startTime: ".*" must be a date and time as OpenSLO writes them, YYYY-MM-DD hh:mm:ss \(e\.g\. 2024-01-01 00:00:00\)/);
    }
  });

  test('the imported SLO has the calendar window and offset as props', () => {
    const chart = new Chart(Testing.app(), 'c');
    const result = SloImport.fromOpenSlo(chart, 'imported', openSloWith(calendarTimeWindow('1M', '2024-01-01 00:00:00', 'Asia/Kolkata')));
    expect(result.slos[0].calendarWindow).toBe(CalendarWindow.MONTH);
    expect(result.slos[0]._definition.objective.calendar).toEqual({ unit: 'month', utcOffsetSeconds: 19800 });
    expect(Testing.synth(chart).filter((m) => m.kind === 'PrometheusRule')).toHaveLength(1);
  });
});

describe('OpenSLO v1alpha calendar windows', () => {
  function v1alpha(timeWindow: unknown): string {
    return YAML.stringify({
      apiVersion: 'openslo/v1alpha',
      kind: 'SLO',
      metadata: { name: 'web-availability' },
      spec: {
        service: 'web',
        budgetingMethod: 'Occurrences',
        objectives: [{
          target: 0.999,
          ratioMetrics: {
            good: { source: 'prometheus', queryType: 'promql', query: 'sum(rate(http_requests_total{job="web",code!~"5.."}[{{.window}}]))' },
            total: { source: 'prometheus', queryType: 'promql', query: 'sum(rate(http_requests_total{job="web"}[{{.window}}]))' },
          },
        }],
        timeWindows: [timeWindow],
      },
    });
  }

  test('count 1 of Month in a zone is a calendar month', () => {
    const result = imported(v1alpha({ count: 1, unit: 'Month', isRolling: false, calendar: { startTime: '2024-01-01 00:00:00', timeZone: 'Etc/GMT-2' } }));
    expect(result.objective).toEqual({ target: 0.999, windowSeconds: 30 * 86400, calendar: { unit: 'month', utcOffsetSeconds: 7200 } });
  });

  test('3 Month and 1 Quarter are quarters; 7 Day and 1 Week weeks', () => {
    const calendar = { startTime: '2024-01-01 00:00:00', timeZone: 'UTC' };
    expect(imported(v1alpha({ count: 3, unit: 'Month', isRolling: false, calendar })).objective?.calendar?.unit).toBe('quarter');
    expect(imported(v1alpha({ count: 1, unit: 'Quarter', isRolling: false, calendar })).objective?.calendar?.unit).toBe('quarter');
    expect(imported(v1alpha({ count: 7, unit: 'Day', isRolling: false, calendar })).objective?.calendar?.unit).toBe('week');
    expect(imported(v1alpha({ count: 1, unit: 'Week', isRolling: false, calendar })).objective?.calendar?.unit).toBe('week');
  });

  test('other lengths, a missing calendar and a bad zone are refused at their fields', () => {
    const calendar = { startTime: '2024-01-01 00:00:00', timeZone: 'UTC' };
    expect(imported(v1alpha({ count: 2, unit: 'Week', isRolling: false, calendar })).error)
      .toMatch(/spec\.timeWindows\[0\]: 2 Week is not a calendar period cdk8s-slo has: use count 1 with unit Week, Month or Quarter/);
    expect(imported(v1alpha({ count: 1, unit: 'Year', calendar })).error).toMatch(/spec\.timeWindows\[0\]: 1 Year is not a calendar period/);
    expect(imported(v1alpha({ count: 1, unit: 'Month', isRolling: false })).error)
      .toMatch(/spec\.timeWindows\[0\]\.calendar: is required for a calendar window \(isRolling: false\)/);
    expect(imported(v1alpha({ count: 1, unit: 'Month', isRolling: false, calendar: { ...calendar, timeZone: 'Nowhere/Land' } })).error)
      .toMatch(/spec\.timeWindows\[0\]\.calendar\.timeZone: "Nowhere\/Land" is not an IANA time zone/);
  });
});

describe('calendar windows round trip through OpenSLO', () => {
  quietWarnings();

  test.each([
    [CalendarWindow.WEEK, undefined], [CalendarWindow.MONTH, '+05:30'], [CalendarWindow.QUARTER, '-08:00'], [CalendarWindow.MONTH, '+09:30'],
  ])('%s at %s comes back with the same window, offset and rules', (window, offset) => {
    const props = calendarSlo(window, offset, { alerting: { labels: { team: 'web' } } });
    let original!: Slo;
    const yaml = toYaml(synthDocuments(SloDocumentFormat.OPENSLO, (chart) => { original = new Slo(chart, 'slo', props); }));
    const chart = new Chart(Testing.app(), 'imported', { namespace: 'monitoring' });
    const result = SloImport.fromOpenSlo(chart, 'openslo', yaml);
    expect(result.warnings).toEqual([]);
    expect(result.slos[0]._definition).toEqual(original._definition);
    expect(result.slos[0].calendarWindow).toBe(window);

    const rules = Testing.synth(chart).filter((m) => m.kind === 'PrometheusRule');
    const expected = new Chart(Testing.app(), 'imported', { namespace: 'monitoring' });
    new Slo(expected, 'slo', props);
    expect(rules.map((r) => r.spec)).toEqual(Testing.synth(expected).filter((m) => m.kind === 'PrometheusRule').map((r) => r.spec));
  });
});
