/**
 * Everything a command touches outside its arguments: output streams, the terminal, the environment,
 * the working directory and the clock. Tests pass their own to run commands in-process.
 */
export interface CliIo {
  /** Writes to standard output (results). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error (diagnostics, progress). */
  readonly stderr: (text: string) => void;
  /** Whether stdout is a terminal: colours and tables are for terminals only. */
  readonly stdoutIsTty: boolean;
  /** Whether stderr is a terminal: the progress bar is drawn only there. */
  readonly stderrIsTty: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative paths are resolved against this directory. */
  readonly cwd: string;
  /** Milliseconds since the epoch; commands that look back in time ask this clock. */
  readonly now: () => number;
}

/** The real process's streams: a CliIo, and whether writing to them failed. */
export interface ProcessIo extends CliIo {
  /** Why stdout or stderr could not be written (a full disk, a closed descriptor), when they could not. */
  readonly writeFailure: () => string | undefined;
}

/** The real process's streams, environment and clock. */
export function processIo(): ProcessIo {
  let failure: string | undefined;
  const failed = (name: string) => (error: NodeJS.ErrnoException) => {
    failure ??= `cannot write to ${name}: ${error.code === 'ENOSPC' ? 'no space left on the device' : error.code ?? error.message}`;
  };
  const stdout = closableStream(process.stdout, failed('stdout'));
  const stderr = closableStream(process.stderr, failed('stderr'));
  return {
    stdout,
    stderr,
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    now: () => Date.now(),
    writeFailure: () => failure,
  };
}

/**
 * Writes to a stream until its reader goes away (`cdk8s-slo validate | head`): then later output is
 * dropped, and the command still finishes and exits with its own code, so a failure never reads as 0.
 * Any other failure to write (a full disk: `> /dev/full`) stops writing too, and is told to `onFailure`.
 */
function closableStream(stream: NodeJS.WriteStream, onFailure: (error: NodeJS.ErrnoException) => void): (text: string) => void {
  let closed = false;
  const close = (error: NodeJS.ErrnoException) => {
    closed = true;
    if (error.code !== 'EPIPE') onFailure(error);
  };
  stream.on('error', close);
  return (text) => {
    if (closed) return;
    try {
      // Files are written synchronously: their errors are thrown here rather than emitted.
      stream.write(text);
    } catch (error) {
      close(error as NodeJS.ErrnoException);
    }
  };
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(io: CliIo): boolean {
  return io.stdoutIsTty && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
}
