import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { ApiServiceSlo, ServiceTier, SloCatalog, SloRuleSet, WebServiceSlo } from '../../src';
import { checkRules, tempDir } from '../helpers/promtool';

// What `cdk8s-slo generate --format inventory` writes: the CLI package's fixture is the contract between the two.
const FIXTURE = path.join(__dirname, '..', '..', 'cli', 'test', 'fixtures', 'generate', 'slo-inventory.json');
const VALID: any = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));

let dir: string;
beforeEach(() => {
  dir = tempDir('slo-catalog');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes the fixture with one change applied; returns its path. */
function inventoryFile(change: (doc: any) => void = () => undefined): string {
  const doc = JSON.parse(JSON.stringify(VALID));
  change(doc);
  const file = path.join(dir, 'slo-inventory.json');
  fs.writeFileSync(file, JSON.stringify(doc));
  return file;
}

function rulesOf(manifests: any[]): any[] {
  return manifests.filter((m) => m.kind === 'PrometheusRule').flatMap((m) => m.spec.groups).flatMap((g: any) => g.rules);
}

function recorded(manifests: any[], record: string, service: string, name: string): any {
  return rulesOf(manifests).find((r) => r.record === record && r.labels.slo_service === service && r.labels.slo_name === name);
}

describe('SloCatalog.fromInventory', () => {
  test('creates one template per service, with its tier, team, selector, targets and latency threshold', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const catalog = SloCatalog.fromInventory(chart, 'catalog', { file: FIXTURE });
    const manifests = Testing.synth(chart);
    // THEN
    expect(catalog.templates.map((t) => [t.node.path, t.constructor.name, t.service, t.tier, t.team])).toEqual([
      ['test/catalog/checkout', 'ApiServiceSlo', 'checkout', ServiceTier.CRITICAL, 'payments'],
      ['test/catalog/storefront', 'WebServiceSlo', 'storefront', ServiceTier.ESSENTIAL, undefined],
      ['test/catalog/search', 'ApiServiceSlo', 'search', ServiceTier.STANDARD, 'discovery'],
    ]);
    expect(catalog.templates[0]).toBeInstanceOf(ApiServiceSlo);
    expect(catalog.templates[1]).toBeInstanceOf(WebServiceSlo);
    expect(catalog.slos.map((s) => `${s.service}/${s.sloName}`)).toEqual([
      'checkout/availability', 'checkout/latency', 'storefront/availability', 'storefront/latency', 'search/availability',
    ]);
    expect(manifests.map((m) => m.metadata.name)).toEqual([
      'slo-checkout-availability', 'slo-checkout-latency', 'slo-storefront-availability', 'slo-storefront-latency', 'slo-search-availability',
    ]);
    expect(recorded(manifests, 'slo:objective:ratio', 'checkout', 'availability').expr).toBe('vector(0.995)');
    expect(recorded(manifests, 'slo:objective:ratio', 'checkout', 'latency').expr).toBe('vector(0.95)');
    expect(recorded(manifests, 'slo:objective:ratio', 'search', 'availability').expr).toBe('vector(0.95)');
    expect(recorded(manifests, 'slo:sli_total:rate5m', 'checkout', 'availability').expr).toContain('http_requests_total{namespace="shop",job="checkout"}');
    expect(recorded(manifests, 'slo:sli_errors:rate5m', 'checkout', 'latency').expr).toContain('http_request_duration_seconds_bucket{namespace="shop",job="checkout",le="0.5"}');
    expect(recorded(manifests, 'slo:sli_errors:rate5m', 'storefront', 'latency').expr).toMatch(/le=~"1\(\\\\\.0\)\?"/);
    expect(recorded(manifests, 'slo:objective:ratio', 'checkout', 'availability').labels.team).toBe('payments');
    const result = checkRules(manifests.flatMap((m) => m.spec.groups));
    if (!result.ok) throw new Error(result.output);
  });

  test('lists every objective with the goal it ratchets toward', () => {
    const catalog = SloCatalog.fromInventory(Testing.chart(), 'catalog', { file: FIXTURE });
    expect(catalog.objectives).toEqual([
      { service: 'checkout', objective: 'availability', target: 0.995, goalTarget: 0.9995 },
      { service: 'checkout', objective: 'latency', target: 0.95, goalTarget: 0.999 },
      { service: 'storefront', objective: 'availability', target: 0.999 },
      { service: 'storefront', objective: 'latency', target: 0.95 },
      { service: 'search', objective: 'availability', target: 0.95, goalTarget: 0.995 },
    ]);
  });

  test('shared options reach every service: rule labels, channels, labels and a rule set', () => {
    const chart = Testing.chart();
    const ruleSet = new SloRuleSet(chart, 'rules', { namePrefix: 'catalog-rules' });
    SloCatalog.fromInventory(chart, 'catalog', {
      file: FIXTURE, ruleLabels: { prometheus: 'main' }, labels: { cost_center: 'shop' }, channels: { page: 'oncall' }, ruleSet,
    });
    const manifests = Testing.synth(chart);
    expect(manifests.map((m) => m.metadata.name)).toEqual(['catalog-rules-0']);
    const rules = rulesOf(manifests);
    expect(rules.filter((r) => r.record).every((r) => r.labels.cost_center === 'shop')).toBe(true);
    const pages = rules.filter((r) => r.alert && r.labels.severity === 'critical' && r.labels.slo_service === 'checkout');
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.every((r) => r.labels.channel === 'oncall')).toBe(true);

    const own = Testing.chart();
    SloCatalog.fromInventory(own, 'catalog', { file: FIXTURE, ruleLabels: { prometheus: 'main' } });
    expect(Testing.synth(own).every((m) => m.metadata.labels.prometheus === 'main')).toBe(true);
  });

  test('a service named constructor (an Object.prototype key, which the constructs library sees as taken) synthesizes', () => {
    const chart = Testing.chart();
    const file = inventoryFile((d) => {
      d.services[0].service = 'constructor';
      d.services[1].service = 'constructor-service';
    });
    const catalog = SloCatalog.fromInventory(chart, 'catalog', { file });
    const manifests = Testing.synth(chart);
    expect(catalog.templates.map((t) => [t.node.id, t.service])).toEqual([
      ['constructor_service', 'constructor'], ['constructor-service', 'constructor-service'], ['search', 'search'],
    ]);
    expect(manifests.map((m) => m.metadata.name)).toContain('slo-constructor-availability');
    expect(recorded(manifests, 'slo:objective:ratio', 'constructor', 'availability').expr).toBe('vector(0.995)');
    expect(recorded(manifests, 'slo:objective:ratio', 'constructor', 'latency').expr).toBe('vector(0.95)');
  });

  test('a relative file is read from the working directory', () => {
    const relative = path.relative(process.cwd(), FIXTURE);
    expect(path.isAbsolute(relative)).toBe(false);
    expect(SloCatalog.fromInventory(Testing.chart(), 'catalog', { file: relative }).templates).toHaveLength(3);
  });
});

/** Builds a catalog of `file`; returns the catalog and the message synthesis fails with ('' when it does not). */
function synthError(file: string): { catalog: SloCatalog; message: string } {
  const chart = Testing.chart();
  const catalog = SloCatalog.fromInventory(chart, 'catalog', { file });
  try {
    Testing.synth(chart);
    return { catalog, message: '' };
  } catch (e) {
    return { catalog, message: (e as Error).message };
  }
}

describe('SloCatalog.fromInventory errors fail synthesis, naming the construct path, the file and the field', () => {
  test('a missing file', () => {
    const file = path.join(dir, 'nope.json');
    const { catalog, message } = synthError(file);
    expect(catalog.templates).toEqual([]);
    expect(message).toContain(`\n  [test/catalog] file: cannot read the SLO inventory "${file}": ENOENT`);
  });

  test.each([
    ['the discovered-services inventory', (d: any) => (d.kind = 'ServiceInventory'), 'kind: expected "SloInventory", got "ServiceInventory": this is the discovered-services inventory; turn it into an SLO inventory with `cdk8s-slo generate --format inventory` first'],
    ['another apiVersion', (d: any) => (d.apiVersion = 'v1'), 'apiVersion: expected "cdk8s-slo.dev/v1alpha1", got "v1"'],
    ['a percentage for a target', (d: any) => (d.services[0].objectives.availability.target = 99.5), 'services[0].objectives.availability.target: must be a number above 0 and at most 1, got 99.5'],
    ['a target of 1', (d: any) => (d.services[0].objectives.availability.target = 1), 'services[0].objectives.availability.target: must be below 1 (a ratio such as 0.995; 1 leaves no error budget), got 1'],
    ['a goal below the target', (d: any) => (d.services[0].objectives.availability.goalTarget = 0.99), 'services[0].objectives.availability.goalTarget: must be at least the target (0.995) and below 1, got 0.99'],
    ['a negative threshold', (d: any) => (d.services[0].objectives.latency.thresholdSeconds = -1), 'services[0].objectives.latency.thresholdSeconds: must be a number above 0, got -1'],
    ['a latency objective without a threshold', (d: any) => delete d.services[1].objectives.latency.thresholdSeconds, 'services[1].objectives.latency.thresholdSeconds: is required (a number above 0)'],
    ['an unknown tier', (d: any) => (d.services[2].tier = 'gold'), 'services[2].tier: must be one of "critical", "essential", "standard", "best-effort", got "gold"'],
    ['an unknown template', (d: any) => (d.services[2].template = 'batch'), 'services[2].template: must be one of "api", "web", got "batch"'],
    ['a service name that is not a DNS label', (d: any) => (d.services[1].service = 'Store Front'), 'services[1].service: "Store Front" must be a lowercase DNS label'],
    ['a service listed twice', (d: any) => (d.services[2].service = 'checkout'), 'services[2].service: "checkout" is listed twice (also at services[0]); SLO service names must be unique'],
    ['no objectives', (d: any) => (d.services[2].objectives = {}), 'services[2].objectives: names no objective; give availability, latency or both'],
    ['a selector value that is not text', (d: any) => (d.services[0].selector.job = 1), 'services[0].selector.job: expected a string, got 1'],
  ])('%s', (_, change, expected) => {
    const file = inventoryFile(change);
    const { catalog, message } = synthError(file);
    expect(catalog.templates).toEqual([]);
    expect(message).toContain(`\n  [test/catalog] file: ${file}: ${expected}`);
  });

  test('a threshold that is not whole milliseconds leaves the service out', () => {
    const file = inventoryFile((d) => (d.services[0].objectives.latency.thresholdSeconds = 0.0025));
    const { catalog, message } = synthError(file);
    expect(catalog.templates.map((t) => t.service)).toEqual(['storefront', 'search']);
    expect(message).toContain(`\n  [test/catalog] file: ${file}: services[0].objectives.latency.thresholdSeconds: must be a whole number of milliseconds, got 0.0025`);
  });

  test('a threshold that is not a bucket bound fails at synthesis under the service\'s path', () => {
    const chart = Testing.chart();
    SloCatalog.fromInventory(chart, 'catalog', { file: inventoryFile((d) => (d.services[0].objectives.latency.thresholdSeconds = 0.3)) });
    expect(() => Testing.synth(chart)).toThrow(/test\/catalog\/checkout[\s\S]*latencyThreshold: 0\.3s is not a bucket bound of the histogram/);
  });

  test('a selector label Prometheus rejects fails at synthesis under the service\'s path', () => {
    const chart = Testing.chart();
    SloCatalog.fromInventory(chart, 'catalog', { file: inventoryFile((d) => (d.services[2].selector = { 'app.kubernetes.io/name': 'search' })) });
    expect(() => Testing.synth(chart)).toThrow(/test\/catalog\/search[\s\S]*selector\.app\.kubernetes\.io\/name: label name "app\.kubernetes\.io\/name" is invalid/);
  });

  test('a chart with a catalog synthesizes the same twice (deterministic)', () => {
    const synth = () => {
      const chart = new Chart(Testing.app(), 'slos', { namespace: 'monitoring' });
      SloCatalog.fromInventory(chart, 'catalog', { file: FIXTURE });
      return JSON.stringify(Testing.synth(chart));
    };
    expect(synth()).toBe(synth());
  });
});
