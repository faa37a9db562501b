/**
 * Corpus: well-formed answers of the wrong shape. Each is exit 4 with one line naming where the answer
 * went wrong (from `data`), never an internal error, for instant queries (status), range queries
 * (report) and the rules API (verify).
 */
import { CorpusCase, RULE_MANIFEST, runCorpus } from './corpus';
import { HostileAnswer, SeenRequest } from '../helpers/hostile-prometheus';

const SHAPE = 'answered with an unexpected shape: ';

/** A successful answer whose `data` is `data`. */
const success = (data: unknown): HostileAnswer => ({ json: { status: 'success', data } });
const vector = (result: unknown): HostileAnswer => success({ resultType: 'vector', result });
const sample = (fields: Record<string, unknown>) => vector([{ metric: { __name__: 'slo:objective:ratio', slo_service: 'a', slo_name: 'b' }, value: [1700000000, '0.99'], ...fields }]);

/** `status` against an answer to every query. */
function statusCase(name: string, answer: HostileAnswer, message: string, code = 4): CorpusCase {
  return { name: `instant query: ${name}`, args: ['status', '--prometheus-url', '{URL}'], answer: () => answer, code, message };
}

const instantCases: CorpusCase[] = [
  statusCase('"result": {}', vector({}), SHAPE + 'data.result is an object, expected a list'),
  statusCase('"result": null', vector(null), SHAPE + 'data.result is null, expected a list'),
  statusCase('"result" missing', success({ resultType: 'vector' }), SHAPE + 'data.result is missing, expected a list'),
  statusCase('"result": "x"', vector('x'), SHAPE + 'data.result is the string "x", expected a list'),
  statusCase('"data" missing', { json: { status: 'success' } }, SHAPE + 'data is missing, expected an object'),
  statusCase('"data": []', success([]), SHAPE + 'data is a list of 0, expected an object'),
  statusCase('"data": "vector"', success('vector'), SHAPE + 'data is the string "vector", expected an object'),
  statusCase('"data": 42', success(42), SHAPE + 'data is the number 42, expected an object'),
  statusCase('"resultType" missing', success({ result: [] }), SHAPE + 'data.resultType is missing, expected "vector" or "scalar"'),
  statusCase('"resultType": "matrix"', success({ resultType: 'matrix', result: [] }), SHAPE + 'data.resultType is the string "matrix", expected "vector" or "scalar"'),
  statusCase('"resultType": "string"', success({ resultType: 'string', result: [1, 'x'] }), SHAPE + 'data.resultType is the string "string"'),
  statusCase('"resultType": 7', success({ resultType: 7, result: [] }), SHAPE + 'data.resultType is the number 7'),
  statusCase('a sample that is a number', vector([1]), SHAPE + 'data.result[0] is the number 1, expected an object'),
  statusCase('a sample that is null', vector([null]), SHAPE + 'data.result[0] is null, expected an object'),
  statusCase('a sample that is a list', vector([[1, '1']]), SHAPE + 'data.result[0] is a list of 2, expected an object'),
  statusCase('"metric": "x"', sample({ metric: 'x' }), SHAPE + 'data.result[0].metric is the string "x", expected an object'),
  statusCase('"metric": []', sample({ metric: [] }), SHAPE + 'data.result[0].metric is a list of 0, expected an object'),
  statusCase('a label value that is a number', sample({ metric: { slo_service: 1 } }), SHAPE + 'data.result[0].metric["slo_service"] is the number 1, expected a string label value'),
  statusCase('a label value that is an object', sample({ metric: { slo_service: { a: 'b' } } }), SHAPE + 'data.result[0].metric["slo_service"] is an object, expected a string label value'),
  statusCase('a label value that is null', sample({ metric: { slo_name: null } }), SHAPE + 'data.result[0].metric["slo_name"] is null'),
  statusCase('a label value that is true', sample({ metric: { slo_name: true } }), SHAPE + 'data.result[0].metric["slo_name"] is the boolean true'),
  statusCase('"value" missing', sample({ value: undefined }), SHAPE + 'data.result[0].value is missing, expected a [time, "value"] pair'),
  statusCase('"value": "0.5"', sample({ value: '0.5' }), SHAPE + 'data.result[0].value is the string "0.5", expected a [time, "value"] pair'),
  statusCase('"value" of one element', sample({ value: [1] }), SHAPE + 'data.result[0].value is a list of 1, expected a [time, "value"] pair'),
  statusCase('"value" of three elements', sample({ value: [1, '1', 2] }), SHAPE + 'data.result[0].value is a list of 3'),
  statusCase('a time that is a string', sample({ value: ['1700000000', '1'] }), SHAPE + 'data.result[0].value[0] is the string "1700000000", expected a number'),
  statusCase('a value that is a number', sample({ value: [1, 0.5] }), SHAPE + 'data.result[0].value[1] is the number 0.5, expected a sample value such as "0.5", "NaN" or "+Inf"'),
  statusCase('a value that is not a number', sample({ value: [1, 'abc'] }), SHAPE + 'data.result[0].value[1] is the string "abc"'),
  statusCase('a value that is empty', sample({ value: [1, ''] }), SHAPE + 'data.result[0].value[1] is the string ""'),
  statusCase('a value that is null', sample({ value: [1, null] }), SHAPE + 'data.result[0].value[1] is null'),
  statusCase('a scalar that is not a pair', success({ resultType: 'scalar', result: 'x' }), SHAPE + 'data.result is the string "x", expected a [time, "value"] pair'),
  statusCase('a sample nested 100 000 levels deep', { text: `{"status":"success","data":{"resultType":"vector","result":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}}` }, SHAPE + 'data.result[0] is a list of 1, expected an object'),
  statusCase('a label name of a megabyte', sample({ metric: { ['x'.repeat(1_000_000)]: 1 } }), SHAPE + `data.result[0].metric["${'x'.repeat(40)}…"] is the number 1`),
  statusCase('"status": "success" but HTTP 500', { status: 500, json: { status: 'success', data: { resultType: 'vector', result: {} } } }, SHAPE + 'data.result is an object, expected a list'),
  // Not the API's answer at all: still one line, exit 4.
  statusCase('JSON null', { text: 'null' }, 'answered HTTP 200 with JSON that is not an API answer (no "status" of success or error) (query', 4),
  statusCase('a JSON list', { text: '[]' }, 'with JSON that is not an API answer', 4),
  statusCase('a JSON string', { text: '"success"' }, 'with JSON that is not an API answer', 4),
  statusCase('a status that is neither success nor error', { json: { status: 'ok', data: {} } }, 'with JSON that is not an API answer', 4),
  statusCase('an error whose fields are objects', { status: 400, json: { status: 'error', errorType: { a: 1 }, error: ['x'] } }, 'answered HTTP 400: {"status":"error"', 4),
  statusCase('an empty body', { text: '' }, "answered HTTP 200 with something that is not its API's JSON", 4),
  statusCase('an HTML page', { status: 502, text: '<html><body>Bad Gateway</body></html>' }, "answered HTTP 502 with something that is not its API's JSON (query", 4),
  statusCase('JSON cut short', { text: '{"status":"success","data":{"resultType":"vector","result":[' }, "with something that is not its API's JSON", 4),
  // Well-formed oddities that are fine.
  statusCase('a label named __proto__', sample({ metric: { __name__: 'slo:objective:ratio', slo_service: 'a', slo_name: 'b', __proto__: 'x' } }), '', 0),
  statusCase('a top-level __proto__ key', { text: '{"status":"success","__proto__":{"polluted":1},"data":{"resultType":"vector","result":[]}}' }, 'no SLOs found', 0),
  statusCase('values NaN, +Inf and -Inf', vector([
    { metric: { __name__: 'slo:objective:ratio', slo_service: 'a', slo_name: 'b' }, value: [1, 'NaN'] },
    { metric: { __name__: 'slo:current_burn_rate:ratio', slo_service: 'a', slo_name: 'b' }, value: [1, '+Inf'] },
    { metric: { __name__: 'slo:period_error_budget_remaining:ratio', slo_service: 'a', slo_name: 'b' }, value: [1, '-Inf'] },
  ]), '', 0),
  ...['1e308', '-1e308'].map((value): CorpusCase => ({
    name: `instant query: values too large for a percentage (${value})`,
    args: ['status', '--prometheus-url', '{URL}'],
    answer: () => vector(['slo:objective:ratio', 'slo:period_error_budget_remaining:ratio', 'slo:current_burn_rate:ratio', 'slo:period_burn_rate:ratio', 'slo:error_budget:ratio']
      .map((name) => ({ metric: { __name__: name, slo_service: 'a', slo_name: 'b' }, value: [1, value] }))),
    code: 0,
    message: '',
    stdout: `${value.startsWith('-') ? '-' : '+'}Inf%`,
  })),
];

/** `report` with a valid objective and probe, and `range` for every range query. */
function rangeCase(name: string, range: HostileAnswer, message: string): CorpusCase {
  const answer = (request: SeenRequest): HostileAnswer => {
    if (request.path.endsWith('/query_range')) return range;
    if (request.query?.includes('slo:objective:ratio')) return vector([{ metric: { slo_service: 'a', slo_name: 'b' }, value: [1, '0.99'] }]);
    return vector([]);
  };
  return { name: `range query: ${name}`, args: ['report', '--prometheus-url', '{URL}', '-o', 'report.md'], answer, code: 4, message: `${SHAPE}${message}`, notWritten: ['report.md'] };
}

const matrix = (result: unknown): HostileAnswer => success({ resultType: 'matrix', result });
const series = (fields: Record<string, unknown>) => matrix([{ metric: { slo_service: 'a', slo_name: 'b' }, values: [[1, '1']], ...fields }]);

const rangeCases: CorpusCase[] = [
  rangeCase('"result": {}', matrix({}), 'data.result is an object, expected a list'),
  rangeCase('a vector where a matrix belongs', vector([]), 'data.resultType is the string "vector", expected "matrix"'),
  rangeCase('"values": "x"', series({ values: 'x' }), 'data.result[0].values is the string "x", expected a list'),
  rangeCase('"values" missing', series({ values: undefined }), 'data.result[0].values is missing, expected a list'),
  rangeCase('a point of one element', series({ values: [[1]] }), 'data.result[0].values[0] is a list of 1, expected a [time, "value"] pair'),
  rangeCase('a point whose value is a word', series({ values: [[1, 'x']] }), 'data.result[0].values[0][1] is the string "x"'),
  rangeCase('a point whose time is Infinity-like', series({ values: [['+Inf', '1']] }), 'data.result[0].values[0][0] is the string "+Inf", expected a number'),
  rangeCase('"metric": 5', series({ metric: 5 }), 'data.result[0].metric is the number 5, expected an object'),
];

/** `verify` of one rule group, with `rules` as the answer of /api/v1/rules. */
function rulesCase(name: string, rules: HostileAnswer, message: string): CorpusCase {
  const answer = (request: SeenRequest): HostileAnswer => (request.path.endsWith('/rules') ? rules : vector([]));
  return { name: `rules API: ${name}`, args: ['verify', 'rules.yaml', '--prometheus-url', '{URL}'], files: { 'rules.yaml': RULE_MANIFEST }, answer, code: 4, message: `${SHAPE}${message}` };
}

const group = (fields: Record<string, unknown>) => success({ groups: [{ name: 'checkout-availability', file: 'f', interval: 60, lastEvaluation: '2024-01-01T00:00:00Z', rules: [], ...fields }] });
const rule = (fields: Record<string, unknown>) => group({ rules: [{ name: 'slo:objective:ratio', type: 'recording', query: 'vector(0.99)', health: 'ok', lastEvaluation: '2024-01-01T00:00:00Z', ...fields }] });

const rulesCases: CorpusCase[] = [
  rulesCase('"groups": {}', success({ groups: {} }), 'data.groups is an object, expected a list'),
  rulesCase('"groups" missing', success({}), 'data.groups is missing, expected a list'),
  rulesCase('a group that is a number', success({ groups: [1] }), 'data.groups[0] is the number 1, expected an object'),
  rulesCase('a group without a name', group({ name: undefined }), 'data.groups[0].name is missing, expected a string'),
  rulesCase('a group whose interval is text', group({ interval: '1m' }), 'data.groups[0].interval is the string "1m", expected a number'),
  rulesCase('"rules": "x"', group({ rules: 'x' }), 'data.groups[0].rules is the string "x", expected a list'),
  rulesCase('a rule of an unknown type', rule({ type: 'x' }), 'data.groups[0].rules[0].type is the string "x", expected "recording" or "alerting"'),
  rulesCase('a rule whose health is a number', rule({ health: 1 }), 'data.groups[0].rules[0].health is the number 1, expected a string'),
  rulesCase('a rule whose lastError is an object', rule({ lastError: {} }), 'data.groups[0].rules[0].lastError is an object, expected a string'),
  rulesCase('a rule whose labels hold a number', rule({ labels: { severity: 2 } }), 'data.groups[0].rules[0].labels["severity"] is the number 2'),
  rulesCase('a rule without a name', rule({ name: undefined }), 'data.groups[0].rules[0].name is missing, expected a string'),
];

/** `discover` of one Service, where every query answers 1 except those containing `odd`, which answer `value`. */
function measureCase(name: string, odd: string, value: string, message: string): CorpusCase {
  const answer = (request: SeenRequest): HostileAnswer => {
    const sampleValue = request.query?.includes(odd) ? value : '1';
    if (request.path.endsWith('/query_range')) return success({ resultType: 'matrix', result: [{ metric: {}, values: [[1709251200, sampleValue]] }] });
    return vector([{ metric: {}, value: [1, sampleValue] }]);
  };
  return {
    name: `measurements: ${name}`,
    args: ['discover', '--services-file', 'services.json', '--prometheus-url', '{URL}', '-o', 'inventory.json'],
    files: { 'services.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ metadata: { name: 'cart', namespace: 'shop' }, spec: { selector: { app: 'cart' } } }] }) },
    answer,
    code: 5,
    message: `could not measure shop/cart: Prometheus at http://{HOST}/prom?token=*** ${message}`,
  };
}

const measureCases: CorpusCase[] = [
  measureCase('a latency quantile of -1.8e308', 'histogram_quantile', '-1.7976931348623157e308', 'answered values that give p50 = -1.79769e+308, which no traffic has (queries of http_requests_total'),
  measureCase('a latency quantile that rounds past the largest number', 'histogram_quantile', '1.7976931348623157e308', 'answered values that give p50 = 1.79769e+308'),
  measureCase('an average rate of 1e300 requests a second', 'sum(rate(http_requests_total{namespace="shop",job="cart"}[7d]))', '1e300', 'answered values that give averageQps = 1e+300'),
  measureCase('a negative average rate', 'sum(rate(http_requests_total{namespace="shop",job="cart"}[7d]))', '-5', 'answered -5 for the average request rate'),
];

runCorpus('answer shapes', [...instantCases, ...rangeCases, ...rulesCases, ...measureCases]);
