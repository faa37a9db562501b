/**
 * The label-change scenario of `label-change.ts` in `promtool test rules`: while the old label set is
 * still visible, every rule of the new set produces exactly one series (Sloth issue 311).
 */
import { LABEL_CHANGE_SCENARIOS } from './label-change';
import { expectScenarioInPromtool } from '../helpers/scenario';

describe('changing an SLO\'s labels and target', () => {
  test.each(LABEL_CHANGE_SCENARIOS.map((scenario) => [scenario.title, scenario] as const))('%s', (_title, scenario) => {
    expectScenarioInPromtool(scenario.build());
  });
});
