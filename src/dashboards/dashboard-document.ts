/**
 * Assembles a dashboard from its variables and placed sections with the SDK's DashboardBuilder, then
 * returns a deep copy (the SDK hands out its internal objects) with what Grafana needs set explicitly:
 * uid, schemaVersion, panel ids and grid positions, annotations, time range, links.
 */
import { PROMETHEUS_DATASOURCE } from './dashboard-variables';
import { PlacedSection, placeSections, Section } from './grid';
import { BUDGET_ACTION_LABEL, LONG_WINDOW_LABEL, SEVERITY_LABEL, SHORT_WINDOW_LABEL, SLO_NAME_LABEL, SLO_SERVICE_LABEL } from '../model/naming';
import { cog, dashboard } from '../vendor/grafana-foundation-sdk';

/** The dashboard JSON model's version these dashboards are written for (Grafana 12). */
export const SCHEMA_VERSION = 41;

/** The tag every generated dashboard carries; their links menu lists the dashboards with it. */
export const DASHBOARD_TAG = 'cdk8s-slo';

/** A dashboard as plain JSON data. */
export type DashboardJson = { [key: string]: any };

/** What identifies and describes a dashboard. */
export interface DashboardSettings {
  /** At most 40 characters of letters, digits, `-` and `_`. */
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  /** Tags besides `cdk8s-slo`, which every generated dashboard carries. */
  readonly tags: readonly string[];
  /** The datasource selected at first (name, uid or a grafana-operator input), else Grafana's default. */
  readonly defaultDatasource?: string;
}

/** The content of a dashboard. */
export interface DashboardContent {
  readonly variables: ReadonlyArray<cog.Builder<dashboard.VariableModel>>;
  /** PromQL of the alerts marked on every graph (`ALERTS{…}`). */
  readonly alertAnnotation: string;
  readonly sections: readonly Section[];
  /** The default time range, a Grafana relative time such as `7d`. */
  readonly timeRange: string;
  /**
   * PromQL of the calendar SLOs' period starts, each value a start in milliseconds, marked on every graph.
   * @default none (no calendar SLO)
   */
  readonly periodStartAnnotation?: string;
  /** The first day of the week of `now/w` and the time picker, e.g. `monday`. @default the browser's */
  readonly weekStart?: string;
}

/** Builds the dashboard and returns it as plain JSON data, independent of the SDK's objects. */
export function assembleDashboard(settings: DashboardSettings, content: DashboardContent): DashboardJson {
  const tags = [...settings.tags.filter((tag) => tag !== DASHBOARD_TAG), DASHBOARD_TAG];
  const builder = new dashboard.DashboardBuilder(settings.title)
    .uid(settings.uid)
    .description(settings.description)
    .tags(tags)
    .editable()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .timezone('browser')
    .time({ from: `now-${content.timeRange}`, to: 'now' })
    .refresh('1m')
    .annotation(grafanaAnnotations())
    .annotation(sloAlertAnnotations(content.alertAnnotation))
    .link(generatedDashboardsLink());
  if (content.periodStartAnnotation !== undefined) builder.annotation(periodStartAnnotations(content.periodStartAnnotation));
  if (content.weekStart !== undefined) builder.weekStart(content.weekStart);
  for (const variable of content.variables) builder.withVariable(variable);

  const placed = placeSections(content.sections);
  addPlacedSections(builder, placed);
  const json: DashboardJson = JSON.parse(JSON.stringify(builder.build()));
  json.schemaVersion = SCHEMA_VERSION;
  restoreGridPositions(json, placed);
  return withKeysInOrder(json);
}

/** Grafana's own annotations and alerts, hidden as in a dashboard Grafana creates. */
function grafanaAnnotations(): dashboard.AnnotationQueryBuilder {
  return new dashboard.AnnotationQueryBuilder()
    .name('Annotations & Alerts')
    .builtIn(1)
    .datasource({ type: 'grafana', uid: '-- Grafana --' })
    .enable(true)
    .hide(true)
    .iconColor('rgba(0, 211, 255, 1)')
    .type('dashboard');
}

/** The SLO alerts of `expr` marked on every graph, titled by alert and SLO. */
function sloAlertAnnotations(expr: string): dashboard.AnnotationQueryBuilder {
  return new dashboard.AnnotationQueryBuilder()
    .name('SLO alerts')
    .datasource({ ...PROMETHEUS_DATASOURCE })
    .enable(true)
    .hide(false)
    .iconColor('red')
    .expr(expr)
    .step('1m')
    .titleFormat(`{{alertname}} {{${SLO_SERVICE_LABEL}}}/{{${SLO_NAME_LABEL}}}`)
    .textFormat([SEVERITY_LABEL, LONG_WINDOW_LABEL, SHORT_WINDOW_LABEL, BUDGET_ACTION_LABEL].map((label) => `{{${label}}}`).join(' '))
    .tagKeys([SLO_SERVICE_LABEL, SLO_NAME_LABEL, SEVERITY_LABEL].join(','))
    .useValueForTime(false);
}

/**
 * The start of each calendar SLO's period as a marker. The value of `expr` is the time: every step of a
 * period returns the same start, which Grafana merges into one marker, exactly at the start whatever
 * the step.
 */
function periodStartAnnotations(expr: string): dashboard.AnnotationQueryBuilder {
  return new dashboard.AnnotationQueryBuilder()
    .name('SLO period starts')
    .datasource({ ...PROMETHEUS_DATASOURCE })
    .enable(true)
    .hide(false)
    .iconColor('blue')
    .expr(expr)
    .step('1h')
    .titleFormat(`Period start {{${SLO_SERVICE_LABEL}}}/{{${SLO_NAME_LABEL}}}`)
    .textFormat('The error budget of the new period is full.')
    .tagKeys([SLO_SERVICE_LABEL, SLO_NAME_LABEL].join(','))
    .useValueForTime(true);
}

/** A menu of every dashboard carrying the generated dashboards' tag. */
function generatedDashboardsLink(): dashboard.DashboardLinkBuilder {
  return new dashboard.DashboardLinkBuilder('SLO dashboards')
    .type(dashboard.DashboardLinkType.Dashboards)
    .tags([DASHBOARD_TAG])
    .asDropdown(true)
    .icon('external link')
    .tooltip('Every dashboard generated by cdk8s-slo')
    .includeVars(false)
    .keepTime(true)
    .targetBlank(false);
}

/** Each section as an open row followed by its panels, with the ids and positions the grid gave them. */
function addPlacedSections(builder: dashboard.DashboardBuilder, placed: readonly PlacedSection[]): void {
  for (const section of placed) {
    builder.withRow(new dashboard.RowBuilder(section.title).id(section.id).gridPos({ ...section.gridPos }).collapsed(false));
    for (const panel of section.panels) {
      panel.spec.builder.id(panel.id);
      panel.spec.builder.gridPos({ ...panel.gridPos });
      builder.withPanel(panel.spec.builder);
    }
  }
}

/** The builder re-positions a panel it finds at (0, 0); put every panel back where the grid put it. */
function restoreGridPositions(json: DashboardJson, placed: readonly PlacedSection[]): void {
  const positions = new Map<number, dashboard.GridPos>();
  for (const section of placed) {
    positions.set(section.id, section.gridPos);
    for (const panel of section.panels) positions.set(panel.id, panel.gridPos);
  }
  for (const panel of json.panels) panel.gridPos = { ...positions.get(panel.id)! };
}

/** The dashboard's top-level fields in reading order: identity, behaviour, then content. */
const TOP_LEVEL_ORDER = [
  'uid', 'title', 'description', 'tags', 'schemaVersion', 'editable', 'graphTooltip', 'timezone', 'fiscalYearStartMonth',
  'time', 'refresh', 'links', 'templating', 'annotations', 'panels',
];

function withKeysInOrder(json: DashboardJson): DashboardJson {
  const ordered: DashboardJson = {};
  for (const key of TOP_LEVEL_ORDER) if (key in json) ordered[key] = json[key];
  for (const key of Object.keys(json)) if (!(key in ordered)) ordered[key] = json[key];
  return ordered;
}

/** The dashboard as the text of a `.json` file: two-space indentation, a final newline. */
export function dashboardJsonText(json: DashboardJson): string {
  return `${JSON.stringify(json, null, 2)}\n`;
}
