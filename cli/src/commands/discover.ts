import * as path from 'path';
import { formatPromDuration, SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from 'cdk8s-slo/lib/model/duration';
import { HTTP_DURATION_HISTOGRAM as DURATION_HISTOGRAM_DEFAULT, HTTP_ERROR_MATCHERS as ERROR_MATCHER_DEFAULT, HTTP_REQUESTS_METRIC as REQUESTS_METRIC_DEFAULT } from 'cdk8s-slo/lib/model/metric-conventions';
import { DiscoveredService, DiscoveryFailure, SERVICE_INVENTORY_API_VERSION, SERVICE_INVENTORY_KIND, ServiceInventory } from 'cdk8s-slo/lib/planning/service-inventory';
import { METRIC_NAME_PATTERN } from 'cdk8s-slo/lib/promql/selector';
import { CliError, oneLine } from '../cli-error';
import { CliIo, useColor } from '../cli-io';
import { booleanOption, Command, durationOption, numberOption, outputOption, ParsedArgs, stringListOption, stringOption, timeoutOption } from '../command';
import { classification, SELECTOR_ANNOTATION } from '../discovery/classification';
import { listClusterServices } from '../discovery/cluster-services';
import { printable, renderInventoryTable } from '../discovery/inventory-table';
import { measureService, MetricNames } from '../discovery/measure-service';
import { DEFAULT_SELECTOR_TEMPLATE, parseMatcher, parseSelectorTemplate, SelectorTemplate, serviceSelector } from '../discovery/metric-selector';
import { selectServices, ServiceRecord } from '../discovery/service-list';
import { readServicesFile } from '../discovery/services-file';
import { ExitCode } from '../exit-codes';
import { checkOutputTarget, writeFileAtomically } from '../output/atomic-write';
import { Palette } from '../output/color';
import { ProgressBar } from '../output/progress-bar';
import { mapWithConcurrency, PrometheusApi } from '../prometheus/prometheus-api';
import { printAnswerWarnings, PROMETHEUS_OPTIONS, prometheusFromArgs } from '../prometheus/prometheus-options';

const NAME = 'discover';
const DEFAULT_LOOKBACK_SECONDS = 7 * SECONDS_PER_DAY;
const DEFAULT_CONCURRENCY = 4;
const MAX_CONCURRENCY = 64;

/** `cdk8s-slo discover`: lists Services and measures how they behave in Prometheus. */
export const discoverCommand: Command = {
  name: NAME,
  summary: 'list services and measure their traffic, latency and errors in Prometheus (writes a ServiceInventory)',
  description: `
Lists the Kubernetes Services of a cluster (through a kubeconfig, or the in-cluster service account) or of
a file (the output of "kubectl get svc -A -o json"), and measures each in Prometheus over the lookback:
average QPS, the busiest hour's QPS and its multiple of the average (PEAK×), p50/p95/p99 latency, the
error ratio, and the traffic pattern (steady, bursty or periodic). The result is a ServiceInventory
(JSON) that "cdk8s-slo generate" reads.

Services in kube-* namespaces and the API server's own Service (default/kubernetes) are skipped unless
--namespace names them. Of each Service the inventory keeps the labels and annotations that classify it:
team, tier, service-type, revenue-impact, customer-facing, data-sensitivity, prometheus.io/scrape (and
prometheus.io/port, path, scheme), and ${SELECTOR_ANNOTATION}.

Metrics, by default the Prometheus client libraries' conventions:
  requests  ${REQUESTS_METRIC_DEFAULT} (a counter); errors are its series matching ${ERROR_MATCHER_DEFAULT}
            (4xx are the client's fault). A service whose requests carry no "code" label at all has
            no error data: its errorRatio is left out, not reported as 0.
  latency   ${DURATION_HISTOGRAM_DEFAULT}_bucket (a histogram, seconds), quantiles over the lookback.
  selector  ${DEFAULT_SELECTOR_TEMPLATE}: the labels prometheus-operator ServiceMonitors give
            the series scraped through a Service ($namespace and $name are the Service's; any other
            $word is an error). Change it
            for all services with --selector, or for one with the annotation
            ${SELECTOR_ANNOTATION}: '{job="legacy-checkout"}'.
Average QPS is sum(rate(requests[lookback])), over the part of the lookback the service's series cover
(a service newer than the lookback is averaged over its data, with a note on stderr); the hourly rates sum(rate(requests[1h])), hour by hour back
from now, give the busiest hour and the pattern: periodic when each hour correlates with the same hour a day later (r >= 0.6, needs a
lookback of 2d or more), bursty when the hourly rates vary by half their mean or more or peak at 3x the
mean, steady otherwise (thresholds and reasons in src/planning/traffic-pattern.ts). A service with no request
series under its selector is listed with "no data" (measurementError), which is not a failure.

Without --prometheus-url (or PROMETHEUS_URL), only the Kubernetes labels are listed and nothing is
measured. Prometheus is checked once before measuring: if it cannot be used, nothing is written (exit 4).
A service whose queries fail (HTTP errors, timeouts) is listed in the inventory's "failures", each on one
line of stderr, and the rest is still written (exit 5). --output is written atomically: complete or not
at all. PROMETHEUS_BEARER_TOKEN, when set, is sent to Prometheus. A progress bar is drawn on stderr when
it is a terminal.`,
  positionals: [],
  options: {
    'services-file': {
      type: 'string',
      valueName: 'FILE',
      description: 'read Services from FILE (kubectl get svc -A -o json, or -o yaml) instead of the cluster',
    },
    'kubeconfig': {
      type: 'string',
      valueName: 'FILE',
      description: 'kubeconfig of the cluster to list',
      defaultText: '$KUBECONFIG, ~/.kube/config, then in-cluster',
    },
    'context': { type: 'string', valueName: 'NAME', description: 'kubeconfig context other than the current one' },
    'namespace': {
      type: 'string',
      short: 'n',
      multiple: true,
      valueName: 'NS',
      description: 'only Services of this namespace',
      defaultText: 'all but kube-*',
    },
    ...PROMETHEUS_OPTIONS,
    'timeout': {
      type: 'string',
      valueName: 'DURATION',
      description: 'how long to wait for each Prometheus or Kubernetes request',
      defaultText: '30s',
    },
    'lookback': { type: 'string', valueName: 'DURATION', description: 'how far back to measure (at least 1h; 2d or more to see daily cycles)', defaultText: '7d' },
    'concurrency': { type: 'string', valueName: 'N', description: `services measured at once, 1 to ${MAX_CONCURRENCY} (each runs its queries one after another)`, defaultText: String(DEFAULT_CONCURRENCY) },
    'output': { type: 'string', short: 'o', valueName: 'FILE', description: 'write the inventory (JSON) to FILE, atomically; - prints it on stdout (as --json)' },
    'selector': { type: 'string', valueName: 'MATCHERS', description: 'label matchers of a service\'s metrics', defaultText: DEFAULT_SELECTOR_TEMPLATE },
    'requests-metric': { type: 'string', valueName: 'NAME', description: 'request counter', defaultText: REQUESTS_METRIC_DEFAULT },
    'duration-metric': { type: 'string', valueName: 'NAME', description: 'request-duration histogram (without _bucket)', defaultText: DURATION_HISTOGRAM_DEFAULT },
    'error-matcher': { type: 'string', valueName: 'MATCHER', description: 'which requests failed', defaultText: ERROR_MATCHER_DEFAULT },
  },
  exitCodes: [ExitCode.USAGE, ExitCode.BAD_INPUT, ExitCode.UNAVAILABLE, ExitCode.PARTIAL],
  examples: [
    'cdk8s-slo discover --prometheus-url http://prometheus.monitoring:9090 -o inventory.json',
    'cdk8s-slo discover --context prod -n shop -n payments --lookback 14d --prometheus-url http://localhost:9090',
    'kubectl get svc -A -o json > services.json && cdk8s-slo discover --services-file services.json --prometheus-url http://localhost:9090 --json',
    'cdk8s-slo discover --services-file services.json --selector \'{namespace="$namespace",service="$name"}\' --requests-metric http_server_requests_seconds_count',
  ],
  run: runDiscover,
};

interface DiscoverSettings {
  readonly servicesFile?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly namespaces: readonly string[];
  readonly prometheus?: PrometheusApi;
  readonly timeoutMs: number;
  readonly lookbackSeconds: number;
  readonly concurrency: number;
  readonly output?: string;
  readonly selector: SelectorTemplate;
  readonly metrics: MetricNames;
  readonly json: boolean;
}

/** One Service measured: its inventory entry, its failure, and how much of the lookback its data covers. */
interface ServiceResult {
  readonly key: string;
  readonly service: DiscoveredService;
  readonly failure?: DiscoveryFailure;
  readonly coveredSeconds?: number;
}

async function runDiscover(args: ParsedArgs, io: CliIo): Promise<number> {
  const settings = readSettings(args, io);
  if (settings.output !== undefined) checkOutputTarget(path.resolve(io.cwd, settings.output), settings.output);
  const all = settings.servicesFile !== undefined
    ? readServicesFile(settings.servicesFile, io.cwd)
    : await listClusterServices({ kubeconfig: settings.kubeconfig, context: settings.context }, settings.namespaces, settings.timeoutMs, io);
  const { services, skipped } = selectServices(all, settings.namespaces);

  const end = Math.floor(io.now() / 1000);
  await checkPrometheus(settings.prometheus, end, io);
  const results = await measureServices(services, settings, end, io);
  const inventory = inventoryOf(results, settings, end);
  const json = `${JSON.stringify(inventory, null, 2)}\n`;
  if (settings.output !== undefined) writeFileAtomically(path.resolve(io.cwd, settings.output), json, settings.output);

  if (settings.json) {
    io.stdout(json);
  } else {
    io.stdout(renderInventoryTable(inventory, skipped, new Palette(useColor(io))));
    if (settings.output !== undefined) io.stdout(`Wrote the inventory to ${settings.output}.\n`);
  }
  reportPartialCoverage(results, settings.lookbackSeconds, io);
  if (settings.prometheus) printAnswerWarnings(settings.prometheus, io, NAME);
  return reportFailures(inventory.failures, services.length, settings.output, io);
}

/** Once, before measuring: a Prometheus that cannot be used fails the whole run, and nothing is written. */
async function checkPrometheus(prometheus: PrometheusApi | undefined, end: number, io: CliIo): Promise<void> {
  if (prometheus) {
    await prometheus.instantQuery('vector(1)', end);
  } else {
    io.stderr(`cdk8s-slo ${NAME}: no --prometheus-url (or PROMETHEUS_URL): listing Kubernetes labels only, nothing is measured\n`);
  }
}

/** Every Service measured, a few at a time, with a progress bar on a terminal. */
async function measureServices(services: readonly ServiceRecord[], settings: DiscoverSettings, end: number, io: CliIo): Promise<ServiceResult[]> {
  const prometheus = settings.prometheus;
  const progress = new ProgressBar(io.stderr, io.stderrIsTty && prometheus !== undefined && services.length > 0, services.length, 'measuring');
  const results = await mapWithConcurrency(services, settings.concurrency, async (service) => {
    const result = await discoverService(service, settings, prometheus, end);
    if (prometheus) progress.tick(`${service.namespace}/${service.name}`);
    return result;
  });
  progress.finish();
  return results;
}

function inventoryOf(results: readonly ServiceResult[], settings: DiscoverSettings, end: number): ServiceInventory {
  return {
    apiVersion: SERVICE_INVENTORY_API_VERSION,
    kind: SERVICE_INVENTORY_KIND,
    measuredAt: new Date(end * 1000).toISOString(),
    ...(settings.prometheus ? { prometheusUrl: settings.prometheus.url } : {}),
    lookbackSeconds: settings.lookbackSeconds,
    services: results.map((r) => r.service),
    failures: results.flatMap((r) => (r.failure ? [r.failure] : [])),
  };
}

/** The inventory has no field for it: the coverage is told here, for people and scripts alike. */
function reportPartialCoverage(results: readonly ServiceResult[], lookbackSeconds: number, io: CliIo): void {
  const lookback = formatPromDuration(lookbackSeconds);
  for (const { key, coveredSeconds } of results) {
    if (coveredSeconds === undefined || coveredSeconds >= lookbackSeconds) continue;
    const covered = coverageText(coveredSeconds);
    io.stderr(`cdk8s-slo ${NAME}: ${printable(key)} has data for ${covered} of the ${lookback} lookback; figures cover those ${covered}\n`);
  }
}

/** Each Service that could not be measured, then the count: a partial run when there is any. */
function reportFailures(failures: readonly DiscoveryFailure[], measured: number, output: string | undefined, io: CliIo): number {
  for (const failure of failures) io.stderr(`cdk8s-slo ${NAME}: could not measure ${printable(failure.service ?? '')}: ${failure.message}\n`);
  if (failures.length === 0) return ExitCode.OK;
  const where = output !== undefined ? ` (written to ${output})` : '';
  const rest = failures.length === measured
    ? 'the inventory lists them with their failures'
    : `the inventory lists them with their failures, next to the other ${measured - failures.length}`;
  io.stderr(`cdk8s-slo ${NAME}: ${failures.length} of ${measured} services could not be measured; ${rest}${where}\n`);
  return ExitCode.PARTIAL;
}

/** One Service's inventory entry; a query that failed is its failure, never the run's. */
async function discoverService(
  service: ServiceRecord,
  settings: DiscoverSettings,
  prometheus: PrometheusApi | undefined,
  end: number,
): Promise<ServiceResult> {
  const key = `${service.namespace}/${service.name}`;
  const classified = classification(service.labels, service.annotations);
  const entry = {
    name: service.name,
    namespace: service.namespace,
    labels: classified.labels,
    annotations: classified.annotations,
    ...(classified.scraped !== undefined ? { scraped: classified.scraped } : {}),
  };
  let selector: Record<string, string>;
  try {
    const override = service.annotations[SELECTOR_ANNOTATION];
    selector = serviceSelector(override !== undefined ? parseSelectorTemplate(override) : settings.selector, service);
  } catch (error) {
    const message = `annotation ${SELECTOR_ANNOTATION}: ${oneLine(error)}`;
    return { key, service: { ...entry, selector: {}, measurementError: message }, failure: { service: key, message } };
  }
  if (!prometheus) return { key, service: { ...entry, selector } };
  try {
    const measurement = await measureService(prometheus, selector, settings.metrics, settings.lookbackSeconds, end);
    if (measurement.kind === 'no-data') return { key, service: { ...entry, selector, measurementError: measurement.reason } };
    return { key, service: { ...entry, selector, observed: measurement.observed }, coveredSeconds: measurement.coveredSeconds };
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    const message = oneLine(error);
    return { key, service: { ...entry, selector, measurementError: message }, failure: { service: key, message } };
  }
}

/** A covered span for people, to the minute: 8d, 2d22h31m. */
function coverageText(seconds: number): string {
  return formatPromDuration(Math.max(SECONDS_PER_MINUTE, Math.round(seconds / SECONDS_PER_MINUTE) * SECONDS_PER_MINUTE));
}

function readSettings(args: ParsedArgs, io: CliIo): DiscoverSettings {
  const servicesFile = stringOption(args, 'services-file');
  const kubeconfig = stringOption(args, 'kubeconfig');
  const context = stringOption(args, 'context');
  if (servicesFile !== undefined && (kubeconfig !== undefined || context !== undefined)) {
    throw CliError.usage(`--services-file reads Services from a file; it cannot be combined with --${kubeconfig !== undefined ? 'kubeconfig' : 'context'} (see: cdk8s-slo ${NAME} --help)`);
  }
  if (servicesFile === '') throw CliError.usage('--services-file needs a file name');
  const namespaces = stringListOption(args, 'namespace');
  for (const namespace of namespaces) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) throw CliError.usage(`--namespace "${namespace}" is not a Kubernetes namespace name`);
  }

  const lookbackSeconds = durationOption(args, 'lookback', DEFAULT_LOOKBACK_SECONDS);
  if (lookbackSeconds < SECONDS_PER_HOUR) {
    throw CliError.usage(`--lookback ${stringOption(args, 'lookback')} is too short: at least 1h (the busiest hour is measured hour by hour)`);
  }
  if (!Number.isInteger(lookbackSeconds)) throw CliError.usage(`--lookback ${stringOption(args, 'lookback')} must be whole seconds`);
  const concurrency = numberOption(args, 'concurrency', DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY);
  if (!Number.isInteger(concurrency)) throw CliError.usage(`--concurrency "${stringOption(args, 'concurrency')}" must be a whole number`);
  const timeoutMs = timeoutOption(args, 'timeout', 30) * 1000;

  const metrics: MetricNames = {
    requests: metricName(args, 'requests-metric', REQUESTS_METRIC_DEFAULT),
    duration: metricName(args, 'duration-metric', DURATION_HISTOGRAM_DEFAULT),
    errors: flagValue(args, 'error-matcher', ERROR_MATCHER_DEFAULT, parseMatcher),
  };
  const selector = flagValue(args, 'selector', DEFAULT_SELECTOR_TEMPLATE, parseSelectorTemplate);

  const hasUrl = stringOption(args, 'prometheus-url') !== undefined || !!io.env.PROMETHEUS_URL;
  const prometheus = hasUrl ? prometheusFromArgs(args, io, NAME) : undefined;

  const output = outputOption(args, NAME);
  return {
    servicesFile,
    kubeconfig,
    context,
    namespaces,
    prometheus,
    timeoutMs,
    lookbackSeconds,
    concurrency,
    output,
    selector,
    metrics,
    // `-o -` asks for the inventory on stdout: what --json prints.
    json: booleanOption(args, 'json') || stringOption(args, 'output') === '-',
  };
}

function metricName(args: ParsedArgs, flag: string, defaultName: string): string {
  const name = stringOption(args, flag) ?? defaultName;
  if (!METRIC_NAME_PATTERN.test(name)) throw CliError.usage(`--${flag} "${name}" is not a Prometheus metric name`);
  return name;
}

function flagValue<T>(args: ParsedArgs, flag: string, defaultText: string, parse: (text: string) => T): T {
  try {
    return parse(stringOption(args, flag) ?? defaultText);
  } catch (error) {
    throw CliError.usage(`--${flag} ${oneLine(error)}`);
  }
}
