import { CliError } from '../cli-error';
import { CliIo } from '../cli-io';
import { durationOption, OptionSpec, ParsedArgs, urlOption } from '../command';
import { PrometheusApi } from './prometheus-api';

/** Options of every command that talks to Prometheus. */
export const PROMETHEUS_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'prometheus-url': {
    type: 'string',
    valueName: 'URL',
    description: 'Prometheus base URL, e.g. http://prometheus.monitoring:9090',
    defaultText: '$PROMETHEUS_URL',
  },
  'timeout': {
    type: 'string',
    valueName: 'DURATION',
    description: 'how long to wait for each Prometheus request',
    defaultText: '30s',
  },
};

/** The Prometheus client the command line asks for; the URL is required (flag or PROMETHEUS_URL). */
export function prometheusFromArgs(args: ParsedArgs, io: CliIo, commandName: string): PrometheusApi {
  const url = urlOption(args, 'prometheus-url')
    ?? (io.env.PROMETHEUS_URL ? urlOption({ options: { 'prometheus-url': io.env.PROMETHEUS_URL }, positionals: [] }, 'prometheus-url') : undefined);
  if (!url) throw CliError.usage(`--prometheus-url is required (or set PROMETHEUS_URL) (see: cdk8s-slo ${commandName} --help)`);
  const timeoutSeconds = durationOption(args, 'timeout', 30);
  // fetch refuses URLs with credentials: `http://user:password@host` becomes basic auth, and the URL
  // that messages show carries no password.
  const parsed = new URL(url);
  const basicAuth = parsed.username || parsed.password
    ? { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) }
    : undefined;
  parsed.username = '';
  parsed.password = '';
  return new PrometheusApi({
    url: parsed.toString().replace(/\/+$/, ''),
    timeoutMs: timeoutSeconds * 1000,
    bearerToken: io.env.PROMETHEUS_BEARER_TOKEN || undefined,
    basicAuth,
  });
}
