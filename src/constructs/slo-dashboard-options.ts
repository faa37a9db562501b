import { DashboardDelivery } from './dashboard-delivery';

/** Options every SLO dashboard takes. */
export interface SloDashboardOptions {
  /**
   * The dashboard's title.
   * @default - `<service> SLOs` for a service dashboard, `SLO overview` for the overview
   */
  readonly title?: string;
  /**
   * The dashboard's uid, its identity and URL in Grafana: at most 40 letters, digits, `-` and `_`.
   * @default - `slo-<service>` (shortened with a hash beyond 40 characters) for a service dashboard, `slos-overview` for the overview
   */
  readonly uid?: string;
  /**
   * How the dashboard reaches Grafana.
   * @default DashboardDelivery.configMap()
   */
  readonly delivery?: DashboardDelivery;
  /**
   * The Grafana folder; the same as setting the delivery's folder.
   * @default - the delivery's folder, else Grafana's default folder
   */
  readonly folder?: string;
  /**
   * The dashboard's tags. `cdk8s-slo` is always added: the dashboards' link menu lists the dashboards with it.
   * @default ['slo']
   */
  readonly tags?: string[];
  /**
   * The datasource the `datasource` variable selects at first: a name or uid of a Prometheus datasource,
   * or a grafana-operator input such as `${DS_PROMETHEUS}`.
   * @default - the first datasource input of a grafana-operator delivery, else Grafana's default Prometheus datasource
   */
  readonly datasource?: string;
  /**
   * The name of the ConfigMap or GrafanaDashboard object; a ConfigMap holds the dashboard as `<name>.json`.
   * @default - `slo-dashboard-<service>` for a service dashboard, `slos-overview` for the overview
   */
  readonly name?: string;
  /**
   * The dashboard's description, shown in Grafana's dashboard list.
   * @default - a sentence naming what the dashboard shows
   */
  readonly description?: string;
}
