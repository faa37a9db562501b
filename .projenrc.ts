import { cdk8s, javascript } from 'projen';
import { addCliProject, KUBERNETES_CLIENT } from './projenrc/cli-project';

// The project definition: every generated file (package.json, tsconfig, tasks, .gitignore) comes from here.
// Run `npx projen` after editing.
const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-slo',
  description: 'Service Level Objectives as code for cdk8s: multiwindow, multi-burn-rate PrometheusRules that are right and cheap.',
  author: 'cdk8s-slo contributors',
  authorAddress: 'maintainers@cdk8s-slo.dev',
  repositoryUrl: 'https://github.com/cdk8s-slo/cdk8s-slo.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',
  keywords: ['cdk8s', 'slo', 'prometheus', 'sre', 'error-budget', 'burn-rate', 'kubernetes'],

  // cdk8s 2.x and constructs 10.x; constructs must be set explicitly, the default pins 10.0.0.
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.3.0',
  devDeps: [
    // Tests and examples only: the public API types cdk8s-plus objects structurally (IKubeResource,
    // IWorkloadSource), so any cdk8s-plus from 28 on works and none is a peer dependency.
    // The examples use cdk8s-plus-28; the tests check cdk8s-plus-33 (today's `cdk8s init`) gives the same rules.
    '@prometheus-io/lezer-promql@^0.315.0', '@lezer/lr@^1.4.0', '@lezer/highlight@^1.2.0', '@lezer/common@^1.2.0',
    '@grafana/grafana-foundation-sdk@0.0.21',
    'yaml@^2',
    // RE2's regular-expression syntax (a pure JavaScript port of RE2), to check regex matchers as Prometheus does.
    're2js@^2.10.0',
    // Bundles the above into lib/vendor after jsii (scripts/bundle-vendor.js).
    'esbuild@^0.28.2',
    'cdk8s-plus-28@^2.5.6',
    'cdk8s-plus-33@^2.5.57',
    'cdk8s-cli@^2.200.0',
    'fast-check@^4',
    // Test only: the AlertmanagerConfig JSON schema, to check what SloAlertmanagerConfig emits (4.x is CommonJS).
    '@kubernetes-models/prometheus-operator@4.4.4',
    // Test only: drives Debian's chromium (never downloads a browser) to check the HTML report renders.
    'playwright-core@^1.50.0',
    // The CLI package's own dependency (cli/), here for its tests, which run in this repository's jest.
    KUBERNETES_CLIENT,
    // The CLI's tests run it as a real process on sources: ts-node, with cdk8s-slo/lib/* mapped to src/*.
    'tsconfig-paths@^4',
  ],
  // jsii and ts-node both accept TypeScript 5.9 (TypeScript 7 crashes ts-node).
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',

  // What the library runs that is not a jsii library ships inside it, bundled at build time into lib/vendor
  // (src/vendor/*.ts, scripts/bundle-vendor.js): only the modules used, in a few files, with no dependencies
  // for npm to install. So these are dev dependencies, and the package depends on its peers only.
  // - PromQL parsing: Prometheus's lezer grammar and the lezer runtime.
  // - Grafana's foundation SDK builds the dashboards (8 of its 50-odd modules are used; the SDK is 11 MB).
  // - yaml reads OpenSLO and Sloth YAML for SloImport.
  // - re2js compiles regex matchers with RE2's syntax, as Prometheus does, at synthesis.

  // Snapshot tests must be able to fail: `test` never rewrites snapshots; `test:update` does, on purpose.
  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      testTimeout: 120_000,
      // The library's tests, and those of the CLI package (cli/), both on sources.
      testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/cli/test/**/*.test.ts'],
      // Examples import the library by its package name, as users do; the CLI imports its pure layers.
      moduleNameMapper: { '^cdk8s-slo$': '<rootDir>/src', '^cdk8s-slo/lib/(.*)$': '<rootDir>/src/$1' },
    },
  },

  // Generated imports are committed as generated; the linter leaves them alone.
  // src/vendor imports dev dependencies on purpose: they are bundled into lib/vendor at build time.
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'projenrc', '.projenrc.ts', 'src/vendor', 'cli/src', 'cli/test'],
    ignorePatterns: ['src/imports/', 'test/fixtures/', 'cli/test/fixtures/', 'cli/lib/'],
  },
  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  gitignore: ['/examples/dist/', '/examples/node_modules/', '/bench/.work/', 'cdk8s.out/', '/.scratch/'],
  npmIgnoreOptions: { ignorePatterns: ['/examples/', '/bench/', '/.ci/', '/cli/'] },
  // The published lib carries no source maps: inline maps with inline sources were three quarters of its
  // JavaScript (1.4 of 1.95 MB), and Node.js reads them only under --enable-source-maps. Stack traces name
  // lib/*.js lines, which read close to the TypeScript (tsc keeps names, comments and layout).
  tsconfig: { compilerOptions: { inlineSourceMap: false, inlineSources: false } },
  tsconfigDev: {
    include: ['examples/**/*.ts'],
    // Examples and fixtures import the library by its package name, as users do.
    compilerOptions: { baseUrl: '.', paths: { 'cdk8s-slo': ['../src'] } },
  },
});

addCliProject(project);
// The CLI's imports of cdk8s-slo/lib/* resolve to the library's sources, as in its tsconfig.dev.json.
project.eslint?.addOverride({
  files: ['cli/**/*.ts'],
  settings: { 'import/resolver': { node: {}, typescript: { project: './cli/tsconfig.dev.json', alwaysTryTypes: true } } },
} as any);
// The CLI's tests use the repository's test tools, which the repository's package.json lists.
project.eslint?.addOverride({
  files: ['cli/test/**/*.ts'],
  rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: true, packageDir: ['.', './cli'] }] },
});

// What is published: the compiled library, its jsii assembly and its API reference, nothing else (npm adds
// package.json, README and LICENSE). test/package-contents.test.ts checks the result.
project.package.addField('files', ['lib/**/*.js', 'lib/**/*.d.ts', '.jsii', 'API.md']);

// Bundle lib/vendor (see above) as part of compiling, so everything that uses the compiled lib (the
// examples, packing, the CLI) gets the bundles.
project.compileTask.exec('node scripts/bundle-vendor.js');

// The CLI compiles against the compiled library; link its bin so `npx cdk8s-slo` runs this checkout's CLI.
// A task of its own, run by the examples task (set-up command 1 of the README), rather than npm's `prepare`
// script, which would be published and run (or warned about) on every install of the library.
const LINK_CLI = 'chmod +x cli/lib/bin.js && mkdir -p node_modules/.bin && ln -sfn ../../cli/lib/bin.js node_modules/.bin/cdk8s-slo';
project.addTask('compile:cli', {
  description: 'Compile the CLI package (cli/) against the compiled library, and link its bin for npx',
  steps: [
    // Node resolves cdk8s-slo/lib/* from the compiled CLI through this link to the repository.
    { exec: 'ln -sfn .. node_modules/cdk8s-slo' },
    { exec: 'tsc -p cli/tsconfig.json' },
    { exec: LINK_CLI },
  ],
});
project.addTask('package:cli', {
  description: 'Pack the CLI package (cli/) into dist/js',
  steps: [{ spawn: 'compile:cli' }, { exec: 'mkdir -p ../dist/js && npm pack --pack-destination ../dist/js', cwd: 'cli' }],
});

// Synthesize the examples the way a user would: `npm run examples` writes examples/dist/*.k8s.yaml.
// The example imports the library by its package name, as users do: link the package into node_modules
// (one copy of cdk8s and constructs), compile it, then synthesize.
project.addTask('examples', {
  description: 'Synthesize the example cdk8s app into examples/dist, and build and link the cdk8s-slo CLI for npx',
  steps: [
    { exec: 'ln -sfn .. node_modules/cdk8s-slo' },
    { spawn: 'compile' },
    { spawn: 'compile:cli' },
    { exec: 'cdk8s synth', cwd: 'examples' },
  ],
});

// The benchmark (not part of the tests): compiles bench/ with the library's sources and runs it;
// `npm run bench -- --quick` checks the plumbing at tiny sizes. Writes bench/RESULTS.md.
project.addTask('bench', {
  description: 'Benchmark rule evaluation cost, budget accuracy and synthesis; writes bench/RESULTS.md',
  steps: [
    { exec: 'tsc -p bench/tsconfig.json' },
    { exec: 'node bench/.work/dist/bench/run.js', receiveArgs: true },
  ],
});

// The library's tarball as it is published (the development fields of package.json left out).
project.addTask('package:library', {
  description: 'Pack the compiled library into dist/js, as it is published',
  steps: [{ exec: 'node scripts/pack-library.js dist/js' }],
});

// The artifact test: both packages packed and installed into a fresh cdk8s app from the npm registry, the
// README's examples synthesized and checked with promtool and the installed CLI, a cdk8s-plus-33 app
// type-checked, and the library's installed size held to 15 MB. Part of `test`.
const artifactTest = project.addTask('test:artifact', {
  description: 'Pack both packages, install them into a fresh cdk8s app and use them as a user would (needs the npm registry and promtool)',
  steps: [{ exec: 'scripts/artifact-test.sh' }],
});
project.testTask.spawn(artifactTest);

// ts-jest only transpiles (isolatedModules), so type-check the tests, examples and fixtures first.
project.testTask.prependExec('tsc --noEmit -p cli/tsconfig.dev.json');
project.testTask.prependExec('tsc --noEmit -p test/tsconfig.json');

project.synth();
