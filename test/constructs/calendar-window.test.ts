/**
 * Calendar windows through the constructs: the props of `Slo` and of the service templates, what a
 * calendar SLO's alerts and budget policy say, and the forecast's date, evaluated by promtool (`calendar-forecast-scenario.ts`).
 */
import { Chart, Duration, Testing } from 'cdk8s';
import { CALENDAR_FORECAST_SCENARIOS } from './calendar-forecast-scenario';
import { ApiServiceSlo, CalendarWindow, Sli, Slo, SloProps } from '../../src';
import { expectScenarioInPromtool } from '../helpers/scenario';
import { ruleGroupsOf, rulesOf } from '../helpers/synth';

const indicator = Sli.ratio({ errors: 'http_requests_total{job="checkout",code=~"5.."}', total: 'http_requests_total{job="checkout"}' });
const monthly: SloProps = { service: 'checkout', name: 'monthly', target: 0.999, calendarWindow: CalendarWindow.MONTH, indicator };

function synthesize(build: (chart: Chart) => void): any[] {
  const chart = new Chart(Testing.app(), 'app');
  build(chart);
  return Testing.synth(chart);
}

describe('a calendar SLO', () => {
  test('counts as its nominal length for burn-rate factors, and says so', () => {
    let slo!: Slo;
    synthesize((chart) => { slo = new Slo(chart, 'slo', { ...monthly, utcOffset: '+05:30' }); });
    expect(slo.calendarWindow).toBe(CalendarWindow.MONTH);
    expect(slo.window.toDays()).toBe(30);
    expect(slo.alertRules.map((a) => a.burnRateFactor)).toEqual([14.4, 6, 3, 1]);
    const page = slo._ruleGroups.flatMap((g) => g.rules).find((r) => 'alert' in r) as { annotations: Record<string, string> };
    expect(page.annotations.description).toContain('(target 99.9% per calendar month).');
  });

  test('a week counts as 7 days and a quarter as 90', () => {
    const week = synthesize((chart) => new Slo(chart, 'slo', { ...monthly, calendarWindow: CalendarWindow.WEEK }));
    const quarter = synthesize((chart) => new Slo(chart, 'slo', { ...monthly, calendarWindow: CalendarWindow.QUARTER }));
    const records = (manifests: any[]) => rulesOf(ruleGroupsOf(manifests)).map((r) => r.record).filter(Boolean);
    expect(records(week)).toContain('slo:sli_error:ratio_rate7d');
    expect(records(quarter)).toContain('slo:sli_error:ratio_rate90d');
    expect(records(week)).toContain('slo:period_error_budget_remaining:ratio');
  });

  test('a forecast horizon is reported as unused, not silently ignored', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      synthesize((chart) => new Slo(chart, 'slo', { ...monthly, budgetPolicy: { forecastHorizon: Duration.days(3) } }));
      expect(warn.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/app\/slo: budgetPolicy\.forecastHorizon: is not used with a calendar window/);
    } finally {
      warn.mockRestore();
    }
  });

  test('budget policy steps speak of the current period', () => {
    const rules = rulesOf(ruleGroupsOf(synthesize((chart) => new Slo(chart, 'slo', {
      ...monthly, utcOffset: '-03:30', budgetPolicy: { steps: [{ remainingBelow: 0.25, action: 'freeze' }] },
    }))));
    const step = rules.find((r) => r.alert === 'SloErrorBudgetPolicy');
    expect(step.expr).toContain('slo:period_error_budget_remaining:ratio');
    expect(step.annotations.description).toContain('is left in the current calendar month (UTC-03:30), below the freeze threshold');
    const forecast = rules.find((r) => r.alert === 'SloErrorBudgetExhaustionForecast');
    expect(forecast.annotations.description).toContain('{{ $value | humanizeTimestamp }}, before the period ends');
  });
});

describe('service templates', () => {
  const build = (props: Partial<ConstructorParameters<typeof ApiServiceSlo>[2]>) => {
    let api!: ApiServiceSlo;
    synthesize((chart) => { api = new ApiServiceSlo(chart, 'api', { service: 'payments', ...props }); });
    return api;
  };

  test('a template calendar window applies to every objective, with its offset', () => {
    const api = build({ calendarWindow: CalendarWindow.MONTH, utcOffset: '+01:00' });
    expect(api.slos.map((s) => s.calendarWindow)).toEqual([CalendarWindow.MONTH, CalendarWindow.MONTH]);
    expect(api.slos.map((s) => s._definition.objective.calendar?.utcOffsetSeconds)).toEqual([3600, 3600]);
    expect(api.slos[0]._definition.description).toMatch(/per calendar month$/);
  });

  test("an objective's own window or calendar window takes precedence over the template's", () => {
    const api = build({
      calendarWindow: CalendarWindow.MONTH,
      latency: { window: Duration.days(7) },
      extraObjectives: [{ name: 'weekly', indicator, calendarWindow: CalendarWindow.WEEK, utcOffset: '+09:00' }],
    });
    const [availability, latency, weekly] = api.slos;
    expect(availability.calendarWindow).toBe(CalendarWindow.MONTH);
    expect(latency.calendarWindow).toBeUndefined();
    expect(latency.window.toDays()).toBe(7);
    expect(weekly._definition.objective.calendar).toEqual({ unit: 'week', utcOffsetSeconds: 9 * 3600 });
  });

  test('a rolling template window leaves a calendar objective alone', () => {
    const api = build({ window: Duration.days(28), availability: { calendarWindow: CalendarWindow.QUARTER } });
    expect(api.slos[0]._definition.objective).toEqual({ target: expect.any(Number), windowSeconds: 90 * 86400, calendar: { unit: 'quarter', utcOffsetSeconds: 0 } });
    expect(api.slos[1]._definition.objective.windowSeconds).toBe(28 * 86400);
  });
});

describe('the forecast of a calendar SLO, in promtool', () => {
  test.each(CALENDAR_FORECAST_SCENARIOS.map((scenario) => [scenario.title, scenario] as const))('%s', (_title, scenario) => {
    expectScenarioInPromtool(scenario.build());
  });
});
