/**
 * The rules of OpenSLO's reference validator (github.com/OpenSLO/go-sdk, pkg/openslo/v1 and
 * pkg/openslosdk), re-implemented for tests, independently of the library's importer:
 * 1. decoding: each object is decoded into the SDK's Go structs with DisallowUnknownFields, so unknown
 *    fields and wrong JSON types fail;
 * 2. validation: the govy rules of each kind (DNS-label names, label and annotation keys, exactly one
 *    time window, target in [0, 1), one condition per alert policy, ...);
 * 3. the set: names unique per kind, and every reference resolves (what the SDK's reference inliner needs).
 */

type Decoder =
  | 'string' | 'bool' | 'float' | 'duration' | 'labels' | 'stringMap' | 'anyMap' | 'raw'
  | { struct: Record<string, Decoder> }
  | { slice: Decoder };

const METADATA: Decoder = { struct: { name: 'string', displayName: 'string', labels: 'labels', annotations: 'stringMap' } };
const METRIC_SPEC: Decoder = { struct: { metricSource: { struct: { metricSourceRef: 'string', type: 'string', spec: 'anyMap' } } } };
const SLI_SPEC: Decoder = {
  struct: {
    description: 'string',
    thresholdMetric: METRIC_SPEC,
    ratioMetric: { struct: { counter: 'bool', good: METRIC_SPEC, bad: METRIC_SPEC, total: METRIC_SPEC, rawType: 'string', raw: METRIC_SPEC } },
  },
};
const SLO_INDICATOR_INLINE: Decoder = { struct: { metadata: METADATA, spec: SLI_SPEC } };
const ALERT_CONDITION_SPEC: Decoder = {
  struct: {
    severity: 'string',
    condition: { struct: { kind: 'string', op: 'string', threshold: 'float', lookbackWindow: 'duration', alertAfter: 'duration' } },
    description: 'string',
  },
};
const TARGET_SPEC: Decoder = { struct: { description: 'string', target: 'string' } };
// Go's embedded pointer structs (Ref and Inline) promote the fields of both.
const ALERT_POLICY_SPEC: Decoder = {
  struct: {
    description: 'string',
    alertWhenNoData: 'bool',
    alertWhenBreaching: 'bool',
    alertWhenResolved: 'bool',
    conditions: { slice: { struct: { conditionRef: 'string', kind: 'string', metadata: METADATA, spec: ALERT_CONDITION_SPEC } } },
    notificationTargets: { slice: { struct: { targetRef: 'string', kind: 'string', metadata: METADATA, spec: TARGET_SPEC } } },
  },
};
const SLO_SPEC: Decoder = {
  struct: {
    description: 'string',
    service: 'string',
    indicator: SLO_INDICATOR_INLINE,
    indicatorRef: 'string',
    budgetingMethod: 'string',
    timeWindow: { slice: { struct: { duration: 'duration', isRolling: 'bool', calendar: { struct: { startTime: 'string', timeZone: 'string' } } } } },
    objectives: {
      slice: {
        struct: {
          displayName: 'string',
          op: 'string',
          value: 'float',
          target: 'float',
          targetPercent: 'float',
          timeSliceTarget: 'float',
          timeSliceWindow: 'duration',
          indicator: SLO_INDICATOR_INLINE,
          indicatorRef: 'string',
          compositeWeight: 'float',
        },
      },
    },
    alertPolicies: { slice: { struct: { alertPolicyRef: 'string', kind: 'string', metadata: METADATA, spec: ALERT_POLICY_SPEC } } },
  },
};
const SPECS: Record<string, Decoder> = {
  SLO: SLO_SPEC,
  SLI: SLI_SPEC,
  DataSource: { struct: { description: 'string', type: 'string', connectionDetails: 'raw' } },
  Service: { struct: { description: 'string' } },
  AlertPolicy: ALERT_POLICY_SPEC,
  AlertCondition: ALERT_CONDITION_SPEC,
  AlertNotificationTarget: TARGET_SPEC,
};

function decode(value: unknown, decoder: Decoder, path: string, errors: string[]): void {
  if (value === null || value === undefined) return; // JSON null leaves the Go zero value
  if (typeof decoder === 'string') {
    const ok = {
      string: typeof value === 'string',
      bool: typeof value === 'boolean',
      float: typeof value === 'number',
      // DurationShorthand implements TextUnmarshaler: a JSON string, scanned as "%d%s".
      duration: typeof value === 'string' && (value === '' || /^[+-]?\d+\S+$/.test(value)),
      labels: isObject(value) && Object.values(value).every((v) => typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'))),
      stringMap: isObject(value) && Object.values(value).every((v) => typeof v === 'string'),
      anyMap: isObject(value),
      raw: true,
    }[decoder];
    if (!ok) errors.push(`${path}: json: cannot unmarshal ${JSON.stringify(value)} into ${decoder}`);
    return;
  }
  if ('slice' in decoder) {
    if (!Array.isArray(value)) {
      errors.push(`${path}: json: cannot unmarshal into a slice`);
      return;
    }
    value.forEach((item, i) => decode(item, decoder.slice, `${path}[${i}]`, errors));
    return;
  }
  if (!isObject(value)) {
    errors.push(`${path}: json: cannot unmarshal into a struct`);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const field = decoder.struct[key];
    if (!field) errors.push(`${path}.${key}: json: unknown field "${key}"`);
    else decode(child, field, `${path}.${key}`, errors);
  }
}

// ---------------------------------------------------------------------------------------------------

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_KEY = /^[a-zA-Z0-9]([-._a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;
const ANNOTATION_KEY_LENGTH = /^(.{0,253}\/)?.{0,63}$/;
const ANNOTATION_KEY = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*\/)?[a-zA-Z0-9]([-._a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;
const OPERATORS = ['gt', 'lt', 'gte', 'lte'];
const UNITS = ['m', 'h', 'd', 'w', 'M', 'Q', 'Y'];

class Rules {
  public readonly errors: string[] = [];

  public metadata(metadata: any, path: string): void {
    if (!isObject(metadata)) {
      this.errors.push(`${path}: property is required`);
      return;
    }
    this.dnsLabel(metadata.name, `${path}.name`, true);
    if (metadata.displayName && metadata.displayName.length > 63) this.errors.push(`${path}.displayName: length must be at most 63`);
    for (const key of Object.keys(metadata.labels ?? {})) {
      if (!LABEL_KEY.test(key)) this.errors.push(`${path}.labels: key "${key}" does not match ${LABEL_KEY}`);
    }
    for (const key of Object.keys(metadata.annotations ?? {})) {
      if (!ANNOTATION_KEY_LENGTH.test(key)) this.errors.push(`${path}.annotations: key "${key}" is too long`);
      else if (!ANNOTATION_KEY.test(key)) this.errors.push(`${path}.annotations: key "${key}" does not match ${ANNOTATION_KEY}`);
    }
  }

  public dnsLabel(value: unknown, path: string, required: boolean): void {
    if (value === undefined || value === '') {
      if (required) this.errors.push(`${path}: property is required`);
      return;
    }
    if (typeof value !== 'string' || !DNS_LABEL.test(value) || value.length > 63) this.errors.push(`${path}: "${value}" is not an RFC-1123 DNS label`);
  }

  public description(value: unknown, path: string): void {
    if (typeof value === 'string' && value.length > 1050) this.errors.push(`${path}: length must be at most 1050`);
  }

  public duration(value: unknown, path: string, required: boolean): void {
    if (value === undefined || value === '') {
      if (required) this.errors.push(`${path}: property is required`);
      return;
    }
    const match = /^(\d+)(.*)$/.exec(String(value));
    if (!match || !UNITS.includes(match[2])) this.errors.push(`${path}: "${value}": unit must be one of ${UNITS.join(', ')}`);
  }

  public oneOf(value: unknown, allowed: string[], path: string, required: boolean): void {
    if (value === undefined || value === '') {
      if (required) this.errors.push(`${path}: property is required`);
      return;
    }
    if (!allowed.includes(value as string)) this.errors.push(`${path}: must be one of ${allowed.join(', ')}`);
  }

  public exactlyOne(object: any, keys: string[], path: string): void {
    const set = keys.filter((key) => object?.[key] !== undefined && object?.[key] !== null);
    if (set.length !== 1) this.errors.push(`${path}: exactly one of [${keys.join(', ')}] must be set, got ${set.length}`);
  }

  public sliSpec(spec: any, path: string): void {
    if (!isObject(spec)) return;
    this.description(spec.description, `${path}.description`);
    this.exactlyOne(spec, ['thresholdMetric', 'ratioMetric'], path);
    if (spec.thresholdMetric) this.metric(spec.thresholdMetric, `${path}.thresholdMetric`);
    const ratio = spec.ratioMetric;
    if (isObject(ratio)) {
      this.exactlyOne(ratio, ['total', 'raw'], `${path}.ratioMetric`);
      const numerators = ['raw', 'good', 'bad'].filter((k) => ratio[k] !== undefined);
      if (numerators.length > 1) this.errors.push(`${path}.ratioMetric: [${numerators.join(', ')}] are mutually exclusive`);
      if (ratio.total !== undefined) {
        if (ratio.good === undefined && ratio.bad === undefined) this.errors.push(`${path}.ratioMetric: one of [good, bad] must be set`);
        for (const key of ['total', 'good', 'bad']) if (ratio[key]) this.metric(ratio[key], `${path}.ratioMetric.${key}`);
      }
      if (ratio.raw !== undefined) {
        this.metric(ratio.raw, `${path}.ratioMetric.raw`);
        this.oneOf(ratio.rawType, ['success', 'failure'], `${path}.ratioMetric.rawType`, true);
      }
    }
  }

  public metric(metric: any, path: string): void {
    const source = metric?.metricSource ?? {};
    if (source.metricSourceRef) this.dnsLabel(source.metricSourceRef, `${path}.metricSource.metricSourceRef`, false);
    if (!isObject(source.spec) || Object.keys(source.spec).length < 1) this.errors.push(`${path}.metricSource.spec: must have at least 1 entry`);
  }

  public alertPolicySpec(spec: any, path: string): void {
    if (!isObject(spec)) {
      this.errors.push(`${path}: property is required`);
      return;
    }
    this.description(spec.description, `${path}.description`);
    const conditions: any[] = spec.conditions ?? [];
    if (conditions.length !== 1) this.errors.push(`${path}.conditions: length must be between 1 and 1, got ${conditions.length}`);
    conditions.forEach((condition, i) => {
      const at = `${path}.conditions[${i}]`;
      const ref = condition.conditionRef !== undefined;
      const inline = condition.kind !== undefined || condition.metadata !== undefined || condition.spec !== undefined;
      if (ref === inline) this.errors.push(`${at}: exactly one of [conditionRef, spec] must be set`);
      if (ref) this.dnsLabel(condition.conditionRef, `${at}.conditionRef`, true);
      if (inline) {
        if (condition.kind !== 'AlertCondition') this.errors.push(`${at}.kind: should be equal to AlertCondition`);
        this.metadata(condition.metadata, `${at}.metadata`);
        this.alertConditionSpec(condition.spec, `${at}.spec`);
      }
    });
    const targets: any[] = spec.notificationTargets ?? [];
    if (targets.length < 1) this.errors.push(`${path}.notificationTargets: length must be at least 1`);
    targets.forEach((target, i) => {
      const at = `${path}.notificationTargets[${i}]`;
      const ref = target.targetRef !== undefined;
      const inline = target.kind !== undefined || target.metadata !== undefined || target.spec !== undefined;
      if (ref === inline) this.errors.push(`${at}: exactly one of [targetRef, spec] must be set`);
      if (ref) this.dnsLabel(target.targetRef, `${at}.targetRef`, true);
      if (inline) {
        if (target.kind !== 'AlertNotificationTarget') this.errors.push(`${at}.kind: should be equal to AlertNotificationTarget`);
        this.metadata(target.metadata, `${at}.metadata`);
        this.targetSpec(target.spec, `${at}.spec`);
      }
    });
  }

  public alertConditionSpec(spec: any, path: string): void {
    if (!isObject(spec)) {
      this.errors.push(`${path}: property is required`);
      return;
    }
    this.description(spec.description, `${path}.description`);
    if (!spec.severity) this.errors.push(`${path}.severity: property is required`);
    const condition = spec.condition;
    if (!isObject(condition)) {
      this.errors.push(`${path}.condition: property is required`);
      return;
    }
    this.oneOf(condition.kind, ['burnrate'], `${path}.condition.kind`, true);
    if (condition.kind === 'burnrate') {
      this.oneOf(condition.op, OPERATORS, `${path}.condition.op`, true);
      if (typeof condition.threshold !== 'number') this.errors.push(`${path}.condition.threshold: property is required`);
      this.duration(condition.lookbackWindow, `${path}.condition.lookbackWindow`, true);
      this.duration(condition.alertAfter, `${path}.condition.alertAfter`, false);
    }
  }

  public targetSpec(spec: any, path: string): void {
    if (!isObject(spec)) return;
    if (!spec.target) this.errors.push(`${path}.target: property is required`);
    this.description(spec.description, `${path}.description`);
  }

  public sloSpec(spec: any, path: string): void {
    this.description(spec.description, `${path}.description`);
    if (!spec.service) this.errors.push(`${path}.service: property is required`);
    this.oneOf(spec.budgetingMethod, ['Occurrences', 'Timeslices', 'RatioTimeslices'], `${path}.budgetingMethod`, true);
    const objectives: any[] = spec.objectives ?? [];
    const composite = objectives.some((o) => o.indicator !== undefined || o.indicatorRef !== undefined);
    const standard = spec.indicator !== undefined || spec.indicatorRef !== undefined;
    if (composite === standard) this.errors.push(`${path}: 'indicator' or 'indicatorRef' must be defined on the spec or on the objectives, not both and not neither`);
    if (spec.indicator !== undefined && spec.indicatorRef !== undefined) this.errors.push(`${path}: [indicator, indicatorRef] are mutually exclusive`);
    if (spec.indicator) {
      this.metadata(spec.indicator.metadata, `${path}.indicator.metadata`);
      this.sliSpec(spec.indicator.spec, `${path}.indicator.spec`);
    }
    if (spec.indicatorRef !== undefined) this.dnsLabel(spec.indicatorRef, `${path}.indicatorRef`, true);
    const windows: any[] = spec.timeWindow ?? [];
    if (windows.length !== 1) this.errors.push(`${path}.timeWindow: length must be between 1 and 1, got ${windows.length}`);
    windows.forEach((window, i) => {
      const at = `${path}.timeWindow[${i}]`;
      if (window.isRolling && window.calendar) this.errors.push(`${at}: 'calendar' cannot be set when 'isRolling' is true`);
      if (!window.isRolling && !window.calendar) this.errors.push(`${at}: 'calendar' must be set when 'isRolling' is false`);
      this.duration(window.duration, `${at}.duration`, true);
    });
    (spec.alertPolicies ?? []).forEach((policy: any, i: number) => {
      const at = `${path}.alertPolicies[${i}]`;
      const ref = policy.alertPolicyRef !== undefined;
      const inline = policy.kind !== undefined || policy.metadata !== undefined || policy.spec !== undefined;
      if (ref === inline) this.errors.push(`${at}: exactly one of [alertPolicyRef, spec] must be set`);
      if (ref) this.dnsLabel(policy.alertPolicyRef, `${at}.alertPolicyRef`, true);
      if (inline) {
        if (policy.kind !== 'AlertPolicy') this.errors.push(`${at}.kind: should be equal to AlertPolicy`);
        this.metadata(policy.metadata, `${at}.metadata`);
        this.alertPolicySpec(policy.spec, `${at}.spec`);
      }
    });
    objectives.forEach((objective, i) => {
      const at = `${path}.objectives[${i}]`;
      if (objective.op !== undefined && objective.op !== '') this.oneOf(objective.op, OPERATORS, `${at}.op`, false);
      this.exactlyOne(objective, ['target', 'targetPercent'], at);
      if (typeof objective.target === 'number' && !(objective.target >= 0 && objective.target < 1)) this.errors.push(`${at}.target: should be greater than or equal to 0 and less than 1`);
      if (typeof objective.targetPercent === 'number' && !(objective.targetPercent >= 0 && objective.targetPercent < 100)) this.errors.push(`${at}.targetPercent: should be in [0, 100)`);
      if (spec.budgetingMethod === 'Timeslices') {
        if (typeof objective.timeSliceTarget !== 'number') this.errors.push(`${at}.timeSliceTarget: property is required`);
        else if (!(objective.timeSliceTarget > 0 && objective.timeSliceTarget <= 1)) this.errors.push(`${at}.timeSliceTarget: should be in (0, 1]`);
      }
      if (spec.budgetingMethod === 'Timeslices' || spec.budgetingMethod === 'RatioTimeslices') {
        this.duration(objective.timeSliceWindow, `${at}.timeSliceWindow`, true);
      }
    });
  }
}

/** Every rule violation of one object, as the Go SDK would report it (decoding, then validation). */
export function validateOpenSloObject(object: any): string[] {
  const name = `${object?.kind ?? '?'} "${object?.metadata?.name ?? '?'}"`;
  if (object?.apiVersion !== 'openslo/v1') return [`${name}: apiVersion: should be equal to 'openslo/v1'`];
  const spec = SPECS[object.kind];
  if (!spec) return [`${name}: unsupported kind ${object.kind}`];
  const errors: string[] = [];
  decode(object, { struct: { apiVersion: 'string', kind: 'string', metadata: METADATA, spec } }, '', errors);
  if (errors.length > 0) return errors.map((e) => `${name}: ${e}`);
  const rules = new Rules();
  rules.metadata(object.metadata, 'metadata');
  const s = object.spec ?? {};
  switch (object.kind) {
    case 'SLO': rules.sloSpec(s, 'spec'); break;
    case 'SLI': rules.sliSpec(s, 'spec'); break;
    case 'AlertPolicy': rules.alertPolicySpec(s, 'spec'); break;
    case 'AlertCondition': rules.alertConditionSpec(s, 'spec'); break;
    case 'AlertNotificationTarget': rules.targetSpec(s, 'spec'); break;
    case 'Service': rules.description(s.description, 'spec.description'); break;
    case 'DataSource':
      rules.description(s.description, 'spec.description');
      if (!s.type) rules.errors.push('spec.type: property is required');
      if (s.connectionDetails === undefined) rules.errors.push('spec.connectionDetails: property is required');
      break;
  }
  return rules.errors.map((e) => `${name}: ${e}`);
}

/** Every rule violation of a set of objects: each object, unique names per kind, resolvable references. */
export function validateOpenSloSet(objects: any[]): string[] {
  const errors = objects.flatMap(validateOpenSloObject);
  const names = new Map<string, number>();
  for (const o of objects) names.set(`${o.kind}/${o.metadata?.name}`, (names.get(`${o.kind}/${o.metadata?.name}`) ?? 0) + 1);
  for (const [key, count] of names) if (count > 1) errors.push(`${key}: defined ${count} times`);
  const has = (kind: string, name: string) => names.has(`${kind}/${name}`);
  const refs = (value: any, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => refs(v, `${path}[${i}]`));
      return;
    }
    if (!isObject(value)) return;
    const checks: Array<[string, string]> = [
      ['indicatorRef', 'SLI'], ['alertPolicyRef', 'AlertPolicy'], ['conditionRef', 'AlertCondition'],
      ['targetRef', 'AlertNotificationTarget'], ['metricSourceRef', 'DataSource'],
    ];
    for (const [key, kind] of checks) {
      if (typeof value[key] === 'string' && !has(kind, value[key])) errors.push(`${path}.${key}: no ${kind} named "${value[key]}"`);
    }
    for (const [key, child] of Object.entries(value)) if (key !== 'metadata') refs(child, `${path}.${key}`);
  };
  objects.forEach((o) => refs(o.spec, `${o.kind} "${o.metadata?.name}": spec`));
  return errors;
}

function isObject(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
