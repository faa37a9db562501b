/**
 * The dashboards' template variables, built with the foundation SDK: the Prometheus datasource, the
 * service and SLO pickers (custom variables listing the SLOs the app defines) and one picker per
 * grouping label (its values queried from the recorded series).
 */
import { DATASOURCE_VARIABLE, PROMETHEUS_DATASOURCE } from './dashboard-variables';
import { renderVectorSelector } from '../promql/selector';
import { dashboard } from '../vendor/grafana-foundation-sdk';

/** Grafana's value of the "All" option. */
const ALL = '$__all';

/**
 * The Prometheus datasource picker. `defaultDatasource` (a datasource name or uid, or a grafana-operator
 * input such as `${DS_PROMETHEUS}`) is selected at first; without it Grafana selects its default
 * Prometheus datasource.
 */
export function datasourceVariable(defaultDatasource?: string): dashboard.DatasourceVariableBuilder {
  const variable = new dashboard.DatasourceVariableBuilder(DATASOURCE_VARIABLE)
    .label('Data source')
    .type(PROMETHEUS_DATASOURCE.type)
    .hide(dashboard.VariableHide.DontHide)
    .multi(false)
    .includeAll(false)
    .regex('');
  if (defaultDatasource !== undefined) {
    variable.current({ text: defaultDatasource, value: defaultDatasource, selected: true });
  }
  return variable;
}

/** A picker with exactly one value, shown for context (the service of a service dashboard). */
export function fixedVariable(name: string, label: string, value: string): dashboard.CustomVariableBuilder {
  return new dashboard.CustomVariableBuilder(name)
    .label(label)
    .hide(dashboard.VariableHide.DontHide)
    .values(value)
    .multi(false)
    .includeAll(false)
    .allowCustomValue(false)
    .current({ text: value, value, selected: true })
    .options([{ text: value, value, selected: true }]);
}

/**
 * A multi-value picker over a fixed list (names are DNS labels: no commas or spaces), "All" by default.
 * All stands for the list itself, so queries stay within the SLOs the app defines.
 */
export function listVariable(name: string, label: string, values: readonly string[]): dashboard.CustomVariableBuilder {
  return new dashboard.CustomVariableBuilder(name)
    .label(label)
    .hide(dashboard.VariableHide.DontHide)
    .values(values.join(','))
    .multi(true)
    .includeAll(true)
    .allowCustomValue(false)
    .current({ text: ['All'], value: [ALL], selected: true })
    .options([
      { text: 'All', value: ALL, selected: true },
      ...values.map((value) => ({ text: value, value, selected: false })),
    ]);
}

/**
 * A multi-value picker of a grouping label, its values read from `metric{matchers}` when the dashboard
 * loads or its time range changes; "All" (any value) by default.
 */
export function groupingVariable(
  name: string,
  label: string,
  series: Parameters<typeof renderVectorSelector>[0],
): dashboard.QueryVariableBuilder {
  const query = labelValuesQuery(series, label);
  return new dashboard.QueryVariableBuilder(name)
    .label(label)
    .hide(dashboard.VariableHide.DontHide)
    .datasource({ ...PROMETHEUS_DATASOURCE })
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .allowCustomValue(false)
    .regex('')
    .current({ text: ['All'], value: [ALL], selected: true });
}

/** `label_values(metric{…}, label)`: the Prometheus datasource's variable query. */
export function labelValuesQuery(series: Parameters<typeof renderVectorSelector>[0], label: string): string {
  return `label_values(${renderVectorSelector(series)}, ${label})`;
}
