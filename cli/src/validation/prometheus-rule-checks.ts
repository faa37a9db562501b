/**
 * Checks of a PrometheusRule (monitoring.coreos.com/v1) as prometheus-operator and Prometheus read it:
 * groups with unique names, rules that record or alert, PromQL that parses, valid durations and label
 * names; and, for rules carrying cdk8s-slo's slo_service / slo_name labels, the SLO conventions
 * (an objective in (0, 1), an error budget of 1 - objective, alerts routed by severity).
 */
import { templateProblem } from 'cdk8s-slo/lib/model/alert-templates';
import { roundSignificant } from 'cdk8s-slo/lib/model/decimal';
import { parsePromDuration } from 'cdk8s-slo/lib/model/duration';
import { validateLabelValue } from 'cdk8s-slo/lib/model/labels';
import { ERROR_BUDGET_RATIO, errorRatioWindowIn, OBJECTIVE_RATIO, PERIOD_BURN_RATE, SEVERITY_LABEL, SLO_NAME_LABEL, SLO_SERVICE_LABEL } from 'cdk8s-slo/lib/model/naming';
import { errorBudget, validateObjective } from 'cdk8s-slo/lib/model/objective';
import { promqlProblems } from 'cdk8s-slo/lib/promql/expression-checks';
import { LABEL_NAME_PATTERN, METRIC_NAME_PATTERN } from 'cdk8s-slo/lib/promql/selector';
import { DocumentIssue, FieldPath, issue } from './finding';

const GROUP_FIELDS = ['name', 'labels', 'interval', 'query_offset', 'rules', 'partial_response_strategy', 'limit'];
const RULE_FIELDS = ['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'];
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** What the checks learned about one SLO's rules in a document, for the checks across rules. */
interface SloRules {
  readonly service: string;
  readonly name: string;
  objective?: { value: number; path: FieldPath };
  errorBudget?: { value: number; path: FieldPath };
  windowSeconds?: number;
  firstPath: FieldPath;
}

/** Every problem of one PrometheusRule document. */
export function checkPrometheusRule(object: any): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  const spec = object.spec;
  if (!isMap(spec)) {
    issues.push(issue('error', 'prometheus-rule', ['spec'], 'is required: a map with groups'));
    return issues;
  }
  const groups = spec.groups;
  if (groups === undefined || groups === null) {
    issues.push(issue('warning', 'prometheus-rule', ['spec', 'groups'], 'the PrometheusRule holds no rule groups'));
    return issues;
  }
  if (!Array.isArray(groups)) {
    issues.push(issue('error', 'prometheus-rule', ['spec', 'groups'], `must be a list of rule groups, got ${describe(groups)}`));
    return issues;
  }
  const names = new Map<string, number>();
  const slos = new Map<string, SloRules>();
  groups.forEach((group, g) => {
    const at: FieldPath = ['spec', 'groups', g];
    if (!isMap(group)) {
      issues.push(issue('error', 'prometheus-rule', at, `must be a map with name and rules, got ${describe(group)}`));
      return;
    }
    unknownFields(group, GROUP_FIELDS, at, 'a rule group', issues);
    if (typeof group.name !== 'string' || group.name.trim() === '') {
      issues.push(issue('error', 'prometheus-rule', [...at, 'name'], 'is required: every rule group needs a non-empty name'));
    } else if (names.has(group.name)) {
      issues.push(issue('error', 'prometheus-rule', [...at, 'name'], `the group name "${group.name}" is also used by spec.groups[${names.get(group.name)}]: Prometheus refuses a rule file with two groups of one name`));
    } else {
      names.set(group.name, g);
    }
    for (const field of ['interval', 'query_offset']) durationField(group[field], [...at, field], issues);
    if (group.limit !== undefined && !(Number.isInteger(group.limit) && group.limit >= 0)) {
      issues.push(issue('error', 'prometheus-rule', [...at, 'limit'], `must be a whole number of 0 or more, got ${describe(group.limit)}`));
    }
    if (group.labels !== undefined) labelMap(group.labels, [...at, 'labels'], issues);
    if (!Array.isArray(group.rules)) {
      issues.push(issue('error', 'prometheus-rule', [...at, 'rules'], `must be a list of rules, got ${describe(group.rules)}`));
      return;
    }
    if (group.rules.length === 0) issues.push(issue('warning', 'prometheus-rule', [...at, 'rules'], 'the group holds no rules'));
    group.rules.forEach((rule: unknown, r: number) => checkRule(rule, [...at, 'rules', r], issues, slos));
  });
  for (const slo of slos.values()) issues.push(...sloConventionIssues(slo));
  return issues;
}

function checkRule(rule: unknown, at: FieldPath, issues: DocumentIssue[], slos: Map<string, SloRules>): void {
  if (!isMap(rule)) {
    issues.push(issue('error', 'prometheus-rule', at, `must be a map with record or alert, and expr; got ${describe(rule)}`));
    return;
  }
  unknownFields(rule, RULE_FIELDS, at, 'a rule', issues);
  const recording = rule.record !== undefined;
  const alerting = rule.alert !== undefined;
  ruleNameIssues(rule, at, recording, alerting, issues);
  exprIssues(rule.expr, [...at, 'expr'], issues);
  optionalFieldIssues(rule, at, recording && !alerting, issues);
  checkSloRule(rule, at, alerting, issues, slos);
}

/** A rule records or alerts (one of them), under a valid metric or alert name. */
function ruleNameIssues(rule: Record<string, any>, at: FieldPath, recording: boolean, alerting: boolean, issues: DocumentIssue[]): void {
  if (recording === alerting) {
    issues.push(issue('error', 'prometheus-rule', at, recording ? 'set one of record and alert, not both' : 'set record (a recording rule) or alert (an alerting rule)'));
  }
  if (recording && (typeof rule.record !== 'string' || !METRIC_NAME_PATTERN.test(rule.record))) {
    issues.push(issue('error', 'prometheus-rule', [...at, 'record'], `"${String(rule.record)}" is not a valid metric name (letters, digits, "_" and ":", not starting with a digit)`));
  }
  if (alerting && (typeof rule.alert !== 'string' || rule.alert.trim() === '')) {
    issues.push(issue('error', 'prometheus-rule', [...at, 'alert'], 'must be a non-empty alert name'));
  }
}

/** The rule's expression is there and parses as PromQL. */
function exprIssues(expr: unknown, at: FieldPath, issues: DocumentIssue[]): void {
  if (expr === undefined || expr === null) {
    issues.push(issue('error', 'prometheus-rule', at, 'is required: the PromQL expression of the rule'));
  } else if (typeof expr !== 'string' && typeof expr !== 'number') {
    issues.push(issue('error', 'prometheus-rule', at, `must be a PromQL expression, got ${describe(expr)}`));
  } else {
    // The library's own synth-time checks: syntax, types, RE2 regexes, Go escapes, empty-matching selectors.
    const problems = promqlProblems(String(expr), 'vector-or-scalar');
    if (problems.length > 0) issues.push(issue('error', 'promql', at, problems[0]));
  }
}

/** The optional fields valid: waiting times, labels and annotations, waiting and annotations on alerting rules only. */
function optionalFieldIssues(rule: Record<string, any>, at: FieldPath, recordingOnly: boolean, issues: DocumentIssue[]): void {
  for (const field of ['for', 'keep_firing_for']) {
    if (rule[field] === undefined) continue;
    if (recordingOnly) issues.push(issue('error', 'prometheus-rule', [...at, field], `a recording rule cannot have "${field}" (only alerting rules wait)`));
    durationField(rule[field], [...at, field], issues);
  }
  if (rule.labels !== undefined) labelMap(rule.labels, [...at, 'labels'], issues);
  if (rule.annotations !== undefined) {
    if (recordingOnly) issues.push(issue('error', 'prometheus-rule', [...at, 'annotations'], 'a recording rule cannot have annotations (Prometheus refuses the rule file)'));
    stringMap(rule.annotations, [...at, 'annotations'], issues);
    if (!recordingOnly) annotationTemplates(rule.annotations, [...at, 'annotations'], issues);
  }
}

/**
 * A rule carrying the slo_service / slo_name labels: both labels valid, what it records noted for the
 * checks across the SLO's rules, and its alert routed by severity.
 */
function checkSloRule(rule: Record<string, any>, at: FieldPath, alerting: boolean, issues: DocumentIssue[], slos: Map<string, SloRules>): void {
  const labels = isMap(rule.labels) ? rule.labels : {};
  const slo = sloOfRule(labels, at, issues, slos);
  if (!slo) return;
  noteSloRecording(slo, rule, at, issues);
  if (alerting) severityIssues(slo, labels, at, issues);
}

/** The SLO a rule belongs to by its labels, registered on first sight; undefined when it names none (or half of one). */
function sloOfRule(labels: Record<string, any>, at: FieldPath, issues: DocumentIssue[], slos: Map<string, SloRules>): SloRules | undefined {
  const service = labels[SLO_SERVICE_LABEL];
  const name = labels[SLO_NAME_LABEL];
  if (service === undefined && name === undefined) return undefined;
  if (typeof service !== 'string' || typeof name !== 'string') {
    const missing = service === undefined ? SLO_SERVICE_LABEL : SLO_NAME_LABEL;
    issues.push(issue('error', 'slo', [...at, 'labels'], `has ${missing === SLO_SERVICE_LABEL ? SLO_NAME_LABEL : SLO_SERVICE_LABEL} but no ${missing}: SLO series are identified by both labels, and dashboards join on them`));
    return undefined;
  }
  for (const [label, value] of [[SLO_SERVICE_LABEL, service], [SLO_NAME_LABEL, name]]) {
    if (!DNS_LABEL.test(value) || value.length > 63) {
      issues.push(issue('warning', 'slo', [...at, 'labels', label], `"${value}" is not a lowercase DNS label, as cdk8s-slo SLO names are`));
    }
  }
  const key = `${service}\u0000${name}`;
  let slo = slos.get(key);
  if (!slo) {
    slo = { service, name, firstPath: at };
    slos.set(key, slo);
  }
  return slo;
}

/** The objective, error budget or window an SLO's recording rule fixes, for the checks across its rules. */
function noteSloRecording(slo: SloRules, rule: Record<string, any>, at: FieldPath, issues: DocumentIssue[]): void {
  const expr = typeof rule.expr === 'string' || typeof rule.expr === 'number' ? String(rule.expr) : '';
  if (rule.record === OBJECTIVE_RATIO) {
    const value = constantOf(expr);
    if (value === undefined) {
      issues.push(issue('error', 'slo', [...at, 'expr'], `the objective of ${slo.service}/${slo.name} must be a constant such as vector(0.999), got "${expr}"`));
    } else {
      slo.objective = { value, path: [...at, 'expr'] };
    }
  } else if (rule.record === ERROR_BUDGET_RATIO) {
    const value = constantOf(expr);
    if (value !== undefined) slo.errorBudget = { value, path: [...at, 'expr'] };
  } else if (rule.record === PERIOD_BURN_RATE) {
    // A window that does not parse is left to the PromQL and duration checks.
    const windowSeconds = errorRatioWindowIn(expr);
    if (windowSeconds !== undefined) slo.windowSeconds = windowSeconds;
  }
}

/** An SLO's alert carries a valid, non-empty severity: Alertmanager routes on it. */
function severityIssues(slo: SloRules, labels: Record<string, any>, at: FieldPath, issues: DocumentIssue[]): void {
  const severity = labels[SEVERITY_LABEL];
  if (severity === undefined) {
    issues.push(issue('warning', 'slo', [...at, 'labels'], `the alert of SLO ${slo.service}/${slo.name} has no ${SEVERITY_LABEL} label: Alertmanager routes cdk8s-slo alerts on it`));
    return;
  }
  for (const problem of validateLabelValue(SEVERITY_LABEL, severity)) {
    issues.push(issue('error', 'slo', [...at, 'labels', SEVERITY_LABEL], problem.message));
  }
  if (severity === '') issues.push(issue('error', 'slo', [...at, 'labels', SEVERITY_LABEL], 'must not be empty: use e.g. "critical" (page) or "warning" (ticket)'));
}

/** The objective's range (synth-time rules) and the error budget that must go with it. */
function sloConventionIssues(slo: SloRules): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  const what = `SLO ${slo.service}/${slo.name}`;
  if (!slo.objective) {
    issues.push(issue('warning', 'slo', slo.firstPath, `${what} has no ${OBJECTIVE_RATIO} rule in this PrometheusRule: dashboards and "cdk8s-slo status" read the target from it`));
    return issues;
  }
  const objective = { target: slo.objective.value, windowSeconds: slo.windowSeconds ?? 30 * 86_400 };
  for (const problem of validateObjective(objective)) {
    if (problem.field === 'window' && slo.windowSeconds === undefined) continue;
    issues.push(issue(problem.severity, 'slo', slo.objective.path, `${what}: ${problem.field} ${problem.message}`));
  }
  const validTarget = slo.objective.value > 0 && slo.objective.value < 1;
  if (validTarget && slo.errorBudget && roundSignificant(slo.errorBudget.value) !== errorBudget(objective)) {
    issues.push(issue('error', 'slo', slo.errorBudget.path, `${what}: the error budget ${slo.errorBudget.value} is not 1 - objective (${errorBudget(objective)}): the rules were edited by hand or mixed from two versions`));
  }
  return issues;
}

function constantOf(expr: string): number | undefined {
  const match = /^\s*(?:vector\(\s*([0-9.eE+-]+)\s*\)|([0-9.eE+-]+))\s*$/.exec(expr);
  if (!match) return undefined;
  const value = Number(match[1] ?? match[2]);
  return Number.isFinite(value) ? value : undefined;
}

function durationField(value: unknown, at: FieldPath, issues: DocumentIssue[]): void {
  if (value === undefined) return;
  let valid = typeof value === 'string';
  if (valid) {
    try {
      parsePromDuration(value as string);
    } catch {
      valid = false;
    }
  }
  if (!valid) issues.push(issue('error', 'prometheus-rule', at, `"${String(value)}" is not a Prometheus duration such as 30s, 5m or 1h30m`));
}

function labelMap(value: unknown, at: FieldPath, issues: DocumentIssue[]): void {
  if (!isMap(value)) {
    issues.push(issue('error', 'prometheus-rule', at, `must be a map of label names to strings, got ${describe(value)}`));
    return;
  }
  for (const [name, labelValue] of Object.entries(value)) {
    if (!LABEL_NAME_PATTERN.test(name)) {
      issues.push(issue('error', 'prometheus-rule', [...at, name], `"${name}" is not a valid label name (letters, digits and "_", not starting with a digit)`));
    } else if (name.startsWith('__')) {
      issues.push(issue('error', 'prometheus-rule', [...at, name], `"${name}" starts with "__", which Prometheus reserves`));
    }
    if (typeof labelValue !== 'string') {
      issues.push(issue('error', 'prometheus-rule', [...at, name], `must be a string (quote it), got ${describe(labelValue)}`));
    }
  }
}

function stringMap(value: unknown, at: FieldPath, issues: DocumentIssue[]): void {
  if (!isMap(value)) {
    issues.push(issue('error', 'prometheus-rule', at, `must be a map of names to strings, got ${describe(value)}`));
    return;
  }
  for (const [name, text] of Object.entries(value)) {
    if (typeof text !== 'string') issues.push(issue('error', 'prometheus-rule', [...at, name], `must be a string (quote it), got ${describe(text)}`));
  }
}

/** Annotation keys are label names and values Prometheus templates, checked as the library checks its own. */
function annotationTemplates(value: unknown, at: FieldPath, issues: DocumentIssue[]): void {
  if (!isMap(value)) return;
  for (const [name, text] of Object.entries(value)) {
    if (!LABEL_NAME_PATTERN.test(name)) {
      issues.push(issue('error', 'prometheus-rule', [...at, name], `"${name}" is not a valid annotation name (letters, digits and "_", not starting with a digit)`));
    } else if (typeof text === 'string') {
      const problem = templateProblem(text, true);
      if (problem) issues.push(issue('error', 'prometheus-rule', [...at, name], `is not a template Prometheus can load: ${problem}`));
    }
  }
}

function unknownFields(value: Record<string, unknown>, known: readonly string[], at: FieldPath, what: string, issues: DocumentIssue[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      issues.push(issue('error', 'prometheus-rule', [...at, key], `is not a field of ${what} (known: ${known.join(', ')}); the API server drops or refuses it`));
    }
  }
}

export function isMap(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the string "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  return `${typeof value} ${String(value)}`;
}
