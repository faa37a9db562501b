// An app written as a user writes it: the library is imported by its package name.
// `npx projen examples` (README, set-up command 1) synthesizes it into examples/dist/.
import { App, Chart, ChartProps, Duration } from 'cdk8s';
// eslint-disable-next-line import/no-unresolved -- the package link `npx projen examples` creates
import { Sli, Slo } from 'cdk8s-slo';
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
  }
}

/** A few more shapes: grouping, a 28-day window, a probe, tuned alerting. */
class PlatformSlos extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

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

const app = new App();
new CheckoutSlos(app, 'slos', { namespace: 'monitoring' });
new PlatformSlos(app, 'platform-slos', { namespace: 'monitoring' });
app.synth();
