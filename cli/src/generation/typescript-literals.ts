/**
 * Text from an inventory (names, labels, reasons) written into TypeScript source: as string literals that
 * evaluate to exactly that text, and as comments that cannot end early. Nothing a label holds can close
 * a literal or a comment and become code.
 */

// Characters that end a line (and so a `//` comment) or that readers mistake for one, and other controls.
const UNSAFE_IN_SOURCE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\v': '\\v' };

function escapeUnsafe(character: string): string {
  return SHORT_ESCAPES[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** A single-quoted TypeScript string literal of `value`. */
export function tsString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(UNSAFE_IN_SOURCE, escapeUnsafe)}'`;
}

/** An object key: bare when it is a plain identifier, quoted otherwise; `__proto__` computed, so it stays a key. */
export function tsKey(key: string): string {
  if (key === '__proto__') return `[${tsString(key)}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : tsString(key);
}

/** Text safe inside a `//` comment: line breaks and other controls are shown as escapes. */
export function commentText(text: string): string {
  return text.replace(UNSAFE_IN_SOURCE, escapeUnsafe);
}

/**
 * `//` comment lines for `text`, wrapped at `width` columns on spaces; continuation lines are indented
 * by two more spaces.
 */
export function commentLines(text: string, indent = '', width = 110): string[] {
  const words = commentText(text).split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const prefix = lines.length === 0 ? `${indent}// ` : `${indent}//   `;
    if (line !== '' && prefix.length + line.length + 1 + word.length > width) {
      lines.push(prefix + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push((lines.length === 0 ? `${indent}// ` : `${indent}//   `) + line);
  return lines.map((l) => l.trimEnd());
}
