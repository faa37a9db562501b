/**
 * End to end: Sloth, Pyrra and OpenSLO documents (the corpus of test/fixtures/corpus) → `cdk8s-slo import`
 * → a TypeScript cdk8s app that compiles as a user compiles it and synthesizes PrometheusRules that
 * promtool accepts, with the same rules as SloImport.fromFiles gives for the same documents.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { PROJECT_ROOT, runCliInProcess } from './helpers/cli';
import { SloImport } from '../../src';
import { checkRuleFiles, tempDir } from '../../test/helpers/promtool';
import { ruleGroupsOf, synthesizeAppDocuments } from '../../test/helpers/synth';

const CORPUS = path.join(PROJECT_ROOT, 'test', 'fixtures', 'corpus');
/** OpenSLO documents with 5- and 15-minute time slices (see its README). */
const TIMESLICES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'openslo-timeslices');

/** Two calendar SLOs without alert policies: a month in India, a quarter in New York (daylight saving). */
const CALENDAR_SLOS = ['checkout', 'search'].map((service, index) => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: ${service}-availability
spec:
  service: ${service}
  indicator:
    metadata:
      name: ${service}-availability
    spec:
      ratioMetric:
        counter: true
        bad:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{job="${service}",code=~"5.."}
        total:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{job="${service}"}
  timeWindow:
    - duration: ${index === 0 ? '1M' : '1Q'}
      isRolling: false
      calendar:
        startTime: 2024-01-01 00:00:00
        timeZone: ${index === 0 ? 'Asia/Kolkata' : 'America/New_York'}
  budgetingMethod: Occurrences
  objectives:
    - target: 0.999
`).join('---\n');

let work: string;
const runs: Record<string, { code: number; stdout: string; stderr: string }> = {};

beforeAll(async () => {
  // A user's project: node_modules for cdk8s, and 'cdk8s-slo' mapped to this project's sources.
  work = tempDir('import-app');
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
  fs.mkdirSync(path.join(work, 'calendar'));
  fs.writeFileSync(path.join(work, 'calendar', 'slos.yaml'), CALENDAR_SLOS);
  for (const [name, paths] of [
    ['calendar', [path.join(work, 'calendar')]],
    ['sloth', [path.join(CORPUS, 'sloth')]],
    ['pyrra', [path.join(CORPUS, 'pyrra')]],
    ['openslo', [path.join(CORPUS, 'openslo')]],
    ['timeslices', [TIMESLICES]],
    ['all', [CORPUS]],
  ] as const) {
    runs[name] = await runCliInProcess(['import', ...paths, '-o', `${name}.ts`], { cwd: work });
  }
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe('cdk8s-slo import', () => {
  test('exit codes: 5 when some documents are refused, 0 when all import, 1 when none does', () => {
    expect([runs.sloth.code, runs.pyrra.code, runs.openslo.code, runs.all.code]).toEqual([5, 0, 1, 5]);
    expect(runs.sloth.stderr).toMatch(/cdk8s-slo import: wrote sloth\.ts: 15 SLOs imported, 3 documents refused \(5 findings\), \d+ warnings\n$/);
    expect(runs.sloth.stderr).toMatch(/error: Sloth: \S*sloth\/plugin-getting-started\.yml document 1 \(Sloth spec of service "myservice"\), line 13: slos\[0\]\.sli\.plugin: the SLI plugin/);
    expect(runs.sloth.stderr).toMatch(/warning: .*the SLO "myservice\/requests-availability" is also defined, identically, by .*: read once/);
    expect(runs.pyrra.stderr).toMatch(/wrote pyrra\.ts: 14 SLOs imported, 0 documents refused/);
    expect(runs.openslo.stderr).toMatch(/spec\.timeWindow\[0\]\.duration: "1m" is not a calendar period cdk8s-slo has/);
  });

  test('the apps type-check as a user compiles them (strict, no unused imports)', () => {
    const result = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(work, 'tsconfig.json')], { cwd: work, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('the Sloth app says what was refused, and synthesizes rules promtool accepts', () => {
    const source = fs.readFileSync(path.join(work, 'sloth.ts'), 'utf8');
    expect(source).toMatch(/^\/\/ Not imported \(5 findings\):$/m);
    expect(source).toContain("indicator: Sli.averagedErrorRatio({ errorRatioQuery: '1 - (\\n  sum(sum_over_time(unifipoller_client_satisfaction_ratio[{{.window}}]))");
    const documents = synthesizeAppDocuments(path.join(work, 'sloth.ts'));
    expect(documents.filter((d) => d.kind === 'PrometheusRule')).toHaveLength(15);
    const check = checkRuleFiles([documents.flatMap((d) => d.spec.groups)]);
    if (!check.ok) throw new Error(check.output);
  });

  test('the Pyrra app synthesizes exactly the rules SloImport.fromFiles gives for the same files', () => {
    const app = synthesizeAppDocuments(path.join(work, 'pyrra.ts')).filter((d) => d.kind === 'PrometheusRule');
    const chart = new Chart(Testing.app(), 'slos', { namespace: 'monitoring' });
    SloImport.fromFiles(chart, 'imported', [path.join(CORPUS, 'pyrra')]);
    const library = Testing.synth(chart).filter((d) => d.kind === 'PrometheusRule');
    expect(app.map((d) => d.spec)).toEqual(library.map((d) => d.spec));
    expect(checkRuleFiles([ruleGroupsOf(app)]).ok).toBe(true);
  });

  test('OpenSLO time slices longer than a minute are written as timeSlice, with the same rules as SloImport', () => {
    expect(runs.timeslices.code).toBe(0);
    const source = fs.readFileSync(path.join(work, 'timeslices.ts'), 'utf8');
    expect(source.match(/timeSlice: Duration\.minutes\(5\)/g)).toHaveLength(2);
    expect(source).toContain('timeSlice: Duration.minutes(15)');
    const app = synthesizeAppDocuments(path.join(work, 'timeslices.ts')).filter((d) => d.kind === 'PrometheusRule');
    const chart = new Chart(Testing.app(), 'slos', { namespace: 'monitoring' });
    SloImport.fromFiles(chart, 'imported', [TIMESLICES]);
    const library = Testing.synth(chart).filter((d) => d.kind === 'PrometheusRule');
    expect(app.map((d) => d.spec)).toEqual(library.map((d) => d.spec));
    expect(JSON.stringify(app)).toContain('[4m59s999ms:5m]');
    expect(checkRuleFiles([ruleGroupsOf(app)]).ok).toBe(true);
  });

  test('validate agrees: the time-slice documents are clean, a 7-minute slice is an error at its field', async () => {
    const clean = await runCliInProcess(['validate', '--strict', TIMESLICES], { cwd: work });
    expect(clean.stdout).toMatch(/3 files, 5 documents \(5 OpenSLO\): no problems found/);
    expect(clean.code).toBe(0);
    const dir = path.join(work, 'seven-minutes');
    fs.mkdirSync(dir);
    const yaml = fs.readFileSync(path.join(TIMESLICES, 'checkout-timeslices.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'slo.yaml'), yaml.replace('timeSliceWindow: 5m', 'timeSliceWindow: 7m'));
    const bad = await runCliInProcess(['validate', dir], { cwd: work });
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toMatch(/slo\.yaml:46: error: must be whole minutes that divide an hour .*; got 7m \(spec\.objectives\[0\]\.timeSliceWindow\)/);
  });

  test('calendar windows are written as calendarWindow and utcOffset, with CalendarWindow imported and the same rules as SloImport', () => {
    expect(runs.calendar.code).toBe(0);
    const source = fs.readFileSync(path.join(work, 'calendar.ts'), 'utf8');
    expect(source).toContain("import { App, Chart } from 'cdk8s';");
    expect(source).toContain("import { CalendarWindow, Sli, Slo } from 'cdk8s-slo';");
    expect(source).toMatch(/ {2}calendarWindow: CalendarWindow\.MONTH,\n {2}utcOffset: '\+05:30',\n/);
    expect(source).toMatch(/ {2}calendarWindow: CalendarWindow\.QUARTER,\n {2}utcOffset: '-05:00',\n/);
    expect(source).not.toMatch(/window: Duration/);
    expect(source).toMatch(/\/\/ Note: [^\n]*\n\/\/ {3}spec\.timeWindow\[0\]\.calendar\.timeZone: America\/New_York has daylight saving time/);
    const app = synthesizeAppDocuments(path.join(work, 'calendar.ts')).filter((d) => d.kind === 'PrometheusRule');
    const chart = new Chart(Testing.app(), 'slos', { namespace: 'monitoring' });
    SloImport.fromFiles(chart, 'imported', [path.join(work, 'calendar')]);
    expect(app.map((d) => d.spec)).toEqual(Testing.synth(chart).filter((d) => d.kind === 'PrometheusRule').map((d) => d.spec));
  });

  test('bad command lines and paths', async () => {
    expect((await runCliInProcess(['import'], { cwd: work })).code).toBe(2);
    expect((await runCliInProcess(['import', 'x', '--rule-namespace', 'Bad_Name'], { cwd: work })).code).toBe(2);
    const missing = await runCliInProcess(['import', 'no-such-dir'], { cwd: work });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/no-such-dir: no such file or directory/);
  });
});
