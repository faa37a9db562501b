import { ApiObject, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { BurnRateAlerting, BurnRateAlertingOptions } from './burn-rate-alerting';
import { CalendarWindow } from './calendar-window';
import { ErrorBudgetPolicy, ErrorBudgetPolicyOptions } from './error-budget-policy';
import { AppRegistry } from './internal/app-registry';
import { describeIssue, hasErrors, reportIssues } from './internal/construct-validation';
import { durationSeconds } from './internal/duration-conversion';
import { emitDocuments, formatTitle, tierOf } from './internal/slo-document-emitters';
import { registerTenantGroups } from './internal/tenant-group-count';
import { RuleEngine } from './rule-engine';
import { Sli } from './sli';
import { SloDocumentFormat } from './slo-document-format';
import { SloRuleSet } from './slo-rule-set';
import { burnRateFactor, burnRateThreshold } from '../model/burn-rate';
import { CalendarPeriod, NOMINAL_PERIOD_SECONDS, parseUtcOffset } from '../model/calendar-period';
import { formatPromDuration } from '../model/duration';
import { MANAGED_BY_LABEL_KEY, MANAGED_BY_LABEL_VALUE, ruleLabelIssues } from '../model/kubernetes-names';
import { LONG_WINDOW_LABEL, SHORT_WINDOW_LABEL } from '../model/naming';
import { DEFAULT_SLO_WINDOW_SECONDS } from '../model/objective';
import { SloDefinition, validateSloDefinition } from '../model/slo-definition';
import { error, ValidationIssue, warning } from '../model/validation-issue';
import { isAlertingRule, RuleGroup } from '../rules/rule';
import { generateSloRuleGroups } from '../rules/slo-rule-groups';

const SLO_SYMBOL = Symbol.for('cdk8s-slo.Slo');

/** The SLOs of each app by identity and by object name, for the duplicate checks. */
const SLOS = new AppRegistry<Slo>();

/** Props of an `Slo`. */
export interface SloProps {
  /** The service, a lowercase DNS label; every generated series carries it as `slo_service`. */
  readonly service: string;
  /** The SLO's name within the service, a lowercase DNS label; the `slo_name` label. */
  readonly name: string;
  /** Fraction of events that must be good, strictly between 0 and 1, e.g. 0.999. */
  readonly target: number;
  /**
   * The rolling window: a whole number of minutes from 1 hour to 365 days.
   * @default Duration.days(30)
   */
  readonly window?: Duration;
  /**
   * A calendar-aligned window instead of a rolling one: the budget counts the events since the start of
   * the current week (from Monday), month or quarter, and is full again when the next one starts. Burn-rate
   * factors count a week as 7 days, a month as 30 and a quarter as 90. Set either this or `window`.
   * @default - a rolling window (`window`)
   */
  readonly calendarWindow?: CalendarWindow;
  /**
   * The fixed offset from UTC whose midnight starts a calendar period, e.g. `+05:30` or `-08:00`.
   * Daylight saving time is not followed (PromQL has no time-zone database): use your standard time, and
   * the periods start an hour early or late while it is in effect. Only with `calendarWindow`.
   * @default '+00:00' (UTC)
   */
  readonly utcOffset?: string;
  /** What counts as a good and a bad event. */
  readonly indicator: Sli;
  /**
   * Burn-rate alerting.
   * @default - the SRE workbook's multiwindow, multi-burn-rate alerts
   */
  readonly alerting?: BurnRateAlertingOptions;
  /**
   * An error-budget policy: alerts labelled `budget_action` as the budget runs low, and a forecast.
   * @default - none
   */
  readonly budgetPolicy?: ErrorBudgetPolicyOptions;
  /**
   * Labels on every generated series and alert, e.g. `{ team: 'payments' }`.
   * @default - none
   */
  readonly labels?: { [name: string]: string };
  /**
   * What the SLO promises, in words; shown in alerts as the `slo_description` annotation.
   * @default - none
   */
  readonly description?: string;
  /**
   * Labels on the rules object itself, e.g. the labels your Prometheus's `ruleSelector` matches.
   * @default - only `app.kubernetes.io/managed-by: cdk8s-slo`
   */
  readonly ruleLabels?: { [name: string]: string };
  /**
   * Whether to synthesize the SLO's own rules object (a PrometheusRule, or the object of its `engine`).
   * Switch it off when an operator (Sloth, Pyrra) generates the rules from this SLO's `documents` instead.
   * @default true
   */
  readonly prometheusRule?: boolean;
  /**
   * The rule engine that evaluates the rules, and so the kind of object that holds them (see
   * `RuleEngine`). An SLO in a `ruleSet` uses the set's engine; set it here too only to the same engine.
   * @default - the rule set's engine with `ruleSet`, else RuleEngine.prometheus()
   */
  readonly engine?: RuleEngine;
  /**
   * Write this SLO's rules into a shared `SloRuleSet` (a few size-limited PrometheusRule objects for many
   * SLOs) instead of a PrometheusRule of its own.
   * @default - a PrometheusRule of its own, `slo-<service>-<name>`
   */
  readonly ruleSet?: SloRuleSet;
  /**
   * Documents to emit for this SLO, as children of its `Documents` construct: OpenSLO (one
   * self-contained document), a Sloth `PrometheusServiceLevel`, a Pyrra `ServiceLevelObjective`. To
   * write every SLO of an app in one place, use `SloDocuments` instead.
   * @default - none
   */
  readonly documents?: SloDocumentFormat[];
}

/** An alert rule an `Slo` generated, for listing and deriving things after synthesis. */
export interface SloAlertRule {
  /** The alert name. */
  readonly alert: string;
  /** The `severity` label. */
  readonly severity: string;
  /** The long window, as a Prometheus duration (`1h`). */
  readonly longWindow: string;
  /** The short window, as a Prometheus duration (`5m`). */
  readonly shortWindow: string;
  /** The burn-rate factor, e.g. 14.4. */
  readonly burnRateFactor: number;
  /** The error-ratio threshold, e.g. 0.0144. */
  readonly threshold: number;
  /** The PromQL expression. */
  readonly expression: string;
}

/**
 * A Service Level Objective. Synthesizes one rules object (a PrometheusRule, or the kind its `engine`
 * reads) with its recording rules (5-minute rates from the raw metrics, event-weighted error ratios over
 * longer windows, error budget) and burn-rate alerts.
 */
export class Slo extends Construct {
  /** Whether `x` is an `Slo` (works across copies of this library). */
  public static isSlo(x: unknown): x is Slo {
    return typeof x === 'object' && x !== null && SLO_SYMBOL in x;
  }

  /**
   * @internal Every SLO in the app that holds `scope`, in construct-tree order. Call it at synthesis
   * (lazily), when the app is complete.
   */
  public static _findAll(scope: IConstruct): Slo[] {
    return scope.node.root.node.findAll().filter((c): c is Slo => Slo.isSlo(c));
  }

  /** The service (`slo_service`). */
  public readonly service: string;
  /** The SLO name (`slo_name`). */
  public readonly sloName: string;
  /** The target, e.g. 0.999. */
  public readonly target: number;
  /** The rolling window; for a calendar window, the length it counts as (7, 30 or 90 days). */
  public readonly window: Duration;
  /** The calendar window, when the SLO has one instead of a rolling window. */
  public readonly calendarWindow?: CalendarWindow;
  /** The indicator. */
  public readonly indicator: Sli;
  /** The burn-rate alerting of this SLO. */
  public readonly alerting: BurnRateAlerting;
  /** The error-budget policy of this SLO, when it has one. */
  public readonly budgetPolicy?: ErrorBudgetPolicy;
  /**
   * The generated PrometheusRule; undefined when `prometheusRule` is false, the rules go to a `ruleSet`, or
   * the engine's objects are of another kind (see `ruleObject`).
   */
  public readonly prometheusRule?: ApiObject;
  /**
   * The object holding this SLO's rules, of its engine's kind (PrometheusRule, VMRule); undefined when
   * `prometheusRule` is false or the rules go to a `ruleSet`.
   */
  public readonly ruleObject?: ApiObject;
  /** The rule engine of this SLO's rules (its rule set's, with a `ruleSet`). */
  public readonly engine: RuleEngine;
  /** The rule set that holds this SLO's rules, if any. */
  public readonly ruleSet?: SloRuleSet;
  /** Warnings found at construction (targets outside [0.9, 0.9999], ...); printed at synthesis. */
  public readonly warnings: string[];

  /** @internal */
  public readonly _definition: SloDefinition;
  /** @internal */
  public readonly _ruleGroups: RuleGroup[];

  /** Every SLO in this app with the same (service, name), this one included. */
  private readonly sameIdentity: Slo[];
  /** Every SLO in this app whose PrometheusRule has the same namespace and name, this one included. */
  private readonly sameObjectName: Slo[];

  public constructor(scope: Construct, id: string, props: SloProps) {
    super(scope, id);
    Object.defineProperty(this, SLO_SYMBOL, { value: true });
    this.service = props.service;
    this.sloName = props.name;
    this.target = props.target;
    const calendar = calendarPeriodOf(props);
    this.calendarWindow = props.calendarWindow;
    this.window = calendar.period
      ? Duration.seconds(NOMINAL_PERIOD_SECONDS[calendar.period.unit] ?? DEFAULT_SLO_WINDOW_SECONDS)
      : props.window ?? Duration.seconds(DEFAULT_SLO_WINDOW_SECONDS);
    this.indicator = props.indicator;
    this.alerting = new BurnRateAlerting(this, 'Alerting', props.alerting);
    this.budgetPolicy = props.budgetPolicy ? new ErrorBudgetPolicy(this, 'BudgetPolicy', props.budgetPolicy) : undefined;
    this.ruleSet = props.ruleSet;
    // The engine first: its short-window interval is part of the definition (the rules' sample spacing).
    this.engine = props.ruleSet?.engine ?? props.engine ?? RuleEngine.prometheus();
    const shortWindowIntervalSeconds = this.engine._shortWindowIntervalSeconds;

    this._definition = {
      service: props.service,
      name: props.name,
      objective: {
        target: props.target,
        windowSeconds: durationSeconds(this.window),
        ...(calendar.period ? { calendar: calendar.period } : {}),
      },
      indicator: props.indicator?._indicator,
      labels: { ...(props.labels ?? {}) },
      description: props.description,
      alerting: this.alerting._policy,
      budgetPolicy: this.budgetPolicy?._resolve(durationSeconds(this.window)),
      ...(shortWindowIntervalSeconds !== undefined ? { shortWindowIntervalSeconds } : {}),
    };

    // From JavaScript (or a jsii language) the indicator may be missing; say so instead of crashing.
    const issues: ValidationIssue[] = this._definition.indicator
      ? [...calendar.issues, ...validateSloDefinition(this._definition)]
      : [error('indicator', 'must be an Sli, e.g. Sli.ratio({ errors, total })')];
    // An invalid SLO generates nothing: its errors surface at synthesis and no file is written.
    this._ruleGroups = hasErrors(issues) ? [] : generateSloRuleGroups(this._definition);

    issues.push(...(props.engine?._issues('engine') ?? []));
    if (props.ruleSet && props.engine && !props.engine._sameAs(props.ruleSet.engine)) {
      issues.push(error('engine', `differs from the engine of the rule set ${props.ruleSet.node.path} (${props.ruleSet.engine.kind}); an SLO in a rule set uses the set's engine: set the engine on the SloRuleSet only`));
    }
    if (props.ruleSet && props.prometheusRule === false) {
      issues.push(error('ruleSet', 'set either `ruleSet` (write the rules into a shared rule set) or `prometheusRule: false` (no rules at all), not both'));
    }
    issues.push(...ruleLabelIssues('ruleLabels', props.ruleLabels));
    if (props.ruleSet && !hasErrors(issues)) {
      const clash = props.ruleSet._add(`${props.service}/${props.name}`, this.node.path, this._ruleGroups);
      if (clash !== undefined) issues.push(error('name', clash));
    }
    const { groups: engineGroups, problem: splitProblem } = this.engine._prepareGroups(this._ruleGroups);
    if (splitProblem !== undefined && !props.ruleSet && props.prometheusRule !== false) issues.push(error('engine.maxRulesPerGroup', splitProblem));
    this.ruleObject = props.prometheusRule === false || props.ruleSet ? undefined : this.engine._createObject(this, 'Resource', {
      name: `slo-${props.service}-${props.name}`,
      labels: { [MANAGED_BY_LABEL_KEY]: MANAGED_BY_LABEL_VALUE, ...(props.ruleLabels ?? {}) },
    }, this.engine._renderGroups(engineGroups));
    this.prometheusRule = this.ruleObject?.kind === 'PrometheusRule' ? this.ruleObject : undefined;
    const tenantIssues = this.ruleObject ? registerTenantGroups(this, this.engine, () => engineGroups.length) : () => [];

    this.sameIdentity = SLOS.register(this, `slo:${props.service}/${props.name}`);
    this.sameObjectName = this.ruleObject
      ? SLOS.register(this, `object:${this.ruleObject.kind}:${this.ruleObject.metadata.namespace ?? ''}/${this.ruleObject.name}`)
      : [this];
    if (!hasErrors(issues)) {
      issues.push(...this.emitOwnDocuments(props.documents ?? []));
    }
    this.warnings = issues.filter((issue) => issue.severity === 'warning').map((issue) => `${this.node.path}: ${describeIssue(issue)}`);

    // Errors read "[app/chart/slo] target: must be ..."; duplicates are known once the app is complete.
    reportIssues(this, () => [...issues, ...this.duplicateErrors(), ...tenantIssues()]);
  }

  /**
   * The alert rules this SLO generates, in the order of its window pairs (empty when alerting is off, the
   * SLO is invalid or its PrometheusRule is switched off).
   */
  public get alertRules(): SloAlertRule[] {
    if (!this._generatesRules) {
      return [];
    }
    const alerts = this._ruleGroups.flatMap((group) => group.rules.filter(isAlertingRule));
    const objective = this._definition.objective;
    return this._definition.alerting.pairs.flatMap((pair) => {
      const longWindow = formatPromDuration(pair.longSeconds);
      const shortWindow = formatPromDuration(pair.shortSeconds);
      const rule = alerts.find((a) => a.labels[LONG_WINDOW_LABEL] === longWindow && a.labels[SHORT_WINDOW_LABEL] === shortWindow);
      return rule ? [{
        alert: rule.alert,
        severity: pair.severity,
        longWindow,
        shortWindow,
        burnRateFactor: burnRateFactor(pair, objective.windowSeconds),
        threshold: burnRateThreshold(pair, objective),
        expression: rule.expr,
      }] : [];
    });
  }

  /** Emits the per-SLO documents; returns their problems, under the `documents` prop. */
  private emitOwnDocuments(formats: SloDocumentFormat[]): ValidationIssue[] {
    if (formats.length === 0) {
      return [];
    }
    const issues: ValidationIssue[] = [];
    const scope = new Construct(this, 'Documents');
    const input = { definition: this._definition, path: this.node.path, tier: tierOf(this) };
    const seen = new Set<string>();
    for (const format of formats) {
      const title = formatTitle(format);
      if (seen.has(format.name)) {
        issues.push(error('documents', `${title} is listed twice`));
        continue;
      }
      seen.add(format.name);
      const result = emitDocuments(new Construct(scope, title), format, [input], true);
      issues.push(...result.issues.map((issue) => ({ ...issue, field: 'documents', message: describeIssue(issue) })));
    }
    return issues;
  }

  /** @internal Whether this library writes the SLO's rules (in its own PrometheusRule or a rule set). */
  public get _generatesRules(): boolean {
    return this._ruleGroups.length > 0 && (this.ruleObject !== undefined || this.ruleSet !== undefined);
  }

  /**
   * Two SLOs with the same service and name in one app would record the same series; two
   * PrometheusRules with the same name (`slo-a-b` + `c` and `slo-a` + `b-c`) would overwrite each other.
   */
  private duplicateErrors(): ValidationIssue[] {
    const errors = this.sameIdentity.filter((other) => other !== this).map((other) =>
      error('name', `the SLO "${this.service}/${this.sloName}" is also defined at ${other.node.path}; (service, name) must be unique in an app`));
    if (errors.length === 0) {
      errors.push(...this.sameObjectName.filter((other) => other !== this).map((other) =>
        error('name', `the ${this.ruleObject?.kind} "${this.ruleObject?.name}" of this SLO has the same name as that of ${other.node.path}; rename the service or the SLO`)));
    }
    return errors;
  }
}

/**
 * The calendar period of an SLO's props, or none for a rolling window, with the problems of the props
 * (`window` and `calendarWindow` together, an offset without a calendar window, an unreadable offset).
 * A bad offset still yields a period, so that the rest of the SLO is checked too.
 */
function calendarPeriodOf(props: SloProps): { period?: CalendarPeriod; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  if (props.calendarWindow === undefined) {
    if (props.utcOffset !== undefined) {
      issues.push(error('utcOffset', 'only applies to a calendar window; set `calendarWindow` too, or remove it'));
    }
    return { issues };
  }
  if (props.window !== undefined) {
    issues.push(error('calendarWindow', 'set either `window` (a rolling window) or `calendarWindow`, not both'));
  }
  if (props.budgetPolicy?.forecastHorizon !== undefined) {
    issues.push(warning('budgetPolicy.forecastHorizon', 'is not used with a calendar window: its forecast alerts when the budget runs out before the period ends'));
  }
  let utcOffsetSeconds = 0;
  if (props.utcOffset !== undefined) {
    const parsed = typeof props.utcOffset === 'string' ? parseUtcOffset(props.utcOffset) : undefined;
    if (parsed === undefined) {
      issues.push(error('utcOffset', `${JSON.stringify(props.utcOffset)} must be an offset from UTC written ±HH:MM, e.g. "+05:30" or "-08:00"`));
    } else {
      utcOffsetSeconds = parsed;
    }
  }
  return { period: { unit: props.calendarWindow as CalendarPeriod['unit'], utcOffsetSeconds }, issues };
}
