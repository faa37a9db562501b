/**
 * Splitting rule groups for rulers that cap the rules per group (Mimir, Cortex: 20 by default).
 *
 * Rules within a group chain: Prometheus evaluates them in order, so a rule sees what the rules before it
 * recorded at the same evaluation. A group is cut into consecutive parts in its own order, so a part only
 * reads series recorded by itself or by earlier parts, never by a later one. The first part keeps the
 * group's name (a group that grows past the limit keeps its name); the others are `<name>-2`, `<name>-3`.
 * Generated names end in `-windows`, so no part's name can be another SLO's unsplit group name.
 *
 * What splitting costs: groups are evaluated independently, so a rule reading a series that an earlier
 * part records sees that part's latest evaluation, which may be one interval old. A page may therefore
 * fire up to one evaluation interval later than from the unsplit group, never earlier or spuriously.
 */
import { isAlertingRule, Rule, RuleGroup } from './rule';

/** Every recorded series a rule's expression reads, from `recorded` (whole metric names only). */
function seriesRead(rule: Rule, recorded: ReadonlySet<string>): string[] {
  const names = rule.expr.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  return [...new Set(names.filter((name) => recorded.has(name)))];
}

function recordedBy(rules: readonly Rule[]): Set<string> {
  return new Set(rules.flatMap((rule) => (isAlertingRule(rule) ? [] : [rule.record])));
}

/** The name of part `index` (0-based) of a group. */
export function splitGroupName(groupName: string, index: number): string {
  return index === 0 ? groupName : `${groupName}-${index + 1}`;
}

/**
 * Cuts one group into parts of at most `maxRulesPerGroup` rules, in order, each with the group's
 * interval. A group within the limit is returned unchanged. Throws when a rule reads a series that a
 * later rule of its group records (the group was not in chain order; splitting would make that worse).
 */
export function splitRuleGroup(group: RuleGroup, maxRulesPerGroup: number): RuleGroup[] {
  if (!Number.isInteger(maxRulesPerGroup) || maxRulesPerGroup < 1) {
    throw new Error(`the most rules per group must be a whole number of at least 1, got ${maxRulesPerGroup}`);
  }
  if (group.rules.length <= maxRulesPerGroup) {
    return [group];
  }
  const recorded = recordedBy(group.rules);
  const recordedSoFar = new Set<string>();
  group.rules.forEach((rule, index) => {
    if (!isAlertingRule(rule)) recordedSoFar.add(rule.record);
    const early = seriesRead(rule, recorded).filter((name) => !recordedSoFar.has(name));
    if (early.length > 0) {
      throw new Error(`rule ${index + 1} of ${group.name} reads ${early.join(', ')}, recorded by a later rule of the group`);
    }
  });
  const parts: RuleGroup[] = [];
  for (let start = 0; start < group.rules.length; start += maxRulesPerGroup) {
    parts.push({
      name: splitGroupName(group.name, parts.length),
      interval: group.interval,
      rules: group.rules.slice(start, start + maxRulesPerGroup),
    });
  }
  return parts;
}

/** Splits every group (see `splitRuleGroup`), keeping the groups' order. */
export function splitRuleGroups(groups: readonly RuleGroup[], maxRulesPerGroup: number): RuleGroup[] {
  return groups.flatMap((group) => splitRuleGroup(group, maxRulesPerGroup));
}
