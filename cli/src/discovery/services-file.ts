import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { CliError, oneLine } from '../cli-error';
import { checkUnique, serviceRecord, ServiceRecord } from './service-list';
import { checkNestingDepth, NestingTooDeepError } from '../manifests/nesting-depth';

/**
 * Reads the Services of a file: the output of `kubectl get svc -A -o json` (a `List` or `ServiceList` with
 * `items`), or of `-o yaml`, or a single Service. Anything else is a one-line input error (exit 3) naming
 * the file and the field.
 */
export function readServicesFile(file: string, cwd: string): ServiceRecord[] {
  const resolved = path.resolve(cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(resolved, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw CliError.badInput(file, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a services file' : `cannot be read: ${oneLine(error)}`);
  }
  const document = parseDocument(file, text);
  try {
    return servicesOfDocument(document);
  } catch (error) {
    throw CliError.badInput(file, oneLine(error));
  }
}

/** The Services of a parsed list document (also used for the API's ServiceList). */
export function servicesOfDocument(document: unknown): ServiceRecord[] {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new Error('is not a Kubernetes List of Services (expected the output of: kubectl get svc -A -o json)');
  }
  const object = document as Record<string, unknown>;
  if (object.kind === 'Service') return [serviceRecord(object, 'the Service')];
  if (!Array.isArray(object.items)) {
    throw new Error(`has no "items" list${object.kind ? ` (it is a ${JSON.stringify(object.kind)})` : ''}; expected the output of: kubectl get svc -A -o json`);
  }
  const services = object.items.map((item, index) => serviceRecord(item, `items[${index}]`));
  checkUnique(services, (index) => `items[${index}]`);
  return services;
}

function parseDocument(file: string, text: string): unknown {
  if (text.trim() === '') throw CliError.badInput(file, 'is empty (expected the output of: kubectl get svc -A -o json)');
  try {
    checkNestingDepth(text);
  } catch (error) {
    if (error instanceof NestingTooDeepError) throw CliError.badInput(file, `is ${error.message}`);
    throw error;
  }
  if (/^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw CliError.badInput(file, `is not valid JSON: ${oneLine(error)}`);
    }
  }
  try {
    const documents = YAML.parseAllDocuments(text);
    const failed = documents.find((d) => d.errors.length > 0);
    if (failed) throw new Error(failed.errors[0].message);
    if (documents.length !== 1) throw new Error(`holds ${documents.length} YAML documents, expected one List`);
    return documents[0].toJS();
  } catch (error) {
    throw CliError.badInput(file, `is neither JSON nor YAML: ${oneLine(error)}`);
  }
}
