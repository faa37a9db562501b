/** One problem found in an SLO definition, tied to the prop it came from. */
export interface ValidationIssue {
  /** The prop path, e.g. `target`, `indicator.errors`, `alerting.windows[1].longWindow`. */
  readonly field: string;
  /** What is wrong and, where possible, what would be right. */
  readonly message: string;
  /** Errors stop synthesis; warnings are reported and synthesis goes on. */
  readonly severity: 'error' | 'warning';
}

export function error(field: string, message: string): ValidationIssue {
  return { field, message, severity: 'error' };
}

export function warning(field: string, message: string): ValidationIssue {
  return { field, message, severity: 'warning' };
}
