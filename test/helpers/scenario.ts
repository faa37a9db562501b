/**
 * A rule-behaviour scenario shared by engines: the rules and the `promtool test rules` test case are built
 * by one function, run by promtool in the test next to the rules it proves and by VictoriaMetrics +
 * vmalert in test/live/ (see vm-scenarios.ts), so both engines face the very same traffic and checks.
 */
import { RuleTestCase } from './promtool';
import { ExprTest, testRulesInOrder } from './traffic';

/** A scenario's rule groups and its `promtool test rules` test case. */
export interface BuiltScenario {
  readonly groups: any[];
  readonly test: RuleTestCase;
  /** promtool's `evaluation_interval`: how often every group is evaluated. @default 1m */
  readonly evaluationInterval?: string;
}

/**
 * The query language a scenario's numbers are derived for, where they differ:
 * - `promql`: promtool 2.x. A range `[W]` at t holds the samples in [t − W, t] (a 6h range of 1-minute
 *   samples: 361), and `rate` extrapolates to the ends of its range.
 * - `metricsql`: VictoriaMetrics. A range holds the samples in (t − W, t] (360), and `rate` runs from the
 *   last sample before the range to the last in it, without extrapolation.
 * (A 5-minute `rate` of 1-minute samples at an evaluation on a sample is (C(t) − C(t − 5m)) / 300 in both.)
 */
export type QueryLanguage = 'promql' | 'metricsql';

/** Where and how a scenario runs. */
export interface ScenarioEngine {
  /** The Unix time of the scenario's time 0: inputs or checks holding absolute times (timestamp gauges, period starts) add it. */
  readonly timeZeroSeconds: number;
  readonly language: QueryLanguage;
}

/** promtool 2.x: time 0 is the Unix epoch. */
export const PROMTOOL_ENGINE: ScenarioEngine = { timeZeroSeconds: 0, language: 'promql' };

/** A named scenario; `build` synthesizes the rules and the traffic when a test runs it. */
export interface BehaviourScenario {
  readonly title: string;
  /**
   * The checks name calendar dates (period starts, month lengths, weekdays): time 0 must be a UTC
   * midnight of January 1st of a non-leap year that is a Thursday, as 1970-01-01 is. @default false
   */
  readonly calendar?: boolean;
  /** @param engine where and how the scenario runs: promtool's time and language unless given. */
  build(engine?: ScenarioEngine): BuiltScenario;
}

/** A scenario over inputs sampled every minute: `checks` at their times, every group evaluated every `evaluationInterval`. */
export function minuteScenario(groups: any[], inputSeries: RuleTestCase['input_series'], checks: ExprTest[], evaluationInterval = '1m'): BuiltScenario {
  return { groups, test: { interval: '1m', input_series: inputSeries, promql_expr_test: checks }, evaluationInterval };
}

/** Runs the built scenario in `promtool test rules`, the groups in the order given; fails with promtool's report. */
export function expectScenarioInPromtool(built: BuiltScenario): void {
  const result = testRulesInOrder(built.groups, [built.test], built.evaluationInterval ?? '1m');
  if (!result.ok) throw new Error(`promtool test rules failed:\n${result.output.slice(0, 6000)}`);
  expect(result.ok).toBe(true);
}
