/**
 * The streams every command writes to, made safe once for all output: control characters are escaped
 * (see terminal-text.ts), and the credentials the command line and environment carry (the password and
 * query values of the Prometheus URL, the bearer token) are replaced by `***` wherever they would appear.
 * Messages are built without credentials in the first place; this is the net under them.
 */
import { CliIo } from '../cli-io';
import { terminalSafe, terminalSafeKeepingOwnSequences } from './terminal-text';
import { REDACTED } from '../prometheus/prometheus-url';

/** Shorter values are not replaced: a short word replaced everywhere would garble output (and JSON). */
const MIN_SCRUBBED_LENGTH = 6;

/** `io` with both streams escaped and scrubbed of the credentials in `argv` and `io.env`. */
export function protectedIo(io: CliIo, argv: readonly string[]): CliIo {
  const secrets = credentialsOf(argv, io.env);
  const scrub = (text: string) => secrets.reduce((result, secret) => result.split(secret).join(REDACTED), text);
  const safe = (tty: boolean) => (text: string) => scrub(tty ? terminalSafeKeepingOwnSequences(text) : terminalSafe(text));
  const stdout = safe(io.stdoutIsTty);
  const stderr = safe(io.stderrIsTty);
  return { ...io, stdout: (text) => io.stdout(stdout(text)), stderr: (text) => io.stderr(stderr(text)) };
}

/**
 * The credentials of `--prometheus-url` and `--rules-url` values, PROMETHEUS_URL, PROMETHEUS_BEARER_TOKEN
 * and the values of `--header`, longest first.
 */
export function credentialsOf(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): string[] {
  const urls = [...optionValues(argv, '--prometheus-url'), ...optionValues(argv, '--rules-url')];
  if (env.PROMETHEUS_URL) urls.push(env.PROMETHEUS_URL);
  const found = urls.flatMap(urlCredentials);
  for (const header of optionValues(argv, '--header')) {
    const colon = header.indexOf(':');
    if (colon >= 0) found.push(header.slice(colon + 1).trim());
  }
  if (env.PROMETHEUS_BEARER_TOKEN) found.push(env.PROMETHEUS_BEARER_TOKEN.trim());
  // Each as written, percent-decoded or encoded, and as JSON and the terminal escaping write it.
  const variants = found
    .flatMap((secret) => [secret, decodeSafely(secret), encodeURIComponent(secret)])
    .flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1), terminalSafe(secret)]);
  return [...new Set(variants)].filter((s) => s.length >= MIN_SCRUBBED_LENGTH).sort((a, b) => b.length - a.length);
}

/** Every value of a string option, as `--name VALUE` or `--name=VALUE`. */
function optionValues(argv: readonly string[], option: string): string[] {
  const values: string[] = [];
  argv.forEach((arg, index) => {
    if (arg === option && argv[index + 1] !== undefined) values.push(argv[index + 1]);
    else if (arg.startsWith(`${option}=`)) values.push(arg.slice(option.length + 1));
  });
  return values;
}

/** The userinfo (whole, and its password) and every query value of a URL-like text, parsed or not. */
function urlCredentials(text: string): string[] {
  const found: string[] = [];
  // As redactUrlText reads it: the userinfo runs from the scheme to the last `@`, whatever it holds.
  const schemeEnd = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0].length ?? 0;
  const at = text.lastIndexOf('@');
  if (at >= schemeEnd) {
    const userinfo = text.slice(schemeEnd, at);
    found.push(userinfo);
    const colon = userinfo.indexOf(':');
    if (colon >= 0) found.push(userinfo.slice(colon + 1));
  }
  const query = /[?#](.*)$/s.exec(at >= schemeEnd ? text.slice(at + 1) : text);
  if (query) {
    for (const part of query[1].split(/[&#]/)) {
      const equals = part.indexOf('=');
      found.push(equals >= 0 ? part.slice(equals + 1) : part);
    }
  }
  return found.filter((s) => s !== '');
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
