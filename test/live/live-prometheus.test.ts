/**
 * The generated rules on a real Prometheus server: it loads them, evaluates every rule without errors
 * (no many-to-many matching, no duplicate series) and records the values that the traffic served by a
 * live exporter implies. Needs the `prometheus` binary (apt-get install -y prometheus); fails without it.
 *
 * Timing: a rule group first evaluates at an offset within its interval that Prometheus derives from the
 * group's name and file, so the short-window groups (1m) have data within about a minute, and the
 * long-window groups (4m) — which read what the short-window groups recorded — within about five, or
 * eight when their first evaluation comes before the short-window groups' first.
 */
import * as fs from 'fs';
import { Duration } from 'cdk8s';
import { Sli, SloProps } from '../../src';
import {
  ApiRuleGroup, apiGet, instantQuery, LiveExporter, LivePrometheus, loadedRuleGroups, PollAbort, pollUntil, rawSamples,
  Sample, startExporter, startPrometheus, wasEvaluated,
} from '../helpers/live-prometheus';
import { tempDir, writeRuleFile } from '../helpers/promtool';
import { ruleGroupsFor } from '../helpers/synth';

// ---------------------------------------------------------------------------------------------------
// The traffic the exporter serves: constant rates, so every error ratio is known exactly.

/** Requests per second by route and status code. 1 of 100 requests per second is a 5xx: 1% errors. */
const REQUESTS = [
  { route: '/cart', code: '200', perSecond: 59 },
  { route: '/cart', code: '500', perSecond: 0.5 },
  { route: '/pay', code: '200', perSecond: 40 }, // a route without any 5xx series
  { route: '/legacy', code: '503', perSecond: 0.5 }, // a route without any good series
];

/**
 * Cumulative observations per second of a classic latency histogram, by bucket bound. Buckets next to
 * 0.3 (0.25 and 0.35) catch a threshold matcher that selects the wrong bucket or more than one.
 */
const LATENCY_BUCKETS: Array<[string, number]> = [
  ['0.1', 70], ['0.25', 85], ['0.3', 90], ['0.35', 94], ['1', 98], ['+Inf', 100],
];
const LATENCY_COUNT_PER_SECOND = 100;

/** probe_success per probed target: one of four probes fails. */
const PROBES: Array<[string, number]> = [['https://a.example', 1], ['https://b.example', 1], ['https://c.example', 1], ['https://d.example', 0]];

function renderMetrics(elapsedSeconds: number): string {
  const lines = ['# TYPE http_requests_total counter'];
  for (const r of REQUESTS) {
    lines.push(`http_requests_total{job="checkout",route="${r.route}",code="${r.code}"} ${r.perSecond * elapsedSeconds}`);
  }
  lines.push('# TYPE http_request_duration_seconds histogram');
  for (const [le, perSecond] of LATENCY_BUCKETS) {
    lines.push(`http_request_duration_seconds_bucket{job="checkout",le="${le}"} ${perSecond * elapsedSeconds}`);
  }
  lines.push(`http_request_duration_seconds_sum{job="checkout"} ${21.5 * elapsedSeconds}`);
  lines.push(`http_request_duration_seconds_count{job="checkout"} ${LATENCY_COUNT_PER_SECOND * elapsedSeconds}`);
  lines.push('# TYPE probe_success gauge');
  for (const [target, value] of PROBES) {
    lines.push(`probe_success{job="probe",target="${target}"} ${value}`);
  }
  return `${lines.join('\n')}\n`;
}

const isError = (code: string) => code.startsWith('5');
const sumOf = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The error ratios the traffic above implies. */
const EXPECTED_RATIO = {
  availability: sumOf(REQUESTS.filter((r) => isError(r.code)).map((r) => r.perSecond)) / sumOf(REQUESTS.map((r) => r.perSecond)),
  byRoute: Object.fromEntries([...new Set(REQUESTS.map((r) => r.route))].map((route) => {
    const ofRoute = REQUESTS.filter((r) => r.route === route);
    return [route, sumOf(ofRoute.filter((r) => isError(r.code)).map((r) => r.perSecond)) / sumOf(ofRoute.map((r) => r.perSecond))];
  })) as Record<string, number>,
  latency: (LATENCY_COUNT_PER_SECOND - LATENCY_BUCKETS.find(([le]) => le === '0.3')![1]) / LATENCY_COUNT_PER_SECOND,
  probe: PROBES.filter(([, value]) => value === 0).length / PROBES.length,
};

// ---------------------------------------------------------------------------------------------------
// The SLOs: one of each indicator kind the exporter can feed, one of them grouped.

const availability: SloProps = {
  service: 'checkout',
  name: 'availability',
  target: 0.999,
  indicator: Sli.ratio({ errors: 'http_requests_total{job="checkout",code=~"5.."}', total: 'http_requests_total{job="checkout"}' }),
};
const byRoute: SloProps = {
  service: 'checkout',
  name: 'by-route',
  target: 0.99,
  indicator: Sli.ratio({ good: 'http_requests_total{job="checkout",code!~"5.."}', total: 'http_requests_total{job="checkout"}', grouping: ['route'] }),
};
const latency: SloProps = {
  service: 'checkout',
  name: 'latency',
  target: 0.99,
  indicator: Sli.latency({ histogram: 'http_request_duration_seconds{job="checkout"}', threshold: Duration.millis(300) }),
};
const probe: SloProps = {
  service: 'storefront',
  name: 'probe',
  target: 0.99,
  indicator: Sli.boolGauge({ metric: 'probe_success{job="probe"}' }),
};
const SLOS = [availability, byRoute, latency, probe];
const ROUTES = Object.keys(EXPECTED_RATIO.byRoute);

/** The series each SLO records per metric: one per route for the grouped SLO, one otherwise. */
function expectedSeries(slo: SloProps): Array<Record<string, string>> {
  const identity = { slo_service: slo.service, slo_name: slo.name };
  return slo === byRoute ? ROUTES.map((route) => ({ ...identity, route })) : [identity];
}

function expectedRatio(slo: SloProps, labels: Record<string, string>): number {
  if (slo === availability) return EXPECTED_RATIO.availability;
  if (slo === byRoute) return EXPECTED_RATIO.byRoute[labels.route];
  if (slo === latency) return EXPECTED_RATIO.latency;
  return EXPECTED_RATIO.probe;
}

const budgetOf = (slo: SloProps) => Number((1 - slo.target).toPrecision(12));

/** The labels of a recorded series without its name. */
function seriesLabels(sample: { labels: Record<string, string> }): Record<string, string> {
  const { __name__: _name, ...labels } = sample.labels;
  return labels;
}

/** A label set as a canonical string (sorted by name), for comparing sets of series. */
const canonical = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

/** The label sets (without names) of the given samples, sorted. */
const labelSetsOf = (samples: Sample[]) => samples.map((s) => canonical(seriesLabels(s))).sort();

/** The label sets every recorded metric of `slo` must have, sorted. */
const expectedLabelSets = (slo: SloProps) => expectedSeries(slo).map(canonical).sort();

/** The samples that belong to `slo`. */
function samplesOf(samples: Sample[], slo: SloProps): Sample[] {
  return samples.filter((s) => s.labels.slo_service === slo.service && s.labels.slo_name === slo.name);
}

/** Ends a poll as soon as a rule failed: rules not evaluated yet report "unknown", which is fine. */
async function abortOnFailedRules(baseUrl: string): Promise<void> {
  const unhealthy = unhealthyRules(await loadedRuleGroups(baseUrl), { allowUnevaluated: true });
  if (unhealthy.length > 0) throw new PollAbort(`rules failed on the server:\n${unhealthy.join('\n')}`);
}

/** Probe: done when every SLO has all its expected series of `metric`; aborts as soon as a rule fails. */
async function everySloHas(baseUrl: string, metric: string) {
  await abortOnFailedRules(baseUrl);
  const samples = await instantQuery(baseUrl, metric);
  const missing = SLOS.flatMap((slo) => expectedSeries(slo)
    .filter((labels) => !samples.some((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v)))
    .map((labels) => JSON.stringify(labels)));
  return missing.length === 0
    ? { done: true as const, value: samples }
    : { done: false as const, seen: `${metric} is missing for ${missing.join(', ')} (${samples.length} series so far)` };
}

const intervalSeconds = (interval: string) => {
  const match = /^(\d+)([smh])$/.exec(interval);
  if (!match) throw new Error(`unexpected group interval ${interval}`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as 's' | 'm' | 'h'];
};

/** The rules that are not healthy: failed ones, and unless allowed, ones not evaluated yet. */
function unhealthyRules(groups: ApiRuleGroup[], options: { allowUnevaluated?: boolean } = {}): string[] {
  const healthy = options.allowUnevaluated ? ['ok', 'unknown'] : ['ok'];
  return groups.flatMap((group) => group.rules
    .filter((rule) => !healthy.includes(rule.health) || (rule.lastError ?? '') !== '')
    .map((rule) => `${group.name} / ${rule.name}${rule.labels?.long_window ? ` (${rule.labels.long_window})` : ''}: health=${rule.health} lastError=${rule.lastError}`));
}

/**
 * Warnings and errors of the rule and scrape managers: e.g. a rule result discarded because another rule
 * recorded the same series, or exporter output the server could not parse.
 */
function ruleAndScrapeProblems(logs: string): string[] {
  return logs.split('\n').filter((line) => /level=(warn|error)/.test(line) && /component="?(rule manager|scrape manager)/.test(line));
}

// ---------------------------------------------------------------------------------------------------

describe('generated rules on a live Prometheus server', () => {
  const generated = ruleGroupsFor(...SLOS);
  let ruleFile: string;
  let exporter: LiveExporter | undefined;
  let prometheus: LivePrometheus | undefined;
  /** The short-window groups (1m) have data within a minute of start-up (allowing for one scrape miss). */
  let shortDeadline: number;
  /** The long-window groups (4m) need a short-window evaluation before theirs: at most ~8 minutes. */
  let longDeadline: number;

  const url = () => prometheus!.url;

  let dir: string | undefined;

  beforeAll(async () => {
    dir = tempDir('live');
    ruleFile = writeRuleFile(dir, generated);
    exporter = await startExporter(renderMetrics);
    prometheus = await startPrometheus({ workDir: dir, ruleFiles: [ruleFile], scrapeTargets: [exporter.target] });
    shortDeadline = prometheus.readyAt + 80_000;
    longDeadline = prometheus.readyAt + 495_000;
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.close();
    // tempDir leaves clean-up to its caller.
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  test('loads every group of every SLO, with 1m short-window and 4m long-window intervals', async () => {
    expect(generated).toHaveLength(SLOS.length * 2);
    const loaded = await loadedRuleGroups(url());
    // The API lists groups sorted by file and name, not in file order.
    expect(loaded.map((g) => g.name).sort()).toEqual(generated.map((g) => g.name).sort());
    for (const group of generated) {
      const live = loaded.find((g) => g.name === group.name)!;
      expect(live.file).toBe(ruleFile);
      // What the server runs, not just what the file says: 60 s and 240 s.
      expect({ group: live.name, interval: live.interval }).toEqual({
        group: group.name,
        interval: group.name.endsWith('-long-windows') ? 240 : 60,
      });
      expect(live.interval).toBe(intervalSeconds(group.interval));
      expect(live.rules.map((r) => `${r.type} ${r.name}`)).toEqual(
        group.rules.map((r: any) => (r.alert ? `alerting ${r.alert}` : `recording ${r.record}`)));
    }
    expect(loaded.filter((g) => g.interval === 60)).toHaveLength(SLOS.length);
    expect(loaded.filter((g) => g.interval === 240)).toHaveLength(SLOS.length);
  });

  test('the short-window groups record the error ratios the live traffic implies', async () => {
    const ratios = await pollUntil('slo:sli_error:ratio_rate5m of every SLO', shortDeadline,
      () => everySloHas(url(), 'slo:sli_error:ratio_rate5m'));

    for (const slo of SLOS) {
      const own = samplesOf(ratios, slo);
      // Exactly one series per SLO (per route when grouped), labelled with the SLO's identity only.
      expect(labelSetsOf(own)).toEqual(expectedLabelSets(slo));
      for (const sample of own) {
        expect({ series: sample.labels, ratio: sample.value })
          .toEqual({ series: sample.labels, ratio: expect.closeTo(expectedRatio(slo, sample.labels), 6) });
      }
    }
    expect(samplesOf(ratios, availability)[0].value).toBeCloseTo(0.01, 6);
    expect(samplesOf(ratios, latency)[0].value).toBeCloseTo(0.1, 6);
    expect(samplesOf(ratios, probe)[0].value).toBeCloseTo(0.25, 6);

    // Derived in the same evaluation: the burn rate, and the 30m..6h windows from the recorded rates.
    const burn = await instantQuery(url(), 'slo:current_burn_rate:ratio{slo_name="availability"}');
    // Live rates carry the scrape-timing jitter of a loaded machine (relative 1e-5 at most): the ratio is
    // checked to 6 decimals at 0.01, so the burn rate (÷ 0.001) to 3 decimals, the same relative precision.
    expect(burn.map((s) => s.value)).toEqual([expect.closeTo(EXPECTED_RATIO.availability / 0.001, 3)]);
    for (const window of ['30m', '1h', '2h', '6h']) {
      const samples = await instantQuery(url(), `slo:sli_error:ratio_rate${window}`);
      for (const slo of SLOS) {
        const own = samplesOf(samples, slo);
        expect({ window, series: labelSetsOf(own) }).toEqual({ window, series: expectedLabelSets(slo) });
        for (const sample of own) {
          expect({ window, series: sample.labels, ratio: sample.value })
            .toEqual({ window, series: sample.labels, ratio: expect.closeTo(expectedRatio(slo, sample.labels), 6) });
        }
      }
    }
    // The short-window groups evaluated with data, and every rule of theirs is healthy.
    const short = (await loadedRuleGroups(url())).filter((g) => g.interval === 60);
    expect(unhealthyRules(short)).toEqual([]);
  }, 90_000);

  test('the burn-rate alerts fire for the window pairs whose threshold the live traffic exceeds', async () => {
    // 1% errors against a 0.1% budget: burn rate 10, above the 6h/30m threshold (6 × 0.001) and below
    // the 1h/5m one (14.4 × 0.001).
    const alerts = await pollUntil('the 6h/30m burn-rate alert of checkout/availability', shortDeadline + 60_000, async () => {
      const all: any[] = (await apiGet(url(), '/api/v1/alerts')).alerts;
      const own = all.filter((a) => a.labels.slo_service === 'checkout' && a.labels.slo_name === 'availability');
      return own.some((a) => a.labels.long_window === '6h' && a.state === 'firing')
        ? { done: true as const, value: own }
        : { done: false as const, seen: JSON.stringify(own.map((a) => a.labels)) };
    });
    const page = alerts.find((a: any) => a.labels.long_window === '6h')!;
    expect(page.labels).toEqual(expect.objectContaining({
      alertname: 'SloErrorBudgetBurn', severity: 'critical', long_window: '6h', short_window: '30m',
    }));
    expect(Number(page.value)).toBeCloseTo(EXPECTED_RATIO.availability, 6);
    expect(alerts.filter((a: any) => a.labels.long_window === '1h')).toEqual([]);
  }, 150_000);

  test('the long-window groups record objective, budget, period burn rate and budget remaining', async () => {
    const remaining = await pollUntil(
      'slo:period_error_budget_remaining:ratio of every SLO (each long-window group must evaluate after its short-window group recorded data)',
      longDeadline,
      () => everySloHas(url(), 'slo:period_error_budget_remaining:ratio'),
      2_000,
    );
    const objective = await instantQuery(url(), 'slo:objective:ratio');
    const budget = await instantQuery(url(), 'slo:error_budget:ratio');
    const periodRatio = await instantQuery(url(), 'slo:sli_error:ratio_rate30d');
    const periodBurn = await instantQuery(url(), 'slo:period_burn_rate:ratio');

    for (const slo of SLOS) {
      const identity = { slo_service: slo.service, slo_name: slo.name };
      expect(samplesOf(objective, slo).map((s) => ({ labels: seriesLabels(s), value: s.value }))).toEqual([{ labels: identity, value: slo.target }]);
      expect(samplesOf(budget, slo).map((s) => ({ labels: seriesLabels(s), value: s.value }))).toEqual([{ labels: identity, value: budgetOf(slo) }]);
      // Burn and budget divide the ratio by the budget: their decimals shrink with it, for one relative precision.
      const scaled = 6 - Math.round(Math.log10(1 / budgetOf(slo)));
      for (const [metric, samples, expected, digits] of [
        ['slo:sli_error:ratio_rate30d', periodRatio, (r: number) => r, 6],
        ['slo:period_burn_rate:ratio', periodBurn, (r: number) => r / budgetOf(slo), scaled],
        ['slo:period_error_budget_remaining:ratio', remaining, (r: number) => 1 - r / budgetOf(slo), scaled],
      ] as Array<[string, Sample[], (ratio: number) => number, number]>) {
        const own = samplesOf(samples, slo);
        expect({ metric, series: labelSetsOf(own) }).toEqual({ metric, series: expectedLabelSets(slo) });
        for (const sample of own) {
          expect({ metric, series: sample.labels, value: sample.value })
            .toEqual({ metric, series: sample.labels, value: expect.closeTo(expected(expectedRatio(slo, sample.labels)), digits) });
        }
      }
    }
    // The headline numbers: 1% errors against a 0.1% budget leaves 1 - 10 = -9 of the budget.
    expect(samplesOf(objective, availability)[0].value).toBe(0.999);
    expect(samplesOf(budget, availability)[0].value).toBe(0.001);
    expect(samplesOf(remaining, availability)[0].value).toBeCloseTo(-9, 4);

    const long = (await loadedRuleGroups(url())).filter((g) => g.interval === 240);
    expect(unhealthyRules(long)).toEqual([]);
  }, 520_000);

  test('every rule of every group evaluated healthy, at its group\'s interval', async () => {
    await pollUntil('an evaluation of every rule of every group', longDeadline, async () => {
      const loaded = await loadedRuleGroups(url());
      const waiting = loaded.filter((g) => !wasEvaluated(g.lastEvaluation) || g.rules.some((r) => !wasEvaluated(r.lastEvaluation)));
      return waiting.length === 0
        ? { done: true as const, value: loaded }
        : { done: false as const, seen: `not evaluated yet: ${waiting.map((g) => g.name).join(', ')}` };
    });
    // Every short-window group evaluates with data a second time well before the long-window deadline:
    // wait for that, so that the checks below see more evaluations and there are 60 s gaps to measure
    // (the long-window groups may not have evaluated twice yet).
    await pollUntil('a second evaluation with data of every short-window group', longDeadline, async () => {
      await abortOnFailedRules(url());
      const counts = await instantQuery(url(), 'count_over_time(slo:sli_error:ratio_rate5m[15m]) >= 2');
      const waiting = SLOS.filter((slo) => samplesOf(counts, slo).length < expectedSeries(slo).length);
      return waiting.length === 0
        ? { done: true as const, value: counts }
        : { done: false as const, seen: `one sample only for ${waiting.map((slo) => slo.name).join(', ')}` };
    }, 2_000);

    const groups = await loadedRuleGroups(url());
    expect(groups).toHaveLength(generated.length);
    // No many-to-many matching, no duplicate label sets, no other evaluation error, on any rule.
    expect(unhealthyRules(groups)).toEqual([]);
    // Nor did the server discard a rule result (duplicate or out-of-order samples are only logged) or
    // fail to parse the exporter.
    expect(ruleAndScrapeProblems(prometheus!.logs())).toEqual([]);

    // The recorded samples are spaced exactly by the interval of the group that records them.
    const intervalOf = new Map<string, number>();
    for (const group of generated) {
      const sloName = group.rules[0].labels.slo_name;
      for (const rule of group.rules) {
        if (rule.record) intervalOf.set(`${sloName} ${rule.record}`, intervalSeconds(group.interval) * 1000);
      }
    }
    const series = await rawSamples(url(), '{__name__=~"slo:.+"}[15m]');
    expect(series.length).toBeGreaterThan(0);
    const badGaps: string[] = [];
    for (const s of series) {
      const expectedGap = intervalOf.get(`${s.labels.slo_name} ${s.labels.__name__}`);
      expect({ series: s.labels, recordedByAGroup: expectedGap !== undefined }).toEqual({ series: s.labels, recordedByAGroup: true });
      s.timestampsMs.slice(1).forEach((t, i) => {
        if (t - s.timestampsMs[i] !== expectedGap) badGaps.push(`${JSON.stringify(s.labels)}: ${t - s.timestampsMs[i]} ms, expected ${expectedGap} ms`);
      });
    }
    expect(badGaps).toEqual([]);
  }, 520_000);
});
