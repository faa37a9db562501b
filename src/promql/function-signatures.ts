/**
 * The PromQL functions and aggregations that every Prometheus 2.x and 3.x evaluates without feature flags,
 * with their argument and result types, as Prometheus's parser checks them (promql/parser/functions.go).
 * The lezer grammar knows newer and experimental ones too (`info`, `sort_by_label`, `limitk`, ...); rules
 * that use them would not load on Prometheus 2, so the checks refuse them.
 */

/** PromQL's value types. */
export type PromqlType = 'scalar' | 'vector' | 'matrix' | 'string';

/** A function's arguments and result; `optional` trailing arguments may be left out, `variadic` repeats the last. */
export interface FunctionSignature {
  readonly args: readonly PromqlType[];
  readonly optional?: number;
  readonly variadic?: boolean;
  readonly returns: PromqlType;
}

const signature = (args: PromqlType[], returns: PromqlType = 'vector', more: Partial<FunctionSignature> = {}): FunctionSignature =>
  ({ args, returns, ...more });

/** Functions of one instant vector that return one. */
const INSTANT_VECTOR_FUNCTIONS = [
  'abs', 'absent', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'ceil', 'cos', 'cosh', 'deg', 'exp', 'floor',
  'histogram_count', 'histogram_sum', 'histogram_stddev', 'histogram_stdvar', 'ln', 'log10', 'log2', 'rad', 'sgn',
  'sin', 'sinh', 'sort', 'sort_desc', 'sqrt', 'tan', 'tanh', 'timestamp',
];
/** Functions of one range vector that return an instant vector. */
const RANGE_VECTOR_FUNCTIONS = [
  'absent_over_time', 'avg_over_time', 'changes', 'count_over_time', 'delta', 'deriv', 'idelta', 'increase', 'irate',
  'last_over_time', 'max_over_time', 'min_over_time', 'present_over_time', 'rate', 'resets', 'stddev_over_time',
  'stdvar_over_time', 'sum_over_time',
];
/** Calendar functions: of an optional instant vector (the evaluation time when left out). */
const CALENDAR_FUNCTIONS = ['days_in_month', 'day_of_month', 'day_of_week', 'day_of_year', 'hour', 'minute', 'month', 'year'];

export const FUNCTION_SIGNATURES: Readonly<Record<string, FunctionSignature>> = {
  ...Object.fromEntries(INSTANT_VECTOR_FUNCTIONS.map((name) => [name, signature(['vector'])])),
  ...Object.fromEntries(RANGE_VECTOR_FUNCTIONS.map((name) => [name, signature(['matrix'])])),
  ...Object.fromEntries(CALENDAR_FUNCTIONS.map((name) => [name, signature(['vector'], 'vector', { optional: 1 })])),
  clamp: signature(['vector', 'scalar', 'scalar']),
  clamp_max: signature(['vector', 'scalar']),
  clamp_min: signature(['vector', 'scalar']),
  histogram_fraction: signature(['scalar', 'scalar', 'vector']),
  histogram_quantile: signature(['scalar', 'vector']),
  label_replace: signature(['vector', 'string', 'string', 'string', 'string']),
  label_join: signature(['vector', 'string', 'string', 'string'], 'vector', { variadic: true }),
  pi: signature([], 'scalar'),
  predict_linear: signature(['matrix', 'scalar']),
  quantile_over_time: signature(['scalar', 'matrix']),
  round: signature(['vector', 'scalar'], 'vector', { optional: 1 }),
  scalar: signature(['vector'], 'scalar'),
  time: signature([], 'scalar'),
  vector: signature(['scalar']),
};

/** Aggregations and the type of their parameter, if they take one. */
export const AGGREGATION_PARAMETERS: Readonly<Record<string, PromqlType | null>> = {
  ...Object.fromEntries(['sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar'].map((name) => [name, null])),
  topk: 'scalar',
  bottomk: 'scalar',
  quantile: 'scalar',
  count_values: 'string',
};
