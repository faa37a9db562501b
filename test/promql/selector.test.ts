import { parseVectorSelector, renderVectorSelector } from '../../src/promql/selector';
import { quotePromqlString, unquotePromqlString } from '../../src/promql/string-literal';
import { promqlSyntaxErrors } from '../../src/promql/syntax';

describe('vector selectors', () => {
  test('parses a metric name and matchers', () => {
    expect(parseVectorSelector('http_requests_total{job="checkout",code=~"5.."}')).toEqual({
      metric: 'http_requests_total',
      matchers: [
        { name: 'job', operator: '=', value: 'checkout' },
        { name: 'code', operator: '=~', value: '5..' },
      ],
    });
  });

  test('renders what it parsed, quoting every value', () => {
    const text = 'up{job!="a\\"b",instance!~\'x.*\'}';
    expect(renderVectorSelector(parseVectorSelector(text))).toBe('up{job!="a\\"b",instance!~"x.*"}');
  });

  test.each([
    ['foo{a="b"}) or vector(1', /does not parse/],
    ['rate(foo[5m])', /not a function call/],
    ['foo[5m]', /range selector/],
    ['foo offset 5m', /offset/],
    ['sum(foo)', /aggregation/],
    ['foo + bar', /binary expression/],
    ['{"utf.8"="x", __name__="m"}', /quoted/],
    ['', /parse|empty/],
  ])('rejects %p', (text, message) => {
    expect(() => parseVectorSelector(text)).toThrow(message);
  });
});

describe('string literals', () => {
  test.each([
    'plain',
    'quote " inside',
    'back\\slash',
    'new\nline',
    'tab\tand\u0001control',
    '} or vector(1) {',
    'ünïcödé ✓',
  ])('%p survives a round trip and cannot break out of its literal', (value) => {
    const literal = quotePromqlString(value);
    expect(unquotePromqlString(literal)).toBe(value);
    const selector = `up{label=${literal}}`;
    expect(promqlSyntaxErrors(selector)).toEqual([]);
    expect(parseVectorSelector(selector).matchers[0].value).toBe(value);
  });

  test('reads single-quoted and raw strings', () => {
    expect(unquotePromqlString("'it\\'s'")).toBe("it's");
    expect(unquotePromqlString('`a\\b`')).toBe('a\\b');
    expect(unquotePromqlString('"\\x41\\u00e9\\101"')).toBe('AéA');
  });
});

describe('syntax check', () => {
  test('accepts valid PromQL', () => {
    expect(promqlSyntaxErrors('sum by (route) (rate(x{a="b"}[5m])) or on (route) (0 * y)')).toEqual([]);
  });
  test('reports unbalanced and truncated expressions', () => {
    expect(promqlSyntaxErrors('sum(rate(x[5m])').length).toBeGreaterThan(0);
    expect(promqlSyntaxErrors('x >').length).toBeGreaterThan(0);
    expect(promqlSyntaxErrors('   ')).toEqual([{ offset: 0, message: 'the expression is empty' }]);
  });
});
