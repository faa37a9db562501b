/**
 * What Kubernetes accepts as names, label keys and label values, and the label cdk8s-slo puts on what it
 * manages. A DNS label is also what the library allows as a service or SLO name: it is safe in PromQL,
 * YAML, Go templates and every document format.
 */

import { printable } from './labels';
import { error, ValidationIssue } from './validation-issue';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A label value, and the name part of a label key: letters, digits, "-", "_" and ".", alphanumeric at both ends. */
const LABEL_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** The longest DNS label (RFC 1123), label name part or label value. */
export const MAX_DNS_LABEL_LENGTH = 63;
/** The longest DNS subdomain (RFC 1123), e.g. an object name. */
export const MAX_DNS_SUBDOMAIN_LENGTH = 253;

/** A DNS label (RFC 1123): lowercase letters, digits and "-", alphanumeric at both ends, at most `maxLength` (63). */
export function isDnsLabel(value: unknown, maxLength: number = MAX_DNS_LABEL_LENGTH): boolean {
  return typeof value === 'string' && value.length <= maxLength && DNS_LABEL.test(value);
}

/** A DNS subdomain (RFC 1123): DNS labels joined by ".", at most 253 characters; what most object names must be. */
export function isDnsSubdomain(value: unknown): boolean {
  return typeof value === 'string' && value.length <= MAX_DNS_SUBDOMAIN_LENGTH && DNS_SUBDOMAIN.test(value);
}

/** The name part of a label key (and of OpenSLO's label keys): at most 63 letters, digits, "-", "_" or ".". */
export function isLabelNamePart(value: unknown): boolean {
  return typeof value === 'string' && value.length <= MAX_DNS_LABEL_LENGTH && LABEL_NAME_PART.test(value);
}

/** A Kubernetes label value: empty, or a label name part. */
export function isLabelValue(value: unknown): boolean {
  return value === '' || isLabelNamePart(value);
}

/** A Kubernetes qualified name (label or annotation key): an optional DNS-subdomain prefix and `/`, then a name part. */
export function isQualifiedName(key: unknown): boolean {
  if (typeof key !== 'string') return false;
  const parts = key.split('/');
  if (parts.length > 2) return false;
  return (parts.length === 1 || isDnsSubdomain(parts[0])) && isLabelNamePart(parts[parts.length - 1]);
}

/** Problems with a map of Kubernetes labels (keys are qualified names, values label values); `field.key` is named. */
export function kubernetesLabelIssues(field: string, labels: unknown): ValidationIssue[] {
  if (labels === undefined) return [];
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    return [error(field, 'must be a map of label keys to values')];
  }
  const problems: ValidationIssue[] = [];
  for (const [key, value] of Object.entries(labels)) {
    if (!isQualifiedName(key)) {
      problems.push(error(field, `"${printable(key)}" is not a valid Kubernetes label key (an optional DNS-subdomain prefix and "/", then at most 63 letters, digits, "-", "_" and ".")`));
    }
    if (!isLabelValue(value)) {
      problems.push(error(`${field}.${key}`, `"${printable(value)}" is not a valid Kubernetes label value (at most 63 letters, digits, "-", "_" and ".")`));
    }
  }
  return problems;
}

/** The label on every object cdk8s-slo synthesizes, and how the CLI finds them in a cluster. */
export const MANAGED_BY_LABEL_KEY = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_LABEL_VALUE = 'cdk8s-slo';

/** Problems with the labels of a generated object: Kubernetes labels that keep the managed-by label. */
export function ruleLabelIssues(field: string, labels: unknown): ValidationIssue[] {
  const problems = kubernetesLabelIssues(field, labels);
  const value = (labels as Record<string, unknown> | undefined)?.[MANAGED_BY_LABEL_KEY];
  if (value !== undefined && value !== MANAGED_BY_LABEL_VALUE) {
    problems.push(error(`${field}.${MANAGED_BY_LABEL_KEY}`, `is "${MANAGED_BY_LABEL_VALUE}" on everything cdk8s-slo writes (the CLI finds its objects by it); leave it out`));
  }
  return problems;
}
