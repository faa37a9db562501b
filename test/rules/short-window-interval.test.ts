/**
 * The rules synthesized for vmalert (short-window group every 15 s): their intervals and the 15 s
 * spacing in their counts, the scenarios of `short-window-interval.ts` in `promtool test rules` at 15 s,
 * and the short-window interval in the model.
 */
import { ratioSlo } from './behaviour-scenarios';
import { SHORT_WINDOW_INTERVAL_SCENARIOS, vmRuleGroupsFor } from './short-window-interval';
import { validateSloDefinition } from '../../src/model/slo-definition';
import { generateSloRuleGroups } from '../../src/rules/slo-rule-groups';
import { expectScenarioInPromtool } from '../helpers/scenario';

describe('the rules as synthesized for vmalert (short-window group every 15 s)', () => {
  test('the short-window group is evaluated every 15 s and the guard counts with 15 s spacing; the long-window group stays at 4m', () => {
    const groups = vmRuleGroupsFor(ratioSlo('guarded', 'quiet', { alerting: { minimumEvents: 1000 } }));
    expect(groups.map((g) => g.interval)).toEqual(['15s', '4m']);
    const page = groups[0].rules.find((r: any) => r.alert && r.labels.severity === 'critical');
    expect(page.expr).toContain(') * 15 >= 1000');
    expect(page.expr).not.toContain('* 60');
  });

  test.each(SHORT_WINDOW_INTERVAL_SCENARIOS.map((scenario) => [scenario.title, scenario] as const))('%s', (_title, scenario) => {
    expectScenarioInPromtool(scenario.build());
  });
});

describe('the short-window interval in the model', () => {
  const definition = (shortWindowIntervalSeconds?: number) => ({
    service: 'checkout',
    name: 'availability',
    objective: { target: 0.999, windowSeconds: 30 * 86_400 },
    indicator: { kind: 'ratio', errors: 'e_total', total: 't_total', grouping: [] },
    labels: {},
    alerting: { enabled: true, alertName: 'SloBurn', pairs: [], labels: {}, annotations: {} },
    ...(shortWindowIntervalSeconds === undefined ? {} : { shortWindowIntervalSeconds }),
  }) as any;

  test('whole seconds dividing a minute are allowed; anything else is an error naming the field', () => {
    for (const seconds of [10, 12, 15, 20, 30, 60]) {
      expect(validateSloDefinition(definition(seconds)).filter((i) => i.field === 'shortWindowIntervalSeconds')).toEqual([]);
    }
    for (const seconds of [0, 5, 45, 90, 15.5, Number.NaN]) {
      const issues = validateSloDefinition(definition(seconds)).filter((i) => i.field === 'shortWindowIntervalSeconds');
      expect(issues).toHaveLength(1);
      expect(issues[0].message).toMatch(/^must be whole seconds dividing a minute \(10s, 12s, 15s, 20s, 30s, 60s\), got /);
    }
  });

  test('without it the group runs every minute; 60 writes exactly the same rules', () => {
    expect(generateSloRuleGroups(definition()).map((g) => g.interval)).toEqual(['1m', '4m']);
    expect(generateSloRuleGroups(definition(60))).toEqual(generateSloRuleGroups(definition()));
    expect(generateSloRuleGroups(definition(20)).map((g) => g.interval)).toEqual(['20s', '4m']);
  });
});
