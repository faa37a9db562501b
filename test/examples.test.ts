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

  test('the example app synthesizes rules that promtool accepts', () => {
    const documents = synthesizeApp('../examples/main');
    expect(documents.map((d) => d.metadata.name)).toEqual([
      'slo-search-availability', 'slo-storefront-probe', 'slo-checkout-availability', 'slo-checkout-latency',
    ]);
    const result = checkRules(documents.flatMap((d) => d.spec.groups));
    if (!result.ok) throw new Error(result.output);
  });
});
