import { Chart, Testing } from 'cdk8s';
import { ApiServiceSlo, Sli, Slo, SloDashboard, SloRuleSet, SloRuleSetProps } from '../../src';
import { checkRules } from '../helpers/promtool';

function addSlos(chart: Chart, ruleSet: SloRuleSet, keys: string[]): void {
  for (const key of keys) {
    const [service, name] = key.split('/');
    new Slo(chart, key.replace('/', '-'), {
      service,
      name,
      target: 0.999,
      ruleSet,
      indicator: Sli.ratio({ errors: `http_requests_total{job="${service}",code=~"5.."}`, total: `http_requests_total{job="${service}"}` }),
    });
  }
}

function synthRuleSet(keys: string[], props: SloRuleSetProps = {}): any[] {
  const chart = new Chart(Testing.app(), 'slos', { namespace: 'monitoring' });
  addSlos(chart, new SloRuleSet(chart, 'rules', props), keys);
  return Testing.synth(chart);
}

const keysOf = (count: number, offset = 0) => Array.from({ length: count }, (_, i) => `svc-${(i + offset) % 37}/slo-${i + offset}`);

describe('SloRuleSet', () => {
  test('packs many SLOs into few objects, each under the limit, every group exactly once', () => {
    const manifests = synthRuleSet(keysOf(400), { maxBytesPerObject: 150_000, ruleLabels: { release: 'prometheus' } });
    expect(manifests.every((m) => m.kind === 'PrometheusRule')).toBe(true);
    expect(manifests.length).toBeLessThanOrEqual(128);
    expect(manifests.length).toBeGreaterThan(1);
    for (const manifest of manifests) {
      expect(manifest.metadata.name).toMatch(/^slo-rules-\d+$/);
      expect(manifest.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'cdk8s-slo', 'release': 'prometheus' });
      expect(Buffer.byteLength(JSON.stringify(manifest.spec.groups))).toBeLessThanOrEqual(150_000);
    }
    const groupNames = manifests.flatMap((m) => m.spec.groups.map((g: any) => g.name));
    expect(groupNames).toHaveLength(800);
    expect(new Set(groupNames).size).toBe(800);
    const result = checkRules(manifests.flatMap((m) => m.spec.groups));
    if (!result.ok) throw new Error(result.output);
  });

  test('adding an SLO changes only the object that receives it', () => {
    const before = synthRuleSet(keysOf(200), { maxBytesPerObject: 150_000 });
    const after = synthRuleSet([...keysOf(200), 'orders/new-objective'], { maxBytesPerObject: 150_000 });
    expect(after.length).toBeGreaterThanOrEqual(before.length);
    const byName = (manifests: any[]) => new Map(manifests.map((m) => [m.metadata.name, JSON.stringify(m)]));
    const was = byName(before);
    const changed = [...byName(after)].filter(([name, text]) => was.get(name) !== text).map(([name]) => name);
    expect(changed).toHaveLength(1);
    const holder = after.find((m) => m.metadata.name === changed[0]);
    expect(holder.spec.groups.map((g: any) => g.name)).toContain('slo-orders-new-objective-short-windows');
  });

  test('the same SLOs declared in another order land in the same objects', () => {
    const keys = keysOf(120);
    const byName = (manifests: any[]) => [...manifests].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const reversed = synthRuleSet([...keys].reverse(), { maxBytesPerObject: 100_000 });
    expect(byName(reversed)).toEqual(byName(synthRuleSet(keys, { maxBytesPerObject: 100_000 })));
  });

  test('templates, and the dashboards that read their SLOs, work with a rule set', () => {
    const chart = new Chart(Testing.app(), 'slos', { namespace: 'monitoring' });
    const ruleSet = new SloRuleSet(chart, 'rules');
    new ApiServiceSlo(chart, 'payments', { service: 'payments', ruleSet });
    new SloDashboard(chart, 'dashboard', { service: 'payments' });
    const manifests = Testing.synth(chart);
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(['PrometheusRule/slo-rules-0', 'ConfigMap/slo-dashboard-payments']);
    expect(manifests[0].spec.groups.map((g: any) => g.name)).toEqual([
      'slo-payments-availability-short-windows', 'slo-payments-availability-long-windows',
      'slo-payments-latency-short-windows', 'slo-payments-latency-long-windows',
    ]);
  });

  test.each([
    ['ruleSet and prometheusRule: false', (chart: Chart, ruleSet: SloRuleSet) => new Slo(chart, 'slo', {
      service: 'a', name: 'b', target: 0.99, ruleSet, prometheusRule: false, indicator: Sli.ratio({ errors: 'e', total: 't' }),
    }), /\[slos\/slo\] ruleSet: set either `ruleSet` .* or `prometheusRule: false`/],
    ['an SLO larger than the limit', (chart: Chart) => new Slo(chart, 'a-b', {
      service: 'a',
      name: 'b',
      target: 0.99,
      ruleSet: new SloRuleSet(chart, 'small', { maxBytesPerObject: 10_000 }),
      alerting: { description: 'x'.repeat(5000) },
      indicator: Sli.ratio({ errors: 'e', total: 't' }),
    }),
    /\[slos\/small\] maxBytesPerObject: the rules of slos\/a-b take \d+ bytes, more than the 10000 allowed per object/],
    ['a limit under 10000 bytes', (chart: Chart) => new SloRuleSet(chart, 'tiny', { maxBytesPerObject: 500 }),
      /\[slos\/tiny\] maxBytesPerObject: must be a whole number of bytes, at least 10000/],
    ['a bad name prefix', (chart: Chart) => new SloRuleSet(chart, 'bad', { namePrefix: 'SLO_rules' }),
      /\[slos\/bad\] namePrefix: "SLO_rules" must be a lowercase DNS label/],
  ])('rejects %s', (_, build, message) => {
    const chart = new Chart(Testing.app(), 'slos');
    build(chart, new SloRuleSet(chart, 'rules'));
    expect(() => Testing.synth(chart)).toThrow(message);
  });
});
