/**
 * Detection time on VictoriaMetrics + vmalert against Prometheus, live: one exporter, scraped every second
 * by a Prometheus server (evaluating the rules synthesized for Prometheus itself) and by vmagent (writing
 * to a VictoriaMetrics server that vmalert evaluates the rules synthesized with
 * `RuleEngine.victoriaMetrics()` against, as its VMRule holds them, with the flags the README recommends).
 * Half of all requests start failing at a known moment; each engine's first page is timed from that
 * moment through its own alerts API.
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

jest.setTimeout(360_000);

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
 * Prometheus 26.2 s, 3.0 s, 54.4 s (at a 1-minute short-window group vmalert took 123 to 153 s).
 */
const MAX_DELAY_SECONDS = 60;

/** Good and failed requests so far, with the outage starting at `outageAtMs` (ms since the epoch). */
function renderTraffic(outageAtMs: () => number): (elapsedSeconds: number) => string {
  const startedMs = Date.now();
  return (elapsedSeconds) => {
    const failingSeconds = Math.max(0, (startedMs + elapsedSeconds * 1000 - outageAtMs()) / 1000);
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

/** Whether a critical alert of the SLO fires, by the engine's `/api/v1/alerts` (Prometheus and vmalert serve the same API). */
async function pageFires(alertsUrl: string): Promise<boolean> {
  const data = await apiGet(alertsUrl, '/api/v1/alerts');
  return ((data.alerts ?? []) as any[]).some((alert) => alert.state === 'firing' && alert.labels.severity === 'critical' && alert.labels.slo_name === 'live-outage');
}

describe('detection time on VictoriaMetrics + vmalert, live, against Prometheus', () => {
  let workDir: string;
  let exporter: LiveExporter | undefined;
  let prometheus: LivePrometheus | undefined;
  let victoriaMetrics: RunningTool | undefined;
  let vmagent: RunningTool | undefined;
  let vmalert: RunningTool | undefined;
  let alertSink: HttpSink | undefined;
  let outageAtMs = Number.POSITIVE_INFINITY;

  beforeAll(async () => {
    workDir = tempDir('vm-detection');
    exporter = await startExporter(renderTraffic(() => outageAtMs));
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

  test('vmalert, with the rules as synthesized for it, pages at most a minute after Prometheus when an outage starts', async () => {
    // GIVEN healthy traffic for a few seconds on both engines
    await sleep(HEALTHY_SECONDS * 1000);
    expect(await pageFires(prometheus!.url)).toBe(false);
    expect(await pageFires(vmalert!.url)).toBe(false);

    // WHEN half of all requests fail from now on
    outageAtMs = Date.now();
    const detected: Record<string, number> = {};
    await pollUntil('both engines to page', outageAtMs + 300_000, async () => {
      for (const [engine, url] of [['prometheus', prometheus!.url], ['vmalert', vmalert!.url]] as const) {
        if (detected[engine] === undefined && await pageFires(url)) detected[engine] = (Date.now() - outageAtMs) / 1000;
      }
      return detected.prometheus !== undefined && detected.vmalert !== undefined
        ? { done: true, value: detected }
        : { done: false, seen: JSON.stringify(detected) };
    }, 1_000);
    console.log(`first page after the outage started: ${JSON.stringify(detected)} s`);

    // THEN vmalert's short-window group runs every 15 s, and its first page comes within a minute of Prometheus's
    expect(VMALERT_GROUPS.map((group) => group.interval)).toEqual(['15s', '4m']);
    expect(detected.vmalert - detected.prometheus).toBeLessThanOrEqual(MAX_DELAY_SECONDS);
  });
});
