/**
 * What SloDashboard and SloOverviewDashboard share (internal): options checked at synthesis with the
 * construct path, the dashboard computed lazily from the SLOs in the app when the app is synthesized (so
 * a dashboard may be declared before its SLOs), duplicate uids and object names reported, and the object
 * emitted by the chosen delivery.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DashboardDelivery } from '../dashboard-delivery';
import { describeIssue, reportIssues } from './construct-validation';
import { MAX_PAYLOAD_BYTES, nameProblems, registerDashboard, textProblems } from './dashboard-objects';
import { dashboardJsonText, DashboardJson, DashboardSettings } from '../../dashboards/dashboard-document';
import { uidProblem } from '../../dashboards/dashboard-uid';
import { SloDefinition } from '../../model/slo-definition';
import { error, ValidationIssue } from '../../model/validation-issue';
import { Slo } from '../slo';
import { SloDashboardOptions } from '../slo-dashboard-options';

/** What a dashboard construct computes from the SLOs of the app. */
export interface DashboardBuild {
  readonly json?: DashboardJson;
  /** The dashboard is not built when there are any. */
  readonly problems: ValidationIssue[];
}

/** How one kind of dashboard is defined. */
export interface DashboardDefinitionSpec {
  readonly options: SloDashboardOptions;
  readonly defaultTitle: string;
  readonly defaultUid: string;
  readonly defaultName: string;
  readonly defaultDescription: string;
  /** Builds the dashboard from the valid SLOs of the app, in construct-tree order. */
  readonly build: (slos: SloDefinition[], settings: DashboardSettings) => DashboardBuild;
}

/** The resolved identity and the object of a dashboard construct. */
export interface DefinedDashboard {
  readonly uid: string;
  readonly title: string;
  readonly apiObject: ApiObject;
  /** The dashboard JSON now; throws with every problem when it cannot be built. */
  readonly renderJson: () => string;
}

/** Defines the dashboard of `scope`: validation at synthesis, and the object with its lazy content. */
export function defineDashboard(scope: Construct, spec: DashboardDefinitionSpec): DefinedDashboard {
  const resolved = resolveOptions(spec);
  const { delivery, uid, name } = resolved;

  const build = (): DashboardBuild => {
    // Valid SLOs whose PrometheusRule the app synthesizes: the dashboards read the series it records.
    const slos = Slo._findAll(scope)
      .filter((slo) => slo._generatesRules)
      .map((slo) => slo._definition);
    const built = spec.build(slos, resolved.settings);
    return { json: built.json, problems: [...optionProblems(spec.options ?? {}, resolved), ...built.problems] };
  };

  const renderJson = (): string => {
    const built = build();
    if (!built.json || built.problems.length > 0) {
      throw new Error(`[${scope.node.path}] the dashboard cannot be built: ${built.problems.map(describeIssue).join('; ')}`);
    }
    return dashboardJsonText(built.json);
  };

  const apiObject = delivery._render(scope, { name, folder: resolved.folder, json: renderJson });
  const sameUid = registerDashboard(scope, `uid:${uid}`);
  const sameObject = registerDashboard(scope, `object:${delivery._objectKind}/${apiObject.metadata.namespace ?? ''}/${name}`);

  reportIssues(scope, () => {
    const built = build();
    const problems = [...built.problems];
    if (built.json && problems.length === 0) problems.push(...payloadProblems(delivery, built.json));
    for (const other of sameUid.filter((c) => c !== scope)) {
      problems.push(error('uid', `"${uid}" is also the uid of the dashboard at ${other.node.path}; give one of them another uid`));
    }
    for (const other of sameObject.filter((c) => c !== scope && !sameUid.includes(c))) {
      problems.push(error('name', `the ${delivery._objectKind} "${name}" is also emitted by the dashboard at ${other.node.path}; set another name`));
    }
    return problems;
  });

  return { uid, title: resolved.settings.title, apiObject, renderJson };
}

/** The options with their defaults, and the settings the dashboard document is built with. */
interface ResolvedDashboardOptions {
  readonly delivery: DashboardDelivery;
  readonly uid: string;
  readonly name: string;
  readonly folder?: string;
  readonly settings: DashboardSettings;
}

function resolveOptions(spec: DashboardDefinitionSpec): ResolvedDashboardOptions {
  const options = spec.options ?? {};
  const delivery = options.delivery ?? DashboardDelivery.configMap();
  const uid = options.uid ?? spec.defaultUid;
  return {
    delivery,
    uid,
    name: options.name ?? spec.defaultName,
    folder: options.folder ?? delivery._folder,
    settings: {
      uid,
      title: options.title ?? spec.defaultTitle,
      description: options.description ?? spec.defaultDescription,
      tags: options.tags ?? ['slo'],
      defaultDatasource: options.datasource ?? delivery._defaultDatasource,
    },
  };
}

/** Problems with the options as given (checked again at every build, as options may be changed). */
function optionProblems(options: SloDashboardOptions, resolved: ResolvedDashboardOptions): ValidationIssue[] {
  const { delivery } = resolved;
  const problems: ValidationIssue[] = [];
  const badUid = uidProblem(resolved.uid);
  if (badUid) problems.push(error('uid', badUid));
  problems.push(...textProblems('title', resolved.settings.title));
  problems.push(...textProblems('description', options.description, true));
  problems.push(...nameProblems('name', resolved.name));
  (options.tags ?? []).forEach((tag, index) => problems.push(...textProblems(`tags[${index}]`, tag)));
  problems.push(...textProblems('folder', options.folder));
  problems.push(...textProblems('datasource', options.datasource));
  if (options.folder !== undefined && delivery._folder !== undefined && options.folder !== delivery._folder) {
    problems.push(error('folder', `"${options.folder}" differs from the delivery's folder "${delivery._folder}"; set the folder in one place`));
  }
  problems.push(...delivery._validate());
  return problems;
}

/** A dashboard too large for the object that carries it. */
function payloadProblems(delivery: DashboardDelivery, json: DashboardJson): ValidationIssue[] {
  const bytes = Buffer.byteLength(delivery._payload(dashboardJsonText(json)), 'utf8');
  if (bytes <= MAX_PAYLOAD_BYTES) return [];
  return [error('delivery', `the dashboard is ${bytes} bytes, over the ${MAX_PAYLOAD_BYTES} a ConfigMap or object can hold; `
    + 'use DashboardDelivery.grafanaOperator({ gzip: true, ... }) or split the SLOs over more services')];
}
