/**
 * The two queries behind `status`: every recorded SLO series it needs, in one selector (one round trip,
 * one evaluation time), and the firing alerts of SLOs. `ALERTS` is queried rather than /api/v1/alerts so
 * that status also works against a query layer (Thanos, Mimir) whose rules run elsewhere.
 */
import { SLO_NAME_LABEL, SLO_SERVICE_LABEL } from 'cdk8s-slo/lib/model/naming';
import { LabelMatcher, renderVectorSelector } from 'cdk8s-slo/lib/promql/selector';
import { STATUS_METRICS } from './slo-status';
import { PrometheusApi, VectorSample } from '../prometheus/prometheus-api';

/** `{__name__=~"slo:objective:ratio|…",slo_service=~"checkout"}`. */
export function statusSeriesQuery(services: readonly string[]): string {
  return renderVectorSelector({
    matchers: [
      { name: '__name__', operator: '=~', value: STATUS_METRICS.map(escapeRegex).join('|') },
      ...serviceMatchers(services),
    ],
  });
}

/** `ALERTS{alertstate="firing",slo_service!="",slo_name!=""}`: the alerts of SLOs only. */
export function firingAlertsQuery(services: readonly string[]): string {
  return renderVectorSelector({
    metric: 'ALERTS',
    matchers: [
      { name: 'alertstate', operator: '=', value: 'firing' },
      { name: SLO_NAME_LABEL, operator: '!=', value: '' },
      ...(services.length > 0 ? serviceMatchers(services) : [{ name: SLO_SERVICE_LABEL, operator: '!=' as const, value: '' }]),
    ],
  });
}

/** What status reads from Prometheus. */
export interface StatusSeries {
  readonly series: VectorSample[];
  readonly firingAlerts: VectorSample[];
}

/** Both results, queried at the same time. */
export async function queryStatusSeries(api: PrometheusApi, services: readonly string[]): Promise<StatusSeries> {
  const [series, firingAlerts] = await Promise.all([
    api.instantQuery(statusSeriesQuery(services)),
    api.instantQuery(firingAlertsQuery(services)),
  ]);
  return { series, firingAlerts };
}

function serviceMatchers(services: readonly string[]): LabelMatcher[] {
  if (services.length === 0) return [];
  // Sorted and unique, so the same command line always sends the same query.
  return [{ name: SLO_SERVICE_LABEL, operator: '=~', value: [...new Set(services)].sort().map(escapeRegex).join('|') }];
}

/** Escapes a literal for an RE2 regular expression (Prometheus anchors it at both ends). */
export function escapeRegex(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
