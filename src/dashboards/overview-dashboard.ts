/**
 * The overview of every SLO of an app:
 *
 *   Summary               | SLOs | Services | Burning now | Alerts firing |                        h 4
 *   Error budgets         | Budget left, worst first (table) | Budget left over time (worst group)  h 10
 *   Burning and alerting  | Burning now (table)              | Alerts firing (table)                h 8
 *
 * Variables: `datasource`, `service` and `slo`, listing the services and SLO names the app defines
 * ("All" stands for that list, so other apps' SLOs in the same Prometheus stay out).
 */
import { alertsFiringStat, countStat } from './count-stats';
import { assembleDashboard, DashboardJson, DashboardSettings } from './dashboard-document';
import {
  overviewMatchers, SERVICE_VARIABLE, SLO_VARIABLE, variableReference,
} from './dashboard-variables';
import { Section } from './grid';
import { PanelSpec, QuerySpec, tablePanel, timeseriesPanel } from './panels';
import { DEFAULT_TIME_RANGE } from './service-dashboard';
import { datasourceVariable, listVariable } from './template-variables';
import { SECONDS_PER_HOUR } from '../model/duration';
import {
  ERROR_BUDGET_RATIO, errorRatioMetric, OBJECTIVE_RATIO, PERIOD_ERROR_BUDGET_REMAINING, SLO_NAME_LABEL, SLO_SERVICE_LABEL,
} from '../model/naming';
import { SloDefinition } from '../model/slo-definition';
import { renderVectorSelector } from '../promql/selector';

const SLO_IDENTITY = `${SLO_SERVICE_LABEL}, ${SLO_NAME_LABEL}`;

/** The overview's queries: every SLO of the services and names picked. */
export const overviewQueries = {
  /** The number of SLOs. */
  sloCount: () => `count(max by (${SLO_IDENTITY}) (${series(OBJECTIVE_RATIO)}))`,
  /** The number of services with SLOs. */
  serviceCount: () => `count(max by (${SLO_SERVICE_LABEL}) (${series(OBJECTIVE_RATIO)}))`,
  /** Burn rate over the last hour per SLO and group: 1h error ratio ÷ error budget. */
  burnRate1h: () => `${series(errorRatioMetric(SECONDS_PER_HOUR))}\n/ on (${SLO_IDENTITY}) group_left ()\nmax by (${SLO_IDENTITY}) (${series(ERROR_BUDGET_RATIO)})`,
  /** The SLOs burning budget faster than it lasts over the last hour (burn rate above 1), 0 when none. */
  burningCount: () => `count(max by (${SLO_IDENTITY}) (\n${overviewQueries.burnRate1h()}\n> 1\n)) or vector(0)`,
  /** The groups burning now, highest burn rate first. */
  burning: () => `sort_desc(\n${overviewQueries.burnRate1h()}\n> 1\n)`,
  /** The SLO alerts firing now, 0 when none. */
  alertCount: () => `count(${firingAlerts()}) or vector(0)`,
  /** The SLO alerts firing now. */
  alerts: () => firingAlerts(),
  /** Budget left over each SLO's window per group, worst first. */
  budgets: () => `sort(${series(PERIOD_ERROR_BUDGET_REMAINING)})`,
  /** Budget left of each SLO's worst group. */
  worstBudgets: () => `min by (${SLO_IDENTITY}) (${series(PERIOD_ERROR_BUDGET_REMAINING)})`,
};

/** Every summary count is a quarter of the row wide. */
const SUMMARY_SIZE = { width: 6, height: 4 };

/** The overview of `definitions` (valid SLOs, at least one). */
export function overviewDashboard(definitions: readonly SloDefinition[], settings: DashboardSettings): DashboardJson {
  if (definitions.length === 0) {
    throw new Error('an overview dashboard needs at least one SLO');
  }
  const services = [...new Set(definitions.map((definition) => definition.service))].sort();
  const names = [...new Set(definitions.map((definition) => definition.name))].sort();
  return assembleDashboard(settings, {
    variables: [
      datasourceVariable(settings.defaultDatasource),
      listVariable(SERVICE_VARIABLE, 'Service', services),
      listVariable(SLO_VARIABLE, 'SLO', names),
    ],
    alertAnnotation: firingAlerts(),
    sections: [summarySection(), errorBudgetSection(), burningSection()],
    timeRange: DEFAULT_TIME_RANGE,
  });
}

/** How many SLOs and services there are, how many burn and how many alerts fire. */
function summarySection(): Section {
  const q = overviewQueries;
  return {
    title: 'Summary',
    lines: [[
      inventoryCount('SLOs', 'SLOs of the services picked, as recorded by Prometheus.', { expr: q.sloCount(), legend: 'SLOs' }),
      inventoryCount('Services', 'Services with SLOs among those picked.', { expr: q.serviceCount(), legend: 'services' }),
      countStat({
        title: 'SLOs burning now',
        description: 'SLOs spending their error budget faster than it lasts: over the last hour, error ratio above the error budget (burn rate above 1).',
        query: { expr: q.burningCount(), legend: 'burning' },
        thresholds: [{ color: 'green' }, { value: 1, color: 'orange' }],
        ...SUMMARY_SIZE,
      }),
      alertsFiringStat({
        description: 'SLO alerts firing now: burn rate, error-budget policy and forecast.',
        expr: q.alertCount(),
        ...SUMMARY_SIZE,
      }),
    ]],
  };
}

/** A count of what the app defines (SLOs, services): plain blue, without history. */
function inventoryCount(title: string, description: string, query: QuerySpec): PanelSpec {
  return countStat({ title, description, query, thresholds: [{ color: 'blue' }], sparkline: false, ...SUMMARY_SIZE });
}

/** The budget left of every SLO, worst first, and over time. */
function errorBudgetSection(): Section {
  const q = overviewQueries;
  return {
    title: 'Error budgets',
    lines: [[
      tablePanel({
        title: 'Error budget left, worst first',
        description: 'Share of the error budget left over each SLO\'s own window, per group; below 0 the SLO is missed.',
        query: { expr: q.budgets() },
        unit: 'percentunit',
        decimals: 1,
        valueColumn: 'Budget left',
        sortColumn: 'Budget left',
        sortDescending: false,
        thresholds: [{ color: 'red' }, { value: 0, color: 'orange' }, { value: 0.25, color: 'green' }],
        width: 12,
        height: 10,
      }),
      timeseriesPanel({
        title: 'Error budget left over time',
        description: 'Budget left over each SLO\'s window; for a grouped SLO, its worst group.',
        queries: [{ expr: q.worstBudgets(), legend: `{{${SLO_SERVICE_LABEL}}} / {{${SLO_NAME_LABEL}}}` }],
        thresholdLines: [{ color: 'transparent' }, { value: 0, color: 'red' }],
        unit: 'percentunit',
        decimals: 1,
        width: 12,
        height: 10,
      }),
    ]],
  };
}

/** The groups burning budget now and the alerts firing, as tables. */
function burningSection(): Section {
  const q = overviewQueries;
  return {
    title: 'Burning and alerting',
    lines: [[
      tablePanel({
        title: 'Burning now, fastest first',
        description: 'Groups whose error ratio over the last hour is above the error budget, by burn rate (1 = the budget lasts exactly the SLO window; red from 14.4, the 1h page threshold of a 30-day SLO).',
        query: { expr: q.burning() },
        unit: 'none',
        decimals: 2,
        valueColumn: 'Burn rate (1h)',
        sortColumn: 'Burn rate (1h)',
        sortDescending: true,
        thresholds: [{ color: 'orange' }, { value: 14.4, color: 'red' }],
        width: 12,
        height: 8,
      }),
      tablePanel({
        title: 'Alerts firing',
        description: 'SLO alerts firing now, with their severity and windows or budget action.',
        query: { expr: q.alerts() },
        unit: 'none',
        sortColumn: 'severity',
        sortDescending: false,
        hiddenColumns: ['alertstate'],
        thresholds: [{ color: 'red' }],
        width: 12,
        height: 8,
      }),
    ]],
  };
}

/** A recorded series of the SLOs picked. */
function series(metric: string): string {
  return renderVectorSelector({ metric, matchers: overviewMatchers() });
}

function firingAlerts(): string {
  return renderVectorSelector({
    metric: 'ALERTS',
    matchers: [
      { name: 'alertstate', operator: '=', value: 'firing' },
      { name: SLO_SERVICE_LABEL, operator: '=~', value: variableReference(SERVICE_VARIABLE) },
      { name: SLO_NAME_LABEL, operator: '=~', value: variableReference(SLO_VARIABLE) },
    ],
  });
}
