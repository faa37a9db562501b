import { templateProblem } from './alert-templates';
import { BurnRateWindowPair, windowPairName } from './burn-rate';
import { formatPromDuration, SECONDS_PER_MINUTE } from './duration';
import { validateLabels, validateLabelValue } from './labels';
import { textIssues } from './text';
import { error, ValidationIssue } from './validation-issue';

/** The default alert name of burn-rate alerts. */
export const DEFAULT_BURN_RATE_ALERT_NAME = 'SloErrorBudgetBurn';

/** The shortest window that can be derived from the recorded 5-minute rates. */
export const BASE_WINDOW_SECONDS = 5 * SECONDS_PER_MINUTE;

/** How an SLO alerts on error-budget burn: plain data, resolved from construct props. */
export interface AlertingPolicy {
  readonly enabled: boolean;
  readonly alertName: string;
  readonly pairs: readonly BurnRateWindowPair[];
  /** Optional `for` in seconds; the window pairs already debounce, so the default is none. */
  readonly forSeconds?: number;
  /** Extra labels on every alert (routing, team). */
  readonly labels: Readonly<Record<string, string>>;
  /** Extra annotations on every alert. */
  readonly annotations: Readonly<Record<string, string>>;
  readonly summary?: string;
  readonly description?: string;
  /** Literal links: escaped so that Prometheus prints them as written. */
  readonly runbookUrl?: string;
  readonly dashboardUrl?: string;
  /** Whether templates (summary, description, annotations) may call `query`. */
  readonly allowQueryInTemplates?: boolean;
  /** Alerts need at least this many events in the long window; guards low-traffic services. */
  readonly minimumEvents?: number;
}


/** Problems with an alerting policy, given the SLO window it serves. */
export function validateAlertingPolicy(policy: AlertingPolicy, sloWindowSeconds: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  // An alert name is the value of the `alertname` label: any non-empty label value (Sloth's `slo_x-y_fail` too).
  if (typeof policy.alertName !== 'string' || policy.alertName === '') {
    issues.push(error('alerting.alertName', 'must be a non-empty alert name'));
  } else {
    issues.push(...validateLabelValue('alerting.alertName', policy.alertName));
  }
  issues.push(...validateLabels('alerting.labels', policy.labels));
  issues.push(...templateIssues(policy));
  if (policy.forSeconds !== undefined && (!Number.isInteger(policy.forSeconds) || policy.forSeconds < 0)) {
    issues.push(error('alerting.for', `must be a whole number of seconds, got ${policy.forSeconds}`));
  }
  if (policy.minimumEvents !== undefined && (!Number.isFinite(policy.minimumEvents) || policy.minimumEvents < 0)) {
    issues.push(error('alerting.minimumEvents', `must be a non-negative number, got ${policy.minimumEvents}`));
  }
  const seen = new Set<string>();
  policy.pairs.forEach((pair, index) => {
    const field = `alerting.windows[${index}]`;
    issues.push(...validateWindow(`${field}.longWindow`, pair.longSeconds));
    if (pair.forSeconds !== undefined && (!Number.isInteger(pair.forSeconds) || pair.forSeconds < 0)) {
      issues.push(error(`${field}.for`, `must be a whole number of seconds, got ${pair.forSeconds}`));
    }
    issues.push(...validateWindow(`${field}.shortWindow`, pair.shortSeconds));
    if (pair.shortSeconds >= pair.longSeconds) {
      issues.push(error(`${field}.shortWindow`, `the short window (${safeDuration(pair.shortSeconds)}) must be shorter than the long window (${safeDuration(pair.longSeconds)})`));
    }
    if (pair.longSeconds > sloWindowSeconds) {
      issues.push(error(`${field}.longWindow`, `the long window ${safeDuration(pair.longSeconds)} is longer than the SLO window ${safeDuration(sloWindowSeconds)}; pass shorter custom windows, or drop this pair with disabledWindows`));
    }
    if (!Number.isFinite(pair.budgetConsumed) || pair.budgetConsumed <= 0 || pair.budgetConsumed > 1) {
      issues.push(error(`${field}.budgetConsumed`, `must be a fraction of the error budget in (0, 1], got ${pair.budgetConsumed}`));
    }
    if (pair.severity === '' || typeof pair.severity !== 'string') {
      issues.push(error(`${field}.severity`, 'must be a non-empty label value such as "critical" or "warning"'));
    } else {
      issues.push(...validateLabelValue(`${field}.severity`, pair.severity));
    }
    issues.push(...validateLabels(`${field}.labels`, pair.labels ?? {}));
    if (Number.isInteger(pair.longSeconds) && Number.isInteger(pair.shortSeconds) && pair.longSeconds > 0 && pair.shortSeconds > 0) {
      const name = windowPairName(pair);
      if (seen.has(name)) {
        issues.push(error(field, `the window pair ${name} appears twice`));
      }
      seen.add(name);
    }
  });
  return issues;
}

const ANNOTATION_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Annotation keys are label names; templates parse as Prometheus's; links are one-line literal text.
 * Checked even while alerting is off: the text still goes into the OpenSLO, Sloth and Pyrra documents.
 */
export function templateIssues(policy: AlertingPolicy): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const template = (field: string, value: unknown) => {
    const text = textIssues(field, value, true);
    if (text.length > 0) return issues.push(...text);
    const problem = templateProblem(value as string, policy.allowQueryInTemplates === true);
    if (problem) issues.push(error(field, `is not a template Prometheus can load (${problem}); to show "{{" literally write {{ "{{" }}`));
    return undefined;
  };
  if (policy.summary !== undefined) template('alerting.summary', policy.summary);
  if (policy.description !== undefined) template('alerting.description', policy.description);
  for (const [key, value] of Object.entries(policy.annotations ?? {})) {
    if (!ANNOTATION_NAME.test(key)) {
      issues.push(error(`alerting.annotations.${key}`, `"${key}" is not a valid annotation name: use letters, digits and underscores, not starting with a digit`));
    } else {
      template(`alerting.annotations.${key}`, value);
    }
  }
  if (policy.runbookUrl !== undefined) issues.push(...textIssues('alerting.runbookUrl', policy.runbookUrl, false));
  if (policy.dashboardUrl !== undefined) issues.push(...textIssues('alerting.dashboardUrl', policy.dashboardUrl, false));
  return issues;
}

function validateWindow(field: string, seconds: number): ValidationIssue[] {
  if (!Number.isInteger(seconds) || seconds % SECONDS_PER_MINUTE !== 0) {
    return [error(field, `must be a whole number of minutes, got ${seconds} seconds`)];
  }
  if (seconds < BASE_WINDOW_SECONDS) {
    return [error(field, `must be at least 5m (windows are derived from 5-minute rates), got ${formatPromDuration(seconds)}`)];
  }
  return [];
}

function safeDuration(seconds: number): string {
  return Number.isInteger(seconds) && seconds > 0 ? formatPromDuration(seconds) : `${seconds}s`;
}
