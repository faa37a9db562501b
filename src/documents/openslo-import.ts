/**
 * OpenSLO v1 documents back to SLO definitions. Input is checked as OpenSLO's reference validator (the Go
 * SDK) checks it, strict fields included, then for what cdk8s-slo can hold: one objective, one rolling
 * window, Prometheus queries, burn-rate alert conditions.
 *
 * Documents written by cdk8s-slo carry `cdk8s-slo.dev/*` annotations and come back exactly. Other
 * documents are read structurally:
 * - `ratioMetric` with `counter: true` and vector selectors: a ratio indicator (a latency indicator when
 *   `good` is a histogram's `_bucket{le=...}` and `total` its `_count`);
 * - `ratioMetric` with `counter: false`: queries with the `{{.window}}` placeholder (Sloth's style), or
 *   `sum(x)` over `count(x)` of a 0/1 gauge;
 * - `thresholdMetric` (Timeslices, `op: lte`): `time() - max(x)` is freshness, `sum(x)` or `x` a gauge bound;
 * - alert policies: one burn-rate window pair each; the short window is 1/12 of the long one; the
 *   notification target's name becomes the `channel` label.
 */
import {
  ALERT_LABELS_ANNOTATION, ALERTING_ANNOTATION, ANNOTATION_PREFIX, BUDGET_POLICY_ANNOTATION, INDICATOR_ANNOTATION, JsonReader,
  LABELS_ANNOTATION, parseBudgetPolicyAnnotation, parseIndicatorAnnotation, parseJsonObject, SHORT_WINDOW_ANNOTATION, stableJson,
  TIER_ANNOTATION,
} from './annotations';
import { definitionProblems, DocumentImportError, duplicateProblems, ImportedSlo, ImportResult } from './imported';
import {
  DEFAULT_NOTIFICATION_TARGET, MAX_DESCRIPTION_LENGTH, OPENSLO_API_VERSION, OPENSLO_LABEL_KEY, openSloIndicator,
  parseOpenSloDuration, PROMETHEUS_SOURCE_TYPE,
} from './openslo';
import { checkShape, Field, isPlainObject, ObjectShape, PatternCheck, Shape } from './shape';
import { readYamlDocuments } from './yaml-input';
import { OpenSloSliQueries } from '../indicators/indicator-kind';
import { indicatorFromOpenSlo } from '../indicators/registry';
import { AlertingPolicy, DEFAULT_BURN_RATE_ALERT_NAME } from '../model/alerting-policy';
import { BudgetPolicy } from '../model/budget-policy';
import { BurnRateWindowPair, defaultShortWindowSeconds } from '../model/burn-rate';
import { roundSignificant } from '../model/decimal';
import { parsePromDuration, SECONDS_PER_MINUTE } from '../model/duration';
import { Indicator, WINDOW_PLACEHOLDER } from '../model/indicator';
import { validateLabelName, validateLabelValue } from '../model/labels';
import { CHANNEL_LABEL } from '../model/service-tier';
import { SloDefinition } from '../model/slo-definition';
import { ValidationIssue } from '../model/validation-issue';
import { normalizeSelector } from '../promql/selector';

const FORMAT = 'OpenSLO';
const KINDS = ['SLO', 'SLI', 'DataSource', 'Service', 'AlertPolicy', 'AlertCondition', 'AlertNotificationTarget'] as const;
type Kind = typeof KINDS[number];

// ---------------------------------------------------------------------------------------------------
// The shapes of OpenSLO v1 objects, as the Go SDK decodes them (unknown fields are rejected).

const DNS_LABEL: PatternCheck = {
  pattern: /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  description: 'a DNS label (RFC 1123): lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
};
const LABEL_KEY: PatternCheck = { pattern: OPENSLO_LABEL_KEY, description: 'at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit' };
const ANNOTATION_KEY: PatternCheck = {
  pattern: /^(?=(?:[^/]{0,253}\/)?[^/]{0,63}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*\/)?[a-zA-Z0-9]([-._a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/,
  description: 'an optional DNS-subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or "."',
};
const DURATION: PatternCheck = { pattern: /^\d+[mhdwMQY]$/, description: 'an OpenSLO duration: a whole number and one of m, h, d, w, M, Q, Y, e.g. 30d' };
const OPERATORS = ['gt', 'lt', 'gte', 'lte'];

const str = (extra: Partial<Extract<Shape, { type: 'string' }>> = {}): Shape => ({ type: 'string', ...extra });
const req = (shape: Shape): Field => ({ ...shape, required: true });
const obj = (fields: Record<string, Field>): ObjectShape => ({ type: 'object', fields });
const description = str({ maxLength: MAX_DESCRIPTION_LENGTH });
const duration = str({ pattern: DURATION });

const METADATA = obj({
  name: req(str({ pattern: DNS_LABEL })),
  displayName: str({ maxLength: 63 }),
  labels: {
    type: 'map',
    keys: LABEL_KEY,
    values: {
      type: 'either',
      describe: 'a string or a list of strings',
      options: [
        { when: (v) => typeof v === 'string', shape: str() },
        { when: (v) => Array.isArray(v), shape: { type: 'array', items: str() } },
      ],
    },
  },
  annotations: { type: 'map', keys: ANNOTATION_KEY, values: str() },
});
const METRIC = obj({
  metricSource: req(obj({
    metricSourceRef: str({ pattern: DNS_LABEL }),
    type: str(),
    spec: req({ type: 'freeObject' }),
  })),
});
const SLI_SPEC = obj({
  description,
  thresholdMetric: METRIC,
  ratioMetric: obj({ counter: { type: 'boolean' }, good: METRIC, bad: METRIC, total: METRIC, rawType: str({ oneOf: ['success', 'failure'] }), raw: METRIC }),
});
const INLINE_SLI = obj({ metadata: req(METADATA), spec: req(SLI_SPEC) });
const ALERT_CONDITION_SPEC = obj({
  description,
  severity: req(str()),
  condition: req(obj({
    kind: req(str({ oneOf: ['burnrate'] })),
    op: req(str({ oneOf: OPERATORS })),
    threshold: req({ type: 'number' }),
    lookbackWindow: req(duration),
    alertAfter: duration,
  })),
});
const TARGET_SPEC = obj({ description, target: req(str()) });

/** A reference (`{ conditionRef: name }`) or an inline object of `kind`. */
function refOrInline(refKey: string, kind: string, spec: ObjectShape): Shape {
  return {
    type: 'either',
    describe: `a map with ${refKey}, or an inline ${kind} (kind, metadata, spec)`,
    options: [
      { when: (v) => isPlainObject(v) && refKey in v, shape: obj({ [refKey]: req(str({ pattern: DNS_LABEL })) }) },
      { when: isPlainObject, shape: obj({ kind: req(str({ oneOf: [kind] })), metadata: req(METADATA), spec: req(spec) }) },
    ],
  };
}

const ALERT_POLICY_SPEC = obj({
  description,
  alertWhenNoData: { type: 'boolean' },
  alertWhenBreaching: { type: 'boolean' },
  alertWhenResolved: { type: 'boolean' },
  conditions: req({ type: 'array', minItems: 1, maxItems: 1, items: refOrInline('conditionRef', 'AlertCondition', ALERT_CONDITION_SPEC) }),
  notificationTargets: req({ type: 'array', minItems: 1, items: refOrInline('targetRef', 'AlertNotificationTarget', TARGET_SPEC) }),
});
const SLO_SPEC = obj({
  description,
  service: req(str()),
  indicator: INLINE_SLI,
  indicatorRef: str({ pattern: DNS_LABEL }),
  budgetingMethod: req(str({ oneOf: ['Occurrences', 'Timeslices', 'RatioTimeslices'] })),
  timeWindow: {
    type: 'array',
    minItems: 1,
    maxItems: 1,
    items: obj({ duration: req(duration), isRolling: { type: 'boolean' }, calendar: obj({ startTime: req(str()), timeZone: req(str()) }) }),
  },
  objectives: {
    type: 'array',
    items: obj({
      displayName: str(),
      op: str({ oneOf: OPERATORS }),
      value: { type: 'number' },
      target: { type: 'number' },
      targetPercent: { type: 'number' },
      timeSliceTarget: { type: 'number' },
      timeSliceWindow: {
        type: 'either',
        describe: 'a number of minutes or an OpenSLO duration',
        options: [{ when: (v) => typeof v === 'number', shape: { type: 'number' } }, { when: () => true, shape: duration }],
      },
      indicator: INLINE_SLI,
      indicatorRef: str({ pattern: DNS_LABEL }),
      compositeWeight: { type: 'number' },
    }),
  },
  alertPolicies: { type: 'array', items: refOrInline('alertPolicyRef', 'AlertPolicy', ALERT_POLICY_SPEC) },
});

const SPECS: Record<Kind, ObjectShape> = {
  SLO: SLO_SPEC,
  SLI: SLI_SPEC,
  DataSource: obj({ description, type: req(str()), connectionDetails: req({ type: 'any' }) }),
  Service: obj({ description }),
  AlertPolicy: ALERT_POLICY_SPEC,
  AlertCondition: ALERT_CONDITION_SPEC,
  AlertNotificationTarget: TARGET_SPEC,
};

function objectShape(kind: Kind): ObjectShape {
  return obj({ apiVersion: req(str()), kind: req(str()), metadata: req(METADATA), spec: req(SPECS[kind]) });
}

// ---------------------------------------------------------------------------------------------------
// Rules the Go SDK checks beyond structure.

function sloRuleProblems(spec: any): string[] {
  const problems: string[] = [];
  if (!isPlainObject(spec as unknown)) return problems;
  const composite = list(spec.objectives).some((o: any) => o?.indicator !== undefined || o?.indicatorRef !== undefined);
  const atSpec = spec.indicator !== undefined || spec.indicatorRef !== undefined;
  if (spec.indicator !== undefined && spec.indicatorRef !== undefined) {
    problems.push('spec: set one of indicator and indicatorRef, not both');
  } else if (!composite && !atSpec) {
    problems.push('spec: one of indicator and indicatorRef is required');
  } else if (composite && atSpec) {
    problems.push('spec: set indicator/indicatorRef on the spec (standard SLO) or on the objectives (composite SLO), not both');
  }
  if (spec.indicator?.spec) problems.push(...sliRuleProblems(spec.indicator.spec, 'spec.indicator.spec'));
  list(spec.timeWindow).forEach((window: any, index: number) => {
    if (!isPlainObject(window as unknown)) return;
    if (window?.isRolling === true && window.calendar !== undefined) problems.push(`spec.timeWindow[${index}]: calendar cannot be set when isRolling is true`);
    if (window?.isRolling !== true && window?.calendar === undefined) problems.push(`spec.timeWindow[${index}]: calendar must be set when isRolling is false`);
  });
  list(spec.objectives).forEach((objective: any, index: number) => {
    const at = `spec.objectives[${index}]`;
    if (!isPlainObject(objective as unknown)) return;
    if ((objective.target === undefined) === (objective.targetPercent === undefined)) {
      problems.push(`${at}: set exactly one of target and targetPercent`);
    }
    if (typeof objective.target === 'number' && (objective.target < 0 || objective.target >= 1)) {
      problems.push(`${at}.target: must be in [0, 1) (0.999 for 99.9%), got ${objective.target}`);
    }
    if (typeof objective.targetPercent === 'number' && (objective.targetPercent < 0 || objective.targetPercent >= 100)) {
      problems.push(`${at}.targetPercent: must be in [0, 100), got ${objective.targetPercent}`);
    }
    if (spec.budgetingMethod === 'Timeslices') {
      if (objective.timeSliceTarget === undefined) {problems.push(`${at}.timeSliceTarget: is required with budgetingMethod Timeslices`);} else if (typeof objective.timeSliceTarget === 'number' && (objective.timeSliceTarget <= 0 || objective.timeSliceTarget > 1)) {
        problems.push(`${at}.timeSliceTarget: must be in (0, 1], got ${objective.timeSliceTarget}`);
      }
    }
    if ((spec.budgetingMethod === 'Timeslices' || spec.budgetingMethod === 'RatioTimeslices') && objective.timeSliceWindow === undefined) {
      problems.push(`${at}.timeSliceWindow: is required with budgetingMethod ${spec.budgetingMethod}`);
    }
    if (objective.indicator?.spec) problems.push(...sliRuleProblems(objective.indicator.spec, `${at}.indicator.spec`));
  });
  return problems;
}

function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

function sliRuleProblems(spec: any, at: string): string[] {
  if (!isPlainObject(spec)) return [];
  const problems: string[] = [];
  if ((spec.thresholdMetric === undefined) === (spec.ratioMetric === undefined)) {
    problems.push(`${at}: set exactly one of thresholdMetric and ratioMetric`);
  }
  const ratio = spec.ratioMetric;
  if (isPlainObject(ratio)) {
    if ((ratio.total === undefined) === (ratio.raw === undefined)) {
      problems.push(`${at}.ratioMetric: set exactly one of total and raw`);
    } else if (ratio.total !== undefined && (ratio.good === undefined) === (ratio.bad === undefined)) {
      problems.push(`${at}.ratioMetric: with total, set exactly one of good and bad`);
    } else if (ratio.raw !== undefined) {
      if (ratio.good !== undefined || ratio.bad !== undefined) problems.push(`${at}.ratioMetric: raw cannot be used with good or bad`);
      if (ratio.rawType === undefined) problems.push(`${at}.ratioMetric.rawType: is required with raw`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Reading.

interface Parsed {
  readonly kind: Kind;
  readonly name: string;
  readonly value: any;
  /** `document 3 (SLO "checkout-availability")`. */
  readonly label: string;
}

/** Reads OpenSLO v1 YAML (one or more documents, or lists of objects) into SLO definitions; throws on any problem. */
export function fromOpenSlo(text: string): ImportResult {
  const inputs = readYamlDocuments(text, FORMAT);
  const problems: string[] = [];
  const objects: Parsed[] = [];
  for (const input of inputs) {
    const value = input.value as any;
    if (!isPlainObject(value as unknown)) {
      problems.push(`${input.where}: must be a map with apiVersion, kind, metadata and spec`);
      continue;
    }
    const name = isPlainObject(value.metadata) && typeof value.metadata.name === 'string' ? value.metadata.name : '?';
    const label = `${input.where} (${typeof value.kind === 'string' ? value.kind : '?'} "${name}")`;
    if (value.apiVersion !== OPENSLO_API_VERSION) {
      const hint = typeof value.apiVersion === 'string' && value.apiVersion.startsWith('openslo/') ? '; convert it to openslo/v1 first (for example with oslo convert)' : '';
      problems.push(`${label}: apiVersion: must be ${OPENSLO_API_VERSION}, got ${JSON.stringify(value.apiVersion ?? null)}${hint}`);
      continue;
    }
    if (!(KINDS as readonly string[]).includes(value.kind)) {
      problems.push(`${label}: kind: must be one of ${KINDS.join(', ')}, got ${JSON.stringify(value.kind ?? null)}`);
      continue;
    }
    const kind = value.kind as Kind;
    const objectProblems: string[] = [];
    checkShape(value, objectShape(kind), '', objectProblems);
    if (kind === 'SLO') objectProblems.push(...sloRuleProblems(value.spec));
    if (kind === 'SLI') objectProblems.push(...sliRuleProblems(value.spec, 'spec'));
    problems.push(...objectProblems.map((p) => `${label}: ${p}`));
    objects.push({ kind, name, value, label });
  }
  if (problems.length > 0) throw new DocumentImportError(FORMAT, problems);

  const index = new Map<string, Parsed>();
  for (const object of objects) {
    const key = `${object.kind}/${object.name}`;
    const known = index.get(key);
    if (known) problems.push(`${object.label}: metadata.name: another ${object.kind} is named "${object.name}" (${known.label})`);
    else index.set(key, object);
  }
  const slos = objects.filter((o) => o.kind === 'SLO');
  if (slos.length === 0) problems.push('the documents hold no SLO');
  if (problems.length > 0) throw new DocumentImportError(FORMAT, problems);

  const warnings: string[] = [];
  const imported: ImportedSlo[] = [];
  for (const slo of slos) {
    const result = new SloReader(slo, index).read();
    problems.push(...result.problems);
    warnings.push(...result.warnings);
    if (result.slo) imported.push(result.slo);
  }
  problems.push(...duplicateProblems(imported));
  if (problems.length > 0) throw new DocumentImportError(FORMAT, problems);
  return { slos: imported, warnings };
}

/** Reads one SLO document with the documents it refers to. */
class SloReader {
  private readonly problems: string[] = [];
  private readonly warnings: string[] = [];
  private readonly spec: any;
  private readonly annotations: Record<string, string>;
  /** Written by cdk8s-slo: its annotations are authoritative. */
  private readonly ours: boolean;

  constructor(private readonly slo: Parsed, private readonly index: Map<string, Parsed>) {
    this.spec = slo.value.spec;
    this.annotations = slo.value.metadata.annotations ?? {};
    this.ours = Object.keys(this.annotations).some((key) => key.startsWith(ANNOTATION_PREFIX));
  }

  public read(): { slo?: ImportedSlo; problems: string[]; warnings: string[] } {
    const spec = this.spec;
    const service: string = spec.service;
    if (!DNS_LABEL.pattern.test(service)) this.problem('spec.service', `"${service}" must be a lowercase DNS label to become the slo_service label`);
    const documentName: string = this.slo.name;
    const name = documentName.startsWith(`${service}-`) && documentName.length > service.length + 1 ? documentName.slice(service.length + 1) : documentName;

    if ((spec.objectives ?? []).some((o: any) => o.indicator !== undefined || o.indicatorRef !== undefined)) {
      this.problem('spec.objectives', 'composite SLOs (indicators per objective) are not supported; write one SLO per indicator');
    }
    const objectives: any[] = spec.objectives ?? [];
    if (objectives.length !== 1) {
      this.problem('spec.objectives', `cdk8s-slo holds exactly one objective per SLO, got ${objectives.length}; write one SLO per objective`);
    }
    const objective = objectives[0] ?? {};
    const target = objective.target !== undefined ? objective.target : roundSignificant((objective.targetPercent ?? 0) / 100);
    if (objectives.length === 1 && !(target > 0)) this.problem('spec.objectives[0].target', 'must be above 0');

    const windowSeconds = this.window();
    const sli = this.sli();
    const indicator = sli ? this.indicator(sli, objective) : undefined;
    const alerting = windowSeconds !== undefined ? this.alerting(windowSeconds) : undefined;
    const budgetPolicy = this.budgetPolicy();
    const labels = this.labels();
    const tier = this.annotations[TIER_ANNOTATION];

    if (this.problems.length > 0 || !indicator || windowSeconds === undefined || !alerting) {
      return { problems: this.problems, warnings: this.warnings };
    }
    const definition: SloDefinition = {
      service,
      name,
      objective: { target, windowSeconds },
      indicator,
      labels,
      ...(spec.description !== undefined ? { description: spec.description } : {}),
      alerting,
      ...(budgetPolicy ? { budgetPolicy } : {}),
    };
    const problems = definitionProblems(definition, this.slo.label);
    if (problems.length > 0) return { problems, warnings: this.warnings };
    return { slo: { definition, source: this.slo.label, ...(tier ? { tier } : {}) }, problems: [], warnings: this.warnings };
  }

  private window(): number | undefined {
    const windows: any[] = this.spec.timeWindow ?? [];
    if (windows.length === 0) {
      this.problem('spec.timeWindow', 'is required: cdk8s-slo needs the SLO window, e.g. [{ duration: 30d, isRolling: true }]');
      return undefined;
    }
    if (windows[0].isRolling !== true) {
      this.problem('spec.timeWindow[0]', 'calendar-aligned windows are not supported; cdk8s-slo SLOs have rolling windows (isRolling: true)');
      return undefined;
    }
    try {
      return parseOpenSloDuration(windows[0].duration);
    } catch (e) {
      this.problem('spec.timeWindow[0].duration', (e as Error).message);
      return undefined;
    }
  }

  /** The SLI: inline, or the SLI document named by indicatorRef. */
  private sli(): { metadata: any; spec: any; at: string } | undefined {
    if (this.spec.indicator) return { ...this.spec.indicator, at: 'spec.indicator.spec' };
    const ref = this.spec.indicatorRef;
    const document = this.index.get(`SLI/${ref}`);
    if (!document) {
      this.problem('spec.indicatorRef', `no SLI document is named "${ref}"`);
      return undefined;
    }
    return { metadata: document.value.metadata, spec: document.value.spec, at: `${document.label}: spec` };
  }

  private indicator(sli: { metadata: any; spec: any; at: string }, objective: any): Indicator | undefined {
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
      const matches = stableJson(expected.spec) === stableJson(queries.skeleton)
        && (!expected.threshold || (objective.op === 'lte' && objective.value === expected.threshold))
        && expected.timeslices === timeslices;
      if (!matches) {
        this.problem(sli.at, `the queries (or the objective's op/value, or the budgeting method) differ from the ${INDICATOR_ANNOTATION} annotation, so they were edited after export; remove the annotation to import the queries as written`);
        return undefined;
      }
      return indicator;
    }
    return this.structuralIndicator(sli, queries, objective, timeslices);
  }

  /** The queries of an SLI spec, as `{ ratioMetric: { counter, good|bad, total } }` or `{ thresholdMetric }` of `{ query }`. */
  private queries(spec: any, at: string): { skeleton: any; good?: string; bad?: string; total?: string; threshold?: string } | undefined {
    const query = (metric: any, field: string): string | undefined => {
      const source = metric.metricSource;
      const ref = source.metricSourceRef;
      let type: string | undefined = source.type;
      if (ref !== undefined) {
        const dataSource = this.index.get(`DataSource/${ref}`);
        if (!dataSource) {
          this.problem(`${at}.${field}.metricSource.metricSourceRef`, `no DataSource document is named "${ref}"`);
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
    const ratio = spec.ratioMetric;
    if (ratio.raw) {
      this.problem(`${at}.ratioMetric.raw`, 'precomputed ratios are not supported: cdk8s-slo needs counts of good (or bad) and total events');
      return undefined;
    }
    const good = ratio.good ? query(ratio.good, 'ratioMetric.good') : undefined;
    const bad = ratio.bad ? query(ratio.bad, 'ratioMetric.bad') : undefined;
    const total = query(ratio.total, 'ratioMetric.total');
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
    sli: { spec: any; at: string },
    queries: { good?: string; bad?: string; total?: string; threshold?: string },
    objective: any,
    timeslices: boolean,
  ): Indicator | undefined {
    const at = sli.at;
    if (queries.threshold !== undefined) {
      if (this.spec.budgetingMethod !== 'Timeslices') {
        this.problem('spec.budgetingMethod', 'a thresholdMetric SLI is judged in time slices: use Timeslices (cdk8s-slo judges one slice a minute)');
        return undefined;
      }
      if (objective.op !== 'lte' || typeof objective.value !== 'number') {
        this.problem('spec.objectives[0].op', `a threshold SLI needs op: lte and a value (good while the query is at most the value), got op: ${objective.op ?? 'nothing'}`);
        return undefined;
      }
      const window = objective.timeSliceWindow;
      if (window !== 1 && window !== '1m') this.warn('spec.objectives[0].timeSliceWindow', `${window} read as 1m: cdk8s-slo judges one time slice a minute`);
      return this.recognized({ metric: 'threshold', query: queries.threshold, value: objective.value, at })?.indicator;
    }
    if (timeslices) {
      this.problem('spec.budgetingMethod', `${this.spec.budgetingMethod} is not supported for a ratio SLI: cdk8s-slo counts events (Occurrences)`);
      return undefined;
    }
    const counter = sli.spec.ratioMetric.counter === true;
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

  /** What the first kind that recognizes the queries read (see indicatorFromOpenSlo). */
  private recognized(queries: OpenSloSliQueries): { readonly indicator?: Indicator } | undefined {
    return indicatorFromOpenSlo(queries, { selector: (text, field, hint) => this.selector(text, field, hint) });
  }

  private selector(text: string, field: string, hint?: string): string | undefined {
    try {
      return normalizeSelector(text);
    } catch (e) {
      this.problem(field, `${(e as Error).message}${hint ? `; ${hint}` : ''}`);
      return undefined;
    }
  }

  private alerting(windowSeconds: number): AlertingPolicy | undefined {
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

    const pairs: BurnRateWindowPair[] = [];
    const afters = new Set<number>();
    (this.spec.alertPolicies ?? []).forEach((entry: any, index: number) => {
      const at = `spec.alertPolicies[${index}]`;
      const policy = this.resolve(entry, 'alertPolicyRef', 'AlertPolicy', at);
      if (!policy) return;
      if (policy.spec.alertWhenBreaching !== true) {
        this.warn(at, `the alert policy "${policy.metadata.name}" does not alert when breaching (alertWhenBreaching is not true); left out`);
        return;
      }
      if (policy.spec.alertWhenNoData === true) this.warn(`${at}.spec.alertWhenNoData`, 'alerts on missing data are not generated');
      const condition = this.resolve(policy.spec.conditions[0], 'conditionRef', 'AlertCondition', `${at}.spec.conditions[0]`);
      const targets = (policy.spec.notificationTargets as any[])
        .map((target, i) => this.resolve(target, 'targetRef', 'AlertNotificationTarget', `${at}.spec.notificationTargets[${i}]`));
      if (!condition || targets.some((t) => !t)) return;
      const rule = condition.spec.condition;
      const conditionAt = `${at} condition "${condition.metadata.name}"`;
      if (rule.op !== 'gt' && rule.op !== 'gte') {
        this.problem(`${conditionAt}: condition.op`, `a burn-rate alert fires above its threshold: use gt (or gte), got ${rule.op}`);
        return;
      }
      if (!(rule.threshold > 0)) {
        this.problem(`${conditionAt}: condition.threshold`, `the burn rate must be above 0, got ${rule.threshold}`);
        return;
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
        return;
      }
      const labels = this.pairLabels(policy, targets, at);
      pairs.push({
        longSeconds,
        shortSeconds,
        budgetConsumed: roundSignificant((rule.threshold * longSeconds) / windowSeconds),
        severity: condition.spec.severity,
        ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
      });
    });
    if (afters.size > 1) {
      this.problem('spec.alertPolicies', `every condition needs the same alertAfter (cdk8s-slo has one "for" per SLO), got ${[...afters].map((s) => `${s / SECONDS_PER_MINUTE}m`).join(', ')}`);
    }
    const after = [...afters][0];
    const forSeconds = settings.forSeconds ?? (after ? after : undefined);
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

  /** A pair's labels: cdk8s-slo's annotation, or the notification target's name as the `channel` label. */
  private pairLabels(policy: any, targets: any[], at: string): Record<string, string> | undefined {
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
  private resolve(entry: any, refKey: string, kind: Kind, at: string): any {
    if (!(refKey in entry)) return entry;
    const document = this.index.get(`${kind}/${entry[refKey]}`);
    if (!document) {
      this.problem(`${at}.${refKey}`, `no ${kind} document is named "${entry[refKey]}"`);
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
    this.problems.push(`${this.slo.label}: ${field}: ${message}`);
  }

  private warn(field: string, message: string): void {
    this.warnings.push(`${this.slo.label}: ${field}: ${message}`);
  }
}

const COUNTER_HINT = 'with counter: true each query must be a plain counter selector (cdk8s-slo applies rate() itself)';
