import { Command } from '../command';
import { CliError } from '../cli-error';
import { ExitCode } from '../exit-codes';

/** `cdk8s-slo validate`: being built (issue 6). */
export const validateCommand: Command = {
  name: 'validate',
  summary: '(being built)',
  description: '',
  positionals: [],
  options: {},
  exitCodes: [],
  examples: [],
  run: async () => {
    throw new CliError('validate is being built', ExitCode.INTERNAL);
  },
};
