#!/usr/bin/env node
import { processIo } from './cli-io';
import { runCli } from './main';

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
