/**
 * Extra HTTP headers for every request to the query API: `--header 'Name: value'` (repeatable) and
 * `--tenant ID` (or PROMETHEUS_TENANT), which is `X-Scope-OrgID`, the tenant header of Mimir, Cortex and
 * Loki. Values may hold secrets (an API key, a proxy token): no message ever shows a value, only the
 * header's name, and a value can never smuggle a line break into the request (another header).
 */
import { CliError } from '../cli-error';

/** The tenant header of Mimir and Cortex (their gateways answer 401 "no org id" without it). */
export const TENANT_HEADER = 'X-Scope-OrgID';

/** A header name: an HTTP token (RFC 9110, section 5.6.2). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A header value: visible ASCII and Latin-1, spaces and tabs inside; no control characters, so no CR or LF. */
// eslint-disable-next-line no-control-regex
const HEADER_VALUE_FORBIDDEN = /[\u0000-\u0008\u000a-\u001f\u007f]|[^\u0000-\u00ff]/;
/** A Mimir tenant ID: letters, digits and `!-_.*'()`, up to 150 characters; `|` joins tenants for federated queries. */
const TENANT_ID = /^[A-Za-z0-9!\-_.*'()]{1,150}$/;

/**
 * Headers that frame the request or are the client's own: one given on the command line would break the
 * request (or the HTTP exchange itself) rather than pass something to a proxy.
 */
const RESERVED = new Set(['host', 'content-length', 'content-type', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect', 'proxy-connection']);

/** What the header options are checked against. */
export interface HeaderSources {
  /** Every `--header` value, in order. */
  readonly headers: readonly string[];
  /** `--tenant`, else PROMETHEUS_TENANT; `tenantSource` names which. */
  readonly tenant?: string;
  readonly tenantSource?: string;
  /** What already sends `Authorization` (a bearer token, the URL's user:password), if anything. */
  readonly authorizationSource?: string;
}

/**
 * The headers to send, as `[name, value]` pairs in the order given. Bad input is a usage error naming
 * the header (by position and name) and what is wrong, never its value.
 */
export function requestHeaders(sources: HeaderSources): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  const seen = new Map<string, number>();
  sources.headers.forEach((text, index) => {
    const position = `--header #${index + 1}`;
    const colon = text.indexOf(':');
    if (colon < 0) throw CliError.usage(`${position} must be "Name: value" (no colon found)`);
    const name = withoutOptionalWhitespace(text.slice(0, colon));
    const value = withoutOptionalWhitespace(text.slice(colon + 1));
    if (!HEADER_NAME.test(name)) {
      throw CliError.usage(`${position} has no valid header name before the colon (letters, digits and !#$%&'*+.^_\`|~- only)`);
    }
    const lower = name.toLowerCase();
    if (RESERVED.has(lower)) throw CliError.usage(`${position} (${name}) cannot be set: cdk8s-slo sets it itself for every request`);
    if (HEADER_VALUE_FORBIDDEN.test(value)) {
      throw CliError.usage(`${position} (${name}) has a control character (such as a line break) or a character outside Latin-1 in its value; the value is not shown`);
    }
    if (lower === 'authorization' && sources.authorizationSource) {
      throw CliError.usage(`${position} (Authorization) conflicts with ${sources.authorizationSource}, which already sends Authorization: give only one of them`);
    }
    if (lower === TENANT_HEADER.toLowerCase() && sources.tenant !== undefined) {
      throw CliError.usage(`${position} (${name}) conflicts with ${sources.tenantSource ?? '--tenant'}, which sends ${TENANT_HEADER}: give only one of them`);
    }
    const earlier = seen.get(lower);
    if (earlier !== undefined) throw CliError.usage(`${position} (${name}) repeats --header #${earlier}: give each header once`);
    seen.set(lower, index + 1);
    headers.push([name, value]);
  });
  if (sources.tenant !== undefined) headers.push([TENANT_HEADER, checkedTenant(sources.tenant, sources.tenantSource ?? '--tenant')]);
  return headers;
}

/** HTTP's optional whitespace (spaces and tabs) around a value; other characters are the value's own, and checked. */
function withoutOptionalWhitespace(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

/** A tenant ID, or several joined with `|` (Mimir's tenant federation). */
function checkedTenant(tenant: string, source: string): string {
  const tenants = tenant.trim().split('|');
  for (const id of tenants) {
    if (!TENANT_ID.test(id) || id === '.' || id === '..') {
      throw CliError.usage(`${source} "${tenant.slice(0, 160)}" is not a tenant ID: 1 to 150 letters, digits or !-_.*'() (not "." or ".."), several joined with |`);
    }
  }
  return tenants.join('|');
}
