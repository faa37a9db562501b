/**
 * The manifests as they were at a git ref, read from the repository's object store (`git ls-tree`,
 * `git cat-file`): the work tree, the index and HEAD are never touched.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CliError, oneLine } from '../cli-error';
import { ManifestDocument, parseManifestText } from '../manifests/manifest-files';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** The documents under `paths` (as the user named them, relative to `cwd`) at `ref`. */
export function manifestsAtGitRef(paths: readonly string[], ref: string, cwd: string): ManifestDocument[] {
  if (ref.startsWith('-')) throw CliError.usage(`--base-ref "${ref}" is not a git ref`);
  const documents: ManifestDocument[] = [];
  for (const target of paths) {
    const absolute = realPathOfMaybeMissing(path.resolve(cwd, target));
    const top = repositoryOf(absolute, target);
    const commit = git(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
    if (commit.status !== 0) throw CliError.badInput(`--base-ref ${ref}`, `is not a commit in the git repository ${top}`);
    const relative = path.relative(top, absolute).split(path.sep).join('/');
    const listing = git(top, ['ls-tree', '-r', '-z', '--full-tree', '--name-only', commit.stdout.trim(), '--', relative || '.']);
    if (listing.status !== 0) throw CliError.badInput(`--base-ref ${ref}`, `git ls-tree failed in ${top}: ${oneLine(listing.stderr)}`);
    const files = listing.stdout.split('\0').filter((f) => f !== '' && EXTENSIONS.has(path.extname(f))).sort((a, b) => a.localeCompare(b));
    for (const file of files) {
      const blob = git(top, ['cat-file', 'blob', `${commit.stdout.trim()}:${file}`]);
      const shown = file === relative ? target : path.join(target, path.relative(relative, file));
      if (blob.status !== 0) throw CliError.badInput(`${shown}@${ref}`, `cannot be read from git: ${oneLine(blob.stderr)}`);
      documents.push(...parseManifestText(`${shown}@${ref}`, blob.stdout));
    }
  }
  return documents;
}

function repositoryOf(absolute: string, shown: string): string {
  let directory = absolute;
  while (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) directory = path.dirname(directory);
  const result = git(directory, ['rev-parse', '--show-toplevel']);
  if (result.error) throw CliError.unavailable(`git could not be run (${oneLine(result.error)}); --base-ref needs git on the PATH`);
  if (result.status !== 0) throw CliError.badInput(shown, `is not inside a git repository (--base-ref reads the same paths at that ref): ${oneLine(result.stderr)}`);
  return fs.realpathSync(result.stdout.trim());
}

/** The real path of a path whose end may no longer exist in the work tree (deleted since the ref). */
function realPathOfMaybeMissing(absolute: string): string {
  const missing: string[] = [];
  let existing = absolute;
  while (!fs.existsSync(existing)) {
    missing.unshift(path.basename(existing));
    existing = path.dirname(existing);
  }
  return path.join(fs.realpathSync(existing), ...missing);
}

function git(cwd: string, args: string[]): { status: number | null; stdout: string; stderr: string; error?: Error } {
  const result = spawnSync('git', ['-c', 'core.quotepath=off', ...args], { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', ...(result.error ? { error: result.error } : {}) };
}
