import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ObjectiveOverrides, ServiceSloProps, ServiceSloTemplate } from './service-slo-template';
import { formatDecimal } from '../../model/decimal';
import { OPENTELEMETRY_DB_DURATION_BUCKETS } from '../../model/latency-threshold';
import { DB_ERROR_MATCHERS, DB_OPERATION_DURATION_HISTOGRAM } from '../../model/metric-conventions';
import { durationSeconds } from '../internal/duration-conversion';
import { Sli } from '../sli';
import { Slo } from '../slo';

/** Props of a `DatabaseSlo`. */
export interface DatabaseSloProps extends ServiceSloProps {
  /**
   * The client-side operation-duration histogram's base name, in seconds.
   * @default "db_client_operation_duration_seconds"
   */
  readonly operationHistogram?: string;
  /**
   * PromQL label matchers that select failed operations on the histogram's `_count`.
   * @default 'error_type!=""'
   */
  readonly errorMatchers?: string;
  /**
   * A query is fast enough when it takes at most this long; a bucket bound of the histogram.
   * @default Duration.millis(100)
   */
  readonly latencyThreshold?: Duration;
  /**
   * The histogram's bucket bounds in seconds, to check `latencyThreshold` against.
   * @default - OpenTelemetry's advice for db.client.operation.duration: 0.001 .. 10
   */
  readonly histogramBuckets?: number[];
  /**
   * Changes to the `query-success` objective.
   * @default - the tier's target
   */
  readonly querySuccess?: ObjectiveOverrides;
  /**
   * Changes to the `query-latency` objective.
   * @default - the tier's latency target
   */
  readonly queryLatency?: ObjectiveOverrides;
}

/**
 * SLOs for a database as its clients see it, from OpenTelemetry's database client conventions
 * (`db.client.operation.duration`, exported to Prometheus as `db_client_operation_duration_seconds`):
 * - `query-success`: operations with an `error_type` over all operations (the histogram's `_count`);
 * - `query-latency`: operations slower than `latencyThreshold` (default 100ms) over all operations.
 * Use `selector` to pick the database, e.g. `{ db_system_name: 'postgresql', server_address: 'orders-db' }`.
 */
export class DatabaseSlo extends ServiceSloTemplate {
  /** The query-success SLO (`query-success`), unless disabled. */
  public readonly querySuccess?: Slo;
  /** The query-latency SLO (`query-latency`), unless disabled. */
  public readonly queryLatency?: Slo;

  public constructor(scope: Construct, id: string, props: DatabaseSloProps) {
    super(scope, id, props);
    const histogram = props.operationHistogram ?? DB_OPERATION_DURATION_HISTOGRAM;
    this.querySuccess = this.addTemplateObjective({
      name: 'query-success',
      target: this.tier.target,
      indicator: Sli.ratio({
        errors: this.selectorOf(`${histogram}_count`, props.errorMatchers ?? DB_ERROR_MATCHERS, 'errorMatchers'),
        total: this.selectorOf(`${histogram}_count`),
      }),
      promise: 'of database operations succeed',
    }, props.querySuccess);

    const threshold = props.latencyThreshold ?? Duration.millis(100);
    const seconds = durationSeconds(threshold);
    const buckets = props.histogramBuckets ?? [...OPENTELEMETRY_DB_DURATION_BUCKETS];
    if (!(seconds > 0)) {
      this.reportError('latencyThreshold', `must be a positive duration, got ${seconds} seconds`);
    } else if (!buckets.some((bound) => Math.abs(bound - seconds) < 1e-9)) {
      this.reportError('latencyThreshold', `${formatDecimal(seconds)}s is not a bucket bound of the histogram `
        + `(${buckets.map((b) => formatDecimal(b)).join(', ')}); pick a bound or pass your histogramBuckets`);
    }
    this.queryLatency = this.addTemplateObjective({
      name: 'query-latency',
      target: this.tier.latencyTarget,
      indicator: Sli.latency({ histogram: this.selectorOf(histogram), threshold }),
      promise: `of database operations complete within ${seconds > 0 ? formatDecimal(seconds) : seconds}s`,
    }, props.queryLatency);

    this.addExtraObjectives();
  }
}
