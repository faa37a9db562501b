/**
 * Every SLO imported from the corpus (Sloth, Pyrra and OpenSLO v1alpha examples, see
 * test/fixtures/corpus) written as OpenSLO, read back and written again gives the same bytes; and as
 * Sloth and Pyrra where those formats can hold it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { quietWarnings } from './samples';
import { SloDocumentFormat, SloImport } from '../../src';

const CORPUS = path.join(__dirname, '..', 'fixtures', 'corpus');
const read = (file: string) => fs.readFileSync(path.join(CORPUS, file), 'utf8');

// contrib-slo-plugins.yml: its SLO names are too long for OpenSLO's names (service-name, a DNS label).
const SLOTH = ['contrib-denominator-corrected.yaml', 'getting-started.yml', 'home-wifi.yml', 'k8s-getting-started.yml',
  'k8s-home-wifi.yml', 'k8s-multifile.yml', 'kubernetes-apiserver.yml', 'multifile.yml', 'no-alerts.yml', 'raw-home-wifi.yml',
  'slo-plugin-getting-started.yml', 'slo-plugin-k8s-getting-started.yml'].map((f) => `sloth/${f}`);
const V1ALPHA = ['sloth/openslo-getting-started.yml', 'sloth/openslo-kubernetes-apiserver.yml'];
const PYRRA = fs.readdirSync(path.join(CORPUS, 'pyrra')).map((f) => `pyrra/${f}`);

type Importer = (chart: Chart, yaml: string, documents: SloDocumentFormat[]) => SloImport;
const fromSloth: Importer = (chart, yaml, documents) => SloImport.fromSloth(chart, 'imported', yaml, { prometheusRule: false, documents });
const fromPyrra: Importer = (chart, yaml, documents) => SloImport.fromPyrra(chart, 'imported', yaml, { prometheusRule: false, documents });
const fromOpenSlo: Importer = (chart, yaml, documents) => SloImport.fromOpenSlo(chart, 'imported', yaml, { prometheusRule: false, documents });

/** The documents of `format` that the SLOs `importer` reads from `yaml` synthesize to. */
function exported(importer: Importer, yaml: string, format: SloDocumentFormat): string {
  const chart = new Chart(Testing.app(), 'roundtrip', { namespace: 'monitoring' });
  importer(chart, yaml, [format]);
  return Testing.synth(chart).map((m) => YAML.stringify(m)).join('---\n');
}

describe('corpus SLOs round-trip through OpenSLO', () => {
  quietWarnings();

  test.each([
    ...SLOTH.map((file) => [file, fromSloth] as const),
    ...V1ALPHA.map((file) => [file, fromOpenSlo] as const),
    ...PYRRA.map((file) => [file, fromPyrra] as const),
  ])('%s: OpenSLO export → import → export is byte-identical', (file, importer) => {
    const once = exported(importer, read(file), SloDocumentFormat.OPENSLO);
    expect(once).toContain('kind: SLO');
    expect(exported(fromOpenSlo, once, SloDocumentFormat.OPENSLO)).toBe(once);
  });

  test.each(V1ALPHA)('%s: Sloth export → import → export is byte-identical', (file) => {
    const once = exported(fromOpenSlo, read(file), SloDocumentFormat.SLOTH);
    expect(exported(fromSloth, once, SloDocumentFormat.SLOTH)).toBe(once);
  });
});
