/**
 * Annotations that carry what a document format has no field for, so that cdk8s-slo reads its own
 * documents back without loss. Other tools ignore them. Values are compact JSON where they hold
 * structure; keys are stable (documented in the README).
 */
import { INDICATOR_KINDS, isIndicatorKindName } from '../indicators/registry';
import { BudgetPolicy } from '../model/budget-policy';
import { Indicator } from '../model/indicator';
import { ValidationIssue } from '../model/validation-issue';

export const ANNOTATION_PREFIX = 'cdk8s-slo.dev/';
/** The indicator as cdk8s-slo's model holds it (JSON), on an OpenSLO SLI. */
export const INDICATOR_ANNOTATION = `${ANNOTATION_PREFIX}indicator`;
/** Alerting settings OpenSLO has no field for (JSON), on an OpenSLO SLO. */
export const ALERTING_ANNOTATION = `${ANNOTATION_PREFIX}alerting`;
/** The short window of a burn-rate condition (`5m`), on an OpenSLO AlertCondition. */
export const SHORT_WINDOW_ANNOTATION = `${ANNOTATION_PREFIX}short-window`;
/** The labels of one burn-rate alert (JSON), on an OpenSLO AlertPolicy. */
export const ALERT_LABELS_ANNOTATION = `${ANNOTATION_PREFIX}alert-labels`;
/** The SLO's Prometheus labels (JSON), when some cannot be OpenSLO labels. */
export const LABELS_ANNOTATION = `${ANNOTATION_PREFIX}labels`;
/** The error-budget policy (JSON), on every format's SLO object. */
export const BUDGET_POLICY_ANNOTATION = `${ANNOTATION_PREFIX}budget-policy`;
/** The service tier chosen by a template, e.g. `essential`. */
export const TIER_ANNOTATION = `${ANNOTATION_PREFIX}tier`;

/** JSON with sorted keys, so that equal values always render alike. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value as object).sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}

/** The budget policy as an annotation value: the whole resolved policy, times in seconds. */
export function budgetPolicyAnnotation(policy: BudgetPolicy): string {
  return stableJson({
    steps: policy.steps.map((step) => ({ action: step.action, remainingBelow: step.remainingBelow, description: step.description })),
    forecast: policy.forecast ? { lookbackSeconds: policy.forecast.lookbackSeconds, horizonSeconds: policy.forecast.horizonSeconds } : undefined,
    alertName: policy.alertName,
    forecastAlertName: policy.forecastAlertName,
    severity: policy.severity,
    labels: policy.labels,
  });
}

/** Reads a budget-policy annotation back; problems are reported under `field`. */
export function parseBudgetPolicyAnnotation(text: string, field: string, issues: ValidationIssue[]): BudgetPolicy | undefined {
  const value = parseJsonObject(text, field, issues);
  if (!value) return undefined;
  const reader = new JsonReader(value, field, issues);
  const steps = reader.array('steps').map((step, index) => {
    const stepReader = new JsonReader(step, `${field}.steps[${index}]`, issues);
    const action = stepReader.string('action', true) ?? '';
    const remainingBelow = stepReader.number('remainingBelow', true) ?? 0;
    const description = stepReader.string('description');
    stepReader.done();
    return { action, remainingBelow, ...(description !== undefined ? { description } : {}) };
  });
  const forecastValue = reader.object('forecast');
  let forecast;
  if (forecastValue) {
    const forecastReader = new JsonReader(forecastValue, `${field}.forecast`, issues);
    forecast = { lookbackSeconds: forecastReader.number('lookbackSeconds', true) ?? 0, horizonSeconds: forecastReader.number('horizonSeconds', true) ?? 0 };
    forecastReader.done();
  }
  const policy: BudgetPolicy = {
    steps,
    ...(forecast ? { forecast } : {}),
    alertName: reader.string('alertName', true) ?? '',
    forecastAlertName: reader.string('forecastAlertName', true) ?? '',
    severity: reader.string('severity', true) ?? '',
    labels: reader.stringMap('labels'),
  };
  reader.done();
  return policy;
}

/** Parses an annotation holding a JSON object; reports a problem and returns undefined otherwise. */
export function parseJsonObject(text: string, field: string, issues: ValidationIssue[]): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    issues.push({ field, message: `is not valid JSON: ${(e as Error).message}`, severity: 'error' });
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    issues.push({ field, message: 'must be a JSON object', severity: 'error' });
    return undefined;
  }
  return value as Record<string, unknown>;
}

/** Reads typed fields from a parsed JSON object, reporting wrong types and, at `done()`, unknown keys. */
export class JsonReader {
  private readonly seen = new Set<string>();

  constructor(
    private readonly value: unknown,
    private readonly field: string,
    private readonly issues: ValidationIssue[],
  ) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      issues.push({ field, message: 'must be an object', severity: 'error' });
      this.value = {};
    }
  }

  public string(key: string, required = false): string | undefined {
    const value = this.get(key, required);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return this.wrong(key, 'a string');
    return value;
  }

  public number(key: string, required = false): number | undefined {
    const value = this.get(key, required);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.wrong(key, 'a number');
    return value;
  }

  public boolean(key: string, required = false): boolean | undefined {
    const value = this.get(key, required);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') return this.wrong(key, 'true or false');
    return value;
  }

  public object(key: string, required = false): Record<string, unknown> | undefined {
    const value = this.get(key, required);
    if (value === undefined) return undefined;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return this.wrong(key, 'an object');
    return value as Record<string, unknown>;
  }

  public array(key: string, required = false): unknown[] {
    const value = this.get(key, required);
    if (value === undefined) return [];
    if (!Array.isArray(value)) return this.wrong(key, 'a list') ?? [];
    return value;
  }

  public stringArray(key: string, required = false): string[] {
    const values = this.array(key, required);
    if (values.some((v) => typeof v !== 'string')) return this.wrong(key, 'a list of strings') ?? [];
    return values as string[];
  }

  public stringMap(key: string, required = false): Record<string, string> {
    const value = this.object(key, required);
    if (value === undefined) return {};
    if (Object.values(value).some((v) => typeof v !== 'string')) return this.wrong(key, 'a map of strings') ?? {};
    return { ...(value as Record<string, string>) };
  }

  /** Reports keys that were never read. */
  public done(): void {
    for (const key of Object.keys(this.value as object)) {
      if (!this.seen.has(key)) {
        this.issues.push({ field: `${this.field}.${key}`, message: 'is not a known field', severity: 'error' });
      }
    }
  }

  private get(key: string, required: boolean): unknown {
    this.seen.add(key);
    const value = (this.value as Record<string, unknown>)[key];
    if (value === undefined || value === null) {
      if (required) this.issues.push({ field: `${this.field}.${key}`, message: 'is required', severity: 'error' });
      return undefined;
    }
    return value;
  }

  private wrong(key: string, what: string): undefined {
    this.issues.push({ field: `${this.field}.${key}`, message: `must be ${what}`, severity: 'error' });
    return undefined;
  }
}

/** The indicator as an annotation value. */
export function indicatorAnnotation(indicator: Indicator): string {
  return stableJson(indicator);
}

/** Reads an indicator annotation back; problems are reported under `field`. */
export function parseIndicatorAnnotation(text: string, field: string, issues: ValidationIssue[]): Indicator | undefined {
  const value = parseJsonObject(text, field, issues);
  if (!value) return undefined;
  const before = issues.length;
  const reader = new JsonReader(value, field, issues);
  const kind = reader.string('kind', true);
  const grouping = reader.stringArray('grouping');
  let indicator: Indicator | undefined;
  if (kind !== undefined && isIndicatorKindName(kind)) {
    indicator = INDICATOR_KINDS[kind].readAnnotation(reader, grouping);
  } else if (kind !== undefined) {
    issues.push({ field: `${field}.kind`, message: `"${kind}" is not an indicator kind`, severity: 'error' });
  }
  reader.done();
  return issues.length === before ? withoutUndefined(indicator) : undefined;
}

function withoutUndefined<T>(value: T): T {
  return value === undefined ? value : Object.fromEntries(Object.entries(value as object).filter(([, v]) => v !== undefined)) as T;
}
