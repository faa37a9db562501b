import { CliError } from '../cli-error';
import { CliIo, useColor } from '../cli-io';
import { booleanOption, Command, durationOption, ParsedArgs } from '../command';
import { ExitCode } from '../exit-codes';
import { Palette } from '../output/color';
import { printAnswerWarnings, PROMETHEUS_OPTIONS, prometheusFromArgs, RULES_URL_OPTION } from '../prometheus/prometheus-options';
import { verifyAgainst, VerifyResult } from '../verify/verify-checks';
import { readExpectedRules, readLiveState } from '../verify/verify-inputs';
import { renderVerifyReport } from '../verify/verify-report';

/** Seconds between two looks at the server while waiting. */
const POLL_INTERVAL_SECONDS = 5;

/** `cdk8s-slo verify`: are the synthesized rules loaded, evaluating and fed with data on a live Prometheus? */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check on a live Prometheus that the synthesized rules are loaded, evaluating and have data',
  description: `
After a deployment, confirms against Prometheus's /api/v1/rules that every rule group of the synthesized
manifests is:
  loaded        a group of that name exists, with the same rules (by record/alert name and count);
                a group with other rules is reported as outdated
  evaluated     the group has run at least once (a new group runs within one interval)
  healthy       every rule's health is ok, with no lastError (e.g. many-to-many matching)
and that every SLO's SLI series (slo:sli_total:rate5m and slo:sli_error:ratio_rate5m with its
slo_service/slo_name labels) has data. Every problem is reported on one line, grouped by kind.

Deployments take a while to reach Prometheus (config reload, first evaluation): --wait polls every
${POLL_INTERVAL_SECONDS} s until everything passes or the time is up, and reports what still fails.

The rules are read from --rules-url when given: vmalert in front of VictoriaMetrics, which has no rules
API of its own (without -vmalert.proxyURL it lists no group at all, and the report says so in a note).

--json prints {"ok", "prometheusUrl", "rulesUrl" (with --rules-url), "checked": {"ruleGroups", "rules",
"slos"}, "problems": [{"kind", "group", "rule", "service", "slo", "file", "message"}], "notes",
"warnings" (when answers had any)}; kinds are group-missing, group-outdated, group-not-evaluated,
rule-failing, rule-not-evaluated and no-data.`,
  positionals: [{ name: 'PATHS', description: 'synthesized manifest files or directories (cdk8s synth output)', variadic: true }],
  options: {
    ...PROMETHEUS_OPTIONS,
    ...RULES_URL_OPTION,
    wait: {
      type: 'string',
      valueName: 'DURATION',
      description: 'keep checking until everything passes or this much time has passed, e.g. 2m',
      defaultText: 'check once',
    },
  },
  exitCodes: [ExitCode.FINDINGS, ExitCode.USAGE, ExitCode.BAD_INPUT, ExitCode.UNAVAILABLE],
  examples: [
    'cdk8s-slo verify dist/ --prometheus-url http://prometheus.monitoring:9090',
    'cdk8s-slo verify dist/app.k8s.yaml --prometheus-url http://localhost:9090 --wait 3m',
    'PROMETHEUS_URL=http://localhost:9090 cdk8s-slo verify dist/ --json | jq -r \'.problems[].message\'',
    'cdk8s-slo verify dist/ --prometheus-url http://victoria-metrics:8428 --rules-url http://vmalert:8880',
    'cdk8s-slo verify dist/ --prometheus-url http://mimir-gateway/prometheus --tenant team-payments',
  ],
  run: async (args, io) => runVerify(args, io),
};

async function runVerify(args: ParsedArgs, io: CliIo): Promise<number> {
  const api = prometheusFromArgs(args, io, 'verify');
  const waitSeconds = args.options.wait === undefined ? 0 : durationOption(args, 'wait', 0);
  const expected = readExpectedRules(args.positionals, io.cwd);

  const deadline = io.now() + waitSeconds * 1000;
  let result: VerifyResult | undefined;
  for (;;) {
    let unavailable: CliError | undefined;
    try {
      result = verifyAgainst(expected.groups, expected.slos, await readLiveState(api));
    } catch (error) {
      // While waiting, Prometheus may be restarting or reloading: try again until the time is up.
      if (!(error instanceof CliError) || error.exitCode !== ExitCode.UNAVAILABLE) throw error;
      unavailable = error;
    }
    const remainingMs = deadline - io.now();
    if ((result?.ok && !unavailable) || remainingMs <= 0) {
      if (unavailable) throw unavailable;
      break;
    }
    if (io.stderrIsTty) {
      const seen = unavailable ? 'Prometheus unreachable' : `${result!.problems.length} problem(s)`;
      io.stderr(`\r\u001b[2Kverify: ${seen}; checking again for up to ${Math.ceil(remainingMs / 1000)} s more`);
    }
    await sleep(Math.min(POLL_INTERVAL_SECONDS * 1000, remainingMs));
  }
  if (io.stderrIsTty && waitSeconds > 0) io.stderr('\r\u001b[2K');

  if (booleanOption(args, 'json')) {
    const rulesUrl = api.rulesUrl !== api.url ? { rulesUrl: api.rulesUrl } : {};
    const warnings = api.warnings.length > 0 ? { warnings: api.warnings } : {};
    io.stdout(`${JSON.stringify({ ok: result!.ok, prometheusUrl: api.url, ...rulesUrl, ...result, ...warnings }, null, 2)}\n`);
  } else {
    const where = api.rulesUrl !== api.url ? `${api.url} (rules from ${api.rulesUrl})` : api.url;
    io.stdout(renderVerifyReport(result!, where, new Palette(useColor(io))));
  }
  printAnswerWarnings(api, io, 'verify');
  return result!.ok ? ExitCode.OK : ExitCode.FINDINGS;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
