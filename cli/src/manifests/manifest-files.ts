import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { checkNestingDepth, NestingTooDeepError } from './nesting-depth';
import { CliError, oneLine } from '../cli-error';

/** One YAML document of a manifest file. */
export interface ManifestDocument {
  /** The file, as the user named it (or relative to the directory they named). */
  readonly file: string;
  /** The document's position in its file, from 0. */
  readonly index: number;
  readonly object: any;
}

export interface ReadManifestsOptions {
  /** An empty directory holds no documents, rather than being an error (a base with nothing synthesized yet). */
  readonly allowEmptyDirectories?: boolean;
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * Reads every YAML (or JSON) document of the given files and directories; directories are read
 * recursively, in name order. An unreadable file or a YAML syntax error is a one-line error (exit 3)
 * naming the file and line.
 */
export function readManifests(paths: readonly string[], cwd: string, options: ReadManifestsOptions = {}): ManifestDocument[] {
  return listManifestFiles(paths, cwd, options).flatMap((file) => parseManifestText(file, readText(file, cwd)));
}

/**
 * The files of the given files and directories, each once: a directory contributes its .yaml, .yml and
 * .json files (recursively, in name order); anything else is one file. A missing path is exit 3.
 */
export function listManifestFiles(paths: readonly string[], cwd: string, options: ReadManifestsOptions = {}): string[] {
  // Once per file, however it was spelled (`dist/a.yaml`, `./dist/a.yaml`, a link to it): read twice, its
  // objects would all be reported as defined twice.
  const seen = new Map<string, string>();
  for (const file of paths.flatMap((p) => manifestFiles(p, cwd, options.allowEmptyDirectories === true))) {
    const identity = realPath(path.resolve(cwd, file));
    if (!seen.has(identity)) seen.set(identity, file);
  }
  return [...seen.values()];
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/** Parses multi-document YAML text; empty documents are skipped. */
export function parseManifestText(file: string, text: string): ManifestDocument[] {
  try {
    checkNestingDepth(text);
  } catch (error) {
    if (error instanceof NestingTooDeepError) throw CliError.badInput(file, `is ${error.message}`);
    throw error;
  }
  const documents = YAML.parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  const parsed: ManifestDocument[] = [];
  documents.forEach((document, index) => {
    if (!(document instanceof YAML.Document)) {
      throw CliError.badInput(file, 'is not YAML');
    }
    const error = document.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line;
      throw CliError.badInput(`${file}${line ? `:${line}` : ''}`, `YAML error: ${oneLine(error.message.split('\n')[0])}`);
    }
    let object: unknown;
    try {
      // Aliases are expanded; a bound keeps a "billion laughs" document from exhausting memory.
      object = document.toJS({ maxAliasCount: 10_000 });
    } catch (conversionError) {
      throw CliError.badInput(file, `document ${index + 1}: ${oneLine(conversionError)}`);
    }
    if (object === null || object === undefined) return;
    if (typeof object !== 'object' || Array.isArray(object)) {
      throw CliError.badInput(file, `document ${index + 1} is not a Kubernetes object or SLO document (a mapping)`);
    }
    parsed.push({ file, index, object: object as Record<string, unknown> });
  });
  return parsed;
}

function manifestFiles(target: string, cwd: string, allowEmpty: boolean): string[] {
  // An empty argument (an unset variable: `validate "$DIST"`) would otherwise read the working directory.
  if (target === '') throw CliError.usage('a path is empty (an unset variable?); name a file or directory');
  const absolute = path.resolve(cwd, target);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch {
    throw CliError.badInput(target, 'no such file or directory');
  }
  // Anything but a directory is read as one file: pipes and process substitutions (`<(git show …)`) too.
  if (!stat.isDirectory()) return [target];
  const found: string[] = [];
  const walk = (relative: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.resolve(cwd, relative), { withFileTypes: true });
    } catch (error) {
      throw CliError.badInput(relative, `cannot be read: ${oneLine(error)}`);
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (MANIFEST_EXTENSIONS.has(path.extname(entry.name))) found.push(child);
    }
  };
  walk(target);
  if (found.length === 0 && !allowEmpty) throw CliError.badInput(target, 'the directory holds no .yaml, .yml or .json files');
  return found;
}

function readText(file: string, cwd: string): string {
  try {
    return fs.readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw CliError.badInput(file, `cannot be read: ${oneLine(error)}`);
  }
}
