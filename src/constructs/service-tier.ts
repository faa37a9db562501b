import { BudgetPolicyStep } from './budget-policy-step';
import { BurnRateWindow } from './burn-rate-window';
import { burnRateWindowOf } from './internal/window-conversion';
import {
  classifyServiceTier, DEFAULT_CHANNELS, parseTierName, TIER_NAMES, TIER_PROFILES, TierName, tierWindowPairs, Urgency,
} from '../model/service-tier';

/** What is known about a service; `ServiceTier.classify` turns it into a tier. */
export interface ServiceCharacteristics {
  /**
   * An explicit tier, e.g. from a `tier` label: `critical`, `essential`, `standard`, `best-effort` (or
   * `tier-1` .. `tier-4`). When it names a tier it wins over the score.
   * @default - classify by score
   */
  readonly tierLabel?: string;
  /**
   * The service directly earns or processes money (+3).
   * @default false
   */
  readonly revenueImpacting?: boolean;
  /**
   * Customers use the service directly (+2).
   * @default false
   */
  readonly customerFacing?: boolean;
  /**
   * Average requests per second; above 1000 scores +2.
   * @default - unknown, scores nothing
   */
  readonly averageQps?: number;
  /**
   * `high`, `medium` or `low`; `high` scores +1.
   * @default - unknown, scores nothing
   */
  readonly dataSensitivity?: string;
}

/** The outcome of `ServiceTier.explain`: the tier and why. */
export interface TierClassificationResult {
  /** The tier. */
  readonly tier: ServiceTier;
  /**
   * The score.
   * @default - none: an explicit tier label decided
   */
  readonly score?: number;
  /** One line per fact that counted, e.g. `revenue-impacting +3`. */
  readonly reasons: string[];
}

/**
 * Where alerts of each urgency go: the value of the `channel` label Alertmanager routes on.
 */
export interface NotificationChannels {
  /**
   * Alerts that wake someone (severity `critical`).
   * @default "pagerduty-critical"
   */
  readonly page?: string;
  /**
   * Alerts someone handles within the working day (severity `warning`).
   * @default "slack-incidents"
   */
  readonly ticket?: string;
  /**
   * Alerts shown in a channel, with no one obliged to act (severity `info`).
   * @default "slack-alerts"
   */
  readonly notify?: string;
}

/**
 * A service's business tier: how strict its SLOs are and how loudly they alert.
 *
 * | Tier | Availability | Latency | 1h/5m | 6h/30m | 1d/2h | 3d/6h | Budget policy |
 * |---|---|---|---|---|---|---|---|
 * | CRITICAL | 99.95% | 99.9% | page | page | ticket | ticket | review at 25% left, freeze at 10% |
 * | ESSENTIAL | 99.9% | 99.5% | page | ticket | ticket | notify | review at 25% left, freeze at 10% |
 * | STANDARD | 99.5% | 99% | ticket | ticket | notify | notify | review at 10% left |
 * | BEST_EFFORT | 99% | 95% | notify | notify | notify | notify | review at 10% left |
 *
 * A page has severity `critical` and channel `pagerduty-critical`, a ticket `warning` and
 * `slack-incidents`, a notification `info` and `slack-alerts`.
 */
export class ServiceTier {
  /** Revenue-critical, customer-facing: 99.95%; pages on fast burn, tickets on slow burn. */
  public static readonly CRITICAL = new ServiceTier('critical');
  /** Important to customers: 99.9%; pages only on the fastest burn. */
  public static readonly ESSENTIAL = new ServiceTier('essential');
  /** Internal or supporting: 99.5%; never pages. */
  public static readonly STANDARD = new ServiceTier('standard');
  /** Nice to have: 99%; only notifies. */
  public static readonly BEST_EFFORT = new ServiceTier('best-effort');

  /** The tier named `name` (`critical`, `essential`, `standard`, `best-effort`, or `tier-1` .. `tier-4`). */
  public static of(name: string): ServiceTier {
    const parsed = parseTierName(String(name));
    if (!parsed) {
      throw new Error(`"${name}" is not a service tier; use one of ${TIER_NAMES.join(', ')}`);
    }
    return ServiceTier.byName(parsed);
  }

  /**
   * Classifies a service: an explicit tier label wins; otherwise revenue-impacting +3, customer-facing +2,
   * average QPS over 1000 +2, high data sensitivity +1, and a score of 6+ is CRITICAL, 4+ ESSENTIAL,
   * 2+ STANDARD, less BEST_EFFORT.
   */
  public static classify(characteristics: ServiceCharacteristics): ServiceTier {
    return ServiceTier.explain(characteristics).tier;
  }

  /** Like `classify`, with the score and the reasons. */
  public static explain(characteristics: ServiceCharacteristics): TierClassificationResult {
    const result = classifyServiceTier(characteristics);
    return { tier: ServiceTier.byName(result.tier), score: result.score, reasons: [...result.reasons] };
  }

  /** @internal The channels with defaults filled in. */
  public static _resolveChannels(channels: NotificationChannels = {}): Record<Urgency, string> {
    return {
      page: channels.page ?? DEFAULT_CHANNELS.page,
      ticket: channels.ticket ?? DEFAULT_CHANNELS.ticket,
      notify: channels.notify ?? DEFAULT_CHANNELS.notify,
    };
  }

  private static byName(name: TierName): ServiceTier {
    switch (name) {
      case 'critical': return ServiceTier.CRITICAL;
      case 'essential': return ServiceTier.ESSENTIAL;
      case 'standard': return ServiceTier.STANDARD;
      case 'best-effort': return ServiceTier.BEST_EFFORT;
    }
  }

  /** The tier's name: `critical`, `essential`, `standard` or `best-effort`. */
  public readonly name: string;
  /** The availability target, e.g. 0.9995. */
  public readonly target: number;
  /** The latency target: one step looser than availability, e.g. 0.999. */
  public readonly latencyTarget: number;

  private constructor(name: TierName) {
    this.name = name;
    this.target = TIER_PROFILES[name].target;
    this.latencyTarget = TIER_PROFILES[name].latencyTarget;
  }

  /**
   * The SRE workbook's window pairs (long window always the longer one) with this tier's severities and
   * `channel` labels, for `BurnRateAlertingOptions.windows`.
   */
  public burnRateWindows(channels: NotificationChannels = {}): BurnRateWindow[] {
    return tierWindowPairs(this.name as TierName, ServiceTier._resolveChannels(channels)).map(burnRateWindowOf);
  }

  /** The default steps of this tier's error-budget policy. */
  public budgetPolicySteps(): BudgetPolicyStep[] {
    return TIER_PROFILES[this.name as TierName].budgetPolicy.map((step) => ({ ...step }));
  }

  /** @internal */
  public _tierName(): TierName {
    return this.name as TierName;
  }
}
