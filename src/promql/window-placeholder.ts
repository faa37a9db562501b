/**
 * Raw queries (the `query` indicator kind, Sloth's events, the batch templates) mark where the range of
 * their range vectors goes with Sloth's placeholder; the library fills it in per window.
 */

/** The placeholder for the range of a raw query's range vectors. */
export const WINDOW_PLACEHOLDER = '{{.window}}';

/** The query with every placeholder replaced by `window` (a Prometheus duration such as `5m`). */
export function fillWindow(query: string, window: string): string {
  return query.split(WINDOW_PLACEHOLDER).join(window);
}
