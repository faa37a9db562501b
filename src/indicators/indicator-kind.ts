/**
 * What every indicator kind provides. Each kind is one module in this folder that exports one
 * `IndicatorKind` object holding all of the kind's logic: its validation, the 5-minute rate rules, the
 * standalone event queries, its OpenSLO and Pyrra forms (each way, where the format has one), how its
 * annotation is read back, and what dashboards show for it. The registry (`registry.ts`) is typed over the
 * indicator union, so a kind that lacks a piece, or a new member of the union without a module, does not
 * compile. Pieces a format cannot express are an explicit `null`, never a missing member.
 */
import type { ServiceLevelObjectiveSpecIndicator } from '../imports/pyrra.dev';
import { ValidationIssue } from '../model/validation-issue';
import { LabelMatcher } from '../promql/selector';

/** What every indicator has besides its kind's fields. */
export interface GroupedIndicator {
  /** Labels to keep: one SLI (and one set of alerts) per combination of their values; empty for one SLI. */
  readonly grouping: readonly string[];
}

/** PromQL for the bad-event and total-event rates of an indicator over five minutes (the rules' form). */
export interface BaseRateExpressions {
  readonly total: string;
  readonly errors: string;
}

/** Bad and total events per second over a window (or, for time-slice indicators, minutes). */
export interface EventQueries {
  readonly errors: string;
  readonly total: string;
}

/** What an indicator becomes in OpenSLO. */
export interface OpenSloIndicator {
  readonly spec: Record<string, any>;
  /** Budgeted in time slices (of one minute unless `timeSliceSeconds` says otherwise). */
  readonly timeslices: boolean;
  /** With `timeslices`: the slices' ratios are averaged (RatioTimeslices) rather than each judged good or bad. */
  readonly averagedSlices?: boolean;
  /** With `timeslices`: the slice's length in seconds. @default 60 */
  readonly timeSliceSeconds?: number;
  /** For threshold metrics: the objective's value (good while the query is at most it, unless `op` says otherwise). */
  readonly threshold?: number;
  /** For threshold metrics: the objective's op. @default 'lte' */
  readonly op?: 'lt' | 'lte' | 'gt' | 'gte';
}

/**
 * The queries of an OpenSLO SLI, sorted by the metric form that holds them:
 * - `threshold`: a thresholdMetric's query and the objective's value (good while the query is at most it)
 *   and slice length (kinds that judge instants, not tiled slices, decline a tiled one);
 * - `counter`: a ratioMetric with `counter: true`, each query already read as a vector selector;
 * - `raw`: a ratioMetric with `counter: false`, the queries as written.
 */
export type OpenSloSliQueries =
  | {
    readonly metric: 'threshold';
    readonly query: string;
    readonly value: number;
    readonly at: string;
    readonly op?: 'lt' | 'lte' | 'gt' | 'gte';
    /** The objective's tiled slice length (timeSliceWindow); undefined for one minute. */
    readonly timeSliceSeconds?: number;
  }
  | { readonly metric: 'counter' | 'raw'; readonly good?: string; readonly bad?: string; readonly total: string };

/** What an OpenSLO reader lends a kind: reading selectors with problems reported at the document's field. */
export interface OpenSloReadContext {
  /** The selector re-rendered, or undefined after reporting a problem at `field` (with `hint` appended). */
  selector(text: string, field: string, hint?: string): string | undefined;
}

/**
 * How a kind recognizes itself in an OpenSLO SLI of one metric form. `read` returns undefined when the
 * queries are not of this kind, `{}` when they are but could not be read (problems are reported), and the
 * indicator otherwise. Kinds of one form are tried in registry order, the most specific first.
 */
export interface OpenSloRecognizer<I> {
  readonly metric: OpenSloSliQueries['metric'];
  read(queries: OpenSloSliQueries, context: OpenSloReadContext): { readonly indicator?: I } | undefined;
}

/** Reads typed fields of a JSON annotation value, reporting problems itself (see documents/annotations). */
export interface AnnotationReader {
  string(key: string, required?: boolean): string | undefined;
  number(key: string, required?: boolean): number | undefined;
}

/** Options of the Pyrra export that a kind's mapping reads. */
export interface PyrraIndicatorOptions {
  /** Whole-number bucket bounds as Prometheus 3 stores them (`1.0`); undefined: not chosen. */
  readonly prometheus3BucketBounds?: boolean;
}

/** The latency panel of latency kinds: the threshold line and the quantiles from the histogram. */
export interface LatencyPanelFacts<I> {
  thresholdSeconds(indicator: I): number;
  /** A quantile over `rateInterval`, per group, with `extraMatchers` added to the histogram's own. */
  quantile(indicator: I, quantile: number, extraMatchers: readonly LabelMatcher[], grouping: readonly string[], rateInterval: string): string;
}

/** The pieces of a dashboard that depend on the kind. */
export interface DashboardFacts<I> {
  /** Whether the SLI counts requests (rather than samples or minutes), so a request-rate panel means something. */
  readonly countsRequests: boolean;
  /** The latency panel; null for kinds without a latency histogram. */
  readonly latency: LatencyPanelFacts<I> | null;
}

/** The Pyrra indicator of a kind, or undefined after reporting why it cannot be written. */
export type PyrraMapping<I> =
  (indicator: I, options: PyrraIndicatorOptions, issues: ValidationIssue[]) => ServiceLevelObjectiveSpecIndicator | undefined;

/**
 * One indicator kind's logic, end to end. `I` is the kind's member of the indicator union. Every member is
 * required: where a format has no form for the kind, the member is an explicit null.
 */
export interface IndicatorKind<I> {
  /** How an OpenSLO SLI is recognized as this kind; null: this kind is not read from OpenSLO queries. */
  readonly fromOpenSlo: OpenSloRecognizer<I> | null;
  /** The Pyrra indicator; null: Pyrra has no indicator of this kind. */
  readonly toPyrra: PyrraMapping<I> | null;
  /** What dashboards show for the kind. */
  readonly dashboard: DashboardFacts<I>;
  /** Problems with the kind's own fields (grouping is checked for every kind elsewhere). */
  validate(indicator: I): ValidationIssue[];
  /**
   * The rules' 5-minute bad and total rates. `recordedTotal` reads the just-recorded total rate one series
   * per group, so that the error rate can reuse it instead of reading raw series again.
   */
  rates(indicator: I, recordedTotal: string): BaseRateExpressions;
  /** Standalone queries over `window` (a duration or a template placeholder) that read only raw metrics. */
  events(indicator: I, window: string): EventQueries;
  /** The OpenSLO SLI spec; `source` wraps each query into a metric source. */
  toOpenSlo(indicator: I, source: (query: string) => Record<string, any>): OpenSloIndicator;
  /** The kind's fields from its annotation (the `kind` and `grouping` keys are read by the caller). */
  readAnnotation(reader: AnnotationReader, grouping: string[]): I;
}
