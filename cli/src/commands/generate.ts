import * as fs from 'fs';
import * as path from 'path';
import { formatPercent } from 'cdk8s-slo/lib/model/decimal';
import { formatSeconds } from 'cdk8s-slo/lib/model/duration';
import { ServiceInventory } from 'cdk8s-slo/lib/planning/service-inventory';
import { JsonFieldError, readServiceInventory } from 'cdk8s-slo/lib/planning/service-inventory-reader';
import { GenerationPlan, planSloGeneration } from 'cdk8s-slo/lib/planning/slo-generation';
import { sloInventoryOf } from 'cdk8s-slo/lib/planning/slo-inventory';
import { CliError, oneLine } from '../cli-error';
import { CliIo, useColor } from '../cli-io';
import { booleanOption, Command, outputOption, ParsedArgs, stringOption } from '../command';
import { ExitCode } from '../exit-codes';
import { renderTypeScriptApp } from '../generation/typescript-app';
import { checkNestingDepth, NestingTooDeepError } from '../manifests/nesting-depth';
import { sameFile, writeFileAtomically } from '../output/atomic-write';
import { Palette } from '../output/color';
import { renderTable } from '../output/table';

const FORMATS = ['typescript', 'inventory'] as const;
type Format = typeof FORMATS[number];

const DEFAULT_RULE_NAMESPACE = 'monitoring';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `cdk8s-slo generate`: SLOs for the services `discover` found, as a cdk8s app or an SLO inventory. */
export const generateCommand: Command = {
  name: 'generate',
  summary: 'turn a discovered-services inventory into SLOs: a TypeScript cdk8s app or an SLO inventory',
  description: `
Reads the ServiceInventory JSON written by "cdk8s-slo discover" and plans SLOs for each service:
- skips services in non-production namespaces (development, dev, test, testing, qa, staging, stage, stg,
  sandbox, as the namespace or a "-"-separated part of it), services under 0.1 QPS on average, services
  without error data, and batch, streaming and database services (discovery measures HTTP requests,
  which do not describe them), and says why for each;
- picks the template from the service-type label or annotation (api by default, web for web/frontend),
  and the tier from the tier label or, without one, by score (revenue-impact +3, customer-facing +2,
  over 1000 QPS +2, data-sensitivity=high +1; web services count as customer-facing);
- sets the latency threshold at the observed p95 x 1.2, rounded up to the next default histogram bucket
  (0.005 .. 10s), with a 95% latency target (the p95 says no more was met);
- with --progressive, starts each target no stricter than what the service achieved over the lookback,
  rounded down to a tier target (99.95, 99.9, 99.5, 99, 95%), and records the tier's target as the goal to
  ratchet toward, so new SLOs do not page on day one. Without it, a service that achieved less than its
  tier's target gets that target and a warning: its burn-rate alerts would fire at once.

--format typescript (the default) writes a cdk8s app to commit and edit, with a comment per service that
says why; --format inventory writes JSON for SloCatalog.fromInventory(chart, 'slos', { file }). The output
is written whole or not at all; without --output it goes to stdout and the summary to stderr.`,
  positionals: [{ name: 'INVENTORY', description: 'the ServiceInventory JSON written by cdk8s-slo discover' }],
  options: {
    'output': { type: 'string', short: 'o', valueName: 'FILE', description: 'write the result to FILE (atomically); - is stdout', defaultText: 'stdout' },
    'format': { type: 'string', valueName: 'FORMAT', description: 'typescript (a cdk8s app) or inventory (JSON for SloCatalog)', defaultText: 'typescript' },
    'progressive': { type: 'boolean', description: 'start targets at what each service achieved, rounded down to a tier target; record the goal' },
    'rule-namespace': { type: 'string', valueName: 'NAME', description: 'the namespace of the generated PrometheusRules (typescript only)', defaultText: DEFAULT_RULE_NAMESPACE },
  },
  exitCodes: [ExitCode.USAGE, ExitCode.BAD_INPUT],
  examples: [
    'cdk8s-slo generate inventory.json --output slos.ts',
    'cdk8s-slo generate inventory.json --progressive --output slos.ts',
    'cdk8s-slo generate inventory.json --format inventory --output slo-inventory.json --json',
  ],
  run: runGenerate,
};

async function runGenerate(args: ParsedArgs, io: CliIo): Promise<number> {
  const format = formatOption(args);
  const progressive = booleanOption(args, 'progressive');
  const json = booleanOption(args, 'json');
  const output = outputOption(args, 'generate');
  const ruleNamespace = stringOption(args, 'rule-namespace');
  const inventoryFile = args.positionals[0];
  if (json && output === undefined) {
    throw CliError.usage('--json prints a summary on stdout, so the result needs --output FILE (see: cdk8s-slo generate --help)');
  }
  if (ruleNamespace !== undefined) {
    if (format !== 'typescript') throw CliError.usage('--rule-namespace applies to --format typescript only; SloCatalog goes in your own chart');
    if (!DNS_LABEL.test(ruleNamespace) || ruleNamespace.length > 63) {
      throw CliError.usage(`--rule-namespace "${ruleNamespace}" is not a Kubernetes namespace name (lowercase letters, digits and "-")`);
    }
  }
  const inventoryPath = path.resolve(io.cwd, inventoryFile);
  const outputPath = output === undefined ? undefined : path.resolve(io.cwd, output);
  if (outputPath !== undefined && sameFile(outputPath, inventoryPath)) {
    throw CliError.usage(`--output ${output} is the inventory itself; write the result to another file`);
  }

  const inventory = readInventoryFile(inventoryFile, inventoryPath);
  const plan = planSloGeneration(inventory, { progressive });
  const content = format === 'typescript'
    ? renderTypeScriptApp(plan, inventory, { inventoryFile, ruleNamespace: ruleNamespace ?? DEFAULT_RULE_NAMESPACE, progressive })
    : JSON.stringify(sloInventoryOf(plan, inventory, progressive), null, 2) + '\n';

  if (outputPath === undefined) {
    io.stdout(content);
    io.stderr(textSummary(plan, format, undefined, new Palette(false)));
    return ExitCode.OK;
  }
  writeFileAtomically(outputPath, content, output!);
  if (json) {
    io.stdout(JSON.stringify(jsonSummary(plan, inventory, inventoryFile, output!, format, progressive), null, 2) + '\n');
  } else {
    io.stdout(textSummary(plan, format, output, new Palette(useColor(io))));
  }
  return ExitCode.OK;
}

function formatOption(args: ParsedArgs): Format {
  const value = stringOption(args, 'format') ?? 'typescript';
  if (!(FORMATS as readonly string[]).includes(value)) {
    throw CliError.usage(`--format "${value}" must be one of ${FORMATS.join(', ')}`);
  }
  return value as Format;
}

/** Reads and checks the inventory; any problem is exit 3 naming the file (and the JSON path). */
function readInventoryFile(name: string, fullPath: string): ServiceInventory {
  let text: string;
  try {
    text = fs.readFileSync(fullPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : oneLine(error);
    throw CliError.badInput(name, `cannot read the inventory: ${why}`);
  }
  try {
    checkNestingDepth(text);
    return readServiceInventory(text);
  } catch (error) {
    if (error instanceof JsonFieldError) throw CliError.badInput(name, error.message);
    if (error instanceof NestingTooDeepError) throw CliError.badInput(name, `is ${error.message}`);
    throw error;
  }
}

function jsonSummary(
  plan: GenerationPlan, inventory: ServiceInventory, inventoryFile: string, output: string, format: Format, progressive: boolean,
): unknown {
  const services = sloInventoryOf(plan, inventory, progressive).services;
  return {
    inventory: inventoryFile,
    output,
    format,
    progressive,
    // warnings: targets the service did not achieve (also in notes, as in the SLO inventory)
    generated: services.map((service, index) => ({ name: plan.services[index].name, ...service, warnings: plan.services[index].warnings })),
    skipped: plan.skipped,
    discoveryFailures: inventory.failures,
  };
}

function textSummary(plan: GenerationPlan, format: Format, output: string | undefined, palette: Palette): string {
  const lines: string[] = [];
  const where = output === undefined ? `Printed the ${format} to stdout` : `Wrote ${output} (${format})`;
  lines.push(`${where}: ${plan.services.length} service${plan.services.length === 1 ? '' : 's'} with SLOs, ${plan.skipped.length} skipped.`);
  if (plan.services.length > 0) {
    lines.push('');
    const rows = plan.services.map((s) => [
      s.service,
      printable(s.namespace),
      s.template,
      s.tier,
      targetText(s.availability.target, s.availability.goalTarget),
      s.latency ? `${targetText(s.latency.target, s.latency.goalTarget)} within ${formatSeconds(s.latency.thresholdSeconds)}` : palette.dim('none'),
    ]);
    lines.push(renderTable(['SERVICE', 'NAMESPACE', 'TEMPLATE', 'TIER', 'AVAILABILITY', 'LATENCY'], rows).trimEnd());
  }
  const warned = plan.services.filter((s) => s.warnings.length > 0);
  if (warned.length > 0) {
    lines.push('', 'Warnings:');
    for (const service of warned) {
      for (const warning of service.warnings) lines.push(`  ${palette.yellow(service.service)}: ${printable(warning)}`);
    }
  }
  if (plan.skipped.length > 0) {
    lines.push('', 'Skipped:');
    for (const skipped of plan.skipped) {
      lines.push(`  ${palette.yellow(printable(`${skipped.namespace}/${skipped.name}`))}: ${printable(skipped.reasons.join('; '))}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Text from the inventory, for a terminal: control characters (escape sequences, line breaks) shown escaped. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `99.5%`, or `99.5% (goal 99.95%)` for a progressive start. */
function targetText(target: number, goal: number | undefined): string {
  return goal === undefined ? formatPercent(target) : `${formatPercent(target)} (goal ${formatPercent(goal)})`;
}
