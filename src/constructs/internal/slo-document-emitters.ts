/**
 * Turns SLO definitions into document objects in a construct tree: the shared step of `SloDocuments`
 * (per app) and `SloProps.documents` (per SLO). The conversion itself is in src/documents.
 */
import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { describeIssue, hasErrors } from './construct-validation';
import { TIER_ANNOTATION } from '../../documents/annotations';
import { DOCUMENT_FORMAT_TITLES, DocumentFormat } from '../../documents/document-formats';
import { ResolvedFormatOptions } from '../../documents/format-options';
import { mergeOpenSloDocuments, OpenSloObject, toOpenSlo } from '../../documents/openslo';
import { PyrraObject, toPyrra } from '../../documents/pyrra';
import { slothBudgetPolicies, toSlothSlo } from '../../documents/sloth';
import { ServiceLevelObjective } from '../../imports/pyrra.dev';
import { PrometheusServiceLevel, PrometheusServiceLevelSpecSlos } from '../../imports/sloth.slok.dev';
import { MANAGED_BY_LABEL_KEY, MANAGED_BY_LABEL_VALUE } from '../../model/kubernetes-names';
import { SloDefinition, validateSloDefinition } from '../../model/slo-definition';
import { error, ValidationIssue } from '../../model/validation-issue';
import { ServiceTier } from '../service-tier';
import { SloDocumentFormat } from '../slo-document-format';

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

const MANAGED_BY = { [MANAGED_BY_LABEL_KEY]: MANAGED_BY_LABEL_VALUE };

/** A format's name for messages and construct ids: `OpenSLO`, `Sloth`, `Pyrra`. */
export function formatTitle(format: SloDocumentFormat): string {
  return DOCUMENT_FORMAT_TITLES[format._format];
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

/** What every format's emitter works with. */
interface EmitContext {
  readonly scope: Construct;
  readonly options: ResolvedFormatOptions;
  readonly inputs: readonly DocumentInput[];
  /** Documents for one SLO (`SloProps.documents`) rather than for an app (`SloDocuments`). */
  readonly perSlo: boolean;
  readonly title: string;
  /** Everything found so far; an emitter creates nothing once it holds an error. */
  readonly issues: ValidationIssue[];
  /** Adds the issues one SLO's conversion found. */
  report(input: DocumentInput, found: readonly ValidationIssue[]): void;
}

/** Creates one format's objects under the context's scope, or reports why it cannot. */
type DocumentEmitter = (context: EmitContext) => void;

const EMITTERS: Readonly<Record<DocumentFormat, DocumentEmitter>> = {
  openslo: emitOpenSlo,
  sloth: emitSloth,
  pyrra: emitPyrra,
};

/**
 * Creates the objects of `format` for `inputs` under `scope`: one set of documents for all of them
 * (`perSlo: false`, shared OpenSLO documents once, one Sloth resource per service) or for one SLO.
 * Nothing is created when there are errors.
 */
export function emitDocuments(scope: Construct, format: SloDocumentFormat, inputs: readonly DocumentInput[], perSlo: boolean): EmitResult {
  const title = formatTitle(format);
  const options = format._options;
  const issues: ValidationIssue[] = [];
  const report = (input: DocumentInput, found: readonly ValidationIssue[]) => {
    for (const issue of found) {
      const severity = options.strict ? 'error' : issue.severity;
      issues.push(perSlo
        ? { field: title, message: describeIssue(issue), severity }
        : { field: input.path, message: `${title}: ${describeIssue(issue)}`, severity });
    }
  };
  EMITTERS[format._format]({ scope, options, inputs, perSlo, title, issues, report });
  return { issues };
}

/** OpenSLO: every SLO's documents, shared ones (Service, DataSource, targets) merged to one each. */
function emitOpenSlo({ scope, options, inputs, perSlo, title, issues, report }: EmitContext): void {
  if (perSlo && options.inline === false) {
    issues.push(error(title, 'documents per SLO are always inline (shared documents would repeat for every SLO); drop inline: false, or use SloDocuments for the app'));
    return;
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
  if (hasErrors(issues)) return;
  for (const document of merged.documents) {
    new OpenSloApiObject(scope, `${document.kind}-${document.metadata.name}`, document);
  }
}

/** Sloth: one PrometheusServiceLevel per service (per SLO for one SLO's documents). */
function emitSloth({ scope, options, inputs, perSlo, issues, report }: EmitContext): void {
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
  if (hasErrors(issues)) return;
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
}

/** Pyrra: one ServiceLevelObjective per SLO. */
function emitPyrra({ scope, options, inputs, perSlo, issues, report }: EmitContext): void {
  const objects: Array<PyrraObject & { tier?: string }> = [];
  for (const input of inputs) {
    const result = toPyrra(input.definition, { prometheus3BucketBounds: options.prometheus3BucketBounds });
    report(input, result.issues);
    objects.push(...result.documents.map((d) => ({ ...d, tier: input.tier })));
  }
  if (hasErrors(issues)) return;
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
