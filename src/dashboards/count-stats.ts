/**
 * Stats of whole numbers: how many SLOs or services there are, how many alerts fire. A count has no unit
 * and no decimals; the alerts-firing count looks the same on the overview and on every SLO's row.
 */
import { PanelSpec, statPanel, ValuePanelOptions } from './panels';

/** A count's options: a stat's, without unit and decimals. */
export type CountStatOptions = Omit<ValuePanelOptions, 'unit' | 'decimals'>;

/** Options of the alerts-firing count: its description, query and size. */
export interface AlertsFiringStatOptions extends Omit<CountStatOptions, 'title' | 'query' | 'thresholds'> {
  /** PromQL counting the alerts firing now. */
  readonly expr: string;
}

/** A whole number as a big number. */
export function countStat(options: CountStatOptions): PanelSpec {
  return statPanel({ ...options, unit: 'none', decimals: 0 });
}

/** The alerts firing now, counted: green while none fires, red from one. */
export function alertsFiringStat(options: AlertsFiringStatOptions): PanelSpec {
  const { expr, ...rest } = options;
  return countStat({
    ...rest,
    title: 'Alerts firing',
    query: { expr, legend: 'alerts' },
    thresholds: [{ color: 'green' }, { value: 1, color: 'red' }],
  });
}
