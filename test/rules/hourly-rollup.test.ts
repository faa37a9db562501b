/**
 * Windows of a day and longer are summed from hourly rollups (src/rules/hourly-rollup.ts): the groups'
 * shape, and the scenarios of `hourly-rollup.ts` in `promtool test rules`, where each recorded window must
 * equal the plain sum of every rate sample at every checked evaluation, every minute and every 47 s.
 * `prometheus3/hourly-rollup.test.ts` runs this file again with Prometheus 3's range selection.
 */
import { HOURLY_ROLLUP_SCENARIOS, hourlyRollupGroups } from './hourly-rollup';
import { expectScenarioInPromtool } from '../helpers/scenario';

describe('hourly rollups: long windows equal the plain sum of every rate sample', () => {
  const groups = hourlyRollupGroups();

  test('the short-window group copies the rates by hour; the long one sums them and reads the sums', () => {
    const records = (name: string) => groups.find((g) => g.name === name).rules.map((r: any) => r.record ?? r.alert);
    expect(records('slo-checkout-odd-hours-short-windows')).toEqual(expect.arrayContaining(['slo:sli_errors:rate5m_by_hour', 'slo:sli_total:rate5m_by_hour']));
    expect(records('slo-checkout-odd-hours-long-windows').slice(0, 2)).toEqual([
      'slo:sli_errors:rate5m_previous_hour_sum', 'slo:sli_total:rate5m_previous_hour_sum',
    ]);
    // No window reads a series recorded by its own group's evaluation (engines other than Prometheus see
    // such a write only at the next evaluation).
    const long = groups.find((g) => g.name === 'slo-checkout-odd-hours-long-windows');
    expect(long.rules.every((r: any) => !/== time\(\)/.test(r.expr))).toBe(true);
    const window = long.rules.find((r: any) => r.record === 'slo:sli_error:ratio_rate1d1h');
    expect(window.expr).toContain('slo:sli_errors:rate5m_previous_hour_sum');
    expect(window.expr).not.toMatch(/slo:sli_errors:rate5m\{[^}]*\}\[1d1h\]/);
  });

  test.each(HOURLY_ROLLUP_SCENARIOS.map((scenario) => [scenario.title, scenario] as const))('%s', (_title, scenario) => {
    expectScenarioInPromtool(scenario.build());
  });
});
