/**
 * End to end: discovered inventory → `cdk8s-slo generate` → a TypeScript cdk8s app that compiles as a
 * user compiles it (tsc, `import ... from 'cdk8s-slo'`) and synthesizes PrometheusRules that promtool
 * accepts, with the planned targets and thresholds; and the inventory format through
 * `SloCatalog.fromInventory` synthesizes the same rules.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { SloCatalog } from '../../src';
import { CLI_ROOT, PROJECT_ROOT, runCliInProcess } from './helpers/cli';
import { readServiceInventory } from '../../src/planning/service-inventory-reader';
import { planSloGeneration } from '../../src/planning/slo-generation';
import { quotePromqlString } from '../../src/promql/string-literal';
import { checkRules, tempDir } from '../../test/helpers/promtool';
import { synthesizeAppDocuments } from '../../test/helpers/synth';

const FIXTURES = path.join(CLI_ROOT, 'test/fixtures/generate');
const INVENTORY = path.join(FIXTURES, 'inventory.json');
const MALICIOUS = path.join(FIXTURES, 'malicious-inventory.json');

let work: string;

beforeAll(async () => {
  // A user's project: node_modules for cdk8s, and 'cdk8s-slo' mapped to this project's sources.
  work = tempDir('generate-app');
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(work, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'node16',
      moduleResolution: 'node16',
      strict: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
      baseUrl: '.',
      paths: { 'cdk8s-slo': [path.join(PROJECT_ROOT, 'src')] },
    },
    include: ['*.ts'],
  }, null, 2));
  // checkout renamed `constructor`: an Object.prototype key, which the constructs library sees as a taken id.
  const withConstructor = JSON.parse(fs.readFileSync(INVENTORY, 'utf8'));
  withConstructor.services[0].name = 'constructor';
  const CONSTRUCTOR = path.join(work, 'constructor-inventory.json');
  fs.writeFileSync(CONSTRUCTOR, JSON.stringify(withConstructor));
  for (const [inventory, output, extra] of [
    [INVENTORY, 'progressive.ts', ['--progressive']],
    [CONSTRUCTOR, 'constructor.ts', []],
    [CONSTRUCTOR, 'constructor-slos.json', ['--format', 'inventory']],
    [INVENTORY, 'strict.ts', []],
    [MALICIOUS, 'malicious.ts', []],
    [INVENTORY, 'slo-inventory.json', ['--progressive', '--format', 'inventory']],
  ] as const) {
    const run = await runCliInProcess(['generate', inventory, '--output', output, ...extra], { cwd: work });
    if (run.code !== 0) throw new Error(`generate ${output} failed: ${run.stderr}`);
  }
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

interface SynthesizedObjective {
  readonly target: number;
  /** The `le` bound of a latency objective, in seconds. */
  readonly threshold?: number;
}

/** `service/objective` → target (from slo:objective:ratio) and latency threshold (from the bucket's le). */
function objectivesOf(documents: any[]): Record<string, SynthesizedObjective> {
  const rules = documents.filter((d) => d.kind === 'PrometheusRule').flatMap((d) => d.spec.groups).flatMap((g: any) => g.rules);
  const result: Record<string, SynthesizedObjective> = {};
  for (const rule of rules.filter((r: any) => r.record === 'slo:objective:ratio')) {
    const key = `${rule.labels.slo_service}/${rule.labels.slo_name}`;
    const errors = rules.find((r: any) => r.record === 'slo:sli_errors:rate5m' && r.labels.slo_service === rule.labels.slo_service && r.labels.slo_name === rule.labels.slo_name);
    const le = /_bucket\{[^}]*le=~?"([0-9.]+)/.exec(errors.expr);
    result[key] = { target: Number(/^vector\((.*)\)$/.exec(rule.expr)![1]), ...(le ? { threshold: Number(le[1]) } : {}) };
  }
  return result;
}

/** What the plan says each objective should be. */
function plannedObjectives(progressive: boolean): Record<string, SynthesizedObjective> {
  const plan = planSloGeneration(readServiceInventory(fs.readFileSync(INVENTORY, 'utf8')), { progressive });
  const result: Record<string, SynthesizedObjective> = {};
  for (const service of plan.services) {
    result[`${service.service}/availability`] = { target: service.availability.target };
    if (service.latency) result[`${service.service}/latency`] = { target: service.latency.target, threshold: service.latency.thresholdSeconds };
  }
  return result;
}

describe('generate → TypeScript app', () => {
  test('the generated apps type-check as a user compiles them (strict, no unused imports)', () => {
    const result = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(work, 'tsconfig.json')], { cwd: work, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('the progressive app synthesizes PrometheusRules promtool accepts, with the planned start targets and thresholds', () => {
    const documents = synthesizeAppDocuments(path.join(work, 'progressive.ts'));
    const check = checkRules(documents.flatMap((d) => d.spec.groups));
    if (!check.ok) throw new Error(check.output);
    expect(documents.every((d) => d.kind === 'PrometheusRule' && d.metadata.namespace === 'monitoring')).toBe(true);
    expect(objectivesOf(documents)).toEqual(plannedObjectives(true));
    // The numbers worked out by hand (the fixture's comments): checkout achieved 99.88% → starts at 99.5%,
    // p95 212ms × 1.2 = 254.4ms → the 0.5s bucket; payments-eu p95 62.5ms × 1.2 = 75ms exactly → 0.075.
    expect(objectivesOf(documents)).toMatchObject({
      'checkout/availability': { target: 0.995 },
      'checkout/latency': { target: 0.95, threshold: 0.5 },
      'storefront/availability': { target: 0.999 },
      'storefront/latency': { target: 0.95, threshold: 1 },
      'search/availability': { target: 0.95 },
      'reports/availability': { target: 0.99 },
      'payments-eu/latency': { target: 0.95, threshold: 0.075 },
      'payments-us/latency': { target: 0.95, threshold: 0.1 },
    });
    expect(Object.keys(objectivesOf(documents))).not.toContain('search/latency');
  });

  test('without --progressive the targets are the tiers\' and promtool accepts the rules', () => {
    const documents = synthesizeAppDocuments(path.join(work, 'strict.ts'));
    const check = checkRules(documents.flatMap((d) => d.spec.groups));
    if (!check.ok) throw new Error(check.output);
    expect(objectivesOf(documents)).toEqual(plannedObjectives(false));
    expect(objectivesOf(documents)).toMatchObject({
      'checkout/availability': { target: 0.9995 },
      'search/availability': { target: 0.995 },
      'flaky/availability': { target: 0.99 },
    });
  });

  test('the generated code carries the goal targets and reasons as comments and uses only the public API', () => {
    const source = fs.readFileSync(path.join(work, 'progressive.ts'), 'utf8');
    expect(source).toContain("import { ApiServiceSlo, ServiceTier, WebServiceSlo } from 'cdk8s-slo';");
    expect(source).not.toMatch(/from '\.\.?\//);
    expect(source).toContain('  availability: { target: 0.995 }, // goal: 0.9995\n');
    expect(source).toContain('// Latency: p95 212ms × 1.2 = 254.4ms, rounded up to the histogram bucket 500ms;');
    expect(source).toMatch(/\/\/ - staging\/cart: namespace "staging" is not production\n/);
    expect(source).toMatch(/\/\/ - shop\/inventory-sync: no error data/);
  });

  test('without --progressive, a target the service did not achieve carries a warning above its code', () => {
    const source = fs.readFileSync(path.join(work, 'strict.ts'), 'utf8');
    expect(source).toContain('// WARNING: achieved 90% over 7d, below the 99% target: the error budget burns at 10× its sustainable rate, so\n'
      + '//   the 6h/30m burn-rate alert (6×, a notification for the best-effort tier) fires at once; consider\n'
      + '//   --progressive, which starts at what the service achieved.\n'
      + "new ApiServiceSlo(chart, 'flaky', {");
    expect(fs.readFileSync(path.join(work, 'progressive.ts'), 'utf8')).not.toContain('WARNING');
  });

  test('names with quotes, backticks, newlines and */ stay text: the app compiles, runs and labels carry them verbatim', () => {
    const source = fs.readFileSync(path.join(work, 'malicious.ts'), 'utf8');
    // Every line outside the code is a comment: nothing from the inventory started a line of code.
    const code = source.split('\n').filter((line) => line.trim() !== '' && !line.trimStart().startsWith('//'));
    expect(code.filter((line) => /process\.exit/.test(line)).every((line) => /^ {2}(team|selector): /.test(line))).toBe(true);

    const documents = synthesizeAppDocuments(path.join(work, 'malicious.ts'));
    const check = checkRules(documents.flatMap((d) => d.spec.groups));
    if (!check.ok) throw new Error(check.output);
    const rules = documents.flatMap((d) => d.spec.groups).flatMap((g: any) => g.rules);
    const evil = rules.filter((r: any) => r.labels?.slo_service === 'evil-quote');
    expect(evil.length).toBeGreaterThan(0);
    expect(new Set(evil.map((r: any) => r.labels.team))).toEqual(new Set(["a'b\"c`d*/e ${process.exit(9)} \\ end"]));
    const total = evil.find((r: any) => r.record === 'slo:sli_total:rate5m' && r.labels.slo_name === 'availability');
    expect(total.expr).toContain(`job=${quotePromqlString("x'); process.exit(8); ('*/ `\\` ${z}\"")}`);
    // the team with a newline was dropped (noted), and the two services that cannot have SLOs were listed
    expect(rules.filter((r: any) => r.labels?.slo_service === 'newline-team').every((r: any) => r.labels.team === undefined)).toBe(true);
    expect(source).toContain('// - shop/evil\'name*/\\nprocess.exit(2) // \\u2029: the name');
  });
});

describe('a service named constructor', () => {
  test('the generated app synthesizes its SLOs (slo_service "constructor"), and SloCatalog makes the same rules', () => {
    const source = fs.readFileSync(path.join(work, 'constructor.ts'), 'utf8');
    expect(source).toContain("new ApiServiceSlo(chart, 'constructor_service', {\n  service: 'constructor',\n");
    const documents = synthesizeAppDocuments(path.join(work, 'constructor.ts'));
    expect(objectivesOf(documents)).toMatchObject({ 'constructor/availability': { target: 0.9995 }, 'constructor/latency': { target: 0.95, threshold: 0.5 } });

    const app = new App({ outdir: tempDir('catalog-synth') });
    try {
      const chart = new Chart(app, 'slos', { namespace: 'monitoring' });
      SloCatalog.fromInventory(chart, 'catalog', { file: path.join(work, 'constructor-slos.json') });
      expect(YAML.parseAllDocuments(app.synthYaml()).map((d) => d.toJS())).toEqual(documents);
    } finally {
      fs.rmSync(app.outdir, { recursive: true, force: true });
    }
  });
});

describe('generate --format inventory → SloCatalog.fromInventory', () => {
  test('synthesizes exactly the PrometheusRules of the generated TypeScript app', () => {
    const fromTypeScript = synthesizeAppDocuments(path.join(work, 'progressive.ts'));
    const app = new App({ outdir: tempDir('catalog-synth') });
    try {
      const chart = new Chart(app, 'slos', { namespace: 'monitoring' });
      const catalog = SloCatalog.fromInventory(chart, 'catalog', { file: path.join(work, 'slo-inventory.json') });
      const fromCatalog = app.synthYaml();
      expect(YAML.parseAllDocuments(fromCatalog).map((d) => d.toJS())).toEqual(fromTypeScript);
      expect(catalog.objectives.find((o) => o.service === 'checkout' && o.objective === 'availability')).toEqual({
        service: 'checkout', objective: 'availability', target: 0.995, goalTarget: 0.9995,
      });
    } finally {
      fs.rmSync(app.outdir, { recursive: true, force: true });
    }
  });
});
