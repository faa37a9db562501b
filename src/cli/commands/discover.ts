import { Command } from '../command';
import { CliError } from '../cli-error';
import { ExitCode } from '../exit-codes';

/** `cdk8s-slo discover`: being built (issue 6). */
export const discoverCommand: Command = {
  name: 'discover',
  summary: '(being built)',
  description: '',
  positionals: [],
  options: {},
  exitCodes: [],
  examples: [],
  run: async () => {
    throw new CliError('discover is being built', ExitCode.INTERNAL);
  },
};
