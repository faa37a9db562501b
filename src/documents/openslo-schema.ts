/**
 * The OpenSLO v1 schema as the reference validator (the Go SDK) checks it: the shape of every object kind
 * (unknown fields are rejected) and the rules it checks beyond structure. `checkOpenSloObject` returns an
 * object typed by these interfaces only when it has no problems, so readers never handle unchecked data.
 */
import { MAX_DESCRIPTION_LENGTH } from './openslo';
import { checkShape, Field, isPlainObject, ObjectShape, PatternCheck, Shape } from './shape';
import { isDnsLabel, isLabelNamePart } from '../model/kubernetes-names';

export const OPENSLO_KINDS = ['SLO', 'SLI', 'DataSource', 'Service', 'AlertPolicy', 'AlertCondition', 'AlertNotificationTarget'] as const;
export type OpenSloKind = typeof OPENSLO_KINDS[number];

// ---------------------------------------------------------------------------------------------------
// The shapes of OpenSLO v1 objects, as the Go SDK decodes them (unknown fields are rejected).

const DNS_LABEL: PatternCheck = {
  pattern: { test: (text) => isDnsLabel(text) },
  description: 'a DNS label (RFC 1123): lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
};
const LABEL_KEY: PatternCheck = { pattern: { test: isLabelNamePart }, description: 'at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit' };
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

const SPECS: Record<OpenSloKind, ObjectShape> = {
  SLO: SLO_SPEC,
  SLI: SLI_SPEC,
  DataSource: obj({ description, type: req(str()), connectionDetails: req({ type: 'any' }) }),
  Service: obj({ description }),
  AlertPolicy: ALERT_POLICY_SPEC,
  AlertCondition: ALERT_CONDITION_SPEC,
  AlertNotificationTarget: TARGET_SPEC,
};

function objectShape(kind: OpenSloKind): ObjectShape {
  // go-sdk reads a Service without spec (it only holds a description).
  const spec = kind === 'Service' ? SPECS[kind] : req(SPECS[kind]);
  return obj({ apiVersion: req(str()), kind: req(str()), metadata: req(METADATA), spec });
}

// ---------------------------------------------------------------------------------------------------
// Rules the Go SDK checks beyond structure.

/** A field of an object not yet checked; undefined where `value` is not an object. */
function member(value: unknown, key: string): unknown {
  return isPlainObject(value) ? value[key] : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function sloRuleProblems(spec: unknown): string[] {
  if (!isPlainObject(spec)) return [];
  return [
    ...sloIndicatorProblems(spec),
    ...timeWindowProblems(spec),
    ...list(spec.objectives).flatMap((objective, index) => objectiveProblems(spec, objective, index)),
  ];
}

/** A standard SLO names its indicator on the spec, a composite one on each objective. */
function sloIndicatorProblems(spec: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const composite = list(spec.objectives).some((o) => member(o, 'indicator') !== undefined || member(o, 'indicatorRef') !== undefined);
  const atSpec = spec.indicator !== undefined || spec.indicatorRef !== undefined;
  if (spec.indicator !== undefined && spec.indicatorRef !== undefined) {
    problems.push('spec: set one of indicator and indicatorRef, not both');
  } else if (!composite && !atSpec) {
    problems.push('spec: one of indicator and indicatorRef is required');
  } else if (composite && atSpec) {
    problems.push('spec: set indicator/indicatorRef on the spec (standard SLO) or on the objectives (composite SLO), not both');
  }
  const sliSpec = member(spec.indicator, 'spec');
  if (sliSpec) problems.push(...sliRuleProblems(sliSpec, 'spec.indicator.spec'));
  return problems;
}

function timeWindowProblems(spec: Record<string, unknown>): string[] {
  const problems: string[] = [];
  list(spec.timeWindow).forEach((window, index) => {
    if (!isPlainObject(window)) return;
    if (window.isRolling === true && window.calendar !== undefined) problems.push(`spec.timeWindow[${index}]: calendar cannot be set when isRolling is true`);
    if (window.isRolling !== true && window.calendar === undefined) problems.push(`spec.timeWindow[${index}]: calendar must be set when isRolling is false`);
  });
  return problems;
}

function objectiveProblems(spec: Record<string, unknown>, objective: unknown, index: number): string[] {
  const at = `spec.objectives[${index}]`;
  if (!isPlainObject(objective)) return [];
  const problems: string[] = [];
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
    if (objective.timeSliceTarget === undefined) {
      problems.push(`${at}.timeSliceTarget: is required with budgetingMethod Timeslices`);
    } else if (typeof objective.timeSliceTarget === 'number' && (objective.timeSliceTarget <= 0 || objective.timeSliceTarget > 1)) {
      problems.push(`${at}.timeSliceTarget: must be in (0, 1], got ${objective.timeSliceTarget}`);
    }
  }
  if ((spec.budgetingMethod === 'Timeslices' || spec.budgetingMethod === 'RatioTimeslices') && objective.timeSliceWindow === undefined) {
    problems.push(`${at}.timeSliceWindow: is required with budgetingMethod ${spec.budgetingMethod}`);
  }
  const sliSpec = member(objective.indicator, 'spec');
  if (sliSpec) problems.push(...sliRuleProblems(sliSpec, `${at}.indicator.spec`));
  return problems;
}

function sliRuleProblems(spec: unknown, at: string): string[] {
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
// The objects as they are once checked.

export type OpenSloOperator = 'gt' | 'lt' | 'gte' | 'lte';

export interface CheckedMetadata {
  readonly name: string;
  readonly displayName?: string;
  readonly labels?: Readonly<Record<string, string | readonly string[]>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface CheckedMetric {
  readonly metricSource: {
    readonly metricSourceRef?: string;
    readonly type?: string;
    readonly spec: Readonly<Record<string, unknown>>;
  };
}

export interface CheckedRatioMetric {
  readonly counter?: boolean;
  readonly good?: CheckedMetric;
  readonly bad?: CheckedMetric;
  readonly total?: CheckedMetric;
  readonly rawType?: 'success' | 'failure';
  readonly raw?: CheckedMetric;
}

export interface CheckedSliSpec {
  readonly description?: string;
  readonly thresholdMetric?: CheckedMetric;
  readonly ratioMetric?: CheckedRatioMetric;
}

export interface CheckedInlineSli {
  readonly metadata: CheckedMetadata;
  readonly spec: CheckedSliSpec;
}

export interface CheckedAlertConditionSpec {
  readonly description?: string;
  readonly severity: string;
  readonly condition: {
    readonly kind: 'burnrate';
    readonly op: OpenSloOperator;
    readonly threshold: number;
    readonly lookbackWindow: string;
    readonly alertAfter?: string;
  };
}

export interface CheckedTargetSpec {
  readonly description?: string;
  readonly target: string;
}

/** An inline object of one kind. */
export interface CheckedInline<S> {
  readonly kind: string;
  readonly metadata: CheckedMetadata;
  readonly spec: S;
}

/** A reference to a document by name (`{ conditionRef: name }`), or an inline object. */
export type RefOrInline<R extends string, S> = { readonly [key in R]: string } | CheckedInline<S>;

export interface CheckedAlertPolicySpec {
  readonly description?: string;
  readonly alertWhenNoData?: boolean;
  readonly alertWhenBreaching?: boolean;
  readonly alertWhenResolved?: boolean;
  readonly conditions: ReadonlyArray<RefOrInline<'conditionRef', CheckedAlertConditionSpec>>;
  readonly notificationTargets: ReadonlyArray<RefOrInline<'targetRef', CheckedTargetSpec>>;
}

export interface CheckedObjective {
  readonly displayName?: string;
  readonly op?: OpenSloOperator;
  readonly value?: number;
  readonly target?: number;
  readonly targetPercent?: number;
  readonly timeSliceTarget?: number;
  readonly timeSliceWindow?: number | string;
  readonly indicator?: CheckedInlineSli;
  readonly indicatorRef?: string;
  readonly compositeWeight?: number;
}

export interface CheckedTimeWindow {
  readonly duration: string;
  readonly isRolling?: boolean;
  readonly calendar?: { readonly startTime: string; readonly timeZone: string };
}

export interface CheckedSloSpec {
  readonly description?: string;
  readonly service: string;
  readonly indicator?: CheckedInlineSli;
  readonly indicatorRef?: string;
  readonly budgetingMethod: 'Occurrences' | 'Timeslices' | 'RatioTimeslices';
  readonly timeWindow?: readonly CheckedTimeWindow[];
  readonly objectives?: readonly CheckedObjective[];
  readonly alertPolicies?: ReadonlyArray<RefOrInline<'alertPolicyRef', CheckedAlertPolicySpec>>;
}

export interface CheckedDataSourceSpec {
  readonly description?: string;
  readonly type: string;
  readonly connectionDetails: unknown;
}

/** The spec of each kind. */
export interface CheckedSpecs {
  readonly SLO: CheckedSloSpec;
  readonly SLI: CheckedSliSpec;
  readonly DataSource: CheckedDataSourceSpec;
  readonly Service: { readonly description?: string };
  readonly AlertPolicy: CheckedAlertPolicySpec;
  readonly AlertCondition: CheckedAlertConditionSpec;
  readonly AlertNotificationTarget: CheckedTargetSpec;
}

/** An OpenSLO v1 object that passed every check. */
export interface CheckedObject<K extends OpenSloKind = OpenSloKind> {
  readonly apiVersion: string;
  readonly kind: K;
  readonly metadata: CheckedMetadata;
  readonly spec: CheckedSpecs[K];
}

/**
 * Checks a document of a known kind as the Go SDK does: its shape, then the rules beyond structure.
 * The object comes back typed when there are no problems.
 */
export function checkOpenSloObject<K extends OpenSloKind>(
  value: Record<string, unknown>,
  kind: K,
): { object?: CheckedObject<K>; problems: string[] } {
  const problems: string[] = [];
  checkShape(value, objectShape(kind), '', problems);
  if (kind === 'SLO') problems.push(...sloRuleProblems(value.spec));
  if (kind === 'SLI') problems.push(...sliRuleProblems(value.spec, 'spec'));
  // The shape check has verified every field the Checked* types declare.
  return problems.length > 0 ? { problems } : { object: value as unknown as CheckedObject<K>, problems };
}
