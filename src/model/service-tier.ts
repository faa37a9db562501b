/**
 * Service tiers: how strict a service's SLOs are and how loudly they alert. Pure data and functions, so
 * the constructs and the CLI (which classifies discovered services) share one definition.
 */
import { BurnRateWindowPair, SRE_WORKBOOK_WINDOW_PAIRS } from './burn-rate';

export type TierName = 'critical' | 'essential' | 'standard' | 'best-effort';

/** Every tier, strictest first. */
export const TIER_NAMES: readonly TierName[] = ['critical', 'essential', 'standard', 'best-effort'];

/**
 * How urgently an alert needs a human:
 * - `page`: wake someone now (fast burn on the most important services);
 * - `ticket`: someone looks within the working day;
 * - `notify`: visible in a channel, nobody is obliged to act.
 */
export type Urgency = 'page' | 'ticket' | 'notify';

/** The `severity` label each urgency carries; Alertmanager inhibits down this list. */
export const SEVERITY_OF_URGENCY: Readonly<Record<Urgency, string>> = {
  page: 'critical',
  ticket: 'warning',
  notify: 'info',
};

/** The routing label on alerts: Alertmanager routes on it to a receiver. */
export const CHANNEL_LABEL = 'channel';

/** The channel each urgency is sent to, unless the user names other channels. */
export const DEFAULT_CHANNELS: Readonly<Record<Urgency, string>> = {
  page: 'pagerduty-critical',
  ticket: 'slack-incidents',
  notify: 'slack-alerts',
};

/** One step of an error-budget policy: act when less than `remainingBelow` of the budget is left. */
export interface BudgetPolicyStepDefinition {
  /** The action, the `budget_action` label: `review`, `freeze`. */
  readonly action: string;
  /** Fires while the fraction of the budget left is below this, e.g. 0.25. */
  readonly remainingBelow: number;
  /** What the action means, in words, for the alert description. */
  readonly description?: string;
}

/** Everything a tier decides. */
export interface TierProfile {
  readonly name: TierName;
  /** The availability target, e.g. 0.9995. */
  readonly target: number;
  /**
   * The latency target: one step looser than availability, because a slow request is a smaller harm
   * than a failed one and latency distributions have long tails.
   */
  readonly latencyTarget: number;
  /**
   * The urgency of each SRE-workbook window pair, in the order of SRE_WORKBOOK_WINDOW_PAIRS:
   * 1h/5m (2% of budget), 6h/30m (5%), 1d/2h (10%), 3d/6h (10%).
   */
  readonly urgencies: readonly [Urgency, Urgency, Urgency, Urgency];
  /** The default error-budget policy. */
  readonly budgetPolicy: readonly BudgetPolicyStepDefinition[];
}

const REVIEW_AT_25: BudgetPolicyStepDefinition = {
  action: 'review',
  remainingBelow: 0.25,
  description: 'review reliability work against feature work with the service owners',
};
const REVIEW_AT_10: BudgetPolicyStepDefinition = {
  action: 'review',
  remainingBelow: 0.1,
  description: 'review reliability work against feature work with the service owners',
};
const FREEZE_AT_10: BudgetPolicyStepDefinition = {
  action: 'freeze',
  remainingBelow: 0.1,
  description: 'freeze feature releases; ship only reliability fixes until the budget recovers',
};

/**
 * The tiers. Routing, from the SRE workbook's fast-to-slow pairs:
 * - critical pages on both fast burns and tickets on both slow burns;
 * - essential pages only on the fastest burn (2% of budget in 1h), tickets the rest, and the 3-day
 *   burn only notifies;
 * - standard never pages: fast burns open tickets, slow burns notify;
 * - best effort only notifies.
 */
export const TIER_PROFILES: Readonly<Record<TierName, TierProfile>> = {
  // Urgencies of the workbook's pairs in order: 1h/5m, 6h/30m, 1d/2h, 3d/6h.
  'critical': { name: 'critical', target: 0.9995, latencyTarget: 0.999, urgencies: ['page', 'page', 'ticket', 'ticket'], budgetPolicy: [REVIEW_AT_25, FREEZE_AT_10] },
  'essential': { name: 'essential', target: 0.999, latencyTarget: 0.995, urgencies: ['page', 'ticket', 'ticket', 'notify'], budgetPolicy: [REVIEW_AT_25, FREEZE_AT_10] },
  'standard': { name: 'standard', target: 0.995, latencyTarget: 0.99, urgencies: ['ticket', 'ticket', 'notify', 'notify'], budgetPolicy: [REVIEW_AT_10] },
  'best-effort': { name: 'best-effort', target: 0.99, latencyTarget: 0.95, urgencies: ['notify', 'notify', 'notify', 'notify'], budgetPolicy: [REVIEW_AT_10] },
};

/** The burn-rate pairs of a tier: the workbook's windows, with the tier's severities and channels. */
export function tierWindowPairs(
  tier: TierName,
  channels: Readonly<Record<Urgency, string>> = DEFAULT_CHANNELS,
): BurnRateWindowPair[] {
  const urgencies = TIER_PROFILES[tier].urgencies;
  return SRE_WORKBOOK_WINDOW_PAIRS.map((pair, index) => ({
    ...pair,
    severity: SEVERITY_OF_URGENCY[urgencies[index]],
    labels: { [CHANNEL_LABEL]: channels[urgencies[index]] },
  }));
}

/** What is known about a service, from labels, annotations or measurements. */
export interface ServiceCharacteristicsData {
  /** An explicit tier (a `tier` label); when it names a tier it wins over the score. */
  readonly tierLabel?: string;
  readonly revenueImpacting?: boolean;
  readonly customerFacing?: boolean;
  /** Average requests per second over the observed period. */
  readonly averageQps?: number;
  /** `high`, `medium` or `low`; only `high` scores. */
  readonly dataSensitivity?: string;
}

/** A classification and how it was reached, so tools can explain it. */
export interface TierClassification {
  readonly tier: TierName;
  /** The score, or undefined when an explicit tier label decided. */
  readonly score?: number;
  /** One line per fact that counted, e.g. `revenue-impacting +3`. */
  readonly reasons: readonly string[];
}

export const REVENUE_IMPACT_SCORE = 3;
export const CUSTOMER_FACING_SCORE = 2;
export const HIGH_TRAFFIC_SCORE = 2;
export const HIGH_SENSITIVITY_SCORE = 1;
/** Average QPS strictly above this counts as high traffic. */
export const HIGH_TRAFFIC_QPS = 1000;

/** The lowest score of each tier, strictest first. */
const SCORE_THRESHOLDS: ReadonlyArray<[number, TierName]> = [[6, 'critical'], [4, 'essential'], [2, 'standard']];

/**
 * Parses a tier name as people write it in labels: case-insensitive, `-`, `_` or a space between words,
 * and the usual synonyms `tier-1`..`tier-4` / `tier1`..`tier4`. Undefined when it names no tier.
 */
export function parseTierName(text: string): TierName | undefined {
  const normalized = text.trim().toLowerCase().replace(/[\s_]+/g, '-');
  const aliases: Record<string, TierName> = {
    'critical': 'critical',
    'essential': 'essential',
    'standard': 'standard',
    'best-effort': 'best-effort',
    'besteffort': 'best-effort',
    'tier-1': 'critical',
    'tier1': 'critical',
    'tier-2': 'essential',
    'tier2': 'essential',
    'tier-3': 'standard',
    'tier3': 'standard',
    'tier-4': 'best-effort',
    'tier4': 'best-effort',
  };
  return aliases[normalized];
}

/**
 * Classifies a service. An explicit tier label that names a tier wins. Otherwise the score is
 * revenue-impacting +3, customer-facing +2, average QPS over 1000 +2, high data sensitivity +1; a score
 * of 6 or more is critical, 4 or more essential, 2 or more standard, anything less best effort.
 */
export function classifyServiceTier(characteristics: ServiceCharacteristicsData): TierClassification {
  const reasons: string[] = [];
  if (characteristics.tierLabel !== undefined && characteristics.tierLabel.trim() !== '') {
    const explicit = parseTierName(characteristics.tierLabel);
    if (explicit) {
      return { tier: explicit, reasons: [`tier label "${characteristics.tierLabel}"`] };
    }
    reasons.push(`tier label "${characteristics.tierLabel}" names no tier (critical, essential, standard, best-effort); scored instead`);
  }
  let score = 0;
  if (characteristics.revenueImpacting === true) {
    score += REVENUE_IMPACT_SCORE;
    reasons.push(`revenue-impacting +${REVENUE_IMPACT_SCORE}`);
  }
  if (characteristics.customerFacing === true) {
    score += CUSTOMER_FACING_SCORE;
    reasons.push(`customer-facing +${CUSTOMER_FACING_SCORE}`);
  }
  if (characteristics.averageQps !== undefined && characteristics.averageQps > HIGH_TRAFFIC_QPS) {
    score += HIGH_TRAFFIC_SCORE;
    reasons.push(`average QPS ${characteristics.averageQps} > ${HIGH_TRAFFIC_QPS} +${HIGH_TRAFFIC_SCORE}`);
  }
  if (characteristics.dataSensitivity !== undefined && characteristics.dataSensitivity.trim().toLowerCase() === 'high') {
    score += HIGH_SENSITIVITY_SCORE;
    reasons.push(`high data sensitivity +${HIGH_SENSITIVITY_SCORE}`);
  }
  const tier = SCORE_THRESHOLDS.find(([minimum]) => score >= minimum)?.[1] ?? 'best-effort';
  return { tier, score, reasons };
}
