import {
  countLimitProblem, MAX_QUERY_OFFSET_SECONDS, MIMIR_DEFAULT_MAX_RULE_GROUPS_PER_TENANT, MIMIR_DEFAULT_MAX_RULES_PER_GROUP,
  queryOffsetProblem, tenantGroupCountProblem,
} from '../../src/rules/engine-limits';

describe('rule engine limits', () => {
  test("Mimir's defaults: 20 rules per group, 70 groups per tenant; offsets up to an hour", () => {
    expect(MIMIR_DEFAULT_MAX_RULES_PER_GROUP).toBe(20);
    expect(MIMIR_DEFAULT_MAX_RULE_GROUPS_PER_TENANT).toBe(70);
    expect(MAX_QUERY_OFFSET_SECONDS).toBe(3600);
  });

  test('query offsets: whole seconds from 0 to 1h', () => {
    for (const ok of [0, 1, 30, 120, 3600]) expect(queryOffsetProblem(ok)).toBeUndefined();
    expect(queryOffsetProblem(-1)).toMatch(/from 0 to 3600 \(1h\), got -1s/);
    expect(queryOffsetProblem(0.5)).toMatch(/whole number of seconds.*got 0.5s/);
    expect(queryOffsetProblem(3601)).toMatch(/got 3601s/);
    expect(queryOffsetProblem(Number.NaN)).toMatch(/not a number/);
  });

  test('count limits: whole numbers of at least 1', () => {
    expect(countLimitProblem(1)).toBeUndefined();
    expect(countLimitProblem(0)).toBe('must be a whole number of at least 1, got 0');
    expect(countLimitProblem(2.5)).toBe('must be a whole number of at least 1, got 2.5');
  });

  test('a tenant over its group limit: the count, the limit and the Mimir setting to raise', () => {
    expect(tenantGroupCountProblem('team-a', 70, 70)).toBeUndefined();
    const problem = tenantGroupCountProblem('team-a', 71, 70)!;
    expect(problem).toContain('71 rule groups for the tenant "team-a"');
    expect(problem).toContain('limit of 70 rule groups per tenant');
    expect(problem).toContain('ruler_max_rule_groups_per_tenant');
    expect(problem).toContain('-ruler.max-rule-groups-per-tenant');
    expect(tenantGroupCountProblem(undefined, 3, 2)).toContain('for the default tenant');
  });
});
