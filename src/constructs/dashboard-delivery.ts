import { ApiObject, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import {
  DashboardObjectProps, folderProblems, goDuration, gzipBase64, labelProblems, printable,
} from './internal/dashboard-objects';
import { durationSeconds } from './internal/duration-conversion';
import { GrafanaDashboard } from '../imports/grafana.integreatly.org';
import { isQualifiedName } from '../model/kubernetes-names';
import { error, ValidationIssue } from '../model/validation-issue';

/** Options of `DashboardDelivery.configMap`. */
export interface ConfigMapDashboardDeliveryOptions {
  /**
   * The Grafana folder, written to the folder annotation that Grafana's dashboard sidecar reads (the
   * sidecar needs `folderAnnotation` set and `provider.foldersFromFilesStructure: true`).
   * @default - the sidecar's default folder
   */
  readonly folder?: string;
  /**
   * Labels on the ConfigMap, added to `grafana_dashboard: "1"` (the label kube-prometheus-stack's sidecar
   * looks for; override its value here if your sidecar matches another one).
   * @default - only `grafana_dashboard: "1"`
   */
  readonly labels?: { [key: string]: string };
  /**
   * The annotation naming the folder (the sidecar's `folderAnnotation` setting).
   * @default 'grafana_folder'
   */
  readonly folderAnnotation?: string;
}

/** Maps a datasource input of the dashboard JSON to a datasource of the Grafana instance. */
export interface DashboardDatasourceMapping {
  /**
   * The input's name: grafana-operator replaces every `${inputName}` in the dashboard JSON, e.g.
   * `DS_PROMETHEUS`. The first mapping's input is the datasource the dashboard selects at first (unless
   * the dashboard's `datasource` is set).
   */
  readonly inputName: string;
  /** The name of the datasource in Grafana, e.g. `Prometheus`. */
  readonly datasourceName: string;
}

/** Options of `DashboardDelivery.grafanaOperator`. */
export interface GrafanaOperatorDashboardDeliveryOptions {
  /** Labels of the `Grafana` instances that import the dashboard (`spec.instanceSelector.matchLabels`). */
  readonly instanceSelector: { [key: string]: string };
  /**
   * The Grafana folder (`spec.folder`), created when missing.
   * @default - Grafana's default folder
   */
  readonly folder?: string;
  /**
   * How often the operator re-applies the dashboard, overwriting changes made in Grafana (`spec.resyncPeriod`);
   * zero applies it only when the object changes.
   * @default - the operator's default (10 minutes)
   */
  readonly resyncPeriod?: Duration;
  /**
   * Datasource inputs the operator replaces in the dashboard JSON (`spec.datasources`).
   * @default - none: the dashboard selects Grafana's default Prometheus datasource
   */
  readonly datasources?: DashboardDatasourceMapping[];
  /**
   * Ship the JSON gzipped and base64-encoded (`spec.gzipJson`) rather than as text (`spec.json`): about
   * a tenth of the size, for big dashboards.
   * @default false
   */
  readonly gzip?: boolean;
}

/** The label kube-prometheus-stack's Grafana sidecar selects dashboard ConfigMaps by. */
const SIDECAR_LABEL = 'grafana_dashboard';
const SIDECAR_FOLDER_ANNOTATION = 'grafana_folder';
/** A datasource input name, as Grafana's exports write them (`DS_PROMETHEUS`). */
const INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Inputs the dashboards use themselves: `${datasource}` is the datasource variable. */
const RESERVED_INPUT_NAMES: readonly string[] = ['datasource'];

/**
 * How a dashboard reaches Grafana: a ConfigMap for Grafana's dashboard sidecar (kube-prometheus-stack),
 * or a `GrafanaDashboard` for grafana-operator.
 */
export class DashboardDelivery {
  /**
   * A ConfigMap labelled `grafana_dashboard: "1"` holding `<name>.json`, which the Grafana sidecar of
   * kube-prometheus-stack loads (put it in a namespace the sidecar watches).
   */
  public static configMap(options: ConfigMapDashboardDeliveryOptions = {}): DashboardDelivery {
    return new DashboardDelivery('configMap', options, undefined);
  }

  /** A grafana-operator v5 `GrafanaDashboard` (grafana.integreatly.org/v1beta1). */
  public static grafanaOperator(options: GrafanaOperatorDashboardDeliveryOptions): DashboardDelivery {
    return new DashboardDelivery('grafanaOperator', undefined, options);
  }

  private constructor(
    private readonly kind: 'configMap' | 'grafanaOperator',
    private readonly configMapOptions: ConfigMapDashboardDeliveryOptions | undefined,
    private readonly operatorOptions: GrafanaOperatorDashboardDeliveryOptions | undefined,
  ) {}

  /** @internal The folder set on the delivery. */
  public get _folder(): string | undefined {
    return this.configMapOptions?.folder ?? this.operatorOptions?.folder;
  }

  /** @internal The datasource a dashboard selects at first through this delivery: the first operator input. */
  public get _defaultDatasource(): string | undefined {
    const first = this.operatorOptions?.datasources?.[0];
    return first ? `\${${first.inputName}}` : undefined;
  }

  /** @internal The object kind this delivery emits. */
  public get _objectKind(): string {
    return this.kind === 'configMap' ? 'ConfigMap' : GrafanaDashboard.GVK.kind;
  }

  /** @internal Problems with the delivery's options. */
  public _validate(): ValidationIssue[] {
    const problems: ValidationIssue[] = [];
    if (this.configMapOptions) {
      const options = this.configMapOptions;
      problems.push(...folderProblems('delivery.folder', options.folder));
      problems.push(...labelProblems('delivery.labels', options.labels ?? {}));
      if (options.folderAnnotation !== undefined && !isQualifiedName(options.folderAnnotation)) {
        problems.push(error('delivery.folderAnnotation', `"${printable(options.folderAnnotation)}" is not a valid annotation key (e.g. grafana_folder)`));
      }
    }
    if (this.operatorOptions) {
      const options = this.operatorOptions;
      const selector = options.instanceSelector ?? {};
      if (Object.keys(selector).length === 0) {
        problems.push(error('delivery.instanceSelector', 'must hold at least one label of the Grafana instances to import into, e.g. { dashboards: "grafana" }'));
      }
      problems.push(...labelProblems('delivery.instanceSelector', selector));
      problems.push(...folderProblems('delivery.folder', options.folder));
      if (options.resyncPeriod !== undefined) {
        const seconds = durationSeconds(options.resyncPeriod);
        if (!Number.isFinite(seconds) || seconds < 0 || !Number.isInteger(seconds)) {
          problems.push(error('delivery.resyncPeriod', `must be a whole number of seconds, zero or more, got ${seconds} seconds`));
        }
      }
      const inputs = new Set<string>();
      (options.datasources ?? []).forEach((mapping, index) => {
        const field = `delivery.datasources[${index}]`;
        if (typeof mapping.inputName !== 'string' || !INPUT_NAME.test(mapping.inputName)) {
          problems.push(error(`${field}.inputName`, `"${printable(mapping.inputName)}" must be letters, digits and underscores, e.g. DS_PROMETHEUS`));
        } else if (RESERVED_INPUT_NAMES.includes(mapping.inputName)) {
          problems.push(error(`${field}.inputName`, `"${mapping.inputName}" is the dashboard's own datasource variable (\${${mapping.inputName}}); use another name, e.g. DS_PROMETHEUS`));
        } else if (inputs.has(mapping.inputName)) {
          problems.push(error(`${field}.inputName`, `"${mapping.inputName}" is mapped twice`));
        }
        inputs.add(mapping.inputName);
        if (typeof mapping.datasourceName !== 'string' || mapping.datasourceName.trim() === '' || /[\u0000-\u001f\u007f]/.test(mapping.datasourceName)) {
          problems.push(error(`${field}.datasourceName`, 'must name a datasource of the Grafana instance, e.g. Prometheus'));
        }
      });
    }
    return problems;
  }

  /** @internal The text the delivery ships (base64 of gzip for a gzipped operator delivery). */
  public _payload(json: string): string {
    return this.operatorOptions?.gzip ? gzipBase64(json) : json;
  }

  /** @internal Creates the object (id `Resource`) whose content is produced at synthesis. */
  public _render(scope: Construct, props: DashboardObjectProps): ApiObject {
    if (this.configMapOptions) {
      const options = this.configMapOptions;
      const annotations = props.folder !== undefined ? { [options.folderAnnotation ?? SIDECAR_FOLDER_ANNOTATION]: props.folder } : undefined;
      return new ApiObject(scope, 'Resource', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: props.name,
          labels: { [SIDECAR_LABEL]: '1', ...(options.labels ?? {}) },
          ...(annotations ? { annotations } : {}),
        },
        data: { [`${props.name}.json`]: Lazy.any({ produce: () => props.json() }) },
      });
    }
    const options = this.operatorOptions!;
    const content = options.gzip
      ? { gzipJson: Lazy.any({ produce: () => gzipBase64(props.json()) }) }
      : { json: Lazy.any({ produce: () => props.json() }) };
    return new GrafanaDashboard(scope, 'Resource', {
      metadata: { name: props.name },
      spec: {
        instanceSelector: { matchLabels: { ...options.instanceSelector } },
        ...content,
        ...(props.folder !== undefined ? { folder: props.folder } : {}),
        ...(options.resyncPeriod !== undefined ? { resyncPeriod: goDuration(durationSeconds(options.resyncPeriod)) } : {}),
        ...(options.datasources && options.datasources.length > 0
          ? { datasources: options.datasources.map((mapping) => ({ inputName: mapping.inputName, datasourceName: mapping.datasourceName })) }
          : {}),
      },
    });
  }
}

