import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { IKubeResource } from './kube-resource';
import { ObjectiveOverrides, ServiceSloOptions, ServiceSloTemplate } from './service-slo-template';
import { formatDecimal } from '../../model/decimal';
import { formatPromDuration } from '../../model/duration';
import { BATCH_DURATION_METRIC, BATCH_LAST_FAILURE_METRIC, BATCH_LAST_SUCCESS_METRIC } from '../../model/metric-conventions';
import { WINDOW_PLACEHOLDER } from '../../promql/window-placeholder';
import { durationSeconds } from '../internal/duration-conversion';
import { apiObjectOfKind } from '../internal/kube-resource-reading';
import {
  cronJobFailedRuns, cronJobFinishedRuns, cronJobLastSuccess, cronJobSlowRuns, cronJobSucceededRuns, CronJobSeries,
  PER_SECOND_OF_WINDOW,
} from '../internal/kube-state-metrics-batch';
import { Sli } from '../sli';
import { Slo } from '../slo';

/** A Kubernetes CronJob whose Jobs kube-state-metrics watches. */
export interface CronJobReference {
  /** The CronJob's name (kube-state-metrics' `cronjob` and `owner_name` labels). */
  readonly name: string;
  /** The CronJob's namespace. */
  readonly namespace: string;
}

/** Options of a `BatchPipelineSlo` (everything but the service name). */
export interface BatchPipelineSloOptions extends ServiceSloOptions {
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
   * Read the runs of this CronJob from kube-state-metrics instead of pushed gauges: Jobs owned by it
   * (`kube_job_owner`), their `kube_job_complete` / `kube_job_failed` conditions and start and completion
   * times, and `kube_cronjob_status_last_successful_time`. `selector` still applies, e.g. to pick the
   * kube-state-metrics of one cluster.
   * @default - the pushed gauges below
   */
  readonly cronJob?: CronJobReference;
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

/** Props of a `BatchPipelineSlo`. */
export interface BatchPipelineSloProps extends BatchPipelineSloOptions {
  /** The service (the pipeline), a lowercase DNS label; the `slo_service` label of every SLO. */
  readonly service: string;
}

/** Options of `BatchPipelineSlo.fromCronJob`. */
export interface BatchPipelineSloFromCronJobOptions extends BatchPipelineSloOptions {
  /**
   * The service name (`slo_service`).
   * @default - the CronJob's Kubernetes name
   */
  readonly service?: string;
}


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
 *
 * Changes count only on series that existed a window ago: MetricsQL's `changes` counts a series' first
 * sample as a change when no sample precedes the window (PromQL's does not), which would count every
 * appearance twice, and an old value that reappears once, on VictoriaMetrics. So both engines count the
 * same; the price is that a second run within a window of the series' appearance is seen by fewer
 * evaluations (batch runs are minutes to days apart).
 */
function runsInWindow(timestampGauge: string): string {
  const window = WINDOW_PLACEHOLDER;
  const changed = `sum(changes(${timestampGauge}[${window}]) and ${timestampGauge} offset ${window})`;
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
 * For a Kubernetes CronJob, set `cronJob` (or use `fromCronJob`) to read its runs from kube-state-metrics.
 */
export class BatchPipelineSlo extends ServiceSloTemplate {
  /**
   * SLOs for a cdk8s-plus CronJob (any cdk8s-plus from version 28 on), read from kube-state-metrics:
   * the service name is the CronJob's name, and its name and namespace select its Jobs. Throws when the
   * object is not a CronJob.
   */
  public static fromCronJob(
    scope: Construct, id: string, kubeCronJob: IKubeResource, options: BatchPipelineSloFromCronJobOptions,
  ): BatchPipelineSlo {
    apiObjectOfKind(kubeCronJob, 'CronJob', 'BatchPipelineSlo.fromCronJob');
    const namespace = kubeCronJob.metadata.namespace ?? Chart.of(kubeCronJob).namespace ?? 'default';
    return new BatchPipelineSlo(scope, id, {
      ...options,
      service: options.service ?? kubeCronJob.name,
      cronJob: options.cronJob ?? { name: kubeCronJob.name, namespace },
    });
  }

  /** The run-success SLO (`run-success`), unless disabled. */
  public readonly runSuccess?: Slo;
  /** The freshness SLO (`freshness`), unless disabled. */
  public readonly freshness?: Slo;
  /** The run-duration SLO (`run-duration`), when `maxDuration` is set. */
  public readonly runDuration?: Slo;

  public constructor(scope: Construct, id: string, props: BatchPipelineSloProps) {
    super(scope, id, props);
    const runs = props.cronJob ? this.cronJobRuns(props.cronJob) : this.pushedRuns(props);

    this.runSuccess = this.addTemplateObjective({
      name: 'run-success',
      target: this.tier.target,
      indicator: Sli.fromQueries({ errorQuery: runs.failed, totalQuery: runs.finished }),
      promise: 'of runs succeed',
    }, props.runSuccess);

    if (props.maxStaleness === undefined) {
      this.reportError('maxStaleness', 'is required: the longest acceptable time since the last successful run, e.g. Duration.hours(26) for a nightly job');
    }
    const staleness = props.maxStaleness ?? Duration.days(1);
    this.freshness = this.addTemplateObjective({
      name: 'freshness',
      target: this.tier.target,
      indicator: Sli.freshness({ timestampMetric: runs.lastSuccess, maxAge: staleness }),
      promise: `of minutes have a successful run within the last ${humanDuration(staleness)}`,
    }, props.freshness);

    const maxDurationSeconds = props.maxDuration === undefined ? undefined : durationSeconds(props.maxDuration);
    if (maxDurationSeconds !== undefined && !(maxDurationSeconds > 0)) {
      this.reportError('maxDuration', `must be a positive duration, got ${maxDurationSeconds} seconds`);
    } else if (props.maxDuration !== undefined && maxDurationSeconds !== undefined) {
      const maxSeconds = formatDecimal(maxDurationSeconds);
      this.runDuration = this.addTemplateObjective({
        name: 'run-duration',
        target: this.tier.latencyTarget,
        indicator: Sli.fromQueries({ errorQuery: runs.slow(maxSeconds), totalQuery: runs.succeeded }),
        promise: `of successful runs finish within ${humanDuration(props.maxDuration)}`,
      }, props.runDuration);
    }

    this.addExtraObjectives();
  }

  /** Runs from the gauges a batch job pushes. */
  private pushedRuns(props: BatchPipelineSloProps): BatchRunQueries {
    const lastSuccess = this.selectorOf(props.lastSuccessMetric ?? BATCH_LAST_SUCCESS_METRIC);
    const lastFailure = this.selectorOf(props.lastFailureMetric ?? BATCH_LAST_FAILURE_METRIC);
    const lastDuration = this.selectorOf(props.durationMetric ?? BATCH_DURATION_METRIC);
    const successes = runsInWindow(lastSuccess);
    const failures = runsInWindow(lastFailure);
    return {
      lastSuccess,
      failed: `${failures} ${PER_SECOND_OF_WINDOW}`,
      finished: `(${successes} + ${failures}) ${PER_SECOND_OF_WINDOW}`,
      succeeded: `${successes} ${PER_SECOND_OF_WINDOW}`,
      // Successful runs in the window count as slow when the last run's duration is over the bound.
      slow: (maxSeconds) => `(${successes} and on () (max(${lastDuration}) > ${maxSeconds})) ${PER_SECOND_OF_WINDOW}`,
    };
  }

  /** Runs of a CronJob's Jobs, from kube-state-metrics. */
  private cronJobRuns(cronJob: CronJobReference): BatchRunQueries {
    const series: CronJobSeries = {
      select: (metric, extra) => this.selectorOf(metric, extra),
      namespace: cronJob.namespace,
      cronJob: cronJob.name,
    };
    return {
      lastSuccess: cronJobLastSuccess(series),
      failed: cronJobFailedRuns(series),
      finished: cronJobFinishedRuns(series),
      succeeded: cronJobSucceededRuns(series),
      slow: (maxSeconds) => cronJobSlowRuns(series, maxSeconds),
    };
  }
}

/** How one source of batch metrics answers the template's questions (rates per second over 5 minutes). */
interface BatchRunQueries {
  /** Selector of the last successful run's Unix time. */
  readonly lastSuccess: string;
  readonly failed: string;
  readonly finished: string;
  readonly succeeded: string;
  readonly slow: (maxSeconds: string) => string;
}

function humanDuration(duration: Duration): string {
  const seconds = durationSeconds(duration);
  return Number.isInteger(seconds) && seconds > 0 ? formatPromDuration(seconds) : `${seconds}s`;
}
