/** What `cdk8s-slo validate` reports: one problem, where it is, and how bad it is. */

/** Errors fail the run; warnings fail it only with --strict; notices never do. */
export type FindingSeverity = 'error' | 'warning' | 'notice';

/** A path into a YAML document: map keys and list indexes, e.g. ['spec', 'groups', 0, 'rules', 3, 'expr']. */
export type FieldPath = ReadonlyArray<string | number>;

/** One problem found in an input file. */
export interface Finding {
  readonly severity: FindingSeverity;
  /** The file, as the user named it (or relative to the directory they named). */
  readonly file: string;
  /** The line (from 1) of the field, or of the nearest enclosing field that exists. */
  readonly line?: number;
  readonly column?: number;
  /** The YAML document within the file, from 1. */
  readonly document?: number;
  /** The field, e.g. `spec.groups[0].rules[3].expr`. */
  readonly field?: string;
  readonly message: string;
  /** Which check found it: yaml, kubernetes, prometheus-rule, promql, slo, openslo, sloth, pyrra, duplicate. */
  readonly check: string;
}

/** A problem found inside one document, before it is tied to a file and line. */
export interface DocumentIssue {
  readonly severity: FindingSeverity;
  readonly path: FieldPath;
  readonly message: string;
  readonly check: string;
}

export function issue(severity: FindingSeverity, check: string, path: FieldPath, message: string): DocumentIssue {
  return { severity, check, path, message };
}

/** `spec.groups[0].rules[3].expr`; keys that are not identifiers are quoted: `metadata.annotations["a.b/c"]`. */
export function formatFieldPath(path: FieldPath): string {
  let text = '';
  for (const step of path) {
    if (typeof step === 'number') text += `[${step}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(step)) text += text === '' ? step : `.${step}`;
    else text += `[${JSON.stringify(step)}]`;
  }
  return text;
}

/**
 * Reads a path as the document importers write it (`spec.objectives[0].target`). Keys holding dots
 * cannot be told apart from nesting; the line lookup then stops at the deepest field it finds.
 */
export function parseFieldPath(text: string): FieldPath {
  const path: Array<string | number> = [];
  for (const part of text.split('.')) {
    const match = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) {
      path.push(part);
      continue;
    }
    if (match[1] !== '') path.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return path;
}

/** Orders findings by file, line, then severity, so output is stable. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = { error: 0, warning: 1, notice: 2 };
  return [...findings].sort((a, b) => a.file.localeCompare(b.file)
    || (a.line ?? 0) - (b.line ?? 0)
    || rank[a.severity] - rank[b.severity]
    || a.message.localeCompare(b.message));
}
