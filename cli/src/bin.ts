#!/usr/bin/env node
import { oneLine } from './cli-error';
import { ProcessIo, processIo } from './cli-io';
import { ExitCode } from './exit-codes';
import { runCli } from './main';
import { terminalSafe } from './output/terminal-text';
import { printProcessWarningsOnce } from './process-warnings';

// The `cdk8s-slo` executable (package.json "bin"). The exit code is set, not forced, so pending output flushes.
printProcessWarningsOnce((text) => process.stderr.write(text));
let io: ProcessIo;
try {
  io = processIo();
} catch (error) {
  // process.cwd() fails when the working directory was removed: relative paths mean nothing then.
  process.stderr.write(`cdk8s-slo: the current directory cannot be used: ${terminalSafe(oneLine(error))}\n`);
  process.exit(ExitCode.BAD_INPUT);
}
runCli(process.argv.slice(2), io).then(
  (code) => {
    const failure = io.writeFailure();
    if (failure !== undefined) {
      // The result was lost: say so where it can still be said, and never exit 0.
      process.stderr.write(`cdk8s-slo: ${failure}\n`, () => undefined);
      process.exitCode = code === ExitCode.OK ? ExitCode.BAD_INPUT : code;
      return;
    }
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`cdk8s-slo: internal error: ${terminalSafe(oneLine(error))}\n`);
    process.exitCode = 70;
  },
);
