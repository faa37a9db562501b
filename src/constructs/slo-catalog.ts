import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { reportIssues } from './internal/construct-validation';
import { inventoryFieldError, readInventoryFile } from './internal/inventory-file';
import { RuleEngine } from './rule-engine';
import { NotificationChannels, ServiceTier } from './service-tier';
import { Slo } from './slo';
import { SloDocumentFormat } from './slo-document-format';
import { SloRuleSet } from './slo-rule-set';
import { ApiServiceSlo } from './templates/api-service-slo';
import { HttpServiceSlo, HttpServiceSloProps } from './templates/http-service-slo';
import { WebServiceSlo } from './templates/web-service-slo';
import { formatDecimal } from '../model/decimal';
import { ValidationIssue } from '../model/validation-issue';
import { sloConstructId, SloInventoryService } from '../planning/slo-inventory';

/** Props of `SloCatalog.fromInventory`: the inventory file and options shared by every service. */
export interface SloCatalogProps {
  /**
   * The SLO inventory JSON written by `cdk8s-slo generate --format inventory`. A relative path is
   * resolved against the working directory of the app (where `cdk8s synth` runs).
   */
  readonly file: string;
  /**
   * Labels on each PrometheusRule object, e.g. what your Prometheus's `ruleSelector` matches.
   * @default - only `app.kubernetes.io/managed-by: cdk8s-slo`
   */
  readonly ruleLabels?: { [name: string]: string };
  /**
   * Extra labels on every generated series and alert of every service.
   * @default - only each service's `team`
   */
  readonly labels?: { [name: string]: string };
  /**
   * Where alerts of each urgency go (the `channel` label).
   * @default - pagerduty-critical, slack-incidents and slack-alerts
   */
  readonly channels?: NotificationChannels;
  /**
   * Whether each objective synthesizes its own PrometheusRule (see `SloProps.prometheusRule`).
   * @default true
   */
  readonly prometheusRule?: boolean;
  /**
   * A shared rule set for every objective's rules: a few size-limited PrometheusRule objects instead of
   * one per objective, for large inventories.
   * @default - a PrometheusRule per objective
   */
  readonly ruleSet?: SloRuleSet;
  /**
   * The rule engine of each objective's own rules object (see `SloProps.engine`); with `ruleSet`, the
   * set's engine applies.
   * @default - the rule set's engine with `ruleSet`, else RuleEngine.prometheus()
   */
  readonly engine?: RuleEngine;
  /**
   * Documents each objective emits (see `SloProps.documents`).
   * @default - none
   */
  readonly documents?: SloDocumentFormat[];
}

/** One objective of the catalog, with the goal it ratchets toward. */
export interface SloCatalogObjective {
  /** The SLO service name (`slo_service`). */
  readonly service: string;
  /** The objective (`slo_name`): `availability` or `latency`. */
  readonly objective: string;
  /** The target in effect. */
  readonly target: number;
  /**
   * The target to ratchet toward, from a progressive inventory.
   * @default - none: the target is already the tier's
   */
  readonly goalTarget?: number;
}

/**
 * SLOs for many services from an SLO inventory (the JSON `cdk8s-slo generate --format inventory`
 * writes from discovered services): one `ApiServiceSlo` or `WebServiceSlo` per service, with its tier,
 * selector, targets and latency threshold, named after the service (`<id>/<service>`; `<id>/constructor_service`
 * for a service named `constructor`, which the constructs library cannot take as an id).
 *
 * A file that cannot be read or is malformed creates no SLOs and fails synthesis, naming this construct's
 * path, the file and the field (`services[2].objectives.latency.thresholdSeconds`); problems the
 * templates find (a threshold that is not a bucket bound) fail it under the service's path.
 */
export class SloCatalog extends Construct {
  /** Reads `props.file` and creates the SLOs of every service in it. */
  public static fromInventory(scope: Construct, id: string, props: SloCatalogProps): SloCatalog {
    return new SloCatalog(scope, id, props);
  }

  /** The service templates, in inventory order. */
  public readonly templates: HttpServiceSlo[];
  /** Every objective with its target and goal, in inventory order. */
  public readonly objectives: SloCatalogObjective[];

  private constructor(scope: Construct, id: string, props: SloCatalogProps) {
    super(scope, id);
    const read = readInventoryFile(props.file);
    const issues: ValidationIssue[] = [...read.issues];
    reportIssues(this, () => issues);
    const services = (read.inventory?.services ?? []).flatMap((entry, index) => {
      const template = this.createTemplate(entry, index, props, issues);
      return template ? [{ entry, template }] : [];
    });
    this.templates = services.map(({ template }) => template);
    this.objectives = services.flatMap(({ entry }) => (['availability', 'latency'] as const).flatMap((objective) => {
      const numbers = entry.objectives[objective];
      return numbers ? [{
        service: entry.service,
        objective,
        target: numbers.target,
        ...(numbers.goalTarget !== undefined ? { goalTarget: numbers.goalTarget } : {}),
      }] : [];
    }));
  }

  /** Every SLO of every service. */
  public get slos(): Slo[] {
    return this.templates.flatMap((template) => template.slos);
  }

  /** The template of one service; none when its numbers cannot be used (the problem goes to `issues`). */
  private createTemplate(entry: SloInventoryService, index: number, props: SloCatalogProps, issues: ValidationIssue[]): HttpServiceSlo | undefined {
    const latency = entry.objectives.latency;
    let latencyThreshold: Duration | undefined;
    if (latency) {
      // cdk8s Durations hold whole milliseconds; every default bucket bound is one.
      const millis = Math.round(latency.thresholdSeconds * 1000);
      if (Math.abs(millis - latency.thresholdSeconds * 1000) > 1e-6) {
        issues.push(inventoryFieldError(props.file, `services[${index}].objectives.latency.thresholdSeconds: `
          + `must be a whole number of milliseconds, got ${formatDecimal(latency.thresholdSeconds)}`));
        return undefined;
      }
      latencyThreshold = Duration.millis(millis);
    }
    const templateProps: HttpServiceSloProps = {
      service: entry.service,
      ...(entry.team !== undefined ? { team: entry.team } : {}),
      tier: ServiceTier.of(entry.tier),
      selector: { ...entry.selector },
      labels: props.labels,
      channels: props.channels,
      ruleLabels: props.ruleLabels,
      prometheusRule: props.prometheusRule,
      ruleSet: props.ruleSet,
      engine: props.engine,
      documents: props.documents,
      latencyThreshold,
      availability: entry.objectives.availability ? { target: entry.objectives.availability.target } : { enabled: false },
      latency: latency ? { target: latency.target } : { enabled: false },
    };
    return entry.template === 'web'
      ? new WebServiceSlo(this, sloConstructId(entry.service), templateProps)
      : new ApiServiceSlo(this, sloConstructId(entry.service), templateProps);
  }
}
