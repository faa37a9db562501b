#!/usr/bin/env node
import { oneLine } from './cli-error';
import { processIo } from './cli-io';
import { runCli } from './main';
import { terminalSafe } from './output/terminal-text';
import { printProcessWarningsOnce } from './process-warnings';

// The `cdk8s-slo` executable (package.json "bin"). The exit code is set, not forced, so pending output flushes.
printProcessWarningsOnce((text) => process.stderr.write(text));
runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`cdk8s-slo: internal error: ${terminalSafe(oneLine(error))}\n`);
    process.exitCode = 70;
  },
);
