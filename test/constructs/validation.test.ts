import { Chart, Duration, Testing } from 'cdk8s';
import { CalendarWindow, Sli, Slo, SloProps } from '../../src';

const valid: SloProps = {
  service: 'checkout',
  name: 'availability',
  target: 0.999,
  indicator: Sli.ratio({ errors: 'http_requests_total{job="checkout",code=~"5.."}', total: 'http_requests_total{job="checkout"}' }),
};

/** Synthesizes one SLO at path `app/slo` and returns the validation error message (or '' if none). */
function synthError(overrides: Partial<SloProps>): string {
  const app = Testing.app();
  const chart = new Chart(app, 'app');
  new Slo(chart, 'slo', { ...valid, ...overrides });
  try {
    Testing.synth(chart);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

const latency = (histogram: string, threshold = Duration.millis(250)) => Sli.latency({ histogram, threshold });

// Each bad input, the field the error must name, and words the message must contain.
const corpus: Array<[string, Partial<SloProps>, string, RegExp]> = [
  ['target of 1', { target: 1 }, 'target', /strictly between 0 and 1/],
  ['target of 0', { target: 0 }, 'target', /strictly between 0 and 1/],
  ['negative target', { target: -0.5 }, 'target', /strictly between 0 and 1/],
  ['target as percent', { target: 99.9 }, 'target', /strictly between 0 and 1/],
  ['NaN target', { target: NaN }, 'target', /strictly between 0 and 1/],
  ['window under an hour', { window: Duration.minutes(59) }, 'window', /between 1 hour and 365 days/],
  ['window over a year', { window: Duration.days(366) }, 'window', /between 1 hour and 365 days/],
  ['window in seconds', { window: Duration.seconds(3601) }, 'window', /whole number of minutes/],
  ['uppercase service', { service: 'Checkout' }, 'service', /lowercase DNS label/],
  ['service with a quote', { service: 'check"out' }, 'service', /lowercase DNS label/],
  ['service with a newline', { service: 'check\nout' }, 'service', /lowercase DNS label/],
  ['empty name', { name: '' }, 'name', /lowercase DNS label/],
  ['name with braces', { name: 'a}b{' }, 'name', /lowercase DNS label/],
  ['name too long', { name: 'a'.repeat(64) }, 'name', /at most 63/],
  ['label name with a dash', { labels: { 'team-name': 'x' } }, 'labels.team-name', /label name "team-name" is invalid/],
  ['reserved label', { labels: { slo_service: 'x' } }, 'labels.slo_service', /set by the generated rules/],
  ['double-underscore label', { labels: { __name__: 'x' } }, 'labels.__name__', /reserves/],
  ['label value with a newline', { labels: { team: 'a\nb' } }, 'labels.team', /control character/],
  ['label value with a template', { labels: { team: '{{ $value }}' } }, 'labels.team', /template/],
  ['errors and good both set', { indicator: Sli.ratio({ errors: 'a', good: 'b', total: 'c' }) }, 'indicator.errors', /exactly one of/],
  ['neither errors nor good', { indicator: Sli.ratio({ total: 'c' }) }, 'indicator.errors', /exactly one of/],
  ['errors is not a selector', { indicator: Sli.ratio({ errors: 'rate(x[5m])', total: 'x' }) }, 'indicator.errors', /plain vector selector/],
  ['errors with injected PromQL', { indicator: Sli.ratio({ errors: 'x{a="b"}) or vector(1', total: 'x' }) }, 'indicator.errors', /does not parse/],
  ['total with a range', { indicator: Sli.ratio({ errors: 'x', total: 'x[5m]' }) }, 'indicator.total', /range selector/],
  ['total that is empty', { indicator: Sli.ratio({ errors: 'x', total: ' ' }) }, 'indicator.total', /vector selector/],
  ['unterminated matcher', { indicator: Sli.ratio({ errors: 'x{code="5', total: 'x' }) }, 'indicator.errors', /does not parse/],
  ['histogram with _bucket', { indicator: latency('http_request_duration_seconds_bucket{job="a"}') }, 'indicator.histogram', /base name/],
  ['histogram matching le', { indicator: latency('h{le="0.5"}') }, 'indicator.histogram', /must not match on `le`/],
  ['histogram without a name', { indicator: latency('{job="a",__name__="h"}') }, 'indicator.histogram', /metric name/],
  ['zero latency threshold', { indicator: latency('h', Duration.millis(0)) }, 'indicator.threshold', /positive duration/],
  ['query without placeholder', { indicator: Sli.fromQueries({ errorQuery: 'sum(rate(e[5m]))', totalQuery: 'sum(rate(t[{{.window}}]))' }) }, 'indicator.errorQuery', /placeholder/],
  ['query that does not parse', { indicator: Sli.fromQueries({ errorQuery: 'sum(rate(e[{{.window}}])', totalQuery: 'sum(rate(t[{{.window}}]))' }) }, 'indicator.errorQuery', /does not parse/],
  ['bad grouping label', { indicator: Sli.ratio({ errors: 'e', total: 't', grouping: ['route.name'] }) }, 'indicator.grouping[0]', /invalid/],
  ['duplicate grouping label', { indicator: Sli.ratio({ errors: 'e', total: 't', grouping: ['route', 'route'] }) }, 'indicator.grouping', /more than once/],
  ['grouping label also a fixed label', { labels: { route: 'x' }, indicator: Sli.ratio({ errors: 'e', total: 't', grouping: ['route'] }) }, 'labels.route', /grouping label/],
  ['alert window longer than the SLO window', { window: Duration.days(1) }, 'alerting.windows[3].longWindow', /longer than the SLO window/],
  ['short window not shorter', { alerting: { windows: [{ longWindow: Duration.hours(1), shortWindow: Duration.hours(2), budgetConsumed: 0.02, severity: 'critical' }] } }, 'alerting.windows[0].shortWindow', /must be shorter/],
  ['window under 5 minutes', { alerting: { windows: [{ longWindow: Duration.hours(1), shortWindow: Duration.minutes(1), budgetConsumed: 0.02, severity: 'critical' }] } }, 'alerting.windows[0].shortWindow', /at least 5m/],
  ['budget fraction over 1', { alerting: { windows: [{ longWindow: Duration.hours(1), budgetConsumed: 2, severity: 'critical' }] } }, 'alerting.windows[0].budgetConsumed', /\(0, 1\]/],
  ['empty severity', { alerting: { windows: [{ longWindow: Duration.hours(1), budgetConsumed: 0.02, severity: '' }] } }, 'alerting.windows[0].severity', /non-empty/],
  ['same pair twice', { alerting: { windows: [{ longWindow: Duration.hours(1), budgetConsumed: 0.02, severity: 'a' }, { longWindow: Duration.hours(1), budgetConsumed: 0.05, severity: 'b' }] } }, 'alerting.windows[1]', /appears twice/],
  ['alert name with a newline', { alerting: { alertName: 'SLO\nburn' } }, 'alerting.alertName', /control character/],
  ['alert label with a template', { alerting: { labels: { team: '{{ $labels.x }}' } } }, 'alerting.labels.team', /template/],
  ['reserved alert label', { alerting: { labels: { severity: 'page' } } }, 'alerting.labels.severity', /set by the generated rules/],
  ['negative minimum events', { alerting: { minimumEvents: -1 } }, 'alerting.minimumEvents', /non-negative/],
  ['fractional for', { alerting: { for: Duration.millis(1500) } }, 'alerting.for', /whole number of seconds/],
  ['window and calendar window', { window: Duration.days(30), calendarWindow: CalendarWindow.MONTH }, 'calendarWindow', /either `window`.*or `calendarWindow`, not both/],
  ['calendar window not of the enum', { calendarWindow: 'fortnight' as CalendarWindow }, 'calendarWindow', /WEEK, MONTH or QUARTER/],
  ['offset without a calendar window', { utcOffset: '+05:30' }, 'utcOffset', /only applies to a calendar window/],
  ['offset without a sign', { calendarWindow: CalendarWindow.MONTH, utcOffset: '05:30' }, 'utcOffset', /±HH:MM/],
  ['offset with 75 minutes', { calendarWindow: CalendarWindow.MONTH, utcOffset: '+05:75' }, 'utcOffset', /±HH:MM/],
  ['offset beyond +14:00', { calendarWindow: CalendarWindow.MONTH, utcOffset: '+15:00' }, 'utcOffset', /from -12:00 to \+14:00, got \+15:00/],
  ['offset with injected PromQL', { calendarWindow: CalendarWindow.WEEK, utcOffset: '+01:00) or vector(1' }, 'utcOffset', /±HH:MM/],
  ['offset as a number', { calendarWindow: CalendarWindow.WEEK, utcOffset: 19800 as unknown as string }, 'utcOffset', /±HH:MM/],
  ['reserved period label', { labels: { slo_period_mod: '0' } }, 'labels.slo_period_mod', /set by the generated rules/],
];

describe('validation names the construct path and the field', () => {
  test('the corpus holds at least 40 bad inputs', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
  });

  test.each(corpus)('%s', (_description, overrides, field, message) => {
    const text = synthError(overrides);
    const line = text.split('\n').find((l) => l.includes(`[app/slo] ${field}: `));
    expect(line).toBeDefined();
    expect(line).toMatch(message);
  });

  test('a disabled window that matches no pair is reported on the alerting construct', () => {
    const text = synthError({ alerting: { disabledWindows: [Duration.hours(2)] } });
    expect(text).toContain('[app/slo/Alerting] disabledWindows: 2h is not the long window of any configured pair');
  });

  test('two SLOs with the same service and name in one app are rejected, naming both paths', () => {
    const app = Testing.app();
    new Slo(new Chart(app, 'one'), 'a', valid);
    const second = new Chart(app, 'two');
    new Slo(second, 'b', valid);
    expect(() => Testing.synth(second)).toThrow(/\[two\/b\] name: the SLO "checkout\/availability" is also defined at one\/a/);
  });

  test('two SLOs whose PrometheusRule names collide are rejected', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'one');
    new Slo(chart, 'a', { ...valid, service: 'a-b', name: 'c' });
    new Slo(chart, 'b', { ...valid, service: 'a', name: 'b-c' });
    expect(() => Testing.synth(chart)).toThrow(/\[one\/b\] name: the PrometheusRule "slo-a-b-c" of this SLO has the same name as that of one\/a/);
  });

  test('the same SLO in two namespaces of different apps is fine', () => {
    for (const namespace of ['a', 'b']) {
      const chart = new Chart(Testing.app(), 'c', { namespace });
      new Slo(chart, 'slo', valid);
      expect(Testing.synth(chart)).toHaveLength(1);
    }
  });

  test('a missing indicator (possible from JavaScript) is an error, not a crash', () => {
    expect(synthError({ indicator: undefined as any })).toMatch(/\[app\/slo\] indicator: must be an Sli/);
  });

  test('a valid SLO has no errors', () => {
    expect(synthError({})).toBe('');
  });
});
