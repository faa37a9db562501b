/**
 * What `verify` compares: the rule groups and SLOs of synthesized manifests, and the state of a live
 * Prometheus (its loaded rule groups and the SLI series of every SLO).
 */
import { BASE_WINDOW_SECONDS } from 'cdk8s-slo/lib/model/alerting-policy';
import { SLO_NAME_LABEL, SLO_SERVICE_LABEL, OBJECTIVE_RATIO, TOTAL_RATE_5M, errorRatioMetric } from 'cdk8s-slo/lib/model/naming';
import { LiveState } from './verify-checks';
import { CliError } from '../cli-error';
import { readManifests } from '../manifests/manifest-files';
import { SynthesizedRuleGroup, SynthesizedSlo, synthesizedRuleGroups, synthesizedSlos } from '../manifests/synthesized-slos';
import { PrometheusApi } from '../prometheus/prometheus-api';

/** The synthesized rule groups and SLOs to verify. */
export interface ExpectedRules {
  readonly groups: readonly SynthesizedRuleGroup[];
  readonly slos: readonly SynthesizedSlo[];
}

/**
 * Reads the manifests; a group without a name, a rule without `record` or `alert`, or manifests without
 * any rule group are bad input (exit 3), naming the file and group. The same group read twice (a file
 * named both alone and through its directory) counts once.
 */
export function readExpectedRules(paths: readonly string[], cwd: string): ExpectedRules {
  const documents = readManifests(paths, cwd);
  for (const document of documents) {
    if (document.object.kind !== 'PrometheusRule' || !String(document.object.apiVersion ?? '').startsWith('monitoring.coreos.com/')) continue;
    const where = `${document.file} (PrometheusRule ${document.object.metadata?.name ?? `document ${document.index + 1}`})`;
    const specGroups = document.object.spec?.groups;
    if (!Array.isArray(specGroups)) throw CliError.badInput(where, 'spec.groups is not a list of rule groups');
    specGroups.forEach((group: any, groupIndex: number) => {
      if (typeof group?.name !== 'string' || group.name === '') throw CliError.badInput(where, `spec.groups[${groupIndex}] has no name`);
      if (!Array.isArray(group.rules)) throw CliError.badInput(where, `rule group ${group.name} has no list of rules`);
      group.rules.forEach((rule: any, index: number) => {
        const name = rule?.record ?? rule?.alert;
        if (typeof name !== 'string' || name === '') {
          throw CliError.badInput(where, `rule ${index + 1} of group ${group.name} has neither a record nor an alert name`);
        }
        if (typeof rule.expr !== 'string' && typeof rule.expr !== 'number') {
          throw CliError.badInput(where, `rule ${name} of group ${group.name} has no expr`);
        }
      });
    });
  }
  const seen = new Set<string>();
  const groups = synthesizedRuleGroups(documents).filter((group) => {
    const identity = JSON.stringify([group.name, group.objectNamespace, group.objectName, group.rules]);
    if (seen.has(identity)) return false;
    seen.add(identity);
    return true;
  });
  if (groups.length === 0) {
    throw CliError.badInput(paths.join(', '), 'holds no PrometheusRule (monitoring.coreos.com) with rule groups: pass the synthesized manifests (cdk8s synth output)');
  }
  return { groups, slos: synthesizedSlos(documents) };
}

/** One look at the server: its rule groups and, per SLO, whether its SLI series exist. */
export async function readLiveState(api: PrometheusApi): Promise<LiveState> {
  const bySlo = `by (${SLO_SERVICE_LABEL}, ${SLO_NAME_LABEL})`;
  const [loadedGroups, totalRates, errorRatios, objectives] = await Promise.all([
    api.ruleGroups(),
    api.instantQuery(`max ${bySlo} (${TOTAL_RATE_5M})`),
    api.instantQuery(`count ${bySlo} (${errorRatioMetric(BASE_WINDOW_SECONDS)})`),
    api.instantQuery(`max ${bySlo} (${OBJECTIVE_RATIO})`),
  ]);
  return { loadedGroups, totalRates, errorRatios, objectives };
}
