/**
 * Input files read for validation: every YAML document with its syntax tree, so a finding can name the
 * line of the field it is about. YAML syntax errors become findings (the rest of the files are still
 * checked); a path that does not exist or cannot be read is an input error (exit 3).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { FieldPath, Finding } from './finding';
import { CliError, oneLine } from '../cli-error';
import { listManifestFiles } from '../manifests/manifest-files';
import { checkNestingDepth, NestingTooDeepError } from '../manifests/nesting-depth';

/** One parsed document of an input file. */
export interface SourceDocument {
  readonly file: string;
  /** Position in the file, from 0. */
  readonly index: number;
  readonly object: any;
  readonly node: YAML.Document.Parsed;
  readonly lines: YAML.LineCounter;
  /** For an item of a YAML list of objects (or of a `kind: List`): its node, where its fields' lines start. */
  readonly root?: unknown;
}

export interface SourceFiles {
  readonly files: readonly string[];
  readonly documents: readonly SourceDocument[];
  /** YAML syntax errors and documents that are not mappings. */
  readonly findings: readonly Finding[];
}

/** Reads and parses the files; unreadable files throw (exit 3), syntax errors are findings. */
export function readSourceFiles(paths: readonly string[], cwd: string): SourceFiles {
  const files = listManifestFiles(paths, cwd);
  const documents: SourceDocument[] = [];
  const findings: Finding[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(path.resolve(cwd, file), 'utf8');
    } catch (error) {
      throw CliError.badInput(file, `cannot be read: ${oneLine(error)}`);
    }
    const parsed = parseSourceText(file, text);
    documents.push(...parsed.documents);
    findings.push(...parsed.findings);
  }
  return { files, documents, findings };
}

/** Parses one file's text; empty documents are skipped. */
export function parseSourceText(file: string, text: string): { documents: SourceDocument[]; findings: Finding[] } {
  try {
    checkNestingDepth(text);
  } catch (error) {
    if (!(error instanceof NestingTooDeepError)) throw error;
    // Not parsed at all: the parser itself would exhaust the stack (or memory) on such text.
    return { documents: [], findings: [{ severity: 'error', check: 'yaml', file, line: error.line, message: `the file is ${error.message}` }] };
  }
  const lines = new YAML.LineCounter();
  const nodes = YAML.parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const documents: SourceDocument[] = [];
  const findings: Finding[] = [];
  // A stream whose first line does not parse yields an EmptyStream without documents.
  const list = Array.isArray(nodes) ? nodes : [];
  list.forEach((node, index) => {
    if (node.errors.length > 0) {
      for (const error of node.errors) {
        const position = lines.linePos(error.pos[0]);
        findings.push({
          severity: 'error',
          check: 'yaml',
          file,
          line: position.line,
          column: position.col,
          document: index + 1,
          message: `YAML syntax error: ${oneLine(error.message.split('\n')[0]).replace(/ at line \d+, column \d+:?$/, '')}`,
        });
      }
      return;
    }
    let object: unknown;
    try {
      object = node.toJS({ maxAliasCount: 10_000 });
    } catch (error) {
      findings.push({ severity: 'error', check: 'yaml', file, line: lineAt(lines, node.contents?.range?.[0]), document: index + 1, message: `YAML error: ${oneLine(error)}` });
      return;
    }
    if (object === null || object === undefined) return;
    // OpenSLO tools (go-sdk, oslo) read YAML lists of objects, with or without a Kubernetes List around them.
    const items = listItems(object, node);
    if (items) {
      items.forEach(({ item, itemNode }) => {
        if (item !== null && typeof item === 'object' && !Array.isArray(item)) documents.push({ file, index, object: item, node, lines, root: itemNode });
        else findings.push({ severity: 'error', check: 'kubernetes', file, line: lineAt(lines, (itemNode as any)?.range?.[0]), document: index + 1, message: 'a list item that is not a mapping: expected a Kubernetes object or an SLO document' });
      });
      return;
    }
    if (typeof object !== 'object' || Array.isArray(object)) {
      findings.push({
        severity: 'error',
        check: 'kubernetes',
        file,
        line: lineAt(lines, node.contents?.range?.[0]),
        document: index + 1,
        message: 'the document is not a mapping: expected a Kubernetes object or an SLO document',
      });
      return;
    }
    documents.push({ file, index, object, node, lines });
  });
  return { documents, findings };
}

/**
 * The line of a field: of its key when the field exists, else of the deepest enclosing field that does
 * (a missing required field is reported on its parent).
 */
export function lineOf(document: SourceDocument, fieldPath: FieldPath): number | undefined {
  let node: unknown = document.root ?? document.node.contents;
  let offset: number | undefined = (node as any)?.range?.[0];
  for (const step of fieldPath) {
    if (YAML.isMap(node)) {
      const pair = node.items.find((item) => (YAML.isScalar(item.key) ? item.key.value : item.key) === step);
      if (!pair) break;
      offset = (pair.key as any)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (YAML.isSeq(node) && typeof step === 'number') {
      const item = node.items[step];
      if (item === undefined) break;
      offset = (item as any)?.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return lineAt(document.lines, offset);
}

/** The items (and their nodes) of a list of objects, or of a `kind: List`; undefined for anything else. */
function listItems(object: unknown, node: YAML.Document.Parsed): Array<{ item: unknown; itemNode: unknown }> | undefined {
  let sequence: unknown;
  let items: unknown[];
  if (Array.isArray(object)) {
    sequence = node.contents;
    items = object;
  } else if (object !== null && typeof object === 'object' && (object as any).kind === 'List' && Array.isArray((object as any).items)) {
    sequence = node.get('items', true);
    items = (object as any).items;
  } else {
    return undefined;
  }
  return items.map((item, i) => ({ item, itemNode: YAML.isSeq(sequence) ? sequence.items[i] : undefined }));
}

function lineAt(lines: YAML.LineCounter, offset: number | undefined): number | undefined {
  return offset === undefined ? undefined : lines.linePos(offset).line;
}
