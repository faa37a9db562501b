/**
 * Dashboard uids: Grafana identifies a dashboard by its uid (at most 40 characters; grafana-operator
 * also requires letters, digits, `-` and `_`). Generated uids are stable: they depend only on the
 * service, never on construct paths or order, so a dashboard keeps its URL across refactorings.
 */
import { createHash } from 'crypto';

export const MAX_UID_LENGTH = 40;
const UID_PATTERN = /^[a-zA-Z0-9_-]+$/;

/** The uid of the overview; a service uid always has `slo-` and never `slos-`, so they cannot clash. */
export const OVERVIEW_UID = 'slos-overview';

/**
 * The uid of a service's dashboard: `slo-<service>`, or when that is longer than 40 characters the
 * first 31 characters and 8 hex digits of the SHA-256 of the service, still unique and stable.
 */
export function serviceDashboardUid(service: string): string {
  const plain = `slo-${service}`;
  if (plain.length <= MAX_UID_LENGTH) {
    return plain;
  }
  const digest = createHash('sha256').update(service).digest('hex').slice(0, 8);
  const prefix = plain.slice(0, MAX_UID_LENGTH - digest.length - 1).replace(/-+$/, '');
  return `${prefix}-${digest}`;
}

/** What is wrong with a uid, or undefined when Grafana and grafana-operator accept it. */
export function uidProblem(uid: string): string | undefined {
  if (typeof uid !== 'string' || uid.length === 0) {
    return 'must not be empty';
  }
  if (uid.length > MAX_UID_LENGTH) {
    return `"${uid}" has ${uid.length} characters; Grafana allows at most ${MAX_UID_LENGTH}`;
  }
  if (!UID_PATTERN.test(uid)) {
    return `"${JSON.stringify(uid).slice(1, -1)}" may only hold letters, digits, "-" and "_"`;
  }
  return undefined;
}
