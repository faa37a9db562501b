import * as fs from 'fs';
import * as path from 'path';
import { importSourcesPartially, readSourceTexts, SourceText } from 'cdk8s-slo/lib/documents/files-import';
import { DEFAULT_SLO_WINDOW_SECONDS } from 'cdk8s-slo/lib/model/objective';
import { CliError, oneLine } from '../cli-error';
import { CliIo } from '../cli-io';
import { Command, durationOption, ParsedArgs, stringOption } from '../command';
import { ExitCode } from '../exit-codes';
import { renderImportedApp } from '../generation/imported-app';
import { writeFileAtomically } from '../output/atomic-write';

const DEFAULT_RULE_NAMESPACE = 'monitoring';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `cdk8s-slo import`: Sloth, Pyrra and OpenSLO documents as a cdk8s app in TypeScript. */
export const importCommand: Command = {
  name: 'import',
  summary: 'migrate Sloth, Pyrra or OpenSLO documents: write a TypeScript cdk8s app with one Slo per SLO',
  description: `
Reads every YAML document of the given files and directories (directories recursively, .yaml and .yml),
detects its format and imports it as SloImport.fromFiles does:
- Sloth prometheus/v1 specs, PrometheusServiceLevel and AlertWindows resources (read with the SLO period
  of --sloth-period, Sloth's --default-slo-period);
- OpenSLO v1 objects, with references (indicatorRef, alertPolicyRef, conditionRef, targetRef,
  metricSourceRef) resolved across all the files, and v1alpha SLOs as Sloth reads them;
- Pyrra ServiceLevelObjectives.
It writes a cdk8s app with one typed "new Slo(...)" per SLO that synthesizes to rules with the same
meaning. Above each SLO, where it came from and what was approximated; in the header, each refused
document and why. A refused document costs only its own SLOs; an SLO defined twice is read once when
both definitions are the same, and the later one is refused when they differ.
Warnings and refusals are printed on stderr. Exit 5 when some documents were refused (the app holds the
rest), 1 when nothing could be imported.`,
  positionals: [{ name: 'PATHS', description: 'Sloth, Pyrra or OpenSLO files or directories', variadic: true }],
  options: {
    'output': { type: 'string', short: 'o', valueName: 'FILE', description: 'write the app to FILE (atomically)', defaultText: 'stdout' },
    'sloth-period': { type: 'string', valueName: 'DURATION', description: 'the SLO period Sloth runs with (its --default-slo-period)', defaultText: '30d' },
    'rule-namespace': { type: 'string', valueName: 'NAME', description: 'the namespace of the generated PrometheusRules', defaultText: DEFAULT_RULE_NAMESPACE },
  },
  exitCodes: [ExitCode.FINDINGS, ExitCode.USAGE, ExitCode.BAD_INPUT, ExitCode.PARTIAL],
  examples: [
    'cdk8s-slo import sloth/ -o slos.ts',
    'cdk8s-slo import openslo/slos.yaml openslo/slis.yaml openslo/alerting/ -o slos.ts',
    'cdk8s-slo import --sloth-period 28d sloth/ windows/28d.yaml -o slos.ts',
  ],
  run: runImport,
};

async function runImport(args: ParsedArgs, io: CliIo): Promise<number> {
  const output = stringOption(args, 'output');
  if (output === '') throw CliError.usage('--output needs a file name (see: cdk8s-slo import --help)');
  if (args.positionals.length === 0) throw CliError.usage('name the files or directories to import (see: cdk8s-slo import --help)');
  const ruleNamespace = stringOption(args, 'rule-namespace') ?? DEFAULT_RULE_NAMESPACE;
  if (!DNS_LABEL.test(ruleNamespace) || ruleNamespace.length > 63) {
    throw CliError.usage(`--rule-namespace "${ruleNamespace}" is not a Kubernetes namespace name (lowercase letters, digits and "-")`);
  }
  const periodSeconds = durationOption(args, 'sloth-period', DEFAULT_SLO_WINDOW_SECONDS);
  const paths = args.positionals;
  const sources = readSources(paths, io.cwd);
  const result = importSourcesPartially(sources, { periodSeconds });
  const content = renderImportedApp(result.slos, { paths, ruleNamespace, refusals: result.refusals, warnings: result.warnings });
  if (output === undefined) io.stdout(content);
  else writeFileAtomically(path.resolve(io.cwd, output), content, output);

  for (const warning of result.warnings) io.stderr(`warning: ${printable(warning)}\n`);
  for (const refusal of result.refusals) io.stderr(`error: ${printable(refusal)}\n`);
  const where = output === undefined ? 'printed the app to stdout' : `wrote ${output}`;
  io.stderr(`cdk8s-slo import: ${where}: ${result.slos.length} SLO${result.slos.length === 1 ? '' : 's'} imported, `
    + `${refusedDocuments(result.refusals)} document${refusedDocuments(result.refusals) === 1 ? '' : 's'} refused (${result.refusals.length} finding${result.refusals.length === 1 ? '' : 's'}), `
    + `${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'}\n`);
  if (result.slos.length === 0) return ExitCode.FINDINGS;
  return result.refusals.length > 0 ? ExitCode.PARTIAL : ExitCode.OK;
}

/** The YAML files under the paths, relative to the working directory as the user named them. */
function readSources(paths: readonly string[], cwd: string): SourceText[] {
  for (const entry of paths) {
    if (!fs.existsSync(path.resolve(cwd, entry))) throw CliError.badInput(entry, 'no such file or directory');
  }
  try {
    // Files are named as the user named their paths: relative stays relative.
    return paths.flatMap((entry) => readSourceTexts([path.resolve(cwd, entry)])
      .map((source) => ({ ...source, file: path.isAbsolute(entry) ? source.file : path.relative(cwd, source.file) || source.file })));
  } catch (error) {
    throw CliError.badInput(paths.join(' '), `cannot read: ${oneLine(error)}`);
  }
}

/** How many documents the refusals name (`… file document 2 …`). */
function refusedDocuments(refusals: readonly string[]): number {
  return new Set(refusals.map((refusal) => /^\w+: (.*? document \d+(?:, item \d+)?)/.exec(refusal)?.[1] ?? refusal)).size;
}

/** Text from documents, for a terminal: control characters shown escaped. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
