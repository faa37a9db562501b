/**
 * Checks on Grafana dashboard JSON, and the queries a dashboard runs.
 *
 * The checks encode what Grafana's dashboard JSON schema requires (grafana-foundation-sdk's jsonschema
 * for the classic dashboard model, schemaVersion 41/42, and its Prometheus query, timeseries, stat and
 * gauge option schemas): required fields, the fields allowed at the top level and on panels, rows, grid
 * positions, variables and annotations. The facts are copied here; the suite reads no schema file.
 * On top come what a usable generated dashboard needs: unique panel ids, a refId and datasource on every
 * target, visible legends, reducers on stat and gauge panels, panels that do not overlap.
 */
import { promqlSyntaxErrors } from '../../src/promql/syntax';

/** Top-level fields of the dashboard schema (additionalProperties: false). */
const DASHBOARD_FIELDS = [
  'id', 'uid', 'title', 'description', 'revision', 'gnetId', 'tags', 'timezone', 'editable', 'graphTooltip', 'time',
  'timepicker', 'fiscalYearStartMonth', 'liveNow', 'weekStart', 'refresh', 'schemaVersion', 'version', 'panels',
  'templating', 'annotations', 'links', 'snapshot', 'preload',
];
const DASHBOARD_REQUIRED = ['schemaVersion', 'templating', 'annotations'];
const PANEL_FIELDS = [
  'type', 'id', 'pluginVersion', 'targets', 'title', 'description', 'transparent', 'datasource', 'gridPos', 'links',
  'repeat', 'repeatDirection', 'maxPerRow', 'maxDataPoints', 'transformations', 'interval', 'timeFrom', 'timeShift',
  'hideTimeOverride', 'timeCompare', 'libraryPanel', 'cacheTimeout', 'queryCachingTTL', 'options', 'fieldConfig',
];
const ROW_FIELDS = ['type', 'collapsed', 'title', 'datasource', 'gridPos', 'id', 'panels', 'repeat'];
const ROW_REQUIRED = ['type', 'collapsed', 'id', 'panels'];
const GRID_FIELDS = ['h', 'w', 'x', 'y', 'static'];
const VARIABLE_FIELDS = [
  'type', 'name', 'label', 'hide', 'skipUrlSync', 'description', 'query', 'datasource', 'current', 'multi',
  'allowCustomValue', 'options', 'refresh', 'sort', 'includeAll', 'allValue', 'regex', 'staticOptions',
  'staticOptionsOrder', 'auto', 'auto_min', 'auto_count', 'definition',
];
const VARIABLE_TYPES = ['query', 'adhoc', 'groupby', 'constant', 'datasource', 'interval', 'textbox', 'custom', 'system', 'snapshot', 'switch'];
const ANNOTATION_FIELDS = [
  'name', 'datasource', 'enable', 'hide', 'iconColor', 'filter', 'target', 'type', 'builtIn', 'placement', 'expr',
  'textFormat', 'titleFormat', 'tagKeys', 'step', 'useValueForTime', 'mappings',
];
const ANNOTATION_REQUIRED = ['name', 'enable', 'iconColor'];
const LINK_REQUIRED = ['title', 'type', 'icon', 'tooltip', 'tags', 'asDropdown', 'targetBlank', 'includeVars', 'keepTime'];
const FIELD_CONFIG_FIELDS = [
  'displayName', 'displayNameFromDS', 'description', 'path', 'writeable', 'filterable', 'unit', 'decimals', 'min',
  'max', 'mappings', 'thresholds', 'color', 'links', 'actions', 'noValue', 'custom', 'fieldMinMax',
];
/** The Prometheus query schema's fields (additionalProperties: false); `expr` is required. */
const PROMETHEUS_TARGET_FIELDS = [
  'adhocFilters', 'datasource', 'editorMode', 'exemplar', 'expr', 'format', 'groupByKeys', 'hide', 'instant',
  'intervalFactor', 'intervalMs', 'legendFormat', 'maxDataPoints', 'queryType', 'range', 'refId', 'resultAssertions',
  'scopes', 'timeRange', 'interval',
];
/** Required options per panel type (the stat, gauge and timeseries option schemas). */
const REQUIRED_OPTIONS: Record<string, string[]> = {
  stat: ['graphMode', 'colorMode', 'justifyMode', 'textMode', 'wideLayout', 'showPercentChange', 'reduceOptions', 'percentChangeColorMode', 'orientation'],
  gauge: ['showThresholdLabels', 'showThresholdMarkers', 'sizing', 'minVizWidth', 'reduceOptions', 'minVizHeight', 'orientation'],
  timeseries: ['legend', 'tooltip'],
};
const LEGEND_REQUIRED = ['displayMode', 'placement', 'showLegend', 'calcs'];
const TOOLTIP_REQUIRED = ['mode', 'sort'];

const isObject = (value: unknown): value is Record<string, any> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isInteger = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value);

function unknownFields(path: string, value: Record<string, any>, allowed: string[]): string[] {
  return Object.keys(value).filter((key) => !allowed.includes(key)).map((key) => `${path}: unknown field "${key}"`);
}

function missingFields(path: string, value: Record<string, any>, required: string[]): string[] {
  return required.filter((key) => !(key in value)).map((key) => `${path}: missing required field "${key}"`);
}

/** Every way `dashboard` breaks the dashboard schema or the generated dashboards' own rules; empty when it is fine. */
export function dashboardProblems(dashboard: any): string[] {
  if (!isObject(dashboard)) return ['dashboard: not an object'];
  const problems = [
    ...missingFields('dashboard', dashboard, DASHBOARD_REQUIRED),
    ...unknownFields('dashboard', dashboard, DASHBOARD_FIELDS),
  ];
  if (![41, 42].includes(dashboard.schemaVersion)) problems.push(`dashboard.schemaVersion: ${dashboard.schemaVersion}, expected 41 or 42`);
  if (typeof dashboard.uid !== 'string' || !/^[a-zA-Z0-9_-]{1,40}$/.test(dashboard.uid)) problems.push(`dashboard.uid: "${dashboard.uid}" is not 1-40 letters, digits, - or _`);
  if (typeof dashboard.title !== 'string' || dashboard.title === '') problems.push('dashboard.title: missing');
  if (!isObject(dashboard.time) || typeof dashboard.time.from !== 'string' || typeof dashboard.time.to !== 'string') problems.push('dashboard.time: needs from and to');

  // templating and annotations: objects with a list only
  for (const container of ['templating', 'annotations']) {
    const value = dashboard[container];
    if (!isObject(value)) {
      problems.push(`dashboard.${container}: not an object`);
      continue;
    }
    problems.push(...unknownFields(`dashboard.${container}`, value, ['list']));
    if (value.list !== undefined && !Array.isArray(value.list)) problems.push(`dashboard.${container}.list: not an array`);
  }
  const variableNames = new Set<string>();
  (dashboard.templating?.list ?? []).forEach((variable: any, index: number) => {
    const path = `templating.list[${index}]`;
    problems.push(...missingFields(path, variable, ['type', 'name']), ...unknownFields(path, variable, VARIABLE_FIELDS));
    if (!VARIABLE_TYPES.includes(variable.type)) problems.push(`${path}.type: "${variable.type}" is not a variable type`);
    if (variableNames.has(variable.name)) problems.push(`${path}.name: "${variable.name}" is used twice`);
    variableNames.add(variable.name);
    if (variable.query !== undefined && typeof variable.query !== 'string'
      && !(isObject(variable.query) && Object.values(variable.query).every(isObject))) {
      problems.push(`${path}.query: neither a string nor an object of objects`);
    }
    for (const option of [variable.current, ...(variable.options ?? [])].filter((o) => o !== undefined)) {
      problems.push(...missingFields(`${path} option`, option, ['text', 'value']));
    }
  });
  (dashboard.annotations?.list ?? []).forEach((annotation: any, index: number) => {
    const path = `annotations.list[${index}]`;
    problems.push(...missingFields(path, annotation, ANNOTATION_REQUIRED), ...unknownFields(path, annotation, ANNOTATION_FIELDS));
  });
  (dashboard.links ?? []).forEach((link: any, index: number) => problems.push(...missingFields(`links[${index}]`, link, LINK_REQUIRED)));

  // panels
  const panels: any[] = dashboard.panels ?? [];
  if (!Array.isArray(panels)) return [...problems, 'dashboard.panels: not an array'];
  const ids = new Set<number>();
  panels.forEach((panel, index) => {
    const path = `panels[${index}] (${panel?.title ?? panel?.type})`;
    if (!isObject(panel)) {
      problems.push(`${path}: not an object`);
      return;
    }
    if (typeof panel.type !== 'string' || panel.type === '') problems.push(`${path}: missing panel type`);
    if (!isInteger(panel.id) || ids.has(panel.id)) problems.push(`${path}.id: ${panel.id} is not a unique integer`);
    ids.add(panel.id);
    problems.push(...gridPosProblems(`${path}.gridPos`, panel.gridPos));
    if (panel.type === 'row') {
      problems.push(...missingFields(path, panel, ROW_REQUIRED), ...unknownFields(path, panel, ROW_FIELDS));
      return;
    }
    problems.push(...unknownFields(path, panel, PANEL_FIELDS));
    problems.push(...fieldConfigProblems(`${path}.fieldConfig`, panel.fieldConfig));
    problems.push(...optionProblems(path, panel));
    const targets: any[] = panel.targets ?? [];
    if (targets.length === 0) problems.push(`${path}: no query`);
    const refIds = new Set<string>();
    targets.forEach((target, targetIndex) => {
      const targetPath = `${path}.targets[${targetIndex}]`;
      problems.push(...unknownFields(targetPath, target, PROMETHEUS_TARGET_FIELDS), ...missingFields(targetPath, target, ['expr', 'refId', 'datasource']));
      if (typeof target.refId !== 'string' || target.refId === '' || refIds.has(target.refId)) problems.push(`${targetPath}.refId: "${target.refId}" is not a unique refId`);
      refIds.add(target.refId);
      if (target.datasource?.type !== 'prometheus' || target.datasource?.uid !== '${datasource}') problems.push(`${targetPath}.datasource: not the datasource variable`);
    });
    if (panel.datasource?.uid !== '${datasource}') problems.push(`${path}.datasource: not the datasource variable`);
  });
  problems.push(...overlapProblems(panels));
  return problems;
}

function gridPosProblems(path: string, gridPos: any): string[] {
  if (!isObject(gridPos)) return [`${path}: missing`];
  const problems = [...missingFields(path, gridPos, ['h', 'w', 'x', 'y']), ...unknownFields(path, gridPos, GRID_FIELDS)];
  const { h, w, x, y } = gridPos;
  if (![h, w, x, y].every(isInteger)) return [...problems, `${path}: h, w, x and y must be integers`];
  if (h <= 0) problems.push(`${path}.h: ${h} must be above 0`);
  if (w <= 0 || w > 24) problems.push(`${path}.w: ${w} must be 1 to 24`);
  if (x < 0 || x >= 24) problems.push(`${path}.x: ${x} must be 0 to 23`);
  if (y < 0) problems.push(`${path}.y: ${y} must be 0 or more`);
  if (x + w > 24) problems.push(`${path}: x + w = ${x + w} is wider than the 24-column grid`);
  return problems;
}

function fieldConfigProblems(path: string, fieldConfig: any): string[] {
  if (fieldConfig === undefined) return [];
  if (!isObject(fieldConfig)) return [`${path}: not an object`];
  const problems = [...missingFields(path, fieldConfig, ['defaults', 'overrides']), ...unknownFields(path, fieldConfig, ['defaults', 'overrides'])];
  if (isObject(fieldConfig.defaults)) problems.push(...unknownFields(`${path}.defaults`, fieldConfig.defaults, FIELD_CONFIG_FIELDS));
  const steps: any[] = fieldConfig.defaults?.thresholds?.steps ?? [];
  steps.forEach((step, index) => {
    problems.push(...missingFields(`${path}.defaults.thresholds.steps[${index}]`, step, ['value', 'color']));
    if (index === 0 && step.value !== null) problems.push(`${path}.defaults.thresholds.steps[0]: the first step must have value null (minus infinity)`);
    if (index > 1 && !(step.value > steps[index - 1].value)) problems.push(`${path}.defaults.thresholds.steps: not ascending`);
  });
  (fieldConfig.overrides ?? []).forEach((override: any, index: number) => {
    const overridePath = `${path}.overrides[${index}]`;
    problems.push(...missingFields(overridePath, override, ['matcher', 'properties']));
    if (!isObject(override.matcher) || typeof override.matcher.id !== 'string') problems.push(`${overridePath}.matcher: needs an id`);
    if (override.matcher?.options !== undefined && !isObject(override.matcher.options)) problems.push(`${overridePath}.matcher.options: must be an object`);
  });
  return problems;
}

function optionProblems(path: string, panel: any): string[] {
  const required = REQUIRED_OPTIONS[panel.type];
  if (!required) return [];
  const options = panel.options ?? {};
  const problems = missingFields(`${path}.options`, options, required);
  if (panel.type === 'timeseries') {
    problems.push(...missingFields(`${path}.options.legend`, options.legend ?? {}, LEGEND_REQUIRED));
    problems.push(...missingFields(`${path}.options.tooltip`, options.tooltip ?? {}, TOOLTIP_REQUIRED));
    if (options.legend?.showLegend !== true) problems.push(`${path}.options.legend: hidden`);
  } else {
    const calcs = options.reduceOptions?.calcs;
    if (!Array.isArray(calcs) || calcs.length === 0) problems.push(`${path}.options.reduceOptions.calcs: no reducer`);
  }
  return problems;
}

function overlapProblems(panels: any[]): string[] {
  const problems: string[] = [];
  const boxes = panels.filter((panel) => isObject(panel?.gridPos));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].gridPos;
      const b = boxes[j].gridPos;
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) {
        problems.push(`panels "${boxes[i].title}" and "${boxes[j].title}" overlap`);
      }
    }
  }
  return problems;
}

/** A query the dashboard runs: a panel target, the alert annotation, or a variable's series. */
export interface DashboardQuery {
  readonly where: string;
  readonly expr: string;
}

/**
 * Every PromQL query of the dashboard: panel targets, Prometheus annotations, and the series selector of
 * each `label_values(selector, label)` variable (as `selector` restricted to series that have the label).
 */
export function dashboardQueries(dashboard: any): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  for (const panel of dashboard.panels ?? []) {
    for (const target of panel.targets ?? []) {
      queries.push({ where: `panel "${panel.title}" ${target.refId}`, expr: target.expr });
    }
  }
  for (const annotation of dashboard.annotations?.list ?? []) {
    if (annotation.expr) queries.push({ where: `annotation "${annotation.name}"`, expr: annotation.expr });
  }
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type !== 'query') continue;
    const match = /^label_values\((.*), *([a-zA-Z_][a-zA-Z0-9_]*)\)$/s.exec(variable.query);
    if (!match) throw new Error(`variable ${variable.name}: unexpected query ${variable.query}`);
    const selector = match[1].replace(/}$/, `,${match[2]}!=""}`);
    queries.push({ where: `variable "${variable.name}"`, expr: selector });
  }
  return queries;
}

/**
 * The value Grafana substitutes for each variable of the dashboard, for Prometheus: a fixed value as is;
 * "All" as the variable's allValue, or the regex of all its options; `picks` overrides (a regex).
 */
export function variableValues(dashboard: any, picks: Record<string, string> = {}): Record<string, string> {
  const values: Record<string, string> = { __rate_interval: '5m', __interval: '1m', __range: '1h' };
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type === 'datasource') continue;
    if (variable.name in picks) {
      values[variable.name] = picks[variable.name];
      continue;
    }
    const current = [variable.current?.value].flat();
    if (current.includes('$__all')) {
      const options = (variable.options ?? []).map((option: any) => option.value).filter((value: string) => value !== '$__all');
      values[variable.name] = variable.allValue ?? `(${options.join('|')})`;
    } else {
      values[variable.name] = current[0];
    }
  }
  return values;
}

/** The query with Grafana's variables (`$name`, `${name}`) replaced; throws on a variable it does not know. */
export function substituteVariables(expr: string, values: Record<string, string>): string {
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced: string | undefined, plain: string | undefined) => {
    const name = (braced ?? plain)!;
    if (!(name in values)) throw new Error(`unknown variable $${name} in ${expr}`);
    return values[name];
  });
}

/** Syntax errors of a query after substitution (Prometheus's own grammar), as text; empty when it parses. */
export function querySyntaxProblems(expr: string): string[] {
  return promqlSyntaxErrors(expr).map((error) => `${error.message} in ${expr}`);
}
