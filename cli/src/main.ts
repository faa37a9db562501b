import { CliError, oneLine } from './cli-error';
import { CliIo } from './cli-io';
import { Command, commandHelp, parseCommandArgs } from './command';
import { COMMANDS } from './commands';
import { EXIT_CODE_HELP, ExitCode } from './exit-codes';
import { protectedIo } from './output/protected-io';

/** The package version, read at run time so the CLI never disagrees with package.json. */
function packageVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../../package.json').version;
  } catch {
    return 'unknown';
  }
}

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: cdk8s-slo <command> [options]',
    '',
    'Service Level Objectives as code: discover services, generate SLOs, and validate, plan, watch,',
    'report on and verify them.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "cdk8s-slo <command> --help" for a command\'s options and examples.',
    '',
    'Exit codes:',
    ...EXIT_CODE_HELP.map(([code, meaning]) => `  ${String(code).padEnd(3)} ${meaning}`),
    '',
  ].join('\n');
}

/**
 * Runs the CLI with `argv` (without the node and script paths) and returns the exit code. Errors a user
 * can cause are printed as one line on stderr; nothing here ever prints a stack trace. Output is escaped
 * for terminals and scrubbed of credentials (protectedIo).
 */
export async function runCli(argv: readonly string[], rawIo: CliIo): Promise<number> {
  // Every byte printed from here on is escaped for terminals and free of the credentials given.
  const io = protectedIo(rawIo, argv);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const command = name === 'help' && rest[0] ? findCommand(rest[0]) : undefined;
    io.stdout(command ? commandHelp(command) : mainHelp());
    return name === undefined ? ExitCode.USAGE : ExitCode.OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${packageVersion()}\n`);
    return ExitCode.OK;
  }
  const command = findCommand(name);
  if (!command) {
    io.stderr(`cdk8s-slo: unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')} (see: cdk8s-slo --help)\n`);
    return ExitCode.USAGE;
  }
  try {
    const args = parseCommandArgs(command, rest);
    if (args.options.help) {
      io.stdout(commandHelp(command));
      return ExitCode.OK;
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`cdk8s-slo ${command.name}: ${oneLine(error)}\n`);
      return error.exitCode;
    }
    io.stderr(`cdk8s-slo ${command.name}: internal error: ${oneLine(error)} (this is a bug in cdk8s-slo; please report it with the command line)\n`);
    if (io.env.CDK8S_SLO_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return ExitCode.INTERNAL;
  }
}

function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
