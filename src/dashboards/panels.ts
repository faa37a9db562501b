/**
 * Panel factories on Grafana's foundation SDK. The SDK leaves things out that a dashboard needs, so every
 * factory sets them: each target gets a refId and the datasource, time series show their legend, stat and
 * gauge panels reduce to the last value, and thresholds and units are explicit. Panels are placed later
 * (see grid.ts): a factory returns the builder with its size.
 */
import { PROMETHEUS_DATASOURCE } from './dashboard-variables';
import { cog, common, dashboard, gauge, prometheus, stat, table, timeseries } from '../vendor/grafana-foundation-sdk';

/** A panel builder that can be given its id and grid position. */
export interface PlaceableBuilder extends cog.Builder<dashboard.Panel> {
  id(id: number): unknown;
  gridPos(gridPos: dashboard.GridPos): unknown;
}

/** A panel to place: its builder and its size in grid units (24 columns wide). */
export interface PanelSpec {
  readonly builder: PlaceableBuilder;
  readonly width: number;
  readonly height: number;
}

/** One query of a panel. */
export interface QuerySpec {
  readonly expr: string;
  /** The legend template, e.g. `1h {{route}}`. */
  readonly legend?: string;
}

/** A threshold step: from `value` up (the first step has none: minus infinity), in `color`. */
export interface ThresholdStep {
  readonly value?: number;
  readonly color: string;
}

/** What every panel has. */
interface PanelOptions {
  readonly title: string;
  readonly description: string;
  readonly width: number;
  readonly height: number;
  /** Grafana's unit id, e.g. `percentunit`, `reqps`, `s`. */
  readonly unit: string;
  readonly decimals?: number;
  readonly min?: number;
  readonly max?: number;
}

/** Options of a single-value panel (stat or gauge). */
export interface ValuePanelOptions extends PanelOptions {
  readonly query: QuerySpec;
  readonly thresholds: readonly ThresholdStep[];
  /** Draw the value's recent history behind it (stat panels). @default true */
  readonly sparkline?: boolean;
  /**
   * Run the query once, at the end of the time range (an instant query), rather than at every step of
   * it: for a query too costly to repeat, whose history is not drawn. @default false
   */
  readonly instant?: boolean;
}

/** Options of a time series panel. */
export interface TimeseriesPanelOptions extends PanelOptions {
  readonly queries: readonly QuerySpec[];
  /** Drawn as dashed lines, e.g. alert thresholds. @default none */
  readonly thresholdLines?: readonly ThresholdStep[];
  /** Series (by legend) drawn as dashed reference lines in the text color, e.g. an ideal line. */
  readonly referenceSeries?: readonly string[];
  /** A relative time overriding the dashboard's, e.g. `30d`. */
  readonly timeFrom?: string;
}

/** Options of a table of an instant query, one row per series. */
export interface TablePanelOptions extends PanelOptions {
  readonly query: QuerySpec;
  readonly thresholds: readonly ThresholdStep[];
  /** The name of the value column, colored by the thresholds; without it the value is hidden. */
  readonly valueColumn?: string;
  /** The column the table is sorted by. */
  readonly sortColumn: string;
  /** Sort descending (highest burn first) rather than ascending (worst budget first). */
  readonly sortDescending: boolean;
  /** Columns (labels) hidden besides Time and __name__. */
  readonly hiddenColumns?: readonly string[];
}

/** The refId of the query at `index`: A, B, … Z, AA, AB, … */
export function refId(index: number): string {
  const letter = String.fromCharCode(65 + (index % 26));
  return index < 26 ? letter : `${refId(Math.floor(index / 26) - 1)}${letter}`;
}

/** A query target as the code editor shows it, before it is made a range or an instant query. */
function codeTarget(query: QuerySpec, index: number): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder()
    .refId(refId(index))
    .datasource({ ...PROMETHEUS_DATASOURCE })
    .editorMode(prometheus.QueryEditorMode.Code)
    .expr(query.expr)
    .legendFormat(query.legend ?? '__auto');
}

/** A range query target. */
function rangeTarget(query: QuerySpec, index: number): prometheus.DataqueryBuilder {
  return codeTarget(query, index).range();
}

/** An instant query target returning a table. */
function tableTarget(query: QuerySpec, index: number): prometheus.DataqueryBuilder {
  return codeTarget(query, index).format(prometheus.PromQueryFormat.Table).instant();
}

/**
 * A field matcher by display names. `byNames` rather than `byName` or `byFrameRefID`: its options are
 * an object, as the dashboard schema requires of every matcher.
 */
function byNames(names: readonly string[]): dashboard.MatcherConfig {
  return { id: 'byNames', options: { mode: 'include', names: [...names], prefix: 'All except:', readOnly: true } };
}

function thresholds(steps: readonly ThresholdStep[]): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps(steps.map((step) => ({ value: step.value ?? null, color: step.color })));
}

/** The setters every panel builder has for its heading and its threshold colors. */
interface PanelSetters<T> {
  title(title: string): T;
  description(description: string): T;
  datasource(datasource: common.DataSourceRef): T;
  thresholds(thresholds: cog.Builder<dashboard.ThresholdsConfig>): T;
  colorScheme(color: cog.Builder<dashboard.FieldColor>): T;
}

/** What every panel starts with: its title, its description and the Prometheus datasource. */
function headed<T extends PanelSetters<T>>(builder: T, options: PanelOptions): T {
  return builder
    .title(options.title)
    .description(options.description)
    .datasource({ ...PROMETHEUS_DATASOURCE });
}

/** Values colored by the threshold step they fall in. */
function coloredByThresholds<T extends PanelSetters<T>>(builder: T, steps: readonly ThresholdStep[]): T {
  return builder
    .thresholds(thresholds(steps))
    .colorScheme(new dashboard.FieldColorBuilder().mode(dashboard.FieldColorModeId.Thresholds));
}

/** A single-value panel's one query, reduced to its last value. */
function lastValueOf<T extends stat.PanelBuilder | gauge.PanelBuilder>(builder: T, query: QuerySpec, instant = false): T {
  builder
    .withTarget(instant ? codeTarget(query, 0).instant() : rangeTarget(query, 0))
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
  return builder;
}

/** The field setters every panel builder has. */
interface FieldSetters<T> {
  unit(unit: string): T;
  decimals(decimals: number): T;
  min(min: number): T;
  max(max: number): T;
}

/** Unit, decimals, min and max, on any panel builder. */
function applyField<T extends FieldSetters<T>>(builder: T, options: PanelOptions): T {
  builder.unit(options.unit);
  if (options.decimals !== undefined) builder.decimals(options.decimals);
  if (options.min !== undefined) builder.min(options.min);
  if (options.max !== undefined) builder.max(options.max);
  return builder;
}

/** The last value as a big number, colored by thresholds, with a sparkline. */
export function statPanel(options: ValuePanelOptions): PanelSpec {
  const builder = lastValueOf(headed(new stat.PanelBuilder(), options), options.query, options.instant)
    .graphMode(options.sparkline === false || options.instant ? common.BigValueGraphMode.None : common.BigValueGraphMode.Area)
    .colorMode(common.BigValueColorMode.Value)
    .textMode(common.BigValueTextMode.Value)
    .justifyMode(common.BigValueJustifyMode.Auto)
    .orientation(common.VizOrientation.Auto);
  coloredByThresholds(builder, options.thresholds);
  applyField(builder, options);
  return { builder, width: options.width, height: options.height };
}

/** The last value on a gauge, colored by thresholds. */
export function gaugePanel(options: ValuePanelOptions): PanelSpec {
  const builder = lastValueOf(headed(new gauge.PanelBuilder(), options), options.query)
    .showThresholdMarkers(true)
    .showThresholdLabels(false)
    .orientation(common.VizOrientation.Auto);
  coloredByThresholds(builder, options.thresholds);
  applyField(builder, options);
  return { builder, width: options.width, height: options.height };
}

/** Lines over time with a visible legend; thresholds drawn as dashed lines, reference queries dashed. */
export function timeseriesPanel(options: TimeseriesPanelOptions): PanelSpec {
  const builder = headed(new timeseries.PanelBuilder(), options)
    .targets(options.queries.map((query, index) => rangeTarget(query, index)))
    .legend(new common.VizLegendOptionsBuilder()
      .showLegend(true)
      .displayMode(common.LegendDisplayMode.List)
      .placement(common.LegendPlacement.Bottom)
      .calcs([]))
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.None))
    .drawStyle(common.GraphDrawStyle.Line)
    .lineWidth(1)
    .fillOpacity(0)
    .showPoints(common.VisibilityMode.Never)
    .spanNulls(false)
    .colorScheme(new dashboard.FieldColorBuilder().mode(dashboard.FieldColorModeId.PaletteClassic))
    .thresholds(thresholds(options.thresholdLines && options.thresholdLines.length > 0
      ? options.thresholdLines
      : [{ color: 'green' }]))
    .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(options.thresholdLines && options.thresholdLines.length > 0
      ? common.GraphThresholdsStyleMode.Dashed
      : common.GraphThresholdsStyleMode.Off));
  applyField(builder, options);
  if (options.referenceSeries && options.referenceSeries.length > 0) {
    builder.withOverride({
      matcher: byNames(options.referenceSeries),
      properties: [
        { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
        { id: 'color', value: { mode: 'fixed', fixedColor: 'text' } },
      ],
    });
  }
  if (options.timeFrom !== undefined) {
    builder.timeFrom(options.timeFrom).hideTimeOverride(false);
  }
  return { builder, width: options.width, height: options.height };
}

/** An instant query as a table: one row per series, its labels as columns, the value colored. */
export function tablePanel(options: TablePanelOptions): PanelSpec {
  const hidden: Record<string, boolean> = { Time: true, __name__: true };
  for (const column of options.hiddenColumns ?? []) hidden[column] = true;
  if (options.valueColumn === undefined) hidden.Value = true;
  const builder = headed(new table.PanelBuilder(), options)
    .withTarget(tableTarget(options.query, 0))
    .transformations([{
      id: 'organize',
      options: { excludeByName: hidden, renameByName: options.valueColumn === undefined ? {} : { Value: options.valueColumn } },
    }])
    .sortBy([new common.TableSortByFieldStateBuilder().displayName(options.sortColumn).desc(options.sortDescending)]);
  coloredByThresholds(builder, options.thresholds);
  if (options.valueColumn !== undefined) {
    builder.withOverride({
      matcher: byNames([options.valueColumn]),
      properties: [{ id: 'custom.cellOptions', value: { type: common.TableCellDisplayMode.ColorText } }],
    });
  }
  applyField(builder, options);
  return { builder, width: options.width, height: options.height };
}
