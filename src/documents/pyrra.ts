/**
 * Pyrra (github.com/pyrra-dev/pyrra): SLO definitions as `ServiceLevelObjective` specs
 * (pyrra.dev/v1alpha1), one object per SLO.
 *
 * Pyrra knows four indicators: ratio (errors over total counters), latency (a histogram bucket over its
 * count), latencyNative and bool_gauge, each with grouping; raw queries, freshness and gauge thresholds
 * have no Pyrra form and are errors, as are calendar windows (Pyrra's window is rolling). What Pyrra
 * decides itself:
 * - its four burn-rate tiers (fast, medium, slow, long-term), with windows scaled to the SLO window; only
 *   their severities are set, from the SLO's window pairs in order of their long windows;
 * - labels come from `pyrra.dev/<name>` metadata labels and land on all of Pyrra's rules; alert
 *   annotations from `pyrra.dev/<name>` metadata annotations. Labels per window pair, `for` and minimum
 *   events have no Pyrra field (reported as approximations).
 */
import { BUDGET_POLICY_ANNOTATION, budgetPolicyAnnotation, stableJson } from './annotations';
import { ExportResult } from './openslo';
import type { ServiceLevelObjectiveSpec, ServiceLevelObjectiveSpecIndicator } from '../imports/pyrra.dev';
import { kindOf } from '../indicators/registry';
import { sameWindowPair, SRE_WORKBOOK_WINDOW_PAIRS, windowPairName } from '../model/burn-rate';
import { describeCalendarPeriod } from '../model/calendar-period';
import { formatDecimal } from '../model/decimal';
import { formatPromDuration } from '../model/duration';
import { isLabelNamePart, isLabelValue } from '../model/kubernetes-names';
import { SLO_NAME_LABEL, SLO_SERVICE_LABEL } from '../model/naming';
import { SloDefinition } from '../model/slo-definition';
import { error, ValidationIssue, warning } from '../model/validation-issue';

/** Pyrra copies metadata labels and annotations with this prefix (prefix removed) onto its rules. */
export const PYRRA_PROPAGATION_PREFIX = 'pyrra.dev/';
/** Pyrra's burn-rate tiers, fastest first. */
const TIERS = ['fastBurn', 'mediumBurn', 'slowBurn', 'longTermBurn'] as const;


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
  const calendar = definition.objective.calendar;
  if (calendar !== undefined) {
    return { documents: [], issues: [error('calendarWindow', `${definition.service}/${definition.name} has a calendar window (${describeCalendarPeriod(calendar)}), and Pyrra has no calendar windows: its window is rolling, so the budget would never be full again at the start of a ${calendar.unit}. Export this SLO as OpenSLO, or give it a rolling \`window\` for Pyrra`)] };
  }
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
  const mapping = kindOf(indicator).toPyrra;
  if (mapping === null) {
    issues.push(error('indicator', `Pyrra has no ${indicator.kind} indicator (it knows ratio, latency, latencyNative and bool_gauge); keep this SLO's own PrometheusRule, or export it to Sloth or OpenSLO`));
    return undefined;
  }
  return mapping(indicator, options, issues);
}

/** `pyrra.dev/<name>` labels: the SLO's labels, its alert labels and its identity (slo_service, slo_name). */
function pyrraLabels(definition: SloDefinition, issues: ValidationIssue[]): Record<string, string> {
  const labels: Record<string, string> = {};
  const add = (field: string, name: string, value: string) => {
    if (!isLabelNamePart(name)) {
      issues.push(error(field, `Pyrra reads labels from Kubernetes labels (pyrra.dev/${name}), whose names are at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit`));
    } else if (!isLabelValue(value)) {
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
      if (!isLabelNamePart(name)) {
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

