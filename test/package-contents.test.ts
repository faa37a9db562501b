/**
 * What `npm pack` publishes: the compiled library and nothing else, small, with a manifest that installs
 * quietly. Packs the compiled lib/ (compiling first when it is missing) with `npm pack --dry-run --json`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';

const root = path.join(__dirname, '..');

/** At most 2 MB packed (the gzipped tarball). */
const MAX_PACKED_BYTES = 2_000_000;

/** The files a package may hold besides lib/**\/*.js and lib/**\/*.d.ts. */
const TOP_LEVEL = ['package.json', 'README.md', 'LICENSE', 'API.md', '.jsii'];

/** Files that must never be published, each with why. */
const FORBIDDEN: Array<[RegExp, string]> = [
  [/\.ts$(?<!\.d\.ts)/, 'TypeScript source'],
  [/\.map$/, 'source map'],
  [/(^|\/)(src|test|tests|__tests__|__snapshots__|bench|fixtures|examples|scripts|projenrc|coverage|\.projen)\//, 'source, test, bench, fixture, example or build file'],
  [/\.(test|spec|bench)\.(js|d\.ts)$/, 'test or bench file'],
  [/^lib\/cli\//, 'CLI file (the CLI is the cdk8s-slo-cli package)'],
  [/(^|\/)tsconfig[^/]*\.json$|(^|\/)\.projenrc|(^|\/)\.eslintrc|(^|\/)\.npmignore$|(^|\/)\.gitignore$/, 'build configuration'],
  [/^node_modules\//, 'bundled dependency (third-party code is bundled into lib/vendor, see src/vendor)'],
];

/** Lifecycle scripts npm runs (or, from npm 11, warns about) when a user installs the package. */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare', 'preprepare', 'postprepare'];

interface PackedFile {
  readonly path: string;
  readonly size: number;
}

interface Packed {
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
  readonly files: PackedFile[];
  readonly bundled: string[];
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error || result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** Compiles when lib/ is missing; bundles lib/vendor when jsii ran on its own (npx jsii skips the bundling). */
function ensureCompiled(): void {
  if (!fs.existsSync(path.join(root, 'lib', 'index.js')) || !fs.existsSync(path.join(root, '.jsii'))) {
    run('npx', ['projen', 'compile']);
  }
  run(process.execPath, [path.join(root, 'scripts', 'bundle-vendor.js')]);
}

function pack(): Packed {
  const output = run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts']);
  const [packed] = JSON.parse(output) as Packed[];
  return packed;
}

/** The modules a compiled file requires, as written. */
function requiredModules(text: string): string[] {
  // Lines of JSDoc and line comments are not code: bundled sources keep `@param {import('./x').T}` types.
  const code = text.split('\n').filter((line) => !/^\s*(\*|\/\/)/.test(line)).join('\n');
  return [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)|\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2]);
}

/** The package a bare module name belongs to (`@scope/name/sub` → `@scope/name`). */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

describe('the published package', () => {
  let packed: Packed;
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

  // Compiling (a clean checkout has no lib/) takes a while on a busy machine: more than the test timeout.
  beforeAll(() => {
    ensureCompiled();
    packed = pack();
  }, 600_000);

  test('holds the compiled library, its assembly and docs, and nothing else', () => {
    const paths = packed.files.map((f) => f.path);
    const forbidden = paths.flatMap((p) => FORBIDDEN.filter(([pattern]) => pattern.test(p)).map(([, why]) => `${p}: ${why}`));
    expect(forbidden).toEqual([]);
    const unexpected = paths.filter((p) => !TOP_LEVEL.includes(p) && !/^lib\/.+(\.js|\.d\.ts)$/.test(p));
    expect(unexpected).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', '.jsii', 'lib/index.js', 'lib/index.d.ts']));
    expect(packed.bundled).toEqual([]);
  });

  test(`is at most ${MAX_PACKED_BYTES / 1_000_000} MB packed`, () => {
    expect(packed.size).toBeLessThanOrEqual(MAX_PACKED_BYTES);
  });

  test('carries no source maps', () => {
    const mapped = packed.files
      .filter((f) => f.path.endsWith('.js'))
      .filter((f) => fs.readFileSync(path.join(root, f.path), 'utf8').includes('//# sourceMappingURL='))
      .map((f) => f.path);
    expect(mapped).toEqual([]);
  });

  test('runs with what it ships, its peers and Node.js: every module its code requires is one of them', () => {
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    const builtins = new Set(builtinModules);
    const shipped = new Set(packed.files.map((f) => f.path));
    const unresolved = packed.files.filter((f) => f.path.endsWith('.js')).flatMap((f) => {
      const text = fs.readFileSync(path.join(root, f.path), 'utf8');
      return requiredModules(text).filter((specifier) => {
        if (specifier.startsWith('.')) {
          const target = path.posix.join(path.posix.dirname(f.path), specifier);
          return !['', '.js', '/index.js'].some((suffix) => shipped.has(target + suffix));
        }
        return !(builtins.has(specifier.replace(/^node:/, '')) || declared.has(packageName(specifier)));
      }).map((specifier) => `${f.path} requires ${specifier}`);
    });
    // Third-party code must be bundled into lib/vendor (src/vendor, scripts/bundle-vendor.js), or be a peer.
    expect(unresolved).toEqual([]);
  });

  test('has a manifest that installs quietly and says what a user needs', () => {
    expect(Object.keys(manifest.scripts ?? {}).filter((name) => INSTALL_SCRIPTS.includes(name))).toEqual([]);
    expect(manifest.bin).toBeUndefined();
    expect(manifest.bundledDependencies ?? manifest.bundleDependencies).toBeUndefined();
    expect(manifest.main).toBe('lib/index.js');
    expect(manifest.types).toBe('lib/index.d.ts');
    expect(manifest.engines?.node).toMatch(/^>= ?\d+/);
    expect(manifest.repository?.url).toMatch(/^https:\/\//);
    expect(Object.keys(manifest.peerDependencies ?? {})).toEqual(expect.arrayContaining(['cdk8s', 'constructs']));
    expect(manifest.license).toBe('Apache-2.0');
  });
});
