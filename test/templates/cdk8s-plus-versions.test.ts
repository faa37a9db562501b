/**
 * fromDeployment, fromService and fromCronJob take any cdk8s-plus from 28 on: the same spec built with
 * cdk8s-plus-28 and with cdk8s-plus-33 (what `cdk8s init` installs today) gives the same rules. That
 * cdk8s-plus-33's objects type-check without casts is test/fixtures/cdk8s-plus-33-app.ts's job.
 */
import { Chart, Cron, Duration, Testing } from 'cdk8s';
import * as kplus28 from 'cdk8s-plus-28';
import * as kplus33 from 'cdk8s-plus-33';
import { ApiServiceSlo, BatchPipelineSlo, ServiceTier } from '../../src';
import { synthesizeAppDocuments } from '../helpers/synth';

/** The PrometheusRules a chart synthesizes (the workloads' own manifests differ between versions). */
function rulesOf(chart: Chart): any[] {
  return Testing.synth(chart).filter((m) => m.kind === 'PrometheusRule');
}

function shopChart(): Chart {
  return new Chart(Testing.app(), 'shop', { namespace: 'shop' });
}

// One builder per version, the same text: each version's classes are types of their own.

function deploymentSlos28(chart: Chart): ApiServiceSlo {
  const deployment = new kplus28.Deployment(chart, 'payments', {
    metadata: { name: 'payments' },
    select: false,
    podMetadata: { labels: { 'app.kubernetes.io/name': 'payments' } },
    containers: [{ image: 'payments:1.0', portNumber: 8080, securityContext: { ensureNonRoot: false } }],
  });
  deployment.select(kplus28.LabelSelector.of({ labels: { 'app.kubernetes.io/name': 'payments' } }));
  return ApiServiceSlo.fromDeployment(chart, 'payments-slos', deployment, { tier: ServiceTier.CRITICAL });
}

function deploymentSlos33(chart: Chart): ApiServiceSlo {
  const deployment = new kplus33.Deployment(chart, 'payments', {
    metadata: { name: 'payments' },
    select: false,
    podMetadata: { labels: { 'app.kubernetes.io/name': 'payments' } },
    containers: [{ image: 'payments:1.0', portNumber: 8080, securityContext: { ensureNonRoot: false } }],
  });
  deployment.select(kplus33.LabelSelector.of({ labels: { 'app.kubernetes.io/name': 'payments' } }));
  return ApiServiceSlo.fromDeployment(chart, 'payments-slos', deployment, { tier: ServiceTier.CRITICAL });
}

function serviceSlos28(chart: Chart): ApiServiceSlo {
  const service = new kplus28.Service(chart, 'checkout', {
    metadata: { name: 'checkout', namespace: 'store' },
    selector: kplus28.Pods.select(chart, 'pods', { labels: { app: 'checkout', tier: 'web' } }),
    ports: [{ port: 80, targetPort: 8080 }],
  });
  return ApiServiceSlo.fromService(chart, 'checkout-slos', service, { latencyThreshold: Duration.millis(100) });
}

function serviceSlos33(chart: Chart): ApiServiceSlo {
  const service = new kplus33.Service(chart, 'checkout', {
    metadata: { name: 'checkout', namespace: 'store' },
    selector: kplus33.Pods.select(chart, 'pods', { labels: { app: 'checkout', tier: 'web' } }),
    ports: [{ port: 80, targetPort: 8080 }],
  });
  return ApiServiceSlo.fromService(chart, 'checkout-slos', service, { latencyThreshold: Duration.millis(100) });
}

function cronJobSlos28(chart: Chart): BatchPipelineSlo {
  const cronJob = new kplus28.CronJob(chart, 'etl', {
    metadata: { name: 'nightly-etl' },
    schedule: Cron.daily(),
    containers: [{ image: 'etl:2.0' }],
  });
  return BatchPipelineSlo.fromCronJob(chart, 'etl-slos', cronJob, { maxStaleness: Duration.hours(26), selector: { cluster: 'eu-1' } });
}

function cronJobSlos33(chart: Chart): BatchPipelineSlo {
  const cronJob = new kplus33.CronJob(chart, 'etl', {
    metadata: { name: 'nightly-etl' },
    schedule: Cron.daily(),
    containers: [{ image: 'etl:2.0' }],
  });
  return BatchPipelineSlo.fromCronJob(chart, 'etl-slos', cronJob, { maxStaleness: Duration.hours(26), selector: { cluster: 'eu-1' } });
}

describe('cdk8s-plus-28 and cdk8s-plus-33 objects give the same rules', () => {
  test.each([
    ['fromDeployment', deploymentSlos28, deploymentSlos33, 'payments', 'http_requests_total{namespace="shop",app_kubernetes_io_name="payments"}'],
    ['fromService', serviceSlos28, serviceSlos33, 'checkout', 'http_requests_total{namespace="store",app="checkout",tier="web"}'],
    ['fromCronJob', cronJobSlos28, cronJobSlos33, 'nightly-etl', 'kube_job_owner{cluster="eu-1",namespace="shop",owner_kind="CronJob",owner_name="nightly-etl"}'],
  ])('%s', (_method, build28, build33, service, selector) => {
    const chart28 = shopChart();
    const chart33 = shopChart();
    expect(build28(chart28).service).toBe(service);
    expect(build33(chart33).service).toBe(service);
    const rules28 = rulesOf(chart28);
    expect(rules28.length).toBeGreaterThan(0);
    expect(JSON.stringify(rules28)).toContain(JSON.stringify(selector).slice(1, -1));
    expect(rulesOf(chart33)).toEqual(rules28);
  });

  test('an automatic pod selector (cdk8s-plus picks the label) is the same in both', () => {
    const chart28 = shopChart();
    const chart33 = shopChart();
    ApiServiceSlo.fromDeployment(chart28, 'slos', new kplus28.Deployment(chart28, 'cart', { containers: [{ image: 'cart:1.0' }] }));
    ApiServiceSlo.fromDeployment(chart33, 'slos', new kplus33.Deployment(chart33, 'cart', { containers: [{ image: 'cart:1.0' }] }));
    expect(rulesOf(chart33)).toEqual(rulesOf(chart28));
  });

  test('the cdk8s-plus-33 app of the fixture synthesizes the rules of the same app on cdk8s-plus-28', () => {
    const chart28 = shopChart();
    deploymentSlos28(chart28);
    serviceSlos28(chart28);
    cronJobSlos28(chart28);
    const fixtureRules = synthesizeAppDocuments('../fixtures/cdk8s-plus-33-app').filter((m) => m.kind === 'PrometheusRule');
    expect(fixtureRules).toEqual(rulesOf(chart28));
  });
});

describe('a cdk8s-plus object of the wrong kind', () => {
  test('fromService of a Deployment throws', () => {
    const chart = shopChart();
    const deployment = new kplus33.Deployment(chart, 'payments', { containers: [{ image: 'payments:1.0' }] });
    expect(() => ApiServiceSlo.fromService(chart, 'slos', deployment))
      .toThrow('ApiServiceSlo.fromService needs a Service, not a Deployment (shop/payments)');
  });

  test('fromCronJob of a Deployment throws', () => {
    const chart = shopChart();
    const deployment = new kplus28.Deployment(chart, 'payments', { containers: [{ image: 'payments:1.0' }] });
    expect(() => BatchPipelineSlo.fromCronJob(chart, 'slos', deployment, { maxStaleness: Duration.hours(26) }))
      .toThrow('BatchPipelineSlo.fromCronJob needs a CronJob, not a Deployment (shop/payments)');
  });
});
