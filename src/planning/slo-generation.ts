/**
 * From discovered services to SLO plans (`cdk8s-slo generate`): for each service either a reason to skip
 * it, or the template, tier, targets and latency threshold of its SLOs, each with the reason it was
 * chosen. Pure: the CLI writes the plans as TypeScript or as an SLO inventory.
 *
 * What a plan reads from a service's Kubernetes labels, else its annotations (the keys `discover` keeps):
 * - `tier`: an explicit tier (`critical` … `best-effort`, `tier-1` … `tier-4`);
 * - `revenue-impact`, `customer-facing`: `true`/`yes`/`high` or `false`/`no`/`low`;
 * - `data-sensitivity`: `high`, `medium`, `low`;
 * - `team`: the team label of the SLOs;
 * - `service-type`: `api` (the default), `web`, or one of the non-HTTP types `batch`, `streaming`,
 *   `database`, which are skipped: discovery measures HTTP requests, which do not describe them.
 */
import { DiscoveredService, ObservedBehaviour, ServiceInventory } from './service-inventory';
import { burnRateFactor, SRE_WORKBOOK_WINDOW_PAIRS, windowPairName } from '../model/burn-rate';
import { formatDecimal, formatPercent, roundSignificant } from '../model/decimal';
import { formatPromDuration, formatSeconds } from '../model/duration';
import { isDnsLabel, MAX_DNS_LABEL_LENGTH } from '../model/kubernetes-names';
import { validateLabelName, validateLabelValue } from '../model/labels';
import { CLIENT_LIBRARY_DEFAULT_BUCKETS, P95_DERIVED_LATENCY_TARGET_CEILING, P95_HEADROOM, thresholdFromObservedP95 } from '../model/latency-threshold';
import { DEFAULT_SLO_WINDOW_SECONDS } from '../model/objective';
import { classifyServiceTier, ServiceCharacteristicsData, TIER_PROFILES, TierName } from '../model/service-tier';

/** The templates `generate` writes: both read the HTTP request metrics that discovery measured. */
export type GeneratedTemplate = 'api' | 'web';

/** Service types that are not HTTP services: their SLOs need metrics discovery does not measure. */
export type NonHttpServiceType = 'batch' | 'streaming' | 'database';

/** Words that mark a namespace, or one of its `-`/`_`/`.` separated parts, as not production. */
export const NON_PRODUCTION_WORDS: readonly string[] = ['development', 'dev', 'test', 'testing', 'qa', 'staging', 'stage', 'stg', 'sandbox'];

/**
 * Services with less average traffic are skipped: a 5-minute window then holds fewer than 30 requests,
 * so one failure reads as an error ratio above 3% and the fast burn-rate alerts fire on noise.
 */
export const MIN_AVERAGE_QPS = 0.1;

/**
 * The targets a progressive start rounds down to: every tier's availability and latency target, strictest
 * first (99.95%, 99.9%, 99.5%, 99%, 95%). A service below the loosest is not ready for an SLO.
 */
export const PROGRESSIVE_TARGET_LADDER: readonly number[] = [...new Set(
  Object.values(TIER_PROFILES).flatMap((profile) => [profile.target, profile.latencyTarget]),
)].sort((a, b) => b - a);

/** What `generate` was asked for. */
export interface GenerationOptions {
  /**
   * Start each target no stricter than what the service achieved over the lookback, rounded down to a
   * tier target, and record the tier's target as the goal to ratchet toward.
   */
  readonly progressive: boolean;
  /** Bucket bounds the latency threshold is rounded up to; the client libraries' defaults when absent. */
  readonly histogramBuckets?: readonly number[];
}

/** One objective of a plan. */
export interface PlannedObjective {
  /** The target the SLO starts with. */
  readonly target: number;
  /** With `--progressive`, when stricter than `target`: the target to ratchet toward. */
  readonly goalTarget?: number;
  /** Why this target, in words. */
  readonly reason: string;
}

/** The latency objective of a plan. */
export interface PlannedLatencyObjective extends PlannedObjective {
  /** Requests up to this many seconds are fast enough: a histogram bucket bound. */
  readonly thresholdSeconds: number;
}

/** SLOs for one service. */
export interface ServiceSloPlan {
  /**
   * The SLO service name (`slo_service`): the Kubernetes name, or `<name>-<namespace>` when other services
   * that get SLOs share the name (see planSloGeneration).
   */
  readonly service: string;
  /** The Kubernetes Service's name and namespace. */
  readonly name: string;
  readonly namespace: string;
  readonly template: GeneratedTemplate;
  readonly templateReason: string;
  readonly team?: string;
  readonly tier: TierName;
  /** The classifier's score; absent when an explicit tier label decided. */
  readonly tierScore?: number;
  /** Why the tier: the explicit label, or the facts that scored. */
  readonly tierReasons: readonly string[];
  readonly selector: Readonly<Record<string, string>>;
  readonly availability: PlannedObjective;
  /** Absent when no latency objective can be set (no histogram, or p95 × 1.2 beyond every bucket). */
  readonly latency?: PlannedLatencyObjective;
  /** Other things the reader should know: a dropped label, a renamed service, no latency objective. */
  readonly notes: readonly string[];
  /**
   * What needs action before the SLOs go live: a target the service did not achieve, so its burn-rate
   * alerts fire from the start. Also listed in `notes`, which the SLO inventory keeps.
   */
  readonly warnings: readonly string[];
  /** What was observed, in one line, for comments. */
  readonly observedSummary: string;
}

/** A service without SLOs, and why. */
export interface SkippedService {
  readonly name: string;
  readonly namespace: string;
  readonly reasons: readonly string[];
}

/** The outcome for a whole inventory. */
export interface GenerationPlan {
  readonly services: readonly ServiceSloPlan[];
  readonly skipped: readonly SkippedService[];
}

/** Why a tier was chosen, in one phrase: the label, or the score, what scored and the thresholds. */
export function describeTierChoice(plan: Pick<ServiceSloPlan, 'tierScore' | 'tierReasons'>): string {
  if (plan.tierScore === undefined) return plan.tierReasons.join('; ');
  const facts = plan.tierReasons.filter((reason) => /\+\d+\b/.test(reason));
  const others = plan.tierReasons.filter((reason) => !facts.includes(reason));
  return [
    `score ${plan.tierScore}${facts.length > 0 ? ` from ${facts.join(', ')}` : ': nothing that scores'}`,
    ...others,
  ].join('; ') + ' (6+ critical, 4+ essential, 2+ standard, else best-effort)';
}

/** The outcome for one service before names are made unique across the inventory. */
export type ServicePlanOutcome =
  | { readonly kind: 'plan'; readonly plan: ServiceSloPlan }
  | { readonly kind: 'skip'; readonly skipped: SkippedService };

/**
 * Plans SLOs for every service of an inventory, in inventory order; SLO service names come out unique,
 * and which service gets which name does not depend on the order of the inventory:
 * - only services that get SLOs compete for a name: a skipped staging/checkout leaves shop/checkout its name;
 * - a service whose name no other such service has keeps it, always;
 * - services that share a name are named `<name>-<namespace>`; such an invented name never displaces a
 *   service's own name: when it is another service's own name, or two services invent the same name
 *   (`a-b` in `c` and `a` in `b-c`), those services are skipped with the reason, to be renamed by hand.
 */
export function planSloGeneration(inventory: ServiceInventory, options: GenerationOptions): GenerationPlan {
  const firstPass = inventory.services.map((service) => planService(service, options, false));
  const nameCounts = new Map<string, number>();
  inventory.services.forEach((service, index) => {
    if (firstPass[index].kind === 'plan') nameCounts.set(service.name, (nameCounts.get(service.name) ?? 0) + 1);
  });
  const shared = (service: DiscoveredService) => (nameCounts.get(service.name) ?? 0) > 1;
  const outcomes = inventory.services.map((service, index) => (shared(service) ? planService(service, options, true) : firstPass[index]));

  // Own names first, whatever the order; then who invented which name.
  const ownNames = new Map<string, string>();
  const invented = new Map<string, string[]>();
  inventory.services.forEach((service, index) => {
    const outcome = outcomes[index];
    if (outcome.kind !== 'plan') return;
    const who = `${service.namespace}/${service.name}`;
    if (!shared(service)) ownNames.set(outcome.plan.service, who);
    else invented.set(outcome.plan.service, [...(invented.get(outcome.plan.service) ?? []), who]);
  });

  const services: ServiceSloPlan[] = [];
  const skipped: SkippedService[] = [];
  for (const [index, service] of inventory.services.entries()) {
    const outcome = outcomes[index];
    if (outcome.kind === 'skip') {
      skipped.push(outcome.skipped);
      continue;
    }
    const name = outcome.plan.service;
    if (shared(service)) {
      const why = `its SLO service name would be "${name}" (services named "${service.name}" exist in several namespaces)`;
      const owner = ownNames.get(name);
      const others = (invented.get(name) ?? []).filter((who) => who !== `${service.namespace}/${service.name}`);
      const clash = owner !== undefined ? `, which is the name of ${owner}` : others.length > 0 ? `, as would ${others.join(', ')}'s` : undefined;
      if (clash !== undefined) {
        skipped.push({ name: service.name, namespace: service.namespace, reasons: [`${why}${clash}; rename one of them`] });
        continue;
      }
    }
    services.push(outcome.plan);
  }
  return { services, skipped };
}

/**
 * Plans one service. `nameShared` says another namespace has a service of the same name: the SLO service
 * name then carries the namespace, because `slo_service` (and the PrometheusRule names) must be unique.
 */
export function planService(service: DiscoveredService, options: GenerationOptions, nameShared = false): ServicePlanOutcome {
  const notes: string[] = [];
  const warnings: string[] = [];
  const checked = serviceChecks(service, options, nameShared, notes);
  if (checked.reasons.length > 0 || checked.achieved === undefined) {
    return { kind: 'skip', skipped: { name: service.name, namespace: service.namespace, reasons: checked.reasons } };
  }
  const { type, observed, achieved, lookback } = checked;

  const team = teamOf(service, notes);
  const { classification, tierReasons } = classify(service, type, observed, notes);
  const profile = TIER_PROFILES[classification.tier];
  const availability = planAvailability(profile.target, classification.tier, achieved, lookback, options.progressive);
  const unmet = unmetTargetWarning(availability.target, classification.tier, achieved, lookback);
  if (unmet) warnings.push(unmet);
  const latency = planLatency(observed.latency?.p95, profile.latencyTarget, classification.tier, options, notes);

  return {
    kind: 'plan',
    plan: {
      service: checked.sloService.name!,
      name: service.name,
      namespace: service.namespace,
      template: type.template!,
      templateReason: type.reason,
      ...(team !== undefined ? { team } : {}),
      tier: classification.tier,
      ...(classification.score !== undefined ? { tierScore: classification.score } : {}),
      tierReasons,
      selector: { ...service.selector },
      availability,
      ...(latency ? { latency } : {}),
      notes: [...notes, ...warnings],
      warnings,
      observedSummary: observedSummary(observed, lookback),
    },
  };
}

/** What decides whether a service gets SLOs: every reason to skip it, and what the plan is built from. */
function serviceChecks(service: DiscoveredService, options: GenerationOptions, nameShared: boolean, notes: string[]) {
  const reasons: string[] = [];
  const environment = nonProductionReason(service.namespace);
  if (environment) reasons.push(environment);
  const type = serviceTypeOf(service);
  if (type.nonHttp) reasons.push(type.reason);
  const sloService = sloServiceName(service, nameShared);
  if (sloService.error) reasons.push(sloService.error);
  if (sloService.note) notes.push(sloService.note);
  const selectorProblem = selectorReason(service.selector);
  if (selectorProblem) reasons.push(selectorProblem);

  const observed = service.observed;
  if (!observed) {
    reasons.push(`not measured: ${service.measurementError ?? 'the inventory has no measurements for it (discover measures only with --prometheus-url)'}`);
    return { reasons, type, sloService };
  }
  // The figures are over the span the data covers, which a young service has less of than the lookback.
  const lookback = lookbackText(observed.coveredSeconds ?? observed.lookbackSeconds);
  if (observed.averageQps < MIN_AVERAGE_QPS) {
    const perWindow = formatDecimal(roundSignificant(observed.averageQps * 300, 2));
    reasons.push(`average ${formatDecimal(roundSignificant(observed.averageQps, 3))} QPS over ${lookback} is under ${MIN_AVERAGE_QPS} QPS: `
      + `a 5-minute window holds about ${perWindow} requests, too few for burn-rate alerts`);
  }
  if (observed.errorRatio === undefined) {
    reasons.push('no error data: discovery found no failed-request count for it, so availability cannot be measured');
  }
  const achieved = observed.errorRatio === undefined ? undefined : roundSignificant(1 - observed.errorRatio);
  if (options.progressive && achieved !== undefined && progressiveStartTarget(achieved, 1) === undefined) {
    reasons.push(`achieved ${formatAchieved(achieved)} availability over ${lookback}, below ${formatPercent(lowestRung())} (the loosest tier target): `
      + 'fix the errors, or check that the error metric counts what you think, before it gets an SLO');
  }
  return { reasons, type, sloService, observed, lookback, achieved };
}

/** The service's tier from its labels and traffic, with the classifier's reasons. */
function classify(service: DiscoveredService, type: ReturnType<typeof serviceTypeOf>, observed: ObservedBehaviour, notes: string[]) {
  const characteristics: ServiceCharacteristicsData = {
    tierLabel: lookupLabel(service, ['tier'])?.value,
    revenueImpacting: flagLabel(service, ['revenue-impact'], notes),
    // A web service counts as customer-facing unless labelled otherwise, as WebServiceSlo assumes.
    customerFacing: flagLabel(service, ['customer-facing'], notes) ?? (type.template === 'web' ? true : undefined),
    averageQps: roundSignificant(observed.averageQps, 6),
    dataSensitivity: lookupLabel(service, ['data-sensitivity'])?.value,
  };
  const classification = classifyServiceTier(characteristics);
  // A web service counts as customer-facing by default; say so where it scored.
  const assumedCustomerFacing = type.template === 'web' && flagLabel(service, ['customer-facing'], []) === undefined;
  const tierReasons = classification.reasons.map((reason) => (assumedCustomerFacing && reason.startsWith('customer-facing')
    ? `${reason} (web services count as customer-facing unless labelled customer-facing=false)` : reason));
  return { classification, tierReasons };
}

/** What was measured, in one line: `12 QPS average (peak 40, periodic), 0.1% errors, p95 212ms over 7d`. */
function observedSummary(observed: ObservedBehaviour, lookback: string): string {
  return [
    `${formatDecimal(roundSignificant(observed.averageQps, 3))} QPS average (peak ${formatDecimal(roundSignificant(observed.peakQps, 3))}, ${observed.trafficPattern})`,
    `${formatPercent(roundSignificant(observed.errorRatio!, 3))} errors`,
    ...(observed.latency && Number.isFinite(observed.latency.p95) ? [`p95 ${formatSeconds(observed.latency.p95)}`] : []),
  ].join(', ') + ` over ${lookback}`;
}

/**
 * The progressive start: the strictest tier target that is no stricter than what was achieved, nor than
 * the goal. Undefined when the service achieved less than the loosest tier target.
 */
export function progressiveStartTarget(achieved: number, goal: number): number | undefined {
  const ceiling = Math.min(achieved, goal);
  // A tolerance for floating-point noise: 1 - 0.001 must count as 99.9%.
  return PROGRESSIVE_TARGET_LADDER.find((rung) => rung <= ceiling + 1e-12);
}

/** Why a service's namespace is not production, or undefined. */
export function nonProductionReason(namespace: string): string | undefined {
  const parts = namespace.toLowerCase().split(/[-_.]/);
  const word = NON_PRODUCTION_WORDS.find((w) => parts.includes(w));
  if (!word) return undefined;
  const which = namespace.toLowerCase() === word ? '' : ` (it contains "${word}")`;
  return `namespace "${namespace}" is not production${which}`;
}

const SERVICE_TYPES: Readonly<Record<string, GeneratedTemplate | NonHttpServiceType>> = {
  api: 'api',
  rest: 'api',
  http: 'api',
  backend: 'api',
  web: 'web',
  frontend: 'web',
  ui: 'web',
  website: 'web',
  webapp: 'web',
  batch: 'batch',
  job: 'batch',
  cronjob: 'batch',
  etl: 'batch',
  streaming: 'streaming',
  stream: 'streaming',
  consumer: 'streaming',
  database: 'database',
  db: 'database',
};

const NON_HTTP_ADVICE: Readonly<Record<NonHttpServiceType, string>> = {
  batch: 'write a BatchPipelineSlo by hand (run success and freshness from job_last_success_unixtime, or kube-state-metrics for a CronJob)',
  streaming: 'write a StreamingServiceSlo by hand (messages processed and failed, consumer lag)',
  database: 'write a DatabaseSlo by hand (db_client_operation_duration_seconds)',
};

/** The template for a service, or why none of the HTTP templates fits. */
export function serviceTypeOf(service: Pick<DiscoveredService, 'labels' | 'annotations'>): { template?: GeneratedTemplate; nonHttp?: NonHttpServiceType; reason: string } {
  const found = lookupLabel(service, ['service-type']);
  if (!found) {
    return { template: 'api', reason: 'api: no service-type label (HTTP API by default)' };
  }
  const type = SERVICE_TYPES[found.value.trim().toLowerCase()];
  const said = `${found.source} ${found.key}="${found.value}"`;
  if (type === undefined) {
    return { template: 'api', reason: `api: ${said} is not a known type (api, web, batch, streaming, database)` };
  }
  if (type === 'api' || type === 'web') {
    return { template: type, reason: `${type}: ${said}` };
  }
  return { nonHttp: type, reason: `${said}: a ${type} service; discovery measured HTTP requests, which do not describe it: ${NON_HTTP_ADVICE[type]}` };
}

/** A label (else annotation) value by key; the first key found wins. */
export function lookupLabel(
  service: Pick<DiscoveredService, 'labels' | 'annotations'>, keys: readonly string[],
): { key: string; value: string; source: 'label' | 'annotation' } | undefined {
  for (const [source, map] of [['label', service.labels], ['annotation', service.annotations]] as const) {
    for (const key of keys) {
      if (Object.prototype.hasOwnProperty.call(map, key) && map[key].trim() !== '') return { key, value: map[key], source };
    }
  }
  return undefined;
}

const TRUE_WORDS = ['true', 'yes', 'y', '1', 'high'];
const FALSE_WORDS = ['false', 'no', 'n', '0', 'low', 'none'];

function flagLabel(service: DiscoveredService, keys: readonly string[], notes: string[]): boolean | undefined {
  const found = lookupLabel(service, keys);
  if (!found) return undefined;
  const word = found.value.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  notes.push(`${found.source} ${found.key}="${found.value}" ignored: expected true or false`);
  return undefined;
}

function teamOf(service: DiscoveredService, notes: string[]): string | undefined {
  const found = lookupLabel(service, ['team']);
  if (!found) return undefined;
  const problems = validateLabelValue('team', found.value);
  if (problems.length > 0) {
    notes.push(`${found.source} ${found.key} not used as the team label: ${problems[0].message}`);
    return undefined;
  }
  return found.value;
}


function sloServiceName(service: DiscoveredService, nameShared: boolean): { name?: string; error?: string; note?: string } {
  const valid = (name: string) => isDnsLabel(name);
  if (!valid(service.name)) {
    return { error: `the name ${JSON.stringify(service.name)} is not a lowercase DNS label, which an SLO service name must be` };
  }
  if (!nameShared) return { name: service.name };
  const combined = `${service.name}-${service.namespace}`;
  if (!valid(combined)) {
    return { error: `the name "${service.name}" is used in several namespaces, and "${combined}" is not a DNS label of at most ${MAX_DNS_LABEL_LENGTH} characters` };
  }
  return { name: combined, note: `SLO service name "${combined}": services named "${service.name}" exist in several namespaces` };
}

function selectorReason(selector: Readonly<Record<string, string>>): string | undefined {
  const names = Object.keys(selector);
  if (names.length === 0) {
    return 'no selector: an SLO would count the requests of every service';
  }
  for (const name of names) {
    const issues = [
      ...validateLabelName(`selector.${name}`, name).filter((issue) => !/set by the generated rules/.test(issue.message)),
      ...validateLabelValue(`selector.${name}`, selector[name]),
    ];
    if (issues.length > 0) return `selector: ${issues[0].message}`;
  }
  return undefined;
}

function planAvailability(tierTarget: number, tier: TierName, achieved: number, lookback: string, progressive: boolean): PlannedObjective {
  if (!progressive) {
    return { target: tierTarget, reason: `${formatPercent(tierTarget)}, the ${tier} tier's availability target (achieved ${formatAchieved(achieved)} over ${lookback})` };
  }
  const start = progressiveStartTarget(achieved, tierTarget)!;
  if (start >= tierTarget) {
    return { target: tierTarget, reason: `${formatPercent(tierTarget)}, the ${tier} tier's target: already achieved (${formatAchieved(achieved)} over ${lookback})` };
  }
  return {
    target: start,
    goalTarget: tierTarget,
    reason: `starts at ${formatPercent(start)} (achieved ${formatAchieved(achieved)} over ${lookback}, rounded down to a tier target); goal ${formatPercent(tierTarget)}, the ${tier} tier's target`,
  };
}

function planLatency(
  p95: number | undefined, tierLatencyTarget: number, tier: TierName, options: GenerationOptions, notes: string[],
): PlannedLatencyObjective | undefined {
  if (p95 === undefined) {
    notes.push('no latency objective: discovery found no request-duration histogram');
    return undefined;
  }
  // A p95 of 0 means the histogram had no useful observations (every request in the lowest bucket, or
  // none at all): a threshold from it would be the smallest bucket by accident, not by measurement.
  if (!Number.isFinite(p95) || p95 <= 0) {
    notes.push(`no latency objective: the measured p95 is ${Number.isFinite(p95) ? formatSeconds(p95) : String(p95)}, `
      + 'so the request-duration histogram has no useful observations; set latencyThreshold by hand');
    return undefined;
  }
  const buckets = options.histogramBuckets ?? CLIENT_LIBRARY_DEFAULT_BUCKETS;
  const derived = thresholdFromObservedP95(p95, buckets);
  if (!derived) {
    notes.push(`no latency objective: p95 ${formatSeconds(p95)} × ${P95_HEADROOM} = ${formatSeconds(roundSignificant(p95 * P95_HEADROOM, 6))} is above the largest histogram bucket (${formatSeconds(Math.max(...buckets))})`);
    return undefined;
  }
  // At most 95% of requests are known to be as fast as the p95, so a stricter target would burn budget
  // from the first day; the templates apply the same ceiling to a p95-derived threshold.
  const target = Math.min(tierLatencyTarget, P95_DERIVED_LATENCY_TARGET_CEILING);
  const why = `p95 ${formatSeconds(p95)} × ${P95_HEADROOM} = ${formatSeconds(derived.exactSeconds)}, rounded up to the histogram bucket ${formatSeconds(derived.thresholdSeconds)}`;
  const ceiling = target < tierLatencyTarget;
  if (ceiling && options.progressive) {
    return {
      target,
      goalTarget: tierLatencyTarget,
      thresholdSeconds: derived.thresholdSeconds,
      reason: `${why}; starts at ${formatPercent(target)} (the p95 promises no more); goal ${formatPercent(tierLatencyTarget)}, the ${tier} tier's latency target`,
    };
  }
  return {
    target,
    thresholdSeconds: derived.thresholdSeconds,
    reason: `${why}; target ${formatPercent(target)}${ceiling ? ` (the p95 promises no more; the ${tier} tier's latency target is ${formatPercent(tierLatencyTarget)})` : ''}`,
  };
}

/**
 * A warning when the availability target is above what the service achieved: at the measured error
 * ratio the budget burns faster than it lasts, so the burn-rate alerts fire as soon as the rules load.
 * Names the fastest workbook alert that fires (30-day window) and what it does for the tier.
 */
export function unmetTargetWarning(target: number, tier: TierName, achieved: number, lookback: string): string | undefined {
  const errorRatio = 1 - achieved;
  const burnRate = roundSignificant(errorRatio / (1 - target), 3);
  if (achieved >= target || burnRate <= 1) return undefined;
  const index = SRE_WORKBOOK_WINDOW_PAIRS.findIndex((pair) => burnRate >= burnRateFactor(pair, DEFAULT_SLO_WINDOW_SECONDS));
  const pair = SRE_WORKBOOK_WINDOW_PAIRS[index];
  const urgency = TIER_PROFILES[tier].urgencies[index];
  const fires = `the ${windowPairName(pair)} burn-rate alert (${formatDecimal(burnRateFactor(pair, DEFAULT_SLO_WINDOW_SECONDS))}×, `
    + `${urgency === 'page' ? 'a page' : urgency === 'ticket' ? 'a ticket' : 'a notification'} for the ${tier} tier)`;
  return `achieved ${formatAchieved(achieved)} over ${lookback}, below the ${formatPercent(target)} target: `
    + `the error budget burns at ${formatDecimal(burnRate)}× its sustainable rate, so ${fires} fires at once; `
    + 'consider --progressive, which starts at what the service achieved';
}

/** An achieved ratio as a percentage, rounded down to 0.001% so it is never overstated: 99.876%. */
export function formatAchieved(ratio: number): string {
  return formatPercent(Math.floor(roundSignificant(ratio * 100_000)) / 100_000);
}

function lowestRung(): number {
  return PROGRESSIVE_TARGET_LADDER[PROGRESSIVE_TARGET_LADDER.length - 1];
}


/** A lookback for people: `7d`, or seconds when it is not whole. */
export function lookbackText(seconds: number): string {
  return Number.isInteger(seconds) && seconds > 0 ? formatPromDuration(seconds) : `${formatDecimal(seconds)}s`;
}
