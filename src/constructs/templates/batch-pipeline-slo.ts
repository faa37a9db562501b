import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ObjectiveOverrides, ServiceSloProps, ServiceSloTemplate } from './service-slo-template';
import { formatDecimal } from '../../model/decimal';
import { formatPromDuration } from '../../model/duration';
import { WINDOW_PLACEHOLDER } from '../../model/indicator';
import { BATCH_DURATION_METRIC, BATCH_LAST_FAILURE_METRIC, BATCH_LAST_SUCCESS_METRIC } from '../../model/metric-conventions';
import { durationSeconds } from '../duration-conversion';
import { Sli } from '../sli';
import { Slo } from '../slo';

/** Props of a `BatchPipelineSlo`. */
export interface BatchPipelineSloProps extends ServiceSloProps {
  /**
   * The largest acceptable time since the last successful run, e.g. `Duration.hours(26)` for a nightly
   * job (a day plus slack for a slow run).
   */
  readonly maxStaleness: Duration;
  /**
   * The longest acceptable run. Adds the `run-duration` objective.
   * @default - no run-duration objective
   */
  readonly maxDuration?: Duration;
  /**
   * Gauge of the Unix time of the last successful run.
   * @default "job_last_success_unixtime"
   */
  readonly lastSuccessMetric?: string;
  /**
   * Gauge of the Unix time of the last failed run.
   * @default "job_last_failure_unixtime"
   */
  readonly lastFailureMetric?: string;
  /**
   * Gauge of how long the last run took, in seconds.
   * @default "job_duration_seconds"
   */
  readonly durationMetric?: string;
  /**
   * Changes to the `run-success` objective.
   * @default - the tier's target
   */
  readonly runSuccess?: ObjectiveOverrides;
  /**
   * Changes to the `freshness` objective.
   * @default - the tier's target
   */
  readonly freshness?: ObjectiveOverrides;
  /**
   * Changes to the `run-duration` objective.
   * @default - the tier's latency target
   */
  readonly runDuration?: ObjectiveOverrides;
}

/** Counts events in the 5-minute placeholder window and turns them into events per second. */
const PER_SECOND_OF_WINDOW = '/ 300';

/**
 * How long after a run its timestamp may first reach Prometheus (push, then scrape) and still count as
 * a new run when its series appears.
 */
const NEW_SERIES_MAX_AGE_SECONDS = 600;

/**
 * Runs recorded by a Unix-timestamp gauge in the window: each change of its value, plus a series that
 * appeared in the window with a recent value. The first run of a pipeline, and a run after a Pushgateway
 * push that replaced the group (dropping the other gauge), create the series rather than change it;
 * the recency check keeps an old value that reappears (a Pushgateway restart) from counting. Zero, not
 * nothing, when the gauge does not exist.
 */
function runsInWindow(timestampGauge: string): string {
  const window = WINDOW_PLACEHOLDER;
  const changed = `sum(changes(${timestampGauge}[${window}]))`;
  const appeared = `count((${timestampGauge} unless ${timestampGauge} offset ${window}) > time() - ${NEW_SERIES_MAX_AGE_SECONDS})`;
  return `((${changed} or vector(0)) + (${appeared} or vector(0)))`;
}

/**
 * SLOs for a batch pipeline that reports each run the way the Prometheus client libraries' batch-job
 * examples do (pushed to a Pushgateway, grouped by `job`): the Unix time of the last success and of the
 * last failure, and the last run's duration.
 * - `run-success`: failed runs over all runs. A run is a new value of `job_last_success_unixtime` or
 *   `job_last_failure_unixtime` (a change, or a series that appears with a recent timestamp);
 * - `freshness`: minutes in which the last success is older than `maxStaleness`, over all minutes;
 * - `run-duration` (with `maxDuration`): successful runs whose `job_duration_seconds` exceeded it.
 *
 * For a Kubernetes CronJob watched by kube-state-metrics, point `lastSuccessMetric` at
 * `kube_cronjob_status_last_successful_time` with `selector: { namespace, cronjob }` and disable
 * `runSuccess` (kube-state-metrics has no failure timestamp).
 */
export class BatchPipelineSlo extends ServiceSloTemplate {
  /** The run-success SLO (`run-success`), unless disabled. */
  public readonly runSuccess?: Slo;
  /** The freshness SLO (`freshness`), unless disabled. */
  public readonly freshness?: Slo;
  /** The run-duration SLO (`run-duration`), when `maxDuration` is set. */
  public readonly runDuration?: Slo;

  public constructor(scope: Construct, id: string, props: BatchPipelineSloProps) {
    super(scope, id, props);
    const lastSuccess = this.selectorOf(props.lastSuccessMetric ?? BATCH_LAST_SUCCESS_METRIC);
    const lastFailure = this.selectorOf(props.lastFailureMetric ?? BATCH_LAST_FAILURE_METRIC);
    const lastDuration = this.selectorOf(props.durationMetric ?? BATCH_DURATION_METRIC);
    const successes = runsInWindow(lastSuccess);
    const failures = runsInWindow(lastFailure);

    this.runSuccess = this.addTemplateObjective({
      name: 'run-success',
      target: this.tier.target,
      indicator: Sli.fromQueries({
        errorQuery: `${failures} ${PER_SECOND_OF_WINDOW}`,
        totalQuery: `(${successes} + ${failures}) ${PER_SECOND_OF_WINDOW}`,
      }),
      promise: 'of runs succeed',
    }, props.runSuccess);

    if (props.maxStaleness === undefined) {
      this.reportError('maxStaleness', 'is required: the longest acceptable time since the last successful run, e.g. Duration.hours(26) for a nightly job');
    }
    const staleness = props.maxStaleness ?? Duration.days(1);
    this.freshness = this.addTemplateObjective({
      name: 'freshness',
      target: this.tier.target,
      indicator: Sli.freshness({ timestampMetric: lastSuccess, maxAge: staleness }),
      promise: `of minutes have a successful run within the last ${humanDuration(staleness)}`,
    }, props.freshness);

    if (props.maxDuration !== undefined) {
      const maxSeconds = formatDecimal(durationSeconds(props.maxDuration));
      this.runDuration = this.addTemplateObjective({
        name: 'run-duration',
        target: this.tier.latencyTarget,
        // Successful runs in the window count as slow when the last run's duration is over the bound.
        indicator: Sli.fromQueries({
          errorQuery: `(${successes} and on () (max(${lastDuration}) > ${maxSeconds})) ${PER_SECOND_OF_WINDOW}`,
          totalQuery: `${successes} ${PER_SECOND_OF_WINDOW}`,
        }),
        promise: `of successful runs finish within ${humanDuration(props.maxDuration)}`,
      }, props.runDuration);
    }

    this.addExtraObjectives();
  }
}

function humanDuration(duration: Duration): string {
  const seconds = durationSeconds(duration);
  return Number.isInteger(seconds) && seconds > 0 ? formatPromDuration(seconds) : `${seconds}s`;
}
