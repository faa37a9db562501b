import { Command } from '../command';
import { CliError } from '../cli-error';
import { ExitCode } from '../exit-codes';

/** `cdk8s-slo verify`: being built (issue 6). */
export const verifyCommand: Command = {
  name: 'verify',
  summary: '(being built)',
  description: '',
  positionals: [],
  options: {},
  exitCodes: [],
  examples: [],
  run: async () => {
    throw new CliError('verify is being built', ExitCode.INTERNAL);
  },
};
