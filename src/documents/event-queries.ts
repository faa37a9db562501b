/**
 * Standalone PromQL for an indicator's bad and total events over a window, for formats that take raw
 * queries (Sloth's `events`, OpenSLO's non-counter ratio metrics) and for dashboards. Each kind's module
 * writes them with the meaning of its rules, reading only the user's metrics (the rules read the
 * just-recorded total instead, which documents cannot).
 */
import { EventQueries } from '../indicators/indicator-kind';
import { kindOf } from '../indicators/registry';
import { Indicator } from '../model/indicator';

export type { EventQueries };

/**
 * The queries of an indicator with `window` as the range of every range vector: a Prometheus duration
 * (`5m`) or a template placeholder (`{{.window}}`, Sloth's).
 *
 * Time-slice indicators are judged once a slice, as the rules judge them: a `[window:1m]` subquery (the
 * slice's length for tiled slices) counts the bad slices and the slices with data.
 */
export function eventQueries(indicator: Indicator, window: string): EventQueries {
  return kindOf(indicator).events(indicator, window);
}
