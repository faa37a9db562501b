import { Construct } from 'constructs';
import { reportIssues } from './internal/construct-validation';
import { DocumentInput, emitDocuments, EmitResult, isDocumentable, tierOf } from './internal/slo-document-emitters';
import { Slo } from './slo';
import { SloDocumentFormat } from './slo-document-format';

/** Props of `SloDocuments`. */
export interface SloDocumentsProps {
  /** The format, e.g. `SloDocumentFormat.OPENSLO` or `SloDocumentFormat.sloth({ period: Duration.days(28) })`. */
  readonly format: SloDocumentFormat;
  /**
   * The SLOs to write.
   * @default - every `Slo` in the app, in construct-tree order, including SLOs created after this construct
   */
  readonly slos?: Slo[];
}

/**
 * The SLOs of an app (or the given ones) as documents of one format, emitted into this construct's chart
 * at synthesis, when the app is complete:
 * - OpenSLO v1: Service, DataSource, SLI, AlertNotificationTarget, AlertCondition, AlertPolicy and SLO
 *   documents, each shared one once. They are not Kubernetes resources: give them a chart of their own
 *   (one YAML file) and hand that file to OpenSLO tools, not to `kubectl apply`;
 * - Sloth: one `PrometheusServiceLevel` per service (named `sloth-<service>`);
 * - Pyrra: one `ServiceLevelObjective` per SLO (named `<service>-<name>`).
 *
 * When an operator generates the rules, switch off each SLO's own PrometheusRule (`prometheusRule: false`).
 * What a format cannot express fails synthesis with the SLO's path and field; approximations are printed
 * as warnings (errors with `strict`). SLOs with errors of their own are left out: they report them.
 */
export class SloDocuments extends Construct {
  /** The format. */
  public readonly format: SloDocumentFormat;

  private readonly slos?: Slo[];
  private emitted?: EmitResult;

  public constructor(scope: Construct, id: string, props: SloDocumentsProps) {
    super(scope, id);
    this.format = props.format;
    this.slos = props.slos ? [...props.slos] : undefined;
    // cdk8s has no "prepare" phase: validation is the first step of synthesis and runs before any chart
    // is rendered, so the documents are created there, once, from the complete app.
    reportIssues(this, () => this.emit().issues);
  }

  private emit(): EmitResult {
    if (!this.emitted) {
      const inputs: DocumentInput[] = (this.slos ?? Slo._findAll(this))
        .filter((slo) => isDocumentable(slo._definition))
        .map((slo) => ({ definition: slo._definition, path: slo.node.path, tier: tierOf(slo) }));
      this.emitted = emitDocuments(this, this.format, inputs, false);
    }
    return this.emitted;
  }
}
