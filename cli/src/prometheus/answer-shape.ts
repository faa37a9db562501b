/**
 * The shapes of Prometheus API answers (`data` of a successful answer), checked before anything reads
 * them: a proxy, an old server or a hostile one can answer well-formed JSON of another shape, and that
 * must be a one-line "unexpected answer" (exit 4), never a TypeError deep in a command. The checks go a
 * fixed depth into the answer, so no nesting can exhaust the stack.
 */
import type { LoadedRule, LoadedRuleGroup, MatrixSeries, VectorSample } from './prometheus-api';

/** An answer of the wrong shape: `path` is where, from `data`. */
export class AnswerShapeError extends Error {
  public constructor(public readonly path: string, expected: string, actual: unknown) {
    super(`${path} is ${kindOf(actual)}, expected ${expected}`);
    this.name = 'AnswerShapeError';
  }
}

/** A float as Prometheus writes sample values: a decimal number, NaN, +Inf or -Inf. */
const SAMPLE_VALUE = /^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|NaN|[+-]?Inf)$/;

/** The samples of an instant query: a vector, or a scalar as one sample without labels. */
export function instantSamples(data: unknown): VectorSample[] {
  const answer = record(data, 'data');
  if (answer.resultType === 'scalar') return [{ labels: {}, value: samplePair(answer.result, 'data.result')[1] }];
  if (answer.resultType !== 'vector') throw new AnswerShapeError('data.resultType', '"vector" or "scalar"', answer.resultType);
  return list(answer.result, 'data.result').map((item, index) => {
    const at = `data.result[${index}]`;
    const sample = record(item, at);
    return { labels: labelSet(sample.metric, `${at}.metric`), value: samplePair(sample.value, `${at}.value`)[1] };
  });
}

/** The series of a range query: a matrix. */
export function matrixSeries(data: unknown): MatrixSeries[] {
  const answer = record(data, 'data');
  if (answer.resultType !== 'matrix') throw new AnswerShapeError('data.resultType', '"matrix"', answer.resultType);
  return list(answer.result, 'data.result').map((item, index) => {
    const at = `data.result[${index}]`;
    const series = record(item, at);
    return {
      labels: labelSet(series.metric, `${at}.metric`),
      points: list(series.values, `${at}.values`).map((pair, i) => samplePair(pair, `${at}.values[${i}]`)),
    };
  });
}

/** The rule groups of `/api/v1/rules`, with the fields the CLI reads. */
export function ruleGroups(data: unknown): LoadedRuleGroup[] {
  const answer = record(data, 'data');
  return list(answer.groups, 'data.groups').map((item, index) => {
    const at = `data.groups[${index}]`;
    const group = record(item, at);
    return {
      name: text(group.name, `${at}.name`),
      file: text(group.file, `${at}.file`),
      interval: finite(group.interval, `${at}.interval`),
      lastEvaluation: optionalText(group.lastEvaluation, `${at}.lastEvaluation`) ?? '',
      rules: list(group.rules, `${at}.rules`).map((r, i) => loadedRule(r, `${at}.rules[${i}]`)),
    };
  });
}

function loadedRule(item: unknown, at: string): LoadedRule {
  const rule = record(item, at);
  if (rule.type !== 'recording' && rule.type !== 'alerting') throw new AnswerShapeError(`${at}.type`, '"recording" or "alerting"', rule.type);
  const lastError = optionalText(rule.lastError, `${at}.lastError`);
  const state = optionalText(rule.state, `${at}.state`);
  return {
    name: text(rule.name, `${at}.name`),
    type: rule.type,
    query: text(rule.query, `${at}.query`),
    health: text(rule.health, `${at}.health`),
    lastEvaluation: optionalText(rule.lastEvaluation, `${at}.lastEvaluation`) ?? '',
    ...(lastError !== undefined ? { lastError } : {}),
    ...(rule.labels !== undefined && rule.labels !== null ? { labels: labelSet(rule.labels, `${at}.labels`) } : {}),
    ...(state !== undefined ? { state } : {}),
  };
}

/** `[time, "value"]`: seconds since the epoch, and the value as Prometheus spells it. */
function samplePair(value: unknown, at: string): readonly [number, number] {
  if (!Array.isArray(value) || value.length !== 2) throw new AnswerShapeError(at, 'a [time, "value"] pair', value);
  const time = finite(value[0], `${at}[0]`);
  if (typeof value[1] !== 'string' || !SAMPLE_VALUE.test(value[1])) throw new AnswerShapeError(`${at}[1]`, 'a sample value such as "0.5", "NaN" or "+Inf"', value[1]);
  return [time, sampleValue(value[1])];
}

function sampleValue(value: string): number {
  if (value.endsWith('Inf')) return value.startsWith('-') ? -Infinity : Infinity;
  return Number(value);
}

/** A label set: label names to string values (absent means none). */
function labelSet(value: unknown, at: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  const labels = record(value, at);
  const result: Record<string, string> = {};
  for (const [name, labelValue] of Object.entries(labels)) {
    if (typeof labelValue !== 'string') throw new AnswerShapeError(`${at}[${JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)}]`, 'a string label value', labelValue);
    // Defined as an own property, so a label named __proto__ is a label like any other.
    Object.defineProperty(result, name, { value: labelValue, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

function record(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AnswerShapeError(at, 'an object', value);
  return value as Record<string, unknown>;
}

function list(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new AnswerShapeError(at, 'a list', value);
  return value;
}

function text(value: unknown, at: string): string {
  if (typeof value !== 'string') throw new AnswerShapeError(at, 'a string', value);
  return value;
}

function optionalText(value: unknown, at: string): string | undefined {
  return value === undefined || value === null ? undefined : text(value, at);
}

function finite(value: unknown, at: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new AnswerShapeError(at, 'a number', value);
  return value;
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value === 'number' ? 'the number' : `the ${typeof value}`} ${String(value)}`;
}
