import { parsePromql } from './lezer-parser';

/** A syntax error in a PromQL expression, with its character offset. */
export interface PromqlSyntaxError {
  readonly offset: number;
  readonly message: string;
}

/**
 * Parses an expression with Prometheus's own grammar (lezer-promql) and returns its syntax errors;
 * an empty list means the expression parses. The parser recovers from errors, so every error node counts.
 */
export function promqlSyntaxErrors(expression: string): PromqlSyntaxError[] {
  if (expression.trim() === '') {
    return [{ offset: 0, message: 'the expression is empty' }];
  }
  const errors: PromqlSyntaxError[] = [];
  parsePromql(expression).iterate({
    enter: (node) => {
      if (node.type.isError) {
        const near = expression.slice(Math.max(0, node.from - 10), node.to + 10);
        errors.push({
          offset: node.from,
          message: node.from >= expression.length
            ? 'unexpected end of expression'
            : `unexpected input at offset ${node.from} near "${near}"`,
        });
      }
    },
  });
  return errors;
}

/** Whether the expression holds a `#` comment (outside string literals). */
export function hasComment(expression: string): boolean {
  let found = false;
  parsePromql(expression).iterate({
    enter: (node) => {
      if (node.type.name === 'LineComment') found = true;
    },
  });
  return found;
}
