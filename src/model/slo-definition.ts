import { AlertingPolicy, templateIssues, validateAlertingPolicy } from './alerting-policy';
import { BudgetPolicy, validateBudgetPolicy } from './budget-policy';
import { Indicator } from './indicator';
import { validateIndicator } from './indicator-validation';
import { isDnsLabel, MAX_DNS_LABEL_LENGTH } from './kubernetes-names';
import { printable, validateLabels } from './labels';
import { Objective, validateObjective } from './objective';
import { shortWindowIntervalProblem } from './short-window-interval';
import { textIssues } from './text';
import { timeSliceAlertIssues } from './time-slice';
import { error, ValidationIssue } from './validation-issue';

/** Everything the generators need to know about one SLO; pure data, no cdk8s. */
export interface SloDefinition {
  /** The service the SLO belongs to; the `slo_service` label. */
  readonly service: string;
  /** The SLO's name within its service; the `slo_name` label. */
  readonly name: string;
  readonly objective: Objective;
  readonly indicator: Indicator;
  /** Labels on every generated series and alert. */
  readonly labels: Readonly<Record<string, string>>;
  readonly description?: string;
  readonly alerting: AlertingPolicy;
  /** The error-budget policy, or undefined for none. */
  readonly budgetPolicy?: BudgetPolicy;
  /**
   * The short-window group's evaluation interval in seconds, and so the spacing of the 5-minute rate
   * samples that event counts assume (see short-window-interval.ts). Undefined: 60.
   */
  readonly shortWindowIntervalSeconds?: number;
}

/** Every problem with a definition; errors stop synthesis, warnings do not. */
export function validateSloDefinition(definition: SloDefinition): ValidationIssue[] {
  const issues: ValidationIssue[] = [
    ...validateDnsLabel('service', definition.service),
    ...validateDnsLabel('name', definition.name),
    ...validateObjective(definition.objective),
    ...validateLabels('labels', definition.labels),
    ...validateIndicator(definition.indicator),
  ];
  // Not a list is reported by validateIndicator.
  const grouping: readonly string[] = Array.isArray(definition.indicator.grouping) ? definition.indicator.grouping : [];
  for (const label of grouping) {
    if (label in definition.labels) {
      issues.push(error(`labels.${label}`, `"${label}" is also a grouping label; a fixed value would merge every group into one series`));
    }
    if (label in definition.alerting.labels) {
      issues.push(error(`alerting.labels.${label}`, `"${label}" is also a grouping label; a fixed value would hide which group burns`));
    }
    definition.alerting.pairs.forEach((pair, index) => {
      if (pair.labels && label in pair.labels) {
        issues.push(error(`alerting.windows[${index}].labels.${label}`, `"${label}" is also a grouping label; a fixed value would hide which group burns`));
      }
    });
  }
  issues.push(...overridingLabels(definition));
  if (definition.shortWindowIntervalSeconds !== undefined) {
    const problem = shortWindowIntervalProblem(definition.shortWindowIntervalSeconds);
    if (problem) issues.push(error('shortWindowIntervalSeconds', problem));
  }
  if (definition.description !== undefined) {
    issues.push(...textIssues('description', definition.description, true));
  }
  if (definition.alerting.enabled) {
    issues.push(...validateAlertingPolicy(definition.alerting, definition.objective.windowSeconds));
    const slice = 'timeSliceSeconds' in definition.indicator ? definition.indicator.timeSliceSeconds : undefined;
    issues.push(...timeSliceAlertIssues('indicator.timeSlice', slice, definition.alerting.pairs.map((pair) => pair.longSeconds)));
  } else {
    issues.push(...templateIssues(definition.alerting));
  }
  if (definition.budgetPolicy) {
    issues.push(...validateBudgetPolicy(definition.budgetPolicy, definition.objective.windowSeconds));
    for (const label of grouping) {
      if (label in definition.budgetPolicy.labels) {
        issues.push(error(`budgetPolicy.labels.${label}`, `"${label}" is also a grouping label; a fixed value would hide which group is short of budget`));
      }
    }
  }
  return issues;
}

/**
 * A label set in two places to two values would be silently overridden by one of them (alert labels are
 * merged `labels` < `alerting.labels` < window labels; budget alerts `labels` < `budgetPolicy.labels`).
 * The same value repeated changes nothing, as a Sloth document's alerting labels often repeat its labels.
 */
function overridingLabels(definition: SloDefinition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const clash = (field: string, labels: Readonly<Record<string, string>> | undefined, earlier: Array<[string, Readonly<Record<string, string>>]>) => {
    for (const [name, value] of Object.entries(labels ?? {})) {
      const other = earlier.find(([, set]) => Object.prototype.hasOwnProperty.call(set, name) && set[name] !== value);
      if (other) issues.push(error(`${field}.${name}`, `"${name}" is also set in \`${other[0]}\`; one value would silently override the other, so set it in one place`));
    }
  };
  const alerting = definition.alerting.labels ?? {};
  clash('alerting.labels', alerting, [['labels', definition.labels]]);
  definition.alerting.pairs.forEach((pair, index) =>
    clash(`alerting.windows[${index}].labels`, pair.labels, [['labels', definition.labels], ['alerting.labels', alerting]]));
  if (definition.budgetPolicy) clash('budgetPolicy.labels', definition.budgetPolicy.labels, [['labels', definition.labels]]);
  return issues;
}

function validateDnsLabel(field: string, value: string): ValidationIssue[] {
  if (!isDnsLabel(value)) {
    return [error(field, `"${printable(value)}" must be a lowercase DNS label (a-z, 0-9 and "-", starting and ending with a letter or digit, at most ${MAX_DNS_LABEL_LENGTH} characters), e.g. "checkout"`)];
  }
  return [];
}
