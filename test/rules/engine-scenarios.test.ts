/**
 * What the rule engines' options do to detection time, in `promtool test rules` scenarios: a total outage
 * after two healthy hours, and the minute the first page fires.
 *
 * - Mimir's split groups: groups are evaluated independently, so a part reading a series recorded by an
 *   earlier part may see that part's previous evaluation. The worst case is evaluating the parts of each
 *   group last part first: every such read is then one evaluation old.
 * - query_offset / eval_delay: promtool 2.42 cannot evaluate `query_offset` (Prometheus 2.53+). These
 *   scenarios model its documented meaning instead of running Prometheus 3: a rule evaluated at t with
 *   offset d evaluates at t - d, so it sees exactly what a rule without offset sees at t over input that
 *   arrives d later. So the same rules run over the input shifted by d.
 */
import { Duration } from 'cdk8s';
import { RuleEngine, Sli, SloProps } from '../../src';
import { ruleGroupsFor } from '../helpers/synth';
import {
  counterSamples, existedBetween, existsAt, ExprTest, HOUR, renderSamples, Segment, segmentIncrements, testRulesInOrder, traffic,
} from '../helpers/traffic';

const SLO = 'outage';
const PAGE = `ALERTS{alertstate="firing",slo_service="checkout",slo_name="${SLO}",severity="critical"}`;
const OUTAGE_START = 2 * HOUR;
const OUTAGE: Segment[] = [
  { minutes: OUTAGE_START, rps: 100 },
  { minutes: HOUR, rps: 100, errorRatio: 1 },
];
/**
 * The minute the unsplit rules first page, measured: the 5m ratio is far above the 1h/5m threshold
 * (1.44%) from the first minute of the outage, and the 1h ratio crosses it at the third minute.
 */
const FIRST_PAGE = OUTAGE_START + 3;

function sloProps(extra: Partial<SloProps> = {}): SloProps {
  return {
    service: 'checkout',
    name: SLO,
    target: 0.999,
    indicator: Sli.ratio({ errors: 'http_requests_total{job="checkout",code=~"5.."}', total: 'http_requests_total{job="checkout"}' }),
    ...extra,
  };
}

/** The first page fires at `minute`: at no evaluation before it, at it, and it keeps firing. */
function firstPageAt(minute: number): ExprTest[] {
  return [existedBetween(PAGE, 0, minute - 1, false), existsAt(PAGE, minute, true), existsAt(PAGE, minute + 30, true)];
}

/** Runs the scenario with the groups evaluated in the order given; fails with promtool's report. */
function expectPages(groups: any[], input: any[], checks: ExprTest[]): void {
  const result = testRulesInOrder(groups, [{ interval: '1m', input_series: input, promql_expr_test: checks }]);
  if (!result.ok) throw new Error(`promtool test rules failed:\n${result.output}`);
  expect(result.ok).toBe(true);
}

/** The parts of each split group in reverse, so every read of an earlier part's series is one evaluation old. */
function worstOrder(groups: any[]): any[] {
  const byBase = new Map<string, any[]>();
  for (const group of groups) {
    const base = group.name.replace(/-\d+$/, '');
    byBase.set(base, [...(byBase.get(base) ?? []), group]);
  }
  return [...byBase.values()].flatMap((parts) => [...parts].reverse());
}

describe('detection time per engine (promtool test rules)', () => {
  test('the unsplit rules first page at the third minute of the outage', () => {
    expectPages(ruleGroupsFor(sloProps()), traffic('job="checkout"', OUTAGE), firstPageAt(FIRST_PAGE));
  });

  test.each([8, 6])('Mimir groups split to %i rules page at most one evaluation interval later, never earlier', (maxRulesPerGroup) => {
    // GIVEN the SLO's groups split for Mimir (12 rules in the short-window group: 2 or 3 parts)
    const groups = ruleGroupsFor(sloProps({ engine: RuleEngine.mimir({ maxRulesPerGroup }) }));
    expect(groups.some((g) => g.name.endsWith('-short-windows-2'))).toBe(true);
    expect(groups.every((g) => g.rules.length <= maxRulesPerGroup)).toBe(true);
    const input = traffic('job="checkout"', OUTAGE);
    // WHEN the parts are evaluated in their order THEN the page fires at the same minute as unsplit
    expectPages(groups, input, firstPageAt(FIRST_PAGE));
    // WHEN every part reads the previous evaluation of the parts before it (the worst order)
    // THEN the page fires one minute (one evaluation interval of the short-window group) later
    expectPages(worstOrder(groups), input, firstPageAt(FIRST_PAGE + 1));
  });

  test.each([1, 2, 5])('a query offset of %i minutes delays the first page by exactly that much (a model of query_offset)', (offsetMinutes) => {
    // GIVEN rules with a query offset (the field is written; promtool ignores it, see the header)
    const groups = ruleGroupsFor(sloProps({ engine: RuleEngine.prometheus({ queryOffset: Duration.minutes(offsetMinutes) }) }));
    expect(groups.every((g) => g.query_offset === `${offsetMinutes}m`)).toBe(true);
    // WHEN the rule at t evaluates at t - offset, modelled as the same traffic arriving `offset` later:
    // every sample moves `offsetMinutes` later, with no samples before it
    const { good, bad } = segmentIncrements(OUTAGE);
    const shifted = (increments: Array<number | null>) =>
      renderSamples([...new Array<null>(offsetMinutes).fill(null), ...counterSamples(increments)]);
    const input = [
      { series: 'http_requests_total{job="checkout",code="200"}', values: shifted(good) },
      { series: 'http_requests_total{job="checkout",code="500"}', values: shifted(bad) },
    ];
    // THEN the first page fires exactly `offset` after it fires without one
    expectPages(groups, input, firstPageAt(FIRST_PAGE + offsetMinutes));
  });
});
