import { Duration } from 'cdk8s';
import { Sli, SloProps } from '../../src';
import { checkRules } from '../helpers/promtool';
import { ruleGroupsFor } from '../helpers/synth';

const base = { service: 'shop', target: 0.995 };

// One SLO of every indicator kind, with and without grouping, and with every alerting option.
const everyKind: SloProps[] = [
  { ...base, name: 'ratio-errors', indicator: Sli.ratio({ errors: 'http_requests_total{job="shop",code=~"5.."}', total: 'http_requests_total{job="shop"}' }) },
  { ...base, name: 'ratio-good', indicator: Sli.ratio({ good: 'http_requests_total{job="shop",code!~"5.."}', total: 'http_requests_total{job="shop"}', grouping: ['route'] }) },
  { ...base, name: 'latency', indicator: Sli.latency({ histogram: 'http_request_duration_seconds{job="shop"}', threshold: Duration.millis(250) }) },
  { ...base, name: 'latency-whole', indicator: Sli.latency({ histogram: 'http_request_duration_seconds{job="shop"}', threshold: Duration.seconds(2), grouping: ['route', 'method'] }) },
  { ...base, name: 'native-latency', indicator: Sli.nativeLatency({ histogram: 'http_request_duration_seconds{job="shop"}', threshold: Duration.millis(500), grouping: ['route'] }) },
  { ...base, name: 'probe', indicator: Sli.boolGauge({ metric: 'probe_success{job="blackbox"}', grouping: ['instance'] }) },
  { ...base, name: 'query-errors', indicator: Sli.fromQueries({ errorQuery: 'sum(rate(jobs_failed_total[{{.window}}]))', totalQuery: 'sum(rate(jobs_total[{{.window}}]))' }) },
  { ...base, name: 'query-good', indicator: Sli.fromQueries({ goodQuery: 'sum by (queue) (rate(jobs_ok_total[{{.window}}]))', totalQuery: 'sum by (queue) (rate(jobs_total[{{.window}}]))', grouping: ['queue'] }) },
  {
    ...base,
    name: 'all-options',
    window: Duration.days(28),
    labels: { team: 'web "front" \\ end', tier: '1' },
    description: 'Pages {{ load }} fast',
    indicator: Sli.ratio({ errors: 'http_requests_total{job="shop",code=~"5..",path="/a\\"b"}', total: 'http_requests_total{job="shop"}' }),
    alerting: {
      for: Duration.minutes(5),
      minimumEvents: 100,
      disabledWindows: [Duration.days(3)],
      labels: { route_to: 'slack' },
      annotations: { extra: 'value {{ $labels.slo_service }}' },
      runbookUrl: 'https://runbooks.example/shop',
      dashboardUrl: 'https://grafana.example/d/shop',
      summary: '{{ $labels.slo_service }} burns',
    },
  },
  { ...base, name: 'one-hour', window: Duration.hours(1), indicator: Sli.ratio({ errors: 'e_total', total: 't_total' }), alerting: { windows: [{ longWindow: Duration.minutes(30), budgetConsumed: 0.5, severity: 'critical' }] } },
  { ...base, name: 'ninety-minutes', window: Duration.minutes(90), indicator: Sli.ratio({ errors: 'e_total', total: 't_total' }), alerting: { enabled: false } },
  { ...base, name: 'one-year', window: Duration.days(365), indicator: Sli.ratio({ errors: 'e_total', total: 't_total' }) },
];

describe('promtool check rules', () => {
  test('accepts the rules of every indicator kind and option', () => {
    const groups = ruleGroupsFor(...everyKind);
    expect(groups).toHaveLength(everyKind.length * 2);
    const result = checkRules(groups);
    if (!result.ok) throw new Error(result.output);
    expect(result.output).toMatch(/SUCCESS: \d+ rules found/);
  });

  test('rejects a broken rule file, so the check above can fail', () => {
    const result = checkRules([{ name: 'broken', rules: [{ record: 'x', expr: 'sum(' }] }]);
    expect(result.ok).toBe(false);
  });
});
