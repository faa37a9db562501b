/**
 * Sloth's `prometheus/v1` specs and `sloth.slok.dev/v1` resources (PrometheusServiceLevel, AlertWindows)
 * back to SLO definitions, meaning what Sloth's own rules mean:
 * - the SLO period is the one Sloth runs with (`--default-slo-period`), given by the caller;
 * - the burn-rate windows are Google's (the SRE workbook's) unless an AlertWindows document of the same
 *   period is read along, as Sloth's `--slo-period-windows-path` would;
 * - label values that YAML reads as numbers or booleans are the text written, as Sloth (Go) reads them;
 * - SLO plugins: Sloth's own rule generation, debug and validation plugins change nothing; the contrib
 *   plugins this library has a meaning for map onto it; any other is refused, naming it;
 * - a raw `errorRatioQuery` SLI is an averaged error ratio (`Sli.averagedErrorRatio`), with a warning:
 *   it cannot be weighted by events.
 */
import { collapseDuplicates, DocumentImportError, ImportedSlo, ImportResult } from './imported';
import { checkShape, Field, isPlainObject, ObjectShape, Shape } from './shape';
import { SLOTH_API_VERSION, SLOTH_SPEC_VERSION } from './sloth';
import { SlothPlugins, slothPluginEffects } from './sloth-plugins';
import { queryGrouping, slothEventQueries } from './sloth-queries';
import { SlothWindowCatalog, slothWindowCatalog } from './sloth-windows';
import { InputDocument, parseFieldName, readYamlDocuments, YamlPath } from './yaml-input';
import { AlertingPolicy, DEFAULT_BURN_RATE_ALERT_NAME } from '../model/alerting-policy';
import { BurnRateWindowPair, SRE_WORKBOOK_WINDOW_PAIRS } from '../model/burn-rate';
import { roundSignificant } from '../model/decimal';
import { formatPromDuration, SECONDS_PER_DAY } from '../model/duration';
import { Indicator } from '../model/indicator';
import { SLO_NAME_LABEL, SLO_SERVICE_LABEL } from '../model/naming';
import { SloDefinition, validateSloDefinition } from '../model/slo-definition';
import { promqlSyntaxErrors } from '../promql/syntax';
import { fillWindow } from '../promql/window-placeholder';

export interface SlothImportOptions {
  /** The SLO period Sloth ran with (its specs do not say), in seconds. */
  readonly periodSeconds: number;
}

/** Sloth's page alert: the two fast pairs of Google's table. */
const PAGE_PAIRS = SRE_WORKBOOK_WINDOW_PAIRS.slice(0, 2);
/** Sloth's ticket alert: the two slow pairs. */
const TICKET_PAIRS = SRE_WORKBOOK_WINDOW_PAIRS.slice(2, 4);
/** The periods Sloth has built-in windows for (Google's table); others need an AlertWindows document. */
const DEFAULT_WINDOW_PERIODS = [28 * SECONDS_PER_DAY, 30 * SECONDS_PER_DAY];

const str: Shape = { type: 'string' };
const req = (shape: Shape): Field => ({ ...shape, required: true });
const obj = (fields: Record<string, Field>): ObjectShape => ({ type: 'object', fields });
const stringMap: Shape = { type: 'map', values: str };
const plugins: Shape = obj({
  overridePrevious: { type: 'boolean' },
  chain: req({ type: 'array', items: obj({ id: req(str), priority: { type: 'number' }, config: { type: 'any' } }) }),
});

/** The names of Sloth's fields in either spelling: snake_case specs, camelCase resources. */
interface SlothNames {
  readonly errorQuery: string;
  readonly totalQuery: string;
  readonly errorRatioQuery: string;
  readonly pageAlert: string;
  readonly ticketAlert: string;
  readonly sloPlugins: string;
}
const SNAKE: SlothNames = { errorQuery: 'error_query', totalQuery: 'total_query', errorRatioQuery: 'error_ratio_query', pageAlert: 'page_alert', ticketAlert: 'ticket_alert', sloPlugins: 'slo_plugins' };
const CAMEL: SlothNames = { errorQuery: 'errorQuery', totalQuery: 'totalQuery', errorRatioQuery: 'errorRatioQuery', pageAlert: 'pageAlert', ticketAlert: 'ticketAlert', sloPlugins: 'sloPlugins' };

/** The shape of an SLO list in either spelling. */
function sloShape(names: SlothNames): Shape {
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
      plugins,
    }),
  };
}

const SPEC_SHAPE = obj({
  version: req({ type: 'string', oneOf: [SLOTH_SPEC_VERSION] }),
  service: req(str),
  labels: stringMap,
  slo_plugins: plugins,
  slos: req(sloShape(SNAKE)),
});
const RESOURCE_SHAPE = obj({
  apiVersion: req(str),
  kind: req({ type: 'string', oneOf: ['PrometheusServiceLevel'] }),
  metadata: { type: 'freeObject' },
  spec: req(obj({ service: req(str), labels: stringMap, sloPlugins: plugins, slos: req(sloShape(CAMEL)) })),
  status: { type: 'freeObject' },
});

/** Whether a document is Sloth's: a `prometheus/v1` spec or a `sloth.slok.dev/v1` resource. */
export function isSlothDocument(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  return value.version === SLOTH_SPEC_VERSION || value.apiVersion === SLOTH_API_VERSION;
}

/** Reads Sloth specs (prometheus/v1) or PrometheusServiceLevel resources into SLO definitions; throws on any problem. */
export function fromSloth(text: string, options: SlothImportOptions): ImportResult {
  return fromSlothDocuments(readYamlDocuments(text, 'Sloth'), options);
}

/** Reads Sloth documents already split from their YAML streams (see `readYamlDocuments`); throws on any problem. */
export function fromSlothDocuments(inputs: readonly InputDocument[], options: SlothImportOptions): ImportResult {
  const problems: string[] = [];
  const warnings: string[] = [];
  const slos: ImportedSlo[] = [];
  const catalogs: SlothWindowCatalog[] = [];
  const specs: InputDocument[] = [];
  for (const input of inputs) {
    const value = input.value as any;
    if (isPlainObject(value) && value.apiVersion === SLOTH_API_VERSION && value.kind === 'AlertWindows') {
      const catalog = slothWindowCatalog(input);
      problems.push(...catalog.problems);
      if (catalog.catalog) {
        catalogs.push(catalog.catalog);
        if (catalog.catalog.periodSeconds === options.periodSeconds) warnings.push(...catalog.warnings);
      }
    } else {
      specs.push(input);
    }
  }
  const windows = windowsForPeriod(catalogs, options.periodSeconds, warnings, specs.length > 0);
  for (const input of specs) {
    const result = importSlothDocument(input, windows, options);
    problems.push(...result.problems);
    warnings.push(...result.warnings);
    slos.push(...result.slos);
  }
  const collapsed = collapseDuplicates(slos);
  problems.push(...collapsed.problems);
  warnings.push(...collapsed.warnings);
  if (problems.length > 0) throw new DocumentImportError('Sloth', problems, warnings);
  return { slos: collapsed.slos, warnings };
}

/** The page and ticket pairs for the period: an AlertWindows document's, or Google's table. */
function windowsForPeriod(catalogs: SlothWindowCatalog[], periodSeconds: number, warnings: string[], hasSlos: boolean): SlothWindowCatalog {
  const period = formatPromDuration(periodSeconds);
  for (const catalog of catalogs) {
    if (catalog.periodSeconds !== periodSeconds) {
      warnings.push(`${catalog.source}: spec.sloPeriod: the windows of ${formatPromDuration(catalog.periodSeconds)} SLOs are not used: the SLOs are imported with a period of ${period} (Sloth applies them only to SLOs of that period)`);
    }
  }
  const matching = catalogs.filter((c) => c.periodSeconds === periodSeconds);
  if (matching.length > 1) {
    warnings.push(`${matching[1].source}: several AlertWindows documents for ${period}: used the first, ${matching[0].source}`);
  }
  if (matching.length > 0) return matching[0];
  if (hasSlos && !DEFAULT_WINDOW_PERIODS.includes(periodSeconds)) {
    warnings.push(`Sloth has no built-in alert windows for a period of ${period} (only 28d and 30d) and needs an AlertWindows document for it; used Google's table (2% of the budget in 1h and 5% in 6h page, 10% in 1d and in 3d ticket)`);
  }
  return { periodSeconds, page: PAGE_PAIRS, ticket: TICKET_PAIRS, source: 'Google\'s table' };
}

interface DocumentImport {
  readonly slos: ImportedSlo[];
  readonly problems: string[];
  readonly warnings: string[];
}

/** One spec or PrometheusServiceLevel. */
function importSlothDocument(input: InputDocument, windows: SlothWindowCatalog, options: SlothImportOptions): DocumentImport {
  const result: DocumentImport = { slos: [], problems: [], warnings: [] };
  const value = input.value as any;
  if (!isPlainObject(value as unknown)) {
    result.problems.push(`${input.where}: must be a map: a Sloth spec (version: ${SLOTH_SPEC_VERSION}) or a PrometheusServiceLevel`);
    return result;
  }
  const resource = value.apiVersion !== undefined || value.kind !== undefined;
  if (resource && value.apiVersion !== SLOTH_API_VERSION) {
    result.problems.push(`${input.where}: apiVersion: must be ${SLOTH_API_VERSION}, got ${JSON.stringify(value.apiVersion ?? null)}`);
    return result;
  }
  if (!resource && value.version !== SLOTH_SPEC_VERSION) {
    result.problems.push(`${input.where}: version: must be ${SLOTH_SPEC_VERSION} (Sloth's other spec formats are not supported), got ${JSON.stringify(value.version ?? null)}`);
    return result;
  }
  const names = resource ? CAMEL : SNAKE;
  const specPath: YamlPath = resource ? ['spec'] : [];
  const document = withLabelsAsWritten(value, input.asWritten, specPath, names);
  const spec = resource ? document.spec : document;
  const where = `${input.where} (${resource ? 'PrometheusServiceLevel' : 'Sloth spec'} of service "${spec?.service ?? '?'}")`;
  const located = locator(input, where);
  const shapeProblems: string[] = [];
  checkShape(document, resource ? RESOURCE_SHAPE : SPEC_SHAPE, '', shapeProblems);
  if (shapeProblems.length > 0) {
    result.problems.push(...shapeProblems.map(located.problem));
    return result;
  }
  (spec.slos as any[]).forEach((slo, index) => {
    const path: YamlPath = [...specPath, 'slos', index];
    const report = {
      problem: (field: YamlPath, message: string) => result.problems.push(located.at([...path, ...field], message)),
      warning: (field: YamlPath, message: string) => result.warnings.push(located.at([...path, ...field], message)),
      specProblem: (field: YamlPath, message: string) => result.problems.push(located.at([...specPath, ...field], message)),
      specWarning: (field: YamlPath, message: string) => result.warnings.push(located.at([...specPath, ...field], message)),
    };
    const imported = importSlothSlo(spec, slo, names, windows, options, report, located.at(path, '').replace(/: $/, ''));
    if (imported) result.slos.push(imported);
  });
  // Findings of the spec's own fields (its plugin chain) come once, not once per SLO.
  return { slos: result.slos, problems: [...new Set(result.problems)], warnings: [...new Set(result.warnings)] };
}

/** Messages that name the document, the line and the field (`file.yaml document 1 (…), line 12: slos[0].sli: …`). */
function locator(input: InputDocument, where: string) {
  const at = (path: YamlPath, message: string): string => {
    const line = input.lineOf?.(path);
    return `${where}${line !== undefined ? `, line ${line}` : ''}: ${fieldName(path)}${message === '' ? '' : `: ${message}`}`;
  };
  // checkShape's problems start with their field (`slos[0].sli.events: is required`).
  const problem = (text: string): string => {
    const match = /^([A-Za-z0-9_.[\]-]+|\(top level\)): (.*)$/s.exec(text);
    return match ? at(parseFieldName(match[1]), match[2]) : `${where}: ${text}`;
  };
  return { at, problem };
}

function fieldName(path: YamlPath): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${part}`)).join('') || '(top level)';
}


/**
 * The document with the values of its label and annotation maps as written: Sloth reads `generated:
 * true` or `le: 0.2` into Go strings ("true", "0.2"), and so must the import.
 */
function withLabelsAsWritten(value: any, asWritten: any, specPath: YamlPath, names: SlothNames): any {
  if (!isPlainObject(asWritten)) return value;
  const copy = JSON.parse(JSON.stringify(value));
  const dig = (root: any, path: YamlPath): any => path.reduce((node, key) => (node === null || node === undefined ? undefined : node[key]), root);
  const fix = (path: YamlPath) => {
    const target = dig(copy, path);
    const written = dig(asWritten, path);
    if (!isPlainObject(target) || !isPlainObject(written)) return;
    for (const [key, item] of Object.entries(target)) {
      if (item === null || typeof item === 'number' || typeof item === 'boolean') {
        target[key] = typeof written[key] === 'string' ? written[key] : '';
      }
    }
  };
  fix([...specPath, 'labels']);
  const slos = dig(copy, [...specPath, 'slos']);
  if (Array.isArray(slos)) {
    slos.forEach((_slo, index) => {
      const slo: YamlPath = [...specPath, 'slos', index];
      fix([...slo, 'labels']);
      fix([...slo, 'alerting', 'labels']);
      fix([...slo, 'alerting', 'annotations']);
      for (const alert of [names.pageAlert, names.ticketAlert]) {
        fix([...slo, 'alerting', alert, 'labels']);
        fix([...slo, 'alerting', alert, 'annotations']);
      }
      fix([...slo, 'sli', 'plugin', 'options']);
    });
  }
  return copy;
}

interface SloReport {
  problem(field: YamlPath, message: string): void;
  warning(field: YamlPath, message: string): void;
  specProblem(field: YamlPath, message: string): void;
  specWarning(field: YamlPath, message: string): void;
}

function importSlothSlo(
  spec: any, slo: any, names: SlothNames, windows: SlothWindowCatalog, options: SlothImportOptions, report: SloReport, source: string,
): ImportedSlo | undefined {
  let failed = false;
  const problem = (field: YamlPath, message: string) => {
    failed = true;
    report.problem(field, message);
  };
  const target = roundSignificant(slo.objective / 100);
  if (!(target > 0 && target < 1)) problem(['objective'], `must be a percentage strictly between 0 and 100 (an objective of 100 leaves no error budget), got ${slo.objective}`);
  const effects = slothPluginEffects(spec[names.sloPlugins] as SlothPlugins | undefined, slo.plugins as SlothPlugins | undefined, {
    specField: [names.sloPlugins],
    sloField: ['plugins'],
    problem: (field, message, onSpec) => {
      failed = true;
      (onSpec ? report.specProblem : report.problem)(field, message);
    },
    warning: (field, message, onSpec) => (onSpec ? report.specWarning : report.warning)(field, message),
  });
  const indicator = importedIndicator(slo.sli, names, effects.metricsQl, problem, report.warning);
  const labels = { ...effects.labels, ...(spec.labels ?? {}), ...(slo.labels ?? {}) };
  const alerting = withoutRepeatedLabels(importedAlerting(spec, slo, names, windows, effects.alerts, report.warning), labels, report.warning);
  if (failed || !indicator) return undefined;
  const definition: SloDefinition = {
    service: spec.service,
    name: slo.name,
    objective: { target, windowSeconds: options.periodSeconds },
    indicator,
    labels,
    ...(slo.description !== undefined ? { description: slo.description } : {}),
    alerting,
  };
  const definitionIssues = validateSloDefinition(definition).filter((issue) => issue.severity === 'error');
  for (const issue of definitionIssues) {
    const field = documentField(issue.field, slo, names);
    if (field.onSpec) report.specProblem(field.path, issue.message);
    else report.problem(field.path, `${field.path.length === 0 ? `${issue.field}: ` : ''}${issue.message}`);
  }
  if (definitionIssues.length > 0) return undefined;
  return { definition, source };
}

/** The document's own field for a field of the definition (`indicator.errorQuery` → `sli.events.error_query`). */
function documentField(field: string, slo: any, names: SlothNames): { path: YamlPath; onSpec?: boolean } {
  const [head, ...rest] = field.split('.');
  const key = rest.join('.');
  switch (head) {
    case 'service':
      return { path: ['service'], onSpec: true };
    case 'name':
      return { path: ['name'] };
    case 'objective':
      return { path: ['objective'] };
    case 'labels':
      return slo.labels && key in slo.labels ? { path: ['labels', key] } : { path: ['labels', key], onSpec: true };
    case 'indicator': {
      const sli = slo.sli.events ? ['sli', 'events'] : ['sli', 'raw'];
      const fields: Record<string, string> = {
        errorQuery: names.errorQuery, goodQuery: names.errorQuery, totalQuery: names.totalQuery, errorRatioQuery: names.errorRatioQuery,
      };
      return { path: fields[key] ? [...sli, fields[key]] : sli };
    }
    case 'alerting':
      if (key === 'alertName') return { path: ['alerting', 'name'] };
      if (rest[0] === 'labels' || rest[0] === 'annotations') return { path: ['alerting', rest[0], ...rest.slice(1)] };
      return { path: ['alerting'] };
    default:
      return { path: [] };
  }
}

type FieldReport = (field: YamlPath, message: string) => void;

/** A Sloth SLI as an indicator: events are raw queries, a raw ratio is averaged over time. */
function importedIndicator(sli: any, names: SlothNames, metricsQl: boolean, problem: FieldReport, warn: FieldReport): Indicator | undefined {
  const dialect = metricsQl ? ' (this spec validates its queries as MetricsQL, VictoriaMetrics\' dialect; cdk8s-slo writes Prometheus rules, which must be PromQL)' : '';
  if (sli.events) {
    const queries = slothEventQueries(sli.events[names.errorQuery], sli.events[names.totalQuery]);
    return checkedQueries({ kind: 'query', ...queries, grouping: queryGrouping(queries.totalQuery) },
      [['sli', 'events', names.errorQuery], ['sli', 'events', names.totalQuery]], dialect, problem);
  } else if (sli.raw) {
    const errorRatioQuery: string = sli.raw[names.errorRatioQuery];
    warn(['sli', 'raw'], 'a precomputed error ratio is averaged over time (Sli.averagedErrorRatio), as Sloth does: every minute weighs the same whatever its traffic, so it cannot be event-weighted; rewrite it as events (error and total queries) if the counts exist');
    return checkedQueries({ kind: 'averagedErrorRatio', errorRatioQuery, grouping: queryGrouping(errorRatioQuery) },
      [['sli', 'raw', names.errorRatioQuery]], dialect, problem);
  } else if (sli.plugin) {
    problem(['sli', 'plugin'], `the SLI plugin "${sli.plugin.id}" is Go code that cannot be read here; write the queries it generates instead, as events in the spec or in TypeScript: Sli.fromQueries({ errorQuery: 'sum(rate(errors_total{…}[{{.window}}]))', totalQuery: 'sum(rate(requests_total{…}[{{.window}}]))' })`);
  } else {
    problem(['sli'], `set events (${names.errorQuery} and ${names.totalQuery}) or raw (${names.errorRatioQuery})`);
  }
  return undefined;
}

/** The indicator, or undefined after reporting each query that does not parse as PromQL at its field. */
function checkedQueries(indicator: Indicator, fields: YamlPath[], dialect: string, problem: FieldReport): Indicator | undefined {
  const queries = indicator.kind === 'query' ? [indicator.errorQuery ?? indicator.goodQuery, indicator.totalQuery]
    : indicator.kind === 'averagedErrorRatio' ? [indicator.errorRatioQuery] : [];
  let ok = true;
  queries.forEach((query, index) => {
    const errors = queryProblem(query ?? '');
    if (errors !== undefined) {
      ok = false;
      problem(fields[index], `${errors}${dialect}`);
    }
  });
  return ok ? indicator : undefined;
}

/** Why a Sloth query is no PromQL, or undefined. */
function queryProblem(query: string): string | undefined {
  const errors = promqlSyntaxErrors(fillWindow(query, '5m'));
  return errors.length > 0 ? `does not parse as PromQL: ${errors[0].message}` : undefined;
}

/** Sloth's page and ticket alerts as burn-rate window pairs, and its alert texts. */
/**
 * Sloth lets the alerting labels override an SLO's labels; cdk8s-slo sets a label to one value. A label
 * repeated with the same value stays; one with another value keeps the SLO's value, with a warning (Sloth
 * would put the alerting value on the alerts only).
 */
function withoutRepeatedLabels(alerting: AlertingPolicy, sloLabels: Readonly<Record<string, string>>, warn: FieldReport): AlertingPolicy {
  const keep = (where: string[], labels: Readonly<Record<string, string>>, earlier: Readonly<Record<string, string>>) => {
    const kept: Record<string, string> = {};
    for (const [name, value] of Object.entries(labels)) {
      if (!(name in earlier) || earlier[name] === value) {
        kept[name] = value;
      } else {
        warn([...where, name], `Sloth puts "${value}" on the alerts and "${earlier[name]}" on the recorded series; cdk8s-slo sets one value for both and keeps "${earlier[name]}"`);
      }
    }
    return kept;
  };
  const labels = keep(['alerting', 'labels'], alerting.labels ?? {}, sloLabels);
  const both = { ...sloLabels, ...labels };
  return {
    ...alerting,
    labels,
    pairs: alerting.pairs.map((pair) => (pair.labels ? { ...pair, labels: keep(['alerting', 'labels'], pair.labels, both) } : pair)),
  };
}

function importedAlerting(spec: any, slo: any, names: SlothNames, windows: SlothWindowCatalog, alerts: boolean, warn: FieldReport): AlertingPolicy {
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
  // Sloth merges the alerting labels under each alert's own, so a common severity is each alert's default.
  const { severity: commonSeverity, ...commonLabels } = (alerting.labels ?? {}) as Record<string, string>;
  const pairs: BurnRateWindowPair[] = [];
  for (const [key, which, windowPairs, defaultSeverity] of [
    [names.pageAlert, 'page', windows.page, 'critical'],
    [names.ticketAlert, 'ticket', windows.ticket, 'warning'],
  ] as const) {
    const alert = alerting[key] ?? {};
    if (alert.disable === true || !alerts) continue;
    const { severity, ...labels } = alert.labels ?? {};
    if (alert.annotations && Object.keys(alert.annotations).length > 0) {
      warn(['alerting', key, 'annotations'], `annotations of the ${which} alert alone are left out (cdk8s-slo annotates every alert alike): ${Object.keys(alert.annotations).join(', ')}`);
    }
    for (const pair of windowPairs) {
      pairs.push({ ...pair, severity: severity ?? commonSeverity ?? defaultSeverity, ...(Object.keys(labels).length > 0 ? { labels } : {}) });
    }
  }
  // cdk8s-slo's own Sloth resources label alerts with the SLO's identity, which the rules set anyway.
  const alertLabels: Record<string, string> = { ...commonLabels };
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
