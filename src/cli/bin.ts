#!/usr/bin/env node
import { processIo } from './cli-io';
import { runCli } from './main';

// A reader that stops early (`cdk8s-slo plan | head`) closes the pipe: stop quietly, as other tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// The `cdk8s-slo` executable (package.json "bin"). The exit code is set, not forced, so pending output flushes.
runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`cdk8s-slo: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 70;
  },
);
