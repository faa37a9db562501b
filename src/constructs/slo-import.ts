import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { CalendarWindow } from './calendar-window';
import { reportIssues } from './internal/construct-validation';
import { durationSeconds } from './internal/duration-conversion';
import { burnRateWindowOf } from './internal/window-conversion';
import { RuleEngine } from './rule-engine';
import { Sli } from './sli';
import { Slo, SloProps } from './slo';
import { SloDocumentFormat } from './slo-document-format';
import { importSources, readSourceTexts } from '../documents/files-import';
import { DocumentImportError, ImportedSlo, ImportResult } from '../documents/imported';
import { fromOpenSlo } from '../documents/openslo-import';
import { fromPyrra } from '../documents/pyrra-import';
import { fromSloth } from '../documents/sloth-import';
import { escapeGoTemplate } from '../model/alert-templates';
import { formatUtcOffset } from '../model/calendar-period';
import { DEFAULT_SLO_WINDOW_SECONDS } from '../model/objective';
import { SloDefinition } from '../model/slo-definition';
import { error, warning } from '../model/validation-issue';

/** Options of every import. */
export interface SloImportOptions {
  /**
   * Labels on each imported SLO's PrometheusRule object, e.g. what your Prometheus's `ruleSelector` matches.
   * @default - only `app.kubernetes.io/managed-by: cdk8s-slo`
   */
  readonly ruleLabels?: { [name: string]: string };
  /**
   * Whether each imported SLO synthesizes its own PrometheusRule.
   * @default true
   */
  readonly prometheusRule?: boolean;
  /**
   * The rule engine of each imported SLO's rules object (see `SloProps.engine`).
   * @default RuleEngine.prometheus()
   */
  readonly engine?: RuleEngine;
  /**
   * Documents each imported SLO emits (see `SloProps.documents`).
   * @default - none
   */
  readonly documents?: SloDocumentFormat[];
}

/** Options of `SloImport.fromSloth`. */
export interface SlothImportOptions extends SloImportOptions {
  /**
   * The SLO period Sloth ran with (its `--default-slo-period`); Sloth specs do not name a window.
   * @default Duration.days(30)
   */
  readonly period?: Duration;
}

/**
 * SLOs read from other tools' documents, for teams that migrate: each becomes an `Slo` child named
 * `<service>-<name>`. What cannot be imported fails synthesis (`[<path>] yaml: <format>: <document>:
 * <field>: <problem>`, every problem of every document) and creates no SLO; what was read approximately
 * is listed in `warnings` and printed at synthesis.
 *
 * Imported text (alert summary, description, annotations, links, SLO description) is literal: Prometheus
 * prints it as written, `{{ ... }}` included, so a shared document cannot run templates in your alerts.
 *
 * - `fromOpenSlo`: OpenSLO v1 YAML (SLO documents with the SLI, AlertPolicy, AlertCondition,
 *   AlertNotificationTarget and DataSource documents they refer to, or inline). Documents written by
 *   cdk8s-slo come back exactly, except that templates in their alert text come back as literal text.
 *   Calendar windows of a week, month or quarter become `calendarWindow`, their time zone a fixed
 *   `utcOffset` (its standard time, with a warning when the zone has daylight saving time).
 * - `fromSloth`: Sloth `prometheus/v1` specs or `PrometheusServiceLevel` resources, and `AlertWindows`.
 * - `fromPyrra`: Pyrra `ServiceLevelObjective` resources.
 * - `fromFiles`: files and directories holding any of these; the format of each document is detected.
 */
export class SloImport extends Construct {
  /** Reads OpenSLO v1 YAML (one or more documents) into `Slo` constructs. */
  public static fromOpenSlo(scope: Construct, id: string, yaml: string, options: SloImportOptions = {}): SloImport {
    return new SloImport(scope, id, () => fromOpenSlo(yaml), options);
  }

  /** Reads Sloth `prometheus/v1` specs or `PrometheusServiceLevel` resources (YAML) into `Slo` constructs. */
  public static fromSloth(scope: Construct, id: string, yaml: string, options: SlothImportOptions = {}): SloImport {
    const periodSeconds = options.period ? durationSeconds(options.period) : DEFAULT_SLO_WINDOW_SECONDS;
    return new SloImport(scope, id, () => fromSloth(yaml, { periodSeconds }), options);
  }

  /** Reads Pyrra `ServiceLevelObjective` resources (YAML) into `Slo` constructs. */
  public static fromPyrra(scope: Construct, id: string, yaml: string, options: SloImportOptions = {}): SloImport {
    return new SloImport(scope, id, () => fromPyrra(yaml), options);
  }

  /**
   * Reads every Sloth, OpenSLO and Pyrra document in `paths` (files, and directories walked recursively
   * for `.yaml`/`.yml` files) into `Slo` constructs. Each document's format is detected; YAML streams and
   * YAML lists of objects (with or without `kind: List`) are split into their objects; OpenSLO references
   * and Sloth AlertWindows resolve across all the files. An SLO defined again, identically, in another
   * document is read once (with a warning); two different definitions of one SLO are refused. Files are
   * read when the construct is created.
   */
  public static fromFiles(scope: Construct, id: string, paths: string[], options: SlothImportOptions = {}): SloImport {
    const periodSeconds = options.period ? durationSeconds(options.period) : DEFAULT_SLO_WINDOW_SECONDS;
    return new SloImport(scope, id, () => importSources(readSourceTexts(paths), { periodSeconds }), options);
  }

  /** The imported SLOs, in document order. */
  public readonly slos: Slo[];
  /** What was read approximately or left out, one line per item, naming the document and field. */
  public readonly warnings: string[];

  private constructor(scope: Construct, id: string, read: () => ImportResult, options: SloImportOptions) {
    super(scope, id);
    const { result, problems } = importOrProblems(read);
    this.warnings = [...result.warnings];
    this.slos = result.slos.map((imported) => new Slo(this, `${imported.definition.service}-${imported.definition.name}`, sloPropsOf(imported, options)));
    // Each problem and warning names its document and field itself.
    reportIssues(this, () => [
      ...problems.map((message) => error('yaml', message)),
      ...this.warnings.map((message) => warning('', message)),
    ]);
  }
}

/** The import's result, or no SLOs and the problems that stopped it, each prefixed with the format. */
function importOrProblems(read: () => ImportResult): { result: ImportResult; problems: string[] } {
  try {
    return { result: read(), problems: [] };
  } catch (e) {
    const problems = e instanceof DocumentImportError
      ? e.problems.map((problem) => (e.format === 'import' ? problem : `${e.format}: ${problem}`))
      : [(e as Error).message];
    return { result: { slos: [], warnings: [] }, problems };
  }
}

/** A rolling `window`, or a `calendarWindow` with its `utcOffset` when that is not UTC. */
function windowProps(definition: SloDefinition): Pick<SloProps, 'window' | 'calendarWindow' | 'utcOffset'> {
  const calendar = definition.objective.calendar;
  if (calendar === undefined) return { window: Duration.seconds(definition.objective.windowSeconds) };
  return {
    calendarWindow: calendar.unit as CalendarWindow,
    ...(calendar.utcOffsetSeconds !== 0 ? { utcOffset: formatUtcOffset(calendar.utcOffsetSeconds) } : {}),
  };
}

/** Imported text escaped so that Prometheus prints it as written (strings only; others fail validation). */
function literal<T>(text: T): T {
  return (typeof text === 'string' ? escapeGoTemplate(text) : text) as T;
}

/** The props that make an `Slo` whose definition is `imported.definition`. */
function sloPropsOf(imported: ImportedSlo, options: SloImportOptions): SloProps {
  const definition: SloDefinition = imported.definition;
  const alerting = definition.alerting;
  const budget = definition.budgetPolicy;
  return {
    service: definition.service,
    name: definition.name,
    target: definition.objective.target,
    ...windowProps(definition),
    indicator: Sli._of(definition.indicator),
    labels: { ...definition.labels },
    ...(definition.description !== undefined ? { description: definition.description } : {}),
    alerting: {
      enabled: alerting.enabled,
      alertName: alerting.alertName,
      windows: alerting.pairs.map(burnRateWindowOf),
      ...(alerting.forSeconds ? { for: Duration.seconds(alerting.forSeconds) } : {}),
      labels: { ...alerting.labels },
      // Imported text is shown, never run: a shared document must not template alerts.
      annotations: Object.fromEntries(Object.entries(alerting.annotations).map(([key, value]) => [key, literal(value)])),
      summary: literal(alerting.summary),
      description: literal(alerting.description),
      runbookUrl: alerting.runbookUrl,
      dashboardUrl: alerting.dashboardUrl,
      minimumEvents: alerting.minimumEvents,
    },
    ...(budget ? {
      budgetPolicy: {
        steps: budget.steps.map((step) => ({ ...step })),
        forecast: budget.forecast !== undefined,
        ...(budget.forecast ? {
          forecastLookback: Duration.seconds(budget.forecast.lookbackSeconds),
          forecastHorizon: Duration.seconds(budget.forecast.horizonSeconds),
        } : {}),
        severity: budget.severity,
        labels: { ...budget.labels },
        alertName: budget.alertName,
        forecastAlertName: budget.forecastAlertName,
      },
    } : {}),
    ...(options.ruleLabels ? { ruleLabels: { ...options.ruleLabels } } : {}),
    ...(options.prometheusRule !== undefined ? { prometheusRule: options.prometheusRule } : {}),
    ...(options.engine ? { engine: options.engine } : {}),
    ...(options.documents ? { documents: [...options.documents] } : {}),
  };
}
