/**
 * The checks of `verify`, as a pure function of what the manifests say and what Prometheus reports: every
 * synthesized rule group loaded with the same rules, evaluated, every rule healthy, and every SLO's SLI
 * series present. No I/O, so each finding is tested without a server.
 */
import { BASE_WINDOW_SECONDS } from 'cdk8s-slo/lib/model/alerting-policy';
import { roundSignificant } from 'cdk8s-slo/lib/model/decimal';
import {
  BUDGET_ACTION_LABEL, errorRatioMetric, LONG_WINDOW_LABEL, OBJECTIVE_RATIO, SEVERITY_LABEL, SHORT_WINDOW_LABEL, SLO_NAME_LABEL,
  SLO_SERVICE_LABEL, TOTAL_RATE_5M,
} from 'cdk8s-slo/lib/model/naming';
import { SynthesizedRuleGroup, SynthesizedSlo } from '../manifests/synthesized-slos';
import { LoadedRule, LoadedRuleGroup, VectorSample } from '../prometheus/prometheus-api';

export type ProblemKind =
  | 'group-missing'
  | 'group-outdated'
  | 'group-not-evaluated'
  | 'rule-failing'
  | 'rule-not-evaluated'
  | 'no-data';

/** Headings of the text report, in report order. */
export const PROBLEM_HEADINGS: ReadonlyArray<readonly [ProblemKind, string]> = [
  ['group-missing', 'Rule groups not loaded'],
  ['group-outdated', 'Rule groups outdated (loaded, but not as synthesized)'],
  ['group-not-evaluated', 'Rule groups not evaluated yet'],
  ['rule-failing', 'Rules failing'],
  ['rule-not-evaluated', 'Rules not evaluated yet'],
  ['no-data', 'SLOs without SLI data'],
];

/** One thing missing or failing. Fields that do not apply are null. */
export interface VerifyProblem {
  readonly kind: ProblemKind;
  readonly group: string | null;
  readonly rule: string | null;
  readonly service: string | null;
  readonly slo: string | null;
  /** The manifest file the group or SLO comes from. */
  readonly file: string | null;
  readonly message: string;
}

/** The outcome of one round of checks. */
export interface VerifyResult {
  readonly ok: boolean;
  readonly checked: { readonly ruleGroups: number; readonly rules: number; readonly slos: number };
  readonly problems: readonly VerifyProblem[];
  /** Things worth knowing that are not failures (an SLO without traffic right now). */
  readonly notes: readonly string[];
}

/** What Prometheus reported. */
export interface LiveState {
  readonly loadedGroups: readonly LoadedRuleGroup[];
  /** `max by (slo_service, slo_name) (slo:sli_total:rate5m)`. */
  readonly totalRates: readonly VectorSample[];
  /** `count by (slo_service, slo_name) (slo:sli_error:ratio_rate5m)`. */
  readonly errorRatios: readonly VectorSample[];
  /** `max by (slo_service, slo_name) (slo:objective:ratio)`. */
  readonly objectives: readonly VectorSample[];
}

/** Prometheus reports never-evaluated groups and rules with the zero time (year 1). */
export function wasEvaluated(timestamp: string | undefined): boolean {
  const time = Date.parse(timestamp ?? '');
  return Number.isFinite(time) && time > Date.UTC(2000, 0, 1);
}

/** The problem kinds that make a group unable to explain an SLO's missing series: it does not run or fails. */
const UNHEALTHY_GROUP_KINDS: ReadonlySet<ProblemKind> = new Set<ProblemKind>(['group-missing', 'group-not-evaluated', 'rule-failing']);

/** The SLI series every SLO records: its total rate and its error ratio over the base window. */
const SLI_SERIES = [TOTAL_RATE_5M, errorRatioMetric(BASE_WINDOW_SECONDS)];

type ProblemFields = Partial<VerifyProblem> & Pick<VerifyProblem, 'kind' | 'message'>;

export function verifyAgainst(groups: readonly SynthesizedRuleGroup[], slos: readonly SynthesizedSlo[], live: LiveState): VerifyResult {
  const groupProblems = groups.map((group) => ({ group, problems: ruleGroupProblems(group, findLoadedGroup(group, live.loadedGroups)) }));
  const unhealthyGroups = new Set(groupProblems
    .filter(({ problems }) => problems.some((p) => UNHEALTHY_GROUP_KINDS.has(p.kind)))
    .map(({ group }) => group.name));
  const sloCheck = checkSloSeries(slos, groups, live, unhealthyGroups);
  const problems = [...groupProblems.flatMap(({ problems: p }) => p), ...sloCheck.problems];
  return {
    ok: problems.length === 0,
    checked: { ruleGroups: groups.length, rules: groups.reduce((n, g) => n + g.rules.length, 0), slos: slos.length },
    problems,
    notes: [...(live.loadedGroups.length === 0 && groups.length > 0 ? [NO_RULE_GROUPS_NOTE] : []), ...sloCheck.notes],
  };
}

/**
 * An empty rules API is rarely an empty ruler: VictoriaMetrics single-node answers an empty list when it
 * has no vmalert to proxy to, and Mimir's ruler lists only the groups of the tenant asked for.
 */
const NO_RULE_GROUPS_NOTE = 'the rules API lists no rule group at all. VictoriaMetrics single-node answers so unless started with '
  + '-vmalert.proxyURL: give --rules-url with vmalert\'s address. Mimir lists only the tenant\'s groups: check --tenant.';

/** A problem, the fields that do not apply set to null. */
function verifyProblem(fields: ProblemFields): VerifyProblem {
  return { group: null, rule: null, service: null, slo: null, file: null, ...fields };
}

/** A synthesized group loaded, with the same rules, evaluated, and every rule healthy. */
function ruleGroupProblems(group: SynthesizedRuleGroup, loaded: LoadedRuleGroup | undefined): VerifyProblem[] {
  const file = group.file;
  if (!loaded) {
    return [verifyProblem({ kind: 'group-missing', group: group.name, file, message: `${group.name} (${objectName(group)}) is not loaded` })];
  }
  const problems: VerifyProblem[] = [];
  const difference = ruleNameDifference(group.rules.map(ruleName), loaded.rules.map((r) => r.name));
  if (difference) {
    problems.push(verifyProblem({ kind: 'group-outdated', group: group.name, file, message: `${group.name}: loaded with ${loaded.rules.length} rules, the manifests have ${group.rules.length} (${difference})` }));
  }
  if (!wasEvaluated(loaded.lastEvaluation)) {
    problems.push(verifyProblem({ kind: 'group-not-evaluated', group: group.name, file, message: `${group.name} is loaded but has not been evaluated yet (every ${loaded.interval} s)` }));
    return problems;
  }
  for (const rule of loaded.rules) {
    const problem = loadedRuleProblem(group, rule);
    if (problem) problems.push(problem);
  }
  return problems;
}

/** A loaded rule that failed, or that has not been evaluated yet. */
function loadedRuleProblem(group: SynthesizedRuleGroup, rule: LoadedRule): VerifyProblem | undefined {
  const failed = rule.health === 'err' || (rule.lastError ?? '') !== '';
  if (failed) {
    return verifyProblem({
      kind: 'rule-failing',
      group: group.name,
      rule: rule.name,
      file: group.file,
      message: `${group.name} / ${describeRule(rule)}: ${rule.lastError || `health ${rule.health}`}`,
    });
  }
  if (rule.health !== 'ok') {
    return verifyProblem({
      kind: 'rule-not-evaluated',
      group: group.name,
      rule: rule.name,
      file: group.file,
      message: `${group.name} / ${describeRule(rule)}: health ${rule.health || 'unknown'}`,
    });
  }
  return undefined;
}

/** Every SLO's SLI series present, and its recorded objective the one the manifests say. */
function checkSloSeries(
  slos: readonly SynthesizedSlo[], groups: readonly SynthesizedRuleGroup[], live: LiveState, unhealthyGroups: ReadonlySet<string>,
): { problems: VerifyProblem[]; notes: string[] } {
  const problems: VerifyProblem[] = [];
  const notes: string[] = [];
  const totals = valuesBySlo(live.totalRates);
  const ratios = valuesBySlo(live.errorRatios);
  const objectives = valuesBySlo(live.objectives);
  for (const slo of slos) {
    const id = key(slo.service, slo.name);
    const file = slo.files[0] ?? null;
    const missing = SLI_SERIES.filter((metric) => !(metric === TOTAL_RATE_5M ? totals : ratios).has(id));
    if (missing.length > 0) {
      problems.push(verifyProblem({
        kind: 'no-data',
        service: slo.service,
        slo: slo.name,
        file,
        message: noDataMessage(slo, missing, groups, unhealthyGroups),
      }));
    } else if (totals.get(id) === 0) {
      notes.push(`${slo.service}/${slo.name} has no traffic in the last 5 minutes (${TOTAL_RATE_5M} is 0): its SLI is undefined until events arrive`);
    }
    const outdated = outdatedObjectiveProblem(slo, groups, objectives.get(id), file);
    if (outdated) problems.push(outdated);
  }
  return { problems, notes };
}

/** The sample values of a query by SLO (`max by (slo_service, slo_name)` or alike). */
function valuesBySlo(samples: readonly VectorSample[]): Map<string, number> {
  return new Map(samples.map((s) => [key(s.labels[SLO_SERVICE_LABEL], s.labels[SLO_NAME_LABEL]), s.value]));
}

/** Which SLI series of an SLO have no data, and why: a broken group recording them, or the raw query. */
function noDataMessage(
  slo: SynthesizedSlo, missing: readonly string[], groups: readonly SynthesizedRuleGroup[], unhealthyGroups: ReadonlySet<string>,
): string {
  const selectorOf = (metric: string) => `${metric}{${SLO_SERVICE_LABEL}=${JSON.stringify(slo.service)},${SLO_NAME_LABEL}=${JSON.stringify(slo.name)}}`;
  // Only the groups that record the SLI series can explain their absence.
  const recordsSli = (groupName: string) => groups.some((g) => g.name === groupName && g.rules.some((r) => SLI_SERIES.includes(r?.record)
    && r?.labels?.[SLO_SERVICE_LABEL] === slo.service && r?.labels?.[SLO_NAME_LABEL] === slo.name));
  const brokenGroups = slo.ruleGroups.filter((g) => unhealthyGroups.has(g) && recordsSli(g));
  const why = brokenGroups.length > 0
    ? `its rule group ${brokenGroups.join(', ')} is not loaded or not working (see above)`
    : rawQueryHint(slo, groups);
  return `${slo.service}/${slo.name}: ${missing.map(selectorOf).join(' and ')} ${missing.length > 1 ? 'have' : 'has'} no series: ${why}`;
}

/** Prometheus recording another objective than the manifests say: the loaded rules are outdated. */
function outdatedObjectiveProblem(
  slo: SynthesizedSlo, groups: readonly SynthesizedRuleGroup[], recorded: number | undefined, file: string | null,
): VerifyProblem | undefined {
  const differs = recorded !== undefined && Number.isFinite(recorded) && roundSignificant(recorded) !== roundSignificant(slo.objective ?? recorded);
  if (!differs) return undefined;
  const group = slo.ruleGroups.find((g) => groups.some((s) => s.name === g && s.rules.some((r) => r?.record === OBJECTIVE_RATIO))) ?? null;
  return verifyProblem({
    kind: 'group-outdated',
    group,
    service: slo.service,
    slo: slo.name,
    file,
    message: `${slo.service}/${slo.name}: Prometheus records objective ${roundSignificant(recorded)}, the manifests say ${slo.objective}`,
  });
}

/**
 * The loaded group for a synthesized one. Several files may hold a group of the same name (one per
 * PrometheusRule object); the Prometheus Operator names each file `<namespace>-<object name>-<uid>.yaml`,
 * so a file naming the group's object wins.
 */
function findLoadedGroup(group: SynthesizedRuleGroup, loaded: readonly LoadedRuleGroup[]): LoadedRuleGroup | undefined {
  const candidates = loaded.filter((g) => g.name === group.name);
  if (candidates.length <= 1) return candidates[0];
  const fileStem = [group.objectNamespace, group.objectName].filter(Boolean).join('-');
  return candidates.find((g) => fileStem !== '' && baseName(g.file).startsWith(`${fileStem}-`))
    ?? candidates.find((g) => g.rules.length === group.rules.length)
    ?? candidates[0];
}

/** What the loaded rule names lack or add, by name and count; undefined when they are the same. */
function ruleNameDifference(expected: readonly string[], loaded: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const name of expected) counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const name of loaded) counts.set(name, (counts.get(name) ?? 0) - 1);
  const describe = (entries: Array<[string, number]>) => entries
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, n]) => (Math.abs(n) > 1 ? `${name} ×${Math.abs(n)}` : name)).join(', ');
  const missing = [...counts.entries()].filter(([, n]) => n > 0);
  const extra = [...counts.entries()].filter(([, n]) => n < 0);
  const parts = [
    ...(missing.length > 0 ? [`missing: ${describe(missing)}`] : []),
    ...(extra.length > 0 ? [`not in the manifests: ${describe(extra)}`] : []),
  ];
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function ruleName(rule: any): string {
  return String(rule?.record ?? rule?.alert ?? '');
}

/** A rule's name, with the labels that tell same-named alerts apart: `SloErrorBudgetBurn{1h/5m, critical}`. */
function describeRule(rule: LoadedRule): string {
  const labels = rule.labels ?? {};
  const long = labels[LONG_WINDOW_LABEL];
  const short = labels[SHORT_WINDOW_LABEL];
  const parts = [
    ...(long && short ? [`${long}/${short}`] : []),
    ...(labels[BUDGET_ACTION_LABEL] ? [labels[BUDGET_ACTION_LABEL]] : []),
    ...(rule.type === 'alerting' && labels[SEVERITY_LABEL] ? [labels[SEVERITY_LABEL]] : []),
  ];
  return parts.length > 0 ? `${rule.name}{${parts.join(', ')}}` : rule.name;
}

/** Why an SLO with healthy rules may have no SLI series: the raw query its total-rate rule runs returns nothing. */
function rawQueryHint(slo: SynthesizedSlo, groups: readonly SynthesizedRuleGroup[]): string {
  const rule = groups
    .filter((g) => slo.ruleGroups.includes(g.name))
    .flatMap((g) => g.rules)
    .find((r) => r?.record === TOTAL_RATE_5M && r?.labels?.[SLO_SERVICE_LABEL] === slo.service && r?.labels?.[SLO_NAME_LABEL] === slo.name);
  const expr = rule ? String(rule.expr).replace(/\s+/g, ' ').trim() : undefined;
  return expr
    ? `its rule reads ${expr.length > 160 ? `${expr.slice(0, 160)}…` : expr}, which returns nothing: is the metric scraped, and do its labels match?`
    : 'is the raw metric scraped, and do its labels match?';
}

function objectName(group: SynthesizedRuleGroup): string {
  const object = [group.objectNamespace, group.objectName].filter(Boolean).join('/');
  return `PrometheusRule ${object || '(unnamed)'} in ${group.file}`;
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

const key = (service: string | undefined, name: string | undefined) => `${service ?? ''}\u0000${name ?? ''}`;
