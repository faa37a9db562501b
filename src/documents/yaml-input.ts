/** Reading imported YAML: every document of a stream, syntax errors with their line and column. */
// `yaml` ships inside the package, bundled into lib/vendor (see src/vendor/yaml.ts), like the PromQL parser.
import { YAML } from '../vendor/yaml';

/** One object read from a YAML stream, with a name for messages (`document 2`, `document 1, item 3`). */
export interface InputDocument {
  readonly value: unknown;
  readonly where: string;
}

/**
 * The objects of a YAML stream: each document, and each item of a document that is a list (OpenSLO tools
 * accept both). Empty documents are skipped. Throws one error listing every syntax error.
 */
export function readYamlDocuments(text: string, format: string): InputDocument[] {
  if (typeof text !== 'string') {
    throw new Error(`${format}: expected YAML text, got ${text === null ? 'null' : typeof text}`);
  }
  const documents = YAML.parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [];
  const problems: string[] = [];
  const objects: InputDocument[] = [];
  list.forEach((document, index) => {
    if (document.errors.length > 0) {
      problems.push(...document.errors.map((e) => `document ${index + 1}: ${e.message.split('\n')[0].replace(/:$/, '')}`));
      return;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (e) {
      problems.push(`document ${index + 1}: ${(e as Error).message}`);
      return;
    }
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((item, itemIndex) => objects.push({ value: item, where: `document ${index + 1}, item ${itemIndex + 1}` }));
    } else {
      objects.push({ value, where: `document ${index + 1}` });
    }
  });
  if (problems.length > 0) {
    throw new Error(`${format}: the YAML does not parse:\n  ${problems.join('\n  ')}`);
  }
  if (objects.length === 0) {
    throw new Error(`${format}: the YAML holds no documents`);
  }
  return objects;
}
