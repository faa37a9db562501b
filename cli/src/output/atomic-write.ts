import * as fs from 'fs';
import * as path from 'path';
import { CliError, oneLine } from '../cli-error';

/**
 * Writes a file completely or not at all: the content goes to a temporary file in the same directory,
 * which is then renamed over the target. A failure (or a crash) never leaves a half-written output.
 *
 * A target that is a symbolic link to an existing file is written through: the file it names gets the
 * content and the link stays (dotfile managers and shared checkouts link outputs). A link whose target
 * does not exist (dangling) is refused, and nothing is written: writing through it would create a file
 * wherever the link points, and replacing it would silently drop the link.
 */
export function writeFileAtomically(target: string, content: string, displayName: string = target): void {
  const resolved = resolveTarget(target, displayName);
  const directory = path.dirname(resolved);
  const temporary = path.join(directory, `.${path.basename(resolved)}.${process.pid}.${Date.now()}.tmp`);
  try {
    // The directory must exist: a typo in a CI path fails instead of creating directories anywhere.
    if (!fs.statSync(directory).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    const mode = existingMode(resolved);
    // `wx`: never follow or replace something that appeared at the temporary name.
    fs.writeFileSync(temporary, content, { flag: 'wx', ...(mode === undefined ? {} : { mode }) });
    if (mode !== undefined) fs.chmodSync(temporary, mode);
    fs.renameSync(temporary, resolved);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') removeQuietly(temporary);
    throw CliError.badInput(displayName, `cannot write the output: ${writeFailure(error, directory)}`);
  }
}

/**
 * Fails early, before a long run (discover measuring hundreds of services), when the output could not be
 * written at the end: a dangling symbolic link, or a directory that does not exist. Writes nothing.
 */
export function checkOutputTarget(target: string, displayName: string = target): void {
  const directory = path.dirname(resolveTarget(target, displayName));
  let isDirectory = false;
  try {
    isDirectory = fs.statSync(directory).isDirectory();
  } catch (error) {
    throw CliError.badInput(displayName, `cannot write the output: ${writeFailure(error, directory)}`);
  }
  if (!isDirectory) throw CliError.badInput(displayName, 'cannot write the output: a part of the path is a file, not a directory');
}

/** Whether two paths name the same file once symbolic links are followed (false when either is missing). */
export function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}

/** Removes a temporary file; a path that cannot hold one (it runs through a file) has nothing to remove. */
function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // nothing was written there
  }
}

/** The file to write: the target, or the file a symbolic link names; a dangling link is refused. */
function resolveTarget(target: string, displayName: string): string {
  try {
    return fs.realpathSync(target);
  } catch {
    // Missing: fine, unless the name is a link that points nowhere.
  }
  let link: fs.Stats | undefined;
  try {
    link = fs.lstatSync(target);
  } catch {
    return target;
  }
  if (link.isSymbolicLink()) {
    let destination = '';
    try {
      destination = fs.readlinkSync(target);
    } catch {
      // shown without its destination
    }
    throw CliError.badInput(displayName, `cannot write the output: it is a symbolic link to ${destination || 'a path'} that does not exist; remove the link or create its target first`);
  }
  return target;
}

function existingMode(file: string): number | undefined {
  try {
    // The permission bits only (not the file-type bits): what chmod takes.
    // eslint-disable-next-line no-bitwise
    return fs.statSync(file).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** Why a write failed, in words rather than an errno (and never the temporary file's name). */
function writeFailure(error: unknown, directory: string): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return `the directory ${directory} does not exist`;
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'EEXIST':
      return 'a temporary file of the same name is in the way; try again';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ELOOP':
      return 'a symbolic link loop';
    case 'ENAMETOOLONG':
      return 'the file name is too long';
    default:
      return oneLine(error).replace(/^Error: /, '');
  }
}
