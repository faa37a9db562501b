import * as fs from 'fs';
import * as path from 'path';
import { CliError, oneLine } from '../cli-error';

/**
 * Writes a file completely or not at all: the content goes to a temporary file in the same directory,
 * which is then renamed over the target. A failure (or a crash) never leaves a half-written output.
 */
export function writeFileAtomically(target: string, content: string, displayName: string = target): void {
  // Write through a symlink to the file it names, and keep an existing file's permissions.
  const resolved = resolveTarget(target);
  const directory = path.dirname(resolved);
  const temporary = path.join(directory, `.${path.basename(resolved)}.${process.pid}.${Date.now()}.tmp`);
  try {
    // The directory must exist: a typo in a CI path fails instead of creating directories anywhere.
    if (!fs.statSync(directory).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    const mode = existingMode(resolved);
    fs.writeFileSync(temporary, content, mode === undefined ? {} : { mode });
    if (mode !== undefined) fs.chmodSync(temporary, mode);
    fs.renameSync(temporary, resolved);
  } catch (error) {
    removeQuietly(temporary);
    throw CliError.badInput(displayName, `cannot write the output: ${writeFailure(error, directory)}`);
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

function resolveTarget(target: string): string {
  try {
    return fs.realpathSync(target);
  } catch {
    return target;
  }
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
    case 'EEXIST':
      return 'a part of the path is a file, not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return oneLine(error).replace(/^Error: /, '');
  }
}
