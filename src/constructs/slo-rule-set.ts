import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { reportIssues } from './internal/construct-validation';
import { registerTenantGroups } from './internal/tenant-group-count';
import { RuleEngine } from './rule-engine';
import { isDnsLabel, MANAGED_BY_LABEL_KEY, MANAGED_BY_LABEL_VALUE, ruleLabelIssues } from '../model/kubernetes-names';
import { error, ValidationIssue } from '../model/validation-issue';
import { RuleGroup } from '../rules/rule';
import { MAX_SHARDS, PackableRules, packRules, rulesSizeBytes, stableHash } from '../rules/rule-packing';

/**
 * The default size limit of one object's rule groups: well under the 256 KiB that client-side
 * `kubectl apply` can store in its last-applied annotation, and far under the 1 MiB of an object.
 */
const DEFAULT_MAX_BYTES_PER_OBJECT = 200_000;

/** Props of an `SloRuleSet`. */
export interface SloRuleSetProps {
  /**
   * The PrometheusRule objects are named `<namePrefix>-<n>`.
   * @default "slo-rules"
   */
  readonly namePrefix?: string;
  /**
   * The most bytes of rule groups (as JSON) one PrometheusRule object may hold.
   * @default 200000 (fits client-side `kubectl apply`'s 256 KiB annotation)
   */
  readonly maxBytesPerObject?: number;
  /**
   * Labels on each PrometheusRule object, e.g. what your Prometheus's `ruleSelector` matches.
   * @default - only `app.kubernetes.io/managed-by: cdk8s-slo`
   */
  readonly ruleLabels?: { [name: string]: string };
  /**
   * The rule engine that evaluates the rules, and so the kind of the objects (see `RuleEngine`). Every SLO
   * in the set uses it.
   * @default RuleEngine.prometheus()
   */
  readonly engine?: RuleEngine;
}

/**
 * Packs the rules of many SLOs into few PrometheusRule objects, each under `maxBytesPerObject`. Pass it
 * to SLOs (or templates) as `ruleSet`; they then write their rule groups here instead of into one
 * object each. Apps with thousands of SLOs stay at a few dozen objects.
 *
 * An SLO's object is chosen by a hash of its service and name, and the number of objects is the smallest
 * power of two in which every object fits. Adding or removing an SLO therefore changes only the object
 * that holds it, until the number of objects has to double; then each object splits in two.
 */
export class SloRuleSet extends Construct {
  /** The name prefix of the objects. */
  public readonly namePrefix: string;
  /** The size limit of one object's rule groups, in bytes. */
  public readonly maxBytesPerObject: number;
  /** The rule engine of the set's objects. */
  public readonly engine: RuleEngine;

  private readonly ruleLabels: Record<string, string>;
  private readonly members = new Map<string, PackableRules>();
  /** Which SLO (by construct path) each rule group name belongs to: names must be unique in a rule file. */
  private readonly groupOwners = new Map<string, string>();
  private readonly shardObjects = new Map<number, ApiObject>();
  private readonly problems: ValidationIssue[] = [];
  private shardCount = 1;
  /** How many groups the members hold, for the engine's per-tenant limit. */
  private groupCount = 0;
  private shardSizes: number[] = [0];
  private packing?: { memberCount: number; shards: readonly (readonly PackableRules[])[] };

  public constructor(scope: Construct, id: string, props: SloRuleSetProps = {}) {
    super(scope, id);
    this.namePrefix = props.namePrefix ?? 'slo-rules';
    this.maxBytesPerObject = props.maxBytesPerObject ?? DEFAULT_MAX_BYTES_PER_OBJECT;
    this.ruleLabels = { [MANAGED_BY_LABEL_KEY]: MANAGED_BY_LABEL_VALUE, ...(props.ruleLabels ?? {}) };
    // Shard suffixes (`-12`) must still fit a DNS label.
    if (!isDnsLabel(this.namePrefix, 50)) {
      this.problems.push(error('namePrefix', `"${this.namePrefix}" must be a lowercase DNS label of at most 50 characters`));
    }
    if (!Number.isInteger(this.maxBytesPerObject) || this.maxBytesPerObject < 10_000) {
      this.problems.push(error('maxBytesPerObject', `must be a whole number of bytes, at least 10000, got ${this.maxBytesPerObject}`));
    }
    this.problems.push(...ruleLabelIssues('ruleLabels', props.ruleLabels));
    this.engine = props.engine ?? RuleEngine.prometheus();
    this.problems.push(...this.engine._issues('engine'));
    const tenantIssues = registerTenantGroups(this, this.engine, () => this.groupCount);
    reportIssues(this, () => [...this.problems, ...this.objectNameClashes(), ...tenantIssues()]);
  }

  /** The rules objects (PrometheusRule, or the engine's kind), in shard order. */
  public get objects(): ApiObject[] {
    return [...this.shardObjects.entries()].sort(([a], [b]) => a - b).map(([, object]) => object);
  }

  /**
   * @internal Adds one SLO's rule groups; `path` names the SLO in errors. Returns why they cannot be added
   * when a group name is already taken (service `a-b` + SLO `c` and `a` + `b-c` give the same names):
   * Prometheus refuses a rule file with two groups of one name, whichever object they end up in.
   */
  public _add(key: string, path: string, sloGroups: readonly RuleGroup[]): string | undefined {
    const { groups, problem } = this.engine._prepareGroups(sloGroups);
    if (problem !== undefined) {
      this.problems.push(error('engine.maxRulesPerGroup', `the rules of ${path}: ${problem}`));
      return undefined;
    }
    for (const group of groups) {
      const owner = this.groupOwners.get(group.name);
      if (owner !== undefined && owner !== path) {
        return `the rule group "${group.name}" of this SLO has the same name as a group of ${owner} in the rule set ${this.node.path}; rename the service or the SLO`;
      }
    }
    for (const group of groups) this.groupOwners.set(group.name, path);
    const item: PackableRules = { key, groups, sizeBytes: rulesSizeBytes(groups) };
    if (item.sizeBytes > this.maxBytesPerObject) {
      this.problems.push(error('maxBytesPerObject', `the rules of ${path} take ${item.sizeBytes} bytes, more than the ${this.maxBytesPerObject} allowed per object`));
      return undefined;
    }
    this.groupCount += groups.length - (this.members.get(key)?.groups.length ?? 0);
    this.members.set(key, item);
    this.place(item);
    while (this.shardSizes.some((size) => size > this.maxBytesPerObject)) {
      if (this.shardCount * 2 > MAX_SHARDS) {
        this.problems.push(error('maxBytesPerObject', `${this.members.size} SLOs do not fit into ${MAX_SHARDS} objects of ${this.maxBytesPerObject} bytes; raise the limit`));
        return undefined;
      }
      this.shardCount *= 2;
      this.shardSizes = new Array<number>(this.shardCount).fill(0);
      for (const member of this.members.values()) this.place(member);
    }
    return undefined;
  }

  /** Other objects of the app with the kind, namespace and name of one of this set's objects (one would replace the other). */
  private objectNameClashes(): ValidationIssue[] {
    const all = this.node.root.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
    const own = new Set<ApiObject>(this.shardObjects.values());
    return [...own].flatMap((object) => all
      .filter((other) => !own.has(other) && other.kind === object.kind && other.name === object.name
        && (other.metadata.namespace ?? '') === (object.metadata.namespace ?? ''))
      .map((other) => error('namePrefix', `the object "${object.name}" has the same name as ${other.node.path}; choose another namePrefix`)));
  }

  private place(item: PackableRules): void {
    const shard = stableHash(item.key) % this.shardCount;
    this.shardSizes[shard] += item.sizeBytes;
    if (!this.shardObjects.has(shard)) {
      this.shardObjects.set(shard, this.engine._createObject(this, `Shard${shard}`,
        { name: `${this.namePrefix}-${shard}`, labels: { ...this.ruleLabels } },
        Lazy.any({ produce: () => this.groupsOfShard(shard) })));
    }
  }

  /** The groups of one shard at synthesis, in the order of the SLOs' keys (the same as `packRules`). */
  private groupsOfShard(shard: number): unknown[] {
    if (this.packing?.memberCount !== this.members.size) {
      const packing = packRules([...this.members.values()], this.maxBytesPerObject);
      this.packing = { memberCount: this.members.size, shards: packing.shards };
    }
    const members = this.packing.shards[shard] ?? [];
    return this.engine._renderGroups(members.flatMap((member) => member.groups));
  }
}
