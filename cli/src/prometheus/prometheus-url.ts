/**
 * The Prometheus base URL as given (flag or environment), split into what requests need and what
 * messages may show. Credentials travel two ways in such URLs: userinfo (`http://user:password@host`),
 * which becomes basic auth, and query parameters (`?token=…`, as some proxies expect), which are sent with
 * every request. Neither is ever shown: messages, `--json` output and written files carry `displayUrl`.
 */
import { CliError } from '../cli-error';

/** What query parameter values are shown as. */
export const REDACTED = '***';

export interface PrometheusEndpoint {
  /** The base URL for messages: no userinfo, query values redacted, no trailing slash. */
  readonly displayUrl: string;
  /** Basic-auth credentials from the userinfo, percent-decoded. */
  readonly basicAuth?: { readonly username: string; readonly password: string };
  /** The URL of an API path (`/api/v1/query`): the path goes after the base path, the query is kept. */
  requestUrl(apiPath: string): string;
}

/**
 * Parses a base URL; `source` names where it came from (`--prometheus-url` or `PROMETHEUS_URL`), and a
 * bad value is a usage error that names that source and shows the value with its secrets redacted.
 */
export function parsePrometheusUrl(value: string, source: string): PrometheusEndpoint {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw CliError.usage(`${source} "${redactUrlText(value)}" is not a URL (expected e.g. http://prometheus:9090)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw CliError.usage(`${source} "${redactUrlText(value)}" must be an http:// or https:// URL`);
  }
  if (url.hash !== '') throw CliError.usage(`${source} "${redactUrlText(value)}" must not have a #fragment`);
  const basicAuth = url.username || url.password
    ? { username: decodeSafely(url.username), password: decodeSafely(url.password) }
    : undefined;
  url.username = '';
  url.password = '';
  const basePath = url.pathname.replace(/\/+$/, '');
  const query = url.search;
  const origin = `${url.protocol}//${url.host}`;
  return {
    displayUrl: `${origin}${basePath}${redactQuery(url.searchParams)}`,
    basicAuth,
    requestUrl: (apiPath) => `${origin}${basePath}${apiPath}${query}`,
  };
}

/**
 * A URL-like text with anything that may be a secret replaced: the userinfo before an `@` and the values
 * of query parameters. Works on text that does not parse as a URL, too (for the messages about it), so
 * it is cautious: everything up to the last `@` counts as userinfo, since a password may hold `/`, `?`
 * or `#` that a parser would take for the end of the authority.
 */
export function redactUrlText(text: string): string {
  const schemeEnd = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0].length ?? 0;
  const at = text.lastIndexOf('@');
  const prefix = at >= schemeEnd ? `${text.slice(0, schemeEnd)}${REDACTED}@` : text.slice(0, schemeEnd);
  const rest = at >= schemeEnd ? text.slice(at + 1) : text.slice(schemeEnd);
  const queryAt = rest.search(/[?#]/);
  if (queryAt < 0) return `${prefix}${rest}`;
  const parameters = rest.slice(queryAt + 1).split(/[&#]/).map((part) => redactParameter(part.split('=')[0], part.includes('=') ? 'x' : ''));
  return `${prefix}${rest.slice(0, queryAt)}${rest[queryAt]}${parameters.join('&')}`;
}

function redactQuery(params: URLSearchParams): string {
  const parts = [...params.entries()].map(([name, value]) => redactParameter(name, value));
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/** `name=***`; a parameter without a value may be the secret itself and is shown as `***`. */
function redactParameter(name: string, value: string): string {
  return value === '' || name === '' ? REDACTED : `${encodeURIComponent(decodeSafely(name))}=${REDACTED}`;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
