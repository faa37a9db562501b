/**
 * PromQL string literals. Every value that reaches PromQL from user input passes through
 * `quotePromqlString`, so a quote, backslash or newline in a label value can never end the literal.
 * Reading them back follows Prometheus's lexer: Go escapes only, and `\x`/octal escapes are bytes of UTF-8.
 */

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
/** C1 controls, line/paragraph separators and non-characters: YAML 1.1 readers break on them raw. */
const YAML_BREAKING = /^[\u0080-\u009f\u2028\u2029\ufeff\ufffe\uffff]$/;

/**
 * Quotes a value as a double-quoted PromQL string, escaping backslashes, quotes, control characters and the
 * characters YAML 1.1 reads as line breaks, so the literal is one line of text every YAML reader takes.
 */
export function quotePromqlString(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char in SHORT_ESCAPES) {
      out += SHORT_ESCAPES[char];
    } else if (code < 0x20 || code === 0x7f) {
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    } else if (YAML_BREAKING.test(char)) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else {
      out += char;
    }
  }
  return out + '"';
}

const SIMPLE_ESCAPES: Record<string, string> = {
  'a': '\x07', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v', '\\': '\\',
};

/** The escapes Prometheus reads: letter → (digits, base, largest value, whether the value is a byte). */
const NUMERIC_ESCAPES: Record<string, { digits: number; base: number; max: number; byte: boolean }> = {
  x: { digits: 2, base: 16, max: 0xff, byte: true },
  u: { digits: 4, base: 16, max: 0x10ffff, byte: false },
  U: { digits: 8, base: 16, max: 0x10ffff, byte: false },
};
const OCTAL = { digits: 3, base: 8, max: 0xff, byte: true };

/**
 * Reads a PromQL string literal (double, single or back quotes) back into its value. Throws, as Prometheus
 * does, on an escape that Go does not know (`\q`, `\'` inside double quotes), on a malformed numeric escape
 * (`\xZZ`, `\400`, `\uD800`) and on `\x`/octal bytes that are not UTF-8.
 */
export function unquotePromqlString(literal: string): string {
  const quote = literal[0];
  if (literal.length < 2 || literal[literal.length - 1] !== quote || !['"', '\'', '`'].includes(quote)) {
    throw new Error(`${literal} is not a quoted string`);
  }
  const body = literal.slice(1, -1);
  // Without escapes a string means what it says (a JavaScript string is already valid UTF-8 text, but
  // for lone surrogates, which the decoding below refuses too).
  if (quote === '`' || (!body.includes('\\') && !/[\ud800-\udfff]/.test(body))) {
    return body;
  }
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  const push = (text: string) => bytes.push(...encoder.encode(text));
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char !== '\\') {
      const code = body.codePointAt(i)!;
      if (code > 0xffff) i++;
      push(String.fromCodePoint(code));
      continue;
    }
    const next = body[++i];
    if (next === undefined) {
      throw new Error(`${literal} ends inside an escape sequence`);
    }
    const numeric = /[0-7]/.test(next) ? OCTAL : NUMERIC_ESCAPES[next];
    if (next in SIMPLE_ESCAPES || next === quote) {
      push(SIMPLE_ESCAPES[next] ?? quote);
    } else if (numeric) {
      const start = numeric === OCTAL ? i : i + 1;
      const digits = body.slice(start, start + numeric.digits);
      const pattern = numeric.base === 8 ? /^[0-7]+$/ : /^[0-9a-fA-F]+$/;
      if (digits.length !== numeric.digits || !pattern.test(digits)) {
        throw new Error(`invalid escape sequence \\${next === digits[0] ? '' : next}${digits} in ${literal}: it needs ${numeric.digits} ${numeric.base === 8 ? 'octal' : 'hexadecimal'} digits`);
      }
      const value = parseInt(digits, numeric.base);
      if (value > numeric.max || (!numeric.byte && value >= 0xd800 && value <= 0xdfff)) {
        throw new Error(`escape sequence \\${next === digits[0] ? '' : next}${digits} in ${literal} is not a valid ${numeric.byte ? 'byte' : 'Unicode code point'}`);
      }
      if (numeric.byte) bytes.push(value);
      else push(String.fromCodePoint(value));
      i = start + numeric.digits - 1;
    } else {
      throw new Error(`unknown escape sequence \\${next} in ${literal} (Go escapes: \\a \\b \\f \\n \\r \\t \\v \\\\ \\${quote} \\xHH \\uHHHH \\UHHHHHHHH \\OOO)`);
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    throw new Error(`${literal} holds bytes that are not UTF-8 (Prometheus strings are UTF-8)`);
  }
}
