/** Reading imported YAML: every document of a stream, syntax errors with their line and column. */
// `yaml` ships inside the package, bundled into lib/vendor (see src/vendor/yaml.ts), like the PromQL parser.
import { YAML } from '../vendor/yaml';

/** A path into a document's value: keys and list indexes. */
export type YamlPath = ReadonlyArray<string | number>;

/** One object read from a YAML stream, with a name for messages (`document 2`, `document 1, item 3`). */
export interface InputDocument {
  readonly value: unknown;
  readonly where: string;
  /**
   * The same object with every scalar as written (`true`, `0.2`, `90` as text): label maps of formats
   * whose Go tools read them as strings take their values from here.
   */
  readonly asWritten?: unknown;
  /** The 1-based line of the node at `path` in this object, when the text has one. */
  readonly lineOf?: (path: YamlPath) => number | undefined;
}

/** Options of `readYamlDocuments`. */
export interface ReadYamlOptions {
  /** The file the text comes from, named in `where` (`slos.yaml document 2`). */
  readonly file?: string;
  /** Whether an empty stream is fine (a directory walk skips it) rather than an error. */
  readonly allowEmpty?: boolean;
}

/**
 * The objects of a YAML stream: each document, and each item of a document that is a list (OpenSLO tools
 * accept both), also inside a Kubernetes `kind: List` wrapper. Empty documents are skipped. Throws one
 * error listing every syntax error.
 */
export function readYamlDocuments(text: string, format: string, options: ReadYamlOptions = {}): InputDocument[] {
  if (typeof text !== 'string') {
    throw new Error(`${format}: expected YAML text, got ${text === null ? 'null' : typeof text}`);
  }
  const lineCounter = new YAML.LineCounter();
  const documents = YAML.parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true, lineCounter });
  const list = Array.isArray(documents) ? documents : [];
  const raw = YAML.parseAllDocuments(text, { schema: 'failsafe' });
  const rawList = Array.isArray(raw) ? raw : [];
  const prefix = options.file !== undefined ? `${options.file} ` : '';
  const problems: string[] = [];
  const objects: InputDocument[] = [];
  list.forEach((document, index) => {
    const name = `${prefix}document ${index + 1}`;
    if (document.errors.length > 0) {
      problems.push(...document.errors.map((e) => `${name}: ${e.message.split('\n')[0].replace(/:$/, '')}`));
      return;
    }
    let value: unknown;
    let asWritten: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
      asWritten = rawList[index]?.errors.length === 0 ? rawList[index].toJS({ maxAliasCount: 100 }) : undefined;
    } catch (e) {
      problems.push(`${name}: ${(e as Error).message}`);
      return;
    }
    if (value === null || value === undefined) return;
    const lineAt = (path: YamlPath): number | undefined => {
      for (let length = path.length; length >= 0; length--) {
        const node = document.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
        const pair = length > 0 ? keyNode(document, path.slice(0, length)) : undefined;
        const offset = pair ?? node?.range?.[0];
        if (offset !== undefined) return lineCounter.linePos(offset).line;
      }
      return undefined;
    };
    const items = listItems(value);
    if (items) {
      const itemPath: YamlPath = Array.isArray(value) ? [] : ['items'];
      const rawItems = listItems(asWritten);
      items.forEach((item, itemIndex) => objects.push({
        value: item,
        asWritten: rawItems?.[itemIndex],
        where: `${name}, item ${itemIndex + 1}`,
        lineOf: (path) => lineAt([...itemPath, itemIndex, ...path]),
      }));
    } else {
      objects.push({ value, asWritten, where: name, lineOf: lineAt });
    }
  });
  if (problems.length > 0) {
    throw new Error(`${format}: the YAML does not parse:\n  ${problems.join('\n  ')}`);
  }
  if (objects.length === 0 && !options.allowEmpty) {
    throw new Error(`${format}: the YAML holds no documents`);
  }
  return objects;
}

/** The items of a YAML list of objects, or of a Kubernetes `kind: List` (`items:`); undefined otherwise. */
function listItems(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  const object = value as { kind?: unknown; items?: unknown } | null;
  if (object && typeof object === 'object' && object.kind === 'List' && Array.isArray(object.items)) return object.items;
  return undefined;
}

/** The offset of the key that holds the node at `path` (a map entry's line is its key's line). */
function keyNode(document: { getIn(path: Iterable<unknown>, keepScalar?: boolean): unknown }, path: YamlPath): number | undefined {
  const parent = document.getIn(path.slice(0, -1), true) as { items?: Array<{ key?: { value?: unknown; range?: number[] } }> } | undefined;
  const last = path[path.length - 1];
  if (typeof last !== 'string' || !parent?.items) return undefined;
  const pair = parent.items.find((item) => item?.key?.value === last);
  return pair?.key?.range?.[0];
}

/** A field path as messages write it (`slos[0].sli.events`) back to a path. */
export function parseFieldName(name: string): YamlPath {
  if (name === '(top level)') return [];
  const path: Array<string | number> = [];
  for (const part of name.split('.')) {
    const match = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) return [];
    if (match[1] !== '') path.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return path;
}
