import { Duration } from 'cdk8s';
import { RuleEngine, Sli } from '../../src';
import { synthSlos } from '../../test/helpers/synth';
import { ManifestDocument } from '../src/manifests/manifest-files';
import { synthesizedRuleGroups, synthesizedSlos } from '../src/manifests/synthesized-slos';

function documentsOf(manifests: any[]): ManifestDocument[] {
  return manifests.map((object, index) => ({ file: 'slos.k8s.yaml', index, object }));
}

const props = {
  service: 'checkout',
  name: 'availability',
  target: 0.999,
  window: Duration.days(28),
  indicator: Sli.ratio({ errors: 'http_requests_total{job="checkout",code=~"5.."}', total: 'http_requests_total{job="checkout"}' }),
};

describe('synthesized rule objects', () => {
  test('VMRules are read like PrometheusRules: the same groups and the same SLO', () => {
    const fromPrometheusRule = documentsOf(synthSlos(props));
    const fromVmRule = documentsOf(synthSlos({ ...props, engine: RuleEngine.victoriaMetrics() }));
    expect(fromVmRule[0].object.kind).toBe('VMRule');

    const vmGroups = synthesizedRuleGroups(fromVmRule);
    expect(vmGroups.map((g) => g.name)).toEqual(['slo-checkout-availability-short-windows', 'slo-checkout-availability-long-windows']);
    expect(vmGroups.every((g) => g.objectName === 'slo-checkout-availability' && g.objectNamespace === 'monitoring')).toBe(true);
    expect(vmGroups.map((g) => g.rules)).toEqual(synthesizedRuleGroups(fromPrometheusRule).map((g) => g.rules));

    const [slo] = synthesizedSlos(fromVmRule);
    expect(slo).toEqual(synthesizedSlos(fromPrometheusRule)[0]);
    expect(slo.objective).toBe(0.999);
    expect(slo.windowSeconds).toBe(28 * 86_400);
    expect(slo.alerts.length).toBeGreaterThan(0);
  });

  test('objects of other API groups with the same kinds are not rule objects', () => {
    const [object] = synthSlos({ ...props, engine: RuleEngine.victoriaMetrics() });
    const impostors = [
      { ...object, apiVersion: 'example.com/v1' },
      { ...object, kind: 'VMRuleList' },
      { ...object, kind: 'PrometheusRule' },
    ];
    expect(synthesizedRuleGroups(documentsOf(impostors))).toEqual([]);
  });
});
