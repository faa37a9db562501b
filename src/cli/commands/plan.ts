import { Command } from '../command';
import { CliError } from '../cli-error';
import { ExitCode } from '../exit-codes';

/** `cdk8s-slo plan`: being built (issue 6). */
export const planCommand: Command = {
  name: 'plan',
  summary: '(being built)',
  description: '',
  positionals: [],
  options: {},
  exitCodes: [],
  examples: [],
  run: async () => {
    throw new CliError('plan is being built', ExitCode.INTERNAL);
  },
};
