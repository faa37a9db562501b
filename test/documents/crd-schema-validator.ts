/**
 * A structural validator over a CRD's openAPIV3Schema, as the Kubernetes API server applies it: types,
 * required fields, enums, lengths and patterns, and no unknown fields where the schema lists properties
 * (unless it preserves unknown fields). Enough to prove that an object "has the shape its CRD requires".
 */

export function validateAgainstSchema(value: unknown, schema: any, path = ''): string[] {
  const problems: string[] = [];
  check(value, schema, path || '(root)', problems);
  return problems;
}

function check(value: unknown, schema: any, path: string, problems: string[]): void {
  if (value === null || value === undefined) {
    if (!schema.nullable) problems.push(`${path}: must not be null`);
    return;
  }
  if (schema['x-kubernetes-int-or-string']) {
    if (typeof value !== 'string' && !Number.isInteger(value)) problems.push(`${path}: must be an integer or a string`);
    return;
  }
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        problems.push(`${path}: must be an object, got ${JSON.stringify(value)}`);
        return;
      }
      const record = value as Record<string, unknown>;
      for (const key of schema.required ?? []) {
        if (record[key] === undefined) problems.push(`${path}.${key}: is required`);
      }
      const properties = schema.properties ?? {};
      for (const [key, child] of Object.entries(record)) {
        if (properties[key]) {
          check(child, properties[key], `${path}.${key}`, problems);
        } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
          check(child, schema.additionalProperties, `${path}.${key}`, problems);
        } else if (schema.properties && !schema['x-kubernetes-preserve-unknown-fields'] && schema.additionalProperties !== true) {
          problems.push(`${path}.${key}: is not a field of the schema (known: ${Object.keys(properties).join(', ')})`);
        }
      }
      return;
    }
    case 'array':
      if (!Array.isArray(value)) {
        problems.push(`${path}: must be an array`);
        return;
      }
      if (schema.minItems !== undefined && value.length < schema.minItems) problems.push(`${path}: needs at least ${schema.minItems} items`);
      if (schema.maxItems !== undefined && value.length > schema.maxItems) problems.push(`${path}: allows at most ${schema.maxItems} items`);
      value.forEach((item, index) => check(item, schema.items ?? {}, `${path}[${index}]`, problems));
      return;
    case 'string':
      if (typeof value !== 'string') {
        problems.push(`${path}: must be a string, got ${JSON.stringify(value)}`);
        return;
      }
      if (schema.maxLength !== undefined && value.length > schema.maxLength) problems.push(`${path}: longer than ${schema.maxLength}`);
      if (schema.minLength !== undefined && value.length < schema.minLength) problems.push(`${path}: shorter than ${schema.minLength}`);
      if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) problems.push(`${path}: does not match ${schema.pattern}`);
      break;
    case 'integer':
      if (!Number.isInteger(value)) problems.push(`${path}: must be an integer, got ${JSON.stringify(value)}`);
      break;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`${path}: must be a number, got ${JSON.stringify(value)}`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(`${path}: must be a boolean, got ${JSON.stringify(value)}`);
      break;
    default:
      break;
  }
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${path}: must be one of ${JSON.stringify(schema.enum)}, got ${JSON.stringify(value)}`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${path}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${path}: above ${schema.maximum}`);
  }
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** ObjectMeta as the API server checks it for a namespaced custom resource: name, labels, annotations. */
export function validateObjectMeta(metadata: any): string[] {
  const problems: string[] = [];
  if (typeof metadata?.name !== 'string' || !DNS_SUBDOMAIN.test(metadata.name) || metadata.name.length > 253) {
    problems.push(`metadata.name: "${metadata?.name}" is not a DNS subdomain`);
  }
  for (const [key, value] of Object.entries<any>(metadata?.labels ?? {})) {
    const name = key.includes('/') ? key.slice(key.indexOf('/') + 1) : key;
    if (!LABEL_NAME.test(key) || name.length > 63) problems.push(`metadata.labels: "${key}" is not a label key`);
    if (typeof value !== 'string' || !LABEL_VALUE.test(value) || value.length > 63) problems.push(`metadata.labels.${key}: "${value}" is not a label value`);
  }
  for (const [key, value] of Object.entries<any>(metadata?.annotations ?? {})) {
    if (!LABEL_NAME.test(key)) problems.push(`metadata.annotations: "${key}" is not an annotation key`);
    if (typeof value !== 'string') problems.push(`metadata.annotations.${key}: must be a string`);
  }
  return problems;
}
