/**
 * SLO documents checked with the project's own importers: OpenSLO v1 and Sloth (prometheus/v1 specs and
 * PrometheusServiceLevel resources) through `fromOpenSlo` / `fromSloth`, which check the documents as
 * their reference tools do and then as SLO definitions (the synth-time rules); Pyrra ServiceLevelObjectives
 * structurally (target, window, indicator selectors), as Pyrra itself reads them.
 */
import { DocumentImportError, ImportedSlo, ImportResult } from 'cdk8s-slo/lib/documents/imported';
import { fromOpenSloDocuments } from 'cdk8s-slo/lib/documents/openslo-import';
import { fromPyrraDocuments } from 'cdk8s-slo/lib/documents/pyrra-import';
import { checkShape, Field, ObjectShape, Shape } from 'cdk8s-slo/lib/documents/shape';
import { fromSloth } from 'cdk8s-slo/lib/documents/sloth-import';
import { InputDocument } from 'cdk8s-slo/lib/documents/yaml-input';
import { roundSignificant } from 'cdk8s-slo/lib/model/decimal';
import { parsePromDuration } from 'cdk8s-slo/lib/model/duration';
import { validateLabelName } from 'cdk8s-slo/lib/model/labels';
import { validateObjective } from 'cdk8s-slo/lib/model/objective';
import { validateSloDefinition } from 'cdk8s-slo/lib/model/slo-definition';
import { parseVectorSelector } from 'cdk8s-slo/lib/promql/selector';
import * as YAML from 'yaml';
import { DocumentIssue, FieldPath, FindingSeverity, issue, parseFieldPath } from './finding';
import { isMap } from './prometheus-rule-checks';
import { SourceDocument } from './source-documents';

/** A problem tied to the document it is in. */
export interface LocatedIssue {
  readonly document: SourceDocument;
  readonly issue: DocumentIssue;
}

/** An SLO a document defines, for the duplicate checks. */
export interface DefinedSlo {
  readonly format: string;
  readonly service: string;
  readonly name: string;
  readonly document: SourceDocument;
  readonly path: FieldPath;
}

export interface DocumentCheckResult {
  readonly issues: LocatedIssue[];
  readonly slos: DefinedSlo[];
}

export function isOpenSlo(object: any): boolean {
  return typeof object.apiVersion === 'string' && object.apiVersion.startsWith('openslo/');
}

export function isSloth(object: any): boolean {
  return object.apiVersion === undefined && object.kind === undefined && typeof object.version === 'string' && 'slos' in object
    || typeof object.apiVersion === 'string' && object.apiVersion.startsWith('sloth.slok.dev/');
}

export function isPyrra(object: any): boolean {
  return typeof object.apiVersion === 'string' && object.apiVersion.startsWith('pyrra.dev/') && object.kind === 'ServiceLevelObjective';
}

/**
 * OpenSLO documents of all files: SLOs refer to SLIs and alert policies by name, often in other
 * documents. Each SLO is read on its own with every other object beside it, so that one broken SLO
 * never hides another's findings; the findings of shared objects are reported once.
 */
export function checkOpenSloDocuments(documents: readonly SourceDocument[]): DocumentCheckResult {
  if (documents.length === 0) return { issues: [], slos: [] };
  // Each input is named after its place in `documents`, which is how its findings are located.
  const inputs: InputDocument[] = documents.map((document, index) => ({ value: document.object, where: `document ${index + 1}` }));
  const isSlo = (input: InputDocument) => (input.value as { kind?: unknown }).kind === 'SLO';
  const objects = inputs.filter((input) => !isSlo(input));
  const runs = inputs.filter(isSlo).map((slo) => [...objects, slo]);
  const results = (runs.length > 0 ? runs : [objects]).map((batch) => importerResult('openslo', documents, () => fromOpenSloDocuments(batch), (field, document) => {
    if (field !== 'target') return undefined;
    return document.object.spec?.objectives?.[0]?.targetPercent !== undefined ? ['spec', 'objectives', 0, 'targetPercent'] : ['spec', 'objectives', 0, 'target'];
  }));
  const seen = new Set<string>();
  const issues = results.flatMap((result) => result.issues).filter((located) => {
    const key = `${located.document.file}:${located.document.index}:${located.issue.path.join('.')}:${located.issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { issues, slos: results.flatMap((result) => result.slos) };
}

/** One Sloth document; `periodSeconds` is the SLO window Sloth runs with (its specs do not say). */
export function checkSlothDocument(document: SourceDocument, periodSeconds: number): DocumentCheckResult {
  const text = YAML.stringify(document.object);
  // The definition's query fields, named as the Sloth document spells them.
  const camel = document.object.apiVersion !== undefined;
  const rewrite = (problem: string) => problem
    .replace(/\bindicator\.errorQuery: /, `sli.events.${camel ? 'errorQuery' : 'error_query'}: `)
    .replace(/\bindicator\.totalQuery: /, `sli.events.${camel ? 'totalQuery' : 'total_query'}: `);
  return importerResult('sloth', [document], () => fromSloth(text, { periodSeconds }), () => undefined, rewrite);
}

/**
 * Runs an importer and ties its problems back to documents and fields. Its messages start with the
 * document (`document 3 (SLO "x"): spec.objectives[0].target: ...`); `definitionField` maps a field of the
 * imported definition (`target`) to the document's own.
 */
function importerResult(
  check: string,
  documents: readonly SourceDocument[],
  run: () => ImportResult,
  definitionField: (field: string, document: SourceDocument) => FieldPath | undefined,
  rewrite: (problem: string) => string = (problem) => problem,
): DocumentCheckResult {
  let result: ImportResult;
  try {
    result = run();
  } catch (error) {
    if (!(error instanceof DocumentImportError)) throw error;
    const issues = error.problems.map(rewrite).map((problem) => locateProblem(problem, documents, check, problem === 'the documents hold no SLO' ? 'notice' : 'error'));
    // What the importer noted besides the refusal, as it would for documents that import.
    issues.push(...error.warnings.map((warning) => locateProblem(warning, documents, check, 'notice')));
    return { issues, slos: [] };
  }
  const issues = result.warnings.map((warning) => locateProblem(warning, documents, check, 'notice'));
  const slos: DefinedSlo[] = [];
  for (const slo of result.slos) {
    const located = locateProblem(`${slo.source}: ok`, documents, check, 'notice');
    slos.push({ format: check, service: slo.definition.service, name: slo.definition.name, document: located.document, path: located.issue.path });
    issues.push(...definitionWarnings(slo, located, check, definitionField));
  }
  return { issues, slos };
}

/** The synth-time warnings of an imported SLO (its errors were the importer's problems). */
function definitionWarnings(
  slo: ImportedSlo, at: LocatedIssue, check: string, definitionField: (field: string, document: SourceDocument) => FieldPath | undefined,
): LocatedIssue[] {
  return validateSloDefinition(slo.definition)
    .filter((problem) => problem.severity === 'warning')
    .map((problem) => {
      const own = definitionField(problem.field, at.document);
      const path = own ?? (problem.field === 'target' && check === 'sloth' ? [...at.issue.path, 'objective'] : at.issue.path);
      const id = `${slo.definition.service}/${slo.definition.name}`;
      return { document: at.document, issue: issue('warning', 'slo', path, `SLO ${id}: ${problem.field} ${problem.message}`) };
    });
}

// The importers' own `, line N` counts lines of the text they were given, not of the file: the path locates.
const DOCUMENT_PREFIX = /^document (\d+)(?:, item \d+)? \((?:[^()"]|"(?:[^"\\]|\\.)*")*\)(?:, line \d+)?(?:: )?/;

/** `document 3 (SLO "x"): spec.objectives[0].target: must be…` → the third document, its path, the message. */
function locateProblem(text: string, documents: readonly SourceDocument[], check: string, severity: FindingSeverity): LocatedIssue {
  let rest = text;
  let document = documents[0];
  const path: Array<string | number> = [];
  for (let match = DOCUMENT_PREFIX.exec(rest); match; match = DOCUMENT_PREFIX.exec(rest)) {
    document = documents[Number(match[1]) - 1] ?? document;
    path.length = 0;
    rest = rest.slice(match[0].length);
  }
  for (let field = /^([A-Za-z_][\w.[\]-]*|\(top level\)): /.exec(rest); field; field = /^([A-Za-z_][\w.[\]-]*): /.exec(rest)) {
    if (field[1] !== '(top level)') path.push(...parseFieldPath(field[1]));
    rest = rest.slice(field[0].length);
  }
  return { document, issue: issue(severity, check, path, rest) };
}

// ---------------------------------------------------------------------------------------------------
// Pyrra: no importer, so the structure Pyrra's CRD and its reconciler accept.

const str: Shape = { type: 'string' };
const req = (shape: Shape): Field => ({ ...shape, required: true });
const obj = (fields: Record<string, Field>): ObjectShape => ({ type: 'object', fields });
const metric = obj({ metric: req(str) });
const grouping: Shape = { type: 'array', items: str };
const PYRRA_SHAPE = obj({
  apiVersion: req(str),
  kind: req(str),
  metadata: req({ type: 'freeObject' }),
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
    }),
    partial_response_strategy: str,
    performanceOverAccuracy: { type: 'boolean' },
    ruleOutput: { type: 'freeObject' },
  })),
  status: { type: 'freeObject' },
});
const INDICATORS = ['ratio', 'latency', 'latencyNative', 'bool_gauge'];

/** Adds a Pyrra problem at a field of the document. */
type AddIssue = (severity: FindingSeverity, path: FieldPath, message: string) => void;

/** One Pyrra ServiceLevelObjective. */
export function checkPyrraDocument(document: SourceDocument): DocumentCheckResult {
  const object = document.object;
  const issues: LocatedIssue[] = [];
  const add: AddIssue = (severity, path, message) => issues.push({ document, issue: issue(severity, 'pyrra', path, message) });
  const problems: string[] = [];
  checkShape(object, PYRRA_SHAPE, '', problems);
  for (const problem of problems) {
    const located = locateProblem(problem, [document], 'pyrra', 'error');
    issues.push(located);
  }
  const spec = isMap(object.spec) ? object.spec : {};
  checkPyrraObjective(spec, add);
  const indicator = isMap(spec.indicator) ? spec.indicator : undefined;
  if (indicator) checkPyrraIndicator(indicator, add);
  // Then as the import reads it, so that a document validates exactly when it imports (its errors only:
  // the checks above already report what it approximates).
  if (!issues.some((located) => located.issue.severity === 'error')) {
    const imported = importerResult('pyrra', [document], () => fromPyrraDocuments([{ value: object, where: 'document 1' }]), () => undefined);
    issues.push(...imported.issues.filter((located) => located.issue.severity === 'error'));
  }
  const labels = isMap(object.metadata?.labels) ? object.metadata.labels : {};
  const service = labels['pyrra.dev/slo_service'];
  const name = labels['pyrra.dev/slo_name'];
  const slos: DefinedSlo[] = typeof service === 'string' && typeof name === 'string'
    ? [{ format: 'pyrra', service, name, document, path: ['metadata', 'labels'] }]
    : [];
  return { issues, slos };
}

/** The target (a percentage, as a string) and the window, then the objective they make as an SLO definition's. */
function checkPyrraObjective(spec: Record<string, any>, add: AddIssue): void {
  let targetRatio: number | undefined;
  if (typeof spec.target === 'string') {
    const percent = Number(spec.target);
    if (spec.target.trim() === '' || !Number.isFinite(percent) || percent <= 0 || percent >= 100) {
      add('error', ['spec', 'target'], `must be a percentage strictly between 0 and 100 as a string, e.g. "99.9", got "${spec.target}"`);
    } else {
      targetRatio = roundSignificant(percent / 100);
    }
  } else if (typeof spec.target === 'number') {
    add('error', ['spec', 'target'], `must be a string (Pyrra's CRD types it so): quote it, "${spec.target}"`);
  }
  let windowSeconds: number | undefined;
  if (typeof spec.window === 'string') {
    try {
      windowSeconds = parsePromDuration(spec.window);
    } catch (error) {
      add('error', ['spec', 'window'], (error as Error).message);
    }
  }
  if (targetRatio !== undefined) {
    for (const problem of validateObjective({ target: targetRatio, windowSeconds: windowSeconds ?? 30 * 86_400 })) {
      if (problem.field === 'window' && windowSeconds === undefined) continue;
      add(problem.severity, ['spec', problem.field], `${problem.field} ${problem.message}`);
    }
  }
}

/** Exactly one indicator kind set, and each kind set as Pyrra reads it. */
function checkPyrraIndicator(indicator: Record<string, any>, add: AddIssue): void {
  const kinds = INDICATORS.filter((kind) => indicator[kind] !== undefined);
  if (kinds.length !== 1) {
    add('error', ['spec', 'indicator'], kinds.length === 0 ? `set one of ${INDICATORS.join(', ')}` : `set only one of ${kinds.join(', ')}`);
  }
  for (const kind of kinds) {
    const body = indicator[kind];
    if (isMap(body)) checkPyrraIndicatorKind(kind, body, ['spec', 'indicator', kind], add);
  }
}

/** The selectors, bucket, latency and grouping labels of one indicator kind. */
function checkPyrraIndicatorKind(kind: string, body: Record<string, any>, at: FieldPath, add: AddIssue): void {
  for (const field of ['errors', 'total', 'success']) {
    if (isMap(body[field]) && typeof body[field].metric === 'string') selector(body[field].metric, [...at, field, 'metric'], add);
  }
  if (kind === 'bool_gauge' && typeof body.metric === 'string') selector(body.metric, [...at, 'metric'], add);
  if (kind === 'latency' && isMap(body.success) && typeof body.success.metric === 'string' && !/\ble\s*=\s*"/.test(body.success.metric)) {
    add('error', [...at, 'success', 'metric'], 'must select one histogram bucket with le="…" (e.g. http_request_duration_seconds_bucket{le="0.3"})');
  }
  if (kind === 'latencyNative' && typeof body.latency === 'string') {
    try {
      parsePromDuration(body.latency);
    } catch (error) {
      add('error', [...at, 'latency'], (error as Error).message);
    }
  }
  if (Array.isArray(body.grouping)) {
    body.grouping.forEach((label: unknown, index: number) => {
      for (const problem of validateLabelName('grouping', label as string)) {
        if (/set by the generated rules/.test(problem.message)) continue;
        add('error', [...at, 'grouping', index], problem.message);
      }
    });
  }
}

function selector(text: string, at: FieldPath, add: AddIssue): void {
  try {
    parseVectorSelector(text);
  } catch (error) {
    add('error', at, `${(error as Error).message}: Pyrra builds its queries around a selector such as http_requests_total{job="api",code=~"5.."}`);
  }
}
