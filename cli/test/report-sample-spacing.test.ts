/**
 * `cdk8s-slo report` counts events with each SLO's own sample spacing: 5-minute rates recorded every
 * 15 s (vmalert's short-window group) count the same events as rates recorded every minute, not four
 * times as many, and their coverage is a share of 15 s samples. A real Prometheus holds two days of
 * backfilled recorded series; the expected numbers are computed by hand here.
 */
import { runCliInProcess } from './helpers/cli';
import { backfillOpenMetrics, LivePrometheus, startPrometheus } from '../../test/helpers/live-prometheus';
import { tempDir } from '../../test/helpers/promtool';
import { sampleSpacingSeconds } from '../src/report/sample-spacing';

const HOUR = 3600;
const DAY = 86_400;
const START = Date.UTC(2024, 1, 26) / 1000;
const END = START + 2 * DAY;
/** Six hours without samples in the last day, for the 15 s SLO. */
const GAP_START = END - 12 * HOUR;
const GAP_END = END - 6 * HOUR;

/** By hand: 10 events/s, 0.01 bad/s; a 1-day report; the gap holds no events. */
const HAND = {
  everyMinute: { total: 10 * DAY, bad: 0.01 * DAY, coverage: 1 },
  every15s: { total: 10 * (DAY - 6 * HOUR), bad: 0.01 * (DAY - 6 * HOUR), coverage: 0.75 },
};

function historyOpenMetrics(): string {
  const lines: string[] = [];
  const series = (name: string, slo: string, every: number, value: number, skip: (t: number) => boolean = () => false) => {
    for (let t = START + every; t <= END; t += every) {
      if (!skip(t)) lines.push(`${name}{slo_service="spacing",slo_name="${slo}"} ${value} ${t}`);
    }
  };
  const inGap = (t: number) => t > GAP_START && t <= GAP_END;
  for (const [name, value] of [['slo:sli_total:rate5m', 10], ['slo:sli_errors:rate5m', 0.01], ['slo:objective:ratio', 0.999]] as const) {
    lines.push(`# TYPE ${name} gauge`);
    series(name, 'every-minute', 60, value);
    series(name, 'every-15s', 15, value, name === 'slo:objective:ratio' ? undefined : inGap);
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}

let prometheus: LivePrometheus;
let workDir: string;

beforeAll(async () => {
  workDir = tempDir('report-spacing-');
  const blocksDir = backfillOpenMetrics(workDir, historyOpenMetrics());
  prometheus = await startPrometheus({ workDir, ruleFiles: [], scrapeTargets: [], blocksDir, retention: '10y' });
});

afterAll(async () => {
  await prometheus?.stop();
});

describe('a report over rates recorded every minute and every 15 seconds', () => {
  let json: any;
  beforeAll(async () => {
    // One minute after the last sample: the period ends at the last full step, END.
    const run = await runCliInProcess(['report', 'spacing', '--days', '1', '--json', '--prometheus-url', prometheus.url], { now: () => (END + 60) * 1000, cwd: workDir });
    if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stderr}`);
    json = JSON.parse(run.stdout);
  });

  const sloOf = (name: string) => json.slos.find((s: any) => s.slo === name);

  test('the period is the last day', () => {
    expect(json.period).toMatchObject({ start: new Date((END - DAY) * 1000).toISOString(), end: new Date(END * 1000).toISOString() });
  });

  test('rates every minute count their events once', () => {
    const slo = sloOf('every-minute');
    expect(slo.events.total).toBeCloseTo(HAND.everyMinute.total, 3);
    expect(slo.events.bad).toBeCloseTo(HAND.everyMinute.bad, 6);
    expect(slo.coverage).toBeCloseTo(HAND.everyMinute.coverage, 9);
  });

  test('rates every 15 seconds count the same events, not four times as many, and the gap is a quarter of the day', () => {
    const slo = sloOf('every-15s');
    expect(slo.events.total).toBeCloseTo(HAND.every15s.total, 3);
    expect(slo.events.bad).toBeCloseTo(HAND.every15s.bad, 6);
    expect(slo.coverage).toBeCloseTo(HAND.every15s.coverage, 9);
    expect(slo.gaps).toEqual([{ start: new Date(GAP_START * 1000).toISOString(), end: new Date(GAP_END * 1000).toISOString() }]);
    expect(slo.availability).toBeCloseTo(0.999, 9);
  });
});

describe('the sample spacing from the samples per step', () => {
  test('is the step over the fullest step\'s samples, snapped to the allowed intervals', () => {
    expect(sampleSpacingSeconds(900, [15, 15, 7])).toBe(60);
    expect(sampleSpacingSeconds(900, [60, 12, 0])).toBe(15);
    expect(sampleSpacingSeconds(900, [61])).toBe(15); // one sample too many
    expect(sampleSpacingSeconds(3600, [180])).toBe(20);
    expect(sampleSpacingSeconds(300, [30])).toBe(10);
  });

  test('without samples it is the default minute', () => {
    expect(sampleSpacingSeconds(900, [])).toBe(60);
    expect(sampleSpacingSeconds(900, [Number.NaN, 0])).toBe(60);
  });
});
