/**
 * SLO definitions as OpenSLO v1 documents (apiVersion `openslo/v1`), following the rules of OpenSLO's
 * reference validator (github.com/OpenSLO/go-sdk, pkg/openslo/v1): DNS-label names, exactly one time
 * window (rolling, or calendar-aligned: see openslo-calendar.ts), a target in [0, 1), one condition per alert policy, at least one notification target.
 *
 * How each indicator kind maps:
 * - ratio: `ratioMetric` with `counter: true`, `bad` (or `good`) and `total` the counter selectors;
 * - latency: `ratioMetric` with `counter: true`, `good` the `_bucket` at the threshold, `total` `_count`;
 * - nativeLatency: `ratioMetric` with `counter: false`, events per second over 5 minutes
 *   (`histogram_count` × `histogram_fraction`);
 * - boolGauge: `ratioMetric` with `counter: false`, `good` = `sum(gauge)`, `total` = `count(gauge)`: each
 *   sample is an event;
 * - query: `ratioMetric` with `counter: false`, the queries with the window filled in (`5m`);
 * - freshness and gaugeThreshold: `thresholdMetric` (`time() - max(timestamp)`, `sum(gauge)`) compared
 *   with `op: lte` and the bound, budgeted as `Timeslices` of one minute, as the rules judge them;
 * - queryThreshold: `thresholdMetric` with its op and value, `Timeslices` with the indicator's
 *   `timeSliceWindow`; averagedErrorRatio with a tiled slice: `RatioTimeslices` of that length.
 *
 * What OpenSLO has no field for rides in `cdk8s-slo.dev/*` annotations (see annotations.ts): the model's
 * indicator (grouping included), the short window of each burn-rate condition, alert labels and texts,
 * the error-budget policy and the tier.
 */
import {
  ALERT_LABELS_ANNOTATION, ALERTING_ANNOTATION, BUDGET_POLICY_ANNOTATION, budgetPolicyAnnotation, INDICATOR_ANNOTATION,
  indicatorAnnotation, LABELS_ANNOTATION, SHORT_WINDOW_ANNOTATION, stableJson, TIER_ANNOTATION,
} from './annotations';
import { openSloCalendarWindow } from './openslo-calendar';
import { OpenSloIndicator } from '../indicators/indicator-kind';
import { kindOf } from '../indicators/registry';
import { DEFAULT_BURN_RATE_ALERT_NAME } from '../model/alerting-policy';
import { burnRateFactor, BurnRateWindowPair } from '../model/burn-rate';
import { formatDecimal, formatPercent } from '../model/decimal';
import { formatPromDuration, SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from '../model/duration';
import { Indicator } from '../model/indicator';
import { isDnsLabel, isLabelNamePart } from '../model/kubernetes-names';
import { CHANNEL_LABEL } from '../model/service-tier';
import { SloDefinition } from '../model/slo-definition';
import { DEFAULT_TIME_SLICE_SECONDS } from '../model/time-slice';
import { error, ValidationIssue, warning } from '../model/validation-issue';

export const OPENSLO_API_VERSION = 'openslo/v1';
/** The metric source type of every query. */
export const PROMETHEUS_SOURCE_TYPE = 'Prometheus';
/** The notification target of alerts that carry no `channel` label: Alertmanager routes on their labels. */
export const DEFAULT_NOTIFICATION_TARGET = 'alertmanager';
/** The longest description OpenSLO accepts. */
export const MAX_DESCRIPTION_LENGTH = 1050;

/** An OpenSLO object: Kubernetes-shaped, but not a Kubernetes resource (no namespace). */
export interface OpenSloObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: OpenSloMetadata;
  readonly spec: Record<string, any>;
}

export interface OpenSloMetadata {
  readonly name: string;
  readonly displayName?: string;
  readonly labels?: Record<string, string | string[]>;
  readonly annotations?: Record<string, string>;
}

/** How to write the documents. */
export interface OpenSloExportOptions {
  /**
   * Everything inline in the SLO document (indicator, alert policies, their conditions and targets),
   * or separate documents joined by references (Service, DataSource, SLI, AlertPolicy, AlertCondition,
   * AlertNotificationTarget).
   */
  readonly inline: boolean;
  /** The name of the Prometheus DataSource the metric sources refer to (separate documents only). */
  readonly dataSourceName: string;
  /** The Prometheus URL in the DataSource's connection details. */
  readonly prometheusUrl?: string;
  /** The service tier, when a template chose one. */
  readonly tier?: string;
}

/** Documents (or custom-resource specs) for one SLO, and what could not be mapped exactly. */
export interface ExportResult<T> {
  readonly documents: T[];
  /** Errors: nothing was emitted. Warnings: a documented approximation was emitted. */
  readonly issues: ValidationIssue[];
}


/** The OpenSLO name of an SLO: `<service>-<name>`. */
export function openSloName(definition: SloDefinition): string {
  return `${definition.service}-${definition.name}`;
}

/**
 * The OpenSLO documents of one SLO. With `inline: false` the result includes the shared documents
 * (Service, DataSource, AlertNotificationTarget) this SLO needs; merge the documents of several SLOs with
 * `mergeOpenSloDocuments`.
 */
export function toOpenSlo(definition: SloDefinition, options: OpenSloExportOptions): ExportResult<OpenSloObject> {
  const issues = exportIssues(definition, options);
  if (issues.some((issue) => issue.severity === 'error')) {
    return { documents: [], issues };
  }
  const name = openSloName(definition);
  const source = (query: string) => options.inline
    ? { metricSource: { type: PROMETHEUS_SOURCE_TYPE, spec: { query } } }
    : { metricSource: { metricSourceRef: options.dataSourceName, type: PROMETHEUS_SOURCE_TYPE, spec: { query } } };
  const indicator = openSloIndicator(definition.indicator, source);
  const sli = {
    metadata: { name, annotations: { [INDICATOR_ANNOTATION]: indicatorAnnotation(definition.indicator) } },
    spec: indicator.spec,
  };
  const alerts = definition.alerting.enabled ? definition.alerting.pairs.map((pair) => alertDocuments(definition, pair, issues)) : [];
  const documents = options.inline ? [] : referencedDocuments(definition, options, alerts, sli);
  documents.push(sloDocument(definition, options, indicator, sli, alerts));
  return { documents, issues };
}

/** What OpenSLO cannot hold of a definition: errors stop the export, warnings say what is approximated. */
function exportIssues(definition: SloDefinition, options: OpenSloExportOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const name = openSloName(definition);
  if (!isDnsLabel(name)) {
    issues.push(error('name', `the OpenSLO name "${name}" (service-name) must be a DNS label of at most 63 characters; shorten the service or the SLO name`));
  }
  if (definition.description !== undefined && definition.description.length > MAX_DESCRIPTION_LENGTH) {
    issues.push(error('description', `OpenSLO descriptions hold at most ${MAX_DESCRIPTION_LENGTH} characters, this one has ${definition.description.length}`));
  }
  if (!options.inline && !isDnsLabel(options.dataSourceName)) {
    issues.push(error('dataSourceName', `"${options.dataSourceName}" must be a DNS label`));
  }
  if (definition.indicator.grouping.length > 0) {
    issues.push(warning('indicator.grouping', `OpenSLO v1 has no grouping: other tools read one SLI over every ${definition.indicator.grouping.join('/')}; cdk8s-slo keeps the grouping in the ${INDICATOR_ANNOTATION} annotation`));
  }
  if (definition.objective.calendar !== undefined) {
    issues.push(...openSloCalendarWindow(definition.objective.calendar, `${definition.service}/${definition.name}`).issues);
  } else if (tryOpenSloDuration(definition.objective.windowSeconds) === undefined) {
    issues.push(error('window', `OpenSLO time windows are whole minutes, hours or days; ${definition.objective.windowSeconds} seconds is not`));
  }
  return issues;
}

type SliDocument = { metadata: OpenSloMetadata; spec: Record<string, any> };

/** The documents an SLO refers to when it is not inline: DataSource, Service, its alerting documents and SLI. */
function referencedDocuments(definition: SloDefinition, options: OpenSloExportOptions, alerts: AlertDocuments[], sli: SliDocument): OpenSloObject[] {
  return [
    object('DataSource', { name: options.dataSourceName }, {
      type: PROMETHEUS_SOURCE_TYPE,
      connectionDetails: options.prometheusUrl !== undefined ? { url: options.prometheusUrl } : {},
    }),
    object('Service', {
      name: definition.service,
      ...(options.tier ? { labels: { tier: options.tier } } : {}),
    }, {}),
    ...alerts.map((alert) => alert.target),
    ...alerts.map((alert) => alert.condition),
    ...alerts.map((alert) => object('AlertPolicy', alert.policy.metadata, {
      ...alert.policy.spec,
      conditions: [{ conditionRef: alert.condition.metadata.name }],
      notificationTargets: [{ targetRef: alert.target.metadata.name }],
    })),
    object('SLI', sli.metadata, sli.spec),
  ];
}

/** The SLO document: its SLI and alert policies inline, or by reference. */
function sloDocument(
  definition: SloDefinition, options: OpenSloExportOptions, indicator: OpenSloIndicator, sli: SliDocument, alerts: AlertDocuments[],
): OpenSloObject {
  const name = openSloName(definition);
  return object('SLO', {
    name,
    ...(displayName(definition) ? { displayName: displayName(definition) } : {}),
    ...sloLabelsAndAnnotations(definition, options.tier),
  }, {
    ...(definition.description !== undefined ? { description: definition.description } : {}),
    service: definition.service,
    ...(options.inline ? { indicator: sli } : { indicatorRef: name }),
    timeWindow: [timeWindow(definition)],
    budgetingMethod: openSloBudgetingMethod(indicator),
    objectives: [{
      ...(indicator.threshold !== undefined ? { op: indicator.op ?? 'lte', value: indicator.threshold } : {}),
      target: definition.objective.target,
      ...(indicator.timeslices && !indicator.averagedSlices ? { timeSliceTarget: 1 } : {}),
      ...(indicator.timeslices ? { timeSliceWindow: openSloDuration(indicator.timeSliceSeconds ?? DEFAULT_TIME_SLICE_SECONDS) } : {}),
    }],
    ...(alerts.length > 0 ? {
      alertPolicies: options.inline ? alerts.map(inlineAlertPolicy) : alerts.map((alert) => ({ alertPolicyRef: alert.policy.metadata.name })),
    } : {}),
  });
}

/** The SLO's one time window: rolling, or calendar-aligned (checked by exportIssues). */
function timeWindow(definition: SloDefinition): Record<string, unknown> {
  const calendar = definition.objective.calendar;
  if (calendar !== undefined) return { ...openSloCalendarWindow(calendar, openSloName(definition)).window };
  return { duration: tryOpenSloDuration(definition.objective.windowSeconds), isRolling: true };
}

/** An alert policy with its condition and notification target inline. */
function inlineAlertPolicy(alert: AlertDocuments): Record<string, unknown> {
  return {
    kind: 'AlertPolicy',
    metadata: alert.policy.metadata,
    spec: {
      ...alert.policy.spec,
      conditions: [{ kind: 'AlertCondition', metadata: alert.condition.metadata, spec: alert.condition.spec }],
      notificationTargets: [{ kind: 'AlertNotificationTarget', metadata: alert.target.metadata, spec: alert.target.spec }],
    },
  };
}

/**
 * Joins the documents of several SLOs: shared documents (same kind and name) appear once; two different
 * documents with one kind and name are reported. A service's SLOs may be declared in several places
 * (a template and a hand-written Slo): their Service documents merge, labels joined, unless two SLOs
 * give one label different values.
 */
export function mergeOpenSloDocuments(documents: readonly OpenSloObject[]): { documents: OpenSloObject[]; conflicts: string[] } {
  const byKey = new Map<string, OpenSloObject>();
  const conflicts: string[] = [];
  for (const document of documents) {
    const key = `${document.kind}/${document.metadata.name}`;
    const known = byKey.get(key);
    if (!known) {
      byKey.set(key, document);
    } else if (document.kind === 'Service') {
      const labels: Record<string, string | string[]> = { ...(known.metadata.labels ?? {}) };
      for (const [label, value] of Object.entries(document.metadata.labels ?? {})) {
        if (labels[label] !== undefined && JSON.stringify(labels[label]) !== JSON.stringify(value)) {
          conflicts.push(`the SLOs of service "${document.metadata.name}" give its label ${label} two values: ${JSON.stringify(labels[label])} and ${JSON.stringify(value)}`);
        }
        labels[label] ??= value;
      }
      byKey.set(key, { ...known, metadata: { ...known.metadata, ...(Object.keys(labels).length > 0 ? { labels: sortedRecord(labels) } : {}) } });
    } else if (stableJson(known) !== stableJson(document)) {
      conflicts.push(`two different OpenSLO ${document.kind} documents are named "${document.metadata.name}"`);
    }
  }
  // Referenced documents first, so that a reader meets each name before its use.
  const order = ['DataSource', 'Service', 'AlertNotificationTarget', 'AlertCondition', 'AlertPolicy', 'SLI', 'SLO'];
  const merged = [...byKey.values()].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return { documents: merged, conflicts };
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The SLI spec of an indicator, from its kind's module; `source` wraps each query into a metric spec. */
export function openSloIndicator(indicator: Indicator, source: (query: string) => Record<string, any>): OpenSloIndicator {
  return kindOf(indicator).toOpenSlo(indicator, source);
}

/** The budgeting method an indicator is exported with: each slice judged, slices' ratios averaged, or events counted. */
export function openSloBudgetingMethod(indicator: OpenSloIndicator): 'Occurrences' | 'Timeslices' | 'RatioTimeslices' {
  if (!indicator.timeslices) return 'Occurrences';
  return indicator.averagedSlices ? 'RatioTimeslices' : 'Timeslices';
}

interface AlertDocuments {
  readonly policy: { metadata: OpenSloMetadata; spec: Record<string, any> };
  readonly condition: OpenSloObject;
  readonly target: OpenSloObject;
}

/** One alert policy per burn-rate window pair: OpenSLO v1 allows one condition per policy. */
function alertDocuments(definition: SloDefinition, pair: BurnRateWindowPair, issues: ValidationIssue[]): AlertDocuments {
  const long = formatPromDuration(pair.longSeconds);
  const short = formatPromDuration(pair.shortSeconds);
  const name = dnsName(`${openSloName(definition)}-${long}-${short}`);
  const factor = burnRateFactor(pair, definition.objective.windowSeconds);
  const labels = { ...(pair.labels ?? {}) };
  const channel = labels[CHANNEL_LABEL] ?? definition.alerting.labels[CHANNEL_LABEL];
  const policy = definition.alerting;
  let alertAfter: string | undefined;
  const forSeconds = pair.forSeconds ?? policy.forSeconds;
  if (forSeconds) {
    const minutes = Math.ceil(forSeconds / SECONDS_PER_MINUTE);
    if (minutes * SECONDS_PER_MINUTE !== forSeconds) {
      issues.push(warning('alerting.for', `OpenSLO's alertAfter counts whole minutes: ${forSeconds}s written as ${minutes}m`));
    }
    alertAfter = `${minutes}m`;
  }
  const condition = object('AlertCondition', {
    name,
    annotations: { [SHORT_WINDOW_ANNOTATION]: short },
  }, {
    description: `Burn rate above ${formatDecimal(factor)} over ${long} and ${short}: ${formatPercent(pair.budgetConsumed)} of the error budget spent in ${long}`,
    severity: pair.severity,
    condition: {
      kind: 'burnrate',
      op: 'gt',
      threshold: factor,
      lookbackWindow: openSloDuration(pair.longSeconds),
      ...(alertAfter ? { alertAfter } : {}),
    },
  });
  const target = channel !== undefined
    ? object('AlertNotificationTarget', { name: dnsName(channel) }, { description: `Alertmanager routes alerts labelled ${CHANNEL_LABEL}="${channel}"`, target: channel })
    : object('AlertNotificationTarget', { name: DEFAULT_NOTIFICATION_TARGET }, { description: 'Prometheus Alertmanager, routing on the alert labels', target: DEFAULT_NOTIFICATION_TARGET });
  return {
    policy: {
      metadata: {
        name,
        ...(Object.keys(labels).length > 0 ? { annotations: { [ALERT_LABELS_ANNOTATION]: stableJson(labels) } } : {}),
      },
      spec: { description: `${pair.severity} alert for ${definition.service} ${definition.name}`, alertWhenBreaching: true },
    },
    condition,
    target,
  };
}

function sloLabelsAndAnnotations(definition: SloDefinition, tier: string | undefined): Pick<OpenSloMetadata, 'labels' | 'annotations'> {
  const labels: Record<string, string> = {};
  let allLabelsFit = true;
  for (const [key, value] of Object.entries(definition.labels)) {
    if (isLabelNamePart(key)) labels[key] = value;
    else allLabelsFit = false;
  }
  const annotations: Record<string, string> = {};
  if (!allLabelsFit) annotations[LABELS_ANNOTATION] = stableJson(definition.labels);
  const alerting = alertingAnnotation(definition);
  if (alerting !== undefined) annotations[ALERTING_ANNOTATION] = alerting;
  if (definition.budgetPolicy) annotations[BUDGET_POLICY_ANNOTATION] = budgetPolicyAnnotation(definition.budgetPolicy);
  if (tier) annotations[TIER_ANNOTATION] = tier;
  return {
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
}

/** Alerting settings without an OpenSLO field; undefined when all are defaults. */
function alertingAnnotation(definition: SloDefinition): string | undefined {
  const policy = definition.alerting;
  if (!policy.enabled) return undefined;
  const settings = {
    alertName: policy.alertName !== DEFAULT_BURN_RATE_ALERT_NAME ? policy.alertName : undefined,
    labels: Object.keys(policy.labels).length > 0 ? policy.labels : undefined,
    annotations: Object.keys(policy.annotations).length > 0 ? policy.annotations : undefined,
    summary: policy.summary,
    description: policy.description,
    runbookUrl: policy.runbookUrl,
    dashboardUrl: policy.dashboardUrl,
    minimumEvents: policy.minimumEvents,
    // Sub-minute `for` that alertAfter cannot hold.
    forSeconds: policy.forSeconds && policy.forSeconds % SECONDS_PER_MINUTE !== 0 ? policy.forSeconds : undefined,
  };
  const json = stableJson(settings);
  return json === '{}' ? undefined : json;
}

function displayName(definition: SloDefinition): string | undefined {
  const text = `${definition.service} ${definition.name}`;
  return text.length <= 63 ? text : undefined;
}

function object(kind: string, metadata: OpenSloMetadata, spec: Record<string, any>): OpenSloObject {
  return { apiVersion: OPENSLO_API_VERSION, kind, metadata, spec };
}

/**
 * A DNS label from any text: lowercase, other characters become `-`; too long a name keeps its start
 * and gets a short hash, so distinct inputs stay distinct.
 */
export function dnsName(text: string): string {
  if (isDnsLabel(text)) return text;
  const cleaned = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  const start = cleaned.slice(0, 54).replace(/-+$/, '');
  return start === '' ? `x-${hash(text)}` : `${start}-${hash(text)}`;
}

/** A short, stable hash: a polynomial over the UTF-16 code units modulo the largest 32-bit prime, 8 hex digits. */
function hash(text: string): string {
  let h = 7;
  for (let i = 0; i < text.length; i++) {
    h = (h * 131 + text.charCodeAt(i)) % 4294967291;
  }
  return h.toString(16).padStart(8, '0');
}

/** OpenSLO's duration shorthand: one whole number and one unit, the largest of d, h, m that fits. */
export function openSloDuration(seconds: number): string {
  const text = tryOpenSloDuration(seconds);
  if (text === undefined) throw new Error(`${seconds} seconds is not a whole number of minutes`);
  return text;
}

function tryOpenSloDuration(seconds: number): string | undefined {
  if (!Number.isInteger(seconds) || seconds <= 0 || seconds % SECONDS_PER_MINUTE !== 0) return undefined;
  for (const [unit, size] of [['d', SECONDS_PER_DAY], ['h', SECONDS_PER_HOUR], ['m', SECONDS_PER_MINUTE]] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return undefined;
}

/** OpenSLO duration units cdk8s-slo reads; months, quarters and years are calendar units, not fixed lengths. */
const OPENSLO_UNITS: Record<string, number> = { m: SECONDS_PER_MINUTE, h: SECONDS_PER_HOUR, d: SECONDS_PER_DAY, w: 7 * SECONDS_PER_DAY };

/** Parses an OpenSLO duration shorthand (`30d`, `1h`, `4w`); throws with a reason otherwise. */
export function parseOpenSloDuration(text: unknown): number {
  const match = typeof text === 'string' ? /^(\d+)([mhdwMQY])$/.exec(text) : null;
  if (!match) {
    throw new Error(`"${String(text)}" is not an OpenSLO duration: a whole number and one of m, h, d, w, M, Q, Y, e.g. 30d`);
  }
  const size = OPENSLO_UNITS[match[2]];
  if (size === undefined) {
    throw new Error(`"${text}": months, quarters and years have no fixed length for a rolling window; write days, e.g. 30d`);
  }
  const seconds = Number(match[1]) * size;
  if (seconds <= 0) throw new Error(`"${text}" must be positive`);
  return seconds;
}
