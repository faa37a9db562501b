/**
 * The SLO's metadata and error-budget series: objective, budget, current and period burn rate, budget
 * remaining. Built from plain SloDefinitions.
 */
import { budgetRules, currentBurnRateRule } from '../../src/rules/budget-rules';
import { DAY, definition, HOUR } from '../helpers/slo-definitions';

const LABELS = { slo_service: 'checkout', slo_name: 'availability', team: 'payments' };

// The error budget is 1 − target written without binary float noise (1 − 0.9995 is
// 0.0004999999999999449 in floating point), in both the constant series and every division by it.
describe('budget rules per target: objective, budget and the divisions by the budget', () => {
  test.each([
    { target: 0.999, objective: '0.999', budget: '0.001' },
    { target: 0.9995, objective: '0.9995', budget: '0.0005' },
    { target: 0.99, objective: '0.99', budget: '0.01' },
    { target: 0.95, objective: '0.95', budget: '0.05' },
    { target: 0.9975, objective: '0.9975', budget: '0.0025' },
    { target: 0.9999, objective: '0.9999', budget: '0.0001' },
  ])('target $target: budget $budget', ({ target, objective, budget }) => {
    const slo = definition({ objective: { target, windowSeconds: 30 * DAY } });
    const [objectiveRule, budgetRule, periodBurn] = budgetRules(slo, LABELS);
    expect(objectiveRule.expr).toBe(`vector(${objective})`);
    expect(budgetRule.expr).toBe(`vector(${budget})`);
    expect(periodBurn.expr.endsWith(` / ${budget}`)).toBe(true);
    expect(currentBurnRateRule(slo, LABELS).expr.endsWith(` / ${budget}`)).toBe(true);
  });
});

describe('budgetRules', () => {
  // In order: objective, budget, the burn rate over the whole SLO window (its recorded ratio ÷ budget),
  // and the budget remaining = 1 − that burn rate, read one series per SLO (and group).
  test('30d, ungrouped: the four series, each with the series labels', () => {
    expect(budgetRules(definition(), LABELS)).toEqual([
      { record: 'slo:objective:ratio', expr: 'vector(0.999)', labels: LABELS },
      { record: 'slo:error_budget:ratio', expr: 'vector(0.001)', labels: LABELS },
      {
        record: 'slo:period_burn_rate:ratio',
        expr: 'max by (slo_service, slo_name) (slo:sli_error:ratio_rate30d{slo_service="checkout",slo_name="availability"}) / 0.001',
        labels: LABELS,
      },
      {
        record: 'slo:period_error_budget_remaining:ratio',
        expr: '1 - max by (slo_service, slo_name) (slo:period_burn_rate:ratio{slo_service="checkout",slo_name="availability"})',
        labels: LABELS,
      },
    ]);
  });

  test('the period is the SLO window (28d, 1h30m), grouped per route', () => {
    const slo = (windowSeconds: number) => definition({
      objective: { target: 0.99, windowSeconds },
      indicator: { kind: 'ratio', errors: 'e_total', total: 't_total', grouping: ['route'] },
    });
    expect(budgetRules(slo(28 * DAY), LABELS).slice(2).map((r) => r.expr)).toEqual([
      'max by (slo_service, slo_name, route) (slo:sli_error:ratio_rate28d{slo_service="checkout",slo_name="availability"}) / 0.01',
      '1 - max by (slo_service, slo_name, route) (slo:period_burn_rate:ratio{slo_service="checkout",slo_name="availability"})',
    ]);
    expect(budgetRules(slo(HOUR + HOUR / 2), LABELS)[2].expr)
      .toBe('max by (slo_service, slo_name, route) (slo:sli_error:ratio_rate1h30m{slo_service="checkout",slo_name="availability"}) / 0.01');
  });
});

describe('currentBurnRateRule', () => {
  // The burn rate of the last 5 minutes: the 5m error ratio ÷ the budget (1 = the budget lasts exactly
  // the SLO window), whatever the SLO window.
  test('the 5m ratio over the budget', () => {
    expect(currentBurnRateRule(definition({ objective: { target: 0.995, windowSeconds: 7 * DAY } }), LABELS)).toEqual({
      record: 'slo:current_burn_rate:ratio',
      expr: 'max by (slo_service, slo_name) (slo:sli_error:ratio_rate5m{slo_service="checkout",slo_name="availability"}) / 0.005',
      labels: LABELS,
    });
  });

  test('grouped: one burn rate per group', () => {
    const slo = definition({ service: 'search', name: 'freshness', indicator: { kind: 'freshness', timestamp: 'ts', maxAgeSeconds: 60, grouping: ['index'] } });
    expect(currentBurnRateRule(slo, LABELS).expr)
      .toBe('max by (slo_service, slo_name, index) (slo:sli_error:ratio_rate5m{slo_service="search",slo_name="freshness"}) / 0.001');
  });
});
