/**
 * The refactor guard: what the library synthesizes, byte for byte. Internal changes (moving code, new
 * seams) must not change one byte of it; a change in behaviour updates these snapshots on purpose
 * (`npx projen test:update`), and the diff shows what users will see.
 *
 * It covers the example app and the acceptance examples as whole files, and a fixed battery of SLOs (one
 * per indicator kind and variant, one with every option, and a few hundred random ones from a fixed seed)
 * through every output: PrometheusRules, the service dashboard, OpenSLO (shared and inline), Sloth and
 * Pyrra documents, and the rules of their Sloth and OpenSLO re-import. Which outputs are refused counts
 * too.
 */
import { createHash } from 'crypto';
import { Chart, Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { Slo, SloDashboard, SloDocumentFormat, SloDocuments, SloImport, SloProps } from '../../src';
import { EVERY_KIND, RICH, toYaml } from '../documents/samples';
import { sloProps } from '../helpers/random-slo-props';
import { synthesizeAppFiles } from '../helpers/synth';

const RANDOM_CASES = 300;
const SEED = 20261206;
const REFUSED = 'refused';

/**
 * The text an output step produces, or that it refused. A refusal's wording and the moment it is reported
 * (at construction or at synthesis) are not output; they are pinned by the tests of each refusal.
 */
function outcome(work: () => string): string {
  try {
    return work();
  } catch {
    return REFUSED;
  }
}

function withSlo(props: SloProps, build: (chart: Chart, slo: Slo) => void = () => undefined): string {
  const app = Testing.app();
  const chart = new Chart(app, 'slos', { namespace: 'monitoring' });
  const slo = new Slo(chart, 'slo', props);
  build(chart, slo);
  return toYaml(Testing.synth(chart));
}

function documentsOf(props: SloProps, format: SloDocumentFormat): string {
  const app = Testing.app();
  new Slo(new Chart(app, 'slos', { namespace: 'monitoring' }), 'slo', props);
  const documents = new Chart(app, 'documents', { namespace: 'monitoring' });
  new SloDocuments(documents, 'documents', { format });
  return toYaml(Testing.synth(documents));
}

function reimported(yaml: string, from: 'sloth' | 'openslo', period: Duration): string {
  const app = Testing.app();
  const chart = new Chart(app, 'imported', { namespace: 'monitoring' });
  if (from === 'sloth') SloImport.fromSloth(chart, 'import', yaml, { period });
  else SloImport.fromOpenSlo(chart, 'import', yaml);
  return toYaml(Testing.synth(chart));
}

/** Every output of one SLO, as text. */
function outputsOf(props: SloProps): Record<string, string> {
  const period = props.window ?? Duration.days(30);
  const sloth = outcome(() => documentsOf(props, SloDocumentFormat.sloth({ period })));
  const openSlo = outcome(() => documentsOf(props, SloDocumentFormat.openSlo({ inline: true })));
  return {
    rules: outcome(() => withSlo(props)),
    dashboard: outcome(() => withSlo(props, (chart) => new SloDashboard(chart, 'dashboard', { service: props.service }))),
    openslo: outcome(() => documentsOf(props, SloDocumentFormat.OPENSLO)),
    opensloInline: openSlo,
    sloth,
    pyrra: outcome(() => documentsOf(props, SloDocumentFormat.PYRRA)),
    slothImported: sloth === REFUSED ? '' : outcome(() => reimported(sloth, 'sloth', period)),
    opensloImported: openSlo === REFUSED ? '' : outcome(() => reimported(openSlo, 'openslo', period)),
  };
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

describe('synthesized output (refactor guard)', () => {
  let warn: jest.SpyInstance;
  beforeAll(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterAll(() => warn.mockRestore());

  test.each([
    ['the example app', '../../examples/main'],
    ['the acceptance example', '../fixtures/acceptance-example'],
    ['the templates acceptance example', '../fixtures/templates-acceptance-example'],
    ['the dashboard acceptance example', '../fixtures/dashboard-acceptance-example'],
  ])('%s synthesizes the same files', (_name, modulePath) => {
    expect(Object.fromEntries(synthesizeAppFiles(modulePath))).toMatchSnapshot();
  });

  test('one SLO of every indicator kind, and one with every option, through every output', () => {
    const cases = { ...EVERY_KIND, rich: RICH };
    expect(Object.fromEntries(Object.entries(cases).map(([name, props]) => [name, outputsOf(props)]))).toMatchSnapshot();
  });

  test(`${RANDOM_CASES} random SLOs from a fixed seed, through every output`, () => {
    const outputs = fc.sample(sloProps, { seed: SEED, numRuns: RANDOM_CASES }).map(outputsOf);
    // Every output must have produced something other than a refusal somewhere in the battery.
    for (const output of Object.keys(outputs[0])) {
      const produced = outputs.filter((texts) => texts[output] !== '' && texts[output] !== REFUSED).length;
      expect({ output, produced: produced > 0 }).toEqual({ output, produced: true });
    }
    const digests = outputs.map((texts) => Object.fromEntries(Object.entries(texts).map(([output, text]) => [output, digest(text)])));
    expect(digests).toMatchSnapshot();
  });
});
