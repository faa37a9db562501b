/**
 * OpenSLO v1 documents back to SLO definitions. Input is checked as OpenSLO's reference validator (the Go
 * SDK) checks it, strict fields included, then for what cdk8s-slo can hold: one objective, one rolling
 * window or calendar week, month or quarter (openslo-calendar.ts), Prometheus queries, burn-rate alert conditions.
 *
 * Documents written by cdk8s-slo carry `cdk8s-slo.dev/*` annotations and come back exactly. Other
 * documents are read structurally:
 * - `ratioMetric` with `counter: true` and vector selectors: a ratio indicator (a latency indicator when
 *   `good` is a histogram's `_bucket{le=...}` and `total` its `_count`);
 * - `ratioMetric` with `counter: false`: queries with the `{{.window}}` placeholder (Sloth's style), or
 *   `sum(x)` over `count(x)` of a 0/1 gauge;
 * - `thresholdMetric` (Timeslices): with `op: lte` and one-minute slices `time() - max(x)` is freshness,
 *   `sum(x)` or `x` a gauge bound; any other query, or a longer timeSliceWindow, a query threshold;
 * - Timeslices and RatioTimeslices of a ratio: the good ratio over each slice against timeSliceTarget,
 *   or the slices' error ratios averaged, slices tiled at the objective's timeSliceWindow (time-slice.ts);
 * - alert policies: one burn-rate window pair each; the short window is 1/12 of the long one; the
 *   notification target's name becomes the `channel` label.
 */
import {
  ALERT_LABELS_ANNOTATION, ALERTING_ANNOTATION, ANNOTATION_PREFIX, BUDGET_POLICY_ANNOTATION, INDICATOR_ANNOTATION, JsonReader,
  LABELS_ANNOTATION, parseBudgetPolicyAnnotation, parseIndicatorAnnotation, parseJsonObject, SHORT_WINDOW_ANNOTATION, stableJson,
  TIER_ANNOTATION,
} from './annotations';
import { collapseDuplicates, DocumentImportError, ImportedSlo, ImportResult } from './imported';
import {
  DEFAULT_NOTIFICATION_TARGET, OPENSLO_API_VERSION, openSloBudgetingMethod, openSloIndicator,
  parseOpenSloDuration, PROMETHEUS_SOURCE_TYPE,
} from './openslo';
import { readOpenSloCalendarWindow } from './openslo-calendar';
import {
  checkOpenSloObject, CheckedAlertPolicySpec, CheckedInline, CheckedMetadata, CheckedMetric, CheckedObject,
  CheckedObjective, CheckedSliSpec, CheckedSloSpec, CheckedSpecs, CheckedTargetSpec, OPENSLO_KINDS, OpenSloKind, RefOrInline,
} from './openslo-schema';
import { fromV1alpha, OPENSLO_V1ALPHA_API_VERSION } from './openslo-v1alpha';
import { isPlainObject } from './shape';
import { InputDocument, parseFieldName, readYamlDocuments } from './yaml-input';
import { OpenSloSliQueries } from '../indicators/indicator-kind';
import { indicatorFromOpenSlo } from '../indicators/registry';
import { AlertingPolicy, DEFAULT_BURN_RATE_ALERT_NAME } from '../model/alerting-policy';
import { BudgetPolicy } from '../model/budget-policy';
import { BurnRateWindowPair, defaultShortWindowSeconds } from '../model/burn-rate';
import { NOMINAL_PERIOD_SECONDS } from '../model/calendar-period';
import { roundSignificant } from '../model/decimal';
import { formatPromDuration, parsePromDuration, SECONDS_PER_MINUTE } from '../model/duration';
import { Indicator } from '../model/indicator';
import { isDnsLabel } from '../model/kubernetes-names';
import { validateLabelName, validateLabelValue } from '../model/labels';
import { Objective } from '../model/objective';
import { CHANNEL_LABEL } from '../model/service-tier';
import { SloDefinition, validateSloDefinition } from '../model/slo-definition';
import { DEFAULT_TIME_SLICE_SECONDS, isTiledSlice, timeSliceProblem } from '../model/time-slice';
import { ValidationIssue } from '../model/validation-issue';
import { normalizeSelector, tryNormalizeSelector } from '../promql/selector';
import { fillWindow, WINDOW_PLACEHOLDER } from '../promql/window-placeholder';

const FORMAT = 'OpenSLO';

// ---------------------------------------------------------------------------------------------------
// Reading.

interface Parsed {
  readonly kind: OpenSloKind;
  readonly name: string;
  readonly value: CheckedObject;
  /** `document 3 (SLO "checkout-availability")`. */
  readonly label: string;
  /** The document, for the lines of findings. */
  readonly input?: InputDocument;
}

/** Reads OpenSLO v1 YAML (one or more documents, or lists of objects) into SLO definitions; throws on any problem. */
export function fromOpenSlo(text: string): ImportResult {
  return fromOpenSloDocuments(readYamlDocuments(text, FORMAT));
}

/**
 * Reads OpenSLO objects already split from their YAML streams, from any number of files: references
 * between them (indicatorRef, alertPolicyRef, alertConditionRef, targetRef, metricSourceRef) resolve across
 * all of them. Throws on any problem.
 */
export function fromOpenSloDocuments(inputs: readonly InputDocument[]): ImportResult {
  const problems: string[] = [];
  const objects: Parsed[] = [];
  const v1alpha: Array<{ input: InputDocument; label: string }> = [];
  const broken = new Set<string>();
  for (const input of inputs) {
    const value = input.value;
    if (!isPlainObject(value)) {
      problems.push(`${input.where}: must be a map with apiVersion, kind, metadata and spec`);
      continue;
    }
    const name = isPlainObject(value.metadata) && typeof value.metadata.name === 'string' ? value.metadata.name : '?';
    const label = `${input.where} (${typeof value.kind === 'string' ? value.kind : '?'} "${name}")`;
    if (value.apiVersion === OPENSLO_V1ALPHA_API_VERSION) {
      v1alpha.push({ input, label });
      continue;
    }
    if (value.apiVersion !== OPENSLO_API_VERSION) {
      problems.push(`${label}: apiVersion: must be ${OPENSLO_API_VERSION} (or ${OPENSLO_V1ALPHA_API_VERSION}, as Sloth reads it), got ${JSON.stringify(value.apiVersion ?? null)}`);
      continue;
    }
    if (!(OPENSLO_KINDS as readonly unknown[]).includes(value.kind)) {
      problems.push(`${label}: kind: must be one of ${OPENSLO_KINDS.join(', ')}, got ${JSON.stringify(value.kind ?? null)}`);
      continue;
    }
    const kind = value.kind as OpenSloKind;
    const checked = checkOpenSloObject(value, kind);
    problems.push(...checked.problems.map((p) => `${label}: ${p}`));
    if (checked.object) objects.push({ kind, name, value: checked.object, label, input });
    else broken.add(`${kind}/${name}`);
  }
  // A broken object is reported once; SLOs that do not refer to it are still read (and checked).

  const warnings: string[] = [];
  const imported: ImportedSlo[] = [];
  for (const { input, label } of v1alpha) {
    const result = fromV1alpha(input, label);
    problems.push(...result.problems);
    warnings.push(...result.warnings);
    imported.push(...result.slos);
  }
  const index = new DocumentIndex(broken);
  for (const object of objects) {
    const known = index.get(object.kind, object.name);
    // References need names unique per kind; go-sdk itself does not check it across objects. Two SLOs of
    // one name are an error only if both import (see duplicateProblems).
    if (!known) index.add(object);
    else if (object.kind !== 'SLO') warnings.push(`${object.label}: metadata.name: another ${object.kind} is named "${object.name}" (${known.label}): references to "${object.name}" resolve to that one`);
  }
  const slos = objects.filter((o): o is Parsed & { readonly value: CheckedObject<'SLO'> } => o.kind === 'SLO');
  if (slos.length === 0 && v1alpha.length === 0 && ![...broken].some((key) => key.startsWith('SLO/'))) problems.push('the documents hold no SLO');

  for (const slo of slos) {
    const result = new SloReader(slo, index).read();
    problems.push(...result.problems);
    warnings.push(...result.warnings);
    imported.push(...result.slos);
  }
  const collapsed = collapseDuplicates(imported);
  problems.push(...collapsed.problems);
  warnings.push(...collapsed.warnings);
  if (problems.length > 0) throw new DocumentImportError(FORMAT, problems, warnings);
  return { slos: collapsed.slos, warnings };
}

/** The checked documents by kind and name. */
class DocumentIndex {
  private readonly byKey = new Map<string, Parsed>();

  /** `broken`: `kind/name` of the objects whose own problems kept them out. */
  constructor(private readonly broken: ReadonlySet<string> = new Set()) {}

  /** Why a reference to `kind` `name` does not resolve. */
  public missing(kind: OpenSloKind, name: string): string {
    return this.broken.has(`${kind}/${name}`)
      ? `the ${kind} "${name}" has problems of its own (reported at its document)`
      : `no ${kind} document is named "${name}"`;
  }

  public add(object: Parsed): void {
    this.byKey.set(`${object.kind}/${object.name}`, object);
  }

  /** The document of `kind` named `name`; its spec is of that kind (the key holds the kind). */
  public get<K extends OpenSloKind>(kind: K, name: string): (Parsed & { readonly value: CheckedObject<K> }) | undefined {
    return this.byKey.get(`${kind}/${name}`) as (Parsed & { readonly value: CheckedObject<K> }) | undefined;
  }
}

/** An SLI as the reader sees it: inline or referenced, with where its spec is (for messages). */
interface SliAt {
  readonly metadata: CheckedMetadata;
  readonly spec: CheckedSliSpec;
  readonly at: string;
}

/** The queries of an SLI, with the spec skeleton they came in (compared with an indicator annotation). */
interface SliQueries {
  readonly skeleton: Record<string, unknown>;
  readonly good?: string;
  readonly bad?: string;
  readonly total?: string;
  readonly threshold?: string;
  /** A precomputed ratio, of failures or of successes. */
  readonly raw?: { readonly query: string; readonly type: 'success' | 'failure' };
}

/** Reads one SLO document with the documents it refers to. */
class SloReader {
  private readonly problems: string[] = [];
  private readonly warnings: string[] = [];
  private readonly spec: CheckedSloSpec;
  private readonly annotations: Readonly<Record<string, string>>;
  /** Written by cdk8s-slo: its annotations are authoritative. */
  private readonly ours: boolean;

  constructor(private readonly slo: Parsed & { readonly value: CheckedObject<'SLO'> }, private readonly index: DocumentIndex) {
    this.spec = slo.value.spec;
    this.annotations = slo.value.metadata.annotations ?? {};
    this.ours = Object.keys(this.annotations).some((key) => key.startsWith(ANNOTATION_PREFIX));
  }

  public read(): { slos: ImportedSlo[]; problems: string[]; warnings: string[] } {
    const spec = this.spec;
    const service = spec.service;
    if (!isDnsLabel(service)) this.problem('spec.service', `"${service}" must be a lowercase DNS label to become the slo_service label`);
    const documentName = this.slo.name;
    const name = documentName.startsWith(`${service}-`) && documentName.length > service.length + 1 ? documentName.slice(service.length + 1) : documentName;

    if ((spec.objectives ?? []).some((o) => o.indicator !== undefined || o.indicatorRef !== undefined)) {
      this.problem('spec.objectives', 'composite SLOs (indicators per objective) are not supported; write one SLO per indicator');
    }
    const objectives = spec.objectives ?? [];
    if (objectives.length === 0) this.problem('spec.objectives', 'needs at least one objective');

    const window = this.window();
    const sli = this.sli();
    const alerting = window !== undefined ? this.alerting(window.windowSeconds) : undefined;
    const budgetPolicy = this.budgetPolicy();
    const labels = this.labels();
    const tier = this.annotations[TIER_ANNOTATION];

    // One SLO per objective; with several, each is named with its index (as Sloth names them).
    const slos: ImportedSlo[] = [];
    objectives.forEach((objective, index) => {
      const at = `spec.objectives[${index}]`;
      const target = objective.target !== undefined ? objective.target : roundSignificant((objective.targetPercent ?? 0) / 100);
      if (!(target > 0)) this.problem(`${at}.target`, 'must be above 0');
      const indicator = sli ? this.indicator(sli, objective, at) : undefined;
      if (this.problems.length > 0 || !indicator || window === undefined || !alerting) return;
      const definition: SloDefinition = {
        service,
        name: objectives.length > 1 ? `${name}-${index}` : name,
        objective: { target, ...window },
        indicator,
        labels,
        ...(spec.description !== undefined ? { description: spec.description } : {}),
        alerting,
        ...(budgetPolicy ? { budgetPolicy } : {}),
      };
      const source = objectives.length > 1 ? `${this.slo.label} objective ${index}` : this.slo.label;
      const errors = validateSloDefinition(definition).filter((issue) => issue.severity === 'error');
      // Each named at the document's own field, not the definition's.
      errors.forEach((issue) => {
        const field = this.documentField(issue.field, at);
        this.problem(field, field.startsWith('spec.indicator') || field.startsWith('spec.alertPolicies') ? `${issue.field}: ${issue.message}` : issue.message);
      });
      if (errors.length === 0) slos.push({ definition, source, ...(tier ? { tier } : {}) });
    });
    return { slos: this.problems.length > 0 ? [] : slos, problems: [...new Set(this.problems)], warnings: [...new Set(this.warnings)] };
  }

  /** The SLO document's field for a field of the definition (`labels.team` → `metadata.labels.team`). */
  private documentField(field: string, objectiveAt: string): string {
    const [head, ...rest] = field.split('.');
    switch (head) {
      case 'service':
        return 'spec.service';
      case 'name':
        return 'metadata.name';
      case 'objective':
        return `${objectiveAt}.target`;
      case 'labels':
        return this.annotations[LABELS_ANNOTATION] !== undefined ? `metadata.annotations.${LABELS_ANNOTATION}` : `metadata.labels.${rest.join('.')}`;
      case 'indicator':
        return this.spec.indicatorRef !== undefined ? 'spec.indicatorRef' : 'spec.indicator.spec';
      case 'alerting':
        return 'spec.alertPolicies';
      default:
        return field;
    }
  }

  /** The SLO window: a rolling length, or a calendar period with its nominal length. */
  private window(): Pick<Objective, 'windowSeconds' | 'calendar'> | undefined {
    const windows = this.spec.timeWindow ?? [];
    if (windows.length === 0) {
      this.problem('spec.timeWindow', 'is required: cdk8s-slo needs the SLO window, e.g. [{ duration: 30d, isRolling: true }]');
      return undefined;
    }
    const window = windows[0];
    if (window.isRolling !== true) {
      const reading = readOpenSloCalendarWindow(window.duration, window.calendar);
      reading.problems.forEach((finding) => this.problem(`spec.timeWindow[0].${finding.field}`, finding.message));
      reading.warnings.forEach((finding) => this.warn(`spec.timeWindow[0].${finding.field}`, finding.message));
      return reading.period ? { windowSeconds: NOMINAL_PERIOD_SECONDS[reading.period.unit], calendar: reading.period } : undefined;
    }
    try {
      return { windowSeconds: parseOpenSloDuration(window.duration) };
    } catch (e) {
      this.problem('spec.timeWindow[0].duration', (e as Error).message);
      return undefined;
    }
  }

  /** The SLI: inline, or the SLI document named by indicatorRef. */
  private sli(): SliAt | undefined {
    if (this.spec.indicator) return { ...this.spec.indicator, at: 'spec.indicator.spec' };
    const ref = this.spec.indicatorRef!;
    const document = this.index.get('SLI', ref);
    if (!document) {
      this.problem('spec.indicatorRef', this.index.missing('SLI', ref));
      return undefined;
    }
    return { metadata: document.value.metadata, spec: document.value.spec, at: `${document.label}: spec` };
  }

  private indicator(sli: SliAt, objective: CheckedObjective, objectiveAt: string): Indicator | undefined {
    const timeslices = this.spec.budgetingMethod !== 'Occurrences';
    const annotation = sli.metadata.annotations?.[INDICATOR_ANNOTATION];
    const queries = this.queries(sli.spec, sli.at);
    if (!queries) return undefined;
    if (annotation !== undefined) {
      const issues: ValidationIssue[] = [];
      const indicator = parseIndicatorAnnotation(annotation, `${sli.at === 'spec.indicator.spec' ? 'spec.indicator' : sli.at}.metadata.annotations.${INDICATOR_ANNOTATION}`, issues);
      issues.forEach((issue) => this.problem(issue.field, issue.message));
      if (!indicator) return undefined;
      let expected;
      try {
        expected = openSloIndicator(indicator, (query) => ({ query }));
      } catch (e) {
        this.problem(`${INDICATOR_ANNOTATION}`, `does not describe a valid indicator: ${(e as Error).message}`);
        return undefined;
      }
      // Queries compare without surrounding whitespace (YAML block scalars keep a final newline).
      const matches = stableJson(trimmedQueries(expected.spec)) === stableJson(queries.skeleton)
        && (expected.threshold === undefined || (objective.op === (expected.op ?? 'lte') && objective.value === expected.threshold))
        && openSloBudgetingMethod(expected) === this.spec.budgetingMethod
        && (!timeslices || sameSlice(objective.timeSliceWindow, expected.timeSliceSeconds ?? DEFAULT_TIME_SLICE_SECONDS));
      if (!matches) {
        this.problem(sli.at, `the queries (or the objective's op/value, or the budgeting method or time slice) differ from the ${INDICATOR_ANNOTATION} annotation, so they were edited after export; remove the annotation to import the queries as written`);
        return undefined;
      }
      return indicator;
    }
    return this.structuralIndicator(sli, queries, objective, timeslices, objectiveAt);
  }

  /** The queries of an SLI spec, as `{ ratioMetric: { counter, good|bad, total } }` or `{ thresholdMetric }` of `{ query }`. */
  private queries(spec: CheckedSliSpec, at: string): SliQueries | undefined {
    const query = (metric: CheckedMetric, field: string): string | undefined => {
      const source = metric.metricSource;
      const ref = source.metricSourceRef;
      let type: string | undefined = source.type;
      if (ref !== undefined) {
        const dataSource = this.index.get('DataSource', ref);
        if (!dataSource) {
          this.problem(`${at}.${field}.metricSource.metricSourceRef`, this.index.missing('DataSource', ref));
          return undefined;
        }
        type = type ?? dataSource.value.spec.type;
        if (String(dataSource.value.spec.type).toLowerCase() !== PROMETHEUS_SOURCE_TYPE.toLowerCase()) {
          this.problem(`${at}.${field}.metricSource.metricSourceRef`, `the DataSource "${ref}" has type ${dataSource.value.spec.type}; cdk8s-slo reads Prometheus queries only`);
          return undefined;
        }
      }
      if (type === undefined || type.toLowerCase() !== PROMETHEUS_SOURCE_TYPE.toLowerCase()) {
        this.problem(`${at}.${field}.metricSource.type`, `must be ${PROMETHEUS_SOURCE_TYPE} (or refer to a Prometheus DataSource), got ${type ?? 'nothing'}`);
        return undefined;
      }
      const text = source.spec.query;
      if (typeof text !== 'string' || text.trim() === '') {
        this.problem(`${at}.${field}.metricSource.spec.query`, 'is required: a PromQL query');
        return undefined;
      }
      const extra = Object.keys(source.spec).filter((key) => key !== 'query');
      if (extra.length > 0) this.warn(`${at}.${field}.metricSource.spec`, `ignored ${extra.join(', ')}: only query is read`);
      return text.trim();
    };
    if (spec.thresholdMetric) {
      const threshold = query(spec.thresholdMetric, 'thresholdMetric');
      return threshold === undefined ? undefined : { skeleton: { thresholdMetric: { query: threshold } }, threshold };
    }
    const ratio = spec.ratioMetric!;
    if (ratio.raw) {
      const raw = query(ratio.raw, 'ratioMetric.raw');
      const type = ratio.rawType ?? 'failure';
      return raw === undefined ? undefined : {
        skeleton: { ratioMetric: { counter: ratio.counter ?? false, rawType: type, raw: { query: raw } } },
        raw: { query: raw, type },
      };
    }
    const good = ratio.good ? query(ratio.good, 'ratioMetric.good') : undefined;
    const bad = ratio.bad ? query(ratio.bad, 'ratioMetric.bad') : undefined;
    const total = query(ratio.total!, 'ratioMetric.total');
    if ((ratio.good && good === undefined) || (ratio.bad && bad === undefined) || total === undefined) return undefined;
    return {
      skeleton: {
        ratioMetric: {
          counter: ratio.counter ?? false,
          ...(good !== undefined ? { good: { query: good } } : {}),
          ...(bad !== undefined ? { bad: { query: bad } } : {}),
          total: { query: total },
        },
      },
      good,
      bad,
      total,
    };
  }

  private structuralIndicator(
    sli: SliAt,
    queries: SliQueries,
    objective: CheckedObjective,
    timeslices: boolean,
    objectiveAt: string,
  ): Indicator | undefined {
    const at = sli.at;
    if (queries.threshold === undefined && (objective.op !== undefined || objective.value !== undefined)) {
      // go-sdk's rule (oslo's tests expect it): op and value belong to threshold metrics.
      this.problem(`${objectiveAt}.op`, 'an objective of a ratio SLI takes no op or value (go-sdk refuses them); remove them');
      return undefined;
    }
    if (queries.raw !== undefined) {
      if (this.spec.budgetingMethod === 'Timeslices') {
        this.problem('spec.budgetingMethod', 'Timeslices is not supported for a precomputed ratio: cdk8s-slo averages it, per minute (Occurrences) or per slice (RatioTimeslices)');
        return undefined;
      }
      const slice = timeslices ? this.sliceLength(objective, objectiveAt) : {};
      if (slice === undefined) return undefined;
      this.warn(`${at}.ratioMetric.raw`, 'a precomputed ratio is averaged over time (Sli.averagedErrorRatio): every slice weighs the same whatever its traffic, so it cannot be event-weighted; use good (or bad) and total counts if they exist');
      const errorRatioQuery = queries.raw.type === 'failure' ? queries.raw.query : `1 - (${queries.raw.query})`;
      return { kind: 'averagedErrorRatio', errorRatioQuery, ...slice, grouping: [] };
    }
    if (queries.threshold !== undefined) {
      if (this.spec.budgetingMethod !== 'Timeslices') {
        this.problem('spec.budgetingMethod', 'a thresholdMetric SLI is judged in time slices: use Timeslices (cdk8s-slo judges one slice a minute)');
        return undefined;
      }
      if (objective.op === undefined || !['lt', 'lte', 'gt', 'gte'].includes(objective.op) || typeof objective.value !== 'number') {
        this.problem(`${objectiveAt}.op`, `a threshold SLI needs op (lt, lte, gt or gte) and a value (good while the query compares so with the value), got op: ${objective.op ?? 'nothing'}`);
        return undefined;
      }
      const slice = this.sliceLength(objective, objectiveAt);
      if (slice === undefined) return undefined;
      if (objective.timeSliceTarget !== undefined && objective.timeSliceTarget < 1) {
        this.warn(`${objectiveAt}.timeSliceTarget`, `${objective.timeSliceTarget} is not applied to a thresholdMetric: each slice is judged once, at its end, good while the query compares so with the value (timeSliceTarget 1)`);
      }
      const op = objective.op as 'lt' | 'lte' | 'gt' | 'gte';
      return this.recognized({ metric: 'threshold', query: queries.threshold, value: objective.value, at, op, ...slice })?.indicator;
    }
    if (timeslices) return this.sliceIndicator(sli, queries, objective, objectiveAt);
    const counter = sli.spec.ratioMetric!.counter === true;
    if (counter) {
      const goodSelector = queries.good !== undefined ? this.selector(queries.good, `${at}.ratioMetric.good.metricSource.spec.query`, COUNTER_HINT) : undefined;
      const badSelector = queries.bad !== undefined ? this.selector(queries.bad, `${at}.ratioMetric.bad.metricSource.spec.query`, COUNTER_HINT) : undefined;
      const totalSelector = this.selector(queries.total!, `${at}.ratioMetric.total.metricSource.spec.query`, COUNTER_HINT);
      const unreadable = (query: string | undefined, selector: string | undefined) => query !== undefined && selector === undefined;
      if (totalSelector === undefined || unreadable(queries.good, goodSelector) || unreadable(queries.bad, badSelector)) {
        return undefined;
      }
      return this.recognized({ metric: 'counter', good: goodSelector, bad: badSelector, total: totalSelector })?.indicator;
    }
    const recognized = this.recognized({ metric: 'raw', good: queries.good, bad: queries.bad, total: queries.total! });
    if (recognized === undefined) {
      this.problem(`${at}.ratioMetric`, `with counter: false, the queries must be rates over the ${WINDOW_PLACEHOLDER} placeholder (e.g. sum(rate(x[${WINDOW_PLACEHOLDER}]))), or good: sum(<0/1 gauge>) with total: count(<the same gauge>); with counter: true, counter selectors`);
    }
    return recognized?.indicator;
  }

  /**
   * The tiled slice length of a Timeslices or RatioTimeslices objective: `{}` for one minute (judged at
   * every evaluation), `{ timeSliceSeconds }` for a longer slice, undefined after reporting why the
   * length cannot be tiled. go-sdk requires timeSliceWindow with these methods (checked with the schema).
   */
  private sliceLength(objective: CheckedObjective, objectiveAt: string): { readonly timeSliceSeconds?: number } | undefined {
    const raw = objective.timeSliceWindow;
    let seconds: number;
    try {
      seconds = timeSliceWindowSeconds(raw);
    } catch (e) {
      this.problem(`${objectiveAt}.timeSliceWindow`, (e as Error).message);
      return undefined;
    }
    const problem = timeSliceProblem(seconds);
    if (problem !== undefined) {
      this.problem(`${objectiveAt}.timeSliceWindow`, `${problem}; got ${raw}`);
      return undefined;
    }
    return isTiledSlice(seconds) ? { timeSliceSeconds: seconds } : {};
  }

  /**
   * A ratio SLI budgeted in time slices, each slice one event judged by its ratio over the slice (a slice
   * without traffic is no event):
   * - Timeslices: a slice is good while its good ratio is at least timeSliceTarget (a query threshold);
   * - RatioTimeslices: the slices' ratios are averaged (an averaged error ratio).
   */
  private sliceIndicator(sli: SliAt, queries: SliQueries, objective: CheckedObjective, objectiveAt: string): Indicator | undefined {
    const at = sli.at;
    const length = this.sliceLength(objective, objectiveAt);
    if (length === undefined) return undefined;
    const slice = formatPromDuration(length.timeSliceSeconds ?? DEFAULT_TIME_SLICE_SECONDS);
    const counter = sli.spec.ratioMetric!.counter === true;
    const over = (query: string, field: string): string | undefined => {
      if (!counter) return `(${fillWindow(query, slice)})`;
      const selector = this.selector(query, `${at}.ratioMetric.${field}.metricSource.spec.query`, COUNTER_HINT);
      return selector === undefined ? undefined : `sum(rate(${selector}[${slice}]))`;
    };
    const total = over(queries.total!, 'total');
    const side = queries.good !== undefined ? over(queries.good, 'good') : over(queries.bad!, 'bad');
    if (total === undefined || side === undefined) return undefined;
    // `>= 0` drops the NaN of a slice without traffic (0/0), so that it is no event rather than a good one.
    const goodRatio = `(${queries.good !== undefined ? `${side} / ${total}` : `1 - ${side} / ${total}`}) >= 0`;
    const errorRatio = queries.good !== undefined ? `1 - ${side} / ${total}` : `${side} / ${total}`;
    if (this.spec.budgetingMethod === 'RatioTimeslices') {
      return { kind: 'averagedErrorRatio', errorRatioQuery: errorRatio, ...length, grouping: [] };
    }
    if (objective.timeSliceTarget === undefined) {
      this.problem(`${objectiveAt}.timeSliceTarget`, 'is required with budgetingMethod Timeslices');
      return undefined;
    }
    return { kind: 'queryThreshold', query: goodRatio, op: 'gte', value: objective.timeSliceTarget, ...length, grouping: [] };
  }

  /** What the first kind that recognizes the queries read (see indicatorFromOpenSlo). */
  private recognized(queries: OpenSloSliQueries): { readonly indicator?: Indicator } | undefined {
    return indicatorFromOpenSlo(queries, { selector: (text, field, hint) => this.selector(text, field, hint) });
  }

  private selector(text: string, field: string, hint?: string): string | undefined {
    try {
      // `sum(<counter>)` (the OpenSLO spec's own example) counts the same events as the counter: read it
      // as the selector, which the rules rate per series and then sum, so counter resets stay right.
      const summed = hint === COUNTER_HINT ? /^sum\s*\((.*)\)$/s.exec(text) : null;
      if (summed) {
        const inner = tryNormalizeSelector(summed[1].trim());
        if (inner !== undefined) {
          this.warn(field, `read as the counter ${inner}: cdk8s-slo rates each series and sums the rates (sum(rate(…))), which counts the same events as the summed counter across resets`);
          return inner;
        }
      }
      return normalizeSelector(text);
    } catch (e) {
      this.problem(field, `${(e as Error).message}${hint ? `; ${hint}` : ''}`);
      return undefined;
    }
  }

  private alerting(windowSeconds: number): AlertingPolicy | undefined {
    const settings = this.alertingSettings();
    const read: Array<{ pair: BurnRateWindowPair; after: number }> = [];
    (this.spec.alertPolicies ?? []).forEach((entry, index) => {
      const afters = new Set<number>();
      const pair = this.windowPair(entry, `spec.alertPolicies[${index}]`, windowSeconds, afters);
      if (pair) read.push({ pair, after: [...afters][0] ?? 0 });
    });
    // One alertAfter for all conditions is the SLO's `for`; different ones are each pair's own.
    const afters = new Set(read.map((r) => r.after));
    const shared = afters.size === 1 ? [...afters][0] : undefined;
    const pairs = read.map(({ pair, after }) => (afters.size > 1 && after ? { ...pair, forSeconds: after } : pair));
    const forSeconds = settings.forSeconds ?? (shared ? shared : undefined);
    return {
      enabled: pairs.length > 0,
      alertName: settings.alertName,
      pairs,
      ...(forSeconds !== undefined ? { forSeconds } : {}),
      labels: settings.labels,
      annotations: settings.annotations,
      ...(settings.summary !== undefined ? { summary: settings.summary } : {}),
      ...(settings.description !== undefined ? { description: settings.description } : {}),
      ...(settings.runbookUrl !== undefined ? { runbookUrl: settings.runbookUrl } : {}),
      ...(settings.dashboardUrl !== undefined ? { dashboardUrl: settings.dashboardUrl } : {}),
      ...(settings.minimumEvents !== undefined ? { minimumEvents: settings.minimumEvents } : {}),
    };
  }

  /** The alerting settings OpenSLO has no field for, from cdk8s-slo's annotation (defaults without it). */
  private alertingSettings() {
    const issues: ValidationIssue[] = [];
    const settingsText = this.annotations[ALERTING_ANNOTATION];
    const settingsValue = settingsText !== undefined ? parseJsonObject(settingsText, `metadata.annotations.${ALERTING_ANNOTATION}`, issues) : undefined;
    const reader = new JsonReader(settingsValue ?? {}, `metadata.annotations.${ALERTING_ANNOTATION}`, issues);
    const settings = {
      alertName: reader.string('alertName') ?? DEFAULT_BURN_RATE_ALERT_NAME,
      labels: reader.stringMap('labels'),
      annotations: reader.stringMap('annotations'),
      summary: reader.string('summary'),
      description: reader.string('description'),
      runbookUrl: reader.string('runbookUrl'),
      dashboardUrl: reader.string('dashboardUrl'),
      minimumEvents: reader.number('minimumEvents'),
      forSeconds: reader.number('forSeconds'),
    };
    reader.done();
    issues.forEach((issue) => this.problem(issue.field, issue.message));
    return settings;
  }

  /**
   * The burn-rate window pair of one alert policy (with its condition and notification targets resolved),
   * or undefined when it is left out or wrong. Adds the condition's alertAfter to `afters`.
   */
  private windowPair(
    entry: RefOrInline<'alertPolicyRef', CheckedAlertPolicySpec>,
    at: string,
    windowSeconds: number,
    afters: Set<number>,
  ): BurnRateWindowPair | undefined {
    const policy = this.resolve(entry, 'alertPolicyRef', 'AlertPolicy', at);
    if (!policy) return undefined;
    if (policy.spec.alertWhenBreaching !== true) {
      this.warn(at, `the alert policy "${policy.metadata.name}" does not alert when breaching (alertWhenBreaching is not true); left out`);
      return undefined;
    }
    if (policy.spec.alertWhenNoData === true) this.warn(`${at}.spec.alertWhenNoData`, 'alerts on missing data are not generated');
    const condition = this.resolve(policy.spec.conditions[0], 'conditionRef', 'AlertCondition', `${at}.spec.conditions[0]`);
    const targets = policy.spec.notificationTargets
      .map((target, i) => this.resolve(target, 'targetRef', 'AlertNotificationTarget', `${at}.spec.notificationTargets[${i}]`));
    if (!condition || !targets.every((t): t is CheckedInline<CheckedTargetSpec> => t !== undefined)) return undefined;
    const rule = condition.spec.condition;
    const conditionAt = `${at} condition "${condition.metadata.name}"`;
    if (rule.op !== 'gt' && rule.op !== 'gte') {
      this.problem(`${conditionAt}: condition.op`, `a burn-rate alert fires above its threshold: use gt (or gte), got ${rule.op}`);
      return undefined;
    }
    if (!(rule.threshold > 0)) {
      this.problem(`${conditionAt}: condition.threshold`, `the burn rate must be above 0, got ${rule.threshold}`);
      return undefined;
    }
    let longSeconds: number;
    let shortSeconds: number;
    try {
      longSeconds = parseOpenSloDuration(rule.lookbackWindow);
      afters.add(rule.alertAfter !== undefined ? parseOpenSloDuration(rule.alertAfter) : 0);
      const short = condition.metadata.annotations?.[SHORT_WINDOW_ANNOTATION];
      shortSeconds = short !== undefined ? parsePromDuration(short) : defaultShortWindowSeconds(longSeconds);
    } catch (e) {
      this.problem(conditionAt, (e as Error).message);
      return undefined;
    }
    const labels = this.pairLabels(policy, targets, at);
    return {
      longSeconds,
      shortSeconds,
      budgetConsumed: budgetFraction(rule.threshold, longSeconds, windowSeconds),
      severity: condition.spec.severity,
      ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
    };
  }

  /** A pair's labels: cdk8s-slo's annotation, or the notification target's name as the `channel` label. */
  private pairLabels(
    policy: CheckedInline<CheckedAlertPolicySpec>,
    targets: ReadonlyArray<CheckedInline<CheckedTargetSpec>>,
    at: string,
  ): Record<string, string> | undefined {
    const annotation = policy.metadata.annotations?.[ALERT_LABELS_ANNOTATION];
    if (annotation !== undefined) {
      const issues: ValidationIssue[] = [];
      const value = parseJsonObject(annotation, `${at}.metadata.annotations.${ALERT_LABELS_ANNOTATION}`, issues);
      const labels = value ? new JsonReader({ labels: value }, at, issues).stringMap('labels') : undefined;
      issues.forEach((issue) => this.problem(issue.field, issue.message));
      return labels;
    }
    if (this.ours) return undefined;
    const named = targets.filter((t) => t.metadata.name !== DEFAULT_NOTIFICATION_TARGET);
    if (named.length > 1) {
      this.warn(`${at}.spec.notificationTargets`, `an alert carries one ${CHANNEL_LABEL} label: used "${named[0].metadata.name}", left out ${named.slice(1).map((t) => `"${t.metadata.name}"`).join(', ')}`);
    }
    return named.length > 0 ? { [CHANNEL_LABEL]: named[0].metadata.name } : undefined;
  }

  /** An inline object, or the document a reference names. */
  private resolve<R extends string, K extends OpenSloKind>(
    entry: RefOrInline<R, CheckedSpecs[K]>,
    refKey: R,
    kind: K,
    at: string,
  ): CheckedInline<CheckedSpecs[K]> | undefined {
    if (!(refKey in entry)) return entry as CheckedInline<CheckedSpecs[K]>;
    const name = (entry as { readonly [key in R]: string })[refKey];
    const document = this.index.get(kind, name);
    if (!document) {
      this.problem(`${at}.${refKey}`, this.index.missing(kind, name));
      return undefined;
    }
    return document.value;
  }

  private budgetPolicy(): BudgetPolicy | undefined {
    const text = this.annotations[BUDGET_POLICY_ANNOTATION];
    if (text === undefined) return undefined;
    const issues: ValidationIssue[] = [];
    const policy = parseBudgetPolicyAnnotation(text, `metadata.annotations.${BUDGET_POLICY_ANNOTATION}`, issues);
    issues.forEach((issue) => this.problem(issue.field, issue.message));
    return policy;
  }

  private labels(): Record<string, string> {
    const text = this.annotations[LABELS_ANNOTATION];
    if (text !== undefined) {
      const issues: ValidationIssue[] = [];
      const value = parseJsonObject(text, `metadata.annotations.${LABELS_ANNOTATION}`, issues);
      const labels = value ? new JsonReader({ labels: value }, 'metadata.annotations', issues).stringMap('labels') : {};
      issues.forEach((issue) => this.problem(issue.field, issue.message));
      return labels;
    }
    const labels: Record<string, string> = {};
    for (const [key, value] of Object.entries<unknown>(this.slo.value.metadata.labels ?? {})) {
      if (typeof value !== 'string') {
        this.warn(`metadata.labels.${key}`, 'a list of values cannot be a Prometheus label; left out');
        continue;
      }
      const problems = [...validateLabelName(key, key), ...validateLabelValue(key, value)];
      if (problems.length > 0) {
        this.warn(`metadata.labels.${key}`, `left out: ${problems[0].message}`);
        continue;
      }
      labels[key] = value;
    }
    return labels;
  }

  private problem(field: string, message: string): void {
    this.problems.push(`${this.located(field)}: ${field}: ${message}`);
  }

  private warn(field: string, message: string): void {
    this.warnings.push(`${this.located(field)}: ${field}: ${message}`);
  }

  /** The SLO's label with the line of `field` (a plain field path of the SLO document) when it has one. */
  private located(field: string): string {
    const path = /^[\w.[\]]+$/.test(field) ? parseFieldName(field) : undefined;
    const line = path && path.length > 0 ? this.slo.input?.lineOf?.(path) : undefined;
    return line !== undefined ? `${this.slo.label}, line ${line}` : this.slo.label;
  }
}

/**
 * The share of the budget a burn-rate threshold spends in the long window: the shortest rounding that
 * gives back the threshold as written (0.1, not 0.0999999999999 from the 0.233333333333 of 3 days in 7),
 * so it reads as people write it and the rules are the same; unrounded when none does.
 */
function budgetFraction(threshold: number, longSeconds: number, windowSeconds: number): number {
  const exact = (threshold * longSeconds) / windowSeconds;
  for (let digits = 1; digits <= SIGNIFICANT_DIGITS; digits++) {
    const rounded = roundSignificant(exact, digits);
    if (roundSignificant((rounded * windowSeconds) / longSeconds) === roundSignificant(threshold)) return rounded;
  }
  return exact;
}

/** The significant digits rules are written with. */
const SIGNIFICANT_DIGITS = 12;

/** A spec with every `query` string trimmed. */
function trimmedQueries(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(trimmedQueries);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key === 'query' && typeof item === 'string' ? item.trim() : trimmedQueries(item)]));
}


/** An objective's timeSliceWindow in seconds: a number of minutes or an OpenSLO duration (1m when absent); throws when neither. */
function timeSliceWindowSeconds(raw: number | string | undefined): number {
  return typeof raw === 'number' ? raw * SECONDS_PER_MINUTE : parseOpenSloDuration(String(raw ?? '1m'));
}

/** Whether an objective's timeSliceWindow is `seconds` long. */
function sameSlice(raw: number | string | undefined, seconds: number): boolean {
  try {
    return timeSliceWindowSeconds(raw) === seconds;
  } catch {
    return false;
  }
}

const COUNTER_HINT = 'with counter: true each query must be a plain counter selector (cdk8s-slo applies rate() itself)';
