/**
 * The dashboard of one service: a row per SLO (see slo-section.ts), in the order given. Variables:
 * `datasource`, `service` (this service), `slo` (its SLOs; rows of SLOs not picked show no data) and
 * one per grouping label of its SLOs, its values read from the recorded series.
 */
import { assembleDashboard, DashboardJson, DashboardSettings } from './dashboard-document';
import {
  groupingVariableNames, SERVICE_VARIABLE, SLO_VARIABLE, variableReference,
} from './dashboard-variables';
import { periodStartsInMilliseconds } from './period-queries';
import { sloSection } from './slo-section';
import { datasourceVariable, fixedVariable, groupingVariable, listVariable } from './template-variables';
import { BASE_WINDOW_SECONDS } from '../model/alerting-policy';
import { errorRatioMetric, SLO_NAME_LABEL, SLO_SERVICE_LABEL } from '../model/naming';
import { SloDefinition } from '../model/slo-definition';
import { LabelMatcher, renderVectorSelector } from '../promql/selector';

/** The default time range of the dashboards. */
export const DEFAULT_TIME_RANGE = '7d';

/** The dashboard of `service` showing `definitions` (valid SLOs of that service, at least one). */
export function serviceDashboard(service: string, definitions: readonly SloDefinition[], settings: DashboardSettings): DashboardJson {
  if (definitions.length === 0 || definitions.some((definition) => definition.service !== service)) {
    throw new Error(`a service dashboard needs at least one SLO, all of service "${service}"`);
  }
  const groupingLabels = definitions.flatMap((definition) => definition.indicator.grouping);
  const groupingVariables = groupingVariableNames(groupingLabels);
  const sloNames = definitions.map((definition) => definition.name);

  const variables = [
    datasourceVariable(settings.defaultDatasource),
    fixedVariable(SERVICE_VARIABLE, 'Service', service),
    listVariable(SLO_VARIABLE, 'SLO', sloNames),
    ...[...groupingVariables].map(([label, name]) => groupingVariable(name, label, {
      metric: errorRatioMetric(BASE_WINDOW_SECONDS),
      matchers: [
        { name: SLO_SERVICE_LABEL, operator: '=', value: variableReference(SERVICE_VARIABLE) },
        { name: SLO_NAME_LABEL, operator: '=~', value: variableReference(SLO_VARIABLE) },
      ],
    })),
  ];
  const sloMatchers: LabelMatcher[] = [
    { name: SLO_SERVICE_LABEL, operator: '=', value: variableReference(SERVICE_VARIABLE) },
    { name: SLO_NAME_LABEL, operator: '=~', value: variableReference(SLO_VARIABLE) },
  ];
  const alerts = renderVectorSelector({
    metric: 'ALERTS',
    matchers: [{ name: 'alertstate', operator: '=', value: 'firing' }, ...sloMatchers],
  });
  const units = new Set(definitions.map((definition) => definition.objective.calendar?.unit));

  return assembleDashboard(settings, {
    variables,
    alertAnnotation: alerts,
    sections: definitions.map((definition) => sloSection(definition, groupingVariables)),
    timeRange: DEFAULT_TIME_RANGE,
    // Calendar SLOs: their period starts marked, and weeks from Monday as theirs are (for `now/w`).
    ...(definitions.some((definition) => definition.objective.calendar) ? { periodStartAnnotation: periodStartsInMilliseconds(sloMatchers) } : {}),
    ...(units.has('week') ? { weekStart: 'monday' } : {}),
  });
}
