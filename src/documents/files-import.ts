/**
 * One import over whatever documents a team has: files and directories (walked recursively, `.yaml` and
 * `.yml` files), each YAML stream split into its documents and into the items of YAML lists (with or
 * without a Kubernetes `kind: List`). Each document's format is detected on its own (Sloth, OpenSLO,
 * Pyrra); the documents of one format are imported together, so OpenSLO references and Sloth
 * AlertWindows resolve across files. Documents of no known format are skipped with a warning. Every
 * finding names the file, the document, the line and the field.
 */
import * as fs from 'fs';
import * as path from 'path';
import { collapseDuplicates, DocumentImportError, ImportedSlo, ImportResult } from './imported';
import { fromOpenSloDocuments } from './openslo-import';
import { fromPyrraDocuments, isPyrraDocument } from './pyrra-import';
import { isPlainObject } from './shape';
import { fromSlothDocuments, isSlothDocument, SlothImportOptions } from './sloth-import';
import { InputDocument, readYamlDocuments } from './yaml-input';

/** A YAML text and the file it came from. */
export interface SourceText {
  readonly file: string;
  readonly text: string;
}

/** The formats an import detects. */
export type DocumentFormat = 'sloth' | 'openslo' | 'pyrra';

/** What a document is, or undefined for none of the formats. */
export function detectFormat(value: unknown): DocumentFormat | undefined {
  if (isSlothDocument(value)) return 'sloth';
  if (isPyrraDocument(value)) return 'pyrra';
  if (isPlainObject(value) && typeof value.apiVersion === 'string' && value.apiVersion.startsWith('openslo/')) return 'openslo';
  return undefined;
}

/** The YAML files under `paths`: files as given, directories walked recursively in name order. */
export function yamlFilesUnder(paths: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (entry: string, named: boolean) => {
    const stat = fs.statSync(entry);
    if (stat.isDirectory()) {
      for (const child of fs.readdirSync(entry).sort()) walk(path.join(entry, child), false);
    } else if (named || /\.ya?ml$/i.test(entry)) {
      files.push(entry);
    }
  };
  for (const entry of paths) {
    if (!fs.existsSync(entry)) throw new Error(`${entry}: no such file or directory`);
    walk(entry, true);
  }
  return files;
}

/** Reads the YAML files under `paths` (see `yamlFilesUnder`). */
export function readSourceTexts(paths: readonly string[]): SourceText[] {
  return yamlFilesUnder(paths).map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
}

/** The documents of every source, by format; syntax errors and unknown documents are reported. */
export function documentsByFormat(sources: readonly SourceText[]): {
  readonly documents: Record<DocumentFormat, InputDocument[]>;
  readonly problems: string[];
  readonly warnings: string[];
} {
  const documents: Record<DocumentFormat, InputDocument[]> = { sloth: [], openslo: [], pyrra: [] };
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const source of sources) {
    let inputs: InputDocument[];
    try {
      inputs = readYamlDocuments(source.text, source.file, { file: source.file, allowEmpty: true });
    } catch (e) {
      problems.push((e as Error).message);
      continue;
    }
    for (const input of inputs) {
      const format = detectFormat(input.value);
      if (format) {
        documents[format].push(input);
      } else {
        const value = input.value as { apiVersion?: unknown; kind?: unknown } | null;
        const what = isPlainObject(value) ? `apiVersion ${JSON.stringify(value.apiVersion ?? null)}, kind ${JSON.stringify(value.kind ?? null)}` : 'not a map';
        warnings.push(`${input.where}: not a Sloth, OpenSLO or Pyrra document (${what}): skipped`);
      }
    }
  }
  return { documents, problems, warnings };
}

/**
 * Imports every SLO of the sources, each format by its own importer. Throws one error with the problems
 * of every format (a problem in one file never hides another file's).
 */
export function importSources(sources: readonly SourceText[], options: SlothImportOptions): ImportResult {
  const { documents, problems, warnings } = documentsByFormat(sources);
  const slos: ImportedSlo[] = [];
  const run = (format: string, inputs: InputDocument[], read: (inputs: InputDocument[]) => ImportResult) => {
    if (inputs.length === 0) return;
    try {
      const result = read(inputs);
      slos.push(...result.slos);
      warnings.push(...result.warnings);
    } catch (e) {
      if (!(e instanceof DocumentImportError)) throw e;
      problems.push(...e.problems.map((problem) => `${format}: ${problem}`));
      warnings.push(...e.warnings);
    }
  };
  run('Sloth', documents.sloth, (inputs) => fromSlothDocuments(inputs, options));
  run('OpenSLO', documents.openslo, fromOpenSloDocuments);
  run('Pyrra', documents.pyrra, fromPyrraDocuments);
  const collapsed = collapseDuplicates(slos);
  problems.push(...collapsed.problems);
  warnings.push(...collapsed.warnings);
  if (problems.length > 0) throw new DocumentImportError('import', problems, warnings);
  return { slos: collapsed.slos, warnings };
}

/** What a partial import gives: the SLOs that import, and why each refused document was refused. */
export interface PartialImportResult extends ImportResult {
  /** The problems of each refused document, one line each, naming its file, line and field. */
  readonly refusals: string[];
}

/**
 * Imports every document that can be, for migrations (`cdk8s-slo import`): each SLO document on its own,
 * with every AlertWindows document (Sloth) and every non-SLO object (OpenSLO) of the sources beside it, so
 * references still resolve across files. A refused document costs only its own SLOs; an SLO defined again
 * in a later document is read once when it is the same, and refused when it differs (the first is kept).
 */
export function importSourcesPartially(sources: readonly SourceText[], options: SlothImportOptions): PartialImportResult {
  const { documents, problems: refusals, warnings } = documentsByFormat(sources);
  const slos: ImportedSlo[] = [];
  const attempt = (format: string, inputs: InputDocument[], read: (inputs: InputDocument[]) => ImportResult) => {
    try {
      const result = read(inputs);
      slos.push(...result.slos);
      warnings.push(...result.warnings);
    } catch (e) {
      if (!(e instanceof DocumentImportError)) throw e;
      refusals.push(...e.problems.map((problem) => `${format}: ${problem}`));
    }
  };
  const kindOf = (input: InputDocument) => (isPlainObject(input.value) ? input.value.kind : undefined);
  const slothWindows = documents.sloth.filter((input) => kindOf(input) === 'AlertWindows');
  const slothSpecs = documents.sloth.filter((input) => kindOf(input) !== 'AlertWindows');
  // The window catalogs' own findings once, then each spec with them (their warnings are the catalogs').
  if (slothWindows.length > 0) attempt('Sloth', slothWindows, (inputs) => fromSlothDocuments(inputs, options));
  slothSpecs.forEach((spec) => attempt('Sloth', [spec], (inputs) => {
    const result = fromSlothDocuments([...slothWindows, ...inputs], options);
    return { slos: result.slos, warnings: result.warnings.filter((w) => !slothWindows.some((windows) => w.startsWith(windows.where))) };
  }));
  const openSloObjects = documents.openslo.filter((input) => kindOf(input) !== 'SLO');
  documents.openslo.filter((input) => kindOf(input) === 'SLO')
    .forEach((slo) => attempt('OpenSLO', [slo], (inputs) => fromOpenSloDocuments([...openSloObjects, ...inputs])));
  documents.pyrra.forEach((object) => attempt('Pyrra', [object], fromPyrraDocuments));
  // The same SLO again is read once; a different one under the same name is refused (the first is kept).
  const collapsed = collapseDuplicates(slos);
  return { slos: collapsed.slos, warnings: [...new Set([...warnings, ...collapsed.warnings])], refusals: [...refusals, ...collapsed.problems] };
}
