import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../../test/helpers/promtool';
import { CliError } from '../src/cli-error';
import { writeFileAtomically } from '../src/output/atomic-write';

describe('writeFileAtomically', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('atomic-write');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const failure = (target: string, display?: string): CliError => {
    try {
      writeFileAtomically(target, 'new', display);
    } catch (error) {
      return error as CliError;
    }
    throw new Error('expected the write to fail');
  };

  test('replaces a file whole and keeps its permissions', () => {
    const file = path.join(dir, 'out.md');
    fs.writeFileSync(file, 'old', { mode: 0o640 });
    writeFileAtomically(file, 'new');
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(fs.statSync(file).mode.toString(8).slice(-3)).toBe('640');
    expect(fs.readdirSync(dir)).toEqual(['out.md']);
  });

  test('writes through a symlink to the file it names', () => {
    const real = path.join(dir, 'real.md');
    fs.writeFileSync(real, 'old');
    fs.symlinkSync(real, path.join(dir, 'link.md'));
    writeFileAtomically(path.join(dir, 'link.md'), 'new');
    expect(fs.lstatSync(path.join(dir, 'link.md')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe('new');
  });

  test('a missing directory is an input error naming it, and nothing is created', () => {
    const error = failure(path.join(dir, 'no/such/out.md'), 'no/such/out.md');
    expect(error).toBeInstanceOf(CliError);
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(`no/such/out.md: cannot write the output: the directory ${path.join(dir, 'no/such')} does not exist`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('a path through a file says so, without the temporary file name', () => {
    fs.writeFileSync(path.join(dir, 'blocker'), 'a file');
    const error = failure(path.join(dir, 'blocker/out.md'), 'blocker/out.md');
    expect(error.message).toBe('blocker/out.md: cannot write the output: a part of the path is a file, not a directory');
    expect(fs.readdirSync(dir)).toEqual(['blocker']);
  });
});
