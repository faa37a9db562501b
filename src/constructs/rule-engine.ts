import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { durationSeconds } from './internal/duration-conversion';
import { renderRuleGroups, renderVmRuleGroups } from './internal/rule-groups-spec';
import { PrometheusRule } from '../imports/monitoring.coreos.com';
import { VmRule } from '../imports/operator.victoriametrics.com';
import { formatPromDuration } from '../model/duration';
import { shortWindowIntervalProblem } from '../model/short-window-interval';
import { error, ValidationIssue } from '../model/validation-issue';
import {
  countLimitProblem, MIMIR_DEFAULT_MAX_RULE_GROUPS_PER_TENANT, MIMIR_DEFAULT_MAX_RULES_PER_GROUP, queryOffsetProblem,
} from '../rules/engine-limits';
import { splitRuleGroups } from '../rules/group-splitting';
import { RuleGroup } from '../rules/rule';

/**
 * What Thanos Ruler does when a store it queries does not answer (Thanos' `partial_response_strategy`).
 */
export enum PartialResponseStrategy {
  /** Fail the evaluation: no series is recorded and no alert changes state. Thanos' default. */
  ABORT = 'abort',
  /** Evaluate on the answers that came, and only warn. */
  WARN = 'warn',
}

/** Options of `RuleEngine.prometheus()`. */
export interface PrometheusEngineOptions {
  /**
   * Evaluate every rule this much in the past (the group's `query_offset`, Prometheus 2.53 and later), for
   * data that arrives late, e.g. by remote write. Detection is delayed by exactly this much: choose it just
   * above the delay of your data. Whole seconds, at most 1 hour.
   * @default - none (Prometheus' global `rule_query_offset`, 0 unless set)
   */
  readonly queryOffset?: Duration;
}

/** Options of `RuleEngine.thanosRuler()`. */
export interface ThanosRulerEngineOptions {
  /**
   * What Thanos Ruler does when a store does not answer, on every generated group. Keep `ABORT`: every
   * generated group holds alerts, and a ratio recorded from part of the data is wrong (the errors of one
   * store over the requests of another), and burn-rate alerts read these ratios for hours.
   * @default PartialResponseStrategy.ABORT
   */
  readonly partialResponseStrategy?: PartialResponseStrategy;
}

/** Options of `RuleEngine.mimir()`. */
export interface MimirEngineOptions {
  /**
   * The most rules in one group, Mimir's `ruler_max_rules_per_rule_group`. Larger groups are split into
   * parts named `<group>-2`, `<group>-3`, in rule order.
   * @default 20 (Mimir's default)
   */
  readonly maxRulesPerGroup?: number;
  /**
   * The most rule groups of one tenant, Mimir's `ruler_max_rule_groups_per_tenant`: synthesis fails when
   * the app's objects for `tenant` hold more.
   * @default 70 (Mimir's default)
   */
  readonly maxRuleGroupsPerTenant?: number;
  /**
   * The Mimir tenant the rules are loaded into (e.g. the `tenant_id` of Grafana Alloy's
   * `mimir.rules.kubernetes`). Only used to count each tenant's rule groups across the app.
   * @default - the default tenant: every object without a tenant is counted together
   */
  readonly tenant?: string;
  /**
   * Evaluate every rule this much in the past (the group's `query_offset`; Mimir's per-tenant
   * `ruler_query_offset` does the same for all groups). Detection is delayed by exactly this much: choose
   * it just above the delay of your data. Whole seconds, at most 1 hour.
   * @default - none (the tenant's `ruler_query_offset`)
   */
  readonly queryOffset?: Duration;
}

/** Options of `RuleEngine.victoriaMetrics()`. */
export interface VictoriaMetricsEngineOptions {
  /**
   * Evaluate every rule this much in the past: the group's `eval_delay` in the VMRule, which takes the place
   * of vmalert's `-rule.evalDelay` for the group. Detection is delayed by exactly this much. Whole seconds,
   * at most 1 hour.
   * @default - none (vmalert's `-rule.evalDelay`, 30s unless set)
   */
  readonly queryOffset?: Duration;
  /**
   * How often vmalert evaluates each SLO's short-window group (the 5-minute rates, the windows up to 6
   * hours, the pages): 10, 12, 15, 20, 30 or 60 seconds. vmalert writes recorded series by remote write
   * and reads them back from VictoriaMetrics, so a rule reading a series its own group recorded sees the
   * previous evaluation's value; the page reads the window ratios, which read the 5-minute rates: two
   * evaluations behind Prometheus, which sees each write at once. At 15 s those two hops cost 30 s, and
   * pages come within a minute of Prometheus's (at 60 s, 1 to 3 minutes later); the group then runs 4
   * times as often. Event counts (the minimum-events guard, calendar periods, `cdk8s-slo report`) follow
   * the interval. The long-window group stays at 4 minutes.
   * @default Duration.seconds(15)
   */
  readonly shortWindowInterval?: Duration;
}

type EngineKind = 'prometheus' | 'thanos-ruler' | 'mimir' | 'victoria-metrics';

interface EngineSettings {
  readonly kind: EngineKind;
  readonly queryOffset?: Duration;
  readonly partialResponseStrategy?: PartialResponseStrategy;
  readonly maxRulesPerGroup?: number;
  readonly maxRuleGroupsPerTenant?: number;
  readonly tenant?: string;
  readonly shortWindowInterval?: Duration;
}

/** vmalert's default short-window interval: see `VictoriaMetricsEngineOptions.shortWindowInterval`. */
const VICTORIA_METRICS_SHORT_WINDOW_INTERVAL = Duration.seconds(15);

/**
 * Which rule engine evaluates the SLOs' rules, and so which objects hold them. The rule groups are the
 * same for every engine; the object kind, a few group fields and the group sizes differ.
 */
export class RuleEngine {
  /**
   * Prometheus through prometheus-operator: `PrometheusRule` objects (`monitoring.coreos.com/v1`).
   * The default.
   */
  public static prometheus(options: PrometheusEngineOptions = {}): RuleEngine {
    return new RuleEngine({ kind: 'prometheus', queryOffset: options.queryOffset });
  }

  /**
   * Thanos Ruler through prometheus-operator's `ThanosRuler`: `PrometheusRule` objects whose groups carry
   * `partial_response_strategy`. (Thanos Ruler does not support `query_offset`.)
   */
  public static thanosRuler(options: ThanosRulerEngineOptions = {}): RuleEngine {
    return new RuleEngine({ kind: 'thanos-ruler', partialResponseStrategy: options.partialResponseStrategy ?? PartialResponseStrategy.ABORT });
  }

  /**
   * Grafana Mimir (or Cortex), loaded from `PrometheusRule` objects, e.g. by Grafana Alloy's
   * `mimir.rules.kubernetes`: groups are split to stay within the ruler's rules-per-group limit, and the
   * app's groups per tenant are checked against the groups-per-tenant limit.
   */
  public static mimir(options: MimirEngineOptions = {}): RuleEngine {
    return new RuleEngine({
      kind: 'mimir',
      queryOffset: options.queryOffset,
      maxRulesPerGroup: options.maxRulesPerGroup ?? MIMIR_DEFAULT_MAX_RULES_PER_GROUP,
      maxRuleGroupsPerTenant: options.maxRuleGroupsPerTenant ?? MIMIR_DEFAULT_MAX_RULE_GROUPS_PER_TENANT,
      tenant: options.tenant,
    });
  }

  /** VictoriaMetrics' vmalert through its operator: `VMRule` objects (`operator.victoriametrics.com/v1beta1`). */
  public static victoriaMetrics(options: VictoriaMetricsEngineOptions = {}): RuleEngine {
    return new RuleEngine({
      kind: 'victoria-metrics',
      queryOffset: options.queryOffset,
      shortWindowInterval: options.shortWindowInterval ?? VICTORIA_METRICS_SHORT_WINDOW_INTERVAL,
    });
  }

  /** The engine: `prometheus`, `thanos-ruler`, `mimir` or `victoria-metrics`. */
  public readonly kind: string;
  /** The kind of the objects holding the rules: `PrometheusRule` or `VMRule`. */
  public readonly objectKind: string;

  private constructor(private readonly settings: EngineSettings) {
    this.kind = settings.kind;
    this.objectKind = settings.kind === 'victoria-metrics' ? 'VMRule' : 'PrometheusRule';
  }

  /** @internal The tenant and group limit to check across the app; undefined for engines without one. */
  public get _tenantLimit(): { tenant?: string; maxGroups: number } | undefined {
    return this.settings.kind === 'mimir' ? { tenant: this.settings.tenant, maxGroups: this.settings.maxRuleGroupsPerTenant! } : undefined;
  }

  /**
   * @internal The short-window group's interval in seconds for this engine's SLOs; undefined for the
   * default (60 s) and for a value with a problem (reported by `_issues`).
   */
  public get _shortWindowIntervalSeconds(): number | undefined {
    const interval = this.settings.shortWindowInterval;
    if (interval === undefined) return undefined;
    const seconds = durationSeconds(interval);
    return shortWindowIntervalProblem(seconds) === undefined ? seconds : undefined;
  }

  /** @internal The problems of the options, under `field` (the prop holding this engine). */
  public _issues(field: string): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const { queryOffset, maxRulesPerGroup, maxRuleGroupsPerTenant, tenant, partialResponseStrategy, shortWindowInterval } = this.settings;
    if (queryOffset !== undefined) {
      const problem = queryOffsetProblem(durationSeconds(queryOffset));
      if (problem) issues.push(error(`${field}.queryOffset`, problem));
    }
    if (shortWindowInterval !== undefined) {
      const problem = shortWindowIntervalProblem(durationSeconds(shortWindowInterval));
      if (problem) issues.push(error(`${field}.shortWindowInterval`, problem));
    }
    for (const [name, value] of [['maxRulesPerGroup', maxRulesPerGroup], ['maxRuleGroupsPerTenant', maxRuleGroupsPerTenant]] as const) {
      const problem = value === undefined ? undefined : countLimitProblem(value);
      if (problem) issues.push(error(`${field}.${name}`, problem));
    }
    if (tenant !== undefined && (typeof tenant !== 'string' || tenant.length === 0)) {
      issues.push(error(`${field}.tenant`, 'must be a non-empty tenant id, or left out for the default tenant'));
    }
    if (partialResponseStrategy !== undefined && !Object.values(PartialResponseStrategy).includes(partialResponseStrategy)) {
      issues.push(error(`${field}.partialResponseStrategy`, `must be PartialResponseStrategy.ABORT or WARN, got ${JSON.stringify(partialResponseStrategy)}`));
    }
    return issues;
  }

  /** @internal Whether `other` is the same engine with the same options. */
  public _sameAs(other: RuleEngine): boolean {
    return this._key === other._key;
  }

  /** @internal A stable text of the engine and its options. */
  public get _key(): string {
    const { queryOffset, shortWindowInterval, ...rest } = this.settings;
    return JSON.stringify({
      ...rest,
      queryOffsetSeconds: queryOffset === undefined ? undefined : durationSeconds(queryOffset),
      shortWindowIntervalSeconds: shortWindowInterval === undefined ? undefined : durationSeconds(shortWindowInterval),
    });
  }

  /**
   * @internal The groups as this engine must receive them (split to its rules-per-group limit), or why
   * they cannot be split to it (the problem of the `maxRulesPerGroup` option).
   */
  public _prepareGroups(groups: readonly RuleGroup[]): { readonly groups: RuleGroup[]; readonly problem?: string } {
    const max = this.settings.maxRulesPerGroup;
    if (max === undefined || countLimitProblem(max) !== undefined) return { groups: [...groups] };
    try {
      return { groups: splitRuleGroups(groups, max) };
    } catch (e) {
      return { groups: [...groups], problem: (e as Error).message };
    }
  }

  /** @internal The groups as the object's `spec.groups`, with this engine's group fields. */
  public _renderGroups(groups: readonly RuleGroup[]): unknown[] {
    const offsetSeconds = this.settings.queryOffset === undefined ? undefined : durationSeconds(this.settings.queryOffset);
    const queryOffset = offsetSeconds !== undefined && queryOffsetProblem(offsetSeconds) === undefined ? (offsetSeconds === 0 ? '0s' : formatPromDuration(offsetSeconds)) : undefined;
    if (this.settings.kind === 'victoria-metrics') {
      return renderVmRuleGroups(groups, { evalDelay: queryOffset });
    }
    return renderRuleGroups(groups, { queryOffset, partialResponseStrategy: this.settings.partialResponseStrategy });
  }

  /** @internal Creates the object holding `groups` (rendered by `_renderGroups`, or a Lazy of them). */
  public _createObject(scope: Construct, id: string, metadata: ApiObjectMetadata, groups: unknown): ApiObject {
    if (this.settings.kind === 'victoria-metrics') {
      return new VmRule(scope, id, { metadata, spec: { groups: groups as any } });
    }
    return new PrometheusRule(scope, id, { metadata, spec: { groups: groups as any } });
  }
}
