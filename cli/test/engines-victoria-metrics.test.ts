/**
 * status, report, discover and verify against a live VictoriaMetrics single-node (and vmalert for the
 * rules API), Debian's packages: required, the test fails without them. History is imported with
 * timestamps: request counters of a service (for discover and for the rules vmalert evaluates) and the
 * recorded slo:* series of an SLO whose rules run elsewhere (for status and report).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { runCliInProcess } from './helpers/cli';
import { tempDir } from '../../test/helpers/promtool';
import {
  HttpSink, importPrometheusText, RunningTool, startAlertSink, startVictoriaMetrics, startVmalert,
} from '../../test/helpers/victoria-metrics';

jest.setTimeout(180_000);

const FIXTURES = path.join(__dirname, 'fixtures', 'engines');
const MANIFESTS = path.join(FIXTURES, 'checkout.k8s.yaml');
const SERVICES = path.join(FIXTURES, 'services.json');

/** Prometheus text lines, one sample every `stepSeconds` from `from` to `to` (seconds; timestamps in ms). */
function series(selector: string, from: number, to: number, stepSeconds: number, value: (t: number) => number): string {
  const lines: string[] = [];
  for (let t = from; t <= to; t += stepSeconds) lines.push(`${selector} ${value(t)} ${t * 1000}`);
  return lines.join('\n');
}

describe('VictoriaMetrics (live, single-node 1.79)', () => {
  const dir = tempDir('victoria-metrics');
  let vm: RunningTool;
  let vmalert: RunningTool | undefined;
  let alertSink: HttpSink | undefined;
  const now = Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    // A retention long enough for the imported history; no rollup cache, no latency offset (the defaults).
    vm = await startVictoriaMetrics({ workDir: dir });
    const from = now - 26 * 3600;
    const last = now - 15;
    const payments = 'slo_service="payments",slo_name="availability"';
    await importPrometheusText(vm.url, [
      // checkout: 49.75 good and 0.25 failed requests a second over the last 3 hours.
      series('http_requests_total{namespace="shop",job="checkout",code="200"}', now - 3 * 3600, last, 15, (t) => 49.75 * (t - (now - 3 * 3600))),
      series('http_requests_total{namespace="shop",job="checkout",code="500"}', now - 3 * 3600, last, 15, (t) => 0.25 * (t - (now - 3 * 3600))),
      // payments: recorded by rules elsewhere, 20 requests a second, 0.1% failing (its whole budget), for 26 hours.
      series(`slo:sli_total:rate5m{${payments}}`, from, last, 60, () => 20),
      series(`slo:sli_errors:rate5m{${payments}}`, from, last, 60, () => 0.02),
      series(`slo:objective:ratio{${payments}}`, from, last, 60, () => 0.999),
      series(`slo:error_budget:ratio{${payments}}`, from, last, 60, () => 0.001),
      series(`slo:period_burn_rate:ratio{${payments}}`, from, last, 60, () => 0.4),
      series(`slo:period_error_budget_remaining:ratio{${payments}}`, from, last, 60, () => 0.6),
      series(`slo:current_burn_rate:ratio{${payments}}`, from, last, 60, () => 1.5),
    ].join('\n') + '\n');
  }, 60_000);

  afterAll(async () => {
    await vmalert?.stop();
    await alertSink?.close();
    await vm?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('status reads the recorded series, also under VictoriaMetrics\'s /prometheus prefix (and ignores partial_response=false)', async () => {
    for (const [url, ...more] of [[vm.url], [`${vm.url}/prometheus`, '--fail-on-warnings']]) {
      const run = await runCliInProcess(['status', '--prometheus-url', url, '--service', 'payments', '--json', ...more]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const [status] = JSON.parse(run.stdout);
      expect(status).toMatchObject({ service: 'payments', slo: 'availability', objective: 0.999, budgetRemaining: 0.6, burnRate: 1.5, alertsFiring: [] });
      expect(status.sli).toBeCloseTo(1 - 0.4 * 0.001, 9);
    }
  });

  test('report over the last day: availability 99.9%, the whole budget spent', async () => {
    const run = await runCliInProcess(['report', 'payments', '--days', '1', '--prometheus-url', vm.url, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [slo] = JSON.parse(run.stdout).slos;
    expect(slo).toMatchObject({ service: 'payments', slo: 'availability' });
    expect(slo.availability).toBeCloseTo(0.999, 6);
    expect(slo.budget.consumed).toBeCloseTo(1, 3);
  });

  test('discover measures the service\'s traffic and errors', async () => {
    const run = await runCliInProcess(['discover', '--services-file', SERVICES, '--lookback', '2h', '--prometheus-url', vm.url, '--json']);
    expect(run.code).toBe(0);
    const [service] = JSON.parse(run.stdout).services;
    expect(service.name).toBe('checkout');
    expect(service.observed.averageQps).toBeCloseTo(50, 0);
    expect(service.observed.errorRatio).toBeCloseTo(0.005, 4);
    expect(service.observed.latency).toBeUndefined();
  });

  test('verify against VictoriaMetrics alone: no rules API of its own, and the note says to use vmalert', async () => {
    const run = await runCliInProcess(['verify', MANIFESTS, '--prometheus-url', vm.url]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Rule groups not loaded (2):');
    expect(run.stdout).toContain('VictoriaMetrics single-node answers so unless started with -vmalert.proxyURL: give --rules-url with vmalert\'s address.');
  });

  test('verify with --rules-url at vmalert: loaded, evaluated, healthy, with SLI data written back to VictoriaMetrics', async () => {
    // The exported rule file, with intervals shortened so that vmalert's first evaluation of each group comes soon.
    const rulesDir = path.join(dir, 'rules');
    fs.mkdirSync(rulesDir);
    const exported = await runCliInProcess(['export', MANIFESTS, '--format', 'prometheus', '--output-dir', rulesDir]);
    expect(exported.code).toBe(0);
    const file = path.join(rulesDir, 'monitoring_slo-checkout-availability.yaml');
    const ruleFile = YAML.parse(fs.readFileSync(file, 'utf8'));
    for (const group of ruleFile.groups) group.interval = '5s';
    fs.writeFileSync(file, YAML.stringify(ruleFile));
    alertSink = await startAlertSink();
    vmalert = await startVmalert({ ruleFiles: [file], datasourceUrl: vm.url, notifierUrl: alertSink.url });

    // --fail-on-warnings: both answer with partial_response=false as without it.
    const run = await runCliInProcess(['verify', MANIFESTS, '--prometheus-url', vm.url, '--rules-url', vmalert.url, '--wait', '90s', '--json', '--fail-on-warnings']);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      ok: true, prometheusUrl: vm.url, rulesUrl: vmalert.url, problems: [], checked: { ruleGroups: 2, rules: 25, slos: 1 },
    });
    expect(run.code).toBe(0);
  });
});
