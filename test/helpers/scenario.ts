/**
 * A rule-behaviour scenario shared by engines: the rules and the `promtool test rules` test case are built
 * by one function, run by promtool in the test next to the rules it proves and by VictoriaMetrics +
 * vmalert in test/live/ (see vm-scenarios.ts), so both engines face the very same traffic and checks.
 */
import { RuleTestCase } from './promtool';
import { testRulesInOrder } from './traffic';

/** A scenario's rule groups and its `promtool test rules` test case. */
export interface BuiltScenario {
  readonly groups: any[];
  readonly test: RuleTestCase;
  /** promtool's `evaluation_interval`: how often every group is evaluated. @default 1m */
  readonly evaluationInterval?: string;
}

/**
 * How an engine selects a range `[W]` of raw samples at t: promtool 2.x's closed [t − W, t] (a 6h range
 * of 1-minute samples holds 361), or the left-open (t − W, t] of MetricsQL (360). Where a scenario's
 * exact numbers count samples of a range, it derives them for either. (`rate` of 1-minute samples over
 * 5 minutes is (C(t) − C(t − 5m)) / 300 on both: MetricsQL starts from the last sample before the range.)
 */
export type RangeEnds = 'closed' | 'left-open';

/** Where and how a scenario runs. */
export interface ScenarioEngine {
  /** The Unix time of the scenario's time 0: inputs or checks holding absolute times (timestamp gauges, period starts) add it. */
  readonly timeZeroSeconds: number;
  readonly ranges: RangeEnds;
}

/** promtool 2.x: time 0 is the Unix epoch, ranges are closed. */
export const PROMTOOL_ENGINE: ScenarioEngine = { timeZeroSeconds: 0, ranges: 'closed' };

/** A named scenario; `build` synthesizes the rules and the traffic when a test runs it. */
export interface BehaviourScenario {
  readonly title: string;
  /**
   * The checks name calendar dates (period starts, month lengths, weekdays): time 0 must be a UTC
   * midnight of January 1st of a non-leap year that is a Thursday, as 1970-01-01 is. @default false
   */
  readonly calendar?: boolean;
  /** @param engine where and how the scenario runs: promtool's time and ranges unless given. */
  build(engine?: ScenarioEngine): BuiltScenario;
}

/** Runs the built scenario in `promtool test rules`, the groups in the order given; fails with promtool's report. */
export function expectScenarioInPromtool(built: BuiltScenario): void {
  const result = testRulesInOrder(built.groups, [built.test], built.evaluationInterval ?? '1m');
  if (!result.ok) throw new Error(`promtool test rules failed:\n${result.output.slice(0, 6000)}`);
  expect(result.ok).toBe(true);
}
