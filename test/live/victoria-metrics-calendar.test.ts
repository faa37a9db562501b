/**
 * The calendar-window scenarios of `test/rules/calendar-period-scenarios.ts`, proven with promtool in
 * `calendar-period.test.ts`, on VictoriaMetrics + vmalert, shifted to 2026-01-01 (a Thursday of a non-leap
 * year, as promtool's 1970-01-01 is): period starts and ends, resets at the boundaries of months, quarters
 * and weeks at UTC offsets, months of 31 and 28 days, and the period's budget against the raw counters
 * (see `helpers/vm-scenarios.ts`); the forecast's date of `test/constructs/calendar-forecast-scenario.ts`.
 * And the calendar arithmetic of `calendar-period-promql-checks.ts` at
 * its instants from 1970 to 2040: MetricsQL's `day_of_month`, `days_in_month`, `day_of_week`, `month`,
 * `year` and `hour` say what PromQL's do, at every boundary and UTC offset.
 */
import { CALENDAR_FORECAST_SCENARIOS } from '../constructs/calendar-forecast-scenario';
import { expectScenarioOnVictoriaMetrics, expectSharedScenarioOnVictoriaMetrics } from '../helpers/vm-scenarios';
import { CALENDAR_UNITS, calendarPeriodChecks } from '../rules/calendar-period-promql-checks';
import { CALENDAR_PERIOD_SCENARIOS } from '../rules/calendar-period-scenarios';

jest.setTimeout(300_000);

describe('calendar periods on VictoriaMetrics + vmalert', () => {
  test.each([...CALENDAR_PERIOD_SCENARIOS, ...CALENDAR_FORECAST_SCENARIOS].map((scenario) => [scenario.title, scenario] as const))('%s', async (_title, scenario) => {
    await expectSharedScenarioOnVictoriaMetrics(scenario);
  });
});

describe('calendar periods in MetricsQL agree with the reference at instants from 1970 to 2040', () => {
  test.each(CALENDAR_UNITS)('%s: start, end and period number at every offset', async (unit) => {
    const checks = calendarPeriodChecks(unit);
    expect(checks.length).toBeGreaterThan(1000);
    // No series and no rules: each check is an instant query at its Unix time (time 0 is the epoch).
    await expectScenarioOnVictoriaMetrics([], { interval: '1w', input_series: [], promql_expr_test: checks }, { startSeconds: 0, evaluationInterval: '1w' });
  });
});
