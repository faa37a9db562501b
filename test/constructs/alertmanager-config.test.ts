import { AlertmanagerConfig } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/AlertmanagerConfig';
import { Chart, Duration, Testing } from 'cdk8s';
import { AlertmanagerReceiver, SloAlertmanagerConfig, SloAlertmanagerConfigProps } from '../../src';

const pagerDuty = AlertmanagerReceiver.pagerDuty('pagerduty', { routingKey: { name: 'pagerduty', key: 'routing-key' } });
const incidents = AlertmanagerReceiver.slack('slack-incidents', { apiUrl: { name: 'slack', key: 'webhook' }, channel: '#incidents' });
const alerts = AlertmanagerReceiver.webhook('alerts-hook', { url: 'https://hooks.example/alerts', sendResolved: false });

function synth(props: SloAlertmanagerConfigProps): any[] {
  const chart = new Chart(Testing.app(), 'routing', { namespace: 'monitoring' });
  new SloAlertmanagerConfig(chart, 'routing', props);
  return Testing.synth(chart);
}

function synthError(props: SloAlertmanagerConfigProps): string {
  try {
    synth(props);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

describe('SloAlertmanagerConfig', () => {
  const routes = [
    { channel: 'pagerduty-critical', receiver: pagerDuty },
    { channel: 'slack-incidents', receiver: incidents },
    { channel: 'slack-alerts', receiver: alerts },
  ];

  test('routes each channel to its receiver and matches the AlertmanagerConfig schema', () => {
    const [config] = synth({ routes });
    expect(config.apiVersion).toBe('monitoring.coreos.com/v1alpha1');
    expect(config.kind).toBe('AlertmanagerConfig');
    expect(config.metadata.namespace).toBe('monitoring');
    expect(config.spec.route).toEqual({
      receiver: 'unrouted',
      groupBy: ['alertname', 'slo_service', 'slo_name'],
      groupWait: '30s',
      groupInterval: '5m',
      repeatInterval: '4h',
      routes: [
        { receiver: 'pagerduty', matchers: [{ name: 'channel', value: 'pagerduty-critical', matchType: '=' }] },
        { receiver: 'slack-incidents', matchers: [{ name: 'channel', value: 'slack-incidents', matchType: '=' }] },
        { receiver: 'alerts-hook', matchers: [{ name: 'channel', value: 'slack-alerts', matchType: '=' }] },
      ],
    });
    expect(config.spec.receivers).toEqual([
      { name: 'unrouted' },
      { name: 'pagerduty', pagerdutyConfigs: [{ routingKey: { name: 'pagerduty', key: 'routing-key' }, sendResolved: true }] },
      { name: 'slack-incidents', slackConfigs: [{ apiURL: { name: 'slack', key: 'webhook' }, channel: '#incidents', sendResolved: true }] },
      { name: 'alerts-hook', webhookConfigs: [{ url: 'https://hooks.example/alerts', sendResolved: false }] },
    ]);
    expect(() => new AlertmanagerConfig(config).validate()).not.toThrow();
  });

  test('inhibits less severe alerts of the same SLO', () => {
    const [config] = synth({ routes });
    expect(config.spec.inhibitRules.map((r: any) => `${r.sourceMatch[0].value}>${r.targetMatch[0].value} on ${r.equal.join(',')}`)).toEqual([
      'critical>warning on slo_service,slo_name',
      'critical>info on slo_service,slo_name',
      'warning>info on slo_service,slo_name',
    ]);
    const [without] = synth({ routes, inhibitLowerSeverities: false });
    expect(without.spec.inhibitRules).toBeUndefined();
  });

  test('a receiver shared by two channels is listed once; timings and grouping can be set', () => {
    const [config] = synth({
      routes: [{ channel: 'slack-incidents', receiver: incidents }, { channel: 'slack-alerts', receiver: incidents }],
      defaultReceiver: alerts,
      groupBy: ['slo_service'],
      groupWait: Duration.seconds(10),
      repeatInterval: Duration.hours(12),
      metadata: { name: 'slo-routing' },
    });
    expect(config.metadata.name).toBe('slo-routing');
    expect(config.spec.receivers.map((r: any) => r.name)).toEqual(['alerts-hook', 'slack-incidents']);
    expect(config.spec.route).toMatchObject({ receiver: 'alerts-hook', groupBy: ['slo_service'], groupWait: '10s', repeatInterval: '12h' });
    expect(() => new AlertmanagerConfig(config).validate()).not.toThrow();
  });

  test('the schema check can fail', () => {
    const [config] = synth({ routes });
    config.spec.route.groupWait = 30;
    expect(() => new AlertmanagerConfig(config).validate()).toThrow(/groupWait/);
  });

  test.each([
    ['a channel routed twice', { routes: [{ channel: 'a', receiver: alerts }, { channel: 'a', receiver: incidents }] }, /\[routing\/routing\] routes\[1\]\.channel: the channel "a" is routed twice/],
    ['a channel with a newline', { routes: [{ channel: 'a\nb', receiver: alerts }] }, /routes\[0\]\.channel: label value "a\\nb" contains a control character/],
    ['two receivers with one name', { routes: [{ channel: 'a', receiver: alerts }, { channel: 'b', receiver: AlertmanagerReceiver.discard('alerts-hook') }] }, /routes\[1\]\.receiver: two different receivers are named "alerts-hook"/],
    ['a receiver name with a space', { routes: [{ channel: 'a', receiver: AlertmanagerReceiver.discard('my receiver') }] }, /receivers: "my receiver" is not a usable receiver name/],
  ])('rejects %s', (_, props, message) => {
    expect(synthError(props as SloAlertmanagerConfigProps)).toMatch(message);
  });
});
