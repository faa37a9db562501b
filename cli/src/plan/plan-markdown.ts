/**
 * The plan as Markdown for a pull-request comment: a summary line, a table of SLO changes with target
 * changes called out, and collapsible sections for rule groups, alerts and objects. Every name from the
 * manifests is escaped, so a label value cannot inject Markdown or HTML into the comment.
 */
import { alertName, ChangeKind, countsText, PlanDiff, SloDiff } from './plan-diff';
import { labelText, RuleRef } from './plan-snapshot';

/** Lists longer than this go into a collapsed <details> block. */
const INLINE_LIMIT = 10;

export interface PlanHeader {
  /** What the plan compares against, e.g. "git ref main", "directory old-dist", "cluster https://…". */
  readonly base: string;
  /** The current manifests, e.g. "dist". */
  readonly current: string;
}

export function planMarkdown(plan: PlanDiff, header: PlanHeader): string {
  const lines: string[] = ['### cdk8s-slo plan', ''];
  lines.push(`${escapeMarkdown(header.current)} compared with ${escapeMarkdown(header.base)}`, '');
  if (!plan.summary.hasChanges) {
    lines.push('**No changes.** The SLOs, rules and objects are the same.', '');
    return lines.join('\n');
  }
  lines.push(`**${summaryText(plan)}**`, '');
  lines.push(
    ...targetCallout(plan),
    ...sloTable(plan),
    ...alertList(plan),
    ...indicatorDiffs(plan),
    ...ruleGroupSections(plan),
    ...objectTable(plan),
  );
  return lines.join('\n');
}

/** Target changes, called out first: they move error budgets and alert thresholds. */
function targetCallout(plan: PlanDiff): string[] {
  const targets = plan.slos.filter((s) => s.target?.change && s.target.change.direction !== 'unchanged');
  if (targets.length === 0) return [];
  return [
    '> [!IMPORTANT]', '> Target changes move error budgets and alert thresholds:',
    ...targets.map((slo) => `> - ${sloName(slo)}: ${escapeMarkdown(slo.target!.change!.text)}`),
    '',
  ];
}

/** One row per SLO added, removed or changed, with its notes. */
function sloTable(plan: PlanDiff): string[] {
  if (plan.slos.length === 0) return [];
  const table = ['| SLO | Change | Details |', '| --- | --- | --- |'];
  for (const slo of plan.slos) table.push(`| ${sloName(slo)} | ${changeText(slo.change)} | ${slo.notes.map(escapeMarkdown).join('<br>')} |`);
  return collapsible(`SLOs: ${countsText(plan.summary.slos)}`, table, plan.slos.length > INLINE_LIMIT * 3);
}

/** Every alert of an SLO added, removed or changed. */
function alertList(plan: PlanDiff): string[] {
  const alertLines = plan.slos.flatMap((slo) => [
    ...slo.alerts.added.map((a) => `- ➕ ${sloName(slo)} ${ruleName(a)}`),
    ...slo.alerts.removed.map((a) => `- ➖ ${sloName(slo)} ${ruleName(a)}`),
    ...slo.alerts.changed.map((a) => `- ✏️ ${sloName(slo)} ${ruleName(a.alert)}: ${escapeMarkdown([...a.notes, ...a.fields.filter((f) => f !== 'severity' && f !== 'for')].join(', '))}`),
  ]);
  if (alertLines.length === 0) return [];
  return collapsible(`Alerts of SLOs: ${alertLines.length} changes`, alertLines, alertLines.length > INLINE_LIMIT);
}

/** The changed indicator queries, as diffs. */
function indicatorDiffs(plan: PlanDiff): string[] {
  const indicators = plan.slos.filter((s) => s.indicator.length > 0);
  if (indicators.length === 0) return [];
  const body: string[] = [];
  for (const slo of indicators) {
    for (const change of slo.indicator) {
      body.push(`${sloName(slo)} ${code(change.series)}`, '', ...diffBlock(change.before, change.after), '');
    }
  }
  return collapsible('Indicator queries', body, true);
}

/** The rule groups changed, then every rule change in them. */
function ruleGroupSections(plan: PlanDiff): string[] {
  if (plan.ruleGroups.length === 0) return [];
  const table = ['| Rule group | PrometheusRule | Change | Rules |', '| --- | --- | --- | --- |'];
  for (const group of plan.ruleGroups) {
    const parts = [
      countsText({ added: group.rules.added.length, removed: group.rules.removed.length, changed: group.rules.changed.length }),
      group.interval ? `interval ${group.interval.before ?? '(default)'} → ${group.interval.after ?? '(default)'}` : '',
    ].filter(Boolean).join(', ');
    table.push(`| ${escapeMarkdown(group.name)} | ${escapeMarkdown(group.object)} | ${changeText(group.change)} | ${escapeMarkdown(parts || 'moved')} |`);
  }
  const ruleLines = plan.ruleGroups.flatMap((group) => [
    ...group.rules.added.map((r) => `- ➕ ${escapeMarkdown(group.name)}: ${ruleName(r)}`),
    ...group.rules.removed.map((r) => `- ➖ ${escapeMarkdown(group.name)}: ${ruleName(r)}`),
    ...group.rules.changed.map((r) => `- ✏️ ${escapeMarkdown(group.name)}: ${ruleName(r.rule)} (${escapeMarkdown(r.fields.join(', '))})`),
  ]);
  return [
    ...collapsible(`Rule groups: ${countsText(plan.summary.ruleGroups)}; rules: ${countsText(plan.summary.rules)}`, table, plan.ruleGroups.length > INLINE_LIMIT || plan.slos.length > 0),
    ...collapsible(`Every rule change (${ruleLines.length})`, ruleLines, true),
  ];
}

/** The Kubernetes objects added, removed or changed. */
function objectTable(plan: PlanDiff): string[] {
  if (plan.objects.length === 0) return [];
  const table = ['| Kind | Object | Change |', '| --- | --- | --- |'];
  for (const object of plan.objects) {
    table.push(`| ${escapeMarkdown(object.kind)} | ${escapeMarkdown(object.namespace ? `${object.namespace}/${object.name}` : object.name)} | ${changeText(object.change)} |`);
  }
  return collapsible(`Kubernetes objects: ${countsText(plan.summary.objects)}`, table, true);
}

/** `1 SLO added, 1 removed, 1 changed (1 target change) · 4 rule groups · 30 rules · 8 alerts` */
export function summaryText(plan: PlanDiff): string {
  const s = plan.summary;
  const parts: string[] = [];
  const slos = countsText(s.slos);
  if (slos) parts.push(`SLOs: ${slos}${s.targetChanges ? ` (${s.targetChanges} target change${s.targetChanges === 1 ? '' : 's'})` : ''}`);
  if (countsText(s.ruleGroups)) parts.push(`rule groups: ${countsText(s.ruleGroups)}`);
  if (countsText(s.rules)) parts.push(`rules: ${countsText(s.rules)}`);
  if (countsText(s.alerts)) parts.push(`alerts: ${countsText(s.alerts)}`);
  if (countsText(s.objects)) parts.push(`objects: ${countsText(s.objects)}`);
  return parts.length > 0 ? parts.join(' · ') : 'no changes';
}

function collapsible(summary: string, body: string[], collapse: boolean): string[] {
  if (!collapse) return [`#### ${escapeMarkdown(summary)}`, '', ...body, ''];
  return ['<details>', `<summary>${escapeHtml(summary)}</summary>`, '', ...body, '', '</details>', ''];
}

function changeText(change: ChangeKind): string {
  return change === 'added' ? '➕ added' : change === 'removed' ? '➖ removed' : '✏️ changed';
}

function sloName(slo: SloDiff): string {
  return `**${escapeMarkdown(`${slo.service}/${slo.name}`)}**`;
}

function ruleName(rule: RuleRef): string {
  if (rule.type === 'alert' && rule.labels.long_window) return escapeMarkdown(`alert ${alertName(rule)} (${rule.labels.severity ?? 'no severity'})`);
  return escapeMarkdown(`${rule.type === 'alert' ? 'alert' : 'record'} ${rule.name}${labelText(rule.labels)}`);
}

/** A diff block; the fence is longer than any run of backticks inside, so the text cannot close it. */
function diffBlock(before: string | undefined, after: string | undefined): string[] {
  const text = [
    ...(before !== undefined ? before.split('\n').map((l) => `- ${l}`) : []),
    ...(after !== undefined ? after.split('\n').map((l) => `+ ${l}`) : []),
  ];
  const longest = Math.max(2, ...[...(before ?? '').matchAll(/`+/g), ...(after ?? '').matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}diff`, ...text, fence];
}

function code(text: string): string {
  return `<code>${escapeHtml(text)}</code>`;
}

/** Text safe in Markdown and in table cells: HTML is escaped, Markdown punctuation backslashed, lines joined. */
export function escapeMarkdown(text: string): string {
  return escapeHtml(text.replace(/\s*[\r\n]+\s*/g, ' '), false).replace(/([\\`*_[\]|~])/g, '\\$1');
}

/** Escapes HTML; quotes too where the text may land in an attribute. */
export function escapeHtml(text: string, quotes = true): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return quotes ? escaped.replace(/"/g, '&quot;') : escaped;
}
