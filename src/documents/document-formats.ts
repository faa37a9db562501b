/**
 * The SLO document formats, by name, and how messages title them. Records keyed by the format (here, and
 * the construct layer's emitters) make a format without an entry a compile error.
 */

/** A document format: OpenSLO v1, Sloth (`PrometheusServiceLevel` or its spec) or Pyrra (`ServiceLevelObjective`). */
export type DocumentFormat = 'openslo' | 'sloth' | 'pyrra';

/** A format's name for messages and construct ids. */
export const DOCUMENT_FORMAT_TITLES: Readonly<Record<DocumentFormat, string>> = { openslo: 'OpenSLO', sloth: 'Sloth', pyrra: 'Pyrra' };
