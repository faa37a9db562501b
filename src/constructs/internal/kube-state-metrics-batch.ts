/**
 * Batch-run indicators from kube-state-metrics for the Jobs of one CronJob. A run is a Job owned by the
 * CronJob (`kube_job_owner`); it finished in the window when its `kube_job_complete` (success) or
 * `kube_job_failed` (failure) condition became true in the window: true now, but not 5 minutes ago.
 */
import { BASE_WINDOW_SECONDS } from '../../model/alerting-policy';
import { quotePromqlString } from '../../promql/string-literal';
import { WINDOW_PLACEHOLDER } from '../../promql/window-placeholder';

/** Counts events in the 5-minute placeholder window and turns them into events per second. */
export const PER_SECOND_OF_WINDOW = `/ ${BASE_WINDOW_SECONDS}`;

/** The kube-state-metrics series of one CronJob's Jobs, plus the template's shared matchers. */
export interface CronJobSeries {
  /** Renders `metric{<shared matchers>,<extra>}` from extra matcher text. */
  readonly select: (metric: string, extraMatchers: string) => string;
  readonly namespace: string;
  readonly cronJob: string;
}

/** PromQL equality matcher text, every value quoted safely. */
export function equalityMatcherText(labels: Record<string, string>): string {
  return Object.entries(labels).map(([name, value]) => `${name}=${quotePromqlString(value)}`).join(',');
}

function jobsOfCronJob(series: CronJobSeries): string {
  return series.select('kube_job_owner', equalityMatcherText({ namespace: series.namespace, owner_kind: 'CronJob', owner_name: series.cronJob }));
}

/** Jobs of the CronJob whose condition (`complete` or `failed`) became true within the window. */
function finishedJobs(series: CronJobSeries, condition: 'complete' | 'failed'): string {
  const metric = series.select(`kube_job_${condition}`, equalityMatcherText({ namespace: series.namespace, condition: 'true' }));
  return `((${metric} == 1) unless (${metric} offset ${WINDOW_PLACEHOLDER} == 1)) and on (namespace, job_name) ${jobsOfCronJob(series)}`;
}

/** Failed runs per second. */
export function cronJobFailedRuns(series: CronJobSeries): string {
  return `(count(${finishedJobs(series, 'failed')}) or vector(0)) ${PER_SECOND_OF_WINDOW}`;
}

/** Successful runs per second. */
export function cronJobSucceededRuns(series: CronJobSeries): string {
  return `(count(${finishedJobs(series, 'complete')}) or vector(0)) ${PER_SECOND_OF_WINDOW}`;
}

/** All finished runs per second. */
export function cronJobFinishedRuns(series: CronJobSeries): string {
  return `((count(${finishedJobs(series, 'complete')}) or vector(0)) + (count(${finishedJobs(series, 'failed')}) or vector(0))) ${PER_SECOND_OF_WINDOW}`;
}

/** Successful runs per second that took longer than `maxSeconds` (completion time − start time). */
export function cronJobSlowRuns(series: CronJobSeries, maxSeconds: string): string {
  const matchers = equalityMatcherText({ namespace: series.namespace });
  const took = `${series.select('kube_job_status_completion_time', matchers)} - ${series.select('kube_job_status_start_time', matchers)}`;
  return `(count(${finishedJobs(series, 'complete')} and on (namespace, job_name) (${took} > ${maxSeconds})) or vector(0)) ${PER_SECOND_OF_WINDOW}`;
}

/** The CronJob's last successful run, a Unix time. */
export function cronJobLastSuccess(series: CronJobSeries): string {
  return series.select('kube_cronjob_status_last_successful_time', equalityMatcherText({ namespace: series.namespace, cronjob: series.cronJob }));
}
