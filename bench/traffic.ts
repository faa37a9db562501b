/**
 * The synthetic traffic: for every SLO, request counters of many raw series (instances × status codes),
 * with 1-minute resolution and known exact totals. Half of the SLOs have steady traffic, half spiky
 * traffic (a daily cycle plus short bursts with a higher error ratio, as when a service is overloaded).
 *
 * The counters are a pure function of time, so the backfilled history, the live exporter and the exact
 * budget all read the same numbers.
 */

/** The raw counter every SLO reads, with its `job` label. */
export const RAW_METRIC = 'http_requests_total';
export const RAW_JOB = 'bench';
/** Status codes: one good and one bad series per instance. */
export const GOOD_CODE = '200';
export const BAD_CODE = '500';

export type TrafficShape = 'steady' | 'spiky';

/** One SLO of the benchmark: its identity, traffic shape and raw selectors. */
export interface BenchSlo {
  /** Zero-based position. */
  readonly index: number;
  /** `svc-001`: the `service` label of its raw series and the SLO's service name. */
  readonly service: string;
  readonly shape: TrafficShape;
  /** All events, e.g. `http_requests_total{job="bench",service="svc-001"}`. */
  readonly totalSelector: string;
  /** Bad events, e.g. `http_requests_total{job="bench",service="svc-001",code=~"5.."}`. */
  readonly errorsSelector: string;
}

/** The benchmark's SLOs: `svc-001`, `svc-002`, ...; even positions steady, odd ones spiky. */
export function benchSlos(count: number, serviceOf?: (index: number) => string): BenchSlo[] {
  const width = Math.max(3, String(count).length);
  const slos: BenchSlo[] = [];
  for (let index = 0; index < count; index++) {
    const service = serviceOf ? serviceOf(index) : `svc-${String(index + 1).padStart(width, '0')}`;
    slos.push({
      index,
      service,
      shape: index % 2 === 0 ? 'steady' : 'spiky',
      totalSelector: `${RAW_METRIC}{job="${RAW_JOB}",service="${service}"}`,
      errorsSelector: `${RAW_METRIC}{job="${RAW_JOB}",service="${service}",code=~"5.."}`,
    });
  }
  return slos;
}

/** A deterministic pseudo-random generator (Park–Miller), so every run generates the same traffic. */
export class Random {
  private state: number;

  public constructor(seed: number) {
    this.state = (Math.abs(Math.floor(seed)) % 2147483646) + 1;
  }

  /** Uniform in [0, 1). */
  public next(): number {
    this.state = (this.state * 48271) % 2147483647;
    return (this.state - 1) / 2147483646;
  }

  /** Uniform in [low, high). */
  public between(low: number, high: number): number {
    return low + (high - low) * this.next();
  }
}

interface SloCounters {
  /** Good and bad events of the whole SLO after m minutes (index m), before the per-instance split. */
  readonly cumGood: Float64Array;
  readonly cumBad: Float64Array;
  /** Each instance's share of the SLO's traffic (they sum to 1). */
  readonly weights: Float64Array;
  /** Counter values at the start of the history (as if the processes had been running for a while). */
  readonly goodInit: Float64Array;
  readonly badInit: Float64Array;
}

export interface TrafficOptions {
  readonly slos: number;
  readonly seriesPerSlo: number;
  /** Unix seconds of the first sample, a whole minute. */
  readonly startSeconds: number;
  /** Minutes of traffic to generate: the history plus room for the live part of the run. */
  readonly minutes: number;
  readonly seed?: number;
}

/** Base error ratio of spiky SLOs outside bursts. */
const SPIKY_BASE_ERROR_RATIO = 0.0003;

export class TrafficModel {
  /** The `instance` label of instance i. */
  public static instanceLabel(instance: number): string {
    return `i-${String(instance + 1).padStart(3, '0')}`;
  }

  public readonly slos: readonly BenchSlo[];
  public readonly instancesPerSlo: number;
  public readonly startSeconds: number;
  public readonly minutes: number;
  private readonly counters: SloCounters[];

  public constructor(options: TrafficOptions) {
    if (options.startSeconds % 60 !== 0) throw new Error('the traffic must start on a whole minute');
    this.startSeconds = options.startSeconds;
    this.minutes = options.minutes;
    this.instancesPerSlo = options.seriesPerSlo / 2;
    const random = new Random(options.seed ?? 20240611);
    this.slos = benchSlos(options.slos);
    this.counters = this.slos.map((slo) => generateCounters(slo.shape, this.instancesPerSlo, options.minutes, random));
  }

  /** The raw series' label sets as `{...}` text, in a fixed order: per instance, good then bad. */
  public seriesLabelTexts(slo: BenchSlo): string[] {
    const texts: string[] = [];
    for (let i = 0; i < this.instancesPerSlo; i++) {
      const common = `job="${RAW_JOB}",service="${slo.service}",instance="${TrafficModel.instanceLabel(i)}"`;
      texts.push(`{${common},code="${GOOD_CODE}"}`, `{${common},code="${BAD_CODE}"}`);
    }
    return texts;
  }

  /**
   * The counter values of an SLO's series at a time (Unix seconds, between whole minutes the traffic of
   * that minute is spread evenly), in the order of `seriesLabelTexts`.
   */
  public counterValues(slo: BenchSlo, timeSeconds: number, out: number[] = []): number[] {
    const c = this.counters[slo.index];
    const good = this.cumulative(c.cumGood, timeSeconds);
    const bad = this.cumulative(c.cumBad, timeSeconds);
    out.length = 0;
    for (let i = 0; i < this.instancesPerSlo; i++) {
      out.push(c.goodInit[i] + Math.floor(c.weights[i] * good), c.badInit[i] + Math.floor(c.weights[i] * bad));
    }
    return out;
  }

  /**
   * The exact error ratio between two times, from the integer counters of every raw series: total bad
   * events over total events.
   */
  public exactErrorRatio(slo: BenchSlo, fromSeconds: number, toSeconds: number): number {
    const before = this.counterValues(slo, fromSeconds);
    const after = this.counterValues(slo, toSeconds);
    let bad = 0;
    let all = 0;
    for (let s = 0; s < after.length; s++) {
      const increase = after[s] - before[s];
      all += increase;
      if (s % 2 === 1) bad += increase;
    }
    return bad / all;
  }

  /** Unix seconds of the last minute with traffic. */
  public get endSeconds(): number {
    return this.startSeconds + this.minutes * 60;
  }

  private cumulative(cum: Float64Array, timeSeconds: number): number {
    const minutes = (timeSeconds - this.startSeconds) / 60;
    if (minutes < 0 || minutes > this.minutes) {
      throw new Error(`no traffic generated for ${new Date(timeSeconds * 1000).toISOString()}`);
    }
    const whole = Math.floor(minutes);
    if (whole === this.minutes) return cum[whole];
    return cum[whole] + (minutes - whole) * (cum[whole + 1] - cum[whole]);
  }
}

/**
 * Per-minute events of one SLO. Steady: a constant rate (±3% noise) and a constant error ratio.
 * Spiky: a daily cycle (±50%), and every 1.5–2.5 hours a 5–15-minute burst of 4–8× the traffic with
 * an error ratio of 0.1–0.2% against 0.03% otherwise.
 */
function generateCounters(shape: TrafficShape, instances: number, minutes: number, random: Random): SloCounters {
  const requestsPerSecond = random.between(100, 400);
  const steadyErrorRatio = random.between(0.0003, 0.0007);
  const phase = random.between(0, 2 * Math.PI);
  const cumGood = new Float64Array(minutes + 1);
  const cumBad = new Float64Array(minutes + 1);
  let nextBurst = Math.floor(random.between(30, 150));
  let burstEnd = -1;
  let burstFactor = 1;
  let burstErrorRatio = 0;
  for (let m = 0; m < minutes; m++) {
    const noise = 1 + 0.03 * (2 * random.next() - 1);
    let events = requestsPerSecond * 60 * noise;
    let errorRatio = steadyErrorRatio;
    if (shape === 'spiky') {
      events *= 1 + 0.5 * Math.sin(2 * Math.PI * m / 1440 + phase);
      errorRatio = SPIKY_BASE_ERROR_RATIO;
      if (m === nextBurst) {
        burstEnd = m + Math.floor(random.between(5, 16));
        burstFactor = random.between(4, 8);
        burstErrorRatio = random.between(0.001, 0.002);
        nextBurst = burstEnd + Math.floor(random.between(80, 140));
      }
      if (m < burstEnd) {
        events *= burstFactor;
        errorRatio = burstErrorRatio;
      }
    }
    cumGood[m + 1] = cumGood[m] + events * (1 - errorRatio);
    cumBad[m + 1] = cumBad[m] + events * errorRatio;
  }
  const weights = new Float64Array(instances);
  let sum = 0;
  for (let i = 0; i < instances; i++) {
    weights[i] = random.between(0.5, 1.5);
    sum += weights[i];
  }
  const goodInit = new Float64Array(instances);
  const badInit = new Float64Array(instances);
  for (let i = 0; i < instances; i++) {
    weights[i] /= sum;
    goodInit[i] = Math.floor(random.between(1e5, 1e7));
    badInit[i] = Math.floor(random.between(1e2, 1e4));
  }
  return { cumGood, cumBad, weights, goodInit, badInit };
}
