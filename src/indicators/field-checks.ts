/** Checks of indicator fields that several kinds share: vector selectors and raw queries. */
import { unsafeCharacter } from '../model/text';
import { error, ValidationIssue } from '../model/validation-issue';
import { promqlProblems } from '../promql/expression-checks';
import { parseVectorSelector, VectorSelector } from '../promql/selector';
import { hasComment } from '../promql/syntax';
import { fillWindow, WINDOW_PLACEHOLDER } from '../promql/window-placeholder';

/** Problems with a field that must hold a vector selector. */
export function selectorIssues(field: string, text: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  trySelector(field, text, issues);
  return issues;
}

/** The parsed selector, or undefined after adding the problem to `issues`. */
export function trySelector(field: string, text: string, issues: ValidationIssue[]): VectorSelector | undefined {
  if (typeof text !== 'string' || text.trim() === '') {
    issues.push(error(field, 'must be a PromQL vector selector such as http_requests_total{job="api"}'));
    return undefined;
  }
  const character = unsafeCharacter(text, true);
  if (character !== undefined) {
    issues.push(error(field, `contains ${character}, a control character or line separator that YAML readers refuse; inside a label value write it as an escape such as \\u2028`));
    return undefined;
  }
  try {
    return parseVectorSelector(text);
  } catch (e) {
    issues.push(error(field, (e as Error).message));
    return undefined;
  }
}

/**
 * Problems with a raw query: it must hold the window placeholder and, once the window is filled in, pass
 * Prometheus's checks (syntax, types, RE2 regexes, Go escapes, selectors) and evaluate to an instant vector.
 */
export function queryIssues(field: string, query: string): ValidationIssue[] {
  if (typeof query !== 'string' || !query.includes(WINDOW_PLACEHOLDER)) {
    return [error(field, `must contain the window placeholder ${WINDOW_PLACEHOLDER}, e.g. sum(rate(x[${WINDOW_PLACEHOLDER}]))`)];
  }
  const character = unsafeCharacter(query, true);
  if (character !== undefined) {
    return [error(field, `contains ${character}, a control character or line separator that YAML readers refuse; inside a string write it as an escape such as \\u2028`)];
  }
  const filled = fillWindow(query, '5m');
  // The library writes the query inside sum(...) and joins; a # comment would swallow what follows it.
  if (hasComment(filled)) {
    return [error(field, 'contains a # comment, which would hide the rest of the rule the query is written into; remove it')];
  }
  return promqlProblems(filled).slice(0, 1).map((problem) => error(field, problem));
}

/** Problems with a field that must be a positive number of seconds. */
export function positiveSecondsIssues(field: string, seconds: number): ValidationIssue[] {
  return typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0
    ? [error(field, `must be a positive duration, got ${seconds} seconds`)]
    : [];
}

/** A field of an indicator by its prop name (`errors`) with its value. */
export type NamedField = readonly [prop: string, value: string | undefined];

/**
 * Problems with a ratio of counted events: exactly one of the bad-event and good-event fields is set (the
 * problem is reported at the bad side), and each field that is set, the total included, passes `check`.
 */
export function ratioFieldIssues(
  fields: { readonly bad: NamedField; readonly good: NamedField; readonly total: NamedField },
  check: (field: string, value: string) => ValidationIssue[],
  exactlyOne: string,
): ValidationIssue[] {
  const sides = [fields.bad, fields.good].filter(([, value]) => value !== undefined);
  return [
    ...(sides.length === 1 ? [] : [error(`indicator.${fields.bad[0]}`, exactlyOne)]),
    ...[...sides, fields.total].flatMap(([prop, value]) => check(`indicator.${prop}`, value!)),
  ];
}
