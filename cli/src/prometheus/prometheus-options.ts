import { CliError } from '../cli-error';
import { CliIo } from '../cli-io';
import { booleanOption, OptionSpec, ParsedArgs, sizeOption, stringListOption, stringOption, timeoutOption } from '../command';
import { formatBytes } from './bounded-body';
import { PrometheusApi } from './prometheus-api';
import { parsePrometheusUrl, PrometheusEndpoint } from './prometheus-url';
import { requestHeaders, TENANT_HEADER } from './request-headers';

/** Answers larger than this are refused unless --max-answer-size raises it. */
export const DEFAULT_MAX_ANSWER_BYTES = 64 * 1024 ** 2;
/** The largest answer the CLI can hold as one string (V8's limit is about 512 MB of text). */
export const MAX_ANSWER_BYTES_LIMIT = 512 * 1024 ** 2;

/** Options of every command that talks to Prometheus. */
export const PROMETHEUS_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'prometheus-url': {
    type: 'string',
    valueName: 'URL',
    description: 'base URL of the Prometheus API, with any path prefix: http://prometheus.monitoring:9090, http://mimir:8080/prometheus (user:password@ and ?query parameters are sent, never printed)',
    defaultText: '$PROMETHEUS_URL',
  },
  'timeout': {
    type: 'string',
    valueName: 'DURATION',
    description: 'how long to wait for each Prometheus request (at most 24d)',
    defaultText: '30s',
  },
  'max-answer-size': {
    type: 'string',
    valueName: 'SIZE',
    description: `refuse Prometheus answers larger than SIZE (e.g. 200MB; at most ${formatBytes(MAX_ANSWER_BYTES_LIMIT).replace(' ', '')})`,
    defaultText: formatBytes(DEFAULT_MAX_ANSWER_BYTES).replace(' ', ''),
  },
  'tenant': {
    type: 'string',
    valueName: 'ID',
    description: `send ${TENANT_HEADER}: ID, the tenant of Mimir or Cortex (tenant1|tenant2 for a federated query)`,
    defaultText: '$PROMETHEUS_TENANT',
  },
  'header': {
    type: 'string',
    multiple: true,
    valueName: '"NAME: VALUE"',
    description: 'send this HTTP header with every request, e.g. for a proxy in front of the query API (values are never printed)',
  },
  'fail-on-warnings': {
    type: 'boolean',
    description: 'refuse partial answers: send partial_response=false (Thanos) and fail (exit 4) on an answer with warnings',
    defaultText: 'warn on stderr',
  },
};

/** `--rules-url`, for the commands that read /api/v1/rules. */
export const RULES_URL_OPTION: Readonly<Record<string, OptionSpec>> = {
  'rules-url': {
    type: 'string',
    valueName: 'URL',
    description: 'read /api/v1/rules here instead: vmalert in front of VictoriaMetrics, say (same headers and token)',
    defaultText: '--prometheus-url',
  },
};

/** The Prometheus client the command line asks for; the URL is required (flag or PROMETHEUS_URL). */
export function prometheusFromArgs(args: ParsedArgs, io: CliIo, commandName: string): PrometheusApi {
  const flag = stringOption(args, 'prometheus-url');
  const endpoint = flag !== undefined
    ? parsePrometheusUrl(flag, '--prometheus-url')
    : io.env.PROMETHEUS_URL ? parsePrometheusUrl(io.env.PROMETHEUS_URL, 'PROMETHEUS_URL') : undefined;
  if (!endpoint) throw CliError.usage(`--prometheus-url is required (or set PROMETHEUS_URL) (see: cdk8s-slo ${commandName} --help)`);
  const rulesUrl = stringOption(args, 'rules-url');
  const rulesEndpoint = rulesUrl !== undefined ? parsePrometheusUrl(rulesUrl, '--rules-url') : undefined;
  const bearerToken = io.env.PROMETHEUS_BEARER_TOKEN || undefined;
  const tenantFlag = stringOption(args, 'tenant');
  const tenant = tenantFlag ?? (io.env.PROMETHEUS_TENANT || undefined);
  return new PrometheusApi({
    endpoint,
    timeoutMs: timeoutOption(args, 'timeout', 30) * 1000,
    maxAnswerBytes: sizeOption(args, 'max-answer-size', DEFAULT_MAX_ANSWER_BYTES, MAX_ANSWER_BYTES_LIMIT),
    bearerToken,
    headers: requestHeaders({
      headers: stringListOption(args, 'header'),
      tenant,
      tenantSource: tenantFlag !== undefined ? '--tenant' : 'PROMETHEUS_TENANT',
      authorizationSource: authorizationSource(bearerToken, endpoint, rulesEndpoint),
    }),
    failOnWarnings: booleanOption(args, 'fail-on-warnings'),
    ...(rulesEndpoint ? { rulesEndpoint } : {}),
  });
}

/** What already sends `Authorization`, so that a --header of it is refused rather than silently lost. */
function authorizationSource(bearerToken: string | undefined, ...endpoints: Array<PrometheusEndpoint | undefined>): string | undefined {
  if (bearerToken) return 'PROMETHEUS_BEARER_TOKEN';
  return endpoints.some((e) => e?.basicAuth) ? 'the user:password in the URL' : undefined;
}

/**
 * The answers' warnings, each once on stderr after the command's output: what was computed from them may
 * be incomplete (a Thanos store or a Mimir ingester could not be asked). --fail-on-warnings turns them
 * into errors instead.
 */
export function printAnswerWarnings(api: PrometheusApi, io: CliIo, commandName: string): void {
  if (api.warnings.length === 0) return;
  for (const { warning, url } of api.warningSources) io.stderr(`cdk8s-slo ${commandName}: warning: Prometheus at ${url} answered: ${warning}\n`);
  io.stderr(`cdk8s-slo ${commandName}: the results above may be computed from partial data (${api.warnings.length} distinct warning(s)); `
    + '--fail-on-warnings makes this an error\n');
}
