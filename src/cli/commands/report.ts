import { Command } from '../command';
import { CliError } from '../cli-error';
import { ExitCode } from '../exit-codes';

/** `cdk8s-slo report`: being built (issue 6). */
export const reportCommand: Command = {
  name: 'report',
  summary: '(being built)',
  description: '',
  positionals: [],
  options: {},
  exitCodes: [],
  examples: [],
  run: async () => {
    throw new CliError('report is being built', ExitCode.INTERNAL);
  },
};
