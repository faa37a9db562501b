/**
 * The synth-time PromQL checks against the real judge: for each expression, `promqlProblems` and
 * `promtool check rules` (Prometheus 2 here) agree on whether a rule with it loads. One promtool run.
 * Only where the library is stricter on purpose do they differ: a rule whose result is a string or a range
 * vector loads, but fails at every evaluation.
 */
import { assertValidPromql, promqlProblems } from '../../src/promql/expression-checks';
import { checkRuleFiles } from '../adversarial/corpus-harness';

const EXPRESSIONS: readonly string[] = [
  '-"a"',
  '-a offset 5m',
  '-b[5m]',
  '-x',
  '1 + on(a) x',
  '1 > 2',
  '1 > bool 2',
  'a + b[5m:1m]',
  'a + b[5m]',
  'a + rate(b[5m])[10m:1m]',
  'a offset 5m + b',
  'a unless b offset 5m',
  'absent(x{a="b"})',
  'count((a unless a offset 1d) > time() - 3600)',
  'count_values("v", x)',
  'days_in_month()',
  'histogram_quantile(0.9, rate(x[5m]))',
  'histogram_quantile(rate(x[5m]), 0.9)',
  'label_join(x, "a", ",", "b", "c")',
  'label_replace(x, "a", "$1", "b", "(.*)")',
  'quantile(0.5, x)',
  'rate((x)[5m])',
  'rate(scalar(x)[5m])',
  'rate(x)',
  'rate(x[0s])',
  'rate(x[5])',
  'rate(x[5m:1m])',
  'rate(x[5m] @ 100)',
  'rate(x[5m])',
  'rate(x[5m]) > bool rate(y[5m])',
  'rate(x{code=~"5..("}[5m])',
  'round(x)',
  'round(x, 2)',
  'scalar(x)',
  'sort_by_label(x, "a")',
  'sum(a) + b @ 10',
  'sum(a) offset 5m + b',
  'sum(rate(x[5m])) / scalar(y)',
  'sum(x @ 100)',
  'sum(x) offset 5m',
  'sum(x, y)',
  'time()',
  'topk(3, x)',
  'topk(x)',
  'vector(1)',
  'x + on(a) y',
  'x > 5m',
  'x @ 100',
  'x @ start()',
  'x and 1',
  'x and on(a) group_left y',
  'x offset -5m',
  'x offset 5m offset 1m',
  'x{__name__="y"}',
  "x{a=\"\\'\"}",
  'x{a="\\u00e9"}',
  'x{a="\\xZZ"}',
  "x{a='\\''}",
  'x{a=~"(?<n>a)"}',
  'x{a=~"(?P<n>a)"}',
  'x{a=~"(?U)a+"}',
  'x{a=~"(?i)foo"}',
  'x{a=~"[[:^alpha:]]"}',
  'x{a=~"[[:alpha:]]"}',
  'x{a=~"\\\\0"}',
  'x{a=~"\\\\101"}',
  'x{a=~"\\\\8"}',
  'x{a=~"\\\\C"}',
  'x{a=~"\\\\Qa.b\\\\E"}',
  'x{a=~"\\\\Z"}',
  'x{a=~"\\\\e"}',
  'x{a=~"\\\\p{Greek}"}',
  'x{a=~"\\\\x{41}"}',
  'x{a=~"\\\\z"}',
  'x{a=~"a{1001}"}',
  'x{a=~"x**"}',
  'x{code=~"(?=a)b"}',
  '{__name__=~".*"}',
  '{__name__=~".+"}',
  '{a!="x"}',
  '{a=""}',
];

/** Loads in promtool, refused by the library: the rule would fail at every evaluation. */
const STRICTER: readonly string[] = ['"foo"', 'x[5m]'];

describe('promqlProblems agrees with promtool check rules', () => {
  let verdicts: Array<string | undefined> = [];
  beforeAll(() => {
    verdicts = checkRuleFiles([...EXPRESSIONS, ...STRICTER].map((expr) => ({ groups: [{ name: 'g', rules: [{ record: 'x:y', expr }] }] })));
  });

  test.each(EXPRESSIONS.map((expr, index) => [expr, index] as const))('%s', (expr, index) => {
    const ours = promqlProblems(expr, 'vector-or-scalar');
    expect({ expr, loads: ours.length === 0 }).toEqual({ expr, loads: verdicts[index] === undefined });
  });

  test.each(STRICTER.map((expr, index) => [expr, index] as const))('stricter on purpose: %s', (expr, index) => {
    expect(verdicts[EXPRESSIONS.length + index]).toBeUndefined();
    expect(promqlProblems(expr, 'vector-or-scalar')).toEqual([expect.stringMatching(/^evaluates to a (string|range vector)/)]);
  });
});

describe('assertValidPromql: expressions of one shape are checked once', () => {
  // A valid expression's shape (its plain equality values replaced) is remembered; nothing that could make
  // another expression of that shape invalid may be hidden by it.
  test('a value that changes the literal, a regex, an empty value or a bad escape is still checked', () => {
    assertValidPromql('sum(rate(http_requests_total{job="checkout",code=~"5.."}[5m]))', 'a rule');
    // The same shape with other plain values is valid too (and is not parsed again).
    expect(() => assertValidPromql('sum(rate(http_requests_total{job="search-v2",code=~"5.."}[5m]))', 'a rule')).not.toThrow();
    // Not plain: each is parsed, and refused.
    expect(() => assertValidPromql('sum(rate(http_requests_total{job="a"}"",code=~"5.."}[5m]))', 'a rule')).toThrow(/not valid PromQL/);
    expect(() => assertValidPromql('sum(rate(http_requests_total{job="checkout",code=~"(5.."}[5m]))', 'a rule')).toThrow(/not valid PromQL/);
    assertValidPromql('sum(rate({job="x",code!~"5.."}[5m]))', 'a rule');
    expect(() => assertValidPromql('sum(rate({job="",code!~"5.."}[5m]))', 'a rule')).toThrow(/not valid PromQL/);
    expect(() => assertValidPromql('sum(rate(http_requests_total{job="\\q",code=~"5.."}[5m]))', 'a rule')).toThrow(/not valid PromQL/);
  });

  test('the result type is part of the shape', () => {
    assertValidPromql('scalar(up{job="a"})', 'a rule', 'vector-or-scalar');
    expect(() => assertValidPromql('scalar(up{job="a"})', 'a query', 'vector')).toThrow(/evaluates to a scalar/);
  });
});
