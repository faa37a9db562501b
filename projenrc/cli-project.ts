import { JsonFile, Project } from 'projen';
import { NodeProject } from 'projen/lib/javascript';

/** Versions the command-line package pins; the library's own dependencies come with the library. */
export const KUBERNETES_CLIENT = '@kubernetes/client-node@1.4.0';

/**
 * The `cdk8s-slo-cli` package in `cli/`: the command-line tool, published on its own so that the construct
 * library stays light (no Kubernetes client). It depends on the library and imports its pure layers
 * (`cdk8s-slo/lib/model/...`, `planning`, `rules`, `documents`, `promql`), never its constructs.
 *
 * It is built and tested with the repository's toolchain: `tsc -p cli/tsconfig.json` compiles it against
 * the compiled library (`../lib`), and its tests (`cli/test/`) run in the repository's jest, on sources.
 */
export function addCliProject(library: NodeProject): Project {
  const cli = new Project({ parent: library, outdir: 'cli', name: 'cdk8s-slo-cli' });
  const [kubernetesClient, kubernetesClientVersion] = splitSpec(KUBERNETES_CLIENT);
  new JsonFile(cli, 'package.json', {
    obj: {
      name: 'cdk8s-slo-cli',
      version: library.package.manifest.version ?? '0.0.0',
      description: 'The cdk8s-slo command-line tool: discover services, generate, validate and plan SLOs, and read their status, reports and rule health from Prometheus.',
      license: 'Apache-2.0',
      author: library.package.manifest.author,
      repository: { ...library.package.manifest.repository, directory: 'cli' },
      keywords: ['cdk8s', 'slo', 'prometheus', 'sre', 'cli'],
      bin: { 'cdk8s-slo': 'lib/bin.js' },
      main: 'lib/main.js',
      types: 'lib/main.d.ts',
      files: ['lib/**/*.js', 'lib/**/*.d.ts', 'README.md', 'LICENSE'],
      engines: { node: '>= 20.0.0' },
      dependencies: {
        // The library of the same version: the CLI reads its model, planning, rules and documents.
        'cdk8s-slo': `^${library.package.manifest.version ?? '0.0.0'}`,
        [kubernetesClient]: kubernetesClientVersion,
        'yaml': '^2',
      },
    },
    marker: false,
    newline: true,
  });
  const compilerOptions = {
    alwaysStrict: true,
    declaration: true,
    esModuleInterop: true,
    lib: ['es2022'],
    // The Kubernetes client is an ES module, loaded with a dynamic import(); node16 keeps that import.
    module: 'node16',
    moduleResolution: 'node16',
    noImplicitAny: true,
    noImplicitReturns: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    resolveJsonModule: true,
    strict: true,
    target: 'ES2022',
    types: ['node', 'jest'],
    skipLibCheck: true,
  };
  // The build: sources in src/, against the compiled library in ../lib (its sources where it is not
  // compiled, which type-checks and lints but does not build).
  new JsonFile(cli, 'tsconfig.json', {
    obj: {
      compilerOptions: { ...compilerOptions, rootDir: 'src', outDir: 'lib', baseUrl: '.', paths: { 'cdk8s-slo/lib/*': ['../lib/*', '../src/*'] } },
      include: ['src/**/*.ts'],
    },
  });
  // Type-checking sources and tests against the library's sources (what jest and ts-node run).
  new JsonFile(cli, 'tsconfig.dev.json', {
    obj: {
      compilerOptions: { ...compilerOptions, noEmit: true, rootDir: '..', baseUrl: '.', paths: { 'cdk8s-slo/lib/*': ['../src/*'] } },
      include: ['src/**/*.ts', 'test/**/*.ts'],
    },
  });
  // What editors and the linter find for the tests (the nearest tsconfig.json).
  new JsonFile(cli, 'test/tsconfig.json', { obj: { extends: '../tsconfig.dev.json', include: ['**/*.ts'] } });
  cli.gitignore.exclude('/lib/', '*.tgz');
  return cli;
}

function splitSpec(spec: string): [string, string] {
  const at = spec.lastIndexOf('@');
  return [spec.slice(0, at), spec.slice(at + 1)];
}
