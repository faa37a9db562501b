/**
 * A small structural checker for imported documents: types, required fields, patterns, list lengths and
 * unknown fields, each problem reported with its path (`spec.timeWindow[1].duration`).
 */

export type Shape =
  | StringShape
  | { readonly type: 'number' }
  | { readonly type: 'boolean' }
  | ObjectShape
  | { readonly type: 'map'; readonly keys?: PatternCheck; readonly values: Shape }
  | { readonly type: 'array'; readonly items: Shape; readonly minItems?: number; readonly maxItems?: number }
  /** Any non-empty object; its content is free-form (a metric source's spec). */
  | { readonly type: 'freeObject' }
  /** Anything at all (a DataSource's connection details). */
  | { readonly type: 'any' }
  /** The first shape whose `when` matches the value decides; `describe` names the alternatives. */
  | { readonly type: 'either'; readonly options: ReadonlyArray<{ when: (value: unknown) => boolean; shape: Shape }>; readonly describe: string };

export interface StringShape {
  readonly type: 'string';
  readonly pattern?: PatternCheck;
  readonly maxLength?: number;
  readonly oneOf?: readonly string[];
}

export interface ObjectShape {
  readonly type: 'object';
  readonly fields: Readonly<Record<string, Field>>;
}

export type Field = Shape & { readonly required?: boolean };

export interface PatternCheck {
  /** A regular expression, or any test with its signature. */
  readonly pattern: Pick<RegExp, 'test'>;
  /** What the pattern means, for messages: "a DNS label (RFC 1123)". */
  readonly description: string;
}

/** Checks `value` against `shape`; appends `path: problem` lines to `problems`. */
export function checkShape(value: unknown, shape: Shape, path: string, problems: string[]): void {
  const at = path === '' ? '(top level)' : path;
  switch (shape.type) {
    case 'string':
      return checkString(value, shape, at, problems);
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`${at}: must be a number, got ${describe(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(`${at}: must be true or false, got ${describe(value)}`);
      return;
    case 'any':
      return;
    case 'freeObject':
      if (!isPlainObject(value)) problems.push(`${at}: must be a map, got ${describe(value)}`);
      else if (Object.keys(value).length === 0) problems.push(`${at}: must not be empty`);
      return;
    case 'object':
      return checkObject(value, shape, path, problems);
    case 'map':
      return checkMap(value, shape, path, problems);
    case 'array':
      return checkArray(value, shape, at, problems);
    case 'either': {
      const option = shape.options.find((o) => o.when(value));
      if (!option) {
        problems.push(`${at}: must be ${shape.describe}, got ${describe(value)}`);
        return;
      }
      checkShape(value, option.shape, path, problems);
      return;
    }
  }
}

function checkString(value: unknown, shape: StringShape, at: string, problems: string[]): void {
  if (typeof value !== 'string') {
    problems.push(`${at}: must be a string, got ${describe(value)}`);
    return;
  }
  if (shape.oneOf && !shape.oneOf.includes(value)) {
    problems.push(`${at}: must be one of ${shape.oneOf.join(', ')}, got "${value}"`);
  }
  if (shape.maxLength !== undefined && value.length > shape.maxLength) {
    problems.push(`${at}: must be at most ${shape.maxLength} characters long, got ${value.length}`);
  }
  if (shape.pattern && !shape.pattern.pattern.test(value)) {
    problems.push(`${at}: "${value}" must be ${shape.pattern.description}`);
  }
}

/** Unknown fields, missing required fields, then each known field. */
function checkObject(value: unknown, shape: ObjectShape, path: string, problems: string[]): void {
  if (!isPlainObject(value)) {
    problems.push(`${path === '' ? '(top level)' : path}: must be a map, got ${describe(value)}`);
    return;
  }
  for (const key of Object.keys(value)) {
    if (!(key in shape.fields)) {
      problems.push(`${join(path, key)}: is not a known field (known: ${Object.keys(shape.fields).join(', ')})`);
    }
  }
  for (const [key, field] of Object.entries(shape.fields)) {
    const child = value[key];
    if (child === undefined || child === null) {
      if (field.required) problems.push(`${join(path, key)}: is required`);
      continue;
    }
    checkShape(child, field, join(path, key), problems);
  }
}

function checkMap(value: unknown, shape: Extract<Shape, { type: 'map' }>, path: string, problems: string[]): void {
  if (!isPlainObject(value)) {
    problems.push(`${path === '' ? '(top level)' : path}: must be a map, got ${describe(value)}`);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (shape.keys && !shape.keys.pattern.test(key)) {
      problems.push(`${join(path, key)}: the key "${key}" must be ${shape.keys.description}`);
    }
    checkShape(child, shape.values, join(path, key), problems);
  }
}

function checkArray(value: unknown, shape: Extract<Shape, { type: 'array' }>, at: string, problems: string[]): void {
  if (!Array.isArray(value)) {
    problems.push(`${at}: must be a list, got ${describe(value)}`);
    return;
  }
  const entries = (count: number) => `${count} ${count === 1 ? 'entry' : 'entries'}`;
  if (shape.minItems !== undefined && shape.maxItems === shape.minItems && value.length !== shape.minItems) {
    problems.push(`${at}: must have exactly ${entries(shape.minItems)}, got ${value.length}`);
  } else if (shape.minItems !== undefined && value.length < shape.minItems) {
    problems.push(`${at}: must have at least ${entries(shape.minItems)}, got ${value.length}`);
  } else if (shape.maxItems !== undefined && value.length > shape.maxItems) {
    problems.push(`${at}: must have at most ${entries(shape.maxItems)}, got ${value.length}`);
  }
  value.forEach((item, index) => checkShape(item, shape.items, `${at}[${index}]`, problems));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the string "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  return `${typeof value} ${String(value)}`;
}
