/**
 * The 5-minute rules: the only rules that read the user's raw metrics. Each indicator becomes two
 * recorded rates (bad and total events per second) and their ratio.
 */
import { SHORT_WINDOW_GROUP_INTERVAL_SECONDS } from './intervals';
import { ERRORS_RATE_5M, errorRatioMetric, TOTAL_RATE_5M } from './naming';
import { onePerGroup, onLabels, range, sloSeries, sumBy } from './promql-builder';
import { RecordingRule } from './rule';
import { BASE_WINDOW_SECONDS } from '../model/alerting-policy';
import { formatDecimal } from '../model/decimal';
import { formatPromDuration } from '../model/duration';
import { Indicator, WINDOW_PLACEHOLDER } from '../model/indicator';
import { SloDefinition } from '../model/slo-definition';
import { LabelMatcher, parseVectorSelector, renderVectorSelector } from '../promql/selector';

/** PromQL for the bad-event and total-event rates of an indicator over five minutes. */
export interface BaseRateExpressions {
  readonly total: string;
  readonly errors: string;
}

/** The three 5-minute recording rules of an SLO: total rate, error rate, error ratio. */
export function baseRateRules(definition: SloDefinition, labels: Record<string, string>): RecordingRule[] {
  const { service, name, indicator } = definition;
  const grouping = indicator.grouping;
  const recordedTotal = sloSeries(TOTAL_RATE_5M, service, name);
  const recordedErrors = sloSeries(ERRORS_RATE_5M, service, name);
  const expressions = baseRateExpressions(indicator, onePerGroup(grouping, recordedTotal));
  return [
    { record: TOTAL_RATE_5M, expr: expressions.total, labels },
    { record: ERRORS_RATE_5M, expr: expressions.errors, labels },
    {
      record: errorRatioMetric(BASE_WINDOW_SECONDS),
      expr: `${sumBy(grouping, recordedErrors)}\n/\n${sumBy(grouping, recordedTotal)}`,
      labels,
    },
  ];
}

/**
 * The rate expressions per indicator kind. The error rate reads the just-recorded total where it can
 * (rules of a group run in order at one timestamp), so each raw series is read once; and it falls back
 * to 0 × total when no bad-event series exist yet, so a service without errors has a ratio of 0, not none.
 */
export function baseRateExpressions(indicator: Indicator, recordedTotal: string): BaseRateExpressions {
  const grouping = indicator.grouping;
  const on = onLabels(grouping);
  const zeroPerGroup = `(0 * ${recordedTotal})`;
  const rate5m = (selector: string) => `rate(${range(selector, BASE_WINDOW_SECONDS)})`;

  switch (indicator.kind) {
    case 'ratio': {
      const total = sumBy(grouping, rate5m(normalized(indicator.total)));
      if (indicator.errors !== undefined) {
        return { total, errors: `${sumBy(grouping, rate5m(normalized(indicator.errors)))}\nor ${on}\n${zeroPerGroup}` };
      }
      return { total, errors: `${recordedTotal}\n- ${on}\n(${sumBy(grouping, rate5m(normalized(indicator.good!)))} or ${on} ${zeroPerGroup})` };
    }
    case 'latency': {
      const selector = parseVectorSelector(indicator.histogram);
      const count = renderVectorSelector({ metric: `${selector.metric}_count`, matchers: selector.matchers });
      const goodBucket = renderVectorSelector({
        metric: `${selector.metric}_bucket`,
        matchers: [...selector.matchers, bucketMatcher(indicator.thresholdSeconds)],
      });
      return {
        total: sumBy(grouping, rate5m(count)),
        errors: `${recordedTotal}\n- ${on}\n${sumBy(grouping, rate5m(goodBucket))}`,
      };
    }
    case 'nativeLatency': {
      const histogramRate = sumBy(grouping, rate5m(normalized(indicator.histogram)));
      return {
        total: `histogram_count(${histogramRate})`,
        errors: `${recordedTotal}\n* ${on}\n(1 - histogram_fraction(0, ${formatDecimal(indicator.thresholdSeconds)}, ${histogramRate}))`,
      };
    }
    case 'boolGauge': {
      const metric = normalized(indicator.metric);
      const perSecond = `/ ${BASE_WINDOW_SECONDS}`;
      return {
        total: `${sumBy(grouping, `count_over_time(${range(metric, BASE_WINDOW_SECONDS)})`)} ${perSecond}`,
        errors: `${recordedTotal}\n- ${on}\n(${sumBy(grouping, `sum_over_time(${range(metric, BASE_WINDOW_SECONDS)})`)} ${perSecond})`,
      };
    }
    case 'freshness': {
      // One event per evaluation and group: "1 per group" is `group`, the bad ones compare the age.
      const timestamp = normalized(indicator.timestamp);
      const perEvaluation = `/ ${SHORT_WINDOW_GROUP_INTERVAL_SECONDS}`;
      return {
        total: `${sumBy(grouping, aggregate('group', grouping, timestamp))} ${perEvaluation}`,
        errors: `${sumBy(grouping, `time() - ${aggregate('max', grouping, timestamp)} > bool ${formatDecimal(indicator.maxAgeSeconds)}`)} ${perEvaluation}`,
      };
    }
    case 'gaugeThreshold': {
      const metric = normalized(indicator.metric);
      const perEvaluation = `/ ${SHORT_WINDOW_GROUP_INTERVAL_SECONDS}`;
      return {
        total: `${sumBy(grouping, aggregate('group', grouping, metric))} ${perEvaluation}`,
        errors: `${sumBy(grouping, `${aggregate('sum', grouping, metric)} > bool ${formatDecimal(indicator.maximum)}`)} ${perEvaluation}`,
      };
    }
    case 'query': {
      const window = formatPromDuration(BASE_WINDOW_SECONDS);
      const fill = (query: string) => query.split(WINDOW_PLACEHOLDER).join(window);
      const total = sumBy(grouping, fill(indicator.totalQuery));
      if (indicator.errorQuery !== undefined) {
        return { total, errors: `${sumBy(grouping, fill(indicator.errorQuery))}\nor ${on}\n${zeroPerGroup}` };
      }
      return { total, errors: `${recordedTotal}\n- ${on}\n(${sumBy(grouping, fill(indicator.goodQuery!))} or ${on} ${zeroPerGroup})` };
    }
  }
}

/** `op by (a, b) (expr)`, or `op(expr)` without grouping. */
function aggregate(operator: string, grouping: readonly string[], expression: string): string {
  return grouping.length === 0 ? `${operator}(${expression})` : `${operator} by (${grouping.join(', ')}) (${expression})`;
}

/** Re-renders a user selector from its parsed form, so the emitted text is always well-formed. */
function normalized(selector: string): string {
  return renderVectorSelector(parseVectorSelector(selector));
}

/**
 * The `le` matcher of the bucket at the threshold. Prometheus 3 may write whole-number bounds as `1.0`
 * where older clients wrote `1`, so whole numbers match both spellings.
 */
export function bucketMatcher(thresholdSeconds: number): LabelMatcher {
  const bound = formatDecimal(thresholdSeconds);
  return Number.isInteger(thresholdSeconds)
    ? { name: 'le', operator: '=~', value: `${bound}(\\.0)?` }
    : { name: 'le', operator: '=', value: bound };
}
