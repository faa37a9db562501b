/**
 * Pyrra (github.com/pyrra-dev/pyrra): SLO definitions as `ServiceLevelObjective` specs
 * (pyrra.dev/v1alpha1), one object per SLO.
 *
 * Pyrra knows four indicators: ratio (errors over total counters), latency (a histogram bucket over its
 * count), latencyNative and bool_gauge, each with grouping; raw queries, freshness and gauge thresholds
 * have no Pyrra form and are errors. What Pyrra decides itself:
 * - its four burn-rate tiers (fast, medium, slow, long-term), with windows scaled to the SLO window; only
 *   their severities are set, from the SLO's window pairs in order of their long windows;
 * - labels come from `pyrra.dev/<name>` metadata labels and land on all of Pyrra's rules; alert
 *   annotations from `pyrra.dev/<name>` metadata annotations. Labels per window pair, `for` and minimum
 *   events have no Pyrra field (reported as approximations).
 */
import { BUDGET_POLICY_ANNOTATION, budgetPolicyAnnotation, stableJson } from './annotations';
import { normalized } from './event-queries';
import { ExportResult } from './openslo';
import type { ServiceLevelObjectiveSpec, ServiceLevelObjectiveSpecIndicator } from '../imports/pyrra.dev';
import { sameWindowPair, SRE_WORKBOOK_WINDOW_PAIRS, windowPairName } from '../model/burn-rate';
import { formatDecimal, roundSignificant } from '../model/decimal';
import { formatPromDuration } from '../model/duration';
import { SloDefinition } from '../model/slo-definition';
import { error, ValidationIssue, warning } from '../model/validation-issue';
import { parseVectorSelector, renderVectorSelector } from '../promql/selector';
import { SLO_NAME_LABEL, SLO_SERVICE_LABEL } from '../rules/naming';

/** Pyrra copies metadata labels and annotations with this prefix (prefix removed) onto its rules. */
export const PYRRA_PROPAGATION_PREFIX = 'pyrra.dev/';
/** Pyrra's burn-rate tiers, fastest first. */
const TIERS = ['fastBurn', 'mediumBurn', 'slowBurn', 'longTermBurn'] as const;

const K8S_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const K8S_LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export interface PyrraExportOptions {
  /**
   * Write whole-number latency thresholds as Prometheus 3 stores bucket bounds (`le="1.0"`) rather than
   * as Prometheus 2 clients expose them (`le="1"`); undefined means "not chosen" (`1`, with a warning).
   */
  readonly prometheus3BucketBounds?: boolean;
}

/** A ServiceLevelObjective's metadata and spec. */
export interface PyrraObject {
  readonly metadata: { readonly name: string; readonly labels: Record<string, string>; readonly annotations: Record<string, string> };
  readonly spec: ServiceLevelObjectiveSpec;
}

export function toPyrra(definition: SloDefinition, options: PyrraExportOptions = {}): ExportResult<PyrraObject> {
  const issues: ValidationIssue[] = [];
  const indicator = pyrraIndicator(definition, options, issues);
  const labels = pyrraLabels(definition, issues);
  const annotations = pyrraAnnotations(definition, issues);
  if (!indicator || issues.some((issue) => issue.severity === 'error')) {
    return { documents: [], issues };
  }
  const spec: ServiceLevelObjectiveSpec = {
    target: formatDecimal(definition.objective.target * 100),
    window: formatPromDuration(definition.objective.windowSeconds),
    ...(definition.description !== undefined ? { description: definition.description } : {}),
    indicator,
    alerting: pyrraAlerting(definition, issues),
  };
  if (definition.budgetPolicy) {
    issues.push(warning('budgetPolicy', `Pyrra has no error-budget policy: it is kept in the ${BUDGET_POLICY_ANNOTATION} annotation, and only the SLO's own PrometheusRule alerts on it`));
  }
  return { documents: [{ metadata: { name: `${definition.service}-${definition.name}`, labels, annotations }, spec }], issues };
}

function pyrraIndicator(
  definition: SloDefinition,
  options: PyrraExportOptions,
  issues: ValidationIssue[],
): ServiceLevelObjectiveSpecIndicator | undefined {
  const indicator = definition.indicator;
  const grouping = indicator.grouping.length > 0 ? { grouping: [...indicator.grouping] } : {};
  switch (indicator.kind) {
    case 'ratio':
      if (indicator.errors === undefined) {
        issues.push(error('indicator.good', 'Pyrra\'s ratio indicator counts errors: give the counter of bad events (`errors`) instead of `good`'));
        return undefined;
      }
      return { ratio: { errors: { metric: normalized(indicator.errors) }, total: { metric: normalized(indicator.total) }, ...grouping } };
    case 'latency': {
      const selector = parseVectorSelector(indicator.histogram);
      let bound = formatDecimal(indicator.thresholdSeconds);
      if (Number.isInteger(indicator.thresholdSeconds)) {
        if (options.prometheus3BucketBounds === undefined) {
          issues.push(warning('indicator.threshold', `Pyrra needs one exact le value: wrote le="${bound}" as Prometheus 2 clients expose it; Prometheus 3 stores le="${bound}.0" (choose with SloDocumentFormat.pyrra({ prometheus3BucketBounds }))`));
        } else if (options.prometheus3BucketBounds) {
          bound = `${bound}.0`;
        }
      }
      return {
        latency: {
          success: { metric: renderVectorSelector({ metric: `${selector.metric}_bucket`, matchers: [...selector.matchers, { name: 'le', operator: '=', value: bound }] }) },
          total: { metric: renderVectorSelector({ metric: `${selector.metric}_count`, matchers: selector.matchers }) },
          ...grouping,
        },
      };
    }
    case 'nativeLatency': {
      const millis = roundSignificant(indicator.thresholdSeconds * 1000);
      if (!Number.isInteger(millis)) {
        issues.push(error('indicator.threshold', `Pyrra reads the latency as a Prometheus duration: ${indicator.thresholdSeconds}s is not a whole number of milliseconds`));
        return undefined;
      }
      const latency = Number.isInteger(indicator.thresholdSeconds) ? formatPromDuration(indicator.thresholdSeconds) : `${millis}ms`;
      return { latencyNative: { latency, total: { metric: normalized(indicator.histogram) }, ...grouping } };
    }
    case 'boolGauge':
      return { boolGauge: { metric: normalized(indicator.metric), ...grouping } };
    default:
      issues.push(error('indicator', `Pyrra has no ${indicator.kind} indicator (it knows ratio, latency, latencyNative and bool_gauge); keep this SLO's own PrometheusRule, or export it to Sloth or OpenSLO`));
      return undefined;
  }
}

/** `pyrra.dev/<name>` labels: the SLO's labels, its alert labels and its identity (slo_service, slo_name). */
function pyrraLabels(definition: SloDefinition, issues: ValidationIssue[]): Record<string, string> {
  const labels: Record<string, string> = {};
  const add = (field: string, name: string, value: string) => {
    if (!K8S_NAME.test(name) || name.length > 63) {
      issues.push(error(field, `Pyrra reads labels from Kubernetes labels (pyrra.dev/${name}), whose names are at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit`));
    } else if (!K8S_LABEL_VALUE.test(value) || value.length > 63) {
      issues.push(error(field, `Pyrra reads labels from Kubernetes labels, whose values are at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit: "${value}" is not one`));
    } else if (labels[PYRRA_PROPAGATION_PREFIX + name] !== undefined && labels[PYRRA_PROPAGATION_PREFIX + name] !== value) {
      issues.push(error(field, `Pyrra puts one set of labels on all its rules: "${name}" is "${labels[PYRRA_PROPAGATION_PREFIX + name]}" on the SLO and "${value}" on its alerts`));
    } else {
      labels[PYRRA_PROPAGATION_PREFIX + name] = value;
    }
  };
  add('service', SLO_SERVICE_LABEL, definition.service);
  add('name', SLO_NAME_LABEL, definition.name);
  for (const [name, value] of Object.entries(definition.labels)) add(`labels.${name}`, name, value);
  if (definition.alerting.enabled) {
    for (const [name, value] of Object.entries(definition.alerting.labels)) add(`alerting.labels.${name}`, name, value);
  }
  return labels;
}

function pyrraAnnotations(definition: SloDefinition, issues: ValidationIssue[]): Record<string, string> {
  const policy = definition.alerting;
  const annotations: Record<string, string> = {};
  if (policy.enabled) {
    const texts: Record<string, string | undefined> = {
      summary: policy.summary,
      description: policy.description,
      runbook_url: policy.runbookUrl,
      dashboard_url: policy.dashboardUrl,
      ...policy.annotations,
    };
    for (const [name, value] of Object.entries(texts)) {
      if (value === undefined) continue;
      if (!K8S_NAME.test(name) || name.length > 63) {
        issues.push(error(`alerting.annotations.${name}`, `Pyrra reads alert annotations from Kubernetes annotations (pyrra.dev/${name}), whose names are at most 63 letters, digits, "-", "_" or "."`));
        continue;
      }
      annotations[PYRRA_PROPAGATION_PREFIX + name] = value;
    }
  }
  if (definition.budgetPolicy) annotations[BUDGET_POLICY_ANNOTATION] = budgetPolicyAnnotation(definition.budgetPolicy);
  return annotations;
}

function pyrraAlerting(definition: SloDefinition, issues: ValidationIssue[]): NonNullable<ServiceLevelObjectiveSpec['alerting']> {
  const policy = definition.alerting;
  if (!policy.enabled) return { name: policy.alertName, disabled: true };
  if (policy.forSeconds) {
    issues.push(warning('alerting.for', `Pyrra's alerts have their own "for" per tier, not ${formatPromDuration(policy.forSeconds)}`));
  }
  if (policy.minimumEvents !== undefined) {
    issues.push(warning('alerting.minimumEvents', 'Pyrra has no minimum-traffic guard: its alerts fire on low traffic too'));
  }
  policy.pairs.forEach((pair, index) => {
    if (pair.labels && Object.keys(pair.labels).length > 0) {
      issues.push(warning(`alerting.windows[${index}].labels`, `Pyrra labels its alerts per tier with severity only: ${stableJson(pair.labels)} of ${windowPairName(pair)} is left out; route Pyrra's alerts on severity`));
    }
  });
  const severities: Record<string, string> = {};
  const workbook = SRE_WORKBOOK_WINDOW_PAIRS.map((w) => policy.pairs.find((p) => sameWindowPair(p, w)));
  const custom = policy.pairs.filter((p) => !SRE_WORKBOOK_WINDOW_PAIRS.some((w) => sameWindowPair(p, w)));
  if (custom.length === 0) {
    workbook.forEach((pair, index) => {
      if (pair) severities[TIERS[index]] = pair.severity;
    });
    const missing = workbook.flatMap((pair, index) => pair ? [] : [windowPairName(SRE_WORKBOOK_WINDOW_PAIRS[index])]);
    if (missing.length > 0) {
      issues.push(warning('alerting.disabledWindows', `Pyrra cannot switch off single burn-rate tiers: the tiers of ${missing.join(', ')} still alert, with Pyrra's default severity`));
    }
  } else {
    const sorted = [...policy.pairs].sort((a, b) => a.longSeconds - b.longSeconds);
    sorted.slice(0, TIERS.length).forEach((pair, index) => { severities[TIERS[index]] = pair.severity; });
    issues.push(warning('alerting.windows', `Pyrra alerts on its own four burn-rate tiers scaled to the SLO window, not on ${custom.map(windowPairName).join(', ')}; severities were assigned by the order of the long windows`));
  }
  return { name: policy.alertName, ...(Object.keys(severities).length > 0 ? { severities } : {}) };
}

