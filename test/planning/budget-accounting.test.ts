import { accountBudget, BudgetStep, idealRemaining, worstPeriods } from '../../src/planning/budget-accounting';

const HOUR = 3600;
const DAY = 86_400;

/** Hourly steps from `start`, `total` events and `errors(i)` bad events each, objective 99.9%. */
function hourly(count: number, total: number, errors: (i: number) => number | undefined, start = 0, objective = 0.999): BudgetStep[] {
  return Array.from({ length: count }, (_, i) => {
    const bad = errors(i);
    return {
      start: start + i * HOUR,
      end: start + (i + 1) * HOUR,
      errors: bad,
      total: bad === undefined ? undefined : total,
      objective,
      coverage: bad === undefined ? 0 : 1,
    };
  });
}

describe('accountBudget', () => {
  test('availability, budget and consumption of a period with one bad hour, by hand', () => {
    // GIVEN 48 hours of 36,000 events each; 3.6 bad events an hour, and 100 in hour 30
    const steps = hourly(48, 36_000, (i) => (i === 30 ? 100 : 3.6));
    // WHEN
    const account = accountBudget(steps);
    // THEN 1,728,000 events, 47 × 3.6 + 100 = 269.2 bad, budget 0.001 × 1,728,000 = 1,728
    expect(account.totalEvents).toBe(1_728_000);
    expect(account.errorEvents).toBeCloseTo(269.2, 9);
    expect(account.goodEvents).toBeCloseTo(1_728_000 - 269.2, 6);
    expect(account.availability).toBeCloseTo(1 - 269.2 / 1_728_000, 12);
    expect(account.budgetEvents).toBeCloseTo(1728, 9);
    expect(account.consumed).toBeCloseTo(269.2 / 1728, 12);
    expect(account.remaining).toBeCloseTo(1 - 269.2 / 1728, 12);
    expect(account.coverage).toBe(1);
    expect(account.gaps).toEqual([]);
  });

  test('the budget remaining starts at 100%, has one point per step more, and ends at 1 − consumed', () => {
    const steps = hourly(10, 1000, (i) => (i < 5 ? 0.2 : 0.6));
    const account = accountBudget(steps);
    expect(account.remainingOverTime).toHaveLength(11);
    expect(account.remainingOverTime[0]).toEqual({ time: 0, remaining: 1 });
    // budget = 10 events; after 5 hours 1 spent, at the end 4
    expect(account.remainingOverTime[5].time).toBe(5 * HOUR);
    expect(account.remainingOverTime[5].remaining).toBeCloseTo(0.9, 12);
    expect(account.remainingOverTime[10].remaining).toBeCloseTo(account.remaining!, 12);
    expect(account.remaining).toBeCloseTo(0.6, 12);
  });

  test('an overspent budget goes below zero: consumed over 100%', () => {
    const account = accountBudget(hourly(4, 1000, () => 5));
    expect(account.consumed).toBeCloseTo(5, 12);
    expect(account.remaining).toBeCloseTo(-4, 12);
    expect(account.remainingOverTime[4].remaining).toBeCloseTo(-4, 12);
  });

  test('a change of objective applies to its own steps only', () => {
    const steps = [...hourly(2, 1000, () => 0, 0, 0.99), ...hourly(2, 1000, () => 1, 2 * HOUR, 0.999)];
    // budget = 0.01 × 2000 + 0.001 × 2000 = 22
    expect(accountBudget(steps).budgetEvents).toBeCloseTo(22, 12);
  });

  test('steps without data are gaps, merged; they lower the coverage and count no events', () => {
    const steps = hourly(10, 1000, (i) => (i >= 3 && i < 6 ? undefined : 0.5));
    const account = accountBudget(steps);
    expect(account.gaps).toEqual([{ start: 3 * HOUR, end: 6 * HOUR }]);
    expect(account.coverage).toBeCloseTo(0.7, 12);
    expect(account.totalEvents).toBe(7000);
    expect(account.errorEvents).toBeCloseTo(3.5, 12);
    expect(account.invalidSteps).toBe(0);
  });

  test('NaN and infinite values are left out, counted as invalid steps and gaps: never NaN in the totals', () => {
    const steps = hourly(4, 1000, () => 0.5).map((s, i) => (i === 1 ? { ...s, errors: NaN } : i === 2 ? { ...s, total: Infinity } : s));
    const account = accountBudget(steps);
    expect(account.invalidSteps).toBe(2);
    expect(account.totalEvents).toBe(2000);
    expect(account.errorEvents).toBe(1);
    expect(Number.isNaN(account.availability)).toBe(false);
    expect(account.gaps).toEqual([{ start: HOUR, end: 3 * HOUR }]);
  });

  test('without events there is no availability or consumption (undefined, not NaN) and no chart', () => {
    const idle = accountBudget(hourly(3, 0, () => 0));
    expect(idle.availability).toBeUndefined();
    expect(idle.consumed).toBeUndefined();
    expect(idle.remainingOverTime).toEqual([]);
    expect(idle.coverage).toBe(1);
    const empty = accountBudget(hourly(3, 0, () => undefined));
    expect(empty.coverage).toBe(0);
    expect(empty.gaps).toEqual([{ start: 0, end: 3 * HOUR }]);
    expect(accountBudget([]).coverage).toBe(0);
  });

  test('partial coverage of a step counts in proportion', () => {
    const steps = hourly(2, 1000, () => 0).map((s, i) => (i === 0 ? { ...s, coverage: 0.5 } : s));
    expect(accountBudget(steps).coverage).toBeCloseTo(0.75, 12);
  });
});

describe('worstPeriods', () => {
  test('UTC days ranked by bad events with their share of the whole budget; ties go to the earlier day', () => {
    // GIVEN three days of hourly steps starting at midnight UTC; day 2 has an incident
    const start = 19_700 * DAY;
    const steps = hourly(72, 1000, (i) => (i >= 30 && i < 32 ? 20 : 0.1), start);
    const budget = accountBudget(steps).budgetEvents; // 72
    // WHEN
    const worst = worstPeriods(steps, DAY, budget, 2);
    // THEN day 2 first (22 × 0.1 + 40 = 42.2 bad), then day 1 (2.4) before day 3 (2.4)
    expect(worst).toHaveLength(2);
    expect(worst[0]).toMatchObject({ start: start + DAY, end: start + 2 * DAY, totalEvents: 24_000 });
    expect(worst[0].errorEvents).toBeCloseTo(42.2, 9);
    expect(worst[0].budgetShare).toBeCloseTo(42.2 / 72, 12);
    expect(worst[0].availability).toBeCloseTo(1 - 42.2 / 24_000, 12);
    expect(worst[1].start).toBe(start);
  });

  test('periods are clipped to the steps and periods without bad events are never listed', () => {
    const start = 19_700 * DAY + 20 * HOUR;
    const steps = hourly(8, 1000, (i) => (i === 1 ? 3 : 0), start);
    const worst = worstPeriods(steps, DAY, 8, 3);
    expect(worst).toEqual([{ start, end: start + 4 * HOUR, errorEvents: 3, totalEvents: 4000, availability: 1 - 3 / 4000, budgetShare: 3 / 8 }]);
  });
});

test('the ideal burn-down goes linearly from 100% to 0%', () => {
  expect(idealRemaining(0, 0, 100)).toBe(1);
  expect(idealRemaining(25, 0, 100)).toBe(0.75);
  expect(idealRemaining(100, 0, 100)).toBe(0);
});
