import { DEFAULT_SLO_WINDOW_SECONDS } from 'cdk8s-slo/lib/model/objective';
import { useColor } from '../cli-io';
import { booleanOption, Command, durationOption, outputFormatOption } from '../command';
import { ExitCode } from '../exit-codes';
import { Palette } from '../output/color';
import { countFindings, githubAnnotation, humanLine, jsonReport, summaryLine } from '../validation/finding-output';
import { readSourceFiles } from '../validation/source-documents';
import { validateSources } from '../validation/validate-documents';

const FORMATS = ['text', 'github', 'json'] as const;

/** `cdk8s-slo validate`: checks synthesized manifests and SLO documents. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'check synthesized manifests and SLO documents (PrometheusRule, OpenSLO, Sloth, Pyrra)',
  description: `
Checks every YAML document of the given files and directories (directories recursively; .yaml, .yml
and .json), by kind:
- PrometheusRule (monitoring.coreos.com): groups with unique names, rules that record or alert, PromQL
  that parses, valid durations, label names and string values; for rules labelled slo_service and
  slo_name, the SLO conventions: an objective in (0, 1), an error budget of 1 - objective, alerts with
  a severity label;
- OpenSLO v1 and Sloth documents (prometheus/v1 specs, PrometheusServiceLevel resources): as their
  reference tools read them, then with the same rules as synth-time validation;
- Pyrra ServiceLevelObjectives (pyrra.dev/v1alpha1): target, window, indicator selectors.
Targets under 90% or over 99.99% are warnings. Across files: the same Kubernetes object twice, one rule
group name in two PrometheusRules (warning), one SLO defined twice (in PrometheusRules, or twice in one
document format).

Each finding names its file, line and field: "file:line: error: message (field)". YAML syntax errors
are findings too (exit 1), so every broken file is reported in one run; a path that does not exist or
cannot be read stops the run (exit 3).`,
  positionals: [{ name: 'PATHS', description: 'manifest files or directories (default: dist)', optional: true, variadic: true }],
  options: {
    'format': { type: 'string', valueName: 'FORMAT', description: 'text (file:line: severity: message), github (workflow annotations) or json', defaultText: 'text' },
    'strict': { type: 'boolean', description: 'exit 1 on warnings too' },
    'sloth-window': { type: 'string', valueName: 'DURATION', description: 'the SLO window Sloth specs are read with (Sloth\'s --default-slo-period)', defaultText: '30d' },
  },
  exitCodes: [ExitCode.FINDINGS, ExitCode.USAGE, ExitCode.BAD_INPUT],
  examples: [
    'cdk8s-slo validate dist/',
    'cdk8s-slo validate --strict dist/ slos/openslo.yaml',
    'cdk8s-slo validate --format github dist/    # in a GitHub Actions step: annotations on the pull request',
    'cdk8s-slo validate --json dist/ | jq \'.findings[] | select(.severity == "error")\'',
  ],
  run: async (args, io) => {
    const format = outputFormatOption(args, FORMATS, 'text');
    const slothPeriodSeconds = durationOption(args, 'sloth-window', DEFAULT_SLO_WINDOW_SECONDS);
    const paths = args.positionals.length > 0 ? args.positionals : ['dist'];
    const result = validateSources(readSourceFiles(paths, io.cwd), { slothPeriodSeconds });
    if (format === 'json') {
      io.stdout(`${JSON.stringify(jsonReport(result), null, 2)}\n`);
    } else if (format === 'github') {
      for (const finding of result.findings) io.stdout(`${githubAnnotation(finding)}\n`);
      io.stdout(`cdk8s-slo validate: ${summaryLine(result)}\n`);
    } else {
      const palette = new Palette(useColor(io));
      for (const finding of result.findings) io.stdout(`${humanLine(finding, palette)}\n`);
      io.stdout(`${summaryLine(result)}\n`);
    }
    const counts = countFindings(result.findings);
    const failed = counts.errors > 0 || (booleanOption(args, 'strict') && counts.warnings > 0);
    return failed ? ExitCode.FINDINGS : ExitCode.OK;
  },
};
