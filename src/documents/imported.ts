/** What an import yields: SLO definitions ready for the `Slo` construct, and what was approximated. */
import { SloDefinition, validateSloDefinition } from '../model/slo-definition';

export interface ImportedSlo {
  readonly definition: SloDefinition;
  /** The service tier recorded in the document, when there is one. */
  readonly tier?: string;
  /** Where the SLO came from, for messages: `OpenSLO document 3 (SLO "checkout-availability")`. */
  readonly source: string;
}

export interface ImportResult {
  readonly slos: ImportedSlo[];
  /** What was read approximately or left out, one line each, naming the document and field. */
  readonly warnings: string[];
}

/** An import that failed: every problem found, one per line, each naming its document and field. */
export class DocumentImportError extends Error {
  constructor(public readonly format: string, public readonly problems: readonly string[]) {
    super(`${format}: cannot import:\n  ${problems.join('\n  ')}`);
    this.name = 'DocumentImportError';
  }
}

/** The definition's own errors (bad selectors, windows that do not fit), as import problems. */
export function definitionProblems(definition: SloDefinition, source: string): string[] {
  return validateSloDefinition(definition)
    .filter((issue) => issue.severity === 'error')
    .map((issue) => `${source}: ${issue.field}: ${issue.message}`);
}

/** Fails when two imported SLOs share a service and name. */
export function duplicateProblems(slos: readonly ImportedSlo[]): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const slo of slos) {
    const key = `${slo.definition.service}/${slo.definition.name}`;
    const first = seen.get(key);
    if (first) problems.push(`${slo.source}: the SLO "${key}" is also defined by ${first}`);
    else seen.set(key, slo.source);
  }
  return problems;
}
