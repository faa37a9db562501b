/**
 * Tiled time slices (`timeSlice` longer than a minute): the rules' text, and promtool scenarios proving
 * that each slice is exactly one event whatever the sample spacing (tiled-slice-scenarios.ts).
 */
import { Chart, Duration, Testing } from 'cdk8s';
import { countedSlo, countedTestCase, outageSlo, outageTestCase, queueSlo, rollupSlo, rollupTestCase } from './tiled-slice-scenarios';
import { RuleEngine, Sli, Slo, SloProps } from '../../src';
import { eventQueries } from '../../src/documents/event-queries';
import { errorOf } from '../documents/samples';
import { ruleGroupsFor } from '../helpers/synth';
import { expectScenario, testRulesInOrder, useRangeSemantics } from '../helpers/traffic';

/** The rule groups of SLOs synthesized with `RuleEngine.victoriaMetrics()` (short-window group every 15 s). */
function vmRuleGroupsFor(...sloProps: SloProps[]): any[] {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'monitoring' });
  sloProps.forEach((props, index) => new Slo(chart, `slo${index}`, { ...props, engine: RuleEngine.victoriaMetrics() }));
  return Testing.synth(chart).flatMap((o: any) => o.spec.groups);
}

function recordedExpr(groups: any[], record: string): string {
  return groups.flatMap((g) => g.rules).find((r: any) => r.record === record).expr;
}

describe('the rules of tiled slices', () => {
  test('each slice is judged once at its end and recorded as 1/T per second until the next one ends', () => {
    const groups = ruleGroupsFor(queueSlo('tiles', 'q'));
    expect(recordedExpr(groups, 'slo:sli_total:rate5m')).toBe(
      'sum(last_over_time((group((max_over_time(queue_depth{job="q"}[5m]))))[4m59s999ms:5m])) / 300');
    expect(recordedExpr(groups, 'slo:sli_errors:rate5m')).toBe(
      'sum(last_over_time((max((max_over_time(queue_depth{job="q"}[5m]))) > bool 100)[4m59s999ms:5m])) / 300');
  });

  test('a one-minute slice is the default: no subquery, 1/60 per second, the same rules as without the prop', () => {
    const props = { query: 'max_over_time(queue_depth{job="q"}[1m])', op: 'lte', value: 100 };
    const explicit = ruleGroupsFor({ service: 'checkout', name: 'minutes', target: 0.99, indicator: Sli.queryThreshold({ ...props, timeSlice: Duration.minutes(1) }) });
    const implicit = ruleGroupsFor({ service: 'checkout', name: 'minutes', target: 0.99, indicator: Sli.queryThreshold(props) });
    expect(explicit).toEqual(implicit);
    expect(recordedExpr(implicit, 'slo:sli_total:rate5m')).toBe('sum(group((max_over_time(queue_depth{job="q"}[1m])))) / 60');
  });

  test('an averaged error ratio with 15-minute slices averages the ratios of the slices, each over its slice', () => {
    const groups = ruleGroupsFor({
      service: 'checkout',
      name: 'averaged',
      target: 0.99,
      indicator: Sli.averagedErrorRatio({ errorRatioQuery: '1 - avg_over_time(up{job="api"}[{{.window}}])', timeSlice: Duration.minutes(15), grouping: ['route'] }),
    });
    const ratio = '(1 - avg_over_time(up{job="api"}[15m])) >= 0';
    expect(recordedExpr(groups, 'slo:sli_total:rate5m')).toBe(`last_over_time((group by (route) (${ratio}))[14m59s999ms:15m]) / 900`);
    expect(recordedExpr(groups, 'slo:sli_errors:rate5m')).toBe(`last_over_time((avg by (route) (${ratio}))[14m59s999ms:15m]) / 900`);
  });

  test('standalone event queries (Sloth\'s events) count slices with a subquery stepped by the slice', () => {
    const indicator = Sli.queryThreshold({ query: 'max_over_time(queue_depth[5m])', op: 'lte', value: 100, timeSlice: Duration.minutes(5) })._indicator;
    expect(eventQueries(indicator, '{{.window}}')).toEqual({
      total: 'sum(count_over_time(group((max_over_time(queue_depth[5m])))[{{.window}}:5m]))',
      errors: 'sum(sum_over_time((max((max_over_time(queue_depth[5m]))) > bool 100)[{{.window}}:5m]))',
    });
  });

  test('grouped slices keep one series per group through the subquery', () => {
    const groups = ruleGroupsFor({
      service: 'checkout',
      name: 'grouped',
      target: 0.99,
      indicator: Sli.queryThreshold({ query: 'max_over_time(queue_depth[5m])', op: 'lt', value: 7, timeSlice: Duration.minutes(5), grouping: ['queue'] }),
    });
    expect(recordedExpr(groups, 'slo:sli_errors:rate5m')).toBe(
      'sum by (queue) (last_over_time((max by (queue) ((max_over_time(queue_depth[5m]))) >= bool 7)[4m59s999ms:5m])) / 300');
  });
});

describe('tiled slices in promtool (5-minute slices of a queue-depth gauge)', () => {
  test('every slice is one event: a bad minute inside a slice is one bad event, a stretch over a boundary two, a slice without data none; the budget is exact', () => {
    expectScenario(ruleGroupsFor(countedSlo()), countedTestCase(60));
  });

  test('with the rules evaluated every 15 s the counts are the same', () => {
    const groups = vmRuleGroupsFor(countedSlo());
    expect(groups[0].interval).toBe('15s');
    const result = testRulesInOrder(groups, [countedTestCase(15)], '15s');
    if (!result.ok) throw new Error(`promtool test rules failed:\n${result.output.slice(0, 6000)}`);
    expect(result.ok).toBe(true);
  });

  test('the checks can fail: the same counts are wrong for one-minute slices of the same query', () => {
    // GIVEN the same gauge judged every minute: the bad minute 7 is seen by the 5m query for 5 minutes
    const minutes = queueSlo('tiles', 'q', { window: Duration.hours(1), alerting: { enabled: false } });
    const oneMinute = { ...minutes, indicator: Sli.queryThreshold({ query: 'max_over_time(queue_depth{job="q"}[5m])', op: 'lte', value: 100 }) };
    const result = testRulesInOrder(ruleGroupsFor(oneMinute), [countedTestCase(60)]);
    expect(result.ok).toBe(false);
  });

  test('a sustained outage pages', () => {
    expectScenario(ruleGroupsFor(outageSlo()), outageTestCase());
  });

  test('a day summed from hourly rollups counts each slice once', () => {
    expectScenario(ruleGroupsFor(rollupSlo()), rollupTestCase());
  });
});

describe('tiled slices with Prometheus 3\'s left-open ranges (emulated on promtool 2.42)', () => {
  beforeAll(() => useRangeSemantics('prometheus3'));
  afterAll(() => useRangeSemantics('prometheus2'));

  test('the same counts, budget and page: one slice step falls in a range just under a slice either way', () => {
    expectScenario(ruleGroupsFor(countedSlo()), countedTestCase(60));
    expectScenario(ruleGroupsFor(outageSlo()), outageTestCase());
  });
});

describe('slice lengths that cannot be tiled are errors naming the construct and the field', () => {
  const synthError = (timeSlice: Duration, extra: Partial<SloProps> = {}) => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'monitoring' });
    new Slo(chart, 'queue', { ...queueSlo('queue', 'q', extra), indicator: Sli.queryThreshold({ query: 'x', op: 'lte', value: 1, timeSlice }) });
    return errorOf(() => Testing.synth(chart));
  };

  test.each([
    ['7 minutes (does not divide an hour)', Duration.minutes(7), '420 seconds'],
    ['90 seconds (not whole minutes)', Duration.seconds(90), '90 seconds'],
    ['30 seconds (under a minute)', Duration.seconds(30), '30 seconds'],
    ['2 hours (longer than an hour)', Duration.hours(2), '7200 seconds'],
  ])('%s', (_title, timeSlice, got) => {
    expect(synthError(timeSlice)).toContain(
      `[c/queue] indicator.timeSlice: must be whole minutes that divide an hour (1m, 2m, 3m, 4m, 5m, 6m, 10m, 12m, 15m, 20m, 30m, 1h), so that slices align with clock hours; got ${got}`);
  });

  test('every length that divides an hour synthesizes; one longer than the shortest alert window does not', () => {
    for (const minutes of [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60]) expect(synthError(Duration.minutes(minutes))).toBe('');
    const shortWindows = { alerting: { windows: [{ longWindow: Duration.minutes(30), shortWindow: Duration.minutes(5), budgetConsumed: 0.01, severity: 'critical' }] } };
    expect(synthError(Duration.hours(1), shortWindows as Partial<SloProps>))
      .toContain('[c/queue] indicator.timeSlice: a 1h slice is longer than the shortest alert window 30m, which then holds no whole slice');
    expect(synthError(Duration.minutes(30), shortWindows as Partial<SloProps>)).toBe('');
  });

  test('an averaged error ratio checks its slice the same way', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'monitoring' });
    new Slo(chart, 'avg', { service: 'checkout', name: 'avg', target: 0.99, indicator: Sli.averagedErrorRatio({ errorRatioQuery: 'x', timeSlice: Duration.minutes(7) }) });
    expect(errorOf(() => Testing.synth(chart))).toContain('[c/avg] indicator.timeSlice: must be whole minutes that divide an hour');
  });
});
