import { CliError } from '../cli-error';
import { CliIo } from '../cli-io';
import { OptionSpec, ParsedArgs, sizeOption, stringOption, timeoutOption } from '../command';
import { formatBytes } from './bounded-body';
import { PrometheusApi } from './prometheus-api';
import { parsePrometheusUrl } from './prometheus-url';

/** Answers larger than this are refused unless --max-answer-size raises it. */
export const DEFAULT_MAX_ANSWER_BYTES = 64 * 1024 ** 2;
/** The largest answer the CLI can hold as one string (V8's limit is about 512 MB of text). */
export const MAX_ANSWER_BYTES_LIMIT = 512 * 1024 ** 2;

/** Options of every command that talks to Prometheus. */
export const PROMETHEUS_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'prometheus-url': {
    type: 'string',
    valueName: 'URL',
    description: 'Prometheus base URL, e.g. http://prometheus.monitoring:9090 (user:password@ and ?query parameters are sent, never printed)',
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
};

/** The Prometheus client the command line asks for; the URL is required (flag or PROMETHEUS_URL). */
export function prometheusFromArgs(args: ParsedArgs, io: CliIo, commandName: string): PrometheusApi {
  const flag = stringOption(args, 'prometheus-url');
  const endpoint = flag !== undefined
    ? parsePrometheusUrl(flag, '--prometheus-url')
    : io.env.PROMETHEUS_URL ? parsePrometheusUrl(io.env.PROMETHEUS_URL, 'PROMETHEUS_URL') : undefined;
  if (!endpoint) throw CliError.usage(`--prometheus-url is required (or set PROMETHEUS_URL) (see: cdk8s-slo ${commandName} --help)`);
  return new PrometheusApi({
    endpoint,
    timeoutMs: timeoutOption(args, 'timeout', 30) * 1000,
    maxAnswerBytes: sizeOption(args, 'max-answer-size', DEFAULT_MAX_ANSWER_BYTES, MAX_ANSWER_BYTES_LIMIT),
    bearerToken: io.env.PROMETHEUS_BEARER_TOKEN || undefined,
  });
}
