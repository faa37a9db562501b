import * as fs from 'fs';
import * as path from 'path';
import { CliError } from '../cli-error';
import { CliIo } from '../cli-io';
import { booleanOption, Command, ParsedArgs, stringOption } from '../command';
import { ExitCode } from '../exit-codes';
import { writeFileAtomically } from '../output/atomic-write';
import { RuleFileFormat, ruleFileText, ruleNamespaces } from '../rule-files/rule-namespaces';
import { readExpectedRules } from '../verify/verify-inputs';

const NAME = 'export';
const FORMATS: readonly RuleFileFormat[] = ['mimirtool', 'prometheus'];

/** `cdk8s-slo export`: the synthesized rule groups as rule files for Mimir (mimirtool) or any Prometheus-style ruler. */
export const exportCommand: Command = {
  name: NAME,
  summary: 'write the synthesized rule groups as mimirtool namespace files or plain Prometheus rule files',
  description: `
For rulers that do not read PrometheusRule objects: writes the rule groups of the synthesized manifests
into DIR, one file per namespace.

Formats:
  mimirtool   "namespace: NS" and "groups: [...]", what "mimirtool rules load" and "mimirtool rules sync"
              read: mimirtool rules sync --rule-dirs DIR --address https://mimir --id TENANT
  prometheus  "groups: [...]" only: a rule file for vmalert (-rule), Thanos Ruler, Prometheus's
              rule_files or "promtool check rules"

Each PrometheusRule object is one namespace, named "<namespace>/<name>" of the object (as Grafana Alloy's
mimir.rules.kubernetes names them, without its prefix and UID), written to "<namespace>_<name>.yaml".
--mimir-namespace NAME puts every group into that one namespace (one file). A ruler keeps one group per
name in a namespace: a group name found twice with other rules is an error (exit 3), and nothing is
written. Groups keep the rule-file fields only (name, interval; record or alert, expr, for,
keep_firing_for, labels, annotations). Every file is written completely or not at all; DIR must exist.
"mimirtool rules sync" deletes the namespaces it does not find in DIR: write into a directory of its own.

--json prints [{"file", "namespace", "groups"}] (groups: their names).`,
  positionals: [{ name: 'PATHS', description: 'synthesized manifest files or directories (cdk8s synth output)', variadic: true }],
  options: {
    'format': { type: 'string', valueName: 'FORMAT', description: 'mimirtool or prometheus', defaultText: 'mimirtool' },
    'output-dir': { type: 'string', short: 'd', valueName: 'DIR', description: 'the directory to write the files into (must exist)' },
    'mimir-namespace': { type: 'string', valueName: 'NAME', description: 'one namespace for every group', defaultText: '<namespace>/<name> of each PrometheusRule' },
  },
  exitCodes: [ExitCode.USAGE, ExitCode.BAD_INPUT],
  examples: [
    'cdk8s-slo export dist/ --output-dir mimir-rules/ && mimirtool rules sync --rule-dirs mimir-rules/ --address https://mimir.example --id team-payments',
    'cdk8s-slo export dist/app.k8s.yaml --format mimirtool --mimir-namespace slo --output-dir mimir-rules/',
    'cdk8s-slo export dist/ --format prometheus --output-dir /etc/vmalert/rules/',
  ],
  run: runExport,
};

async function runExport(args: ParsedArgs, io: CliIo): Promise<number> {
  const format = stringOption(args, 'format') ?? 'mimirtool';
  if (!(FORMATS as readonly string[]).includes(format)) throw CliError.usage(`--format "${format}" must be one of ${FORMATS.join(', ')}`);
  const outputDir = stringOption(args, 'output-dir');
  if (outputDir === undefined || outputDir === '') throw CliError.usage(`--output-dir is required: the directory to write the files into (see: cdk8s-slo ${NAME} --help)`);
  const fixedNamespace = stringOption(args, 'mimir-namespace');
  if (fixedNamespace !== undefined && fixedNamespace.trim() === '') throw CliError.usage('--mimir-namespace needs a name');

  const directory = path.resolve(io.cwd, outputDir);
  if (!isDirectory(directory)) throw CliError.badInput(outputDir, 'is not an existing directory: create it first');
  const { groups } = readExpectedRules(args.positionals, io.cwd);
  const namespaces = ruleNamespaces(groups, fixedNamespace);
  // Everything is checked before the first file is written.
  const files = namespaces.map((namespace) => ({ namespace, text: ruleFileText(namespace, format as RuleFileFormat) }));
  for (const { namespace, text } of files) {
    writeFileAtomically(path.join(directory, namespace.fileName), text, path.join(outputDir, namespace.fileName));
  }

  if (booleanOption(args, 'json')) {
    const listed = files.map(({ namespace }) => ({
      file: path.join(outputDir, namespace.fileName),
      namespace: namespace.namespace,
      groups: namespace.groups.map((g) => g.name),
    }));
    io.stdout(`${JSON.stringify(listed, null, 2)}\n`);
  } else {
    for (const { namespace } of files) {
      io.stdout(`${path.join(outputDir, namespace.fileName)}: ${format === 'mimirtool' ? `namespace ${namespace.namespace}, ` : ''}${namespace.groups.length} rule group(s)\n`);
    }
  }
  return ExitCode.OK;
}

function isDirectory(directory: string): boolean {
  try {
    return fs.statSync(directory).isDirectory();
  } catch {
    return false;
  }
}
