/**
 * Reads the discovered-services inventory (`cdk8s-slo discover` output) from JSON text and checks every
 * field, so `generate` never plans SLOs from a half-understood file. Errors name the JSON path of the
 * field (`services[3].observed.errorRatio`) and what would be right.
 *
 * The small JSON-checking helpers below are also used by the SLO inventory reader (slo-inventory.ts).
 */
import {
  DiscoveredService, DiscoveryFailure, LatencyQuantiles, ObservedBehaviour, SERVICE_INVENTORY_API_VERSION,
  SERVICE_INVENTORY_KIND, ServiceInventory, TrafficPattern,
} from './service-inventory';

/** A malformed JSON document: `path` is where (empty for the whole document), the message says what. */
export class JsonFieldError extends Error {
  public constructor(public readonly path: string, public readonly detail: string) {
    super(path ? `${path}: ${detail}` : detail);
    this.name = 'JsonFieldError';
  }
}

/** Parses JSON text; a syntax error names the line and column. */
export function parseJsonDocument(text: string): unknown {
  if (text.trim() === '') {
    throw new JsonFieldError('', 'the file is empty; expected a JSON document');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const position = /at position (\d+)/.exec(message);
    const where = position ? ` (line ${lineColumn(text, Number(position[1]))})` : '';
    throw new JsonFieldError('', `not valid JSON${where}: ${message.replace(/\s*\n\s*/g, ' ')}`);
  }
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}, column ${before[before.length - 1].length + 1}`;
}

/** `path.key`, or `path["odd key"]` for keys that are not plain words. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** A short, one-line rendering of a wrong value for error messages. */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const shown = JSON.stringify(value);
    return shown.length > 60 ? `${shown.slice(0, 57)}..."` : shown;
  }
  return String(value);
}

export type JsonObject = Readonly<Record<string, unknown>>;

export function expectObject(value: unknown, path: string, what = 'a JSON object'): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new JsonFieldError(path, `expected ${what}, got ${describeJsonValue(value)}`);
  }
  return value as JsonObject;
}

export function expectArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) {
    throw new JsonFieldError(path, `expected an array, got ${value === undefined ? 'nothing (the field is required)' : describeJsonValue(value)}`);
  }
  return value;
}

function has(object: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key) && object[key] !== undefined;
}

export function requiredString(object: JsonObject, key: string, path: string): string {
  const value = object[key];
  if (!has(object, key)) throw new JsonFieldError(childPath(path, key), 'is required (a string)');
  if (typeof value !== 'string') throw new JsonFieldError(childPath(path, key), `expected a string, got ${describeJsonValue(value)}`);
  if (value.trim() === '') throw new JsonFieldError(childPath(path, key), 'must not be empty');
  return value;
}

export function optionalString(object: JsonObject, key: string, path: string): string | undefined {
  if (!has(object, key)) return undefined;
  const value = object[key];
  if (typeof value !== 'string') throw new JsonFieldError(childPath(path, key), `expected a string, got ${describeJsonValue(value)}`);
  return value;
}

export function optionalBoolean(object: JsonObject, key: string, path: string): boolean | undefined {
  if (!has(object, key)) return undefined;
  const value = object[key];
  if (typeof value !== 'boolean') throw new JsonFieldError(childPath(path, key), `expected true or false, got ${describeJsonValue(value)}`);
  return value;
}

/** Bounds of a number field; `exclusiveMin` rejects the minimum itself. */
export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  readonly exclusiveMin?: boolean;
}

function rangeText(range: NumberRange): string {
  if (range.min !== undefined && range.max !== undefined) {
    return range.exclusiveMin ? `a number above ${range.min} and at most ${range.max}` : `a number from ${range.min} to ${range.max}`;
  }
  if (range.min !== undefined) return range.exclusiveMin ? `a number above ${range.min}` : `a number of at least ${range.min}`;
  return 'a finite number';
}

export function optionalNumber(object: JsonObject, key: string, path: string, range: NumberRange = {}): number | undefined {
  if (!has(object, key)) return undefined;
  const value = object[key];
  const inRange = typeof value === 'number' && Number.isFinite(value)
    && (range.min === undefined || (range.exclusiveMin ? value > range.min : value >= range.min))
    && (range.max === undefined || value <= range.max);
  if (!inRange) throw new JsonFieldError(childPath(path, key), `must be ${rangeText(range)}, got ${describeJsonValue(value)}`);
  return value as number;
}

export function requiredNumber(object: JsonObject, key: string, path: string, range: NumberRange = {}): number {
  if (!has(object, key)) throw new JsonFieldError(childPath(path, key), `is required (${rangeText(range)})`);
  return optionalNumber(object, key, path, range) as number;
}

/** A map of strings to strings (labels, annotations, selectors); absent is `{}` unless `required`. */
export function stringMap(object: JsonObject, key: string, path: string, required = false): Record<string, string> {
  if (!has(object, key)) {
    if (required) throw new JsonFieldError(childPath(path, key), 'is required (an object of strings)');
    return {};
  }
  const fieldPath = childPath(path, key);
  const map = expectObject(object[key], fieldPath, 'an object of strings');
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(map)) {
    if (typeof value !== 'string') throw new JsonFieldError(childPath(fieldPath, name), `expected a string, got ${describeJsonValue(value)}`);
    // defineProperty: a key such as "__proto__" stays an ordinary key.
    Object.defineProperty(result, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

export function stringArray(object: JsonObject, key: string, path: string): string[] {
  if (!has(object, key)) return [];
  const fieldPath = childPath(path, key);
  return expectArray(object[key], fieldPath).map((item, index) => {
    if (typeof item !== 'string') throw new JsonFieldError(childPath(fieldPath, index), `expected a string, got ${describeJsonValue(item)}`);
    return item;
  });
}

export function oneOf<T extends string>(object: JsonObject, key: string, path: string, allowed: readonly T[]): T {
  const value = requiredString(object, key, path);
  if (!(allowed as readonly string[]).includes(value)) {
    throw new JsonFieldError(childPath(path, key), `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describeJsonValue(value)}`);
  }
  return value as T;
}

/** Checks `apiVersion` and `kind`; `hint` explains a known other kind (a file passed to the wrong reader). */
export function expectDocumentType(
  document: JsonObject, apiVersion: string, kind: string, hints: Readonly<Record<string, string>> = {},
): void {
  const actualKind = document.kind;
  if (typeof actualKind === 'string' && actualKind !== kind && hints[actualKind]) {
    throw new JsonFieldError('kind', `expected "${kind}", got "${actualKind}": ${hints[actualKind]}`);
  }
  if (document.apiVersion !== apiVersion) {
    throw new JsonFieldError('apiVersion', `expected "${apiVersion}", got ${document.apiVersion === undefined ? 'nothing' : describeJsonValue(document.apiVersion)}`);
  }
  if (actualKind !== kind) {
    throw new JsonFieldError('kind', `expected "${kind}", got ${actualKind === undefined ? 'nothing' : describeJsonValue(actualKind)}`);
  }
}

const TRAFFIC_PATTERNS: readonly TrafficPattern[] = ['steady', 'bursty', 'periodic'];

/**
 * Reads a ServiceInventory from JSON text. Unknown fields are ignored (a newer `discover` may add some);
 * wrong types, out-of-range numbers, a wrong apiVersion or kind and a service listed twice are errors.
 * `labels`, `annotations` and `failures` may be left out of hand-written inventories.
 */
export function readServiceInventory(text: string): ServiceInventory {
  const document = expectObject(parseJsonDocument(text), '', 'a JSON object (a ServiceInventory written by `cdk8s-slo discover`)');
  expectDocumentType(document, SERVICE_INVENTORY_API_VERSION, SERVICE_INVENTORY_KIND, {
    SloInventory: 'this is an SLO inventory written by `cdk8s-slo generate --format inventory`; load it with SloCatalog.fromInventory',
  });
  const measuredAt = requiredString(document, 'measuredAt', '');
  if (Number.isNaN(Date.parse(measuredAt))) {
    throw new JsonFieldError('measuredAt', `must be an ISO 8601 time such as "2025-01-31T12:00:00Z", got ${describeJsonValue(measuredAt)}`);
  }
  const services = expectArray(document.services, 'services').map((item, index) => readService(item, childPath('services', index)));
  const seen = new Map<string, number>();
  services.forEach((service, index) => {
    const key = `${service.namespace}/${service.name}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new JsonFieldError(childPath('services', index), `the service ${describeJsonValue(key)} is listed twice (also at services[${first}])`);
    }
    seen.set(key, index);
  });
  const failures = document.failures === undefined ? [] : expectArray(document.failures, 'failures').map((item, index) => readFailure(item, childPath('failures', index)));
  const prometheusUrl = optionalString(document, 'prometheusUrl', '');
  return {
    apiVersion: SERVICE_INVENTORY_API_VERSION,
    kind: SERVICE_INVENTORY_KIND,
    measuredAt,
    ...(prometheusUrl !== undefined ? { prometheusUrl } : {}),
    lookbackSeconds: requiredNumber(document, 'lookbackSeconds', '', { min: 0, exclusiveMin: true }),
    services,
    failures,
  };
}

function readService(value: unknown, path: string): DiscoveredService {
  const object = expectObject(value, path, 'a service object');
  const scraped = optionalBoolean(object, 'scraped', path);
  const measurementError = optionalString(object, 'measurementError', path);
  const observed = object.observed === undefined ? undefined : readObserved(object.observed, childPath(path, 'observed'));
  return {
    name: requiredString(object, 'name', path),
    namespace: requiredString(object, 'namespace', path),
    labels: stringMap(object, 'labels', path),
    annotations: stringMap(object, 'annotations', path),
    ...(scraped !== undefined ? { scraped } : {}),
    selector: stringMap(object, 'selector', path, true),
    ...(observed ? { observed } : {}),
    ...(measurementError !== undefined ? { measurementError } : {}),
  };
}

function readObserved(value: unknown, path: string): ObservedBehaviour {
  const object = expectObject(value, path, 'an object of measurements');
  const errorRatio = optionalNumber(object, 'errorRatio', path, { min: 0, max: 1 });
  const coveredSeconds = optionalNumber(object, 'coveredSeconds', path, { min: 0, exclusiveMin: true });
  const latency = object.latency === undefined ? undefined : readLatency(object.latency, childPath(path, 'latency'));
  return {
    lookbackSeconds: requiredNumber(object, 'lookbackSeconds', path, { min: 0, exclusiveMin: true }),
    ...(coveredSeconds !== undefined ? { coveredSeconds } : {}),
    averageQps: requiredNumber(object, 'averageQps', path, { min: 0 }),
    peakQps: requiredNumber(object, 'peakQps', path, { min: 0 }),
    peakMultiplier: requiredNumber(object, 'peakMultiplier', path, { min: 0 }),
    trafficPattern: oneOf(object, 'trafficPattern', path, TRAFFIC_PATTERNS),
    ...(errorRatio !== undefined ? { errorRatio } : {}),
    ...(latency ? { latency } : {}),
  };
}

function readLatency(value: unknown, path: string): LatencyQuantiles {
  const object = expectObject(value, path, 'an object with p50, p95 and p99 in seconds');
  return {
    p50: requiredNumber(object, 'p50', path, { min: 0 }),
    p95: requiredNumber(object, 'p95', path, { min: 0 }),
    p99: requiredNumber(object, 'p99', path, { min: 0 }),
  };
}

function readFailure(value: unknown, path: string): DiscoveryFailure {
  const object = expectObject(value, path, 'a failure object');
  const service = optionalString(object, 'service', path);
  return { ...(service !== undefined ? { service } : {}), message: requiredString(object, 'message', path) };
}
