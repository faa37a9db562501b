/**
 * Turns SLO definitions into document objects in a construct tree: the shared step of `SloDocuments`
 * (per app) and `SloProps.documents` (per SLO). The conversion itself is in src/documents.
 */
import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { TIER_ANNOTATION } from '../../documents/annotations';
import { mergeOpenSloDocuments, OpenSloObject, toOpenSlo } from '../../documents/openslo';
import { toPyrra } from '../../documents/pyrra';
import { slothBudgetPolicies, toSlothSlo } from '../../documents/sloth';
import { ServiceLevelObjective } from '../../imports/pyrra.dev';
import { PrometheusServiceLevel, PrometheusServiceLevelSpecSlos } from '../../imports/sloth.slok.dev';
import { SloDefinition, validateSloDefinition } from '../../model/slo-definition';
import { error, ValidationIssue } from '../../model/validation-issue';
import { ServiceTier } from '../service-tier';
import { SloDocumentFormat } from '../slo-document-format';
import { describeIssue, hasErrors } from './construct-validation';

/** One SLO to write, with where it is (for messages) and its tier (when a template chose one). */
export interface DocumentInput {
  readonly definition: SloDefinition;
  readonly path: string;
  readonly tier?: string;
}

/**
 * What emitting found: errors stop synthesis; warnings are printed. An issue's prop is the format
 * (`Sloth`) for one SLO's documents, the SLO's path for an app's.
 */
export interface EmitResult {
  readonly issues: ValidationIssue[];
}

const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'cdk8s-slo' };
const FORMAT_TITLES: Record<string, string> = { openslo: 'OpenSLO', sloth: 'Sloth', pyrra: 'Pyrra' };

/** A format's name for messages and construct ids: `OpenSLO`, `Sloth`, `Pyrra`. */
export function formatTitle(format: SloDocumentFormat): string {
  return FORMAT_TITLES[format.name] ?? format.name;
}

/** Whether a definition is complete and valid; invalid SLOs report their own errors and get no documents. */
export function isDocumentable(definition: SloDefinition | undefined): definition is SloDefinition {
  return definition !== undefined && definition.indicator !== undefined
    && !validateSloDefinition(definition).some((issue) => issue.severity === 'error');
}

/** The tier of the template an SLO belongs to, if any: the nearest scope with a `tier` that is a ServiceTier. */
export function tierOf(scope: IConstruct): string | undefined {
  for (const ancestor of [...scope.node.scopes].reverse()) {
    const tier = (ancestor as { tier?: unknown }).tier;
    if (tier instanceof ServiceTier) return tier.name;
  }
  return undefined;
}

/**
 * Creates the objects of `format` for `inputs` under `scope`: one set of documents for all of them
 * (`perSlo: false`, shared OpenSLO documents once, one Sloth resource per service) or for one SLO.
 * Nothing is created when there are errors.
 */
export function emitDocuments(scope: Construct, format: SloDocumentFormat, inputs: readonly DocumentInput[], perSlo: boolean): EmitResult {
  const title = formatTitle(format);
  const issues: ValidationIssue[] = [];
  const report = (input: DocumentInput, found: readonly ValidationIssue[]) => {
    for (const issue of found) {
      const severity = format._options.strict ? 'error' : issue.severity;
      issues.push(perSlo
        ? { field: title, message: describeIssue(issue), severity }
        : { field: input.path, message: `${title}: ${describeIssue(issue)}`, severity });
    }
  };
  const options = format._options;
  switch (format.name) {
    case 'openslo': {
      if (perSlo && options.inline === false) {
        issues.push(error(title, 'documents per SLO are always inline (shared documents would repeat for every SLO); drop inline: false, or use SloDocuments for the app'));
        return { issues };
      }
      const documents: OpenSloObject[] = [];
      for (const input of inputs) {
        const result = toOpenSlo(input.definition, {
          inline: perSlo || (options.inline ?? false),
          dataSourceName: options.dataSourceName,
          prometheusUrl: options.prometheusUrl,
          tier: input.tier,
        });
        report(input, result.issues);
        documents.push(...result.documents);
      }
      const merged = mergeOpenSloDocuments(documents);
      issues.push(...merged.conflicts.map((conflict) => error(title, conflict)));
      if (hasErrors(issues)) return { issues };
      for (const document of merged.documents) {
        new OpenSloApiObject(scope, `${document.kind}-${document.metadata.name}`, document);
      }
      return { issues };
    }
    case 'sloth': {
      const byService = new Map<string, { slos: PrometheusServiceLevelSpecSlos[]; inputs: DocumentInput[] }>();
      for (const input of inputs) {
        const result = toSlothSlo(input.definition, { periodSeconds: options.periodSeconds });
        report(input, result.issues);
        const key = perSlo ? `${input.definition.service}-${input.definition.name}` : input.definition.service;
        const entry = byService.get(key) ?? { slos: [], inputs: [] };
        entry.slos.push(...result.documents);
        entry.inputs.push(input);
        byService.set(key, entry);
      }
      if (hasErrors(issues)) return { issues };
      for (const [key, entry] of byService) {
        const tiers = [...new Set(entry.inputs.map((i) => i.tier))];
        const annotations = slothBudgetPolicies(entry.inputs.map((i) => i.definition));
        new PrometheusServiceLevel(scope, perSlo ? 'Resource' : `PrometheusServiceLevel-${key}`, {
          metadata: {
            name: `sloth-${key}`,
            labels: { ...MANAGED_BY, ...(tiers.length === 1 && tiers[0] ? { [TIER_ANNOTATION]: tiers[0] } : {}) },
            ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
          },
          spec: { service: entry.inputs[0].definition.service, slos: entry.slos },
        });
      }
      return { issues };
    }
    case 'pyrra': {
      const objects: Array<ReturnType<typeof toPyrra>['documents'][number] & { tier?: string }> = [];
      for (const input of inputs) {
        const result = toPyrra(input.definition, { prometheus3BucketBounds: options.prometheus3BucketBounds });
        report(input, result.issues);
        objects.push(...result.documents.map((d) => ({ ...d, tier: input.tier })));
      }
      if (hasErrors(issues)) return { issues };
      for (const object of objects) {
        new ServiceLevelObjective(scope, perSlo ? 'Resource' : `ServiceLevelObjective-${object.metadata.name}`, {
          metadata: {
            name: object.metadata.name,
            labels: { ...MANAGED_BY, ...(object.tier ? { [TIER_ANNOTATION]: object.tier } : {}), ...object.metadata.labels },
            ...(Object.keys(object.metadata.annotations).length > 0 ? { annotations: object.metadata.annotations } : {}),
          },
          spec: object.spec,
        });
      }
      return { issues };
    }
    default:
      return { issues: [error('format', `unknown document format "${format.name}"`)] };
  }
}

/**
 * An OpenSLO document in a chart. OpenSLO objects are Kubernetes-shaped but not Kubernetes resources:
 * the chart's namespace and labels are not added (OpenSLO metadata has no namespace, and validators
 * reject unknown fields).
 */
class OpenSloApiObject extends ApiObject {
  private readonly document: OpenSloObject;

  public constructor(scope: Construct, id: string, document: OpenSloObject) {
    super(scope, id, { apiVersion: document.apiVersion, kind: document.kind, metadata: { name: document.metadata.name } });
    this.document = document;
  }

  public override toJson(): any {
    return JSON.parse(JSON.stringify(this.document));
  }
}
