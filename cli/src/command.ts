import { parseArgs } from 'util';
import { parsePromDuration } from 'cdk8s-slo/lib/model/duration';
import { CliError, oneLine } from './cli-error';
import { CliIo } from './cli-io';
import { EXIT_CODE_HELP, ExitCodeValue } from './exit-codes';

/** One option of a command. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  /** A one-letter alias. */
  readonly short?: string;
  /** May be given several times (values are collected in order). */
  readonly multiple?: boolean;
  /** How the value is shown in help, e.g. `URL` or `DURATION`. */
  readonly valueName?: string;
  /** Shown in help; applied by the command itself. */
  readonly defaultText?: string;
}

/** One positional argument of a command. */
export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  readonly optional?: boolean;
  /** Takes every remaining argument. */
  readonly variadic?: boolean;
}

/** What a command received, after parsing. */
export interface ParsedArgs {
  readonly options: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
}

/** A sub-command of `cdk8s-slo`. */
export interface Command {
  readonly name: string;
  /** One line, for the command list. */
  readonly summary: string;
  /** Paragraphs for `--help`. */
  readonly description: string;
  readonly positionals: readonly PositionalSpec[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Exit codes this command uses, besides 0 (shown in `--help`). */
  readonly exitCodes: readonly ExitCodeValue[];
  /** Example command lines for `--help`. */
  readonly examples: readonly string[];
  /** Runs the command; returns its exit code or throws a CliError. */
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/** `--help` and `--json` are accepted by every command. */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: 'boolean', short: 'h', description: 'show this help and exit' },
  json: { type: 'boolean', description: 'print machine-readable JSON on stdout instead of text' },
};

/** Parses a command's arguments; unknown options and missing positionals are usage errors. */
export function parseCommandArgs(command: Command, argv: readonly string[]): ParsedArgs {
  const specs = { ...COMMON_OPTIONS, ...command.options };
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, {
        type: spec.type,
        ...(spec.short ? { short: spec.short } : {}),
        ...(spec.multiple ? { multiple: true } : {}),
      }])),
    });
  } catch (error) {
    throw CliError.usage(`${oneLine(error).replace(/^TypeError \[\w+\]: /, '')} (see: cdk8s-slo ${command.name} --help)`);
  }
  const options = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (options.help) return { options, positionals: parsed.positionals };
  const required = command.positionals.filter((p) => !p.optional);
  if (parsed.positionals.length < required.length) {
    throw CliError.usage(`missing argument ${required[parsed.positionals.length].name} (see: cdk8s-slo ${command.name} --help)`);
  }
  const variadic = command.positionals.some((p) => p.variadic);
  if (!variadic && parsed.positionals.length > command.positionals.length) {
    throw CliError.usage(`unexpected argument "${parsed.positionals[command.positionals.length]}" (see: cdk8s-slo ${command.name} --help)`);
  }
  return { options, positionals: parsed.positionals };
}

/** The `--help` text of a command. */
export function commandHelp(command: Command): string {
  const args = command.positionals.map((p) => {
    const name = p.variadic ? `${p.name}...` : p.name;
    return p.optional ? `[${name}]` : name;
  });
  const lines = [`Usage: cdk8s-slo ${command.name} [options]${args.length ? ' ' + args.join(' ') : ''}`, '', command.summary, ''];
  lines.push(...command.description.trim().split('\n').map((l) => l.trimEnd()), '');
  if (command.positionals.length) {
    lines.push('Arguments:');
    for (const p of command.positionals) lines.push(`  ${p.name.padEnd(26)} ${p.description}`);
    lines.push('');
  }
  lines.push('Options:');
  for (const [name, spec] of Object.entries({ ...command.options, ...COMMON_OPTIONS })) {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
    const extra = [spec.multiple ? '(repeatable)' : '', spec.defaultText ? `(default: ${spec.defaultText})` : ''].filter(Boolean).join(' ');
    lines.push(`  ${flag.padEnd(26)} ${spec.description}${extra ? ' ' + extra : ''}`);
  }
  lines.push('', 'Exit codes:');
  const codes = new Set<number>([0, ...command.exitCodes]);
  for (const [code, meaning] of EXIT_CODE_HELP) {
    if (codes.has(code)) lines.push(`  ${String(code).padEnd(3)} ${meaning}`);
  }
  if (command.examples.length) {
    lines.push('', 'Examples:');
    for (const example of command.examples) lines.push(`  ${example}`);
  }
  return lines.join('\n') + '\n';
}

// Typed accessors: a command reads its options through these, so a wrong value is a usage error naming the flag.

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options[name];
  return typeof value === 'string' ? value : undefined;
}

export function stringListOption(args: ParsedArgs, name: string): string[] {
  const value = args.options[name];
  if (Array.isArray(value)) return value;
  return typeof value === 'string' ? [value] : [];
}

export function booleanOption(args: ParsedArgs, name: string): boolean {
  return args.options[name] === true;
}

/**
 * The output format: `--format`, or `--json` (which means `--format json`; both with different values is a
 * usage error). Must be one of `formats`.
 */
export function outputFormatOption<T extends string>(args: ParsedArgs, formats: readonly T[], defaultFormat: T): T {
  const requested = stringOption(args, 'format');
  const json = booleanOption(args, 'json');
  if (json && requested !== undefined && requested !== 'json') {
    throw CliError.usage(`--json and --format ${requested} contradict each other: give one of them`);
  }
  const format = json ? 'json' : requested ?? defaultFormat;
  if (!(formats as readonly string[]).includes(format)) throw CliError.usage(`--format "${format}" must be one of ${formats.join(', ')}`);
  return format as T;
}

/** A Prometheus-style duration (`30s`, `5m`, `7d`, `1h30m`) in seconds. */
export function durationOption(args: ParsedArgs, name: string, defaultSeconds: number): number {
  const value = stringOption(args, name);
  if (value === undefined) return defaultSeconds;
  try {
    const seconds = parsePromDuration(value);
    if (seconds <= 0) throw new Error('must be longer than zero');
    if (!Number.isSafeInteger(Math.ceil(seconds))) throw new Error('is too long');
    return seconds;
  } catch (error) {
    throw CliError.usage(`--${name} "${value}" is not a duration like 30s, 5m or 7d: ${oneLine(error)}`);
  }
}

/** A number within [min, max]. */
export function numberOption(args: ParsedArgs, name: string, defaultValue: number, min: number, max: number): number {
  const value = stringOption(args, name);
  if (value === undefined) return defaultValue;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < min || parsed > max) {
    throw CliError.usage(`--${name} "${value}" must be a number from ${min} to ${max}`);
  }
  return parsed;
}

/** The longest a Node.js timer can wait: 2^31 - 1 ms (about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/**
 * A timeout in seconds, as `durationOption`, and at most what a Node.js timer can hold: a longer one is a
 * usage error (rather than a timer that fires at once, or a silent change of what was asked).
 */
export function timeoutOption(args: ParsedArgs, name: string, defaultSeconds: number): number {
  const seconds = durationOption(args, name, defaultSeconds);
  if (seconds > MAX_TIMER_SECONDS) {
    throw CliError.usage(`--${name} "${stringOption(args, name)}" is longer than Node.js timers can wait (about 24.8 days): give at most 24d`);
  }
  return seconds;
}

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, 'b': 1, 'kb': 1024, 'k': 1024, 'mb': 1024 ** 2, 'm': 1024 ** 2, 'gb': 1024 ** 3, 'g': 1024 ** 3 };

/** A size in bytes: `64MB`, `512KB`, `1GB` (units of 1024) or a number of bytes; from 1 KB to `maxBytes`. */
export function sizeOption(args: ParsedArgs, name: string, defaultBytes: number, maxBytes: number): number {
  const value = stringOption(args, name);
  if (value === undefined) return defaultBytes;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = match ? SIZE_UNITS[match[2].toLowerCase()] : undefined;
  const bytes = match && unit !== undefined ? Math.floor(Number(match[1]) * unit) : NaN;
  if (!Number.isFinite(bytes) || bytes < 1024 || bytes > maxBytes) {
    throw CliError.usage(`--${name} "${value}" must be a size from 1KB to ${maxBytes / 1024 ** 2}MB, like 64MB or 512KB`);
  }
  return bytes;
}

/**
 * `--output FILE`: undefined for stdout, which is also what `-o -` asks for (the usual convention); an
 * empty name is a usage error.
 */
export function outputOption(args: ParsedArgs, commandName: string): string | undefined {
  const value = stringOption(args, 'output');
  if (value === '') throw CliError.usage(`--output needs a file name, or - for stdout (see: cdk8s-slo ${commandName} --help)`);
  return value === '-' ? undefined : value;
}
