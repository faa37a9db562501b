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
 * part records sees that part's latest evaluation, which may be one interval old: up to one interval per
 * part boundary the chain crosses. A page may therefore fire later than from the unsplit group, never
 * earlier or spuriously.
 *
 * Some rules need a series written at this very evaluation (`timestamp(x) == time()`: a long window's
 * recent hours, read only when recorded just before, see hourly-rollup.ts). Groups evaluate at their own
 * moments, so such a reader and the rule recording `x` must stay in one part; the cuts fall elsewhere.
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

/** The series a rule reads only when written at the same evaluation: `timestamp(x) == time()`. */
function seriesReadAtSameEvaluation(rule: Rule, recorded: ReadonlySet<string>): string[] {
  const names: string[] = [];
  for (const match of rule.expr.matchAll(/timestamp\(([^()]*)\)\s*==\s*time\(\)/g)) {
    names.push(...(match[1].match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? []).filter((name) => recorded.has(name)));
  }
  return names;
}

/**
 * Where a group may be cut: `cuttable[c]` is true when no rule from position c on reads, at the same
 * evaluation, a series that a rule before c records.
 */
function cutPoints(rules: readonly Rule[], recorded: ReadonlySet<string>): boolean[] {
  const firstRecordedAt = new Map<string, number>();
  rules.forEach((rule, index) => {
    if (!isAlertingRule(rule) && !firstRecordedAt.has(rule.record)) firstRecordedAt.set(rule.record, index);
  });
  const cuttable = rules.map(() => true);
  rules.forEach((rule, reader) => {
    for (const series of seriesReadAtSameEvaluation(rule, recorded)) {
      // No cut between the recording rule and its reader.
      for (let cut = firstRecordedAt.get(series)! + 1; cut <= reader; cut++) cuttable[cut] = false;
    }
  });
  return cuttable;
}

/**
 * Cuts one group into parts of at most `maxRulesPerGroup` rules, in order, each with the group's
 * interval, as few as the cut points allow. A group within the limit is returned unchanged. Throws when
 * a rule reads a series that a later rule of its group records (the group was not in chain order), or
 * when rules that must stay together are more than the limit.
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
  // Blocks: the runs of rules between two cut points; a part is one or more whole blocks.
  const cuttable = cutPoints(group.rules, recorded);
  const blocks: Array<{ start: number; end: number }> = [];
  group.rules.forEach((_, index) => {
    if (index === 0 || cuttable[index]) blocks.push({ start: index, end: index + 1 });
    else blocks[blocks.length - 1].end = index + 1;
  });
  const largest = blocks.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
  if (largest.end - largest.start > maxRulesPerGroup) {
    throw new Error(`${group.name} cannot be split into groups of ${maxRulesPerGroup} rules: rules ${largest.start + 1} to ${largest.end} of it must be evaluated together `
      + `(some read what others record at the same evaluation); allow at least ${largest.end - largest.start} rules per group`);
  }
  const parts: RuleGroup[] = [];
  let partStart = 0;
  blocks.forEach((block, index) => {
    const next = blocks[index + 1];
    if (next === undefined || next.end - partStart > maxRulesPerGroup) {
      parts.push({ name: splitGroupName(group.name, parts.length), interval: group.interval, rules: group.rules.slice(partStart, block.end) });
      partStart = block.end;
    }
  });
  return parts;
}

/** Splits every group (see `splitRuleGroup`), keeping the groups' order. */
export function splitRuleGroups(groups: readonly RuleGroup[], maxRulesPerGroup: number): RuleGroup[] {
  return groups.flatMap((group) => splitRuleGroup(group, maxRulesPerGroup));
}
