import { ApiObject, Chart, Testing } from 'cdk8s';
import { addAcceptanceSlos, errorOf, EVERY_KIND, quietWarnings } from './samples';
import { ApiServiceSlo, ServiceTier, Slo, SloDocumentFormat, SloDocuments } from '../../src';

describe('SloDocuments and SloProps.documents', () => {
  quietWarnings();

  test('`slos` limits the documents to the given SLOs', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'slos');
    const [availability] = addAcceptanceSlos(chart);
    const documents = new Chart(app, 'documents');
    const docs = new SloDocuments(documents, 'pyrra', { format: SloDocumentFormat.PYRRA, slos: [availability] });
    expect(docs.format.name).toBe('pyrra');
    expect(Testing.synth(documents).map((o) => o.metadata.name)).toEqual(['checkout-availability']);
  });

  test('an SLO can emit several formats next to its PrometheusRule', () => {
    const chart = new Chart(Testing.app(), 'slos', { namespace: 'monitoring' });
    const slo = new Slo(chart, 'slo', { ...EVERY_KIND['ratio-errors'], documents: [SloDocumentFormat.OPENSLO, SloDocumentFormat.SLOTH, SloDocumentFormat.PYRRA] });
    expect(Testing.synth(chart).map((m) => `${m.apiVersion} ${m.kind} ${m.metadata.name}`)).toEqual([
      'monitoring.coreos.com/v1 PrometheusRule slo-shop-ratio-errors',
      'openslo/v1 SLO shop-ratio-errors',
      'sloth.slok.dev/v1 PrometheusServiceLevel sloth-shop-ratio-errors',
      'pyrra.dev/v1alpha1 ServiceLevelObjective shop-ratio-errors',
    ]);
    // The escape hatch still finds the PrometheusRule.
    expect(ApiObject.of(slo)).toBe(slo.prometheusRule);
  });

  test('per SLO: a format listed twice, and OpenSLO with inline: false, are errors', () => {
    const chart = new Chart(Testing.app(), 'slos');
    new Slo(chart, 'twice', { ...EVERY_KIND['ratio-errors'], documents: [SloDocumentFormat.SLOTH, SloDocumentFormat.sloth({ strict: true })] });
    new Slo(chart, 'refs', { ...EVERY_KIND['ratio-good'], documents: [SloDocumentFormat.openSlo({ inline: false })] });
    const message = errorOf(() => Testing.synth(chart));
    expect(message).toMatch(/\[slos\/twice\] documents: Sloth is listed twice/);
    expect(message).toMatch(/\[slos\/refs\] documents: OpenSLO: documents per SLO are always inline/);
  });

  test('two SLOs without PrometheusRules do not collide; identical (service, name) still do', () => {
    const chart = new Chart(Testing.app(), 'slos');
    new Slo(chart, 'a', { ...EVERY_KIND['ratio-errors'], prometheusRule: false });
    new Slo(chart, 'b', { ...EVERY_KIND['ratio-errors'], prometheusRule: false });
    expect(errorOf(() => Testing.synth(chart))).toMatch(/name: the SLO "shop\/ratio-errors" is also defined at slos\/b/);
  });

  test('templates pass both props to their SLOs: an operator takes over every objective', () => {
    const chart = new Chart(Testing.app(), 'slos', { namespace: 'monitoring' });
    const api = new ApiServiceSlo(chart, 'cart', {
      service: 'cart', tier: ServiceTier.CRITICAL, prometheusRule: false, documents: [SloDocumentFormat.SLOTH],
    });
    expect(Testing.synth(chart).map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'PrometheusServiceLevel/sloth-cart-availability',
      'PrometheusServiceLevel/sloth-cart-latency',
    ]);
    expect(api.slos.map((slo) => slo.prometheusRule)).toEqual([undefined, undefined]);
  });

  test('documents are created once although synthesis validates twice', () => {
    const app = Testing.app();
    addAcceptanceSlos(new Chart(app, 'slos'));
    const documents = new Chart(app, 'documents');
    new SloDocuments(documents, 'openslo', { format: SloDocumentFormat.OPENSLO });
    app.synth();
    expect(Testing.synth(documents)).toHaveLength(23);
    expect(app.synthYaml().split('\n---\n').length).toBeGreaterThan(23);
  });
});
