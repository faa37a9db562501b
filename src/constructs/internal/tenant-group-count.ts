/**
 * Counting each ruler tenant's rule groups across an app: Mimir refuses a tenant's groups beyond
 * `ruler_max_rule_groups_per_tenant`, whichever objects they come from. Every construct that writes a
 * rules object for such an engine registers here; the first of a tenant (in construction order) whose
 * limit is exceeded reports it, so one problem is one error.
 */
import { IConstruct } from 'constructs';
import { error, ValidationIssue } from '../../model/validation-issue';
import { tenantGroupCountProblem } from '../../rules/engine-limits';
import { RuleEngine } from '../rule-engine';

interface TenantMember {
  readonly construct: IConstruct;
  readonly maxGroups: number;
  readonly groupCount: () => number;
}

const MEMBERS = new WeakMap<IConstruct, Map<string, TenantMember[]>>();

/**
 * Registers `construct`, whose rules object holds `groupCount()` groups for `engine`'s tenant, and returns
 * the check to run at synthesis (no problems for an engine without a per-tenant limit).
 */
export function registerTenantGroups(construct: IConstruct, engine: RuleEngine, groupCount: () => number): () => ValidationIssue[] {
  const limit = engine._tenantLimit;
  if (limit === undefined) {
    return () => [];
  }
  const root = construct.node.root;
  let byTenant = MEMBERS.get(root);
  if (!byTenant) {
    byTenant = new Map();
    MEMBERS.set(root, byTenant);
  }
  const key = limit.tenant ?? '';
  const members = byTenant.get(key) ?? [];
  byTenant.set(key, members);
  const self: TenantMember = { construct, maxGroups: limit.maxGroups, groupCount };
  members.push(self);
  return () => {
    const counts = members.map((member) => member.groupCount());
    const total = counts.reduce((sum, count) => sum + count, 0);
    const reporter = members.find((member) => total > member.maxGroups);
    if (reporter !== self) {
      return [];
    }
    const largest = counts.indexOf(Math.max(...counts));
    const sources = members.length === 1 ? 'all of them here'
      : `from ${members.length} constructs, the most (${counts[largest]}) from ${members[largest].construct.node.path}`;
    return [error('engine.maxRuleGroupsPerTenant', `${tenantGroupCountProblem(limit.tenant, total, self.maxGroups)} (the groups come ${sources})`)];
  };
}
