/**
 * What the rule engines' options do to detection time: a total outage after two healthy hours, and the
 * minute the first page fires. `engine-scenarios.test.ts` runs them in `promtool test rules`;
 * `test/live/victoria-metrics-engines.test.ts` runs the same ones on VictoriaMetrics + vmalert.
 *
 * - Mimir's split groups: groups are evaluated independently, so a part reading a series recorded by an
 *   earlier part may see that part's previous evaluation. The worst case is evaluating the parts of each
 *   group last part first: every such read is then one evaluation old. That order is promtool's
 *   `group_eval_order` (`SPLIT_GROUP_WORST_ORDER_SCENARIOS`), which a replay cannot set: vmalert's replay
 *   evaluates each rule over the whole range after the rules it reads.
 * - query_offset / eval_delay: promtool 2.42 cannot evaluate `query_offset` (Prometheus 2.53+). These
 *   scenarios model its documented meaning instead of running Prometheus 3: a rule evaluated at t with
 *   offset d evaluates at t - d, so it sees exactly what a rule without offset sees at t over input that
 *   arrives d later. So the same rules run over the input shifted by d.
 */
import { Duration } from 'cdk8s';
import { RuleEngine, Sli, SloProps } from '../../src';
import { BehaviourScenario, BuiltScenario, minuteScenario } from '../helpers/scenario';
import { ruleGroupsFor } from '../helpers/synth';
import {
  counterSamples, existedBetween, existsAt, ExprTest, HOUR, renderSamples, Segment, segmentIncrements, traffic,
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

function pagesAt(groups: any[], input: any[], minute: number): BuiltScenario {
  return minuteScenario(groups, input, firstPageAt(minute));
}

/** The SLO's groups split for Mimir (12 rules in the short-window group: 2 or 3 parts). */
function mimirGroups(maxRulesPerGroup: number): any[] {
  const groups = ruleGroupsFor(sloProps({ engine: RuleEngine.mimir({ maxRulesPerGroup }) }));
  expect(groups.some((g) => g.name.endsWith('-short-windows-2'))).toBe(true);
  expect(groups.every((g) => g.rules.length <= maxRulesPerGroup)).toBe(true);
  return groups;
}

/** The parts of each split group in reverse, so every read of an earlier part's series is one evaluation old. */
export function worstOrder(groups: any[]): any[] {
  const byBase = new Map<string, any[]>();
  for (const group of groups) {
    const base = group.name.replace(/-\d+$/, '');
    byBase.set(base, [...(byBase.get(base) ?? []), group]);
  }
  return [...byBase.values()].flatMap((parts) => [...parts].reverse());
}

const MIMIR_PART_SIZES = [8, 6];
const QUERY_OFFSET_MINUTES = [1, 2, 5];

export const ENGINE_SCENARIOS: BehaviourScenario[] = [
  {
    title: 'the unsplit rules first page at the third minute of the outage',
    build: () => pagesAt(ruleGroupsFor(sloProps()), traffic('job="checkout"', OUTAGE), FIRST_PAGE),
  },
  // WHEN the parts are evaluated in their order THEN the page fires at the same minute as unsplit
  ...MIMIR_PART_SIZES.map((maxRulesPerGroup): BehaviourScenario => ({
    title: `Mimir groups split to ${maxRulesPerGroup} rules, evaluated in their order, page when the unsplit rules do`,
    build: () => pagesAt(mimirGroups(maxRulesPerGroup), traffic('job="checkout"', OUTAGE), FIRST_PAGE),
  })),
  ...QUERY_OFFSET_MINUTES.map((offsetMinutes): BehaviourScenario => ({
    title: `a query offset of ${offsetMinutes} minutes delays the first page by exactly that much (a model of query_offset)`,
    build: () => {
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
      return pagesAt(groups, input, FIRST_PAGE + offsetMinutes);
    },
  })),
];

/**
 * WHEN every part of a split group reads the previous evaluation of the parts before it (the worst order
 * of `worstOrder`) THEN the page fires one minute (one evaluation interval of the short-window group)
 * later than unsplit. promtool only: the order is promtool's `group_eval_order`.
 */
export const SPLIT_GROUP_WORST_ORDER_SCENARIOS: BehaviourScenario[] = MIMIR_PART_SIZES.map((maxRulesPerGroup) => ({
  title: `Mimir groups split to ${maxRulesPerGroup} rules, evaluated last part first, page one evaluation interval later, never earlier`,
  build: () => pagesAt(worstOrder(mimirGroups(maxRulesPerGroup)), traffic('job="checkout"', OUTAGE), FIRST_PAGE + 1),
}));
