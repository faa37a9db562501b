import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { reportIssues } from './internal/construct-validation';
import { durationSeconds } from './internal/duration-conversion';
import { formatPromDuration } from '../model/duration';
import { validateLabelValue } from '../model/labels';
import { SEVERITY_LABEL, SLO_NAME_LABEL, SLO_SERVICE_LABEL } from '../model/naming';
import { CHANNEL_LABEL, SEVERITY_OF_URGENCY } from '../model/service-tier';
import { error, ValidationIssue } from '../model/validation-issue';

/** A Kubernetes Secret key, for credentials the Alertmanager reads. */
export interface SecretKeyReference {
  /** The Secret's name, in the AlertmanagerConfig's namespace. */
  readonly name: string;
  /** The key within the Secret. */
  readonly key: string;
}

/** A PagerDuty receiver (Events API v2). */
export interface PagerDutyReceiverProps {
  /** The Secret key holding the integration's routing key. */
  readonly routingKey: SecretKeyReference;
  /**
   * Whether to notify when the alert resolves.
   * @default true
   */
  readonly sendResolved?: boolean;
}

/** A Slack receiver. */
export interface SlackReceiverProps {
  /** The Secret key holding the incoming-webhook URL. */
  readonly apiUrl: SecretKeyReference;
  /**
   * The Slack channel, e.g. `#incidents`.
   * @default - the webhook's own channel
   */
  readonly channel?: string;
  /**
   * Whether to notify when the alert resolves.
   * @default true
   */
  readonly sendResolved?: boolean;
}

/** A generic webhook receiver. */
export interface WebhookReceiverProps {
  /** The URL alerts are posted to. */
  readonly url: string;
  /**
   * Whether to notify when the alert resolves.
   * @default true
   */
  readonly sendResolved?: boolean;
}

/** An Alertmanager receiver. Create one with a static factory. */
export class AlertmanagerReceiver {
  /** Sends to PagerDuty. */
  public static pagerDuty(name: string, props: PagerDutyReceiverProps): AlertmanagerReceiver {
    return new AlertmanagerReceiver(name, {
      pagerdutyConfigs: [{ routingKey: { ...props.routingKey }, sendResolved: props.sendResolved ?? true }],
    });
  }

  /** Sends to Slack. */
  public static slack(name: string, props: SlackReceiverProps): AlertmanagerReceiver {
    return new AlertmanagerReceiver(name, {
      slackConfigs: [{
        apiURL: { ...props.apiUrl },
        ...(props.channel !== undefined ? { channel: props.channel } : {}),
        sendResolved: props.sendResolved ?? true,
      }],
    });
  }

  /** Posts to a webhook. */
  public static webhook(name: string, props: WebhookReceiverProps): AlertmanagerReceiver {
    return new AlertmanagerReceiver(name, { webhookConfigs: [{ url: props.url, sendResolved: props.sendResolved ?? true }] });
  }

  /** A receiver with no integration: alerts routed to it are dropped. */
  public static discard(name: string): AlertmanagerReceiver {
    return new AlertmanagerReceiver(name, {});
  }

  /** The receiver's name. */
  public readonly name: string;

  private readonly integrations: Record<string, unknown>;

  private constructor(name: string, integrations: Record<string, unknown>) {
    this.name = name;
    this.integrations = integrations;
  }

  /** @internal */
  public _toJson(): Record<string, unknown> {
    return { name: this.name, ...this.integrations };
  }
}

/** Sends alerts of one channel to a receiver. */
export interface ChannelRoute {
  /** The `channel` label value, e.g. `pagerduty-critical`. */
  readonly channel: string;
  /** Where these alerts go. */
  readonly receiver: AlertmanagerReceiver;
}

/** Props of an `SloAlertmanagerConfig`. */
export interface SloAlertmanagerConfigProps {
  /** One route per channel. */
  readonly routes: ChannelRoute[];
  /**
   * Where alerts of no listed channel go.
   * @default - a receiver named `unrouted` that drops them
   */
  readonly defaultReceiver?: AlertmanagerReceiver;
  /**
   * Labels that group alerts into one notification.
   * @default ['alertname', 'slo_service', 'slo_name']
   */
  readonly groupBy?: string[];
  /**
   * How long to wait to group the first alerts of a group.
   * @default Duration.seconds(30)
   */
  readonly groupWait?: Duration;
  /**
   * How long to wait before notifying about new alerts in a group.
   * @default Duration.minutes(5)
   */
  readonly groupInterval?: Duration;
  /**
   * How long to wait before repeating a notification.
   * @default Duration.hours(4)
   */
  readonly repeatInterval?: Duration;
  /**
   * Silence less severe alerts of an SLO while a more severe one fires (`critical` over `warning` over
   * `info`, equal on `slo_service` and `slo_name`).
   * @default true
   */
  readonly inhibitLowerSeverities?: boolean;
  /**
   * Metadata of the AlertmanagerConfig object.
   * @default - a generated name
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * A prometheus-operator `AlertmanagerConfig` (monitoring.coreos.com/v1alpha1) that routes the `channel`
 * label the tiers put on SLO alerts to receivers, and inhibits less severe alerts of the same SLO.
 *
 * The operator only lets an AlertmanagerConfig see alerts whose `namespace` label equals its own namespace
 * (matcher strategy `OnNamespace`, the default). SLO alerts are aggregates without that label: add
 * `labels: { namespace: '<this namespace>' }` to the SLOs, or set the Alertmanager's
 * `alertmanagerConfigMatcherStrategy.type` to `None`.
 */
export class SloAlertmanagerConfig extends Construct {
  /** The AlertmanagerConfig object. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: SloAlertmanagerConfigProps) {
    super(scope, id);
    const problems: ValidationIssue[] = [];
    const defaultReceiver = props.defaultReceiver ?? AlertmanagerReceiver.discard('unrouted');
    const receivers = new Map<string, AlertmanagerReceiver>([[defaultReceiver.name, defaultReceiver]]);
    const channels = new Set<string>();
    props.routes.forEach((route, index) => {
      const field = `routes[${index}]`;
      problems.push(...validateLabelValue(`${field}.channel`, route.channel));
      if (channels.has(route.channel)) problems.push(error(`${field}.channel`, `the channel "${route.channel}" is routed twice`));
      channels.add(route.channel);
      const known = receivers.get(route.receiver.name);
      if (known && known !== route.receiver && JSON.stringify(known._toJson()) !== JSON.stringify(route.receiver._toJson())) {
        problems.push(error(`${field}.receiver`, `two different receivers are named "${route.receiver.name}"`));
      }
      receivers.set(route.receiver.name, known ?? route.receiver);
    });
    for (const name of receivers.keys()) {
      if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) problems.push(error('receivers', `"${name}" is not a usable receiver name (letters, digits, ".", "_", "-")`));
    }
    reportIssues(this, () => problems);

    const severities = [SEVERITY_OF_URGENCY.page, SEVERITY_OF_URGENCY.ticket, SEVERITY_OF_URGENCY.notify];
    const inhibitRules = (props.inhibitLowerSeverities ?? true)
      ? severities.flatMap((source, index) => severities.slice(index + 1).map((target) => ({
        sourceMatch: [{ name: SEVERITY_LABEL, value: source, matchType: '=' }],
        targetMatch: [{ name: SEVERITY_LABEL, value: target, matchType: '=' }],
        equal: [SLO_SERVICE_LABEL, SLO_NAME_LABEL],
      })))
      : undefined;

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1alpha1',
      kind: 'AlertmanagerConfig',
      metadata: props.metadata,
      spec: {
        route: {
          receiver: defaultReceiver.name,
          groupBy: props.groupBy ?? ['alertname', SLO_SERVICE_LABEL, SLO_NAME_LABEL],
          groupWait: promDuration(props.groupWait ?? Duration.seconds(30)),
          groupInterval: promDuration(props.groupInterval ?? Duration.minutes(5)),
          repeatInterval: promDuration(props.repeatInterval ?? Duration.hours(4)),
          routes: props.routes.map((route) => ({
            receiver: route.receiver.name,
            matchers: [{ name: CHANNEL_LABEL, value: route.channel, matchType: '=' }],
          })),
        },
        receivers: [...receivers.values()].map((receiver) => receiver._toJson()),
        ...(inhibitRules ? { inhibitRules } : {}),
      },
    });
  }
}

function promDuration(duration: Duration): string {
  const seconds = durationSeconds(duration);
  return Number.isInteger(seconds) && seconds > 0 ? formatPromDuration(seconds) : `${Math.max(1, Math.round(seconds))}s`;
}
