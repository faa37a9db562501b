import { Command } from '../command';
import { CliError } from '../cli-error';
import { ExitCode } from '../exit-codes';

/** `cdk8s-slo status`: being built (issue 6). */
export const statusCommand: Command = {
  name: 'status',
  summary: '(being built)',
  description: '',
  positionals: [],
  options: {},
  exitCodes: [],
  examples: [],
  run: async () => {
    throw new CliError('status is being built', ExitCode.INTERNAL);
  },
};
