/**
 * The template variables of the SLO dashboards and the label matchers built from them. Every value a
 * user can pick reaches PromQL only through a Grafana variable (which the Prometheus datasource escapes);
 * everything the library itself writes into a query is quoted by the selector renderer.
 */
import { SLO_NAME_LABEL, SLO_SERVICE_LABEL } from '../model/naming';
import { LabelMatcher } from '../promql/selector';

/** The variable holding the Prometheus datasource; panels and targets use `${datasource}`. */
export const DATASOURCE_VARIABLE = 'datasource';
/** The variable holding the service (`slo_service`). */
export const SERVICE_VARIABLE = 'service';
/** The variable holding the SLO names (`slo_name`). */
export const SLO_VARIABLE = 'slo';

const RESERVED_VARIABLE_NAMES: readonly string[] = [DATASOURCE_VARIABLE, SERVICE_VARIABLE, SLO_VARIABLE];

/** The datasource every panel, target and annotation reads. */
export const PROMETHEUS_DATASOURCE = { type: 'prometheus', uid: `\${${DATASOURCE_VARIABLE}}` } as const;

/** A reference to a variable inside a PromQL string literal: `$route`. */
export function variableReference(name: string): string {
  return `$${name}`;
}

/**
 * One variable name per grouping label, in order. A label is its own variable name unless that name is
 * taken by `datasource`, `service`, `slo` or an earlier label; then `_label` is appended until it is free.
 */
export function groupingVariableNames(labels: readonly string[]): Map<string, string> {
  const taken = new Set<string>(RESERVED_VARIABLE_NAMES);
  const names = new Map<string, string>();
  for (const label of labels) {
    if (names.has(label)) continue;
    let name = label;
    while (taken.has(name)) name = `${name}_label`;
    taken.add(name);
    names.set(label, name);
  }
  return names;
}

/** `label=~"$variable"`: one grouping label narrowed to the values picked in its variable. */
export function groupingMatcher(label: string, variable: string): LabelMatcher {
  return { name: label, operator: '=~', value: variableReference(variable) };
}

/**
 * The matchers that select one SLO's recorded series on its service dashboard: its service through the
 * `service` variable, its own name, and the `slo` variable (an SLO not picked there shows no data).
 */
export function serviceDashboardSloMatchers(name: string): LabelMatcher[] {
  return [
    { name: SLO_SERVICE_LABEL, operator: '=', value: variableReference(SERVICE_VARIABLE) },
    { name: SLO_NAME_LABEL, operator: '=', value: name },
    { name: SLO_NAME_LABEL, operator: '=~', value: variableReference(SLO_VARIABLE) },
  ];
}

/** The matchers of the overview: the services and SLOs picked in its variables. */
export function overviewMatchers(): LabelMatcher[] {
  return [
    { name: SLO_SERVICE_LABEL, operator: '=~', value: variableReference(SERVICE_VARIABLE) },
    { name: SLO_NAME_LABEL, operator: '=~', value: variableReference(SLO_VARIABLE) },
  ];
}
