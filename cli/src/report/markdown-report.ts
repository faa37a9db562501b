/**
 * The report as Markdown, for people and pull-request comments (GitHub-flavoured tables). Every label
 * value is escaped; the chart is a one-line sparkline of the budget remaining.
 */
import { BudgetPoint } from 'cdk8s-slo/lib/planning/budget-accounting';
import {
  describePeriod, describeSource, describeStatus, escapeMarkdown, formatAvailability, formatDuration, formatEvents, formatObjective,
  formatRange, formatShare, formatTime,
} from './report-format';
import { alertWindows, FiredAlert, Report, SloReport } from './slo-report';

/** Episodes listed per alert; the rest are counted. */
const EPISODES_SHOWN = 10;
const SPARKLINE_WIDTH = 48;
const BLOCKS = '▁▂▃▄▅▆▇█';

export function markdownReport(report: Report): string {
  const lines: string[] = [];
  const scope = report.service === undefined ? 'all services' : escapeMarkdown(report.service);
  lines.push(`# SLO report: ${scope}, ${escapeMarkdown(report.period.label)}`, '');
  lines.push(`- Period: ${escapeMarkdown(describePeriod(report.period))}`);
  lines.push(`- Prometheus: ${escapeMarkdown(report.prometheusUrl)}`);
  lines.push(`- Generated: ${formatTime(report.generatedAt)}`);
  for (const warning of report.warnings ?? []) lines.push(`- **Partial data**: Prometheus answered with a warning: ${escapeMarkdown(warning)}`);
  lines.push('');

  lines.push('| Service | SLO | Objective | Availability | Budget consumed | Alerts fired | Data coverage |');
  lines.push('|---|---|--:|--:|--:|--:|--:|');
  for (const slo of report.slos) {
    const a = slo.account;
    const measured = slo.status === 'ok' && a?.availability !== undefined;
    lines.push(`| ${escapeMarkdown(slo.service)} | ${escapeMarkdown(slo.slo)} | ${slo.objective !== undefined && slo.status !== 'bad-objective' ? formatObjective(slo.objective) : '—'} `
      + `| ${measured ? formatAvailability(a!.availability!, slo.objective) : statusWord(slo)} `
      + `| ${measured && a!.consumed !== undefined ? consumedText(a!.consumed) : '—'} `
      + `| ${slo.alerts.reduce((n, alert) => n + alert.episodes.length, 0)} `
      + `| ${a && slo.status !== 'no-data' ? formatShare(a.coverage) : 'none'} |`);
  }
  lines.push('');
  for (const slo of report.slos) lines.push(...sloSection(report, slo));
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function sloSection(report: Report, slo: SloReport): string[] {
  const lines = [`## ${escapeMarkdown(slo.service)} / ${escapeMarkdown(slo.slo)}`, ''];
  const status = describeStatus(slo);
  if (status) lines.push(`**${status}**`, '');
  const a = slo.account;
  if (slo.objective !== undefined && slo.status !== 'bad-objective') {
    const changed = slo.objectives.length > 1 ? ` (changed during the period: ${slo.objectives.map(formatObjective).join(' → ')})` : '';
    lines.push(`- Objective: ${formatObjective(slo.objective)}${changed}`);
  }
  if (slo.period) lines.push(`- Period: ${escapeMarkdown(describePeriod(slo.period))}, the SLO's own calendar period`);
  const source = describeSource(slo);
  if (source) lines.push(`- Totals from: ${escapeMarkdown(source)}`);
  if (a && slo.status === 'ok') {
    lines.push(`- Events: ${formatEvents(a.totalEvents)} total, ${formatEvents(a.errorEvents)} bad`);
    lines.push(`- Availability: **${formatAvailability(a.availability!, slo.objective)}**${a.availability! >= slo.objective! ? ' (meets the objective)' : ' (below the objective)'}`);
    lines.push(`- Error budget: ${formatEvents(a.budgetEvents)} bad events; consumed **${consumedText(a.consumed!)}**, ${a.remaining! >= 0 ? `${formatShare(a.remaining!)} remaining` : `overspent by ${formatShare(-a.remaining!)}`}`);
    lines.push(`- Budget remaining over time: \`${sparkline(a.remainingOverTime)}\` 100% → ${formatShare(a.remaining!)}`);
  }
  if (a && slo.status !== 'no-data') {
    lines.push(`- Data: ${formatShare(a.coverage)} of the period covered by samples${a.invalidSteps ? `; ${a.invalidSteps} step(s) with NaN or infinite values left out` : ''}`);
    if (a.gaps.length) {
      const shown = a.gaps.slice(0, 5).map((gap) => `${formatRange(gap)} (${formatDuration(gap.end - gap.start)})`);
      lines.push(`- Gaps without data: ${shown.join('; ')}${a.gaps.length > 5 ? `; and ${a.gaps.length - 5} more` : ''}`);
    }
  }
  lines.push('');
  if (slo.worstPeriods.length) {
    const unit = report.period.bucketSeconds >= 86_400 ? 'days' : 'hours';
    lines.push(`### Worst ${unit}`, '');
    lines.push(`| ${unit === 'days' ? 'Day' : 'Hour'} | Bad events | Availability | Share of the budget |`, '|---|--:|--:|--:|');
    for (const w of slo.worstPeriods) {
      lines.push(`| ${formatRange(w)} | ${formatEvents(w.errorEvents)} | ${w.availability !== undefined ? formatAvailability(w.availability, slo.objective) : '—'} | ${w.budgetShare !== undefined ? formatShare(w.budgetShare) : '—'} |`);
    }
    lines.push('');
  }
  lines.push(...alertsSection(slo.alerts));
  return lines;
}

function alertsSection(alerts: readonly FiredAlert[]): string[] {
  if (alerts.length === 0) return ['No alerts fired.', ''];
  const lines = ['### Alerts fired', '', '| Alert | Severity | Windows | Episodes | Firing for | Episodes (start, duration) |', '|---|---|---|--:|--:|---|'];
  for (const alert of alerts) {
    const name = [alert.alertname, ...alert.distinguishing.map(([k, v]) => `${k}=${v}`)].join(' ');
    const episodes = alert.episodes.slice(0, EPISODES_SHOWN)
      .map((e) => `${formatTime(e.start)}, ${formatDuration(e.end - e.start)}${e.ongoing ? ' (still firing)' : ''}`);
    if (alert.episodes.length > EPISODES_SHOWN) episodes.push(`and ${alert.episodes.length - EPISODES_SHOWN} more`);
    lines.push(`| ${escapeMarkdown(name)} | ${escapeMarkdown(alert.severity ?? '—')} | ${escapeMarkdown(alertWindows(alert) ?? '—')} `
      + `| ${alert.episodes.length} | ${formatDuration(alert.firingSeconds)} | ${episodes.join('<br>')} |`);
  }
  lines.push('');
  return lines;
}

function statusWord(slo: SloReport): string {
  return { 'ok': 'ok', 'no-traffic': 'no traffic', 'no-data': 'no data', 'bad-objective': 'bad objective' }[slo.status];
}

function consumedText(consumed: number): string {
  return consumed > 1 ? `${formatShare(consumed)} (overspent)` : formatShare(consumed);
}

/** The budget remaining as block characters: the full block is 100% (or more), the lowest 0% or less. */
export function sparkline(points: readonly BudgetPoint[]): string {
  if (points.length < 2) return '';
  // One character per step (the first point, 100% at the start, is not drawn) up to SPARKLINE_WIDTH.
  const width = Math.min(SPARKLINE_WIDTH, points.length - 1);
  let line = '';
  for (let i = 0; i < width; i++) {
    // The last point of each slice, so the line ends at the final value.
    const point = points[Math.round(((i + 1) * (points.length - 1)) / width)];
    const level = Math.round(Math.min(1, Math.max(0, point.remaining)) * (BLOCKS.length - 1));
    line += BLOCKS[level];
  }
  return line;
}
