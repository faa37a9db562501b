/**
 * SLO documents checked with the project's own importers: OpenSLO v1, Sloth (prometheus/v1 specs and
 * PrometheusServiceLevel resources) and Pyrra ServiceLevelObjectives through `fromOpenSlo`, `fromSloth` and
 * `fromPyrraDocuments`, which check the documents as their reference tools do and then as SLO definitions
 * (the synth-time rules). One check per format, so a document validates exactly when it imports.
 */
import { DocumentImportError, ImportedSlo, ImportResult } from 'cdk8s-slo/lib/documents/imported';
import { fromOpenSloDocuments } from 'cdk8s-slo/lib/documents/openslo-import';
import { fromPyrraDocuments, pyrraFieldPath } from 'cdk8s-slo/lib/documents/pyrra-import';
import { fromSloth } from 'cdk8s-slo/lib/documents/sloth-import';
import { InputDocument } from 'cdk8s-slo/lib/documents/yaml-input';
import { validateSloDefinition } from 'cdk8s-slo/lib/model/slo-definition';
import * as YAML from 'yaml';
import { DocumentIssue, FieldPath, FindingSeverity, issue, parseFieldPath } from './finding';
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

/** One Pyrra ServiceLevelObjective, checked by the importer as Pyrra's admission webhook and the SLO definition rules check it. */
export function checkPyrraDocument(document: SourceDocument): DocumentCheckResult {
  const indicatorKind = Object.keys(document.object?.spec?.indicator ?? {})[0] ?? '';
  return importerResult('pyrra', [document], () => fromPyrraDocuments([{ value: document.object, where: 'document 1' }]),
    (field) => pyrraFieldPath(field, indicatorKind));
}
