import { ExitCode, ExitCodeValue } from './exit-codes';

/**
 * An error the CLI reports as one line on stderr, without a stack trace, and exits with `exitCode`.
 * Everything a user can cause (bad flags, bad files, servers down) is a CliError; anything else is a bug.
 */
export class CliError extends Error {
  /** A bad command line. */
  public static usage(message: string): CliError {
    return new CliError(message, ExitCode.USAGE);
  }

  /** An input file that is missing or malformed; `source` names it (and where in it, when known). */
  public static badInput(source: string, message: string): CliError {
    return new CliError(`${source}: ${message}`, ExitCode.BAD_INPUT);
  }

  /** A server that could not be used. */
  public static unavailable(message: string): CliError {
    return new CliError(message, ExitCode.UNAVAILABLE);
  }

  public constructor(message: string, public readonly exitCode: ExitCodeValue) {
    super(message);
    this.name = 'CliError';
  }
}

/** The message of anything thrown, on one line. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
