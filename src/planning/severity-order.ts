/**
 * Alert severities by urgency. Severity is data (any label value is allowed), so unknown severities are
 * kept, after the well-known ones, in name order.
 */

/** The well-known severities, most urgent first. */
export const SEVERITY_URGENCY: readonly string[] = ['critical', 'warning', 'info'];

/** Orders two severities: more urgent first, then unknown ones by name. */
export function compareSeverities(a: string, b: string): number {
  const rank = (severity: string) => {
    const index = SEVERITY_URGENCY.indexOf(severity);
    return index === -1 ? SEVERITY_URGENCY.length : index;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Each severity once, most urgent first: `['warning', 'page', 'critical', 'warning']` → `['critical', 'warning', 'page']`. */
export function uniqueSeveritiesByUrgency(severities: Iterable<string>): string[] {
  return [...new Set(severities)].sort(compareSeverities);
}
