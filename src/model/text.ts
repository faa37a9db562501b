/**
 * Free text that the library writes into YAML (descriptions, links, annotations). Some characters make a
 * YAML file unreadable for some readers even though the `yaml` package writes them: U+2028 and U+2029
 * (YAML 1.1 line breaks: Go's yaml.v2 and PyYAML refuse the block scalars cdk8s writes them into), U+0085
 * (NEL), other C0 and C1 control characters, byte-order marks and lone surrogates (not UTF-8). Such text is
 * refused with the prop named rather than rewritten: an SRE should see the text they wrote, or an error.
 */
import { error, ValidationIssue } from './validation-issue';

/** Characters no field may hold; tab and newline are allowed where `multiline`. */
const UNSAFE_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LINE_BREAK_OR_TAB = /[\t\n]/;

/** The first character of `text` that YAML readers or a one-line field cannot take, as `U+2028`, or undefined. */
export function unsafeCharacter(text: string, multiline: boolean): string | undefined {
  const match = UNSAFE_CHARACTER.exec(text) ?? (multiline ? null : LINE_BREAK_OR_TAB.exec(text));
  return match ? `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/** Problems with a text field: not a string, or a character that some YAML reader refuses. */
export function textIssues(field: string, value: unknown, multiline: boolean): ValidationIssue[] {
  if (typeof value !== 'string') {
    return [error(field, `must be a string, got ${value === null ? 'null' : typeof value}`)];
  }
  const character = unsafeCharacter(value, multiline);
  if (character !== undefined) {
    const what = multiline ? 'a control character or line separator' : 'a control character, tab or line break';
    return [error(field, `contains ${character}, ${what} that YAML readers (Go's yaml.v2, PyYAML) or Alertmanager's receivers mangle or refuse; remove it`)];
  }
  return [];
}
