/**
 * The CLI's exit codes: a contract with the scripts and CI pipelines that call it. They are documented in
 * the README ("Exit codes") and in every command's `--help`; change them only with a migration note.
 */
export const ExitCode = {
  /** The command did what was asked and found nothing wrong. */
  OK: 0,
  /** The command ran, and what it checked is wrong or absent: validation errors, rules missing or failing, nothing to report. */
  FINDINGS: 1,
  /** The command line is wrong: an unknown command or option, a missing or malformed argument. */
  USAGE: 2,
  /** An input could not be read or is malformed: a manifest, inventory, kubeconfig or services file. */
  BAD_INPUT: 3,
  /** A server could not be used: Prometheus or Kubernetes unreachable, too slow, or answering with an error, too much or the wrong shape. */
  UNAVAILABLE: 4,
  /** The command finished with part of its work failed (discover, report): the output holds what succeeded. */
  PARTIAL: 5,
  /** A bug in cdk8s-slo: please report it with the command line. No input, answer or environment should reach it. */
  INTERNAL: 70,
} as const;

export type ExitCodeValue = typeof ExitCode[keyof typeof ExitCode];

/** One line per exit code, for `--help` and the README. */
export const EXIT_CODE_HELP: ReadonlyArray<readonly [number, string]> = [
  [ExitCode.OK, 'success'],
  [ExitCode.FINDINGS, 'the command ran and found problems (validate: errors; verify: rules missing, failing or without data; report: nothing to report; plan --exit-code: changes; import: nothing importable)'],
  [ExitCode.USAGE, 'bad command line: unknown command or option, missing or malformed argument'],
  [ExitCode.BAD_INPUT, 'an input file (manifests, inventory, kubeconfig, services list) is missing or malformed, or the output file cannot be written'],
  [ExitCode.UNAVAILABLE, 'Prometheus or Kubernetes could not be reached, timed out, or answered with an error, too much (--max-answer-size), another shape than its API\'s, or (--fail-on-warnings) warnings'],
  [ExitCode.PARTIAL, 'partial results (discover: services not measured; report: SLOs without usable data; import: documents refused); the output holds the rest'],
  [ExitCode.INTERNAL, 'internal error in cdk8s-slo (a bug: please report it)'],
];
