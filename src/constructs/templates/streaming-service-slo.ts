import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ObjectiveOverrides, ServiceSloProps, ServiceSloTemplate } from './service-slo-template';
import { formatDecimal } from '../../model/decimal';
import { formatPromDuration } from '../../model/duration';
import {
  KAFKA_CONSUMER_LAG_METRIC, STREAM_FAILED_METRIC, STREAM_LAST_PROCESSED_METRIC, STREAM_PROCESSED_METRIC,
} from '../../model/metric-conventions';
import { renderVectorSelector } from '../../promql/selector';
import { durationSeconds } from '../internal/duration-conversion';
import { Sli } from '../sli';
import { Slo } from '../slo';

/** Props of a `StreamingServiceSlo`. */
export interface StreamingServiceSloProps extends ServiceSloProps {
  /**
   * Counter of every message handled, failed ones included.
   * @default "messages_processed_total"
   */
  readonly processedMetric?: string;
  /**
   * Counter of messages that failed processing.
   * @default "messages_failed_total"
   */
  readonly failedMetric?: string;
  /**
   * The largest acceptable consumer lag, in messages, summed over the group's partitions. Adds the
   * `consumer-lag` objective.
   * @default - no consumer-lag objective
   */
  readonly maxLag?: number;
  /**
   * The Kafka consumer group whose lag counts (kafka_exporter's `consumergroup` label).
   * @default - the service name
   */
  readonly consumerGroup?: string;
  /**
   * Gauge of consumer lag in messages. It is selected by `consumergroup`, not by `selector`: the
   * exporter's series carry the exporter's own `job`.
   * @default "kafka_consumergroup_lag"
   */
  readonly lagMetric?: string;
  /**
   * The largest acceptable age of the newest processed message. Adds the `freshness` objective.
   * @default - no freshness objective
   */
  readonly maxStaleness?: Duration;
  /**
   * Gauge of the Unix time of the newest processed message.
   * @default "messages_last_processed_timestamp_seconds"
   */
  readonly lastProcessedMetric?: string;
  /**
   * Changes to the `processing` objective.
   * @default - the tier's target
   */
  readonly processing?: ObjectiveOverrides;
  /**
   * Changes to the `consumer-lag` objective.
   * @default - the tier's latency target
   */
  readonly consumerLag?: ObjectiveOverrides;
  /**
   * Changes to the `freshness` objective.
   * @default - the tier's latency target
   */
  readonly freshness?: ObjectiveOverrides;
}

/**
 * SLOs for a stream processor:
 * - `processing`: `messages_failed_total` over `messages_processed_total`;
 * - `consumer-lag` (with `maxLag`): minutes in which kafka_exporter's `kafka_consumergroup_lag` for the
 *   consumer group, summed over partitions, is above `maxLag`;
 * - `freshness` (with `maxStaleness`): minutes in which the newest processed message
 *   (`messages_last_processed_timestamp_seconds`) is older than `maxStaleness`.
 */
export class StreamingServiceSlo extends ServiceSloTemplate {
  /** The processing SLO (`processing`), unless disabled. */
  public readonly processing?: Slo;
  /** The consumer-lag SLO (`consumer-lag`), when `maxLag` is set. */
  public readonly consumerLag?: Slo;
  /** The freshness SLO (`freshness`), when `maxStaleness` is set. */
  public readonly freshness?: Slo;

  public constructor(scope: Construct, id: string, props: StreamingServiceSloProps) {
    super(scope, id, props);
    this.processing = this.addTemplateObjective({
      name: 'processing',
      target: this.tier.target,
      indicator: Sli.ratio({
        errors: this.selectorOf(props.failedMetric ?? STREAM_FAILED_METRIC),
        total: this.selectorOf(props.processedMetric ?? STREAM_PROCESSED_METRIC),
      }),
      promise: 'of messages are processed without error',
    }, props.processing);

    if (props.maxLag !== undefined) {
      const group = props.consumerGroup ?? props.service;
      this.consumerLag = this.addTemplateObjective({
        name: 'consumer-lag',
        target: this.tier.latencyTarget,
        indicator: Sli.gaugeThreshold({
          metric: renderVectorSelector({ metric: props.lagMetric ?? KAFKA_CONSUMER_LAG_METRIC, matchers: [{ name: 'consumergroup', operator: '=', value: group }] }),
          maximum: props.maxLag,
        }),
        promise: `of minutes have a consumer lag of at most ${typeof props.maxLag === 'number' && Number.isFinite(props.maxLag) ? formatDecimal(props.maxLag) : props.maxLag} messages`,
      }, props.consumerLag);
    }

    if (props.maxStaleness !== undefined) {
      const seconds = durationSeconds(props.maxStaleness);
      this.freshness = this.addTemplateObjective({
        name: 'freshness',
        target: this.tier.latencyTarget,
        indicator: Sli.freshness({
          timestampMetric: this.selectorOf(props.lastProcessedMetric ?? STREAM_LAST_PROCESSED_METRIC),
          maxAge: props.maxStaleness,
        }),
        promise: `of minutes have processed a message from the last ${Number.isInteger(seconds) && seconds > 0 ? formatPromDuration(seconds) : `${seconds}s`}`,
      }, props.freshness);
    }

    this.addExtraObjectives();
  }
}
