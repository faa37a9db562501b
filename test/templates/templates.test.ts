/**
 * The service templates: what each synthesizes on its default metrics (snapshots, promtool), how the
 * tier, overrides and routing apply, and how bad props are reported.
 */
import { Chart, Cron, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ApiServiceSlo, BatchPipelineSlo, DatabaseSlo, ServiceTier, Sli, StreamingServiceSlo, WebServiceSlo,
} from '../../src';
import { checkRules } from '../helpers/promtool';
import { ruleGroupsOf } from '../helpers/synth';

/** Builds templates in a fresh chart (namespace `monitoring`) and synthesizes it. */
function synth(build: (chart: Chart) => void): any[] {
  const chart = new Chart(Testing.app(), 'services', { namespace: 'monitoring' });
  build(chart);
  return Testing.synth(chart);
}

/** The validation error synthesis raises ('' when it succeeds). */
function synthError(build: (chart: Construct) => void): string {
  try {
    synth(build);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

function rulesNamed(manifests: any[], rule: string): any[] {
  return ruleGroupsOf(manifests).flatMap((g) => g.rules).filter((r) => r.record === rule || r.alert === rule);
}

function ruleOf(manifests: any[], sloName: string, record: string): any {
  const found = rulesNamed(manifests, record).filter((r) => r.labels.slo_name === sloName);
  expect(found).toHaveLength(1);
  return found[0];
}

/** Every template once, on its defaults, as the README shows them. */
const templatesOnDefaults: Array<[string, (chart: Construct) => void]> = [
  ['ApiServiceSlo', (c) => new ApiServiceSlo(c, 'payments', {
    service: 'payments', team: 'payments-team', tier: ServiceTier.CRITICAL, selector: { job: 'payments' }, latencyThreshold: Duration.millis(250),
  })],
  ['WebServiceSlo', (c) => new WebServiceSlo(c, 'storefront', { service: 'storefront', team: 'web', selector: { job: 'storefront' } })],
  ['BatchPipelineSlo', (c) => new BatchPipelineSlo(c, 'nightly-etl', {
    service: 'nightly-etl', team: 'data', tier: ServiceTier.STANDARD, selector: { job: 'etl' }, maxStaleness: Duration.hours(26), maxDuration: Duration.hours(2),
  })],
  ['BatchPipelineSlo on kube-state-metrics', (c) => new BatchPipelineSlo(c, 'reports', {
    service: 'reports', team: 'data', cronJob: { name: 'reports', namespace: 'data' }, maxStaleness: Duration.hours(2), maxDuration: Duration.minutes(30),
  })],
  ['StreamingServiceSlo', (c) => new StreamingServiceSlo(c, 'orders-consumer', {
    service: 'orders-consumer', team: 'orders', tier: ServiceTier.ESSENTIAL, selector: { job: 'orders-consumer' }, maxLag: 1000, maxStaleness: Duration.minutes(10),
  })],
  ['DatabaseSlo', (c) => new DatabaseSlo(c, 'orders-db', {
    service: 'orders-db', team: 'orders', tier: ServiceTier.BEST_EFFORT, selector: { server_address: 'orders-db' },
  })],
];

describe.each(templatesOnDefaults)('%s on its defaults', (_, build) => {
  const manifests = synth(build);

  test('synthesizes the same manifests as before', () => {
    expect(manifests).toMatchSnapshot();
  });

  test('promtool accepts its rules', () => {
    const result = checkRules(ruleGroupsOf(manifests));
    if (!result.ok) throw new Error(result.output);
    expect(result.output).toMatch(/SUCCESS: \d+ rules found/);
  });

  test('every alert carries a channel and a team', () => {
    const alerts = ruleGroupsOf(manifests).flatMap((g) => g.rules).filter((r) => r.alert);
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      expect(alert.labels.channel).toMatch(/^(pagerduty-critical|slack-incidents|slack-alerts)$/);
      expect(alert.labels.team).toBeDefined();
    }
  });
});

describe('ApiServiceSlo', () => {
  test('reads the conventional metrics with the selector (the acceptance example)', () => {
    const manifests = synth((c) => new ApiServiceSlo(c, 'payments', {
      service: 'payments', team: 'payments-team', tier: ServiceTier.CRITICAL, selector: { job: 'payments' }, latencyThreshold: Duration.millis(250),
    }));
    expect(manifests.map((m) => m.metadata.name)).toEqual(['slo-payments-availability', 'slo-payments-latency']);
    expect(ruleOf(manifests, 'availability', 'slo:sli_total:rate5m').expr).toBe('sum(rate(http_requests_total{job="payments"}[5m]))');
    expect(ruleOf(manifests, 'availability', 'slo:sli_errors:rate5m').expr).toContain('sum(rate(http_requests_total{job="payments",code=~"5.."}[5m]))');
    expect(ruleOf(manifests, 'latency', 'slo:sli_total:rate5m').expr).toBe('sum(rate(http_request_duration_seconds_count{job="payments"}[5m]))');
    expect(ruleOf(manifests, 'latency', 'slo:sli_errors:rate5m').expr).toContain('http_request_duration_seconds_bucket{job="payments",le="0.25"}');
    expect(ruleOf(manifests, 'availability', 'slo:objective:ratio').expr).toBe('vector(0.9995)');
    expect(ruleOf(manifests, 'latency', 'slo:objective:ratio').expr).toBe('vector(0.999)');
    expect(ruleOf(manifests, 'availability', 'slo:objective:ratio').labels).toEqual({ slo_service: 'payments', slo_name: 'availability', team: 'payments-team' });
  });

  test('critical tier: pages on the fast pairs, tickets on the slow ones, policy review and freeze', () => {
    const manifests = synth((c) => new ApiServiceSlo(c, 'payments', { service: 'payments', tier: ServiceTier.CRITICAL }));
    const burn = rulesNamed(manifests, 'SloErrorBudgetBurn').filter((r) => r.labels.slo_name === 'availability');
    expect(burn.map((r) => `${r.labels.long_window}/${r.labels.short_window} ${r.labels.severity} ${r.labels.channel}`)).toEqual([
      '1h/5m critical pagerduty-critical',
      '6h/30m critical pagerduty-critical',
      '1d/2h warning slack-incidents',
      '3d/6h warning slack-incidents',
    ]);
    const policy = rulesNamed(manifests, 'SloErrorBudgetPolicy').filter((r) => r.labels.slo_name === 'availability');
    expect(policy.map((r) => [r.labels.budget_action, r.expr])).toEqual([
      ['review', 'max by (slo_service, slo_name) (slo:period_error_budget_remaining:ratio{slo_service="payments",slo_name="availability"}) < 0.25 >= 0.1'],
      ['freeze', 'max by (slo_service, slo_name) (slo:period_error_budget_remaining:ratio{slo_service="payments",slo_name="availability"}) < 0.1'],
    ]);
    expect(policy[0].labels).toMatchObject({ slo_service: 'payments', slo_name: 'availability', severity: 'warning', channel: 'slack-incidents' });
    expect(policy[1].annotations.description).toMatch(/freeze feature releases/);
    expect(rulesNamed(manifests, 'SloErrorBudgetExhaustionForecast')).toHaveLength(2);
  });

  test('no tier: STANDARD, which never pages', () => {
    const api = new ApiServiceSlo(new Chart(Testing.app(), 'c'), 'api', { service: 'api' });
    expect(api.tier).toBe(ServiceTier.STANDARD);
    expect(api.availability!.alerting.windows.map((w) => w.severity)).toEqual(['warning', 'warning', 'info', 'info']);
    expect(api.availability!.target).toBe(0.995);
  });

  test('characteristics classify the tier', () => {
    const api = new ApiServiceSlo(new Chart(Testing.app(), 'c'), 'api', {
      service: 'api', characteristics: { revenueImpacting: true, customerFacing: true, dataSensitivity: 'high' },
    });
    expect(api.tier).toBe(ServiceTier.CRITICAL);
    expect(api.tierReasons).toEqual(['revenue-impacting +3', 'customer-facing +2', 'high data sensitivity +1']);
  });

  test('an observed p95 gives a threshold of p95 × 1.2 rounded up to a bucket, and a reachable target', () => {
    const api = new ApiServiceSlo(new Chart(Testing.app(), 'c'), 'api', { service: 'api', tier: ServiceTier.CRITICAL, observedP95Latency: Duration.millis(180) });
    // 0.18 × 1.2 = 0.216 → the next client-library bucket is 0.25.
    expect(api.latencyThreshold.toMilliseconds()).toBe(250);
    expect(api.latency!.target).toBe(0.95);
    const native = new ApiServiceSlo(new Chart(Testing.app(), 'c'), 'api', { service: 'api', nativeHistogram: true, observedP95Latency: Duration.millis(180) });
    expect(native.latencyThreshold.toMilliseconds()).toBe(216);
    expect(native.latency!.indicator.kind).toBe('nativeLatency');
  });

  test('per-objective overrides, a replaced indicator, a disabled objective and extra objectives', () => {
    const chart = new Chart(Testing.app(), 'c');
    const api = new ApiServiceSlo(chart, 'api', {
      service: 'api',
      tier: ServiceTier.ESSENTIAL,
      requestsMetric: 'grpc_server_handled_total',
      errorMatchers: 'grpc_code=~"Unavailable|Internal"',
      availability: { target: 0.9999, window: Duration.days(28), alerting: { disabledWindows: [Duration.days(3)] } },
      latency: { enabled: false },
      extraObjectives: [{ name: 'probe', indicator: Sli.boolGauge({ metric: 'probe_success{job="blackbox"}' }) }],
    });
    const extra = api.addObjective({ name: 'queue', indicator: Sli.ratio({ errors: 'q_failed_total', total: 'q_total' }), target: 0.99 });
    expect(api.latency).toBeUndefined();
    expect(api.slos.map((s) => s.sloName)).toEqual(['availability', 'probe', 'queue']);
    expect(api.availability!.target).toBe(0.9999);
    expect(api.availability!.window.toDays()).toBe(28);
    expect(api.availability!.alerting.windows.map((w) => w.longWindow.toHours())).toEqual([1, 6, 24]);
    expect(api.slos[1].target).toBe(0.999);
    expect(extra.target).toBe(0.99);
    const manifests = Testing.synth(chart);
    expect(ruleOf(manifests, 'availability', 'slo:sli_errors:rate5m').expr).toContain('grpc_server_handled_total{grpc_code=~"Unavailable|Internal"}');
    const result = checkRules(ruleGroupsOf(manifests));
    if (!result.ok) throw new Error(result.output);
  });

  test('custom channels and alerting labels reach every alert', () => {
    const manifests = synth((c) => new ApiServiceSlo(c, 'api', {
      service: 'api', tier: ServiceTier.CRITICAL, channels: { page: 'opsgenie', ticket: 'jira' }, alerting: { labels: { routing_key: 'x' } },
    }));
    const channels = new Set(rulesNamed(manifests, 'SloErrorBudgetBurn').map((r) => r.labels.channel));
    expect([...channels].sort()).toEqual(['jira', 'opsgenie']);
    expect(rulesNamed(manifests, 'SloErrorBudgetBurn').every((r) => r.labels.routing_key === 'x')).toBe(true);
    expect(rulesNamed(manifests, 'SloErrorBudgetPolicy').every((r) => r.labels.channel === 'jira')).toBe(true);
  });

  test('the budget policy can be changed or switched off', () => {
    const off = synth((c) => new ApiServiceSlo(c, 'api', { service: 'api', budgetPolicy: { enabled: false } }));
    expect(rulesNamed(off, 'SloErrorBudgetPolicy')).toHaveLength(0);
    expect(rulesNamed(off, 'SloErrorBudgetExhaustionForecast')).toHaveLength(0);
    const custom = synth((c) => new ApiServiceSlo(c, 'api', {
      service: 'api', budgetPolicy: { steps: [{ action: 'postmortem', remainingBelow: 0 }], forecast: false },
    }));
    expect(rulesNamed(custom, 'SloErrorBudgetPolicy').map((r) => r.labels.budget_action)).toEqual(['postmortem', 'postmortem']);
    expect(rulesNamed(custom, 'SloErrorBudgetExhaustionForecast')).toHaveLength(0);
  });

  test('selector values cannot inject PromQL', () => {
    const manifests = synth((c) => new ApiServiceSlo(c, 'api', { service: 'api', selector: { job: 'a"} or vector(1) #\\' } }));
    expect(ruleOf(manifests, 'availability', 'slo:sli_total:rate5m').expr).toBe('sum(rate(http_requests_total{job="a\\"} or vector(1) #\\\\"}[5m]))');
    const result = checkRules(ruleGroupsOf(manifests));
    if (!result.ok) throw new Error(result.output);
  });
});

describe('bad template props name the construct path and the field', () => {
  const corpus: Array<[string, (c: Construct) => void, RegExp]> = [
    ['tier and characteristics', (c) => new ApiServiceSlo(c, 'api', { service: 'api', tier: ServiceTier.CRITICAL, characteristics: { customerFacing: true } }),
      /\[services\/api\] tier: set either `tier` or `characteristics`/],
    ['selector label with a dash', (c) => new ApiServiceSlo(c, 'api', { service: 'api', selector: { 'app-name': 'x' } }),
      /\[services\/api\] selector\.app-name: label name "app-name" is invalid/],
    ['selector value with a newline', (c) => new WebServiceSlo(c, 'web', { service: 'web', selector: { job: 'a\nb' } }),
      /\[services\/web\] selector\.job: label value "a\\nb" contains a control character/],
    ['error matchers that do not parse', (c) => new ApiServiceSlo(c, 'api', { service: 'api', errorMatchers: 'code=~5..' }),
      /\[services\/api\] errorMatchers: "code=~5\.\." must be PromQL label matchers/],
    ['error matchers that inject', (c) => new ApiServiceSlo(c, 'api', { service: 'api', errorMatchers: 'code="5"}) or vector(1' }),
      /\[services\/api\] errorMatchers:/],
    ['latency threshold off the buckets', (c) => new ApiServiceSlo(c, 'api', { service: 'api', latencyThreshold: Duration.millis(300) }),
      /\[services\/api\] latencyThreshold: 0\.3s is not a bucket bound/],
    ['threshold and p95', (c) => new ApiServiceSlo(c, 'api', { service: 'api', latencyThreshold: Duration.millis(250), observedP95Latency: Duration.millis(100) }),
      /\[services\/api\] latencyThreshold: set either `latencyThreshold` or `observedP95Latency`/],
    ['p95 beyond the largest bucket', (c) => new ApiServiceSlo(c, 'api', { service: 'api', observedP95Latency: Duration.seconds(9) }),
      /\[services\/api\] observedP95Latency: p95 × 1\.2 = 10\.8s is above the largest histogram bucket/],
    ['team with a template', (c) => new ApiServiceSlo(c, 'api', { service: 'api', team: '{{ $labels.x }}' }),
      /\[services\/api\] team: label value .* contains "\{\{"/],
    ['bad service name', (c) => new ApiServiceSlo(c, 'api', { service: 'Payments' }),
      /\[services\/api\/availability\] service: "Payments" must be a lowercase DNS label/],
    ['bad override target', (c) => new ApiServiceSlo(c, 'api', { service: 'api', availability: { target: 99.9 } }),
      /\[services\/api\/availability\] target: must be a number strictly between 0 and 1/],
    ['missing maxStaleness (from JavaScript)', (c) => new BatchPipelineSlo(c, 'etl', { service: 'etl' } as any),
      /\[services\/etl\] maxStaleness: is required/],
    ['database threshold off the buckets', (c) => new DatabaseSlo(c, 'db', { service: 'db', latencyThreshold: Duration.millis(250) }),
      /\[services\/db\] latencyThreshold: 0\.25s is not a bucket bound/],
    ['non-finite lag bound', (c) => new StreamingServiceSlo(c, 'stream', { service: 'stream', maxLag: Infinity }),
      /\[services\/stream\/consumer-lag\] indicator\.maximum: must be a finite number/],
    ['duplicate objective name', (c) => new ApiServiceSlo(c, 'api', { service: 'api', extraObjectives: [{ name: 'latency', indicator: Sli.ratio({ errors: 'e', total: 't' }) }] }),
      /There is already a Construct with name 'latency'/],
    ['policy step with a bad action', (c) => new ApiServiceSlo(c, 'api', { service: 'api', budgetPolicy: { steps: [{ action: 'Freeze!', remainingBelow: 0.1 }] } }),
      /\[services\/api\/availability\] budgetPolicy\.steps\[0\]\.action: "Freeze!" must be a lowercase word/],
    ['policy steps on one threshold', (c) => new ApiServiceSlo(c, 'api', { service: 'api', budgetPolicy: { steps: [{ action: 'a', remainingBelow: 0.1 }, { action: 'b', remainingBelow: 0.1 }] } }),
      /budgetPolicy\.steps\[1\]\.remainingBelow: another step already acts below 0\.1/],
    ['policy step above 1', (c) => new ApiServiceSlo(c, 'api', { service: 'api', budgetPolicy: { steps: [{ action: 'review', remainingBelow: 25 }] } }),
      /budgetPolicy\.steps\[0\]\.remainingBelow: must be a fraction of the budget/],
    ['forecast lookback longer than the window', (c) => new ApiServiceSlo(c, 'api', { service: 'api', window: Duration.days(7), budgetPolicy: { forecastLookback: Duration.days(8) } }),
      /budgetPolicy\.forecastLookback: 8d is longer than the SLO window/],
    ['a channel that is a grouping label', (c) => new ApiServiceSlo(c, 'api', {
      service: 'api', availability: { indicator: Sli.ratio({ errors: 'e', total: 't', grouping: ['channel'] }) },
    }), /alerting\.windows\[0\]\.labels\.channel: "channel" is also a grouping label/],
  ];

  test.each(corpus)('%s', (_, build, message) => {
    expect(synthError(build)).toMatch(message);
  });

  test('nothing is written for a bad template', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'services');
    new ApiServiceSlo(chart, 'api', { service: 'api', latencyThreshold: Duration.millis(300) });
    expect(() => app.synth()).toThrow(/latencyThreshold/);
  });
});

describe('cdk8s-plus integration', () => {
  test('an ApiServiceSlo from a Deployment takes its name, namespace and selector labels', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const deployment = new kplus.Deployment(chart, 'payments', {
      metadata: { name: 'payments' },
      select: false,
      podMetadata: { labels: { 'app.kubernetes.io/name': 'payments' } },
      containers: [{ image: 'payments:1.0', portNumber: 8080, securityContext: { ensureNonRoot: false } }],
    });
    deployment.select(kplus.LabelSelector.of({ labels: { 'app.kubernetes.io/name': 'payments' } }));
    const slos = ApiServiceSlo.fromDeployment(chart, 'payments-slos', deployment, { tier: ServiceTier.CRITICAL });
    expect(slos.service).toBe('payments');
    const manifests = Testing.synth(chart);
    expect(manifests.map((m) => m.kind)).toEqual(['Deployment', 'PrometheusRule', 'PrometheusRule']);
    expect(ruleOf(manifests, 'availability', 'slo:sli_total:rate5m').expr)
      .toBe('sum(rate(http_requests_total{namespace="shop",app_kubernetes_io_name="payments"}[5m]))');
    const rule = manifests.find((m) => m.kind === 'PrometheusRule');
    expect(rule.metadata.namespace).toBe('shop');
  });

  test('an ApiServiceSlo from a Service takes the Service name and its pod selector', () => {
    const chart = new Chart(Testing.app(), 'shop');
    const service = new kplus.Service(chart, 'checkout', {
      metadata: { name: 'checkout', namespace: 'store' },
      selector: kplus.Pods.select(chart, 'pods', { labels: { app: 'checkout', tier: 'web' } }),
      ports: [{ port: 80, targetPort: 8080 }],
    });
    const slos = ApiServiceSlo.fromService(chart, 'checkout-slos', service, { latencyThreshold: Duration.millis(100) });
    expect(slos.service).toBe('checkout');
    const manifests = Testing.synth(chart);
    expect(ruleOf(manifests, 'latency', 'slo:sli_total:rate5m').expr)
      .toBe('sum(rate(http_request_duration_seconds_count{namespace="store",app="checkout",tier="web"}[5m]))');
  });

  test('a BatchPipelineSlo from a CronJob reads its Jobs from kube-state-metrics', () => {
    const chart = new Chart(Testing.app(), 'data', { namespace: 'data' });
    const cronJob = new kplus.CronJob(chart, 'etl', {
      metadata: { name: 'nightly-etl' },
      schedule: Cron.daily(),
      containers: [{ image: 'etl:2.0' }],
    });
    const slos = BatchPipelineSlo.fromCronJob(chart, 'etl-slos', cronJob, { maxStaleness: Duration.hours(26), selector: { cluster: 'eu-1' } });
    expect(slos.service).toBe('nightly-etl');
    const manifests = Testing.synth(chart);
    expect(ruleOf(manifests, 'freshness', 'slo:sli_errors:rate5m').expr)
      .toContain('max(kube_cronjob_status_last_successful_time{cluster="eu-1",namespace="data",cronjob="nightly-etl"})');
    expect(ruleOf(manifests, 'run-success', 'slo:sli_errors:rate5m').expr).toContain(
      'kube_job_owner{cluster="eu-1",namespace="data",owner_kind="CronJob",owner_name="nightly-etl"}');
    const result = checkRules(ruleGroupsOf(manifests));
    if (!result.ok) throw new Error(result.output);
  });

  test('a user selector replaces the derived one', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const deployment = new kplus.Deployment(chart, 'payments', { metadata: { name: 'payments' }, containers: [{ image: 'payments:1.0' }] });
    ApiServiceSlo.fromDeployment(chart, 'slos', deployment, { selector: { job: 'payments' } });
    expect(ruleOf(Testing.synth(chart), 'availability', 'slo:sli_total:rate5m').expr).toBe('sum(rate(http_requests_total{job="payments"}[5m]))');
  });
});

describe('short SLO windows', () => {
  test('tier pairs longer than the SLO window are left out; the rest keep their routing', () => {
    const chart = new Chart(Testing.app(), 'c');
    const api = new ApiServiceSlo(chart, 'api', { service: 'api', tier: ServiceTier.CRITICAL, window: Duration.days(1), alerting: { disabledWindows: [Duration.hours(1)] } });
    expect(api.availability!.alerting.windows.map((w) => `${w.longWindow.toHours()}h ${w.severity}`)).toEqual(['6h critical', '24h warning']);
    const result = checkRules(ruleGroupsOf(Testing.synth(chart)));
    if (!result.ok) throw new Error(result.output);
  });

  test('windows the user lists are checked as given', () => {
    expect(synthError((c) => new ApiServiceSlo(c, 'api', {
      service: 'api', window: Duration.hours(12), alerting: { windows: [{ longWindow: Duration.days(1), budgetConsumed: 0.1, severity: 'warning' }] },
    }))).toMatch(/alerting\.windows\[0\]\.longWindow: the long window 1d is longer than the SLO window 12h/);
  });
});
