/**
 * Standalone PromQL for an indicator's bad and total events over a window, for formats that take raw
 * queries (Sloth's `events`, OpenSLO's non-counter ratio metrics). The meaning is that of
 * `rules/sli-rules.ts`, written so that each query reads only the user's metrics (the rules read the
 * just-recorded total instead, which documents cannot).
 */
import { formatDecimal } from '../model/decimal';
import { formatPromDuration } from '../model/duration';
import { Indicator, WINDOW_PLACEHOLDER } from '../model/indicator';
import { parseVectorSelector, renderVectorSelector } from '../promql/selector';
import { SHORT_WINDOW_GROUP_INTERVAL_SECONDS } from '../rules/intervals';
import { onLabels, sumBy } from '../rules/promql-builder';
import { bucketMatcher } from '../rules/sli-rules';

/** Bad and total events per second over a window (or, for time-slice indicators, minutes). */
export interface EventQueries {
  readonly errors: string;
  readonly total: string;
}

/**
 * The queries of an indicator with `window` as the range of every range vector: a Prometheus duration
 * (`5m`) or a template placeholder (`{{.window}}`, Sloth's).
 *
 * Freshness and gauge-threshold indicators are judged once a minute, as the rules judge them: a
 * `[window:1m]` subquery counts the bad minutes and the minutes with data.
 */
export function eventQueries(indicator: Indicator, window: string): EventQueries {
  const grouping = indicator.grouping;
  const sum = (expression: string) => sumBy(grouping, expression);
  const over = (fn: string, selector: string) => `${fn}(${selector}[${window}])`;
  // Where no bad-event series exist yet, the error rate is 0 (not absent), as in the rules.
  const orZero = (errors: string, total: string) => `${errors} or ${onLabels(grouping)} (0 * ${total})`;
  const slice = formatPromDuration(SHORT_WINDOW_GROUP_INTERVAL_SECONDS);

  switch (indicator.kind) {
    case 'ratio': {
      const total = sum(over('rate', normalized(indicator.total)));
      if (indicator.errors !== undefined) {
        return { total, errors: orZero(sum(over('rate', normalized(indicator.errors))), total) };
      }
      return { total, errors: `${total} - (${orZero(sum(over('rate', normalized(indicator.good!))), total)})` };
    }
    case 'latency': {
      const selector = parseVectorSelector(indicator.histogram);
      const count = renderVectorSelector({ metric: `${selector.metric}_count`, matchers: selector.matchers });
      const bucket = renderVectorSelector({
        metric: `${selector.metric}_bucket`,
        matchers: [...selector.matchers, bucketMatcher(indicator.thresholdSeconds)],
      });
      const total = sum(over('rate', count));
      return { total, errors: `${total} - ${sum(over('rate', bucket))}` };
    }
    case 'nativeLatency': {
      const histogramRate = sum(over('rate', normalized(indicator.histogram)));
      const total = `histogram_count(${histogramRate})`;
      return { total, errors: `${total} * (1 - histogram_fraction(0, ${formatDecimal(indicator.thresholdSeconds)}, ${histogramRate}))` };
    }
    case 'boolGauge': {
      const metric = normalized(indicator.metric);
      const total = sum(over('count_over_time', metric));
      return { total, errors: `${total} - ${sum(over('sum_over_time', metric))}` };
    }
    case 'freshness': {
      const timestamp = normalized(indicator.timestamp);
      return {
        total: sum(`count_over_time(${aggregate('group', grouping, timestamp)}[${window}:${slice}])`),
        errors: sum(`sum_over_time((time() - ${aggregate('max', grouping, timestamp)} > bool ${formatDecimal(indicator.maxAgeSeconds)})[${window}:${slice}])`),
      };
    }
    case 'gaugeThreshold': {
      const metric = normalized(indicator.metric);
      return {
        total: sum(`count_over_time(${aggregate('group', grouping, metric)}[${window}:${slice}])`),
        errors: sum(`sum_over_time((${aggregate('sum', grouping, metric)} > bool ${formatDecimal(indicator.maximum)})[${window}:${slice}])`),
      };
    }
    case 'query': {
      const fill = (query: string) => query.split(WINDOW_PLACEHOLDER).join(window);
      const total = sum(fill(indicator.totalQuery));
      if (indicator.errorQuery !== undefined) {
        return { total, errors: orZero(sum(fill(indicator.errorQuery)), total) };
      }
      return { total, errors: `${total} - (${orZero(sum(fill(indicator.goodQuery!)), total)})` };
    }
  }
}

/** `op by (a, b) (expr)`, or `op(expr)` without grouping. */
function aggregate(operator: string, grouping: readonly string[], expression: string): string {
  return grouping.length === 0 ? `${operator}(${expression})` : `${operator} by (${grouping.join(', ')}) (${expression})`;
}

/** Re-renders a user selector from its parsed form, so the emitted text is always well-formed. */
export function normalized(selector: string): string {
  return renderVectorSelector(parseVectorSelector(selector));
}
