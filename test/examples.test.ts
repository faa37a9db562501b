import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { checkRules, tempDir } from './helpers/promtool';

const root = path.join(__dirname, '..');

/** Runs a cdk8s app module (which calls app.synth()) with its output in a fresh directory; returns the documents. */
function synthesizeApp(modulePath: string): any[] {
  const outdir = tempDir('example');
  const previous = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the app synthesizes as a side effect of loading
    jest.isolateModules(() => require(modulePath));
    return fs.readdirSync(outdir).sort().flatMap((file) => YAML.parseAllDocuments(fs.readFileSync(path.join(outdir, file), 'utf8')).map((d) => d.toJS()));
  } finally {
    if (previous === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = previous;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('examples', () => {
  test('the example app and the acceptance example type-check as users compile them', () => {
    const result = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', 'examples/tsconfig.json'], { cwd: root, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('the acceptance example synthesizes two PrometheusRules that promtool accepts', () => {
    const documents = synthesizeApp('./fixtures/acceptance-example');
    expect(documents.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`)).toEqual([
      'PrometheusRule/monitoring/slo-checkout-availability',
      'PrometheusRule/monitoring/slo-checkout-latency',
    ]);
    const result = checkRules(documents.flatMap((d) => d.spec.groups));
    if (!result.ok) throw new Error(result.output);
  });

  test('the templates acceptance example synthesizes the payments and nightly-etl SLO sets', () => {
    const documents = synthesizeApp('./fixtures/templates-acceptance-example');
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

  test('the example app synthesizes rules that promtool accepts', () => {
    const documents = synthesizeApp('../examples/main');
    expect(documents.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'PrometheusRule/slo-search-availability', 'PrometheusRule/slo-storefront-probe',
      'PrometheusRule/slo-payments-availability', 'PrometheusRule/slo-payments-latency',
      'PrometheusRule/slo-storefront-availability', 'PrometheusRule/slo-storefront-latency',
      'PrometheusRule/slo-nightly-etl-run-success', 'PrometheusRule/slo-nightly-etl-freshness', 'PrometheusRule/slo-nightly-etl-run-duration',
      'PrometheusRule/slo-orders-consumer-processing', 'PrometheusRule/slo-orders-consumer-consumer-lag',
      'PrometheusRule/slo-orders-db-query-success', 'PrometheusRule/slo-orders-db-query-latency',
      'AlertmanagerConfig/slo-routing',
      'Deployment/cart', 'PrometheusRule/slo-cart-availability', 'PrometheusRule/slo-cart-latency',
      'PrometheusRule/slo-checkout-availability', 'PrometheusRule/slo-checkout-latency',
    ]);
    const rules = documents.filter((d) => d.kind === 'PrometheusRule');
    const result = checkRules(rules.flatMap((d) => d.spec.groups));
    if (!result.ok) throw new Error(result.output);
  });
});
