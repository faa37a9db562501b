/**
 * The SLO inventory: what `cdk8s-slo generate --format inventory` writes and `SloCatalog.fromInventory`
 * turns into service templates. One entry per service with its template, tier, selector and objectives
 * (target, the goal to ratchet toward, the latency threshold), plus the skipped services and why. Plain
 * JSON that people review in pull requests; `apiVersion` changes when a field changes meaning.
 */
import { SERVICE_INVENTORY_KIND, ServiceInventory } from './service-inventory';
import {
  childPath, describeJsonValue, expectArray, expectDocumentType, expectObject, JsonFieldError, JsonObject, oneOf,
  optionalNumber, optionalString, parseJsonDocument, requiredNumber, requiredString, stringArray, stringMap,
} from './service-inventory-reader';
import { GeneratedTemplate, GenerationPlan } from './slo-generation';
import { isDnsLabel } from '../model/kubernetes-names';
import { TIER_NAMES, TierName } from '../model/service-tier';

export const SLO_INVENTORY_API_VERSION = 'cdk8s-slo.dev/v1alpha1';
export const SLO_INVENTORY_KIND = 'SloInventory';

/** The templates an inventory can name. */
export const SLO_INVENTORY_TEMPLATES: readonly GeneratedTemplate[] = ['api', 'web'];

/** One objective's numbers. */
export interface SloInventoryObjective {
  /** The target in effect, e.g. 0.995. */
  readonly target: number;
  /** The target to ratchet toward (`--progressive`), when stricter than `target`. */
  readonly goalTarget?: number;
  /** Why these numbers, for reviewers. */
  readonly reason?: string;
}

/** The latency objective's numbers. */
export interface SloInventoryLatencyObjective extends SloInventoryObjective {
  /** Requests up to this many seconds are fast enough; a histogram bucket bound. */
  readonly thresholdSeconds: number;
}

/** One service's SLOs. */
export interface SloInventoryService {
  /** The SLO service name (`slo_service`), a lowercase DNS label unique in the inventory. */
  readonly service: string;
  readonly template: GeneratedTemplate;
  /** The Kubernetes namespace the service runs in (for people; the selector does the selecting). */
  readonly namespace: string;
  readonly team?: string;
  readonly tier: TierName;
  /** The classifier's score; absent when a tier label decided. */
  readonly tierScore?: number;
  readonly tierReasons: readonly string[];
  /** Equality matchers that select the service's metrics. */
  readonly selector: Readonly<Record<string, string>>;
  /** The objectives; an absent one is not created. */
  readonly objectives: {
    readonly availability?: SloInventoryObjective;
    readonly latency?: SloInventoryLatencyObjective;
  };
  readonly notes?: readonly string[];
}

/** A discovered service that got no SLOs. */
export interface SloInventorySkipped {
  readonly name: string;
  readonly namespace: string;
  readonly reasons: readonly string[];
}

/** Where the numbers came from. */
export interface SloInventorySource {
  readonly measuredAt: string;
  readonly lookbackSeconds: number;
  readonly prometheusUrl?: string;
}

export interface SloInventory {
  readonly apiVersion: typeof SLO_INVENTORY_API_VERSION;
  readonly kind: typeof SLO_INVENTORY_KIND;
  readonly source?: SloInventorySource;
  /** Whether targets start below the tier's (`--progressive`); see each objective's goalTarget. */
  readonly progressive: boolean;
  readonly services: readonly SloInventoryService[];
  readonly skipped: readonly SloInventorySkipped[];
}

/** The SLO inventory of a generation plan. */
export function sloInventoryOf(plan: GenerationPlan, from: ServiceInventory, progressive: boolean): SloInventory {
  return {
    apiVersion: SLO_INVENTORY_API_VERSION,
    kind: SLO_INVENTORY_KIND,
    source: {
      measuredAt: from.measuredAt,
      lookbackSeconds: from.lookbackSeconds,
      ...(from.prometheusUrl !== undefined ? { prometheusUrl: from.prometheusUrl } : {}),
    },
    progressive,
    services: plan.services.map((service) => ({
      service: service.service,
      template: service.template,
      namespace: service.namespace,
      ...(service.team !== undefined ? { team: service.team } : {}),
      tier: service.tier,
      ...(service.tierScore !== undefined ? { tierScore: service.tierScore } : {}),
      tierReasons: [...service.tierReasons],
      selector: { ...service.selector },
      objectives: {
        availability: { ...service.availability },
        ...(service.latency ? { latency: { ...service.latency } } : {}),
      },
      ...(service.notes.length > 0 ? { notes: [...service.notes] } : {}),
    })),
    skipped: plan.skipped.map((s) => ({ name: s.name, namespace: s.namespace, reasons: [...s.reasons] })),
  };
}


/**
 * The construct id of a service's template (in SloCatalog and in generated apps): the SLO service name,
 * except for a key of Object.prototype such as `constructor`. The constructs library keeps children in a
 * plain object and asks `id in children`, so such an id counts as taken before any child exists. The
 * suffix holds "_", which no SLO service name (a DNS label) has, so the id clashes with no other service's.
 */
export function sloConstructId(service: string): string {
  return service in Object.prototype ? `${service}_service` : service;
}

/**
 * Reads an SLO inventory from JSON text, checking every field the catalog uses; errors name the JSON
 * path (`services[2].objectives.latency.thresholdSeconds`).
 */
export function readSloInventory(text: string): SloInventory {
  const document = expectObject(parseJsonDocument(text), '', 'a JSON object (an SloInventory written by `cdk8s-slo generate --format inventory`)');
  expectDocumentType(document, SLO_INVENTORY_API_VERSION, SLO_INVENTORY_KIND, {
    [SERVICE_INVENTORY_KIND]: 'this is the discovered-services inventory; turn it into an SLO inventory with `cdk8s-slo generate --format inventory` first',
  });
  const progressive = document.progressive === undefined ? false : document.progressive;
  if (typeof progressive !== 'boolean') throw new JsonFieldError('progressive', `expected true or false, got ${describeJsonValue(progressive)}`);
  const services = expectArray(document.services, 'services').map((item, index) => readService(item, childPath('services', index)));
  const seen = new Map<string, number>();
  services.forEach((service, index) => {
    const first = seen.get(service.service);
    if (first !== undefined) {
      throw new JsonFieldError(childPath(childPath('services', index), 'service'), `"${service.service}" is listed twice (also at services[${first}]); SLO service names must be unique`);
    }
    seen.set(service.service, index);
  });
  const skipped = document.skipped === undefined ? [] : expectArray(document.skipped, 'skipped').map((item, index) => {
    const path = childPath('skipped', index);
    const object = expectObject(item, path);
    return { name: requiredString(object, 'name', path), namespace: requiredString(object, 'namespace', path), reasons: stringArray(object, 'reasons', path) };
  });
  const source = document.source === undefined ? undefined : readSource(document.source);
  return {
    apiVersion: SLO_INVENTORY_API_VERSION,
    kind: SLO_INVENTORY_KIND,
    ...(source ? { source } : {}),
    progressive,
    services,
    skipped,
  };
}

function readSource(value: unknown): SloInventorySource {
  const object = expectObject(value, 'source');
  const prometheusUrl = optionalString(object, 'prometheusUrl', 'source');
  return {
    measuredAt: requiredString(object, 'measuredAt', 'source'),
    lookbackSeconds: requiredNumber(object, 'lookbackSeconds', 'source', { min: 0, exclusiveMin: true }),
    ...(prometheusUrl !== undefined ? { prometheusUrl } : {}),
  };
}

function readService(value: unknown, path: string): SloInventoryService {
  const object = expectObject(value, path, 'a service object');
  const service = requiredString(object, 'service', path);
  if (!isDnsLabel(service)) {
    throw new JsonFieldError(childPath(path, 'service'), `${describeJsonValue(service)} must be a lowercase DNS label (a-z, 0-9 and "-", at most 63 characters), e.g. "checkout"`);
  }
  const team = optionalString(object, 'team', path);
  const objectivesPath = childPath(path, 'objectives');
  const objectives = expectObject(object.objectives, objectivesPath, 'an object with availability and/or latency');
  const availability = objectives.availability === undefined ? undefined : readObjective(objectives.availability, childPath(objectivesPath, 'availability'));
  let latency: SloInventoryLatencyObjective | undefined;
  if (objectives.latency !== undefined) {
    const latencyPath = childPath(objectivesPath, 'latency');
    latency = {
      ...readObjective(objectives.latency, latencyPath),
      thresholdSeconds: requiredNumber(expectObject(objectives.latency, latencyPath), 'thresholdSeconds', latencyPath, { min: 0, exclusiveMin: true }),
    };
  }
  if (!availability && !latency) {
    throw new JsonFieldError(objectivesPath, 'names no objective; give availability, latency or both');
  }
  const notes = stringArray(object, 'notes', path);
  const tierScore = optionalNumber(object, 'tierScore', path);
  return {
    service,
    template: oneOf(object, 'template', path, SLO_INVENTORY_TEMPLATES),
    namespace: requiredString(object, 'namespace', path),
    ...(team !== undefined ? { team } : {}),
    tier: oneOf(object, 'tier', path, TIER_NAMES),
    ...(tierScore !== undefined ? { tierScore } : {}),
    tierReasons: stringArray(object, 'tierReasons', path),
    selector: stringMap(object, 'selector', path, true),
    objectives: { ...(availability ? { availability } : {}), ...(latency ? { latency } : {}) },
    ...(notes.length > 0 ? { notes } : {}),
  };
}

function readObjective(value: unknown, path: string): SloInventoryObjective {
  const object: JsonObject = expectObject(value, path, 'an objective object with a target');
  // Targets are ratios in (0, 1): 0.995, not 99.5.
  const target = requiredNumber(object, 'target', path, { min: 0, max: 1, exclusiveMin: true });
  if (target >= 1) throw new JsonFieldError(childPath(path, 'target'), `must be below 1 (a ratio such as 0.995; 1 leaves no error budget), got ${target}`);
  const goalTarget = optionalNumber(object, 'goalTarget', path, { min: 0, max: 1, exclusiveMin: true });
  if (goalTarget !== undefined && (goalTarget >= 1 || goalTarget < target)) {
    throw new JsonFieldError(childPath(path, 'goalTarget'), `must be at least the target (${target}) and below 1, got ${goalTarget}`);
  }
  const reason = optionalString(object, 'reason', path);
  return { target, ...(goalTarget !== undefined ? { goalTarget } : {}), ...(reason !== undefined ? { reason } : {}) };
}
