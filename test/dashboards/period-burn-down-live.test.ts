/**
 * A calendar SLO's burn-down panel and previous-period stat on a live Prometheus. promtool evaluates only
 * instant queries; Grafana runs the burn-down as a range query, where `@ end()` is the end of the range at
 * every step. So the panel's queries run against a server holding two days of backfilled period series.
 *
 * GIVEN `live/monthly` (a calendar month) whose recorded period started at B = T − 12h, T the end of the
 * data: before B the previous period (B − 31d to B) with its burn-down at 25% and its budget left falling
 * by 0.0001 a minute; from B the current one (B to B + 30d), its burn-down falling by 10% a day.
 */
import * as fs from 'fs';
import { Testing } from 'cdk8s';
import { CalendarWindow, Sli, SloDashboard } from '../../src';
import { dashboardOf, sloChart } from '../helpers/dashboard-apps';
import { substituteVariables, variableValues } from '../helpers/grafana-dashboard';
import { apiGet, backfillOpenMetrics, LivePrometheus, startPrometheus } from '../helpers/live-prometheus';
import { tempDir } from '../helpers/promtool';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;
/** The end of the data and of the queries: a whole hour, well in the past so no head data interferes. */
const END = Math.floor(Date.now() / 1000 / HOUR) * HOUR - 2 * HOUR;
const FIRST = END - 2 * DAY;
const BOUNDARY = END - 12 * HOUR;
const CURRENT_LENGTH = 30 * DAY;

const inCurrent = (t: number) => t >= BOUNDARY;
const burnDownAt = (t: number) => (inCurrent(t) ? 1 - (0.1 * (t - BOUNDARY)) / DAY : 0.25);
const previousBudgetAt = (t: number) => -((t - FIRST) / MINUTE) / 10_000;

/** OpenMetrics text of the SLO's period series, one sample a minute over two days. */
function periodSeries(): string {
  const labels = '{slo_service="live",slo_name="monthly"}';
  const lines: string[] = [];
  const series = (metric: string, value: (t: number) => number) => {
    lines.push(`# TYPE ${metric} gauge`);
    for (let t = FIRST; t <= END; t += MINUTE) lines.push(`${metric}${labels} ${value(t)} ${t}`);
  };
  series('slo:period_start:timestamp', (t) => (inCurrent(t) ? BOUNDARY : BOUNDARY - 31 * DAY));
  series('slo:period_end:timestamp', (t) => (inCurrent(t) ? BOUNDARY + CURRENT_LENGTH : BOUNDARY));
  series('slo:period_error_budget_burndown:ratio', burnDownAt);
  series('slo:period_error_budget_remaining:ratio', (t) => (inCurrent(t) ? 1 : previousBudgetAt(t)));
  return `${lines.join('\n')}\n# EOF\n`;
}

describe('a calendar SLO\'s burn-down over the current period (live Prometheus, range queries)', () => {
  let dir: string;
  let prometheus: LivePrometheus | undefined;
  let queries: { budget: string; ideal: string; previousBudget: string };

  beforeAll(async () => {
    const chart = sloChart([{
      service: 'live',
      name: 'monthly',
      target: 0.99,
      calendarWindow: CalendarWindow.MONTH,
      indicator: Sli.ratio({ errors: 'e_total', total: 't_total' }),
    }]);
    new SloDashboard(chart, 'dashboard', { service: 'live' });
    const dashboard = dashboardOf(Testing.synth(chart).find((m: any) => m.kind === 'ConfigMap'));
    const values = variableValues(dashboard);
    const target = (title: string, legend?: string) => {
      const targets = dashboard.panels.find((p: any) => p.title === title).targets;
      return substituteVariables((legend ? targets.find((t: any) => t.legendFormat === legend) : targets[0]).expr, values);
    };
    queries = {
      budget: target('Error budget burn-down (this month)', 'budget left'),
      ideal: target('Error budget burn-down (this month)', 'ideal'),
      previousBudget: target('Budget left (last month)'),
    };
    dir = tempDir('period-burn-down');
    prometheus = await startPrometheus({ workDir: dir, ruleFiles: [], scrapeTargets: [], blocksDir: backfillOpenMetrics(dir, periodSeries()) });
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  /** The values of a range query over the last day, one per hour, by time. */
  async function overTheLastDay(query: string): Promise<Map<number, number>> {
    const data = await apiGet(prometheus!.url, '/api/v1/query_range', {
      query, start: String(END - DAY), end: String(END), step: String(HOUR),
    });
    expect(data.result).toHaveLength(1);
    return new Map(data.result[0].values.map(([t, v]: [number, string]) => [t, Number(v)]));
  }

  const hoursOfCurrentPeriod = Array.from({ length: 13 }, (_, i) => BOUNDARY + i * HOUR);

  test('the burn-down is drawn from the period\'s start only, as recorded', async () => {
    const budget = await overTheLastDay(queries.budget);
    expect([...budget.keys()]).toEqual(hoursOfCurrentPeriod);
    for (const t of hoursOfCurrentPeriod) expect(budget.get(t)).toBeCloseTo(burnDownAt(t), 9);
  });

  test('the ideal falls from 100% at the period\'s start by elapsed ÷ length', async () => {
    const ideal = await overTheLastDay(queries.ideal);
    expect([...ideal.keys()]).toEqual(hoursOfCurrentPeriod);
    for (const t of hoursOfCurrentPeriod) expect(ideal.get(t)).toBeCloseTo(1 - (t - BOUNDARY) / CURRENT_LENGTH, 9);
  });

  test('the previous period\'s budget left is its last sample before the boundary', async () => {
    const data = await apiGet(prometheus!.url, '/api/v1/query', { query: queries.previousBudget, time: String(END) });
    expect(data.result).toHaveLength(1);
    expect(Number(data.result[0].value[1])).toBeCloseTo(previousBudgetAt(BOUNDARY - MINUTE), 9);
  });
});
