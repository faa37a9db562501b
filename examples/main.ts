// An app written as a user writes it: the library is imported by its package name.
// `npx projen examples` (README, set-up command 1) synthesizes it into examples/dist/.
import { App, Chart, ChartProps, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
/* eslint-disable import/no-unresolved, import/no-extraneous-dependencies -- the package link `npx projen examples` creates */
import {
  AlertmanagerReceiver, ApiServiceSlo, BatchPipelineSlo, CalendarWindow, DatabaseSlo, ServiceTier, Sli, Slo, SloAlertmanagerConfig,
  SloDashboard, SloDocumentFormat, SloDocuments, SloOverviewDashboard, StreamingServiceSlo, WebServiceSlo,
} from 'cdk8s-slo';
/* eslint-enable import/no-unresolved, import/no-extraneous-dependencies */
import { Construct } from 'constructs';

/** The checkout service's SLOs, exactly as in the README's quick start. */
class CheckoutSlos extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    new Slo(this, 'checkout-availability', {
      service: 'checkout',
      name: 'availability',
      target: 0.999,
      window: Duration.days(30),
      indicator: Sli.ratio({
        errors: 'http_requests_total{job="checkout",code=~"5.."}',
        total: 'http_requests_total{job="checkout"}',
      }),
    });

    new Slo(this, 'checkout-latency', {
      service: 'checkout',
      name: 'latency',
      target: 0.99,
      indicator: Sli.latency({ histogram: 'http_request_duration_seconds{job="checkout"}', threshold: Duration.millis(300) }),
    });

    // A Grafana dashboard for the service, as a ConfigMap for the kube-prometheus-stack sidecar.
    new SloDashboard(this, 'checkout-dashboard', { service: 'checkout' });
  }
}

/** A few more shapes: a calendar month, grouping, a 28-day window, a probe, tuned alerting. */
class PlatformSlos extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // Checkout's availability per calendar month: the budget is full again on the 1st.
    new Slo(this, 'checkout-monthly', {
      service: 'checkout',
      name: 'availability-monthly',
      target: 0.999,
      calendarWindow: CalendarWindow.MONTH,
      indicator: Sli.ratio({
        errors: 'http_requests_total{job="checkout",code=~"5.."}',
        total: 'http_requests_total{job="checkout"}',
      }),
    });

    // One SLI per route; tickets only (no pages) for a non-critical API; Prometheus picks the rule up
    // through the kube-prometheus-stack release label.
    new Slo(this, 'search-availability', {
      service: 'search',
      name: 'availability',
      target: 0.995,
      window: Duration.days(28),
      description: 'Search requests succeed',
      labels: { team: 'discovery' },
      ruleLabels: { release: 'kube-prometheus-stack' },
      indicator: Sli.ratio({
        good: 'http_requests_total{job="search",code!~"5.."}',
        total: 'http_requests_total{job="search"}',
        grouping: ['route'],
      }),
      alerting: {
        disabledWindows: [Duration.hours(1), Duration.hours(6)],
        runbookUrl: 'https://runbooks.example.com/search/availability',
        minimumEvents: 200,
      },
    });

    // Blackbox probe of the storefront: each probe is an event, a failed probe a bad one.
    new Slo(this, 'storefront-probe', {
      service: 'storefront',
      name: 'probe',
      target: 0.999,
      indicator: Sli.boolGauge({ metric: 'probe_success{job="blackbox",instance="https://shop.example.com"}' }),
      alerting: { labels: { team: 'web' }, for: Duration.minutes(2) },
    });
  }
}

/**
 * Whole services from templates: each template is a complete SLO set (availability, latency,
 * freshness, ...) with the tier's targets, alert routing and error-budget policy.
 */
class ServiceSlos extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    // The SloAlertmanagerConfig below lives in this namespace, and prometheus-operator only shows it
    // alerts labelled with it.
    const labels = { namespace: 'monitoring' };

    // A revenue-critical API: 99.95% available, 99.9% of requests within 250ms; pages on fast burn.
    new ApiServiceSlo(this, 'payments', {
      service: 'payments',
      team: 'payments-team',
      tier: ServiceTier.CRITICAL,
      labels,
      selector: { job: 'payments' },
      latencyThreshold: Duration.millis(250),
    });

    // A storefront whose tier follows from what the business knows about it (score 5: essential).
    new WebServiceSlo(this, 'storefront', {
      service: 'storefront',
      team: 'web',
      labels,
      characteristics: { revenueImpacting: true, customerFacing: true },
      selector: { job: 'storefront' },
      alerting: { runbookUrl: 'https://runbooks.example.com/storefront' },
    });

    // A nightly pipeline that pushes job_last_success_unixtime to a Pushgateway.
    new BatchPipelineSlo(this, 'nightly-etl', {
      service: 'nightly-etl',
      team: 'data',
      tier: ServiceTier.STANDARD,
      labels,
      selector: { job: 'etl' },
      maxStaleness: Duration.hours(26),
      maxDuration: Duration.hours(2),
    });

    // A Kafka consumer: processing errors and lag from kafka_exporter.
    new StreamingServiceSlo(this, 'orders-consumer', {
      service: 'orders-consumer',
      team: 'orders',
      tier: ServiceTier.ESSENTIAL,
      labels,
      selector: { job: 'orders-consumer' },
      maxLag: 5000,
      consumerGroup: 'orders',
    });

    // The orders database as its clients see it (OpenTelemetry db client metrics).
    new DatabaseSlo(this, 'orders-db', {
      service: 'orders-db',
      team: 'orders',
      tier: ServiceTier.BEST_EFFORT,
      labels,
      selector: { server_address: 'orders-db' },
      latencyThreshold: Duration.millis(50),
      histogramBuckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10],
    });

    // Where the tiers' channel labels go.
    new SloAlertmanagerConfig(this, 'routing', {
      metadata: { name: 'slo-routing' },
      routes: [
        { channel: 'pagerduty-critical', receiver: AlertmanagerReceiver.pagerDuty('pagerduty', { routingKey: { name: 'pagerduty', key: 'routing-key' } }) },
        { channel: 'slack-incidents', receiver: AlertmanagerReceiver.slack('incidents', { apiUrl: { name: 'slack', key: 'webhook' }, channel: '#incidents' }) },
        { channel: 'slack-alerts', receiver: AlertmanagerReceiver.slack('alerts', { apiUrl: { name: 'slack', key: 'webhook' }, channel: '#alerts' }) },
      ],
    });
  }
}

/** SLOs next to the workload they watch: the template reads the Deployment's name, namespace and labels. */
class ShopWorkloads extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    const deployment = new kplus.Deployment(this, 'cart', {
      metadata: { name: 'cart' },
      select: false,
      podMetadata: { labels: { app: 'cart' } },
      containers: [{ image: 'registry.example.com/cart:1.4.2', portNumber: 8080 }],
    });
    deployment.select(kplus.LabelSelector.of({ labels: { app: 'cart' } }));
    ApiServiceSlo.fromDeployment(this, 'cart-slos', deployment, { team: 'shop', tier: ServiceTier.ESSENTIAL });
  }
}

const app = new App();
new CheckoutSlos(app, 'slos', { namespace: 'monitoring' });
// Every SLO of the app on one overview dashboard, and as OpenSLO documents in a file of their own.
new SloOverviewDashboard(new Chart(app, 'dashboards', { namespace: 'monitoring' }), 'overview');
new SloDocuments(new Chart(app, 'openslo'), 'documents', { format: SloDocumentFormat.OPENSLO });
new PlatformSlos(app, 'platform-slos', { namespace: 'monitoring' });
new ServiceSlos(app, 'services', { namespace: 'monitoring' });
new ShopWorkloads(app, 'shop', { namespace: 'shop' });
app.synth();
