import { roundSignificant } from 'cdk8s-slo/lib/model/decimal';
import { formatPromDuration, SECONDS_PER_HOUR } from 'cdk8s-slo/lib/model/duration';
import { LatencyQuantiles, ObservedBehaviour } from 'cdk8s-slo/lib/planning/service-inventory';
import { analyzeTrafficPattern, averageOverCoverage, peakMultiplier } from 'cdk8s-slo/lib/planning/traffic-pattern';
import { equalityMatchers, LabelMatcher, renderVectorSelector } from 'cdk8s-slo/lib/promql/selector';
import { CliError } from '../cli-error';
import { PrometheusApi } from '../prometheus/prometheus-api';

/** Which metrics to read, and how errors are told apart. */
export interface MetricNames {
  /** The request counter, e.g. `http_requests_total`. */
  readonly requests: string;
  /** The request-duration histogram's base name, e.g. `http_request_duration_seconds` (`_bucket` is added). */
  readonly duration: string;
  /** The matcher of failed requests on the request counter, e.g. `code=~"5.."`. */
  readonly errors: LabelMatcher;
}

/**
 * What measuring one service found: its behaviour, or that it has no request series at all.
 * `coveredSeconds` is how much of the lookback its request series cover (the figures are over that
 * span); equal to the lookback when the data reaches back to its start.
 */
export type Measurement =
  | { readonly kind: 'measured'; readonly observed: ObservedBehaviour; readonly coveredSeconds: number }
  | { readonly kind: 'no-data'; readonly reason: string };

/**
 * Data this close to an edge of the lookback (or of an hour) counts as reaching it: a scrape interval and
 * the ingestion delay, well under Prometheus's 5-minute staleness.
 */
const EDGE_TOLERANCE_SECONDS = 300;
/** The resolution at which the first and last samples are looked for. */
const EDGE_STEP_SECONDS = 60;
/** Points of one edge query at most (Prometheus refuses more than 11,000). */
const EDGE_MAX_POINTS = 10_000;

/** Measured values are rounded to this many significant digits: enough for sizing, stable from run to run. */
const DIGITS = 6;

const QUANTILES: ReadonlyArray<readonly [keyof LatencyQuantiles, number]> = [['p50', 0.5], ['p95', 0.95], ['p99', 0.99]];

/**
 * Measures one service over `lookbackSeconds` up to `end` (seconds since the epoch), with its queries one
 * after another:
 * - average QPS: `sum(rate(requests{sel}[lookback]))`, which divides by the whole lookback, so scaled
 *   to the span the series actually cover (a service newer than the lookback, or gone before its end);
 * - hourly rates, `sum(rate(requests{sel}[1h]))` every hour of the lookback: the busiest hour, and the
 *   traffic pattern (src/planning/traffic-pattern.ts). The first and last hours with data give the covered
 *   span, narrowed to the minute with `min`/`max(timestamp(requests{sel}))` inside those hours; an hour
 *   only partly covered is left out of the pattern (its `[1h]` rate divides by the whole hour);
 * - error ratio: `sum(rate(requests{sel,errors}[lookback]))` ÷ the average — absent when no series of the
 *   service carries the error matcher's label at all (no error data), or when there was no traffic;
 * - p50/p95/p99: `histogram_quantile(q, sum by (le) (rate(duration_bucket{sel}[lookback])))` — absent
 *   without a histogram, or when it recorded nothing (Prometheus answers NaN).
 * A failed query throws its one-line CliError. NaN never reaches the result.
 */
/** More requests a second than any service serves: a figure above it is a broken (or hostile) answer. */
const MAX_QPS = 1e15;
/** A latency quantile above about 30 years is no latency. */
const MAX_LATENCY_SECONDS = 1e9;

export async function measureService(
  prometheus: PrometheusApi,
  selector: Readonly<Record<string, string>>,
  metrics: MetricNames,
  lookbackSeconds: number,
  end: number,
): Promise<Measurement> {
  const base = equalityMatchers(Object.entries(selector));
  const series = (metric: string, extra: LabelMatcher[] = []) => renderVectorSelector({ metric, matchers: [...base, ...extra] });
  const lookback = formatPromDuration(lookbackSeconds);
  const requests = series(metrics.requests);

  const averageQuery = `sum(rate(${requests}[${lookback}]))`;
  const average = await scalar(prometheus, averageQuery, end);
  if (average === undefined) {
    return { kind: 'no-data', reason: `no ${requests} series in the ${lookback} before ${new Date(end * 1000).toISOString()}` };
  }
  if (!Number.isFinite(average) || average < 0) {
    throw CliError.unavailable(`Prometheus at ${prometheus.url} answered ${average} for the average request rate (query ${JSON.stringify(averageQuery)})`);
  }

  const hourly = await hourlyRates(prometheus, `sum(rate(${requests}[1h]))`, lookbackSeconds, end);
  const covered = await coveredSpan(prometheus, requests, hourly, lookbackSeconds, end);
  const pattern = analyzeTrafficPattern(covered.rates);

  // Ratios (errors ÷ requests, quantiles) are over the same span on both sides: the coverage cancels out.
  const errorRatio = await measureErrorRatio(prometheus, series, metrics, lookback, average, end);
  const latency = await measureLatency(prometheus, series(`${metrics.duration}_bucket`), lookback, end);

  const averageQps = round(averageOverCoverage(average, lookbackSeconds, covered.seconds));
  const peakQps = round(Math.max(pattern.peakRate, 0));
  // A server can answer numbers no traffic has (1e308 requests a second): nothing out of range is recorded.
  const figures: ReadonlyArray<readonly [string, number | undefined, number]> = [
    ['averageQps', averageQps, MAX_QPS], ['peakQps', peakQps, MAX_QPS], ['errorRatio', errorRatio, 1],
    ['p50', latency?.p50, MAX_LATENCY_SECONDS], ['p95', latency?.p95, MAX_LATENCY_SECONDS], ['p99', latency?.p99, MAX_LATENCY_SECONDS],
  ];
  const outOfRange = figures.find(([, value, max]) => value !== undefined && !(value >= 0 && value <= max));
  if (outOfRange) {
    throw CliError.unavailable(`Prometheus at ${prometheus.url} answered values that give ${outOfRange[0]} = ${outOfRange[1]}, which no traffic has (queries of ${requests})`);
  }
  return {
    kind: 'measured',
    coveredSeconds: covered.seconds,
    observed: {
      lookbackSeconds,
      ...(covered.seconds < lookbackSeconds ? { coveredSeconds: covered.seconds } : {}),
      averageQps,
      peakQps,
      peakMultiplier: round(peakMultiplier(peakQps, averageQps)),
      trafficPattern: pattern.pattern,
      ...(errorRatio !== undefined ? { errorRatio } : {}),
      ...(latency !== undefined ? { latency } : {}),
    },
  };
}

async function measureErrorRatio(
  prometheus: PrometheusApi,
  series: (metric: string, extra?: LabelMatcher[]) => string,
  metrics: MetricNames,
  lookback: string,
  average: number,
  end: number,
): Promise<number | undefined> {
  if (!(average > 0)) return undefined;
  // A service whose requests never carry the label (no `code` at all) exposes no error data: unknown, not 0.
  const labelled = await scalar(prometheus, `count(count_over_time(${series(metrics.requests, [{ name: metrics.errors.name, operator: '!=', value: '' }])}[${lookback}]))`, end);
  if (labelled === undefined || !(labelled > 0)) return undefined;
  const errors = await scalar(prometheus, `sum(rate(${series(metrics.requests, [metrics.errors])}[${lookback}]))`, end);
  // No series matches the error matcher: the service has error data and no errors.
  if (errors === undefined) return 0;
  if (!Number.isFinite(errors) || errors < 0) return undefined;
  return round(Math.min(1, errors / average));
}

async function measureLatency(prometheus: PrometheusApi, buckets: string, lookback: string, end: number): Promise<LatencyQuantiles | undefined> {
  const values: Partial<Record<keyof LatencyQuantiles, number>> = {};
  for (const [name, quantile] of QUANTILES) {
    const value = await scalar(prometheus, `histogram_quantile(${quantile}, sum by (le) (rate(${buckets}[${lookback}])))`, end);
    // Empty: no histogram. NaN: nothing observed (0/0). ±Inf: no finite bucket to interpolate in.
    if (value === undefined || !Number.isFinite(value)) return undefined;
    values[name] = round(value);
  }
  return { p50: values.p50!, p95: values.p95!, p99: values.p99! };
}

/** Hourly rates, oldest first: `rates[i]` is the rate over the hour ending at `start + i` hours. */
interface HourlyRates {
  readonly start: number;
  readonly rates: readonly number[];
}

/**
 * The hourly rates over the lookback, oldest first, one per hour ending at `end`: the rate over each hour
 * (`[1h]` evaluated at the hour's end), NaN for an hour without samples.
 */
async function hourlyRates(prometheus: PrometheusApi, expr: string, lookbackSeconds: number, end: number): Promise<HourlyRates> {
  const hours = Math.floor(lookbackSeconds / SECONDS_PER_HOUR);
  const start = end - (hours - 1) * SECONDS_PER_HOUR;
  if (hours < 1) return { start, rates: [] };
  const result = await prometheus.rangeQuery(expr, start, end, SECONDS_PER_HOUR);
  const rates = new Array<number>(hours).fill(NaN);
  for (const [time, value] of result[0]?.points ?? []) {
    const index = Math.round((time - start) / SECONDS_PER_HOUR);
    if (index >= 0 && index < hours && Number.isFinite(value)) rates[index] = value;
  }
  return { start, rates };
}

/**
 * How many seconds of the lookback the request series cover, from the first sample to the last (a gap
 * in between counts: the counters' increase spans it), and the hourly rates with the partly covered
 * first and last hours left out (NaN), unless no other hour is left. The lookback whole when no hour has
 * a rate (nothing to narrow it down with).
 */
async function coveredSpan(
  prometheus: PrometheusApi,
  requests: string,
  hourly: HourlyRates,
  lookbackSeconds: number,
  end: number,
): Promise<{ seconds: number; rates: readonly number[] }> {
  const present = hourly.rates.flatMap((rate, i) => (Number.isFinite(rate) ? [i] : []));
  if (present.length === 0) return { seconds: lookbackSeconds, rates: hourly.rates };
  const first = present[0];
  const last = present[present.length - 1];
  const hourEnd = (i: number) => hourly.start + i * SECONDS_PER_HOUR;
  const hourStart = (i: number) => hourEnd(i) - SECONDS_PER_HOUR;
  const lookbackStart = end - lookbackSeconds;

  // Looked for from the lookback's first hour to the first hour with a rate, and from the last to the
  // lookback's end: an hour without a rate may still hold a sample or two.
  const firstSample = await edgeSample(prometheus, `min(timestamp(${requests}))`, hourStart(0), hourEnd(first), Math.min);
  const lastSample = await edgeSample(prometheus, `max(timestamp(${requests}))`, hourStart(last), end, Math.max);
  // Series present at the start of the first hour measured were there before it: from the lookback's start.
  const fromLookbackStart = firstSample === undefined || firstSample - hourStart(0) <= EDGE_TOLERANCE_SECONDS;
  const from = fromLookbackStart ? lookbackStart : Math.max(lookbackStart, firstSample);
  const lastSeen = lastSample ?? hourEnd(last);
  const to = end - lastSeen <= EDGE_TOLERANCE_SECONDS ? end : lastSeen;
  const span = Math.min(lookbackSeconds, to - from);
  const seconds = lookbackSeconds - span <= EDGE_TOLERANCE_SECONDS || span <= 0 ? lookbackSeconds : Math.round(span);

  const rates = [...hourly.rates];
  if (first !== last && from - hourStart(first) > EDGE_TOLERANCE_SECONDS) rates[first] = NaN;
  if (first !== last && hourEnd(last) - to > EDGE_TOLERANCE_SECONDS) rates[last] = NaN;
  return { seconds, rates };
}

/**
 * The earliest (`pick` Math.min) or latest (Math.max) sample time of `expr` (a `min`/`max(timestamp(…))`)
 * from `start` to `end`, looked at every minute (coarser over long spans: a range query has at most
 * 11,000 points); undefined when no point has one.
 */
async function edgeSample(
  prometheus: PrometheusApi, expr: string, start: number, end: number, pick: (...values: number[]) => number,
): Promise<number | undefined> {
  const step = Math.max(EDGE_STEP_SECONDS, Math.ceil((end - start) / EDGE_MAX_POINTS / EDGE_STEP_SECONDS) * EDGE_STEP_SECONDS);
  const result = await prometheus.rangeQuery(expr, start, end, step);
  const times = (result[0]?.points ?? []).map(([, value]) => value).filter((value) => Number.isFinite(value));
  return times.length > 0 ? pick(...times) : undefined;
}

/** The value of a query that returns at most one sample; undefined when it returns none. */
async function scalar(prometheus: PrometheusApi, expr: string, time: number): Promise<number | undefined> {
  const samples = await prometheus.instantQuery(expr, time);
  return samples[0]?.value;
}

function round(value: number): number {
  return roundSignificant(value, DIGITS);
}
