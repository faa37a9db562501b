/**
 * Writes imported SLOs as a cdk8s app in TypeScript, the file a team migrating from Sloth, Pyrra or
 * OpenSLO commits: one `new Slo(...)` per SLO with every prop the import read, so that it synthesizes
 * to rules with the same meaning. Above each SLO, where it came from and what the import approximated;
 * in the header, what was refused and why. Every string from the documents goes through `tsString` or
 * `commentLines`.
 */
import { ImportedSlo } from 'cdk8s-slo/lib/documents/imported';
import { formatUtcOffset } from 'cdk8s-slo/lib/model/calendar-period';
import { formatDecimal } from 'cdk8s-slo/lib/model/decimal';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from 'cdk8s-slo/lib/model/duration';
import { Indicator } from 'cdk8s-slo/lib/model/indicator';
import { Objective } from 'cdk8s-slo/lib/model/objective';
import { commentLines, tsKey, tsString } from './typescript-literals';

/** What the header of the generated file names. */
export interface ImportedAppContext {
  /** The paths as the user named them. */
  readonly paths: readonly string[];
  /** The namespace of the chart, where the PrometheusRules go. */
  readonly ruleNamespace: string;
  /** Why each refused document was refused. */
  readonly refusals: readonly string[];
  /** What the import approximated or left out, and documents skipped. */
  readonly warnings: readonly string[];
}

/** The TypeScript source of a cdk8s app with the imported SLOs. */
export function renderImportedApp(slos: readonly ImportedSlo[], context: ImportedAppContext): string {
  const out: string[] = [];
  out.push(...commentLines(`SLOs imported by \`cdk8s-slo import ${context.paths.join(' ')}\`.`));
  out.push('// This file is yours: commit it and edit it. Running import again overwrites it.');
  if (context.refusals.length > 0) {
    out.push('//', `// Not imported (${context.refusals.length} finding${context.refusals.length === 1 ? '' : 's'}):`);
    for (const refusal of context.refusals) out.push(...commentLines(`- ${refusal}`));
  }
  const general = context.warnings.filter((w) => !slos.some((slo) => w.startsWith(documentOf(slo.source))));
  if (general.length > 0) {
    out.push('//', '// Notes:');
    for (const warning of general) out.push(...commentLines(`- ${warning}`));
  }
  const rendered = slos.map((slo) => renderSlo(slo, context.warnings.filter((w) => w.startsWith(documentOf(slo.source)))));
  out.push('');
  // Only what the code uses: users compile the app with noUnusedLocals.
  out.push(`import { App, Chart${rendered.some((lines) => uses(lines, 'Duration')) ? ', Duration' : ''} } from 'cdk8s';`);
  if (slos.length > 0) {
    out.push(`import { ${rendered.some((lines) => uses(lines, 'CalendarWindow')) ? 'CalendarWindow, ' : ''}Sli, Slo } from 'cdk8s-slo';`);
  }
  out.push('');
  out.push('const app = new App();');
  if (slos.length === 0) {
    out.push(`new Chart(app, 'slos', { namespace: ${tsString(context.ruleNamespace)} }); // nothing imported`);
  } else {
    out.push(`const chart = new Chart(app, 'slos', { namespace: ${tsString(context.ruleNamespace)} });`);
  }
  for (const lines of rendered) out.push('', ...lines);
  out.push('', 'app.synth();', '');
  return out.join('\n');
}

/** Whether generated code (outside comments and string literals) refers to `name.`. */
function uses(lines: readonly string[], name: string): boolean {
  return lines.some((line) => !line.trimStart().startsWith('//')
    && new RegExp(`\\b${name}\\.`).test(line.replace(/'(?:[^'\\]|\\.)*'/g, "''")));
}

/** `file document 2` of a source such as `file document 2 (SLO "x"), line 3: …`. */
function documentOf(source: string): string {
  const match = /^(.*? document \d+(?:, item \d+)?) /.exec(source);
  return match ? match[1] : source;
}

function renderSlo(slo: ImportedSlo, notes: readonly string[]): string[] {
  const d = slo.definition;
  const lines: string[] = [];
  lines.push(...commentLines(`From ${slo.source}.`));
  for (const note of notes) lines.push(...commentLines(`Note: ${note}`));
  lines.push(`new Slo(chart, ${tsString(`${d.service}-${d.name}`)}, {`);
  lines.push(`  service: ${tsString(d.service)},`);
  lines.push(`  name: ${tsString(d.name)},`);
  if (d.description !== undefined) lines.push(`  description: ${tsString(d.description)},`);
  lines.push(`  target: ${exactNumber(d.objective.target)},`);
  lines.push(...windowLines(d.objective));
  lines.push(`  indicator: ${indicator(d.indicator)},`);
  if (Object.keys(d.labels).length > 0) lines.push(`  labels: ${record(d.labels)},`);
  lines.push(...alerting(slo));
  if (d.budgetPolicy) {
    const policy = d.budgetPolicy;
    lines.push('  budgetPolicy: {');
    lines.push(`    steps: [${policy.steps.map((step) => `{ action: ${tsString(step.action)}, remainingBelow: ${formatDecimal(step.remainingBelow)}${step.description !== undefined ? `, description: ${tsString(step.description)}` : ''} }`).join(', ')}],`);
    lines.push(`    forecast: ${policy.forecast !== undefined},`);
    if (policy.forecast) {
      lines.push(`    forecastLookback: ${duration(policy.forecast.lookbackSeconds)},`);
      lines.push(`    forecastHorizon: ${duration(policy.forecast.horizonSeconds)},`);
    }
    lines.push(`    severity: ${tsString(policy.severity)},`);
    if (Object.keys(policy.labels).length > 0) lines.push(`    labels: ${record(policy.labels)},`);
    lines.push(`    alertName: ${tsString(policy.alertName)},`);
    lines.push(`    forecastAlertName: ${tsString(policy.forecastAlertName)},`);
    lines.push('  },');
  }
  lines.push('});');
  return lines;
}

/** `window: Duration.days(28),`, or `calendarWindow: CalendarWindow.MONTH,` with `utcOffset` when it is not UTC. */
function windowLines(objective: Objective): string[] {
  const calendar = objective.calendar;
  if (calendar === undefined) return [`  window: ${duration(objective.windowSeconds)},`];
  return [
    `  calendarWindow: CalendarWindow.${calendar.unit.toUpperCase()},`,
    ...(calendar.utcOffsetSeconds !== 0 ? [`  utcOffset: ${tsString(formatUtcOffset(calendar.utcOffsetSeconds))},`] : []),
  ];
}

function alerting(slo: ImportedSlo): string[] {
  const policy = slo.definition.alerting;
  if (!policy.enabled) return ['  alerting: { enabled: false },'];
  const lines = ['  alerting: {', `    alertName: ${tsString(policy.alertName)},`, '    windows: ['];
  for (const pair of policy.pairs) {
    const labels = pair.labels && Object.keys(pair.labels).length > 0 ? `, labels: ${record(pair.labels)}` : '';
    const after = pair.forSeconds !== undefined ? `, for: ${duration(pair.forSeconds)}` : '';
    lines.push(`      { longWindow: ${duration(pair.longSeconds)}, shortWindow: ${duration(pair.shortSeconds)}, budgetConsumed: ${exactNumber(pair.budgetConsumed)}, severity: ${tsString(pair.severity)}${labels}${after} },`);
  }
  lines.push('    ],');
  if (policy.forSeconds) lines.push(`    for: ${duration(policy.forSeconds)},`);
  if (Object.keys(policy.labels).length > 0) lines.push(`    labels: ${record(policy.labels)},`);
  if (Object.keys(policy.annotations).length > 0) lines.push(`    annotations: ${record(policy.annotations)},`);
  for (const [key, value] of [['summary', policy.summary], ['description', policy.description], ['runbookUrl', policy.runbookUrl], ['dashboardUrl', policy.dashboardUrl]] as const) {
    if (value !== undefined) lines.push(`    ${key}: ${tsString(value)},`);
  }
  if (policy.minimumEvents !== undefined) lines.push(`    minimumEvents: ${formatDecimal(policy.minimumEvents)},`);
  lines.push('  },');
  return lines;
}

/** The `Sli` factory call of an indicator. */
export function indicator(value: Indicator): string {
  const grouping = value.grouping.length > 0 ? `, grouping: [${value.grouping.map(tsString).join(', ')}]` : '';
  const optional = (key: string, text: string | undefined) => (text !== undefined ? `${key}: ${tsString(text)}, ` : '');
  switch (value.kind) {
    case 'ratio':
      return `Sli.ratio({ ${optional('errors', value.errors)}${optional('good', value.good)}total: ${tsString(value.total)}${grouping} })`;
    case 'latency':
      return `Sli.latency({ histogram: ${tsString(value.histogram)}, threshold: ${duration(value.thresholdSeconds)}${grouping} })`;
    case 'nativeLatency':
      return `Sli.nativeLatency({ histogram: ${tsString(value.histogram)}, threshold: ${duration(value.thresholdSeconds)}${grouping} })`;
    case 'boolGauge':
      return `Sli.boolGauge({ metric: ${tsString(value.metric)}${grouping} })`;
    case 'query':
      return `Sli.fromQueries({ ${optional('errorQuery', value.errorQuery)}${optional('goodQuery', value.goodQuery)}totalQuery: ${tsString(value.totalQuery)}${grouping} })`;
    case 'freshness':
      return `Sli.freshness({ timestampMetric: ${tsString(value.timestamp)}, maxAge: ${duration(value.maxAgeSeconds)}${grouping} })`;
    case 'gaugeThreshold':
      return `Sli.gaugeThreshold({ metric: ${tsString(value.metric)}, maximum: ${formatDecimal(value.maximum)}${grouping} })`;
    case 'queryThreshold':
      return `Sli.queryThreshold({ query: ${tsString(value.query)}, op: ${tsString(value.op)}, value: ${formatDecimal(value.value)}${timeSlice(value.timeSliceSeconds)}${grouping} })`;
    case 'averagedErrorRatio':
      return `Sli.averagedErrorRatio({ errorRatioQuery: ${tsString(value.errorRatioQuery)}${timeSlice(value.timeSliceSeconds)}${grouping} })`;
  }
}

/** The `timeSlice` prop of a time-slice indicator, or nothing for the default one-minute slice. */
function timeSlice(seconds: number | undefined): string {
  return seconds === undefined ? '' : `, timeSlice: ${duration(seconds)}`;
}

/** A cdk8s Duration in the largest unit that holds it exactly. */
export function duration(seconds: number): string {
  const units: Array<[string, number]> = [['days', SECONDS_PER_DAY], ['hours', SECONDS_PER_HOUR], ['minutes', SECONDS_PER_MINUTE], ['seconds', 1]];
  for (const [unit, size] of units) {
    if (seconds >= size && Number.isInteger(seconds / size)) return `Duration.${unit}(${seconds / size})`;
  }
  const millis = Math.round(seconds * 1000);
  if (Math.abs(millis - seconds * 1000) > 1e-6) throw new Error(`${seconds}s is not a whole number of milliseconds`);
  return `Duration.millis(${millis})`;
}

/** A number as written for people (`0.999`), unless that would change it (`0.14285714285714285`). */
function exactNumber(value: number): string {
  const short = formatDecimal(value);
  return Number(short) === value ? short : String(value);
}

function record(values: Readonly<Record<string, string>>): string {
  return `{ ${Object.entries(values).map(([key, value]) => `${tsKey(key)}: ${tsString(value)}`).join(', ')} }`;
}
