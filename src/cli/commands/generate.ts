import { Command } from '../command';
import { CliError } from '../cli-error';
import { ExitCode } from '../exit-codes';

/** `cdk8s-slo generate`: being built (issue 6). */
export const generateCommand: Command = {
  name: 'generate',
  summary: '(being built)',
  description: '',
  positionals: [],
  options: {},
  exitCodes: [],
  examples: [],
  run: async () => {
    throw new CliError('generate is being built', ExitCode.INTERNAL);
  },
};
