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

/** The real process's streams, environment and clock. */
export function processIo(): CliIo {
  const stdout = closableStream(process.stdout);
  const stderr = closableStream(process.stderr);
  return {
    stdout,
    stderr,
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    now: () => Date.now(),
  };
}

/**
 * Writes to a stream until its reader goes away (`cdk8s-slo validate | head`): then later output is
 * dropped, and the command still finishes and exits with its own code, so a failure never reads as 0.
 */
function closableStream(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(io: CliIo): boolean {
  return io.stdoutIsTty && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
}
