/**
 * Sloth (github.com/slok/sloth): SLO definitions as `PrometheusServiceLevel` specs (sloth.slok.dev/v1),
 * and Sloth's `prometheus/v1` specs (or those custom resources) back to definitions.
 *
 * Sloth reads raw `events` queries with a `{{.window}}` placeholder, so every indicator kind maps
 * (see event-queries.ts). What Sloth decides itself:
 * - the SLO period is the operator's (`--default-slo-period`, 30d by default), not the object's: an SLO
 *   with another window is an error;
 * - the burn-rate windows are its own: Google's table, which is the SRE workbook's (1h/5m and 6h/30m
 *   page, 1d/2h and 3d/6h ticket); the page alert covers the first two pairs and the ticket alert the
 *   last two, each with one set of labels;
 * - `for`, minimum events and the error-budget policy have no Sloth field (reported as approximations).
 */
import { BUDGET_POLICY_ANNOTATION, budgetPolicyAnnotation, stableJson } from './annotations';
import { eventQueries } from './event-queries';
import { definitionProblems, DocumentImportError, duplicateProblems, ImportedSlo, ImportResult } from './imported';
import { ExportResult } from './openslo';
import { checkShape, Field, isPlainObject, ObjectShape, Shape } from './shape';
import { readYamlDocuments } from './yaml-input';
import type {
  PrometheusServiceLevelSpecSlos, PrometheusServiceLevelSpecSlosAlerting,
} from '../imports/sloth.slok.dev';
import { AlertingPolicy, DEFAULT_BURN_RATE_ALERT_NAME } from '../model/alerting-policy';
import { BurnRateWindowPair, sameWindowPair, SRE_WORKBOOK_WINDOW_PAIRS, windowPairName } from '../model/burn-rate';
import { formatDecimal, roundSignificant } from '../model/decimal';
import { formatPromDuration } from '../model/duration';
import { Indicator } from '../model/indicator';
import { isDnsLabel } from '../model/kubernetes-names';
import { SLO_NAME_LABEL, SLO_SERVICE_LABEL } from '../model/naming';
import { SloDefinition } from '../model/slo-definition';
import { error, ValidationIssue, warning } from '../model/validation-issue';
import { parsePromql, PromqlSyntaxNode } from '../promql/lezer-parser';
import { fillWindow, WINDOW_PLACEHOLDER } from '../promql/window-placeholder';

export const SLOTH_API_VERSION = 'sloth.slok.dev/v1';
export const SLOTH_SPEC_VERSION = 'prometheus/v1';

/** Sloth's page alert: the two fast pairs of Google's table. */
const PAGE_PAIRS = SRE_WORKBOOK_WINDOW_PAIRS.slice(0, 2);
/** Sloth's ticket alert: the two slow pairs. */
const TICKET_PAIRS = SRE_WORKBOOK_WINDOW_PAIRS.slice(2, 4);

export interface SlothExportOptions {
  /** The SLO period the Sloth operator runs with, in seconds. */
  readonly periodSeconds: number;
}

/** One SLO of a PrometheusServiceLevel. */
export function toSlothSlo(definition: SloDefinition, options: SlothExportOptions): ExportResult<PrometheusServiceLevelSpecSlos> {
  const issues: ValidationIssue[] = [];
  if (definition.objective.windowSeconds !== options.periodSeconds) {
    issues.push(error('window', `Sloth uses its operator's SLO period (${formatPromDuration(options.periodSeconds)}), not a window per SLO; this SLO's window is ${formatPromDuration(definition.objective.windowSeconds)}. Use the period, or pass the operator's period to SloDocumentFormat.sloth({ period })`));
  }
  if (issues.length > 0) return { documents: [], issues };

  const queries = eventQueries(definition.indicator, WINDOW_PLACEHOLDER);
  const slo: PrometheusServiceLevelSpecSlos = {
    name: definition.name,
    objective: Number(formatDecimal(definition.objective.target * 100)),
    ...(definition.description !== undefined ? { description: definition.description } : {}),
    ...(Object.keys(definition.labels).length > 0 ? { labels: { ...definition.labels } } : {}),
    sli: { events: { errorQuery: queries.errors, totalQuery: queries.total } },
    alerting: slothAlerting(definition, issues),
  };
  if (definition.budgetPolicy) {
    issues.push(warning('budgetPolicy', `Sloth has no error-budget policy: it is kept in the ${BUDGET_POLICY_ANNOTATION} annotation, and only the SLO's own PrometheusRule alerts on it`));
  }
  return { documents: [slo], issues };
}

function slothAlerting(definition: SloDefinition, issues: ValidationIssue[]): PrometheusServiceLevelSpecSlosAlerting {
  const policy = definition.alerting;
  const annotations: Record<string, string> = {
    ...(policy.summary !== undefined ? { summary: policy.summary } : {}),
    ...(policy.description !== undefined ? { description: policy.description } : {}),
    ...(policy.runbookUrl !== undefined ? { runbook_url: policy.runbookUrl } : {}),
    ...(policy.dashboardUrl !== undefined ? { dashboard_url: policy.dashboardUrl } : {}),
    ...policy.annotations,
  };
  const base = {
    name: policy.alertName,
    // The SLO's identity on Sloth's alerts too, so that routing and inhibition on slo_service/slo_name
    // work for both generators. (Not on its recording rules: their names overlap with ours.)
    labels: { ...policy.labels, [SLO_SERVICE_LABEL]: definition.service, [SLO_NAME_LABEL]: definition.name },
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
  if (!policy.enabled) {
    return { ...base, pageAlert: { disable: true }, ticketAlert: { disable: true } };
  }
  if (policy.forSeconds) {
    issues.push(warning('alerting.for', `Sloth's alerts have no "for": they fire on the first evaluation, not after ${formatPromDuration(policy.forSeconds)}`));
  }
  if (policy.minimumEvents !== undefined) {
    issues.push(warning('alerting.minimumEvents', 'Sloth has no minimum-traffic guard: its alerts fire on low traffic too'));
  }
  const matching = (pairs: readonly BurnRateWindowPair[]) => policy.pairs.filter((pair) => pairs.some((p) => sameWindowPair(p, pair)));
  policy.pairs.forEach((pair, index) => {
    if (![...PAGE_PAIRS, ...TICKET_PAIRS].some((p) => sameWindowPair(p, pair))) {
      issues.push(warning(`alerting.windows[${index}]`, `Sloth alerts on Google's windows only (1h/5m 2%, 6h/30m 5%, 1d/2h 10%, 3d/6h 10% of the budget); the pair ${windowPairName(pair)} (${formatDecimal(pair.budgetConsumed * 100)}%) is left out`));
    }
  });
  return {
    ...base,
    pageAlert: slothAlert('page', matching(PAGE_PAIRS), PAGE_PAIRS, issues),
    ticketAlert: slothAlert('ticket', matching(TICKET_PAIRS), TICKET_PAIRS, issues),
  };
}

function slothAlert(which: string, present: BurnRateWindowPair[], all: readonly BurnRateWindowPair[], issues: ValidationIssue[]) {
  if (present.length === 0) return { disable: true };
  const names = all.map(windowPairName).join(' and ');
  if (present.length < all.length) {
    issues.push(warning('alerting.disabledWindows', `Sloth's ${which} alert covers ${names} together: with ${windowPairName(present[0])} kept, it alerts on both`));
  }
  const [first, ...others] = present;
  const labelsOf = (pair: BurnRateWindowPair) => ({ severity: pair.severity, ...(pair.labels ?? {}) });
  for (const other of others) {
    if (stableJson(labelsOf(other)) !== stableJson(labelsOf(first))) {
      issues.push(warning('alerting.windows', `Sloth's ${which} alert covers ${names} with one set of labels: used those of ${windowPairName(first)} (${stableJson(labelsOf(first))}), not ${stableJson(labelsOf(other))}`));
    }
  }
  return { labels: labelsOf(first) };
}


/** The budget-policy annotation of a PrometheusServiceLevel: the policies of its SLOs by SLO name. */
export function slothBudgetPolicies(definitions: readonly SloDefinition[]): Record<string, string> {
  const policies = Object.fromEntries(definitions.filter((d) => d.budgetPolicy)
    .map((d) => [d.name, JSON.parse(budgetPolicyAnnotation(d.budgetPolicy!))]));
  return Object.keys(policies).length > 0 ? { [BUDGET_POLICY_ANNOTATION]: stableJson(policies) } : {};
}

// ---------------------------------------------------------------------------------------------------
// Import: Sloth's prometheus/v1 spec (snake_case) or a PrometheusServiceLevel (camelCase).

const str: Shape = { type: 'string' };
const req = (shape: Shape): Field => ({ ...shape, required: true });
const obj = (fields: Record<string, Field>): ObjectShape => ({ type: 'object', fields });
const stringMap: Shape = { type: 'map', values: str };

/** The shape of an SLO list in either spelling. */
function sloShape(names: Record<string, string>): Shape {
  const alert = obj({ disable: { type: 'boolean' }, labels: stringMap, annotations: stringMap });
  return {
    type: 'array',
    minItems: 1,
    items: obj({
      name: req(str),
      objective: req({ type: 'number' }),
      description: str,
      labels: stringMap,
      sli: req(obj({
        events: obj({ [names.errorQuery]: req(str), [names.totalQuery]: req(str) }),
        raw: obj({ [names.errorRatioQuery]: req(str) }),
        plugin: obj({ id: req(str), options: stringMap }),
      })),
      alerting: req(obj({ name: str, labels: stringMap, annotations: stringMap, [names.pageAlert]: alert, [names.ticketAlert]: alert })),
      plugins: { type: 'freeObject' },
    }),
  };
}

const SNAKE = { errorQuery: 'error_query', totalQuery: 'total_query', errorRatioQuery: 'error_ratio_query', pageAlert: 'page_alert', ticketAlert: 'ticket_alert', sloPlugins: 'slo_plugins' };
const CAMEL = { errorQuery: 'errorQuery', totalQuery: 'totalQuery', errorRatioQuery: 'errorRatioQuery', pageAlert: 'pageAlert', ticketAlert: 'ticketAlert', sloPlugins: 'sloPlugins' };

const SPEC_SHAPE = obj({
  version: req({ type: 'string', oneOf: [SLOTH_SPEC_VERSION] }),
  service: req(str),
  labels: stringMap,
  slo_plugins: { type: 'freeObject' },
  slos: req(sloShape(SNAKE)),
});
const RESOURCE_SHAPE = obj({
  apiVersion: req(str),
  kind: req({ type: 'string', oneOf: ['PrometheusServiceLevel'] }),
  metadata: { type: 'freeObject' },
  spec: req(obj({ service: req(str), labels: stringMap, sloPlugins: { type: 'freeObject' }, slos: req(sloShape(CAMEL)) })),
  status: { type: 'freeObject' },
});

export interface SlothImportOptions {
  /** The SLO period Sloth ran with (its specs do not say), in seconds. */
  readonly periodSeconds: number;
}

/** Reads Sloth specs (prometheus/v1) or PrometheusServiceLevel resources into SLO definitions; throws on any problem. */
export function fromSloth(text: string, options: SlothImportOptions): ImportResult {
  const format = 'Sloth';
  const inputs = readYamlDocuments(text, format);
  const problems: string[] = [];
  const warnings: string[] = [];
  const slos: ImportedSlo[] = [];
  for (const input of inputs) {
    const value = input.value as any;
    if (!isPlainObject(value as unknown)) {
      problems.push(`${input.where}: must be a map: a Sloth spec (version: ${SLOTH_SPEC_VERSION}) or a PrometheusServiceLevel`);
      continue;
    }
    const resource = value.apiVersion !== undefined || value.kind !== undefined;
    if (resource && value.apiVersion !== SLOTH_API_VERSION) {
      problems.push(`${input.where}: apiVersion: must be ${SLOTH_API_VERSION}, got ${JSON.stringify(value.apiVersion ?? null)}`);
      continue;
    }
    if (!resource && value.version !== SLOTH_SPEC_VERSION) {
      problems.push(`${input.where}: version: must be ${SLOTH_SPEC_VERSION} (Sloth's other spec formats are not supported), got ${JSON.stringify(value.version ?? null)}`);
      continue;
    }
    const names = resource ? CAMEL : SNAKE;
    const spec = resource ? value.spec : value;
    const specPath = resource ? 'spec.' : '';
    const where = `${input.where} (${resource ? 'PrometheusServiceLevel' : 'Sloth spec'} of service "${spec?.service ?? '?'}")`;
    const shapeProblems: string[] = [];
    checkShape(value, resource ? RESOURCE_SHAPE : SPEC_SHAPE, '', shapeProblems);
    if (shapeProblems.length > 0) {
      problems.push(...shapeProblems.map((p) => `${where}: ${p}`));
      continue;
    }
    if (spec[names.sloPlugins] !== undefined) {
      problems.push(`${where}: ${specPath}${names.sloPlugins}: Sloth plugins cannot be imported`);
    }
    (spec.slos as any[]).forEach((slo, index) => {
      const at = `${where}: ${specPath}slos[${index}]`;
      const result = importSlothSlo(spec, slo, names, options, at);
      problems.push(...result.problems);
      warnings.push(...result.warnings);
      if (result.slo) slos.push(result.slo);
    });
  }
  problems.push(...duplicateProblems(slos));
  if (problems.length > 0) throw new DocumentImportError(format, problems);
  return { slos, warnings };
}

function importSlothSlo(
  spec: any, slo: any, names: typeof CAMEL, options: SlothImportOptions, at: string,
): { slo?: ImportedSlo; problems: string[]; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  const problem = (field: string, message: string) => problems.push(`${at}.${field}: ${message}`);
  if (!isDnsLabel(spec.service)) problem('service', `"${spec.service}" must be a lowercase DNS label to become the slo_service label`);
  if (!isDnsLabel(slo.name)) problem('name', `"${slo.name}" must be a lowercase DNS label to become the slo_name label`);
  const target = roundSignificant(slo.objective / 100);
  if (!(target > 0 && target < 1)) problem('objective', `must be a percentage strictly between 0 and 100 (an objective of 100 leaves no error budget), got ${slo.objective}`);
  if (slo.plugins !== undefined) problem('plugins', 'Sloth plugins cannot be imported');
  const indicator = importedIndicator(slo.sli, names, problem);
  const alerting = importedAlerting(spec, slo, names, (field, message) => warnings.push(`${at}.${field}: ${message}`));
  if (problems.length > 0 || !indicator) return { problems, warnings };
  const definition: SloDefinition = {
    service: spec.service,
    name: slo.name,
    objective: { target, windowSeconds: options.periodSeconds },
    indicator,
    labels: { ...(spec.labels ?? {}), ...(slo.labels ?? {}) },
    ...(slo.description !== undefined ? { description: slo.description } : {}),
    alerting,
  };
  const definitionIssues = definitionProblems(definition, at);
  if (definitionIssues.length > 0) return { problems: definitionIssues, warnings };
  return { slo: { definition, source: at }, problems, warnings };
}

type FieldReport = (field: string, message: string) => void;

/** A Sloth SLI as an indicator: its events are raw queries with Sloth's window placeholder. */
function importedIndicator(sli: any, names: typeof CAMEL, problem: FieldReport): Indicator | undefined {
  if (sli.events) {
    const errorQuery: string = sli.events[names.errorQuery];
    const totalQuery: string = sli.events[names.totalQuery];
    return { kind: 'query', errorQuery, totalQuery, grouping: queryGrouping(totalQuery) };
  } else if (sli.raw) {
    problem('sli.raw', 'a raw error ratio has no event counts, which cdk8s-slo needs to weight windows; rewrite it as events (error and total queries)');
  } else if (sli.plugin) {
    problem('sli.plugin', `SLI plugins (${sli.plugin.id}) cannot be imported; rewrite the SLI as events`);
  } else {
    problem('sli', 'set events (error and total queries)');
  }
  return undefined;
}

/** Sloth's page and ticket alerts as burn-rate window pairs with Sloth's fixed windows, and its alert texts. */
function importedAlerting(spec: any, slo: any, names: typeof CAMEL, warn: FieldReport): AlertingPolicy {
  const alerting = slo.alerting;
  const annotations: Record<string, string> = { ...(alerting.annotations ?? {}) };
  const take = (key: string) => {
    const value = annotations[key];
    delete annotations[key];
    return value;
  };
  const summary = take('summary');
  const alertDescription = take('description');
  const runbookUrl = take('runbook_url');
  const dashboardUrl = take('dashboard_url');
  const pairs: BurnRateWindowPair[] = [];
  for (const [key, which, windowPairs, defaultSeverity] of [
    [names.pageAlert, 'page', PAGE_PAIRS, 'critical'],
    [names.ticketAlert, 'ticket', TICKET_PAIRS, 'warning'],
  ] as const) {
    const alert = alerting[key] ?? {};
    if (alert.disable === true) continue;
    const { severity, ...labels } = alert.labels ?? {};
    if (alert.annotations && Object.keys(alert.annotations).length > 0) {
      warn(`alerting.${key}.annotations`, `annotations of the ${which} alert alone are left out (cdk8s-slo annotates every alert alike): ${Object.keys(alert.annotations).join(', ')}`);
    }
    for (const pair of windowPairs) {
      pairs.push({ ...pair, severity: severity ?? defaultSeverity, ...(Object.keys(labels).length > 0 ? { labels } : {}) });
    }
  }
  // cdk8s-slo's own Sloth resources label alerts with the SLO's identity, which the rules set anyway.
  const alertLabels: Record<string, string> = { ...(alerting.labels ?? {}) };
  if (alertLabels[SLO_SERVICE_LABEL] === spec.service) delete alertLabels[SLO_SERVICE_LABEL];
  if (alertLabels[SLO_NAME_LABEL] === slo.name) delete alertLabels[SLO_NAME_LABEL];
  return {
    enabled: pairs.length > 0,
    alertName: alerting.name ?? DEFAULT_BURN_RATE_ALERT_NAME,
    pairs,
    labels: alertLabels,
    annotations,
    ...(summary !== undefined ? { summary } : {}),
    ...(alertDescription !== undefined ? { description: alertDescription } : {}),
    ...(runbookUrl !== undefined ? { runbookUrl } : {}),
    ...(dashboardUrl !== undefined ? { dashboardUrl } : {}),
  };
}

/**
 * The labels of a top-level `sum by (...)` in a query: Sloth keeps them as one SLI per group, and so
 * must the imported SLO.
 */
export function queryGrouping(query: string): string[] {
  const text = fillWindow(query, '5m');
  let node: PromqlSyntaxNode | null = parsePromql(text).topNode.firstChild;
  while (node && node.name === 'ParenExpr') node = node.firstChild;
  if (!node || node.name !== 'AggregateExpr') return [];
  const modifier = node.getChild('AggregateModifier');
  if (!modifier || !modifier.getChild('By')) return [];
  const labels: string[] = [];
  const grouping = modifier.getChild('GroupingLabels');
  for (let child = grouping?.firstChild ?? null; child; child = child.nextSibling) {
    if (child.name === 'LabelName') labels.push(text.slice(child.from, child.to));
  }
  return labels;
}
