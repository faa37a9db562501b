import { RESERVED_LABEL_NAMES } from './naming';
import { unsafeCharacter } from './text';
import { error, ValidationIssue } from './validation-issue';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Checks a label name used in generated rules (user label or grouping label). */
export function validateLabelName(field: string, name: string): ValidationIssue[] {
  if (typeof name !== 'string' || !LABEL_NAME.test(name)) {
    return [error(field, `label name "${printable(name)}" is invalid: use letters, digits and underscores, not starting with a digit`)];
  }
  if (name.startsWith('__')) {
    return [error(field, `label name "${name}" starts with "__", which Prometheus reserves for internal use`)];
  }
  if (RESERVED_LABEL_NAMES.includes(name)) {
    return [error(field, `label name "${name}" is set by the generated rules; choose another name`)];
  }
  return [];
}

/**
 * Checks a label value written into rule labels. Control characters (newlines) are rejected, and so are
 * `{{` and `}}`: Prometheus expands alert label values as Go templates.
 */
export function validateLabelValue(field: string, value: string): ValidationIssue[] {
  if (typeof value !== 'string') {
    return [error(field, `label value must be a string, got ${typeof value}`)];
  }
  const character = unsafeCharacter(value, false);
  if (character !== undefined) {
    return [error(field, `label value "${printable(value)}" contains a control character such as a newline, or a line separator YAML readers refuse (${character})`)];
  }
  if (value.includes('{{') || value.includes('}}')) {
    return [error(field, `label value "${value}" contains "{{" or "}}", which Prometheus would expand as a template in alert labels`)];
  }
  return [];
}

/** Checks a whole map of user labels. */
export function validateLabels(field: string, labels: Readonly<Record<string, string>>): ValidationIssue[] {
  return Object.entries(labels).flatMap(([name, value]) => [
    ...validateLabelName(`${field}.${name}`, name),
    ...validateLabelValue(`${field}.${name}`, value),
  ]);
}

/** Makes control characters visible in error messages. */
export function printable(value: unknown): string {
  return JSON.stringify(String(value)).slice(1, -1);
}
