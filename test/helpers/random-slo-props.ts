/**
 * Random valid SloProps for property tests: every indicator kind, grouping, labels, windows from an hour
 * to a year, alerting options and budget policies. Hostile-looking text is included on purpose.
 */
import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { Sli, SloProps } from '../../src';
import { SRE_WORKBOOK_WINDOW_PAIRS } from '../../src/model/burn-rate';
import { RESERVED_LABEL_NAMES } from '../../src/model/naming';

const dnsLabel = fc.stringMatching(/^[a-z]([-a-z0-9]{0,20}[a-z0-9])?$/);
const labelName = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,12}$/).filter((n) => !RESERVED_LABEL_NAMES.includes(n));
const metricName = fc.stringMatching(/^[a-z_:][a-z0-9_:]{0,20}$/);
// Any printable text, quotes, backslashes, braces and non-ASCII included: it must be escaped, never injected.
const anyText = fc.string({ unit: 'grapheme', maxLength: 16 });
const labelValue = anyText.filter((v) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(v) && !v.includes('{{') && !v.includes('}}'));
const matcherOp = fc.constantFrom('=', '!=', '=~', '!~');

function quote(value: string): string {
  return JSON.stringify(value); // a JSON string is a valid PromQL double-quoted string
}

const selector = fc.record({
  metric: metricName,
  matchers: fc.array(fc.record({ name: labelName, op: matcherOp, value: anyText }), { maxLength: 3 }),
}).map(({ metric, matchers }) => {
  // Regex matchers must hold valid RE2; keep their values to literal-safe characters.
  const rendered = matchers.map((m) => `${m.name}${m.op}${quote(m.op.includes('~') ? m.value.replace(/[^a-zA-Z0-9 ]/g, '') : m.value)}`);
  return rendered.length ? `${metric}{${rendered.join(',')}}` : metric;
});

const histogramBaseName = metricName.filter((m) => !/_(bucket|count|sum)$/.test(m));
const histogramMatchers = fc.array(fc.tuple(labelName.filter((n) => n !== 'le'), anyText), { maxLength: 2 });
const histogram = fc.tuple(histogramBaseName, histogramMatchers).map(([metric, matchers]) =>
  (matchers.length ? `${metric}{${matchers.map(([n, v]) => `${n}=${quote(v)}`).join(',')}}` : metric));

const latencyProps = fc.record({ histogram, ms: fc.integer({ min: 1, max: 60_000 }) });

const indicator = (grouping: string[]) => fc.oneof(
  fc.record({ errors: selector, total: selector }).map((p) => Sli.ratio({ ...p, grouping })),
  fc.record({ good: selector, total: selector }).map((p) => Sli.ratio({ ...p, grouping })),
  latencyProps.map((p) => Sli.latency({ histogram: p.histogram, threshold: Duration.millis(p.ms), grouping })),
  latencyProps.map((p) => Sli.nativeLatency({ histogram: p.histogram, threshold: Duration.millis(p.ms), grouping })),
  selector.map((metric) => Sli.boolGauge({ metric, grouping })),
  fc.tuple(metricName, metricName).map(([e, t]) =>
    Sli.fromQueries({ errorQuery: `sum(rate(${e}[{{.window}}]))`, totalQuery: `sum(rate(${t}[{{.window}}]))`, grouping })),
  fc.record({ timestampMetric: selector, minutes: fc.integer({ min: 1, max: 100_000 }) })
    .map((p) => Sli.freshness({ timestampMetric: p.timestampMetric, maxAge: Duration.minutes(p.minutes), grouping })),
  fc.record({ metric: selector, maximum: fc.double({ min: -1e9, max: 1e9, noNaN: true }) })
    .map((p) => Sli.gaugeThreshold({ ...p, grouping })),
);

// Error-budget policies: up to three steps on distinct thresholds, with or without the forecast.
const budgetPolicy = fc.option(fc.record({
  steps: fc.uniqueArray(fc.record({
    action: fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/),
    remainingBelow: fc.integer({ min: -100, max: 100 }).map((n) => n / 100),
    // One line of text YAML 1.1 readers take: no C0/C1 controls, no U+2028/U+2029 line separators, no BOM.
    description: fc.option(anyText.filter((t) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/.test(t)), { nil: undefined }),
  }), { minLength: 1, maxLength: 3, selector: (step) => step.action })
    .map((steps) => steps.filter((step, index) => steps.findIndex((other) => other.remainingBelow === step.remainingBelow) === index)),
  forecast: fc.boolean(),
}), { nil: undefined });

export const sloProps: fc.Arbitrary<SloProps> = fc.record({
  service: dnsLabel,
  name: dnsLabel,
  target: fc.double({ min: 0.9, max: 0.9999, noNaN: true }),
  windowMinutes: fc.oneof(fc.constantFrom(60, 1440, 28 * 1440, 30 * 1440), fc.integer({ min: 60, max: 365 * 1440 })),
  labels: fc.dictionary(labelName, labelValue, { maxKeys: 3 }),
  groupingPool: fc.uniqueArray(labelName, { maxLength: 2 }),
  minimumEvents: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: undefined }),
  forMinutes: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
  budgetPolicy,
}).chain((p) => {
  const grouping = p.groupingPool.filter((g) => !(g in p.labels));
  return indicator(grouping).map((sli): SloProps => ({
    service: p.service,
    name: p.name,
    target: p.target,
    window: Duration.minutes(p.windowMinutes),
    labels: p.labels,
    indicator: sli,
    alerting: {
      // Pairs whose long window exceeds the SLO window are invalid; drop them.
      disabledWindows: SRE_WORKBOOK_WINDOW_PAIRS
        .filter((pair) => pair.longSeconds > p.windowMinutes * 60)
        .map((pair) => Duration.seconds(pair.longSeconds)),
      minimumEvents: p.minimumEvents,
      for: p.forMinutes ? Duration.minutes(p.forMinutes) : undefined,
    },
    budgetPolicy: p.budgetPolicy,
  }));
});
