/**
 * The conventional metric names the service templates read by default. Each can be overridden per
 * template; the README lists them per template.
 */

/** Prometheus client libraries: the request counter, with a `code` label. */
export const HTTP_REQUESTS_METRIC = 'http_requests_total';
/** Prometheus client libraries: the request-duration histogram, in seconds. */
export const HTTP_DURATION_HISTOGRAM = 'http_request_duration_seconds';
/** Server errors; 4xx are the client's fault and do not spend the budget. */
export const HTTP_ERROR_MATCHERS = 'code=~"5.."';

/**
 * Batch jobs that push to a Pushgateway, as in the Prometheus client libraries' examples: the Unix time
 * of the last success (and of the last failure), and how long the last run took. The Pushgateway
 * groups by the `job` label, so `selector: { job: 'etl' }` selects one pipeline.
 */
export const BATCH_LAST_SUCCESS_METRIC = 'job_last_success_unixtime';
export const BATCH_LAST_FAILURE_METRIC = 'job_last_failure_unixtime';
export const BATCH_DURATION_METRIC = 'job_duration_seconds';

/** Stream processors: messages handled (all) and messages that failed. */
export const STREAM_PROCESSED_METRIC = 'messages_processed_total';
export const STREAM_FAILED_METRIC = 'messages_failed_total';
/** Stream processors: the Unix time of the newest message processed. */
export const STREAM_LAST_PROCESSED_METRIC = 'messages_last_processed_timestamp_seconds';
/** kafka_exporter: lag in messages per consumer group, topic and partition. */
export const KAFKA_CONSUMER_LAG_METRIC = 'kafka_consumergroup_lag';

/**
 * OpenTelemetry semantic conventions, as exported to Prometheus: `db.client.operation.duration` in
 * seconds; failed operations carry the `error.type` attribute, exported as the `error_type` label.
 */
export const DB_OPERATION_DURATION_HISTOGRAM = 'db_client_operation_duration_seconds';
export const DB_ERROR_MATCHERS = 'error_type!=""';
