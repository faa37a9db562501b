/** SLO apps with dashboards for the dashboard tests, and ways to read the dashboards back. */
import { gunzipSync } from 'zlib';
import { Chart, Duration, Testing } from 'cdk8s';
import { Sli, Slo, SloDashboard, SloOverviewDashboard, SloProps } from '../../src';

/** The acceptance SLOs: checkout availability (99.9% over 30d) and latency (99% under 300ms, 30d). */
export const ACCEPTANCE_SLOS: SloProps[] = [
  {
    service: 'checkout',
    name: 'availability',
    target: 0.999,
    window: Duration.days(30),
    indicator: Sli.ratio({ errors: 'http_requests_total{job="checkout",code=~"5.."}', total: 'http_requests_total{job="checkout"}' }),
  },
  {
    service: 'checkout',
    name: 'latency',
    target: 0.99,
    indicator: Sli.latency({ histogram: 'http_request_duration_seconds{job="checkout"}', threshold: Duration.millis(300) }),
  },
];

/**
 * SLOs of other shapes: grouped by route with a 28-day window (availability) and a 7-day window
 * (latency, 99.5% under 250ms), and a one-hour window with a custom alert pair.
 */
export const OTHER_SLOS: SloProps[] = [
  {
    service: 'search',
    name: 'availability',
    target: 0.995,
    window: Duration.days(28),
    indicator: Sli.ratio({ errors: 'http_requests_total{job="search",code=~"5.."}', total: 'http_requests_total{job="search"}', grouping: ['route'] }),
  },
  {
    service: 'search',
    name: 'latency',
    target: 0.995,
    window: Duration.days(7),
    indicator: Sli.latency({ histogram: 'http_request_duration_seconds{job="search"}', threshold: Duration.millis(250), grouping: ['route'] }),
  },
  {
    service: 'edge',
    name: 'availability',
    target: 0.99,
    window: Duration.hours(1),
    indicator: Sli.ratio({ errors: 'http_requests_total{job="edge",code=~"5.."}', total: 'http_requests_total{job="edge"}' }),
    alerting: { windows: [{ longWindow: Duration.hours(1), shortWindow: Duration.minutes(5), budgetConsumed: 0.5, severity: 'critical' }] },
  },
];

/** A chart (namespace `monitoring`) holding the given SLOs. */
export function sloChart(slos: SloProps[]): Chart {
  const chart = new Chart(Testing.app(), 'slos', { namespace: 'monitoring' });
  slos.forEach((props) => new Slo(chart, `${props.service}-${props.name}`, props));
  return chart;
}

/** Every SLO of the acceptance and other apps, a dashboard per service and the overview; synthesized. */
export function allDashboardsChart(): { chart: Chart; manifests: any[] } {
  const chart = sloChart([...ACCEPTANCE_SLOS, ...OTHER_SLOS]);
  for (const service of ['checkout', 'search', 'edge']) new SloDashboard(chart, `${service}-dashboard`, { service });
  new SloOverviewDashboard(chart, 'overview');
  return { chart, manifests: Testing.synth(chart) };
}

/** The dashboard JSON in a synthesized ConfigMap or GrafanaDashboard. */
export function dashboardOf(manifest: any): any {
  if (manifest.kind === 'ConfigMap') {
    const keys = Object.keys(manifest.data);
    if (keys.length !== 1) throw new Error(`ConfigMap ${manifest.metadata.name} holds ${keys.length} files`);
    return JSON.parse(manifest.data[keys[0]]);
  }
  if (manifest.kind === 'GrafanaDashboard') {
    const text = manifest.spec.json ?? gunzipSync(Buffer.from(manifest.spec.gzipJson, 'base64')).toString('utf8');
    return JSON.parse(text);
  }
  throw new Error(`${manifest.kind} holds no dashboard`);
}

/** The dashboards of the manifests by object name. */
export function dashboardsOf(manifests: any[]): Map<string, any> {
  return new Map(manifests.filter((m) => m.kind === 'ConfigMap' || m.kind === 'GrafanaDashboard').map((m) => [m.metadata.name, dashboardOf(m)]));
}

/** The rule groups of every PrometheusRule of the manifests, in synthesized order. */
export function ruleGroupsIn(manifests: any[]): any[] {
  return manifests.filter((m) => m.kind === 'PrometheusRule').flatMap((m) => m.spec.groups);
}

