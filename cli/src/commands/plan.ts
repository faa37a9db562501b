import * as path from 'path';
import { CliError } from '../cli-error';
import { booleanOption, Command, outputFormatOption, outputOption, stringListOption, stringOption, timeoutOption } from '../command';
import { ExitCode } from '../exit-codes';
import { MANAGED_BY_SELECTOR, matchesLabelSelector, prometheusRulesFromCluster } from '../kubernetes/prometheus-rules-from-cluster';
import { ManifestDocument, readManifests } from '../manifests/manifest-files';
import { writeFileAtomically } from '../output/atomic-write';
import { manifestsAtGitRef } from '../plan/git-base';
import { diffSnapshots } from '../plan/plan-diff';
import { planMarkdown, summaryText } from '../plan/plan-markdown';
import { snapshotOf } from '../plan/plan-snapshot';

const FORMATS = ['markdown', 'json'] as const;

/** `cdk8s-slo plan`: what applying the synthesized manifests would change. */
export const planCommand: Command = {
  name: 'plan',
  summary: 'a dry-run plan: the SLOs, rules and alerts the synthesized manifests add, change and remove',
  description: `
Compares the synthesized manifests (PATHS, default dist) with a base: a previous synth (--base DIR),
the same paths at a git ref (--base-ref REF: read from git's object store; the work tree, index and
HEAD are left alone), or the PrometheusRules in a cluster (--cluster, with the kubeconfig's
credentials; only PrometheusRules matching --selector are compared, on both sides).

SLOs are matched by service/name and rules by record or alert name plus labels. The plan lists SLOs
added, removed and changed, with target, window, indicator-query and alert changes called out (a
raised target is stricter: its error budget shrinks and alerts fire sooner), then rule groups, rules
and Kubernetes objects. Output is Markdown for a pull-request comment (long lists collapsed), or
JSON with --json. Exit 0 whether or not there are changes; with --exit-code, 1 when there are.`,
  positionals: [{ name: 'PATHS', description: 'synthesized manifest files or directories (default: dist)', optional: true, variadic: true }],
  options: {
    'base': { type: 'string', valueName: 'DIR', description: 'a directory (or file) holding the previous synth' },
    'base-ref': { type: 'string', valueName: 'REF', description: 'the same PATHS at this git ref (branch, tag, commit, e.g. origin/main)' },
    'cluster': { type: 'boolean', description: 'compare with the PrometheusRules in the cluster' },
    'kubeconfig': { type: 'string', valueName: 'FILE', description: 'kubeconfig for --cluster', defaultText: '$KUBECONFIG or ~/.kube/config' },
    'context': { type: 'string', valueName: 'NAME', description: 'kubeconfig context for --cluster', defaultText: 'the current context' },
    'namespace': { type: 'string', short: 'n', multiple: true, valueName: 'NS', description: 'with --cluster: only these namespaces', defaultText: 'all namespaces' },
    'selector': { type: 'string', short: 'l', valueName: 'SELECTOR', description: 'with --cluster: a label selector for PrometheusRules ("" for all)', defaultText: MANAGED_BY_SELECTOR },
    'timeout': { type: 'string', valueName: 'DURATION', description: 'with --cluster: per API request (at most 24d)', defaultText: '30s' },
    'format': { type: 'string', valueName: 'FORMAT', description: 'markdown or json', defaultText: 'markdown' },
    'output': { type: 'string', short: 'o', valueName: 'FILE', description: 'write the plan to FILE (complete or not at all) instead of stdout; - is stdout' },
    'exit-code': { type: 'boolean', description: 'exit 1 when there are changes (as git diff --exit-code)' },
  },
  exitCodes: [ExitCode.FINDINGS, ExitCode.USAGE, ExitCode.BAD_INPUT, ExitCode.UNAVAILABLE],
  examples: [
    'cdk8s-slo plan --base-ref origin/main dist/ > plan.md',
    'cdk8s-slo plan --base previous-dist/ dist/',
    'cdk8s-slo plan --cluster --context prod -o plan.md',
    'cdk8s-slo plan --base-ref HEAD~1 --json | jq .summary',
  ],
  run: async (args, io) => {
    const format = outputFormatOption(args, FORMATS, 'markdown');
    const output = outputOption(args, 'plan');
    const baseDir = stringOption(args, 'base');
    const baseRef = stringOption(args, 'base-ref');
    const cluster = booleanOption(args, 'cluster');
    const chosen = [baseDir !== undefined, baseRef !== undefined, cluster].filter(Boolean).length;
    if (chosen !== 1) {
      throw CliError.usage(`${chosen === 0 ? 'give a base to compare with' : 'give only one base'}: --base DIR, --base-ref REF or --cluster (see: cdk8s-slo plan --help)`);
    }
    for (const flag of ['kubeconfig', 'context', 'namespace', 'selector', 'timeout']) {
      if (!cluster && args.options[flag] !== undefined) throw CliError.usage(`--${flag} is only for --cluster`);
    }
    const timeoutMs = timeoutOption(args, 'timeout', 30) * 1000;
    const paths = args.positionals.length > 0 ? args.positionals : ['dist'];
    let current: ManifestDocument[] = readManifests(paths, io.cwd);
    let base: ManifestDocument[];
    let baseText: string;
    if (baseDir !== undefined) {
      // An empty base directory is a first deployment: everything is added.
      base = readManifests([baseDir], io.cwd, { allowEmptyDirectories: true });
      baseText = `directory ${baseDir}`;
    } else if (baseRef !== undefined) {
      base = manifestsAtGitRef(paths, baseRef, io.cwd);
      baseText = `git ref ${baseRef}`;
    } else {
      const selector = stringOption(args, 'selector') ?? MANAGED_BY_SELECTOR;
      const namespaces = stringListOption(args, 'namespace');
      const rules = await prometheusRulesFromCluster({
        kubeconfig: stringOption(args, 'kubeconfig'), context: stringOption(args, 'context'), namespaces, labelSelector: selector, timeoutMs,
      }, io);
      base = rules.objects.map((object, index) => ({ file: `cluster ${rules.server}`, index, object }));
      // The cluster side holds only PrometheusRules matching the selector: compare the same on this side.
      current = current.filter((d) => d.object.kind === 'PrometheusRule'
        && (namespaces.length === 0 || namespaces.includes(d.object.metadata?.namespace))
        && matchesLabelSelector(d.object.metadata?.labels, selector) !== false);
      baseText = `cluster ${rules.server} (PrometheusRules${selector ? ` labelled ${selector}` : ''}${namespaces.length ? ` in ${namespaces.join(', ')}` : ''})`;
    }
    const plan = diffSnapshots(snapshotOf(base), snapshotOf(current));
    const currentText = paths.join(', ');
    const text = format === 'json'
      ? `${JSON.stringify({ base: baseText, current: currentText, ...plan }, null, 2)}\n`
      : `${planMarkdown(plan, { base: baseText, current: currentText })}\n`;
    if (output !== undefined) {
      writeFileAtomically(path.resolve(io.cwd, output), text, output);
      io.stderr(`cdk8s-slo plan: ${summaryText(plan)}; wrote ${output}\n`);
    } else {
      io.stdout(text);
    }
    return booleanOption(args, 'exit-code') && plan.summary.hasChanges ? ExitCode.FINDINGS : ExitCode.OK;
  },
};
