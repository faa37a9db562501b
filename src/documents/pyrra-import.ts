/**
 * Pyrra `ServiceLevelObjective` resources (pyrra.dev/v1alpha1) back to SLO definitions, meaning what
 * Pyrra's own rules mean:
 * - the indicator: ratio (errors over total), latency (a `_bucket{le}` over its `_count`; a ratio of good
 *   events when the two selectors differ otherwise), latencyNative and bool_gauge, each with grouping;
 * - target (a percentage, as a string) and window;
 * - alerting: Pyrra's four burn-rate tiers, scaled to the SLO window as Pyrra scales them (1h/5m ×14,
 *   6h/30m ×7, 1d/2h ×2 and 4d/6h ×1 for 28 days), with their severities; `disabled` and
 *   `burnrates: false` switch them off; the alert name;
 * - `pyrra.dev/<name>` metadata labels and annotations (which Pyrra copies onto its rules and alerts).
 * Pyrra has no service: cdk8s-slo's own exports carry one in `pyrra.dev/slo_service`, others take the
 * namespace (reported). What has no cdk8s-slo form (absent-metric alerts, `for` per tier) is reported.
 */
import { BUDGET_POLICY_ANNOTATION, parseBudgetPolicyAnnotation, TIER_ANNOTATION } from './annotations';
import { collapseDuplicates, DocumentImportError, ImportedSlo, ImportResult } from './imported';
import { PYRRA_PROPAGATION_PREFIX } from './pyrra';
import { checkShape, Field, isPlainObject, ObjectShape, Shape } from './shape';
import { InputDocument, readYamlDocuments, YamlPath } from './yaml-input';
import { LATENCY } from '../indicators/latency';
import { AlertingPolicy, BASE_WINDOW_SECONDS } from '../model/alerting-policy';
import { BurnRateWindowPair } from '../model/burn-rate';
import { roundSignificant } from '../model/decimal';
import { formatPromDuration, parsePromDuration, SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from '../model/duration';
import { Indicator } from '../model/indicator';
import { SLO_NAME_LABEL, SLO_SERVICE_LABEL } from '../model/naming';
import { SloDefinition, validateSloDefinition } from '../model/slo-definition';
import { ValidationIssue } from '../model/validation-issue';
import { normalizeSelector, parseVectorSelector, tryNormalizeSelector } from '../promql/selector';

/** Pyrra's API group, which is also its metadata label and annotation prefix. */
const PYRRA_API_GROUP = PYRRA_PROPAGATION_PREFIX;
/** Pyrra's default alert name. */
const PYRRA_ALERT_NAME = 'ErrorBudgetBurn';
const DAYS_28 = 28 * SECONDS_PER_DAY;

/** Pyrra's tiers for a 28-day window; every duration scales with the SLO window, the factors do not. */
const PYRRA_TIERS = [
  { tier: 'fastBurn', long: SECONDS_PER_HOUR, short: 5 * SECONDS_PER_MINUTE, for: 2 * SECONDS_PER_MINUTE, factor: 14, severity: 'critical' },
  { tier: 'mediumBurn', long: 6 * SECONDS_PER_HOUR, short: 30 * SECONDS_PER_MINUTE, for: 15 * SECONDS_PER_MINUTE, factor: 7, severity: 'critical' },
  { tier: 'slowBurn', long: SECONDS_PER_DAY, short: 2 * SECONDS_PER_HOUR, for: SECONDS_PER_HOUR, factor: 2, severity: 'warning' },
  { tier: 'longTermBurn', long: 4 * SECONDS_PER_DAY, short: 6 * SECONDS_PER_HOUR, for: 3 * SECONDS_PER_HOUR, factor: 1, severity: 'warning' },
] as const;

const str: Shape = { type: 'string' };
const req = (shape: Shape): Field => ({ ...shape, required: true });
const obj = (fields: Record<string, Field>): ObjectShape => ({ type: 'object', fields });
const metric = obj({ metric: req(str) });
const grouping: Shape = { type: 'array', items: str };
const SHAPE = obj({
  apiVersion: req(str),
  kind: req({ type: 'string', oneOf: ['ServiceLevelObjective'] }),
  metadata: req(obj({
    name: req(str),
    namespace: str,
    labels: { type: 'map', values: str },
    annotations: { type: 'map', values: str },
    ...Object.fromEntries(['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields'].map((key) => [key, { type: 'any' }])),
  })),
  spec: req(obj({
    target: req(str),
    window: req(str),
    description: str,
    indicator: req(obj({
      ratio: obj({ errors: req(metric), total: req(metric), grouping }),
      latency: obj({ success: req(metric), total: req(metric), grouping }),
      latencyNative: obj({ latency: req(str), total: req(metric), grouping }),
      bool_gauge: obj({ metric: req(str), grouping }),
    })),
    alerting: obj({
      name: str,
      disabled: { type: 'boolean' },
      burnrates: { type: 'boolean' },
      absent: { type: 'boolean' },
      absentName: str,
      severities: { type: 'map', values: str },
      // Pyrra's dynamic burn rates (its examples/dynamic-burn-rate-*.yaml); static is its default.
      burnRateType: { type: 'string', oneOf: ['static', 'dynamic'] },
    }),
    partial_response_strategy: str,
    performanceOverAccuracy: { type: 'boolean' },
    ruleOutput: { type: 'any' },
  })),
  status: { type: 'any' },
});

/** Whether a document is a Pyrra ServiceLevelObjective. */
export function isPyrraDocument(value: unknown): boolean {
  return isPlainObject(value) && typeof value.apiVersion === 'string' && value.apiVersion.startsWith(PYRRA_API_GROUP)
    && value.kind === 'ServiceLevelObjective';
}

/** Reads Pyrra ServiceLevelObjective resources (YAML) into SLO definitions; throws on any problem. */
export function fromPyrra(text: string): ImportResult {
  return fromPyrraDocuments(readYamlDocuments(text, 'Pyrra'));
}

/** Reads Pyrra documents already split from their YAML streams; throws on any problem. */
export function fromPyrraDocuments(inputs: readonly InputDocument[]): ImportResult {
  const problems: string[] = [];
  const warnings: string[] = [];
  const slos: ImportedSlo[] = [];
  for (const input of inputs) {
    const result = importPyrraObject(input);
    problems.push(...result.problems);
    warnings.push(...result.warnings);
    if (result.slo) slos.push(result.slo);
  }
  const collapsed = collapseDuplicates(slos);
  problems.push(...collapsed.problems);
  warnings.push(...collapsed.warnings);
  if (problems.length > 0) throw new DocumentImportError('Pyrra', problems, warnings);
  return { slos: collapsed.slos, warnings };
}

function importPyrraObject(input: InputDocument): { slo?: ImportedSlo; problems: string[]; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  const value = input.value as any;
  const where = `${input.where} (ServiceLevelObjective "${value?.metadata?.name ?? '?'}")`;
  const at = (path: YamlPath, message: string) => {
    const line = input.lineOf?.(path);
    const field = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${p}`)).join('') || '(top level)';
    return `${where}${line !== undefined ? `, line ${line}` : ''}: ${field}: ${message}`;
  };
  const problem = (path: YamlPath, message: string) => problems.push(at(path, message));
  const warn = (path: YamlPath, message: string) => warnings.push(at(path, message));
  if (!isPyrraDocument(value)) {
    problems.push(`${where}: not a Pyrra ServiceLevelObjective (apiVersion pyrra.dev/v1alpha1, kind ServiceLevelObjective)`);
    return { problems, warnings };
  }
  const shapeProblems: string[] = [];
  checkShape(value, SHAPE, '', shapeProblems);
  for (const text of shapeProblems) {
    const match = /^([A-Za-z0-9_.[\]-]+): (.*)$/s.exec(text);
    problems.push(match ? at(match[1].split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== ''), match[2]) : `${where}: ${text}`);
  }
  if (problems.length > 0) return { problems, warnings };

  const metadata = value.metadata;
  const spec = value.spec;
  const labels: Record<string, string> = {};
  const otherLabels: string[] = [];
  for (const [name, text] of Object.entries((metadata.labels ?? {}) as Record<string, string>)) {
    if (name.startsWith(PYRRA_API_GROUP)) labels[name.slice(PYRRA_API_GROUP.length)] = text;
    else if (name !== 'app.kubernetes.io/managed-by' && name !== TIER_ANNOTATION) otherLabels.push(`${name}=${text}`);
  }
  if (otherLabels.length > 0) {
    warn(['metadata', 'labels'], `Pyrra copies these labels onto its PrometheusRule, where Prometheus's ruleSelector may match them: ${otherLabels.join(', ')}; pass them as ruleLabels to keep that`);
  }
  const service = labels[SLO_SERVICE_LABEL] ?? metadata.namespace ?? 'default';
  const name = labels[SLO_NAME_LABEL] ?? metadata.name;
  if (labels[SLO_SERVICE_LABEL] === undefined) {
    warn(['metadata', 'namespace'], `Pyrra SLOs have no service: the SLO's service is its namespace, "${service}" (or set the pyrra.dev/slo_service label)`);
  }
  delete labels[SLO_SERVICE_LABEL];
  delete labels[SLO_NAME_LABEL];

  const percent = Number(spec.target);
  const target = roundSignificant(percent / 100);
  if (spec.target.trim() === '' || !(target > 0 && target < 1)) {
    problem(['spec', 'target'], `must be a percentage strictly between 0 and 100 as a string, e.g. "99.9", got "${spec.target}"`);
  } else if (percent < 1) {
    // Pyrra's own admission warning: a target written as a ratio is almost always meant as a percentage.
    warn(['spec', 'target'], `is a percentage: "${spec.target}" means ${spec.target}%, not ${roundSignificant(percent * 100)}%`);
  }
  let windowSeconds = 0;
  try {
    windowSeconds = parsePromDuration(spec.window);
  } catch (e) {
    problem(['spec', 'window'], (e as Error).message);
  }
  const indicator = importedIndicator(spec.indicator, problem, warn);
  for (const ignored of ['partial_response_strategy', 'performanceOverAccuracy', 'ruleOutput']) {
    if (spec[ignored] !== undefined) warn(['spec', ignored], 'only changes how Pyrra writes its rules; cdk8s-slo writes its own');
  }
  if (problems.length > 0 || !indicator) return { problems, warnings };

  const annotations: Record<string, string> = {};
  let budgetPolicy: SloDefinition['budgetPolicy'];
  for (const [key, text] of Object.entries((metadata.annotations ?? {}) as Record<string, string>)) {
    if (key === BUDGET_POLICY_ANNOTATION) {
      const issues: ValidationIssue[] = [];
      budgetPolicy = parseBudgetPolicyAnnotation(text, key, issues);
      issues.forEach((issue) => problem(['metadata', 'annotations', key], issue.message));
    } else if (key.startsWith(PYRRA_API_GROUP)) {
      annotations[key.slice(PYRRA_API_GROUP.length)] = text;
    }
  }
  const alerting = importedAlerting(spec.alerting ?? {}, annotations, windowSeconds, warn);
  const definition: SloDefinition = {
    service,
    name,
    objective: { target, windowSeconds },
    indicator,
    labels,
    ...(spec.description ? { description: spec.description } : {}),
    alerting,
    ...(budgetPolicy ? { budgetPolicy } : {}),
  };
  for (const issue of validateSloDefinition(definition).filter((i) => i.severity === 'error')) {
    const path = pyrraFieldPath(issue.field, Object.keys(spec.indicator)[0]);
    problem(path, `${path.length <= 1 ? `${issue.field}: ` : ''}${issue.message}`);
  }
  if (problems.length > 0) return { problems, warnings };
  const tier = metadata.labels?.[TIER_ANNOTATION];
  return { slo: { definition, source: where, ...(tier ? { tier } : {}) }, problems, warnings };
}

/** Where a field of the imported SLO definition is written in the Pyrra document. */
export function pyrraFieldPath(field: string, indicatorKind: string): YamlPath {
  if (field === 'name') return ['metadata', 'name'];
  if (field === 'service') return ['metadata', 'namespace'];
  if (field === 'target' || field === 'window') return ['spec', field];
  if (field.startsWith('labels.')) return ['metadata', 'labels', PYRRA_API_GROUP + field.slice('labels.'.length)];
  const groupingLabel = /^indicator\.grouping\[(\d+)\]$/.exec(field);
  if (groupingLabel) return ['spec', 'indicator', indicatorKind, 'grouping', Number(groupingLabel[1])];
  return field.startsWith('indicator') ? ['spec', 'indicator'] : ['spec'];
}

/** Pyrra's indicator as one of cdk8s-slo's. */
function importedIndicator(
  indicator: any, problem: (path: YamlPath, message: string) => void, warn: (path: YamlPath, message: string) => void,
): Indicator | undefined {
  const kinds = Object.keys(indicator);
  if (kinds.length !== 1) {
    problem(['spec', 'indicator'], `set exactly one of ratio, latency, latencyNative and bool_gauge, got ${kinds.length === 0 ? 'none' : kinds.join(', ')}`);
    return undefined;
  }
  const kind = kinds[0];
  const body = indicator[kind];
  const groupBy: string[] = [...(body.grouping ?? [])];
  const selector = (path: YamlPath, text: string): string | undefined => {
    try {
      // Pyrra reads `x{…} offset 1m` as a selector (its rates then lag by the offset), the usual way to wait for late data.
      const offset = /^(.*[^\s])\s+offset\s+(-?[0-9a-z]+)\s*$/s.exec(text);
      if (offset) {
        const withoutOffset = normalizeSelector(offset[1]);
        warn(['spec', 'indicator', ...path], `read without "offset ${offset[2]}": the SLO counts the same events, up to date; to wait for late data, set queryOffset on the rule engine (RuleEngine.prometheus({ queryOffset }))`);
        return withoutOffset;
      }
      return normalizeSelector(text);
    } catch (e) {
      problem(['spec', 'indicator', ...path], `${(e as Error).message}: Pyrra builds its queries around a selector such as http_requests_total{job="api",code=~"5.."}`);
      return undefined;
    }
  };
  switch (kind) {
    case 'ratio': {
      const errors = selector([kind, 'errors', 'metric'], body.errors.metric);
      const total = selector([kind, 'total', 'metric'], body.total.metric);
      if (errors !== undefined && errors === total) warn(['spec', 'indicator', kind, 'errors', 'metric'], 'is the same selector as total: every request would be an error');
      return errors && total ? { kind: 'ratio', errors, total, grouping: groupBy } : undefined;
    }
    case 'latency': {
      const good = selector([kind, 'success', 'metric'], body.success.metric);
      const total = selector([kind, 'total', 'metric'], body.total.metric);
      if (!good || !total) return undefined;
      // Pyrra's admission webhook refuses a success selector without a numeric le, and warns on unusual names.
      const bucket = parseVectorSelector(good).matchers.find((matcher) => matcher.name === 'le');
      if (bucket === undefined || !isFloat(bucket.value)) {
        problem(['spec', 'indicator', kind, 'success', 'metric'], 'must select one histogram bucket with le="…" (a number), e.g. http_request_duration_seconds_bucket{le="0.3"}');
        return undefined;
      }
      if (!parseVectorSelector(good).metric?.endsWith('_bucket')) warn(['spec', 'indicator', kind, 'success', 'metric'], 'is usually a histogram\'s _bucket series');
      if (!parseVectorSelector(total).metric?.endsWith('_count')) warn(['spec', 'indicator', kind, 'total', 'metric'], 'is usually a histogram\'s _count series');
      // A histogram bucket over its own count is a latency SLI; any other pair is a ratio of good events.
      const latency = LATENCY.fromOpenSlo!.read({ metric: 'counter', good, total }, { selector: (text) => tryNormalizeSelector(text) });
      return latency?.indicator ? { ...latency.indicator, grouping: groupBy } : { kind: 'ratio', good, total, grouping: groupBy };
    }
    case 'latencyNative': {
      const histogram = selector([kind, 'total', 'metric'], body.total.metric);
      let thresholdSeconds: number | undefined;
      try {
        thresholdSeconds = parsePromDuration(body.latency);
      } catch (e) {
        problem(['spec', 'indicator', kind, 'latency'], (e as Error).message);
      }
      return histogram && thresholdSeconds !== undefined ? { kind: 'nativeLatency', histogram, thresholdSeconds, grouping: groupBy } : undefined;
    }
    case 'bool_gauge': {
      const gauge = selector([kind, 'metric'], body.metric);
      return gauge ? { kind: 'boolGauge', metric: gauge, grouping: groupBy } : undefined;
    }
    default:
      return undefined;
  }
}

/** Whether a label value reads as a float the way Pyrra (Go's ParseFloat) reads an `le` bound: 0.3, 1e3, +Inf. */
function isFloat(text: string): boolean {
  return /^[+-]?(inf|infinity)$/i.test(text) || (text.trim() === text && text !== '' && Number.isFinite(Number(text)));
}

/** Pyrra's tiers for an SLO window: each duration scaled from 28 days and rounded to the minute, as Pyrra does. */
export function pyrraWindowPairs(windowSeconds: number): Array<BurnRateWindowPair & { tier: string; forSeconds: number }> {
  const scaled = (seconds: number) => Math.round((seconds * windowSeconds) / DAYS_28 / SECONDS_PER_MINUTE) * SECONDS_PER_MINUTE;
  return PYRRA_TIERS.map((tier) => {
    const longSeconds = scaled(tier.long);
    return {
      tier: tier.tier,
      longSeconds,
      shortSeconds: scaled(tier.short),
      forSeconds: scaled(tier.for),
      // Unrounded, so that the burn factor comes back exactly (1/7 of the budget in 4d of 28 is ×1).
      budgetConsumed: (tier.factor * longSeconds) / windowSeconds,
      severity: tier.severity,
    };
  });
}

function importedAlerting(
  alerting: any, annotations: Record<string, string>, windowSeconds: number, warn: (path: YamlPath, message: string) => void,
): AlertingPolicy {
  const take = (key: string) => {
    const text = annotations[key];
    delete annotations[key];
    return text;
  };
  const summary = take('summary');
  const description = take('description');
  const runbookUrl = take('runbook_url');
  const dashboardUrl = take('dashboard_url');
  const enabled = alerting.disabled !== true && alerting.burnrates !== false;
  const pairs: BurnRateWindowPair[] = [];
  if (enabled && windowSeconds > 0) {
    const tiers = pyrraWindowPairs(windowSeconds);
    const raised = tiers.filter((t) => t.shortSeconds < BASE_WINDOW_SECONDS);
    if (raised.length > 0) {
      warn(['spec', 'window'], `Pyrra's short windows for ${formatPromDuration(windowSeconds)} include ${raised.map((t) => formatPromDuration(t.shortSeconds)).join(', ')}, shorter than the 5m rates cdk8s-slo derives its windows from: used 5m (the alert resolves a little later)`);
    }
    for (const tier of tiers) {
      const { tier: name, ...pair } = tier;
      pairs.push({ ...pair, shortSeconds: Math.max(pair.shortSeconds, BASE_WINDOW_SECONDS), severity: alerting.severities?.[name] ?? pair.severity });
    }
  }
  if (enabled && alerting.burnRateType === 'dynamic') {
    warn(['spec', 'alerting', 'burnRateType'], 'Pyrra\'s dynamic burn rates scale each tier\'s threshold with the traffic in its window; cdk8s-slo alerts on the static thresholds, which are the same while traffic is steady and differ when it is uneven');
  }
  if (enabled && alerting.absent !== false) {
    warn(['spec', 'alerting', 'absent'], 'Pyrra also alerts when the SLI\'s metrics are absent; cdk8s-slo writes no absence alert (add one, or set absent: false to say you do not want it)');
  }
  return {
    enabled: pairs.length > 0,
    alertName: alerting.name ?? PYRRA_ALERT_NAME,
    pairs,
    labels: {},
    annotations,
    ...(summary !== undefined ? { summary } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(runbookUrl !== undefined ? { runbookUrl } : {}),
    ...(dashboardUrl !== undefined ? { dashboardUrl } : {}),
  };
}
