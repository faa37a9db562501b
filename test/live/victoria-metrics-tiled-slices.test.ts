/**
 * Tiled time slices on VictoriaMetrics + vmalert: the promtool scenarios of `tiled-time-slices.test.ts`,
 * replayed by vmalert and answered by MetricsQL. They hold because VictoriaMetrics, like Prometheus, steps
 * a subquery at multiples of its step since the epoch, and a range just under one slice holds exactly one
 * of those steps under its left-open ranges.
 */
import { ruleGroupsFor } from '../helpers/synth';
import { expectScenarioOnVictoriaMetrics } from '../helpers/vm-scenarios';
import { countedSlo, countedTestCase, outageSlo, outageTestCase } from '../rules/tiled-slice-scenarios';

jest.setTimeout(120_000);

describe('tiled 5-minute slices on VictoriaMetrics + vmalert', () => {
  test('every slice is one event: one bad minute, a stretch over a boundary, a slice without data; the budget is exact', async () => {
    await expectScenarioOnVictoriaMetrics(ruleGroupsFor(countedSlo()), countedTestCase(60));
  });

  test('a sustained outage pages', async () => {
    await expectScenarioOnVictoriaMetrics(ruleGroupsFor(outageSlo()), outageTestCase());
  });
});
