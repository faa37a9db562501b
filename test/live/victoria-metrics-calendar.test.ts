/**
 * The calendar-window scenarios of `test/rules/calendar-period-scenarios.ts`, proven with promtool in
 * `calendar-period.test.ts`, on VictoriaMetrics + vmalert, shifted to 2026-01-01 (a Thursday of a non-leap
 * year, as promtool's 1970-01-01 is): period starts and ends, resets at the boundaries of months, quarters
 * and weeks at UTC offsets, months of 31 and 28 days, and the period's budget against the raw counters
 * (see `helpers/vm-scenarios.ts`).
 */
import { expectSharedScenarioOnVictoriaMetrics } from '../helpers/vm-scenarios';
import { CALENDAR_PERIOD_SCENARIOS } from '../rules/calendar-period-scenarios';

jest.setTimeout(300_000);

describe('calendar periods on VictoriaMetrics + vmalert', () => {
  test.each(CALENDAR_PERIOD_SCENARIOS.map((scenario) => [scenario.title, scenario] as const))('%s', async (_title, scenario) => {
    await expectSharedScenarioOnVictoriaMetrics(scenario);
  });
});
