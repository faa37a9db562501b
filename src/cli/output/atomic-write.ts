import * as fs from 'fs';
import * as path from 'path';
import { CliError, oneLine } from '../cli-error';

/**
 * Writes a file completely or not at all: the content goes to a temporary file in the same directory,
 * which is then renamed over the target. A failure (or a crash) never leaves a half-written output.
 */
export function writeFileAtomically(target: string, content: string, displayName: string = target): void {
  const directory = path.dirname(target);
  const temporary = path.join(directory, `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.mkdirSync(directory, { recursive: true });
    fs.writeFileSync(temporary, content);
    fs.renameSync(temporary, target);
  } catch (error) {
    removeQuietly(temporary);
    throw CliError.badInput(displayName, `cannot write the output: ${writeFailure(error)}`);
  }
}

/**
 * Writes several files all or nothing: every file is staged first, and only when all were written are
 * they renamed into place.
 */
export function writeFilesAtomically(files: ReadonlyArray<{ readonly path: string; readonly content: string }>): void {
  const staged: Array<{ temporary: string; target: string }> = [];
  try {
    for (const file of files) {
      fs.mkdirSync(path.dirname(file.path), { recursive: true });
      const temporary = path.join(path.dirname(file.path), `.${path.basename(file.path)}.${process.pid}.${Date.now()}.tmp`);
      fs.writeFileSync(temporary, file.content);
      staged.push({ temporary, target: file.path });
    }
  } catch (error) {
    for (const { temporary } of staged) removeQuietly(temporary);
    throw CliError.badInput(files[staged.length]?.path ?? 'output', `cannot write the output: ${writeFailure(error)}`);
  }
  for (const { temporary, target } of staged) fs.renameSync(temporary, target);
}

/** Removes a temporary file; a path that cannot hold one (it runs through a file) has nothing to remove. */
function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // nothing was written there
  }
}

/** Why a write failed, in words rather than an errno. */
function writeFailure(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
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
