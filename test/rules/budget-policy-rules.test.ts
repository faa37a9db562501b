/**
 * Error-budget policy alerts, from plain SloDefinitions: one alert per step, firing in the step's band
 * of budget remaining, and the exhaustion forecast. (When they fire against traffic is proven in
 * budget-policy-scenarios.test.ts; this file pins the rules themselves.)
 */
import { defaultBudgetForecast } from '../../src/model/budget-policy';
import { BudgetPolicyStepDefinition } from '../../src/model/service-tier';
import { budgetPolicyAlerts } from '../../src/rules/budget-policy-rules';
import { budgetPolicy, DAY, definition, HOUR, MINUTE } from '../helpers/slo-definitions';

const LABELS = { slo_service: 'checkout', slo_name: 'availability' };
const REMAINING = 'max by (slo_service, slo_name) (slo:period_error_budget_remaining:ratio{slo_service="checkout",slo_name="availability"})';

describe('budgetPolicyAlerts', () => {
  test('no policy, no alerts', () => {
    expect(budgetPolicyAlerts(definition(), LABELS)).toEqual([]);
  });

  // Each step fires while the budget left is below its threshold and not below the next stricter step's,
  // so only the strictest crossed step fires; the strictest step has no lower bound. Steps are listed
  // loosest first whatever order the policy gives them in; thresholds may be negative (overspent).
  test.each<{ name: string; steps: BudgetPolicyStepDefinition[]; expected: Array<[string, string]> }>([
    {
      name: 'one step: no lower bound',
      steps: [{ action: 'freeze', remainingBelow: 0 }],
      expected: [['freeze', `${REMAINING} < 0`]],
    },
    {
      name: 'two steps given strictest first: sorted loosest first, the looser one bounded by the stricter',
      steps: [{ action: 'freeze', remainingBelow: 0.1 }, { action: 'review', remainingBelow: 0.25 }],
      expected: [['review', `${REMAINING} < 0.25 >= 0.1`], ['freeze', `${REMAINING} < 0.1`]],
    },
    {
      name: 'three steps in mixed order: three adjacent bands',
      steps: [{ action: 'review', remainingBelow: 0.25 }, { action: 'notify', remainingBelow: 0.5 }, { action: 'freeze', remainingBelow: 0 }],
      expected: [
        ['notify', `${REMAINING} < 0.5 >= 0.25`],
        ['review', `${REMAINING} < 0.25 >= 0`],
        ['freeze', `${REMAINING} < 0`],
      ],
    },
    {
      name: 'a negative threshold: freeze once half the budget again is overspent',
      steps: [{ action: 'review', remainingBelow: 0 }, { action: 'freeze', remainingBelow: -0.5 }],
      expected: [['review', `${REMAINING} < 0 >= -0.5`], ['freeze', `${REMAINING} < -0.5`]],
    },
  ])('$name', ({ steps, expected }) => {
    const rules = budgetPolicyAlerts(definition({ budgetPolicy: budgetPolicy({ steps }) }), LABELS);
    expect(rules.map((rule) => [rule.labels.budget_action, rule.expr])).toEqual(expected);
    expect(rules.every((rule) => rule.alert === 'SloErrorBudgetPolicy')).toBe(true);
  });

  test('grouped: the budget left is read per group', () => {
    const slo = definition({
      indicator: { kind: 'ratio', errors: 'e_total', total: 't_total', grouping: ['tenant'] },
      budgetPolicy: budgetPolicy({ steps: [{ action: 'freeze', remainingBelow: 0 }] }),
    });
    expect(budgetPolicyAlerts(slo, LABELS)[0].expr).toBe(
      'max by (slo_service, slo_name, tenant) (slo:period_error_budget_remaining:ratio{slo_service="checkout",slo_name="availability"}) < 0',
    );
  });

  // Labels: the series labels, the policy's labels, then severity and budget_action, which the policy's
  // labels cannot override.
  test('labels, alert name and annotations of a step', () => {
    const slo = definition({
      budgetPolicy: budgetPolicy({
        steps: [{ action: 'review', remainingBelow: 0.1, description: 'weigh {{ reliability }} against features' }],
        alertName: 'CheckoutBudgetPolicy',
        severity: 'info',
        labels: { channel: 'owners' },
      }),
    });
    const [rule] = budgetPolicyAlerts(slo, { ...LABELS, team: 'payments' });
    expect(rule).toEqual({
      alert: 'CheckoutBudgetPolicy',
      expr: `${REMAINING} < 0.1`,
      labels: { ...LABELS, team: 'payments', channel: 'owners', severity: 'info', budget_action: 'review' },
      annotations: {
        summary: 'checkout availability SLO has less than 10% of its error budget left: review',
        description: '{{ $value | humanizePercentage }} of the error budget of checkout availability is left over the last 30d, '
          + 'below the review threshold of 10%. Policy: weigh {{ "{{" }} reliability {{ "}}" }} against features.',
      },
    });
    expect(Object.keys(rule.labels)).toEqual(['slo_service', 'slo_name', 'team', 'channel', 'severity', 'budget_action']);
  });

  test('a step without a description has no policy sentence', () => {
    const slo = definition({
      objective: { target: 0.99, windowSeconds: 28 * DAY },
      budgetPolicy: budgetPolicy({ steps: [{ action: 'freeze', remainingBelow: -0.5 }] }),
    });
    expect(budgetPolicyAlerts(slo, LABELS)[0].annotations.description).toBe(
      '{{ $value | humanizePercentage }} of the error budget of checkout availability is left over the last 28d, below the freeze threshold of -50%.',
    );
  });
});

// The forecast fires when, at the error rate of the lookback window, the budget left is spent within the
// horizon: remaining × SLO window (s) ÷ (lookback error ratio ÷ budget) < horizon (s), while budget is
// left. It comes after the step alerts.
describe('budgetPolicyAlerts: exhaustion forecast', () => {
  test('the default forecast of a 30d window: the last day\'s rate, a 7d12h horizon (a quarter of 30d)', () => {
    const forecast = defaultBudgetForecast(30 * DAY);
    expect(forecast).toEqual({ lookbackSeconds: DAY, horizonSeconds: 7 * DAY + 12 * HOUR });
    const rules = budgetPolicyAlerts(definition({
      budgetPolicy: budgetPolicy({ steps: [{ action: 'freeze', remainingBelow: 0 }], forecast }),
    }), LABELS);
    expect(rules.map((rule) => rule.alert)).toEqual(['SloErrorBudgetPolicy', 'SloErrorBudgetExhaustionForecast']);
    expect(rules[1]).toEqual({
      alert: 'SloErrorBudgetExhaustionForecast',
      // 30d = 2592000 s; 7d12h = 648000 s; budget 0.001
      expr: `${REMAINING} * 2592000\n`
        + '/ on (slo_service, slo_name)\n'
        + '(max by (slo_service, slo_name) (slo:sli_error:ratio_rate1d{slo_service="checkout",slo_name="availability"}) / 0.001)\n'
        + '< 648000\n'
        + 'and on (slo_service, slo_name)\n'
        + `${REMAINING} > 0`,
      labels: { ...LABELS, severity: 'warning' },
      annotations: {
        summary: 'checkout availability SLO will run out of error budget within 7d12h at the error rate of the last 1d',
        description: 'At the error rate of the last 1d, the error budget of checkout availability left over the last 30d '
          + 'is spent in {{ $value | humanizeDuration }}, sooner than the forecast horizon of 7d12h.',
      },
    });
  });

  test('a forecast without steps: the forecast alone; custom name, severity, labels; grouped; a 6h SLO with a 30m lookback', () => {
    // defaultBudgetForecast(6h): a quarter of 6h = 1h30m horizon; the lookback is min(1d, 1h30m) = 1h30m
    expect(defaultBudgetForecast(6 * HOUR)).toEqual({ lookbackSeconds: 90 * MINUTE, horizonSeconds: 90 * MINUTE });
    const slo = definition({
      objective: { target: 0.99, windowSeconds: 6 * HOUR },
      indicator: { kind: 'ratio', errors: 'e_total', total: 't_total', grouping: ['tenant'] },
      budgetPolicy: budgetPolicy({
        forecast: { lookbackSeconds: 30 * MINUTE, horizonSeconds: 2 * HOUR },
        forecastAlertName: 'CheckoutBudgetForecast',
        severity: 'critical',
        labels: { channel: 'owners' },
      }),
    });
    const rules = budgetPolicyAlerts(slo, LABELS);
    expect(rules).toHaveLength(1);
    expect(rules[0].alert).toBe('CheckoutBudgetForecast');
    expect(rules[0].labels).toEqual({ ...LABELS, channel: 'owners', severity: 'critical' });
    const remaining = 'max by (slo_service, slo_name, tenant) (slo:period_error_budget_remaining:ratio{slo_service="checkout",slo_name="availability"})';
    // 6h = 21600 s; 2h = 7200 s; budget 0.01
    expect(rules[0].expr).toBe(`${remaining} * 21600\n`
      + '/ on (slo_service, slo_name, tenant)\n'
      + '(max by (slo_service, slo_name, tenant) (slo:sli_error:ratio_rate30m{slo_service="checkout",slo_name="availability"}) / 0.01)\n'
      + '< 7200\n'
      + 'and on (slo_service, slo_name, tenant)\n'
      + `${remaining} > 0`);
    expect(rules[0].annotations.summary).toBe('checkout availability SLO will run out of error budget within 2h at the error rate of the last 30m');
  });

  test('a 5m lookback reads the base 5m ratio', () => {
    const slo = definition({ budgetPolicy: budgetPolicy({ forecast: { lookbackSeconds: 5 * MINUTE, horizonSeconds: DAY } }) });
    expect(budgetPolicyAlerts(slo, LABELS)[0].expr).toContain('(max by (slo_service, slo_name) (slo:sli_error:ratio_rate5m{');
  });
});
