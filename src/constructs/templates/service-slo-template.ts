import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { NOMINAL_PERIOD_SECONDS } from '../../model/calendar-period';
import { formatPercent } from '../../model/decimal';
import { formatPromDuration } from '../../model/duration';
import { validateLabelName, validateLabelValue } from '../../model/labels';
import { DEFAULT_SLO_WINDOW_SECONDS } from '../../model/objective';
import { CHANNEL_LABEL } from '../../model/service-tier';
import { error, ValidationIssue } from '../../model/validation-issue';
import { LabelMatcher, parseVectorSelector, renderVectorSelector } from '../../promql/selector';
import { BurnRateAlertingOptions } from '../burn-rate-alerting';
import { CalendarWindow } from '../calendar-window';
import { ErrorBudgetPolicyOptions } from '../error-budget-policy';
import { reportIssues } from '../internal/construct-validation';
import { durationSeconds } from '../internal/duration-conversion';
import { RuleEngine } from '../rule-engine';
import { NotificationChannels, ServiceCharacteristics, ServiceTier } from '../service-tier';
import { Sli } from '../sli';
import { Slo } from '../slo';
import { SloDocumentFormat } from '../slo-document-format';
import { SloRuleSet } from '../slo-rule-set';

/** The label every template puts the owning team in. */
const TEAM_LABEL = 'team';

/** Options every service template shares (everything but the service name). */
export interface ServiceSloOptions {
  /**
   * The owning team; the `team` label on every series and alert, for routing.
   * @default - no team label
   */
  readonly team?: string;
  /**
   * The business tier: targets, alert routing and the error-budget policy. Set `tier` or
   * `characteristics`, not both.
   * @default - classified from `characteristics`; ServiceTier.STANDARD when neither is set
   */
  readonly tier?: ServiceTier;
  /**
   * What is known about the service, to classify its tier (see `ServiceTier.classify`).
   * @default - use `tier`
   */
  readonly characteristics?: ServiceCharacteristics;
  /**
   * Label matchers the service's metrics share, as equality matchers: `{ job: 'payments' }` selects
   * `http_requests_total{job="payments"}`.
   * @default - no matchers: every series of the default metrics
   */
  readonly selector?: { [label: string]: string };
  /**
   * Extra labels on every generated series and alert.
   * @default - only `team`
   */
  readonly labels?: { [name: string]: string };
  /**
   * The rolling window of every objective.
   * @default Duration.days(30)
   */
  readonly window?: Duration;
  /**
   * A calendar-aligned window for every objective instead of the rolling `window` (see
   * `SloProps.calendarWindow`). An objective's own `window` or `calendarWindow` takes precedence.
   * @default - the rolling `window`
   */
  readonly calendarWindow?: CalendarWindow;
  /**
   * The fixed UTC offset of the calendar windows, e.g. `+05:30` (see `SloProps.utcOffset`).
   * @default '+00:00' (UTC)
   */
  readonly utcOffset?: string;
  /**
   * Alerting options for every objective. Without `windows`, the tier's windows and routing apply,
   * less the pairs whose long window is longer than the SLO window.
   * @default - the tier's burn-rate windows, severities and channels
   */
  readonly alerting?: BurnRateAlertingOptions;
  /**
   * Where alerts of each urgency go (the `channel` label).
   * @default - pagerduty-critical, slack-incidents and slack-alerts
   */
  readonly channels?: NotificationChannels;
  /**
   * The error-budget policy of every objective, over the tier's default steps.
   * @default - the tier's steps, routed to the ticket channel
   */
  readonly budgetPolicy?: ErrorBudgetPolicyOptions;
  /**
   * Labels on each PrometheusRule object, e.g. what your Prometheus's `ruleSelector` matches.
   * @default - only `app.kubernetes.io/managed-by: cdk8s-slo`
   */
  readonly ruleLabels?: { [name: string]: string };
  /**
   * More objectives for this service, beyond the template's own.
   * @default - none
   */
  readonly extraObjectives?: ExtraObjective[];
  /**
   * Whether each objective synthesizes its own PrometheusRule (see `SloProps.prometheusRule`).
   * @default true
   */
  readonly prometheusRule?: boolean;
  /**
   * A shared rule set for the objectives' rules (see `SloProps.ruleSet`).
   * @default - a PrometheusRule per objective
   */
  readonly ruleSet?: SloRuleSet;
  /**
   * The rule engine of each objective's own rules object (see `SloProps.engine`); with `ruleSet`, the
   * set's engine applies.
   * @default - the rule set's engine with `ruleSet`, else RuleEngine.prometheus()
   */
  readonly engine?: RuleEngine;
  /**
   * Documents each objective emits (see `SloProps.documents`).
   * @default - none
   */
  readonly documents?: SloDocumentFormat[];
}

/** Props every service template shares. */
export interface ServiceSloProps extends ServiceSloOptions {
  /** The service, a lowercase DNS label; the `slo_service` label of every SLO. */
  readonly service: string;
}

/** Changes to one of a template's objectives. */
export interface ObjectiveOverrides {
  /**
   * Whether to create this objective at all.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The target.
   * @default - the tier's target for this kind of objective
   */
  readonly target?: number;
  /**
   * The rolling window.
   * @default - the template's `window`
   */
  readonly window?: Duration;
  /**
   * A calendar-aligned window instead of a rolling one (see `SloProps.calendarWindow`).
   * @default - the template's `calendarWindow`, unless this objective sets `window`
   */
  readonly calendarWindow?: CalendarWindow;
  /**
   * The fixed UTC offset of the calendar window, e.g. `+05:30` (see `SloProps.utcOffset`).
   * @default - the template's `utcOffset`
   */
  readonly utcOffset?: string;
  /**
   * Alerting options, over the template's `alerting`.
   * @default - the template's alerting
   */
  readonly alerting?: BurnRateAlertingOptions;
  /**
   * The error-budget policy, over the template's.
   * @default - the template's policy
   */
  readonly budgetPolicy?: ErrorBudgetPolicyOptions;
  /**
   * The indicator, replacing the template's default.
   * @default - the template's indicator from its conventional metrics
   */
  readonly indicator?: Sli;
  /**
   * What the objective promises, in words.
   * @default - generated from the target and the indicator
   */
  readonly description?: string;
}

/** An objective added to a template beyond its own. */
export interface ExtraObjective {
  /** The SLO name, a lowercase DNS label unique within the service. */
  readonly name: string;
  /** What counts as a good and a bad event. */
  readonly indicator: Sli;
  /**
   * The target.
   * @default - the tier's availability target
   */
  readonly target?: number;
  /**
   * The rolling window.
   * @default - the template's `window`
   */
  readonly window?: Duration;
  /**
   * A calendar-aligned window instead of a rolling one (see `SloProps.calendarWindow`).
   * @default - the template's `calendarWindow`, unless this objective sets `window`
   */
  readonly calendarWindow?: CalendarWindow;
  /**
   * The fixed UTC offset of the calendar window, e.g. `+05:30` (see `SloProps.utcOffset`).
   * @default - the template's `utcOffset`
   */
  readonly utcOffset?: string;
  /**
   * Alerting options, over the template's `alerting`.
   * @default - the template's alerting
   */
  readonly alerting?: BurnRateAlertingOptions;
  /**
   * The error-budget policy, over the template's.
   * @default - the template's policy
   */
  readonly budgetPolicy?: ErrorBudgetPolicyOptions;
  /**
   * What the objective promises, in words.
   * @default - none
   */
  readonly description?: string;
}

/** What a template proposes for one objective before the user's overrides. */
export interface TemplateObjectiveDefaults {
  /** The SLO name. */
  readonly name: string;
  /** The indicator from conventional metrics. */
  readonly indicator: Sli;
  /** The target. */
  readonly target: number;
  /** Words for the description, after the target: "of requests succeed". */
  readonly promise: string;
}

/**
 * The base of every service template: resolves the tier, the shared selector, labels, routing and budget
 * policy, and turns objectives into `Slo` children named after them (`<id>/availability`).
 */
export abstract class ServiceSloTemplate extends Construct {
  /** The service (`slo_service`). */
  public readonly service: string;
  /** The owning team, if given. */
  public readonly team?: string;
  /** The tier in effect. */
  public readonly tier: ServiceTier;
  /** Why the tier was chosen: `tier` given, or the classifier's reasons. */
  public readonly tierReasons: string[];

  private readonly props: ServiceSloProps;
  private readonly sloList: Slo[] = [];
  private readonly issues: ValidationIssue[] = [];
  private readonly baseMatchers: LabelMatcher[];

  public constructor(scope: Construct, id: string, props: ServiceSloProps, defaultCharacteristics: ServiceCharacteristics = {}) {
    super(scope, id);
    this.props = props;
    this.service = props.service;
    this.team = props.team;
    if (props.tier && props.characteristics) {
      this.issues.push(error('tier', 'set either `tier` or `characteristics` (to classify the tier), not both'));
    }
    // NaN would silently score as low traffic.
    const qps = props.characteristics?.averageQps;
    if (qps !== undefined && (typeof qps !== 'number' || !Number.isFinite(qps) || qps < 0)) {
      this.issues.push(error('characteristics.averageQps', `must be a non-negative number of requests per second, got ${qps}`));
    }
    if (props.tier) {
      this.tier = props.tier;
      this.tierReasons = ['tier given'];
    } else if (props.characteristics) {
      const explained = ServiceTier.explain({ ...defaultCharacteristics, ...props.characteristics });
      this.tier = explained.tier;
      this.tierReasons = explained.reasons;
    } else {
      this.tier = ServiceTier.STANDARD;
      this.tierReasons = ['default tier: neither `tier` nor `characteristics` given'];
    }
    this.baseMatchers = Object.entries(props.selector ?? {}).map(([name, value]) => {
      this.issues.push(...validateLabelName(`selector.${name}`, name).filter((issue) => !/set by the generated rules/.test(issue.message)));
      this.issues.push(...validateLabelValue(`selector.${name}`, value));
      return { name, operator: '=' as const, value };
    });
    if (props.team !== undefined) {
      this.issues.push(...validateLabelValue('team', props.team));
      if (props.labels && Object.prototype.hasOwnProperty.call(props.labels, TEAM_LABEL)) {
        this.issues.push(error(`labels.${TEAM_LABEL}`, `"${TEAM_LABEL}" is also set by the \`team\` prop; set one of them, not both`));
      }
    }
    if (props.alerting?.labels && Object.prototype.hasOwnProperty.call(props.alerting.labels, CHANNEL_LABEL)) {
      this.issues.push(error(`alerting.labels.${CHANNEL_LABEL}`, `"${CHANNEL_LABEL}" is set on each alert from the \`channels\` prop; name the channels there`));
    }
    if (props.budgetPolicy?.labels && Object.prototype.hasOwnProperty.call(props.budgetPolicy.labels, CHANNEL_LABEL)) {
      this.issues.push(error(`budgetPolicy.labels.${CHANNEL_LABEL}`, `"${CHANNEL_LABEL}" is set from the \`channels\` prop (its ticket channel); name the channels there`));
    }
    reportIssues(this, () => this.issues);
  }

  /** Every SLO of this service: the template's objectives, then the extra ones. */
  public get slos(): Slo[] {
    return [...this.sloList];
  }

  /** Adds an objective to this service, with the template's labels, routing and policy. */
  public addObjective(objective: ExtraObjective): Slo {
    return this.createSlo(objective.name, objective.target ?? this.tier.target, objective.indicator, {
      ...this.windowOf(objective),
      alerting: objective.alerting,
      budgetPolicy: objective.budgetPolicy,
      description: objective.description,
    });
  }

  /** Subclasses call this last, so extra objectives follow the template's own. */
  protected addExtraObjectives(): void {
    for (const objective of this.props.extraObjectives ?? []) {
      this.addObjective(objective);
    }
  }

  /** Creates a template objective unless disabled; applies the user's overrides. */
  protected addTemplateObjective(defaults: TemplateObjectiveDefaults, overrides: ObjectiveOverrides = {}): Slo | undefined {
    if (overrides.enabled === false) {
      return undefined;
    }
    const target = overrides.target ?? defaults.target;
    const window = this.windowOf(overrides);
    return this.createSlo(defaults.name, target, overrides.indicator ?? defaults.indicator, {
      ...window,
      alerting: overrides.alerting,
      budgetPolicy: overrides.budgetPolicy,
      description: overrides.description ?? describeObjective(target, window, defaults.promise),
    });
  }

  /**
   * An objective's window: its own (rolling or calendar) when it sets one, else the template's. The
   * offset applies only to a calendar window; `Slo` reports a window set both ways.
   */
  private windowOf(own: { window?: Duration; calendarWindow?: CalendarWindow; utcOffset?: string }): ObjectiveWindow {
    const props = this.props;
    const chosen = own.window !== undefined || own.calendarWindow !== undefined ? own : props;
    if (chosen.calendarWindow === undefined) {
      return { window: chosen.window, utcOffset: own.utcOffset };
    }
    return { window: chosen.window, calendarWindow: chosen.calendarWindow, utcOffset: own.utcOffset ?? props.utcOffset };
  }

  /**
   * A selector of `metric` with the service's matchers and `extra` matchers (PromQL matcher text such
   * as `code=~"5.."`, checked and reported under `field`).
   */
  protected selectorOf(metric: string, extra?: string, field?: string): string {
    return renderVectorSelector({ metric, matchers: [...this.baseMatchers, ...this.parseMatchers(extra, field)] });
  }

  /** Reports a problem with the template's props at synthesis, under this construct's path. */
  protected reportError(field: string, message: string): void {
    this.issues.push(error(field, message));
  }

  private parseMatchers(text: string | undefined, field: string = 'matchers'): LabelMatcher[] {
    if (text === undefined || text.trim() === '') {
      return [];
    }
    try {
      return [...parseVectorSelector(`metric{${text}}`).matchers];
    } catch (e) {
      this.issues.push(error(field, `"${text}" must be PromQL label matchers such as code=~"5..": ${(e as Error).message}`));
      return [];
    }
  }

  private createSlo(name: string, target: number, indicator: Sli, options: ObjectiveWindow & {
    alerting?: BurnRateAlertingOptions; budgetPolicy?: ErrorBudgetPolicyOptions; description?: string;
  }): Slo {
    const props = this.props;
    const channels = ServiceTier._resolveChannels(props.channels);
    const common = props.alerting ?? {};
    const own = options.alerting ?? {};
    const commonPolicy = props.budgetPolicy ?? {};
    const ownPolicy = options.budgetPolicy ?? {};
    for (const [field, labels] of [[`${name}.alerting.labels`, own.labels], [`${name}.budgetPolicy.labels`, ownPolicy.labels]] as const) {
      if (labels && Object.prototype.hasOwnProperty.call(labels, CHANNEL_LABEL)) {
        this.issues.push(error(`${field}.${CHANNEL_LABEL}`, `"${CHANNEL_LABEL}" is set from the \`channels\` prop; name the channels there`));
      }
    }
    const tierWindows = own.windows === undefined && common.windows === undefined;
    const windows = own.windows ?? common.windows ?? this.tier.burnRateWindows(props.channels);
    // The tier's windows are a default the user did not pick: for a short SLO window, leave out the pairs
    // whose long window does not fit instead of failing (windows the user lists are checked as given).
    const calendarSeconds = options.calendarWindow === undefined ? undefined : NOMINAL_PERIOD_SECONDS[options.calendarWindow];
    const sloWindowSeconds = calendarSeconds ?? (options.window ? durationSeconds(options.window) : DEFAULT_SLO_WINDOW_SECONDS);
    const disabled = [...(common.disabledWindows ?? []), ...(own.disabledWindows ?? [])];
    if (tierWindows) {
      for (const window of windows) {
        const longSeconds = durationSeconds(window.longWindow);
        if (longSeconds > sloWindowSeconds && !disabled.some((d) => durationSeconds(d) === longSeconds)) {
          disabled.push(window.longWindow);
        }
      }
    }
    const slo = new Slo(this, name, {
      service: props.service,
      name,
      target,
      window: options.window,
      calendarWindow: options.calendarWindow,
      utcOffset: options.utcOffset,
      indicator,
      description: options.description,
      labels: { ...(props.team !== undefined ? { [TEAM_LABEL]: props.team } : {}), ...(props.labels ?? {}) },
      ruleLabels: props.ruleLabels,
      prometheusRule: props.prometheusRule,
      ruleSet: props.ruleSet,
      engine: props.engine,
      documents: props.documents,
      alerting: {
        ...common,
        ...own,
        windows,
        disabledWindows: disabled,
        labels: { ...(common.labels ?? {}), ...(own.labels ?? {}) },
        annotations: { ...(common.annotations ?? {}), ...(own.annotations ?? {}) },
      },
      budgetPolicy: {
        tier: this.tier,
        ...commonPolicy,
        ...ownPolicy,
        labels: { ...(commonPolicy.labels ?? {}), ...(ownPolicy.labels ?? {}), [CHANNEL_LABEL]: channels.ticket },
      },
    });
    this.sloList.push(slo);
    return slo;
  }
}

/** An objective's window props, as `Slo` takes them. */
interface ObjectiveWindow {
  readonly window?: Duration;
  readonly calendarWindow?: CalendarWindow;
  readonly utcOffset?: string;
}

/** "99.95% of requests succeed over 30d", "… per calendar month". */
function describeObjective(target: number, window: ObjectiveWindow, promise: string): string | undefined {
  if (typeof target !== 'number' || !Number.isFinite(target)) {
    return undefined; // the SLO reports the bad target
  }
  if (window.calendarWindow !== undefined) {
    return `${formatPercent(target)} ${promise} per calendar ${window.calendarWindow}`;
  }
  const seconds = durationSeconds(window.window ?? Duration.seconds(DEFAULT_SLO_WINDOW_SECONDS));
  const over = Number.isInteger(seconds) && seconds > 0 ? ` over ${formatPromDuration(seconds)}` : '';
  return `${formatPercent(target)} ${promise}${over}`;
}
