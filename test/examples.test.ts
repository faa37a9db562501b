import { spawnSync } from 'child_process';
import * as path from 'path';
import { checkRules } from './helpers/promtool';
import { synthesizeAppDocuments } from './helpers/synth';

const root = path.join(__dirname, '..');

describe('examples', () => {
  test('the example app and the acceptance example type-check as users compile them', () => {
    const result = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', 'examples/tsconfig.json'], { cwd: root, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('the acceptance example synthesizes two PrometheusRules that promtool accepts', () => {
    const documents = synthesizeAppDocuments('../fixtures/acceptance-example');
    expect(documents.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`)).toEqual([
      'PrometheusRule/monitoring/slo-checkout-availability',
      'PrometheusRule/monitoring/slo-checkout-latency',
    ]);
    const result = checkRules(documents.flatMap((d) => d.spec.groups));
    if (!result.ok) throw new Error(result.output);
  });

  test('the templates acceptance example synthesizes the payments and nightly-etl SLO sets', () => {
    const documents = synthesizeAppDocuments('../fixtures/templates-acceptance-example');
    expect(documents.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`)).toEqual([
      'PrometheusRule/monitoring/slo-payments-availability',
      'PrometheusRule/monitoring/slo-payments-latency',
      'PrometheusRule/monitoring/slo-nightly-etl-run-success',
      'PrometheusRule/monitoring/slo-nightly-etl-freshness',
    ]);
    const rules = documents.flatMap((d) => d.spec.groups).flatMap((g: any) => g.rules);
    const payments = (name: string, record: string) => rules.find((r: any) => r.record === record && r.labels.slo_service === 'payments' && r.labels.slo_name === name).expr;
    expect(payments('availability', 'slo:sli_total:rate5m')).toContain('http_requests_total{job="payments"}');
    expect(payments('availability', 'slo:sli_errors:rate5m')).toContain('http_requests_total{job="payments",code=~"5.."}');
    expect(payments('latency', 'slo:sli_errors:rate5m')).toContain('http_request_duration_seconds_bucket{job="payments",le="0.25"}');
    const result = checkRules(documents.flatMap((d) => d.spec.groups));
    if (!result.ok) throw new Error(result.output);
  });

  test('the calendar acceptance example synthesizes a monthly SLO whose rules promtool accepts', () => {
    const documents = synthesizeAppDocuments('../fixtures/calendar-acceptance-example');
    expect(documents.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`)).toEqual([
      'PrometheusRule/monitoring/slo-checkout-availability-monthly',
    ]);
    const records = documents[0].spec.groups.flatMap((g: any) => g.rules).map((r: any) => r.record).filter(Boolean);
    expect(records).toEqual(expect.arrayContaining([
      'slo:period_start:timestamp', 'slo:period_end:timestamp', 'slo:period_sli_errors:increase', 'slo:period_sli_total:increase',
      'slo:period_sli_error:ratio', 'slo:period_error_budget_remaining:ratio', 'slo:period_error_budget_consumed:ratio',
      'slo:period_error_budget_burndown:ratio',
    ]));
    const result = checkRules(documents.flatMap((d) => d.spec.groups));
    if (!result.ok) throw new Error(result.output);
  });

  test('the example app synthesizes rules that promtool accepts, dashboards and OpenSLO documents', () => {
    const documents = synthesizeAppDocuments('../../examples/main');
    const named = (kind: string) => documents.filter((d) => d.kind === kind).map((d) => d.metadata.name);
    expect(named('PrometheusRule')).toEqual([
      'slo-checkout-availability-monthly', 'slo-search-availability', 'slo-storefront-probe',
      'slo-payments-availability', 'slo-payments-latency',
      'slo-storefront-availability', 'slo-storefront-latency',
      'slo-nightly-etl-run-success', 'slo-nightly-etl-freshness', 'slo-nightly-etl-run-duration',
      'slo-orders-consumer-processing', 'slo-orders-consumer-consumer-lag',
      'slo-orders-db-query-success', 'slo-orders-db-query-latency',
      'slo-cart-availability', 'slo-cart-latency',
      'slo-checkout-availability', 'slo-checkout-latency',
    ]);
    expect(named('ConfigMap')).toEqual(['slos-overview', 'slo-dashboard-checkout']);
    expect(named('AlertmanagerConfig')).toEqual(['slo-routing']);
    expect(named('Deployment')).toEqual(['cart']);
    // one OpenSLO SLO document per SLO, under the openslo/v1 apiVersion
    expect(documents.filter((d) => d.apiVersion === 'openslo/v1' && d.kind === 'SLO')).toHaveLength(18);
    const rules = documents.filter((d) => d.kind === 'PrometheusRule');
    const result = checkRules(rules.flatMap((d) => d.spec.groups));
    if (!result.ok) throw new Error(result.output);
  });
});
