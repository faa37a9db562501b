/**
 * Regex label matchers as Prometheus reads them: Go's regexp (RE2 syntax), anchored at both ends, with `.`
 * matching newlines (Prometheus 3 compiles `^(?s:<value>)$`; Prometheus 2 `^(?:<value>)$`, the same for
 * everything checked here). JavaScript's RegExp is the wrong judge: it accepts look-arounds and
 * back-references that Prometheus refuses.
 */
import type { MatchOperator } from './selector';
import { re2js } from '../vendor/re2js';

interface Re2Pattern {
  matches(input: string): boolean;
}

const { RE2JS } = re2js as { RE2JS: { compile(pattern: string): Re2Pattern } };

/** The compiled matcher value, or an error message saying why RE2 refuses it. */
function compileRegex(value: string): Re2Pattern | string {
  try {
    return RE2JS.compile(`^(?s:${value})$`);
  } catch (e) {
    // re2js quotes the whole anchored pattern; name the user's value instead.
    const reason = String((e as Error).message).replace(/^error parsing regexp: /, '').replace(/: `.*`$/s, '');
    return `the regular expression "${value}" is not valid RE2 syntax, which Prometheus uses (${reason})`;
  }
}

/** Why Prometheus would refuse the regex of a `=~`/`!~` matcher, or undefined when it compiles. */
export function regexProblem(value: string): string | undefined {
  // RE2 and Go 1.22+ read (?<name>...); the Go of Prometheus 2 before 2.51 does not.
  if (/\(\?<[a-zA-Z_]/.test(value)) {
    return `the regular expression "${value}" uses a named group (?<name>...), which Prometheus before 2.51 refuses; write (?P<name>...)`;
  }
  const compiled = compileRegex(value);
  return typeof compiled === 'string' ? compiled : undefined;
}

/** Whether a matcher selects series that lack the label (an empty value). Its regex must compile. */
export function matchesEmpty(operator: MatchOperator, value: string): boolean {
  switch (operator) {
    case '=': return value === '';
    case '!=': return value !== '';
    default: {
      const compiled = compileRegex(value);
      if (typeof compiled === 'string') throw new Error(compiled);
      return compiled.matches('') === (operator === '=~');
    }
  }
}
