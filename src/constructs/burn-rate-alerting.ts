import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { BurnRateWindow } from './burn-rate-window';
import { reportIssues } from './internal/construct-validation';
import { durationSeconds } from './internal/duration-conversion';
import { burnRateWindowOf } from './internal/window-conversion';
import { AlertingPolicy, DEFAULT_BURN_RATE_ALERT_NAME } from '../model/alerting-policy';
import { BurnRateWindowPair, defaultShortWindowSeconds, SRE_WORKBOOK_WINDOW_PAIRS } from '../model/burn-rate';
import { formatPromDuration } from '../model/duration';
import { error } from '../model/validation-issue';

/** How an SLO alerts when it burns its error budget too fast. */
export interface BurnRateAlertingOptions {
  /**
   * Whether to generate alerts at all. The recording rules are generated either way.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The window pairs.
   * @default - the SRE workbook's: 1h/5m (2% of budget) and 6h/30m (5%) with severity `critical`;
   * 1d/2h (10%) and 3d/6h (10%) with severity `warning`
   */
  readonly windows?: BurnRateWindow[];
  /**
   * Long windows of pairs to leave out, e.g. `[Duration.days(3)]` drops the 3d/6h ticket.
   * @default - none
   */
  readonly disabledWindows?: Duration[];
  /**
   * How long a condition must hold before the alert fires. The window pairs already debounce.
   * @default - fire on the first evaluation that meets the condition
   */
  readonly for?: Duration;
  /**
   * Extra labels on every alert, e.g. for Alertmanager routing.
   * @default - none
   */
  readonly labels?: { [name: string]: string };
  /**
   * Extra annotations on every alert. Keys are label names; values are Prometheus templates (Go templates
   * with Prometheus's functions and `$labels`, `$value`, `$externalLabels`, `$externalURL`), checked at
   * synthesis. To show `{{` literally, write `{{ "{{" }}`.
   * @default - none
   */
  readonly annotations?: { [name: string]: string };
  /**
   * The `summary` annotation: a Prometheus template, checked at synthesis (see `annotations`).
   * @default - names the SLO and the burn-rate factor
   */
  readonly summary?: string;
  /**
   * The `description` annotation: a Prometheus template, checked at synthesis (see `annotations`).
   * @default - the error ratio, the threshold, the target and how much budget burns at this rate
   */
  readonly description?: string;
  /**
   * A runbook link, the `runbook_url` annotation. Literal text: Prometheus prints it as written, template
   * delimiters included (they are escaped).
   * @default - none
   */
  readonly runbookUrl?: string;
  /**
   * A dashboard link, the `dashboard_url` annotation. Literal text, like `runbookUrl`.
   * @default - none
   */
  readonly dashboardUrl?: string;
  /**
   * Whether `summary`, `description` and `annotations` may call the template function `query`, which runs
   * PromQL each time a notification is sent and can copy any series into it.
   * @default false
   */
  readonly allowQueryInTemplates?: boolean;
  /**
   * Alerts only fire when the long window holds at least this many events, so one failed request in a
   * quiet hour does not page a low-traffic service.
   * @default - no minimum
   */
  readonly minimumEvents?: number;
  /**
   * The alert name. Pairs are told apart by their `long_window` and `short_window` labels.
   * @default "SloErrorBudgetBurn"
   */
  readonly alertName?: string;
}

/**
 * Multiwindow, multi-burn-rate alerting for an `Slo`: one alert rule per window pair, labelled with
 * `severity`, `long_window` and `short_window`. Every `Slo` creates one as its `alerting` child.
 *
 * To silence slower alerts while a faster one fires, inhibit in Alertmanager on
 * `equal: [slo_service, slo_name]`, e.g. `severity="critical"` inhibits `severity="warning"`.
 */
export class BurnRateAlerting extends Construct {
  /** Whether alerts are generated. */
  public readonly enabled: boolean;

  /** The window pairs in effect, after defaults and `disabledWindows`. */
  public readonly windows: BurnRateWindow[];

  /** @internal */
  public readonly _policy: AlertingPolicy;

  public constructor(scope: Construct, id: string, given: BurnRateAlertingOptions = {}) {
    super(scope, id);
    // From JavaScript (or a jsii language) a list may be something else: report it, do not crash.
    const notLists = (['windows', 'disabledWindows'] as const).filter((prop) => given[prop] !== undefined && !Array.isArray(given[prop]));
    const options: BurnRateAlertingOptions = notLists.length === 0 ? given
      : { ...given, ...Object.fromEntries(notLists.map((prop) => [prop, undefined])) };
    this._policy = resolveAlertingPolicy(options);
    const unmatched = unmatchedDisabledWindows(options);
    reportIssues(this, () => [
      ...notLists.map((prop) => error(prop, `must be a list, got ${typeof given[prop]}`)),
      ...unmatched.map((seconds) =>
        error('disabledWindows', Number.isInteger(seconds) && seconds > 0
          ? `${formatPromDuration(seconds)} is not the long window of any configured pair`
          : `must be Durations of whole seconds, got ${seconds} seconds`)),
    ]);
    this.enabled = this._policy.enabled;
    this.windows = this._policy.pairs.map(burnRateWindowOf);
  }
}

/** Turns construct options into the model's policy; problems are reported by the SLO's validation. */
function resolveAlertingPolicy(options: BurnRateAlertingOptions): AlertingPolicy {
  const configured: BurnRateWindowPair[] = options.windows
    ? options.windows.map((window) => {
      const longSeconds = durationSeconds(window.longWindow);
      return {
        longSeconds,
        shortSeconds: window.shortWindow ? durationSeconds(window.shortWindow) : defaultShortWindowSeconds(longSeconds),
        budgetConsumed: window.budgetConsumed,
        severity: window.severity,
        ...(window.labels ? { labels: { ...window.labels } } : {}),
        ...(window.for ? { forSeconds: durationSeconds(window.for) } : {}),
      };
    })
    : [...SRE_WORKBOOK_WINDOW_PAIRS];
  const disabled = (options.disabledWindows ?? []).map(durationSeconds);
  return {
    enabled: options.enabled ?? true,
    alertName: options.alertName ?? DEFAULT_BURN_RATE_ALERT_NAME,
    pairs: configured.filter((pair) => !disabled.includes(pair.longSeconds)),
    forSeconds: options.for ? durationSeconds(options.for) : undefined,
    labels: { ...(options.labels ?? {}) },
    annotations: { ...(options.annotations ?? {}) },
    summary: options.summary,
    description: options.description,
    runbookUrl: options.runbookUrl,
    dashboardUrl: options.dashboardUrl,
    ...(options.allowQueryInTemplates !== undefined ? { allowQueryInTemplates: options.allowQueryInTemplates } : {}),
    minimumEvents: options.minimumEvents,
  };
}

/** Long windows listed in `disabledWindows` that match no configured pair (a typo would silently do nothing). */
function unmatchedDisabledWindows(options: BurnRateAlertingOptions): number[] {
  const configured = options.windows
    ? options.windows.map((w) => durationSeconds(w.longWindow))
    : SRE_WORKBOOK_WINDOW_PAIRS.map((p) => p.longSeconds);
  return (options.disabledWindows ?? []).map(durationSeconds).filter((s) => !configured.includes(s));
}
