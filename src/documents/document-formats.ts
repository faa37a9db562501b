/**
 * The SLO document formats, by name: how each is titled, and how each is read back. Adding a format means
 * a member of the union, then an entry in every record here and in the construct layer's emitters; the
 * records' types make a missing entry a compile error.
 */
import { ResolvedFormatOptions } from './format-options';
import { ImportResult } from './imported';
import { fromOpenSlo } from './openslo-import';
import { fromSloth } from './sloth';

/** A document format: OpenSLO v1, Sloth (`PrometheusServiceLevel` or its spec) or Pyrra (`ServiceLevelObjective`). */
export type DocumentFormat = 'openslo' | 'sloth' | 'pyrra';

/** Every format, in the order messages list them. */
export const DOCUMENT_FORMATS: readonly DocumentFormat[] = ['openslo', 'sloth', 'pyrra'];

/** A format's name for messages and construct ids. */
export const DOCUMENT_FORMAT_TITLES: Readonly<Record<DocumentFormat, string>> = { openslo: 'OpenSLO', sloth: 'Sloth', pyrra: 'Pyrra' };

/** Reads a format's YAML into SLO definitions; throws `DocumentImportError` with every problem. */
export type DocumentImporter = (text: string, options: Pick<ResolvedFormatOptions, 'periodSeconds'>) => ImportResult;

/** The importer of each format; null where the format is not read back. */
export const DOCUMENT_IMPORTERS: Readonly<Record<DocumentFormat, DocumentImporter | null>> = {
  openslo: (text) => fromOpenSlo(text),
  sloth: (text, options) => fromSloth(text, { periodSeconds: options.periodSeconds }),
  // Pyrra documents are checked by structure (cdk8s-slo validate), not imported.
  pyrra: null,
};

/** Whether `name` names a document format. */
export function isDocumentFormat(name: string): name is DocumentFormat {
  return (DOCUMENT_FORMATS as readonly string[]).includes(name);
}
