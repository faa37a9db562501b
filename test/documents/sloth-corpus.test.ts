/**
 * Sloth's own examples (test/fixtures/corpus/sloth, see its README): each imports with the expected SLO
 * count or is refused for a named reason; what imports means what Sloth's own output (`_gen/`) means,
 * synthesizes to rules promtool accepts, and pages on an outage.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { SLOTH_GETTING_STARTED_OUTAGE, SLOTH_HOME_WIFI_COLLAPSE } from './imported-outage-scenarios';
import { quietWarnings } from './samples';
import { SloDocumentFormat, SloImport } from '../../src';
import { ImportedSlo } from '../../src/documents/imported';
import { fromOpenSlo } from '../../src/documents/openslo-import';
import { fromSloth } from '../../src/documents/sloth-import';
import { burnRateFactor } from '../../src/model/burn-rate';
import { formatPromDuration } from '../../src/model/duration';
import { fillWindow } from '../../src/promql/window-placeholder';
import { checkRuleFiles, testRules } from '../helpers/promtool';
import { ruleGroupsOf } from '../helpers/synth';

const CORPUS = path.join(__dirname, '..', 'fixtures', 'corpus', 'sloth');
const PERIOD = 30 * 86400;
const read = (file: string) => fs.readFileSync(path.join(CORPUS, file), 'utf8');

/** Every Sloth example: the SLOs it imports as, or why it is refused. OpenSLO ones are the OpenSLO import's. */
const EXPECTED: Record<string, { slos: number } | { refused: RegExp }> = {
  'contrib-denominator-corrected.yaml': { slos: 1 },
  'contrib-slo-plugins.yml': { slos: 2 },
  'getting-started.yml': { slos: 1 },
  'home-wifi.yml': { slos: 2 },
  'k8s-getting-started.yml': { slos: 1 },
  'k8s-home-wifi.yml': { slos: 2 },
  'k8s-multifile.yml': { slos: 2 },
  'kubernetes-apiserver.yml': { slos: 2 },
  'multifile.yml': { slos: 2 },
  'no-alerts.yml': { slos: 1 },
  'plugin-getting-started.yml': { refused: /slos\[0\]\.sli\.plugin: the SLI plugin "getting_started_availability" is Go code that cannot be read here.*Sli\.fromQueries/ },
  // Invalid: the CRD spells them pageAlert/ticketAlert.
  'plugin-k8s-getting-started.yml': { refused: /line 39: spec\.slos\[0\]\.alerting\.page_alert: is not a known field/ },
  'raw-home-wifi.yml': { slos: 1 },
  'slo-plugin-getting-started.yml': { slos: 1 },
  'slo-plugin-k8s-getting-started.yml': { slos: 1 },
  // MetricsQL, which Prometheus cannot run (promtool refuses Sloth's own output for it too).
  'victoria-metrics.yml': { refused: /slos\[0\]\.sli\.events\.error_query: does not parse as PromQL.*MetricsQL/ },
};
const SLOTH_FILES = Object.keys(EXPECTED);

describe('Sloth examples', () => {
  quietWarnings();

  test('the table covers every Sloth document of the corpus', () => {
    const files = fs.readdirSync(CORPUS).filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('openslo-'));
    expect(files.sort()).toEqual([...SLOTH_FILES].sort());
  });

  test.each(SLOTH_FILES)('%s imports with the expected SLO count, or is refused for its reason', (file) => {
    const expected = EXPECTED[file];
    if ('slos' in expected) {
      expect(fromSloth(read(file), { periodSeconds: PERIOD }).slos).toHaveLength(expected.slos);
    } else {
      expect(() => fromSloth(read(file), { periodSeconds: PERIOD })).toThrow(expected.refused);
    }
  });

  const importing = SLOTH_FILES.filter((file) => 'slos' in EXPECTED[file]);

  test.each(importing)('%s means what Sloth generated from it (_gen)', (file) => {
    const reference = slothReference(read(path.join('_gen', file)));
    const slos = fromSloth(read(file), { periodSeconds: PERIOD }).slos;
    expect(slos.map(keyOf).sort()).toEqual([...reference.keys()].sort());
    for (const slo of slos) {
      expect(meaningOf(slo)).toEqual(reference.get(keyOf(slo)));
    }
  });

  test.each(['openslo-getting-started.yml', 'openslo-kubernetes-apiserver.yml'])('%s (OpenSLO v1alpha) means what Sloth generated from it: one SLO per objective, no alerts', (file) => {
    const reference = slothReference(read(path.join('_gen', file)));
    const { slos, warnings } = fromOpenSlo(read(file));
    expect(slos.map(keyOf).sort()).toEqual([...reference.keys()].sort());
    for (const slo of slos) expect(meaningOf(slo)).toEqual(reference.get(keyOf(slo)));
    expect(warnings).toEqual(slos.length === 1 ? [expect.stringMatching(/line 11: spec: OpenSLO v1alpha has no alert policies: imported without alerts/)] : [expect.anything(), expect.anything()]);
  });

  test('every imported SLO synthesizes, and promtool accepts all their rules at once', () => {
    // One app and one rule file per example (several define the same SLO), one promtool run for all.
    const files = importing.map((file) => {
      const chart = new Chart(Testing.app(), 'corpus', { namespace: 'monitoring' });
      SloImport.fromSloth(chart, 'sloth', read(file));
      return ruleGroupsOf(Testing.synth(chart));
    });
    const result = checkRuleFiles(files);
    expect(result.output.match(/SUCCESS/g)).toHaveLength(importing.length);
    expect(result.output).not.toMatch(/FAILED|duplicate/);
    expect(result.ok).toBe(true);
  });

  test('export → import → export is byte-identical for every imported example', () => {
    for (const file of importing) {
      const once = exportAgain(read(file));
      expect(exportAgain(once)).toBe(once);
    }
  });

  test('getting-started: the imported SLO pages on an outage, and does not before it', () => {
    const { groups, test: outage } = SLOTH_GETTING_STARTED_OUTAGE.build();
    const result = testRules(groups, [outage]);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  test('raw-home-wifi: the averaged error ratio pages when satisfaction collapses', () => {
    const { groups, test: outage } = SLOTH_HOME_WIFI_COLLAPSE.build();
    const result = testRules(groups, [outage]);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });
});

describe('Sloth import details', () => {
  quietWarnings();

  test('victoria-metrics: label values written as numbers or booleans are Sloth\'s strings, and alert names may hold "-"', () => {
    // The same spec with PromQL instead of MetricsQL imports; its labels are the text written.
    const promql = read('victoria-metrics.yml')
      .replace(/1 - histogram_share\((0\.\d), sum by \(vmrange\) \(rate\(([^\n]*)\)\)\)/g, 'sum(rate($2)) - sum(rate($2))')
      .replace(/vector\(1\)\[\{\{\.window\}\}\]/g, 'sum(rate(requests_duration_seconds_count[{{.window}}]))');
    const { slos } = fromSloth(promql, { periodSeconds: PERIOD });
    expect(slos.map((s) => s.definition.alerting.alertName)).toEqual(['slo_foo-bar_grpc-latency-percentile-90_fail', 'slo_foo-bar_grpc-latency-percentile-99_fail']);
    expect(slos[0].definition.labels).toMatchObject({ generated: 'true', actual_le: '0.2', target_le: '0.2' });
    expect(slos[0].definition.alerting.labels).toEqual({ objective: '90', objective_reversed: '10' });
    const reference = slothReference(read('_gen/victoria-metrics.yml'));
    expect(meaningOf(slos[0]).labels).toEqual(reference.get(keyOf(slos[0]))!.labels);
  });

  test('AlertWindows of the same period give the page and ticket windows; of another period they are reported', () => {
    const spec = read('getting-started.yml');
    const windows7d = read('windows/7d.yaml');
    const { slos, warnings } = fromSloth(`${spec}\n---\n${windows7d}`, { periodSeconds: 7 * 86400 });
    expect(warnings).toEqual([]);
    const pairs = slos[0].definition.alerting.pairs;
    expect(pairs.map((p) => [formatPromDuration(p.longSeconds), formatPromDuration(p.shortSeconds), p.budgetConsumed, p.severity]))
      .toEqual([['1h', '5m', 0.08, 'pageteam'], ['6h', '30m', 0.125, 'pageteam'], ['1d', '2h', 0.2, 'slack'], ['3d', '6h', 0.42, 'slack']]);
    const other = fromSloth(`${spec}\n---\n${windows7d}`, { periodSeconds: PERIOD });
    expect(other.warnings).toEqual([expect.stringMatching(/AlertWindows\): spec\.sloPeriod: the windows of 7d SLOs are not used: the SLOs are imported with a period of 30d/)]);
    const custom = fromSloth(`${spec}\n---\n${read('windows/custom-30d.yaml')}`, { periodSeconds: PERIOD });
    expect(custom.slos[0].definition.alerting.pairs.map((p) => `${formatPromDuration(p.longSeconds)}/${formatPromDuration(p.shortSeconds)}`))
      .toEqual(['30m/5m', '3h/15m', '12h/1h', '1d12h/3h']);
    expect(custom.warnings).toEqual([expect.stringMatching(/spec\.page\.quick\.shortWindow: 2m is shorter than the 5m rates cdk8s-slo derives its windows from: used 5m/)]);
    expect(fromSloth(windows7d, { periodSeconds: PERIOD }).slos).toEqual([]);
  });

  test('SLO plugins: unknown ones are refused by name; a chain without Sloth\'s alert rules imports without alerts', () => {
    const spec = read('getting-started.yml');
    const withPlugin = (chain: string) => spec.replace('slos:\n', `slo_plugins:\n${chain}slos:\n`);
    expect(() => fromSloth(withPlugin('  chain:\n    - id: sloth.dev/contrib/mystery/v1\n'), { periodSeconds: PERIOD }))
      .toThrow(/line 9: slo_plugins\.chain\[0\]\.id: the Sloth SLO plugin "sloth\.dev\/contrib\/mystery\/v1" changes Sloth's rules in a way cdk8s-slo does not know/);
    const noAlerts = fromSloth(withPlugin('  overridePrevious: true\n  chain:\n    - id: sloth.dev/core/sli_rules/v1\n    - id: sloth.dev/core/metadata_rules/v1\n'), { periodSeconds: PERIOD });
    expect(noAlerts.slos[0].definition.alerting.enabled).toBe(false);
    expect(noAlerts.warnings).toEqual([expect.stringMatching(/slo_plugins\.overridePrevious: the chain drops Sloth's sloth\.dev\/core\/alert_rules\/v1: imported without alerts/)]);
    expect(() => fromSloth(withPlugin('  overridePrevious: true\n  chain:\n    - id: sloth.dev/core/debug/v1\n'), { periodSeconds: PERIOD }))
      .toThrow(/the chain drops Sloth's sloth\.dev\/core\/sli_rules\/v1/);
  });

  test('info_labels become SLO labels, with the invalid names left out and reported', () => {
    const { slos, warnings } = fromSloth(read('contrib-slo-plugins.yml').replace('plug-l1: in-k1', 'plug_l1: in-k1'), { periodSeconds: PERIOD });
    expect(slos[0].definition.labels).toMatchObject({ plug_l1: 'in-k1' });
    expect(warnings).toEqual([
      expect.stringMatching(/line 16: slos\[0\]\.plugins\.chain\[0\]\.config\.labels: left out: label name "plug-l2" is invalid.*"plug-l3" is invalid/),
      expect.stringMatching(/slos\[0\]\.plugins\.chain\[0\]\.config\.labels: Sloth puts info labels on its slo:info series only/),
      expect.stringMatching(/line 46: slos\[1\]\.plugins\.chain\[0\]\.config: cdk8s-slo evaluates its rule groups at fixed intervals/),
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------
// What an SLO means, in Sloth's terms: read from Sloth's generated rules, and from an imported definition.

interface Meaning {
  readonly objective: number;
  readonly days: number;
  /** The 5-minute error ratio's queries, without whitespace. */
  readonly queries: string[];
  readonly labels: Record<string, string>;
  /** Per alert pair: name, windows, factor, labels and annotations. */
  readonly alerts: string[];
}

const keyOf = (slo: ImportedSlo) => `${slo.definition.service}/${slo.definition.name}`;
const squeeze = (text: string) => text.replace(/\s+/g, '');
const round = (n: number) => Number(n.toPrecision(10));
const SLOTH_DEFAULT_SUMMARY = '{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.';

/** The meaning of every SLO in Sloth's generated rules, by `service/slo`. */
function slothReference(text: string): Map<string, Meaning> {
  const groups = YAML.parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean).flatMap((d: any) => d.groups ?? d.spec.groups);
  const rules = groups.flatMap((g: any) => g.rules);
  const meanings = new Map<string, Meaning>();
  for (const rule of rules.filter((r: any) => r.record === 'slo:sli_error:ratio_rate5m')) {
    const id = rule.labels.sloth_id;
    const of = (record: string) => rules.find((r: any) => r.record === record && r.labels.sloth_id === id);
    const labels = Object.fromEntries(Object.entries(rule.labels as Record<string, string>).filter(([k]) => !k.startsWith('sloth_') && k !== 'cmd'));
    const alerts = rules.filter((r: any) => r.alert && r.expr.includes(`sloth_id="${id}"`)).flatMap((alert: any) => {
      const matches = [...alert.expr.matchAll(/slo:sli_error:ratio_rate(\w+)\{[^}]*\} > \(([\d.]+) \*/g)];
      const { sloth_severity: slothSeverity, ...alertLabels } = alert.labels;
      // Sloth may write alerts without a severity; cdk8s-slo needs one: critical for page, warning for ticket.
      if (alertLabels.severity === undefined) alertLabels.severity = slothSeverity === 'page' ? 'critical' : 'warning';
      const annotations = Object.fromEntries(Object.entries(alert.annotations as Record<string, string>)
        .filter(([k, v]) => k !== 'title' && !(k === 'summary' && v === SLOTH_DEFAULT_SUMMARY)));
      const pairs: string[] = [];
      for (let i = 0; i < matches.length; i += 2) {
        const [short, long] = [matches[i][1], matches[i + 1][1]];
        pairs.push(JSON.stringify([alert.alert, long, short, round(Number(matches[i][2])), sorted(alertLabels), sorted(annotations)]));
      }
      return pairs;
    });
    meanings.set(`${rule.labels.sloth_service}/${rule.labels.sloth_slo}`, {
      objective: round(Number(/vector\(([\d.]+)\)/.exec(of('slo:objective:ratio').expr)![1])),
      days: Number(/vector\((\d+)\)/.exec(of('slo:time_period:days').expr)![1]),
      // denominator_corrected_rules scales the errors by the traffic of the window over the period's: the
      // event weighting that cdk8s-slo's window ratios always have. The queries are what it scales.
      queries: [squeeze(rule.expr).replace(/slo:numerator_correction:ratio\w+\{[^}]*\}\*on\(\)/, '')],
      labels: sorted(labels),
      alerts: alerts.sort(),
    });
  }
  return meanings;
}

/** The same facts of an imported definition; queries are checked to be those Sloth's 5-minute ratio holds. */
function meaningOf(slo: ImportedSlo): Meaning {
  const { definition } = slo;
  const indicator = definition.indicator;
  const window5m = (query: string) => fillWindow(query, '5m');
  // Sloth reads a good query as 1 - good/total.
  const queries = indicator.kind === 'query' && indicator.goodQuery !== undefined
    ? [`(1-((${window5m(indicator.goodQuery)})/(${window5m(indicator.totalQuery)})))`]
    : indicator.kind === 'query' ? [`(${window5m(indicator.errorQuery!)})/(${window5m(indicator.totalQuery)})`]
      : indicator.kind === 'averagedErrorRatio' ? [`(${window5m(indicator.errorRatioQuery)})`] : [];
  const policy = definition.alerting;
  const annotations = {
    ...policy.annotations,
    ...(policy.summary !== undefined ? { summary: policy.summary } : {}),
    ...(policy.description !== undefined ? { description: policy.description } : {}),
    ...(policy.runbookUrl !== undefined ? { runbook_url: policy.runbookUrl } : {}),
  };
  return {
    objective: round(definition.objective.target),
    days: definition.objective.windowSeconds / 86400,
    queries: queries.map(squeeze),
    labels: sorted(definition.labels),
    alerts: policy.pairs.map((pair) => JSON.stringify([
      policy.alertName, formatPromDuration(pair.longSeconds), formatPromDuration(pair.shortSeconds),
      burnRateFactor(pair, definition.objective.windowSeconds),
      sorted({ ...policy.labels, severity: pair.severity, ...pair.labels }), sorted(annotations),
    ])).sort(),
  };
}

function sorted(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** The Sloth resources cdk8s-slo writes for the SLOs of a Sloth document (30-day period). */
function exportAgain(yaml: string): string {
  const chart = new Chart(Testing.app(), 'roundtrip', { namespace: 'monitoring' });
  SloImport.fromSloth(chart, 'sloth', yaml, { prometheusRule: false, documents: [SloDocumentFormat.SLOTH] });
  return Testing.synth(chart).map((m) => YAML.stringify(m)).join('---\n');
}
