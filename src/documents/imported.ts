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
  /**
   * `problems`: why the documents cannot be imported; `warnings`: what the importer found besides them
   * (approximations of the documents that did read), so a report of the failure can show them too.
   */
  constructor(public readonly format: string, public readonly problems: readonly string[], public readonly warnings: readonly string[] = []) {
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

/**
 * SLOs that share a service and name. The same SLO read again (the same definition and tier, e.g. one
 * document copied into two folders) is kept once, with a warning; two different definitions under one
 * name are a problem, naming both.
 */
export function collapseDuplicates(slos: readonly ImportedSlo[]): { slos: ImportedSlo[]; warnings: string[]; problems: string[] } {
  const firsts = new Map<string, ImportedSlo>();
  const kept: ImportedSlo[] = [];
  const warnings: string[] = [];
  const problems: string[] = [];
  for (const slo of slos) {
    const key = `${slo.definition.service}/${slo.definition.name}`;
    const first = firsts.get(key);
    if (!first) {
      firsts.set(key, slo);
      kept.push(slo);
    } else if (sameSlo(first, slo)) {
      warnings.push(`${slo.source}: the SLO "${key}" is also defined, identically, by ${first.source}: read once`);
    } else {
      problems.push(`${slo.source}: the SLO "${key}" is also defined by ${first.source}, differently; rename one of them or remove one`);
    }
  }
  return { slos: kept, warnings, problems };
}

function sameSlo(a: ImportedSlo, b: ImportedSlo): boolean {
  return a.tier === b.tier && JSON.stringify(a.definition) === JSON.stringify(b.definition);
}
