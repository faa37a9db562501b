/**
 * The imported SLOs' outage scenarios of `test/documents/imported-outage-scenarios.ts` (Pyrra, Sloth,
 * OpenSLO in one file or spread over files), proven with promtool in the import tests, on
 * VictoriaMetrics + vmalert: each pages on its outage and not before it (see `helpers/vm-scenarios.ts`).
 */
import { IMPORTED_OUTAGE_SCENARIOS } from '../documents/imported-outage-scenarios';
import { quietWarnings } from '../documents/samples';
import { expectSharedScenarioOnVictoriaMetrics } from '../helpers/vm-scenarios';

jest.setTimeout(120_000);

describe('imported SLOs page on an outage, on VictoriaMetrics + vmalert', () => {
  quietWarnings();

  test.each(IMPORTED_OUTAGE_SCENARIOS.map((scenario) => [scenario.title, scenario] as const))('%s', async (_title, scenario) => {
    await expectSharedScenarioOnVictoriaMetrics(scenario);
  });
});
