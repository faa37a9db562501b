import { formatDecimal, roundSignificant } from 'cdk8s-slo/lib/model/decimal';
import { formatPromDuration, formatSeconds } from 'cdk8s-slo/lib/model/duration';
import { DiscoveredService, ServiceInventory } from 'cdk8s-slo/lib/planning/service-inventory';
import { classificationValue } from './classification';
import { Palette } from '../output/color';
import { renderTable } from '../output/table';

/** The inventory as a table for people: one row per service, then a summary of what was skipped. */
export function renderInventoryTable(inventory: ServiceInventory, skipped: ReadonlyMap<string, number>, palette: Palette): string {
  const measured = inventory.prometheusUrl !== undefined;
  const header = ['SERVICE', 'TEAM', 'TIER', 'QPS', 'PEAK×', 'P95', 'ERRORS', 'PATTERN'];
  const rows = inventory.services.map((service) => [
    printable(`${service.namespace}/${service.name}`),
    printable(classificationValue(service, 'team') ?? '-'),
    printable(classificationValue(service, 'tier') ?? '-'),
    ...measurementCells(service, measured, isFailure(inventory, service), palette),
  ]);
  const table = inventory.services.length > 0 ? renderTable(header, rows, ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'left']) : 'No services found.\n';
  const lines: string[] = [];
  const namespaces = new Set(inventory.services.map((s) => s.namespace)).size;
  const summary = measured
    ? `${count(inventory.services.length, 'service')} in ${count(namespaces, 'namespace')}, measured over ${formatPromDuration(inventory.lookbackSeconds)} at ${inventory.prometheusUrl}.`
    : `${count(inventory.services.length, 'service')} in ${count(namespaces, 'namespace')}; not measured (no --prometheus-url).`;
  lines.push(summary);
  const skippedTotal = [...skipped.values()].reduce((a, b) => a + b, 0);
  if (skippedTotal > 0) {
    lines.push(`Skipped ${count(skippedTotal, 'system service')}: ${[...skipped].map(([namespace, n]) => `${printable(namespace)} ${n}`).join(', ')}.`);
  }
  const noData = inventory.services.filter((s) => s.observed === undefined && s.measurementError !== undefined && !isFailure(inventory, s));
  if (noData.length > 0) {
    lines.push(`${count(noData.length, 'service')} without request series under ${selectorLabels(noData[0])}: not HTTP services, or their metrics are labelled otherwise (see --selector).`);
  }
  return `${table}\n${lines.join('\n')}\n`;
}

function measurementCells(service: DiscoveredService, measured: boolean, failed: boolean, palette: Palette): string[] {
  const observed = service.observed;
  if (!observed) {
    const status = !measured ? '-' : failed ? palette.red('failed') : palette.dim('no data');
    return ['-', '-', '-', '-', status];
  }
  return [
    formatRate(observed.averageQps),
    `${formatDecimal(roundSignificant(observed.peakMultiplier, 3))}×`,
    observed.latency ? formatSeconds(observed.latency.p95) : '-',
    observed.errorRatio !== undefined ? `${formatDecimal(roundSignificant(observed.errorRatio * 100, 3))}%` : '-',
    observed.trafficPattern,
  ];
}

/** JSON's short escapes; every other control character is written \uXXXX. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/**
 * Text from a Service (names, label and annotation values) for a terminal: control characters (line
 * breaks, tabs, escape sequences, C1 controls, Unicode line separators) escaped the way JSON strings
 * escape them (\n, \t, \u001b), so a value can neither break the table nor drive the terminal. A
 * backslash is doubled, so an escape seen is always one made here.
 */
export function printable(text: string): string {
  return text.replace(/[\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Requests per second with three significant digits: 1234, 12.3, 0.0123. */
export function formatRate(qps: number): string {
  return qps >= 1000 ? String(Math.round(qps)) : formatDecimal(roundSignificant(qps, 3));
}


function isFailure(inventory: ServiceInventory, service: DiscoveredService): boolean {
  return inventory.failures.some((f) => f.service === `${service.namespace}/${service.name}`);
}

function selectorLabels(service: DiscoveredService): string {
  return `their selector (${Object.keys(service.selector).join(', ')})`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
