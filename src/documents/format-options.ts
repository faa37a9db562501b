/** A document format's options with defaults filled in (what `SloDocumentFormat` holds). */
export interface ResolvedFormatOptions {
  /** Approximations fail synthesis too. */
  readonly strict: boolean;
  /** OpenSLO: one self-contained document per SLO; undefined means "not chosen". */
  readonly inline?: boolean;
  /** OpenSLO: the DataSource's name. */
  readonly dataSourceName: string;
  /** OpenSLO: the Prometheus URL in the DataSource. */
  readonly prometheusUrl?: string;
  /** Sloth: the operator's SLO period. */
  readonly periodSeconds: number;
  /** Pyrra: how to write whole-number bucket bounds; undefined means "not chosen". */
  readonly prometheus3BucketBounds?: boolean;
}
