/**
 * The calendar-window scenarios of `calendar-period-scenarios.ts` in `promtool test rules`: the budget of
 * the current period counts the events since the period's start, resets at the boundary, and stays within
 * 0.5 percentage points of the exact budget from the raw counters under spiky traffic.
 * `prometheus3/calendar-period.test.ts` runs this file again with Prometheus 3's range selection.
 */
import { CALENDAR_PERIOD_SCENARIOS } from './calendar-period-scenarios';
import { expectScenarioInPromtool } from '../helpers/scenario';

describe('calendar periods (promtool test rules)', () => {
  test.each(CALENDAR_PERIOD_SCENARIOS.map((scenario) => [scenario.title, scenario] as const))('%s', (_title, scenario) => {
    expectScenarioInPromtool(scenario.build());
  });
});
