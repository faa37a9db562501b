/**
 * `cdk8s-slo status` for a calendar SLO against a real Prometheus (Debian's `prometheus`, required: the
 * test fails without it) evaluating the rules the Slo construct synthesizes: the period bounds status
 * shows are the ones the rules record. The expected bounds are worked out here from the clock with
 * Date.UTC, independently of the library's period functions.
 */
import * as fs from 'fs';
import { CalendarWindow, Sli } from '../../src';
import { LiveSetup, manifestsOf, startLiveSetup } from './fixtures/status/live-slos';
import { runCliInProcess } from './helpers/cli';
import { pollUntil } from '../../test/helpers/live-prometheus';
import { tempDir } from '../../test/helpers/promtool';

jest.setTimeout(90_000);

const IST = 19_800;

/** The start of the month holding `epochSeconds` in UTC+05:30, and of the month after it. */
function istMonth(epochSeconds: number): { start: number; end: number } {
  const local = new Date((epochSeconds + IST) * 1000);
  return {
    start: Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) / 1000 - IST,
    end: Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1) / 1000 - IST,
  };
}

describe('status of a calendar SLO on a live Prometheus', () => {
  const dir = tempDir('status-calendar-live');
  let setup: LiveSetup | undefined;

  beforeAll(async () => {
    setup = await startLiveSetup(dir, manifestsOf({
      service: 'checkout',
      name: 'monthly',
      target: 0.99,
      calendarWindow: CalendarWindow.MONTH,
      utcOffset: '+05:30',
      indicator: Sli.ratio({ errors: 'http_requests_total{job="checkout",code=~"5.."}', total: 'http_requests_total{job="checkout"}' }),
    }));
  }, 80_000);

  afterAll(async () => {
    await setup?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the period and its bounds come from the recorded slo:period_*:timestamp series', async () => {
    const url = setup!.prometheus.url;
    const status = await pollUntil('the period bounds to be recorded', Date.now() + 60_000, async () => {
      const run = await runCliInProcess(['status', '--prometheus-url', url, '--json']);
      if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stderr}`);
      const [seen] = JSON.parse(run.stdout);
      return seen?.period?.source === 'recorded' ? { done: true, value: seen } : { done: false, seen: run.stdout.slice(0, 2000) };
    });
    const now = Date.now() / 1000;
    const month = istMonth(now);
    const localStart = new Date((month.start + IST) * 1000).toISOString().slice(0, 10);
    expect(status.period).toMatchObject({ unit: 'month', utcOffset: '+05:30', label: 'month (UTC+05:30)', source: 'recorded' });
    expect(status.period.start).toBe(`${localStart}T00:00:00+05:30`);
    expect(Date.parse(status.period.end)).toBe(month.end * 1000);
    expect(status.period.daysLeft).toBeCloseTo((month.end - now) / 86_400, 1);

    const table = await runCliInProcess(['status', '--prometheus-url', url]);
    expect(table.stdout.split('\n')[0]).toMatch(/^SLO +OBJECTIVE +PERIOD +SINCE +DAYS LEFT +SLI +BUDGET LEFT +BURN RATE +ALERTS$/);
    expect(table.stdout).toMatch(new RegExp(`checkout/monthly +99% +month \\(UTC\\+05:30\\) +${localStart} +\\d+\\.\\d `));
  });
});
