/**
 * The burn-down panel over time, on a live Prometheus. promtool only evaluates instant queries (where a
 * range's start and end coincide), so the shape of the burn-down — 100% at the start of the window,
 * falling only when bad events happen, the ideal falling with the traffic — is checked with range
 * queries against a server holding two days of backfilled 5-minute rates of an SLO with a one-day window.
 *
 * GIVEN `live/burn` (99% over 1d: a 1% budget) recorded 10 events/s every minute for two days, no errors
 * but one hour at 5% bad, from 12h to 11h before the end T: 1 − (60 × 0.5) ÷ (1% × 1440 × 10) = 79.2%
 * of the budget is left at T. The window is (T − 1d, T].
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Duration, Testing } from 'cdk8s';
import { Sli, SloDashboard } from '../../src';
import { dashboardOf, sloChart } from '../helpers/dashboard-apps';
import { substituteVariables, variableValues } from '../helpers/grafana-dashboard';
import { apiGet, LivePrometheus, startPrometheus } from '../helpers/live-prometheus';
import { promtoolBinary, tempDir } from '../helpers/promtool';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;
/** The end of the data and of the queries: a whole hour, well in the past so no head data interferes. */
const END = Math.floor(Date.now() / 1000 / HOUR) * HOUR - 2 * HOUR;
const BURST_FROM = END - 12 * HOUR;
const BURST_TO = END - 11 * HOUR;

/** OpenMetrics text of the SLO's recorded 5-minute rates, one sample per minute over two days. */
function recordedRates(): string {
  const labels = '{slo_service="live",slo_name="burn"}';
  const lines: string[] = [];
  const series = (metric: string, value: (t: number) => number) => {
    lines.push(`# TYPE ${metric} gauge`);
    for (let t = END - 2 * DAY; t <= END; t += MINUTE) lines.push(`${metric}${labels} ${value(t)} ${t}`);
  };
  series('slo:sli_total:rate5m', () => 10);
  series('slo:sli_errors:rate5m', (t) => (t > BURST_FROM && t <= BURST_TO ? 0.5 : 0));
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

describe('the error budget burn-down over its window (live Prometheus, range queries)', () => {
  let dir: string;
  let prometheus: LivePrometheus | undefined;
  let burnDown: { budget: string; ideal: string };

  beforeAll(async () => {
    // the burn-down panel of a 1-day SLO, its variables filled in as Grafana does
    const chart = sloChart([{
      service: 'live',
      name: 'burn',
      target: 0.99,
      window: Duration.days(1),
      indicator: Sli.ratio({ errors: 'e_total', total: 't_total' }),
      alerting: { disabledWindows: [Duration.days(3)] },
    }]);
    new SloDashboard(chart, 'dashboard', { service: 'live' });
    const dashboard = dashboardOf(Testing.synth(chart).find((m: any) => m.kind === 'ConfigMap'));
    const panel = dashboard.panels.find((p: any) => p.title === 'Error budget burn-down (1d)');
    const values = variableValues(dashboard);
    burnDown = {
      budget: substituteVariables(panel.targets.find((t: any) => t.legendFormat === 'budget left').expr, values),
      ideal: substituteVariables(panel.targets.find((t: any) => t.legendFormat === 'ideal').expr, values),
    };

    dir = tempDir('burn-down');
    const input = path.join(dir, 'rates.om');
    fs.writeFileSync(input, recordedRates());
    for (const attempt of [1, 2, 3]) {
      const result = spawnSync(promtoolBinary(), ['tsdb', 'create-blocks-from', 'openmetrics', input, path.join(dir, `tsdb-${attempt}`)], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`backfill failed: ${result.stdout}${result.stderr}`);
    }
    prometheus = await startPrometheus({ workDir: dir, ruleFiles: [], scrapeTargets: [] });
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  /** The values of a range query over the window, one per hour, by time. */
  async function overTheWindow(query: string): Promise<Map<number, number>> {
    const data = await apiGet(prometheus!.url, '/api/v1/query_range', {
      query, start: String(END - DAY), end: String(END), step: String(HOUR),
    });
    expect(data.result).toHaveLength(1);
    return new Map(data.result[0].values.map(([t, v]: [number, string]) => [t, Number(v)]));
  }

  test('starts at 100%, falls by the burst\'s share of the budget, then holds', async () => {
    const budget = await overTheWindow(burnDown.budget);
    // THEN before the burst nothing is spent, after it 20.8% is, to the end of the window
    for (let t = END - DAY + HOUR; t <= BURST_FROM; t += HOUR) expect(budget.get(t)).toBeCloseTo(1, 6);
    for (let t = BURST_TO; t <= END; t += HOUR) expect(budget.get(t)).toBeCloseTo(1 - 30 / (0.01 * 14400), 2);
    expect(budget.get(END)).toBeCloseTo(0.7917, 2);
  });

  test('the ideal falls with the traffic from 100% to 0 over the window', async () => {
    const ideal = await overTheWindow(burnDown.ideal);
    // steady traffic: a straight line, (T − t) ÷ 1d
    for (let t = END - DAY + HOUR; t <= END; t += HOUR) expect(ideal.get(t)).toBeCloseTo((END - t) / DAY, 2);
  });
});
