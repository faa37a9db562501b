/**
 * When a report takes a calendar SLO's totals from its recorded period series, and what it makes of
 * them, against a stand-in for Prometheus that answers each query from a table (the live test in
 * report-calendar.test.ts proves the queries against a real server).
 */
import { PrometheusApi, VectorSample } from '../src/prometheus/prometheus-api';
import { EventSource, recordedPeriodSources, sloKeyOf } from '../src/report/recorded-period-totals';
import { monthPeriod } from '../src/report/report-period';
import { SloData } from '../src/report/report-queries';
import { buildReport } from '../src/report/slo-report';

const utc = (iso: string) => Date.parse(iso) / 1000;
const FEBRUARY = monthPeriod('2024-02', utc('2024-06-01T00:00:00Z'));
const START = FEBRUARY.start;
const END = FEBRUARY.end;
const KEY = sloKeyOf('payments', 'api');
const ID = { slo_service: 'payments', slo_name: 'api' };

/** What the series hold: per query kind, the value for the SLO (undefined: no sample). */
interface Recorded {
  opening?: number;
  lastAt?: number;
  start?: number;
  errors?: number;
  total?: number;
  ratio?: number;
  ratioSeries?: number;
  remaining?: number;
}

/** A stand-in answering by the query's aggregation and metric, as recordedPeriodSources asks them. */
function stub(recorded: Recorded): PrometheusApi {
  const pick = (expr: string, time: number): number | undefined => {
    if (expr.includes('max_over_time(slo:period_start:timestamp')) return time < END - 1 ? recorded.opening : undefined;
    if (expr.includes('timestamp(slo:period_sli_total:increase')) return recorded.lastAt;
    if (expr.includes('slo:period_start:timestamp')) return recorded.start;
    if (expr.includes('slo:period_sli_errors:increase')) return recorded.errors;
    if (expr.includes('slo:period_sli_total:increase')) return recorded.total;
    if (expr.startsWith('count') && expr.includes('slo:period_sli_error:ratio')) return recorded.ratioSeries;
    if (expr.includes('slo:period_sli_error:ratio')) return recorded.ratio;
    if (expr.includes('slo:period_error_budget_remaining:ratio')) return recorded.remaining;
    throw new Error(`unexpected query ${expr}`);
  };
  return {
    instantQuery: async (expr: string, time: number): Promise<VectorSample[]> => {
      const value = pick(expr, time);
      return value === undefined ? [] : [{ labels: ID, value }];
    },
  } as unknown as PrometheusApi;
}

const COMPLETE: Recorded = {
  opening: START, lastAt: END - 180, start: START, errors: 500, total: 1_000_000, ratio: 0.0005, ratioSeries: 1, remaining: 0.5,
};

async function sourceOf(recorded: Recorded): Promise<EventSource> {
  return (await recordedPeriodSources(stub(recorded), FEBRUARY, [], [KEY])).get(KEY)!;
}

describe('whether the recorded period series are used', () => {
  test('series from the period\'s first minutes to its last evaluation: used, with the time of that evaluation', async () => {
    expect(await sourceOf(COMPLETE)).toEqual({
      kind: 'period-series',
      totals: { errors: 500, total: 1_000_000, errorRatio: 0.0005, budgetRemaining: 0.5, at: END - 180 },
    });
  });

  test('a grouped SLO (several ratio series): the increases summed over groups, no single ratio', async () => {
    expect(await sourceOf({ ...COMPLETE, ratioSeries: 3 })).toEqual({ kind: 'period-series', totals: { errors: 500, total: 1_000_000, at: END - 180 } });
  });

  test.each([
    ['no sample in the first minutes (rules deployed later)', { opening: undefined }, /^the period series have no sample in the period's first 10 minutes \(2024-02-01T00:00:00.000Z on\)/],
    ['the opening samples are of another period', { opening: START - 86_400 }, /first 10 minutes/],
    ['no sample near the end (rules removed)', { lastAt: undefined }, /^the period series have no sample of this period in its last 10 minutes \(to 2024-03-01T00:00:00.000Z\)$/],
    ['a last sample outside the period (a server that answers nonsense)', { lastAt: 1e20 }, /in its last 10 minutes/],
    ['the last samples are of another period', { start: START + 1 }, /in its last 10 minutes/],
    ['NaN totals', { total: NaN }, /^the recorded period series are not usable numbers$/],
    ['negative errors', { errors: -1 }, /not usable numbers/],
  ])('%s: the rates, with the reason', async (_, change, reason) => {
    const source = await sourceOf({ ...COMPLETE, ...change });
    expect(source.kind).toBe('rates');
    expect(source.kind === 'rates' && source.reason).toMatch(reason);
  });
});

describe('the totals of a report from recorded period series', () => {
  /** One SLO over February whose rates count 2,000,000 events, 4,000 bad (not what was recorded). */
  function reportWith(source: EventSource) {
    const step = FEBRUARY.stepSeconds;
    const steps = [];
    const share = step / (END - START);
    for (let t = START; t < END; t += step) {
      steps.push({ start: t, end: t + step, errors: 4000 * share, total: 2_000_000 * share, objective: 0.999, coverage: 1 });
    }
    const slo: SloData = { service: 'payments', slo: 'api', objective: 0.999, objectives: [0.999], steps, source };
    return buildReport({ slos: [slo], badObjectives: [], alerts: [] }, FEBRUARY, { prometheusUrl: 'http://p', generatedAt: END }).slos[0];
  }

  test('the rates, when that is the source', () => {
    const slo = reportWith({ kind: 'rates' });
    expect(slo.account!.totalEvents).toBeCloseTo(2_000_000, 3);
    expect(slo.account!.consumed).toBeCloseTo(2, 10);
  });

  test('an SLO without grouping: its recorded events, ratio and budget remaining', () => {
    const slo = reportWith({ kind: 'period-series', totals: { errors: 500, total: 1_000_000, errorRatio: 0.0005, budgetRemaining: 0.5, at: END - 180 } });
    expect(slo.status).toBe('ok');
    expect(slo.account).toMatchObject({ totalEvents: 1_000_000, errorEvents: 500, goodEvents: 999_500 });
    expect(slo.account!.budgetEvents).toBeCloseTo(1000, 8);
    expect(slo.account!.availability).toBeCloseTo(0.9995, 12);
    expect(slo.account!.consumed).toBeCloseTo(0.5, 12);
    expect(slo.account!.remaining).toBeCloseTo(0.5, 12);
  });

  test('a grouped SLO: availability and budget from the summed increases', () => {
    const slo = reportWith({ kind: 'period-series', totals: { errors: 1500, total: 1_000_000, at: END - 180 } });
    expect(slo.account!.availability).toBeCloseTo(0.9985, 12);
    expect(slo.account!.consumed).toBeCloseTo(1.5, 12);
    expect(slo.account!.remaining).toBeCloseTo(-0.5, 12);
  });

  test('no events recorded in the period: no traffic, nothing spent', () => {
    const slo = reportWith({ kind: 'period-series', totals: { errors: 0, total: 0, at: END - 180 } });
    expect(slo.status).toBe('no-traffic');
    expect(slo.account).toMatchObject({ totalEvents: 0, budgetEvents: 0, availability: undefined, consumed: undefined });
  });
});
