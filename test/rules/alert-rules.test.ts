/**
 * Multiwindow, multi-burn-rate alert rules, one per window pair, built from plain SloDefinitions.
 */
import { BurnRateWindowPair, SRE_WORKBOOK_WINDOW_PAIRS } from '../../src/model/burn-rate';
import { burnRateAlerts } from '../../src/rules/alert-rules';
import { DAY, definition, HOUR, MINUTE, workbookAlerting } from '../helpers/slo-definitions';

const LABELS = { slo_service: 'checkout', slo_name: 'availability' };
const [PAGE_1H, PAGE_6H, TICKET_1D, TICKET_3D] = SRE_WORKBOOK_WINDOW_PAIRS;

/** The one alert of a definition with a single pair. */
function alertFor(pair: BurnRateWindowPair, target: number, windowSeconds: number) {
  const [alert] = burnRateAlerts(
    definition({ objective: { target, windowSeconds }, alerting: workbookAlerting({ pairs: [pair] }) }),
    LABELS,
    60,
  );
  return alert.rule;
}

/** The thresholds the alert compares the long and the short window's error ratio with. */
function thresholds(expr: string): string[] {
  return [...expr.matchAll(/\) > ([0-9.]+)(?:\n|$)/g)].map((match) => match[1]);
}

interface ThresholdCase {
  readonly name: string;
  readonly pair: BurnRateWindowPair;
  readonly target: number;
  readonly windowSeconds: number;
  /** burn factor = budget fraction × SLO window ÷ long window, as the summary prints it */
  readonly factor: string;
  /** error-ratio threshold = factor × (1 − target), as the expression compares it */
  readonly threshold: string;
}

// Burn factor and threshold per pair. Each row is derived by hand in its name:
// factor = budgetConsumed × SLO window ÷ long window; threshold = factor × error budget.
// Both windows of a pair compare against the same threshold; the summary states the factor.
const thresholdCases: ThresholdCase[] = [
  { name: '30d 99.9% 1h/5m: 0.02 × 720 = 14.4 → 0.0144', pair: PAGE_1H, target: 0.999, windowSeconds: 30 * DAY, factor: '14.4', threshold: '0.0144' },
  { name: '30d 99.9% 6h/30m: 0.05 × 120 = 6 → 0.006', pair: PAGE_6H, target: 0.999, windowSeconds: 30 * DAY, factor: '6', threshold: '0.006' },
  { name: '30d 99.9% 1d/2h: 0.1 × 30 = 3 → 0.003', pair: TICKET_1D, target: 0.999, windowSeconds: 30 * DAY, factor: '3', threshold: '0.003' },
  { name: '30d 99.9% 3d/6h: 0.1 × 10 = 1 → 0.001 (the budget itself)', pair: TICKET_3D, target: 0.999, windowSeconds: 30 * DAY, factor: '1', threshold: '0.001' },
  { name: '28d 99.9% 1h/5m: 0.02 × 672 = 13.44 → 0.01344', pair: PAGE_1H, target: 0.999, windowSeconds: 28 * DAY, factor: '13.44', threshold: '0.01344' },
  { name: '28d 99.9% 6h/30m: 0.05 × 112 = 5.6 → 0.0056', pair: PAGE_6H, target: 0.999, windowSeconds: 28 * DAY, factor: '5.6', threshold: '0.0056' },
  { name: '28d 99.9% 1d/2h: 0.1 × 28 = 2.8 → 0.0028', pair: TICKET_1D, target: 0.999, windowSeconds: 28 * DAY, factor: '2.8', threshold: '0.0028' },
  {
    name: '28d 99.9% 3d/6h: 0.1 × 28/3 = 0.9333… → 0.0009333… (12 significant digits)',
    pair: TICKET_3D,
    target: 0.999,
    windowSeconds: 28 * DAY,
    factor: '0.933333333333',
    threshold: '0.000933333333333',
  },
  { name: '30d 99.95% 1h/5m: 14.4 × 0.0005 = 0.0072 (no float noise from 1 − 0.9995)', pair: PAGE_1H, target: 0.9995, windowSeconds: 30 * DAY, factor: '14.4', threshold: '0.0072' },
  { name: '7d 99% 1h/5m: 0.02 × 168 = 3.36 → 0.0336', pair: PAGE_1H, target: 0.99, windowSeconds: 7 * DAY, factor: '3.36', threshold: '0.0336' },
  { name: '7d 99% 6h/30m: 0.05 × 28 = 1.4 → 0.014', pair: PAGE_6H, target: 0.99, windowSeconds: 7 * DAY, factor: '1.4', threshold: '0.014' },
  { name: '7d 99% 1d/2h: 0.1 × 7 = 0.7 → 0.007', pair: TICKET_1D, target: 0.99, windowSeconds: 7 * DAY, factor: '0.7', threshold: '0.007' },
  {
    name: '7d 99% 3d/6h: 0.1 × 7/3 = 0.2333… → 0.002333…',
    pair: TICKET_3D,
    target: 0.99,
    windowSeconds: 7 * DAY,
    factor: '0.233333333333',
    threshold: '0.00233333333333',
  },
  {
    name: 'custom 2h/10m at 5% of a 30d 99.5% budget: 0.05 × 360 = 18 → 0.09',
    pair: { longSeconds: 2 * HOUR, shortSeconds: 10 * MINUTE, budgetConsumed: 0.05, severity: 'critical' },
    target: 0.995,
    windowSeconds: 30 * DAY,
    factor: '18',
    threshold: '0.09',
  },
];

describe('burnRateAlerts: factors and thresholds', () => {
  test.each(thresholdCases)('$name', ({ pair, target, windowSeconds, factor, threshold }) => {
    const rule = alertFor(pair, target, windowSeconds);
    expect(thresholds(rule.expr)).toEqual([threshold, threshold]);
    expect(rule.annotations.summary).toBe(`checkout availability SLO is burning its error budget ${factor}x faster than sustainable`);
  });
});

describe('burnRateAlerts: the rule of one pair', () => {
  test('the long and the short window ratios, one series per SLO, joined on the SLO identity', () => {
    expect(alertFor(PAGE_6H, 0.999, 30 * DAY).expr).toBe(
      'max by (slo_service, slo_name) (slo:sli_error:ratio_rate6h{slo_service="checkout",slo_name="availability"}) > 0.006\n'
      + 'and on (slo_service, slo_name)\n'
      + 'max by (slo_service, slo_name) (slo:sli_error:ratio_rate30m{slo_service="checkout",slo_name="availability"}) > 0.006',
    );
  });

  test('grouped: per group, so one route burning alerts for that route only', () => {
    const slo = definition({ indicator: { kind: 'boolGauge', metric: 'probe_success', grouping: ['instance', 'region'] } });
    const [first] = burnRateAlerts(slo, LABELS, 60);
    expect(first.rule.expr).toBe(
      'max by (slo_service, slo_name, instance, region) (slo:sli_error:ratio_rate1h{slo_service="checkout",slo_name="availability"}) > 0.0144\n'
      + 'and on (slo_service, slo_name, instance, region)\n'
      + 'max by (slo_service, slo_name, instance, region) (slo:sli_error:ratio_rate5m{slo_service="checkout",slo_name="availability"}) > 0.0144',
    );
  });

  test('one alert per pair, in the policy order, each with its pair', () => {
    const pairs = [TICKET_3D, PAGE_1H, TICKET_1D];
    const alerts = burnRateAlerts(definition({ alerting: workbookAlerting({ pairs }) }), LABELS, 60);
    expect(alerts.map((a) => a.pair)).toEqual(pairs);
    expect(alerts.map((a) => [a.rule.labels.long_window, a.rule.labels.short_window, a.rule.labels.severity]))
      .toEqual([['3d', '6h', 'warning'], ['1h', '5m', 'critical'], ['1d', '2h', 'warning']]);
  });

  test('disabled alerting generates no alert, whatever the pairs', () => {
    expect(burnRateAlerts(definition({ alerting: workbookAlerting({ enabled: false }) }), LABELS, 60)).toEqual([]);
  });

  test('no pairs, no alerts', () => {
    expect(burnRateAlerts(definition({ alerting: workbookAlerting({ pairs: [] }) }), LABELS, 60)).toEqual([]);
  });

  test('windows that are not whole hours render as Prometheus durations (1h30m/7m)', () => {
    const rule = alertFor({ longSeconds: 90 * MINUTE, shortSeconds: 7 * MINUTE, budgetConsumed: 0.02, severity: 'critical' }, 0.999, 30 * DAY);
    // 0.02 × 720h / 1.5h = 9.6 → 0.0096
    expect(rule.expr).toBe(
      'max by (slo_service, slo_name) (slo:sli_error:ratio_rate1h30m{slo_service="checkout",slo_name="availability"}) > 0.0096\n'
      + 'and on (slo_service, slo_name)\n'
      + 'max by (slo_service, slo_name) (slo:sli_error:ratio_rate7m{slo_service="checkout",slo_name="availability"}) > 0.0096',
    );
    expect([rule.labels.long_window, rule.labels.short_window]).toEqual(['1h30m', '7m']);
  });
});

// Labels: the series labels, then the policy's, then the pair's, then severity and the windows, which no
// user label can override (later keys win).
describe('burnRateAlerts: labels', () => {
  test('precedence and order: series, policy, pair, then severity and windows', () => {
    const slo = definition({
      alerting: workbookAlerting({
        labels: { channel: 'tickets', team: 'payments' },
        pairs: [{ ...PAGE_1H, labels: { channel: 'pager' } }, TICKET_1D],
      }),
    });
    const series = { ...LABELS, env: 'prod' };
    const [page, ticket] = burnRateAlerts(slo, series, 60).map((a) => a.rule.labels);
    expect(page).toEqual({ ...series, channel: 'pager', team: 'payments', severity: 'critical', long_window: '1h', short_window: '5m' });
    expect(Object.keys(page)).toEqual(['slo_service', 'slo_name', 'env', 'channel', 'team', 'severity', 'long_window', 'short_window']);
    expect(ticket).toEqual({ ...series, channel: 'tickets', team: 'payments', severity: 'warning', long_window: '1d', short_window: '2h' });
  });

  test('the alert name comes from the policy', () => {
    const [alert] = burnRateAlerts(definition({ alerting: workbookAlerting({ alertName: 'CheckoutBurn' }) }), LABELS, 60);
    expect(alert.rule.alert).toBe('CheckoutBurn');
  });
});

// `for`: absent by default (the pairs already debounce), rendered as a Prometheus duration when set.
describe('burnRateAlerts: for', () => {
  test.each([
    { name: 'not set: no for', forSeconds: undefined, expected: undefined },
    { name: '0 s: no for', forSeconds: 0, expected: undefined },
    { name: '300 s: 5m', forSeconds: 300, expected: '5m' },
    { name: '90 s: 1m30s', forSeconds: 90, expected: '1m30s' },
  ])('$name', ({ forSeconds, expected }) => {
    const [alert] = burnRateAlerts(definition({ alerting: workbookAlerting({ forSeconds }) }), LABELS, 60);
    expect(alert.rule.for).toBe(expected);
    expect('for' in alert.rule).toBe(expected !== undefined);
  });
});

// The minimum-events guard: events in the long window ≈ Σ 5m-rate samples × the sample interval (the
// evaluation interval of the short-window group, passed in), per SLO (and group).
describe('burnRateAlerts: minimum events', () => {
  test('a third condition on the events of the long window; the sample interval is the one passed in', () => {
    const [alert] = burnRateAlerts(definition({ alerting: workbookAlerting({ minimumEvents: 100 }) }), LABELS, 30);
    expect(alert.rule.expr).toBe(
      'max by (slo_service, slo_name) (slo:sli_error:ratio_rate1h{slo_service="checkout",slo_name="availability"}) > 0.0144\n'
      + 'and on (slo_service, slo_name)\n'
      + 'max by (slo_service, slo_name) (slo:sli_error:ratio_rate5m{slo_service="checkout",slo_name="availability"}) > 0.0144\n'
      + 'and on (slo_service, slo_name)\n'
      + 'sum by (slo_service, slo_name) (sum_over_time(slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}[1h])) * 30 >= 100',
    );
  });

  test('per group, over each pair\'s own long window, fractional minimum kept', () => {
    const slo = definition({
      indicator: { kind: 'ratio', errors: 'e_total', total: 't_total', grouping: ['route'] },
      alerting: workbookAlerting({ minimumEvents: 2.5 }),
    });
    const guards = burnRateAlerts(slo, LABELS, 60).map((a) => a.rule.expr.split('\nand on (slo_service, slo_name, route)\n').slice(-1)[0]);
    expect(guards.slice(0, 2)).toEqual(['1h', '6h'].map((w) =>
      `sum by (slo_service, slo_name, route) (sum_over_time(slo:sli_total:rate5m{slo_service="checkout",slo_name="availability"}[${w}])) * 60 >= 2.5`));
    // From a day on, the events are summed from the hourly rollups, as the window ratios are.
    for (const guard of guards.slice(2)) {
      expect(guard.startsWith('sum by (slo_service, slo_name, route) (sum_over_time((slo:sli_total:rate5m_previous_hour_sum{')).toBe(true);
      expect(guard.endsWith(') * 60 >= 2.5')).toBe(true);
    }
    expect(burnRateAlerts(slo, LABELS, 60)[0].rule.expr.split('\n')[1]).toBe('and on (slo_service, slo_name, route)');
  });

  test.each([
    { name: 'not set', minimumEvents: undefined },
    { name: 'zero', minimumEvents: 0 },
  ])('no guard when $name', ({ minimumEvents }) => {
    const [alert] = burnRateAlerts(definition({ alerting: workbookAlerting({ minimumEvents }) }), LABELS, 60);
    expect(alert.rule.expr).not.toContain('sum_over_time');
    expect(alert.rule.expr.split('\n')).toHaveLength(3);
  });
});

describe('burnRateAlerts: annotations', () => {
  test('defaults: summary and description state factor, thresholds, budget, target and window', () => {
    const rule = alertFor(TICKET_1D, 0.995, 28 * DAY);
    // factor 0.1 × 28 = 2.8; threshold 2.8 × 0.005 = 0.014 = 1.4%; budget 0.5%
    expect(rule.annotations).toEqual({
      summary: 'checkout availability SLO is burning its error budget 2.8x faster than sustainable',
      description: 'The error ratio of checkout availability is {{ $value | humanizePercentage }} over the last 1d '
        + 'and above 1.4% over the last 2h as well: 2.8x the error budget of 0.5% (target 99.5% over 28d). '
        + 'At this rate 10% of the budget is spent in 1d.',
    });
  });

  test('policy texts and links replace or add to the defaults; extra annotations win over everything', () => {
    const slo = definition({
      description: 'Checkout {{ requests }} succeed',
      alerting: workbookAlerting({
        pairs: [PAGE_1H],
        summary: 'Checkout burns',
        runbookUrl: 'https://runbooks.example/checkout',
        dashboardUrl: 'https://grafana.example/d/checkout',
        annotations: { description: 'See the runbook.', owner: 'payments' },
      }),
    });
    const [alert] = burnRateAlerts(slo, LABELS, 60);
    expect(alert.rule.annotations).toEqual({
      summary: 'Checkout burns',
      description: 'See the runbook.',
      // the SLO description is escaped: Prometheus expands annotations as Go templates
      slo_description: 'Checkout {{ "{{" }} requests {{ "}}" }} succeed',
      runbook_url: 'https://runbooks.example/checkout',
      dashboard_url: 'https://grafana.example/d/checkout',
      owner: 'payments',
    });
  });
});
