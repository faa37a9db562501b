/**
 * Imported SLO documents through their synthesized rules: an SLO imported from Pyrra, Sloth or OpenSLO
 * (one file, or objects spread over files) pages on an outage and not before it. The promtool runs are in
 * the import tests (pyrra-corpus, sloth-corpus, files-import, openslo-import-errors);
 * `test/live/victoria-metrics-imports.test.ts` runs the same scenarios on VictoriaMetrics + vmalert.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { openSloDocument } from './samples';
import { SloDocumentFormat, SloImport } from '../../src';
import { withTempDir } from '../helpers/promtool';
import { BehaviourScenario, minuteScenario } from '../helpers/scenario';
import { ruleGroupsOf } from '../helpers/synth';
import { ExprTest } from '../helpers/traffic';

const CORPUS = path.join(__dirname, '..', 'fixtures', 'corpus');
const readCorpus = (file: string) => fs.readFileSync(path.join(CORPUS, file), 'utf8');

/** The rule groups of whatever `build` imports into a fresh chart (namespace `monitoring`). */
function importedGroups(build: (chart: Chart) => void): any[] {
  const chart = new Chart(Testing.app(), 'outage', { namespace: 'monitoring' });
  build(chart);
  return ruleGroupsOf(Testing.synth(chart));
}

/** Whether some alert matching `matchers` fires: 1 or 0. */
function firing(matchers: string): string {
  return `(count(ALERTS{alertstate="firing",${matchers}}) or vector(0)) > bool 0`;
}

/** Writes files into a fresh directory and runs `work` on it. */
export function withFiles<T>(files: Record<string, string>, work: (dir: string) => T): T {
  return withTempDir('files', (dir) => {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    return work(dir);
  });
}

/** OpenSLO objects spread over files, lists and nested directories that resolve into one SLO. */
export const OPENSLO_ACROSS_FILES: Record<string, string> = {
  'slos/checkout.yaml': YAML.stringify({
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: 'checkout-availability' },
    spec: {
      service: 'checkout',
      indicatorRef: 'checkout-errors',
      budgetingMethod: 'Occurrences',
      timeWindow: [{ duration: '28d', isRolling: true }],
      objectives: [{ target: 0.999 }],
      alertPolicies: [{ alertPolicyRef: 'fast-burn' }],
    },
  }),
  // A Kubernetes List of SLIs, and a plain YAML list of the alerting objects.
  'slis/list.yaml': YAML.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [{
      apiVersion: 'openslo/v1',
      kind: 'SLI',
      metadata: { name: 'checkout-errors' },
      spec: {
        ratioMetric: {
          counter: true,
          bad: { metricSource: { metricSourceRef: 'prom', spec: { query: 'http_requests_total{job="checkout",code=~"5.."}' } } },
          total: { metricSource: { metricSourceRef: 'prom', spec: { query: 'http_requests_total{job="checkout"}' } } },
        },
      },
    }],
  }),
  'alerting.yml': YAML.stringify([
    { apiVersion: 'openslo/v1', kind: 'AlertPolicy', metadata: { name: 'fast-burn' }, spec: { alertWhenBreaching: true, conditions: [{ conditionRef: 'burn-14' }], notificationTargets: [{ targetRef: 'pager' }] } },
    { apiVersion: 'openslo/v1', kind: 'AlertCondition', metadata: { name: 'burn-14' }, spec: { severity: 'critical', condition: { kind: 'burnrate', op: 'gt', threshold: 14.4, lookbackWindow: '1h', alertAfter: '2m' } } },
    { apiVersion: 'openslo/v1', kind: 'AlertNotificationTarget', metadata: { name: 'pager' }, spec: { target: 'pagerduty' } },
  ]),
  'deep/er/datasource.yaml': `${YAML.stringify({ apiVersion: 'openslo/v1', kind: 'DataSource', metadata: { name: 'prom' }, spec: { type: 'Prometheus', connectionDetails: { url: 'http://prometheus:9090' } } })}---\n# an empty document\n`,
  'README.md': 'not YAML, not read',
};

/** An SLO over go-sdk's annotator-throughput SLI, held with `op` against `value`. */
export const thresholdSlo = (op: string, value: number, query: string): string => openSloDocument((d) => {
  d.spec.budgetingMethod = 'Timeslices';
  d.spec.indicator.spec = { thresholdMetric: { metricSource: { type: 'Prometheus', spec: { query } } } };
  d.spec.objectives = [{ op, value, target: 0.99, timeSliceTarget: 1, timeSliceWindow: '1m' }];
  d.spec.alertPolicies = [{
    kind: 'AlertPolicy',
    metadata: { name: 'fast' },
    spec: {
      alertWhenBreaching: true,
      conditions: [{ kind: 'AlertCondition', metadata: { name: 'fast' }, spec: { severity: 'critical', condition: { kind: 'burnrate', op: 'gt', threshold: 14.4, lookbackWindow: '1h' } } }],
      notificationTargets: [{ kind: 'AlertNotificationTarget', metadata: { name: 'pager' }, spec: { target: 'pagerduty' } }],
    },
  }];
});

/** 100 requests a second answered as `good`; from 2h on, half of them as `bad` instead. */
function halfFailingFrom2h(good: string, bad: string) {
  return [{ series: good, values: '0+6000x120 720000+3000x60' }, { series: bad, values: '0+0x120 0+3000x60' }];
}

/** `pages` (1 or 0) is 0 at `quietAt` and 1 at `pagingAt`. */
function pagesBetween(pages: string, quietAt: string, pagingAt: string): ExprTest[] {
  return [{ expr: pages, eval_time: quietAt, exp_samples: [{ value: 0 }] }, { expr: pages, eval_time: pagingAt, exp_samples: [{ value: 1 }] }];
}

export const PYRRA_COREDNS_OUTAGE: BehaviourScenario = {
  title: 'Pyrra coredns-response-errors pages on a SERVFAIL outage, and not before it',
  build: () => minuteScenario(
    importedGroups((chart) => SloImport.fromPyrra(chart, 'pyrra', readCorpus('pyrra/slo-coredns-response-errors.yaml'))),
    halfFailingFrom2h('coredns_dns_responses_total{job="kube-dns",rcode="NOERROR"}', 'coredns_dns_responses_total{job="kube-dns",rcode="SERVFAIL"}'),
    pagesBetween(firing('alertname="ErrorBudgetBurn",severity="critical"'), '119m', '130m'),
  ),
};

export const SLOTH_GETTING_STARTED_OUTAGE: BehaviourScenario = {
  title: 'Sloth getting-started: the imported SLO pages on an outage, and does not before it',
  build: () => minuteScenario(
    importedGroups((chart) => SloImport.fromSloth(chart, 'sloth', readCorpus('sloth/getting-started.yml'))),
    halfFailingFrom2h('http_request_duration_seconds_count{job="myservice",code="200"}', 'http_request_duration_seconds_count{job="myservice",code="500"}'),
    pagesBetween(firing('alertname="MyServiceHighErrorRate",severity="pageteam"'), '119m', '135m'),
  ),
};

export const SLOTH_HOME_WIFI_COLLAPSE: BehaviourScenario = {
  title: 'Sloth raw-home-wifi: the averaged error ratio pages when satisfaction collapses',
  build: () => minuteScenario(
    importedGroups((chart) => SloImport.fromSloth(chart, 'sloth', readCorpus('sloth/raw-home-wifi.yml'))),
    // Satisfaction drops from 99% to 20%: an error ratio of 0.8 against a budget of 5% burns 16 times too
    // fast, past the 14.4 of the 1h/5m pair once the 1h average is over 0.72.
    [{ series: 'unifipoller_client_satisfaction_ratio{client="a"}', values: '0.99x120 0.2x90' }],
    pagesBetween(firing('alertname="WifiClientSatisfaction",severity="home"'), '119m', '185m'),
  ),
};

export const OPENSLO_FILES_OUTAGE: BehaviourScenario = {
  title: 'OpenSLO objects in other files, lists and nested directories resolve into one SLO that pages on an outage',
  build: () => minuteScenario(
    withFiles(OPENSLO_ACROSS_FILES, (dir) => importedGroups((chart) => SloImport.fromFiles(chart, 'imported', [dir]))),
    [
      { series: 'http_requests_total{job="checkout",code="200"}', values: '0+6000x60 360000+3000x30' },
      { series: 'http_requests_total{job="checkout",code="500"}', values: '0+0x60 0+3000x30' },
    ],
    pagesBetween(firing('slo_name="availability",severity="critical"'), '59m', '75m'),
  ),
};

export const OPENSLO_QUERY_THRESHOLD_OUTAGE: BehaviourScenario = {
  title: 'an OpenSLO thresholdMetric of any query pages while the query misses its value',
  build: () => minuteScenario(
    importedGroups((chart) => SloImport.fromOpenSlo(chart, 'imported', thresholdSlo('gte', 0.5, 'avg(up{job="api"})'), { documents: [SloDocumentFormat.OPENSLO] })),
    // Both targets up for 2h, then one of two down: avg(up) 0.5 is still good, then both down.
    [{ series: 'up{job="api",instance="a"}', values: '1x120 0x60' }, { series: 'up{job="api",instance="b"}', values: '1x150 0x30' }],
    pagesBetween(firing('slo_name="availability",severity="critical"'), '140m', '165m'),
  ),
};

export const IMPORTED_OUTAGE_SCENARIOS: BehaviourScenario[] = [
  PYRRA_COREDNS_OUTAGE, SLOTH_GETTING_STARTED_OUTAGE, SLOTH_HOME_WIFI_COLLAPSE, OPENSLO_FILES_OUTAGE, OPENSLO_QUERY_THRESHOLD_OUTAGE,
];
