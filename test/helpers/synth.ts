/** Builds SLOs in a test chart and returns what they synthesize. */
import { Chart, Testing } from 'cdk8s';
import { Slo, SloProps } from '../../src';

/** Synthesizes one chart holding the given SLOs and returns its manifests. */
export function synthSlos(...sloProps: SloProps[]): any[] {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: 'monitoring' });
  sloProps.forEach((props, index) => new Slo(chart, `slo${index}`, props));
  return Testing.synth(chart);
}

/** The rule groups of every PrometheusRule in the manifests. */
export function ruleGroupsOf(manifests: any[]): any[] {
  return manifests.filter((m) => m.kind === 'PrometheusRule').flatMap((m) => m.spec.groups);
}

/** Every rule of every group. */
export function rulesOf(groups: any[]): any[] {
  return groups.flatMap((g) => g.rules);
}

/** Synthesizes SLOs and returns their rule groups. */
export function ruleGroupsFor(...sloProps: SloProps[]): any[] {
  return ruleGroupsOf(synthSlos(...sloProps));
}
