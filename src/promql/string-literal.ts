/**
 * PromQL string literals. Every value that reaches PromQL from user input passes through
 * `quotePromqlString`, so a quote, backslash or newline in a label value can never end the literal.
 */

/** Quotes a value as a double-quoted PromQL string, escaping backslashes, quotes and control characters. */
export function quotePromqlString(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === '"') out += '\\"';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return out + '"';
}

const SIMPLE_ESCAPES: Record<string, string> = {
  'a': '\x07', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v', '\\': '\\', '"': '"', '\'': '\'',
};

/** Reads a PromQL string literal (double, single or back quotes, Go escapes) back into its value. */
export function unquotePromqlString(literal: string): string {
  const quote = literal[0];
  if (literal.length < 2 || literal[literal.length - 1] !== quote || !['"', '\'', '`'].includes(quote)) {
    throw new Error(`${literal} is not a quoted string`);
  }
  const body = literal.slice(1, -1);
  if (quote === '`') {
    return body;
  }
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = body[++i];
    if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
    } else if (next === 'x') {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (next === 'u' || next === 'U') {
      const length = next === 'u' ? 4 : 8;
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + length), 16));
      i += length;
    } else if (/[0-7]/.test(next)) {
      out += String.fromCharCode(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      throw new Error(`unknown escape \\${next} in ${literal}`);
    }
  }
  return out;
}
