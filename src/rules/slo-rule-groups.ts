/**
 * Assembles an SLO's rules into two groups:
 * - the short-window group (every minute, or the definition's `shortWindowIntervalSeconds`): the 5-minute
 *   rates, the only rules reading raw metrics; the current burn rate; the hourly copies of the rates; the
 *   windows up to 6h; the alerts whose long window is at most 6h (pages);
 * - the long-window group (every 4 minutes): the hourly sums, windows over 6h up to the SLO window, a
 *   calendar SLO's events since the start of its period (period-rules.ts), objective and budget, the
 *   alerts with longer windows (tickets), next to the ratios they read, and the error-budget policy alerts.
 * Every generated expression is parsed before it is returned.
 */
import { burnRateAlerts } from './alert-rules';
import { budgetPolicyAlerts } from './budget-policy-rules';
import { budgetRules, currentBurnRateRule } from './budget-rules';
import { hourlyCopyRules, hourlySumRules, usesHourlyRollup } from './hourly-rollup';
import { LONG_WINDOW_GROUP_INTERVAL_SECONDS, SHORT_GROUP_MAX_WINDOW_SECONDS, shortWindowIntervalSeconds } from './intervals';
import { periodCopyRules, periodRules } from './period-rules';
import { RuleGroup } from './rule';
import { baseRateRules } from './sli-rules';
import { windowRatioRule } from './window-rules';
import { BASE_WINDOW_SECONDS } from '../model/alerting-policy';
import { formatPromDuration } from '../model/duration';
import { longWindowGroupName, shortWindowGroupName, SLO_NAME_LABEL, SLO_SERVICE_LABEL, STANDARD_WINDOWS_SECONDS } from '../model/naming';
import { SloDefinition } from '../model/slo-definition';
import { assertValidPromql } from '../promql/expression-checks';


/** Labels on every generated series: the SLO's identity first, then user labels sorted by name. */
export function seriesLabels(definition: SloDefinition): Record<string, string> {
  const labels: Record<string, string> = {
    [SLO_SERVICE_LABEL]: definition.service,
    [SLO_NAME_LABEL]: definition.name,
  };
  for (const key of Object.keys(definition.labels).sort()) {
    labels[key] = definition.labels[key];
  }
  return labels;
}

/** Every window whose error ratio is recorded (beyond 5m), ascending. */
export function recordedWindows(definition: SloDefinition): number[] {
  const sloWindow = definition.objective.windowSeconds;
  const windows = new Set<number>(STANDARD_WINDOWS_SECONDS.filter((w) => w <= sloWindow));
  windows.add(sloWindow);
  if (definition.alerting.enabled) {
    for (const pair of definition.alerting.pairs) {
      windows.add(pair.longSeconds);
      windows.add(pair.shortSeconds);
    }
  }
  if (definition.budgetPolicy?.forecast) {
    windows.add(definition.budgetPolicy.forecast.lookbackSeconds);
  }
  windows.delete(BASE_WINDOW_SECONDS);
  return [...windows].sort((a, b) => a - b);
}

/** The rule groups of one SLO. The definition must be valid (see validateSloDefinition). */
export function generateSloRuleGroups(definition: SloDefinition): RuleGroup[] {
  const labels = seriesLabels(definition);
  const windows = recordedWindows(definition);
  const shortWindows = windows.filter((w) => w <= SHORT_GROUP_MAX_WINDOW_SECONDS);
  const longWindows = windows.filter((w) => w > SHORT_GROUP_MAX_WINDOW_SECONDS);
  const alerts = burnRateAlerts(definition, labels, shortWindowIntervalSeconds(definition));
  const inShortGroup = (longSeconds: number) => longSeconds <= SHORT_GROUP_MAX_WINDOW_SECONDS;
  const rollups = windows.some(usesHourlyRollup);
  const calendar = definition.objective.calendar !== undefined;

  const groups: RuleGroup[] = [
    {
      name: shortWindowGroupName(definition.service, definition.name),
      interval: formatPromDuration(shortWindowIntervalSeconds(definition)),
      rules: [
        ...baseRateRules(definition, labels),
        currentBurnRateRule(definition, labels),
        ...(rollups ? hourlyCopyRules(definition, labels) : []),
        ...(calendar ? periodCopyRules(definition, labels) : []),
        ...shortWindows.map((w) => windowRatioRule(definition, w, labels)),
        ...alerts.filter((a) => inShortGroup(a.pair.longSeconds)).map((a) => a.rule),
      ],
    },
    {
      name: longWindowGroupName(definition.service, definition.name),
      interval: formatPromDuration(LONG_WINDOW_GROUP_INTERVAL_SECONDS),
      rules: [
        ...(rollups ? hourlySumRules(definition, labels) : []),
        ...longWindows.map((w) => windowRatioRule(definition, w, labels)),
        ...(calendar ? periodRules(definition, labels) : []),
        ...budgetRules(definition, labels),
        ...alerts.filter((a) => !inShortGroup(a.pair.longSeconds)).map((a) => a.rule),
        ...budgetPolicyAlerts(definition, labels),
      ],
    },
  ];
  for (const group of groups) {
    for (const rule of group.rules) {
      assertValidPromql(rule.expr, `the generated rule ${'record' in rule ? rule.record : rule.alert} of ${group.name}`, 'vector-or-scalar');
    }
  }
  return groups;
}
