/**
 * Sloth (github.com/slok/sloth): SLO definitions as `PrometheusServiceLevel` specs (sloth.slok.dev/v1),
 * and Sloth's `prometheus/v1` specs (or those custom resources) back to definitions.
 *
 * Sloth reads raw `events` queries with a `{{.window}}` placeholder, so every indicator kind maps
 * (see event-queries.ts); a precomputed ratio is Sloth's raw `errorRatioQuery`. The import is
 * sloth-import.ts. What Sloth decides itself:
 * - the SLO period is the operator's (`--default-slo-period`, 30d by default), not the object's: an SLO
 *   with another window is an error, and so is a calendar window (Sloth's period is rolling);
 * - the burn-rate windows are its own: Google's table, which is the SRE workbook's (1h/5m and 6h/30m
 *   page, 1d/2h and 3d/6h ticket); the page alert covers the first two pairs and the ticket alert the
 *   last two, each with one set of labels;
 * - `for`, minimum events and the error-budget policy have no Sloth field (reported as approximations).
 */
import { BUDGET_POLICY_ANNOTATION, budgetPolicyAnnotation, stableJson } from './annotations';
import { eventQueries } from './event-queries';
import { ExportResult } from './openslo';
import { queryGrouping } from './sloth-queries';
import type {
  PrometheusServiceLevelSpecSlos, PrometheusServiceLevelSpecSlosAlerting, PrometheusServiceLevelSpecSlosSli,
} from '../imports/sloth.slok.dev';
import { BurnRateWindowPair, sameWindowPair, SRE_WORKBOOK_WINDOW_PAIRS, windowPairName } from '../model/burn-rate';
import { describeCalendarPeriod } from '../model/calendar-period';
import { formatDecimal } from '../model/decimal';
import { formatPromDuration } from '../model/duration';
import { Indicator } from '../model/indicator';
import { SLO_NAME_LABEL, SLO_SERVICE_LABEL } from '../model/naming';
import { SloDefinition } from '../model/slo-definition';
import { error, ValidationIssue, warning } from '../model/validation-issue';
import { WINDOW_PLACEHOLDER } from '../promql/window-placeholder';

export const SLOTH_API_VERSION = 'sloth.slok.dev/v1';
export const SLOTH_SPEC_VERSION = 'prometheus/v1';

/** Sloth's page alert: the two fast pairs of Google's table. */
const PAGE_PAIRS = SRE_WORKBOOK_WINDOW_PAIRS.slice(0, 2);
/** Sloth's ticket alert: the two slow pairs. */
const TICKET_PAIRS = SRE_WORKBOOK_WINDOW_PAIRS.slice(2, 4);

export interface SlothExportOptions {
  /** The SLO period the Sloth operator runs with, in seconds. */
  readonly periodSeconds: number;
}

/** One SLO of a PrometheusServiceLevel. */
export function toSlothSlo(definition: SloDefinition, options: SlothExportOptions): ExportResult<PrometheusServiceLevelSpecSlos> {
  const calendar = definition.objective.calendar;
  if (calendar !== undefined) {
    return { documents: [], issues: [error('calendarWindow', `${definition.service}/${definition.name} has a calendar window (${describeCalendarPeriod(calendar)}), and Sloth has no calendar windows: its SLO period is rolling, so the budget would never be full again at the start of a ${calendar.unit}. Export this SLO as OpenSLO, or give it a rolling \`window\` for Sloth`)] };
  }
  const issues: ValidationIssue[] = [];
  if (definition.objective.windowSeconds !== options.periodSeconds) {
    issues.push(error('window', `Sloth uses its operator's SLO period (${formatPromDuration(options.periodSeconds)}), not a window per SLO; this SLO's window is ${formatPromDuration(definition.objective.windowSeconds)}. Use the period, or pass the operator's period to SloDocumentFormat.sloth({ period })`));
  }
  if (issues.length > 0) return { documents: [], issues };

  const slo: PrometheusServiceLevelSpecSlos = {
    name: definition.name,
    objective: Number(formatDecimal(definition.objective.target * 100)),
    ...(definition.description !== undefined ? { description: definition.description } : {}),
    ...(Object.keys(definition.labels).length > 0 ? { labels: { ...definition.labels } } : {}),
    sli: slothSli(definition.indicator),
    alerting: slothAlerting(definition, issues),
  };
  if (definition.budgetPolicy) {
    issues.push(warning('budgetPolicy', `Sloth has no error-budget policy: it is kept in the ${BUDGET_POLICY_ANNOTATION} annotation, and only the SLO's own PrometheusRule alerts on it`));
  }
  return { documents: [slo], issues };
}

/**
 * Sloth's SLI: events queries with its window placeholder, or for a precomputed ratio Sloth's own raw
 * `errorRatioQuery` (which Sloth averages over time, as the averaged-error-ratio kind does).
 */
function slothSli(indicator: Indicator): PrometheusServiceLevelSpecSlosSli {
  if (indicator.kind === 'averagedErrorRatio' && queryGrouping(indicator.errorRatioQuery).join() === indicator.grouping.join()) {
    return { raw: { errorRatioQuery: indicator.errorRatioQuery } };
  }
  const queries = eventQueries(indicator, WINDOW_PLACEHOLDER);
  return { events: { errorQuery: queries.errors, totalQuery: queries.total } };
}

function slothAlerting(definition: SloDefinition, issues: ValidationIssue[]): PrometheusServiceLevelSpecSlosAlerting {
  const policy = definition.alerting;
  const annotations: Record<string, string> = {
    ...(policy.summary !== undefined ? { summary: policy.summary } : {}),
    ...(policy.description !== undefined ? { description: policy.description } : {}),
    ...(policy.runbookUrl !== undefined ? { runbook_url: policy.runbookUrl } : {}),
    ...(policy.dashboardUrl !== undefined ? { dashboard_url: policy.dashboardUrl } : {}),
    ...policy.annotations,
  };
  const base = {
    name: policy.alertName,
    // The SLO's identity on Sloth's alerts too, so that routing and inhibition on slo_service/slo_name
    // work for both generators. (Not on its recording rules: their names overlap with ours.)
    labels: { ...policy.labels, [SLO_SERVICE_LABEL]: definition.service, [SLO_NAME_LABEL]: definition.name },
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
  if (!policy.enabled) {
    return { ...base, pageAlert: { disable: true }, ticketAlert: { disable: true } };
  }
  if (policy.pairs.some((pair) => pair.forSeconds)) {
    issues.push(warning('alerting.windows', 'Sloth\'s alerts have no "for": the window pairs\' own "for" is left out'));
  }
  if (policy.forSeconds) {
    issues.push(warning('alerting.for', `Sloth's alerts have no "for": they fire on the first evaluation, not after ${formatPromDuration(policy.forSeconds)}`));
  }
  if (policy.minimumEvents !== undefined) {
    issues.push(warning('alerting.minimumEvents', 'Sloth has no minimum-traffic guard: its alerts fire on low traffic too'));
  }
  const matching = (pairs: readonly BurnRateWindowPair[]) => policy.pairs.filter((pair) => pairs.some((p) => sameWindowPair(p, pair)));
  policy.pairs.forEach((pair, index) => {
    if (![...PAGE_PAIRS, ...TICKET_PAIRS].some((p) => sameWindowPair(p, pair))) {
      issues.push(warning(`alerting.windows[${index}]`, `Sloth alerts on Google's windows only (1h/5m 2%, 6h/30m 5%, 1d/2h 10%, 3d/6h 10% of the budget); the pair ${windowPairName(pair)} (${formatDecimal(pair.budgetConsumed * 100)}%) is left out`));
    }
  });
  return {
    ...base,
    pageAlert: slothAlert('page', matching(PAGE_PAIRS), PAGE_PAIRS, issues),
    ticketAlert: slothAlert('ticket', matching(TICKET_PAIRS), TICKET_PAIRS, issues),
  };
}

function slothAlert(which: string, present: BurnRateWindowPair[], all: readonly BurnRateWindowPair[], issues: ValidationIssue[]) {
  if (present.length === 0) return { disable: true };
  const names = all.map(windowPairName).join(' and ');
  if (present.length < all.length) {
    issues.push(warning('alerting.disabledWindows', `Sloth's ${which} alert covers ${names} together: with ${windowPairName(present[0])} kept, it alerts on both`));
  }
  const [first, ...others] = present;
  const labelsOf = (pair: BurnRateWindowPair) => ({ severity: pair.severity, ...(pair.labels ?? {}) });
  for (const other of others) {
    if (stableJson(labelsOf(other)) !== stableJson(labelsOf(first))) {
      issues.push(warning('alerting.windows', `Sloth's ${which} alert covers ${names} with one set of labels: used those of ${windowPairName(first)} (${stableJson(labelsOf(first))}), not ${stableJson(labelsOf(other))}`));
    }
  }
  return { labels: labelsOf(first) };
}


/** The budget-policy annotation of a PrometheusServiceLevel: the policies of its SLOs by SLO name. */
export function slothBudgetPolicies(definitions: readonly SloDefinition[]): Record<string, string> {
  const policies = Object.fromEntries(definitions.filter((d) => d.budgetPolicy)
    .map((d) => [d.name, JSON.parse(budgetPolicyAnnotation(d.budgetPolicy!))]));
  return Object.keys(policies).length > 0 ? { [BUDGET_POLICY_ANNOTATION]: stableJson(policies) } : {};
}
