/**
 * Detection time on VictoriaMetrics + vmalert against Prometheus, live: one exporter, scraped every second
 * by a Prometheus server (evaluating the rules synthesized for Prometheus itself) and by vmagent (writing
 * to a VictoriaMetrics server that vmalert evaluates the rules synthesized with
 * `RuleEngine.victoriaMetrics()` against, as its VMRule holds them, with the flags the README recommends).
 * Half of all requests start failing at a known moment; each engine's first page is timed from that
 * moment through its own alerts API. Then the outage ends, and each engine's fast page (1h/5m) is timed
 * until it clears.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { RuleEngine, Sli, Slo, SloProps } from '../../src';
import { apiGet, LiveExporter, LivePrometheus, pollUntil, sleep, startExporter, startPrometheus } from '../helpers/live-prometheus';
import { tempDir, writeRuleFile } from '../helpers/promtool';
import { ruleGroupsFor } from '../helpers/synth';
import {
  HttpSink, RunningTool, startAlertSink, startVictoriaMetrics, startVmagent, startVmalert, writeVmalertRuleFile,
} from '../helpers/victoria-metrics';

jest.setTimeout(1_200_000);

const REQUESTS_PER_SECOND = 100;
const OUTAGE_ERROR_RATIO = 0.5;
/** How long after the servers are ready the outage starts: enough for a few scrapes of healthy traffic. */
const HEALTHY_SECONDS = 20;

/** A 99.9%/30d availability SLO over the exporter's requests. */
const SLO: SloProps = {
  service: 'checkout',
  name: 'live-outage',
  target: 0.999,
  indicator: Sli.ratio({ errors: 'http_requests_total{job="live",code=~"5.."}', total: 'http_requests_total{job="live"}' }),
};

/** Its rule groups as synthesized for Prometheus (short-window group every minute). */
const PROMETHEUS_GROUPS = ruleGroupsFor(SLO);

/** Its rule groups as the VMRule of `RuleEngine.victoriaMetrics()` holds them (short-window group every 15 s). */
function vmRuleGroups(): any[] {
  const chart = new Chart(Testing.app(), 'live', { namespace: 'monitoring' });
  new Slo(chart, 'slo', { ...SLO, engine: RuleEngine.victoriaMetrics() });
  const [vmRule] = Testing.synth(chart);
  if (vmRule?.kind !== 'VMRule') throw new Error(`expected a VMRule, got ${vmRule?.kind}`);
  return vmRule.spec.groups;
}
const VMALERT_GROUPS = vmRuleGroups();

/**
 * How much later vmalert may page than Prometheus: the issue's requirement, one minute. vmalert 1.79
 * writes recorded series back through remote write and reads them from VictoriaMetrics, so a rule reading
 * another rule of the same group sees the value of the previous evaluation: the page reads the 5m and 1h
 * ratios, which read the recorded error and total rates, two hops behind the raw counters. With the
 * short-window group every 15 s (RuleEngine.victoriaMetrics()'s default) the hops cost 30 s; Prometheus
 * pages at its first evaluation after the outage (0 to 1 minute, its own phase).
 * Measured with the README's flags, three runs: vmalert 34.2 s, 36.2 s, 45.4 s after the outage started,
 * Prometheus 26.2 s, 3.0 s, 54.4 s (at a 1-minute short-window group vmalert took 123 to 153 s); later
 * two more, 42.7 / 4.0 s and 48.4 / 49.4 s. The same bound holds for the page clearing after the outage
 * ends: vmalert 330.5 s and 328.6 s, Prometheus 321.4 s and 300.4 s (9 s and 28 s apart).
 */
const MAX_DELAY_SECONDS = 60;

/** Good and failed requests so far, with the outage from `outage().startMs` to `outage().endMs` (ms since the epoch). */
function renderTraffic(outage: () => { startMs: number; endMs: number }): (elapsedSeconds: number) => string {
  const startedMs = Date.now();
  return (elapsedSeconds) => {
    const nowMs = startedMs + elapsedSeconds * 1000;
    const { startMs, endMs } = outage();
    const failingSeconds = Math.max(0, (Math.min(nowMs, endMs) - startMs) / 1000);
    const failed = REQUESTS_PER_SECOND * OUTAGE_ERROR_RATIO * failingSeconds;
    const all = REQUESTS_PER_SECOND * elapsedSeconds;
    return [
      '# TYPE http_requests_total counter',
      `http_requests_total{job="live",code="200"} ${all - failed}`,
      `http_requests_total{job="live",code="500"} ${failed}`,
      '',
    ].join('\n');
  };
}

/**
 * Whether a critical alert of the SLO (of one long window, if given) fires, by the engine's `/api/v1/alerts`
 * (Prometheus and vmalert serve the same API).
 */
async function pageFires(alertsUrl: string, longWindow?: string): Promise<boolean> {
  const data = await apiGet(alertsUrl, '/api/v1/alerts');
  return ((data.alerts ?? []) as any[]).some((alert) => alert.state === 'firing' && alert.labels.severity === 'critical' && alert.labels.slo_name === 'live-outage'
    && (longWindow === undefined || alert.labels.long_window === longWindow));
}

/** Polls both engines until `done(engine)` holds for each; resolves with the seconds from `fromMs` at which it first held. */
async function timeBoth(
  what: string, urls: Record<string, string>, fromMs: number, limitMs: number, done: (url: string) => Promise<boolean>,
): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  return pollUntil(what, fromMs + limitMs, async () => {
    for (const [engine, url] of Object.entries(urls)) {
      if (seen[engine] === undefined && await done(url)) seen[engine] = (Date.now() - fromMs) / 1000;
    }
    return Object.keys(seen).length === Object.keys(urls).length ? { done: true, value: seen } : { done: false, seen: JSON.stringify(seen) };
  }, 1_000);
}

describe('detection time on VictoriaMetrics + vmalert, live, against Prometheus', () => {
  let workDir: string;
  let exporter: LiveExporter | undefined;
  let prometheus: LivePrometheus | undefined;
  let victoriaMetrics: RunningTool | undefined;
  let vmagent: RunningTool | undefined;
  let vmalert: RunningTool | undefined;
  let alertSink: HttpSink | undefined;
  let outage = { startMs: Number.POSITIVE_INFINITY, endMs: Number.POSITIVE_INFINITY };

  beforeAll(async () => {
    workDir = tempDir('vm-detection');
    exporter = await startExporter(renderTraffic(() => outage));
    const prometheusRules = writeRuleFile(workDir, PROMETHEUS_GROUPS, 'prometheus-rules.yaml');
    const vmalertRules = writeVmalertRuleFile(path.join(workDir, 'vmalert-rules.yaml'), VMALERT_GROUPS);
    [prometheus, victoriaMetrics] = await Promise.all([
      startPrometheus({ workDir, ruleFiles: [prometheusRules], scrapeTargets: [exporter.target] }),
      startVictoriaMetrics({ workDir }),
    ]);
    vmagent = await startVmagent({ workDir, scrapeTargets: [exporter.target], remoteWriteUrl: victoriaMetrics.url });
    alertSink = await startAlertSink();
    vmalert = await startVmalert({ ruleFiles: [vmalertRules], datasourceUrl: victoriaMetrics.url, notifierUrl: alertSink.url });
  });

  afterAll(async () => {
    await vmalert?.stop();
    await alertSink?.close();
    await vmagent?.stop();
    await victoriaMetrics?.stop();
    await prometheus?.stop();
    await exporter?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  test('vmalert, with the rules as synthesized for it, pages and clears within a minute of Prometheus', async () => {
    const engines = { prometheus: prometheus!.url, vmalert: vmalert!.url };
    // GIVEN healthy traffic for a few seconds on both engines
    await sleep(HEALTHY_SECONDS * 1000);
    expect(await pageFires(prometheus!.url)).toBe(false);
    expect(await pageFires(vmalert!.url)).toBe(false);

    // WHEN half of all requests fail from now on
    outage = { startMs: Date.now(), endMs: Number.POSITIVE_INFINITY };
    const detected = await timeBoth('both engines to page on the 1h/5m pair', engines, outage.startMs, 300_000, (url) => pageFires(url, '1h'));
    console.log(`first 1h/5m page after the outage started: ${JSON.stringify(detected)} s`);

    // THEN vmalert's short-window group runs every 15 s, and its first page comes within a minute of Prometheus's
    expect(VMALERT_GROUPS.map((group) => group.interval)).toEqual(['15s', '4m']);
    expect(detected.vmalert - detected.prometheus).toBeLessThanOrEqual(MAX_DELAY_SECONDS);

    // WHEN the outage ends once both have paged
    outage = { ...outage, endMs: Date.now() };
    // THEN the 1h/5m page clears on both once the outage has left the 5m window (about 5 minutes: the page
    // holds while the window still has 8.6 s of 50% errors, 0.0144 × 300 s / 0.5), within a minute of each other
    const cleared = await timeBoth('both engines to clear the 1h/5m page', engines, outage.endMs, 600_000, async (url) => !(await pageFires(url, '1h')));
    console.log(`1h/5m page cleared after the outage ended: ${JSON.stringify(cleared)} s`);
    expect(cleared.prometheus).toBeGreaterThan(180);
    expect(Math.abs(cleared.vmalert - cleared.prometheus)).toBeLessThanOrEqual(MAX_DELAY_SECONDS);
  });
});
