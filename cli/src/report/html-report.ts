/**
 * The report as one self-contained HTML file: inline CSS and SVG, no scripts, no external resources (a
 * Content-Security-Policy says so to the browser too), every label value escaped.
 */
import { budgetChartSvg } from './budget-chart';
import {
  describePeriod, describeSource, describeStatus, escapeHtml, formatAvailability, formatDuration, formatEvents, formatObjective,
  formatRange, formatShare, formatTime,
} from './report-format';
import { alertWindows, FiredAlert, Report, SloReport } from './slo-report';

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 2rem auto; max-width: 960px; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
h2 { font-size: 1.2rem; margin-top: 2.5rem; border-bottom: 1px solid #ddd; padding-bottom: .25rem; }
h3 { font-size: 1rem; margin-top: 1.25rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #ddd; padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.meta { color: #555; margin: 0; }
.status { background: #fff8e1; border-left: 4px solid #f9a825; padding: .5rem .75rem; }
.over { color: #c62828; font-weight: 600; }
.ok { color: #2e7d32; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
dt { color: #555; }
dd { margin: 0; }
ul.episodes { margin: 0; padding-left: 1.1rem; }
`;

const EPISODES_SHOWN = 10;

export function htmlReport(report: Report): string {
  const scope = report.service === undefined ? 'all services' : report.service;
  const title = `SLO report: ${scope}, ${report.period.label}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // A data: icon, so browsers do not ask for /favicon.ico.
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">Period: ${escapeHtml(describePeriod(report.period))}</p>`,
    `<p class="meta">Prometheus: ${escapeHtml(report.prometheusUrl)} · generated ${escapeHtml(formatTime(report.generatedAt))}</p>`,
    ...(report.warnings ?? []).map((warning) => `<p class="meta"><strong>Partial data</strong>: Prometheus answered with a warning: ${escapeHtml(warning)}</p>`),
    summaryTable(report),
    ...report.slos.map((slo) => sloSection(report, slo)),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function summaryTable(report: Report): string {
  const rows = report.slos.map((slo) => {
    const a = slo.account;
    const measured = slo.status === 'ok' && a?.availability !== undefined;
    const consumed = measured && a!.consumed !== undefined ? consumedCell(a!.consumed) : '<td class="num">—</td>';
    return `<tr><td>${escapeHtml(slo.service)}</td><td>${escapeHtml(slo.slo)}</td>`
      + `<td class="num">${slo.objective !== undefined && slo.status !== 'bad-objective' ? formatObjective(slo.objective) : '—'}</td>`
      + `<td class="num">${measured ? formatAvailability(a!.availability!, slo.objective) : escapeHtml(slo.status.replace('-', ' '))}</td>`
      + `${consumed}<td class="num">${slo.alerts.reduce((n, alert) => n + alert.episodes.length, 0)}</td>`
      + `<td class="num">${a && slo.status !== 'no-data' ? formatShare(a.coverage) : 'none'}</td></tr>`;
  });
  return [
    '<table class="summary">',
    '<thead><tr><th>Service</th><th>SLO</th><th>Objective</th><th>Availability</th><th>Budget consumed</th><th>Alerts fired</th><th>Data coverage</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

function consumedCell(consumed: number): string {
  return consumed > 1 ? `<td class="num over">${formatShare(consumed)} (overspent)</td>` : `<td class="num">${formatShare(consumed)}</td>`;
}

function sloSection(report: Report, slo: SloReport): string {
  const parts = [`<section class="slo"><h2>${escapeHtml(slo.service)} / ${escapeHtml(slo.slo)}</h2>`];
  const status = describeStatus(slo);
  if (status) parts.push(`<p class="status">${escapeHtml(status)}</p>`);
  const a = slo.account;
  const facts: Array<[string, string]> = [];
  if (slo.objective !== undefined && slo.status !== 'bad-objective') {
    const changed = slo.objectives.length > 1 ? ` (changed during the period: ${slo.objectives.map(formatObjective).join(' → ')})` : '';
    facts.push(['Objective', `${formatObjective(slo.objective)}${changed}`]);
  }
  if (slo.period) facts.push(['Period', `${escapeHtml(describePeriod(slo.period))}, the SLO's own calendar period`]);
  const source = describeSource(slo);
  if (source) facts.push(['Totals from', escapeHtml(source)]);
  if (a && slo.status === 'ok') {
    const meets = a.availability! >= slo.objective!;
    facts.push(['Events', `${formatEvents(a.totalEvents)} total, ${formatEvents(a.errorEvents)} bad`]);
    facts.push(['Availability', `<strong class="${meets ? 'ok' : 'over'}">${formatAvailability(a.availability!, slo.objective)}</strong> ${meets ? '(meets the objective)' : '(below the objective)'}`]);
    facts.push(['Error budget', `${formatEvents(a.budgetEvents)} bad events; consumed <strong${a.consumed! > 1 ? ' class="over"' : ''}>${formatShare(a.consumed!)}</strong>, `
      + `${a.remaining! >= 0 ? `${formatShare(a.remaining!)} remaining` : `overspent by ${formatShare(-a.remaining!)}`}`]);
  }
  if (a && slo.status !== 'no-data') {
    facts.push(['Data', `${formatShare(a.coverage)} of the period covered by samples${a.invalidSteps ? `; ${a.invalidSteps} step(s) with NaN or infinite values left out` : ''}`]);
    if (a.gaps.length) {
      const shown = a.gaps.slice(0, 5).map((gap) => `${formatRange(gap)} (${formatDuration(gap.end - gap.start)})`);
      facts.push(['Gaps without data', `${shown.join('; ')}${a.gaps.length > 5 ? `; and ${a.gaps.length - 5} more` : ''}`]);
    }
  }
  if (facts.length) parts.push(`<dl>${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`);
  if (a && slo.status === 'ok' && a.remainingOverTime.length) {
    parts.push('<h3>Error budget remaining</h3>');
    parts.push(budgetChartSvg({
      points: a.remainingOverTime,
      gaps: a.gaps,
      start: (slo.period ?? report.period).start,
      end: (slo.period ?? report.period).nominalEnd,
      title: `Error budget remaining for ${slo.service} / ${slo.slo}: from 100% to ${formatShare(a.remaining!)}`,
    }));
  }
  if (slo.worstPeriods.length) {
    const day = report.period.bucketSeconds >= 86_400;
    parts.push(`<h3>Worst ${day ? 'days' : 'hours'}</h3>`);
    parts.push(`<table class="worst"><thead><tr><th>${day ? 'Day' : 'Hour'}</th><th>Bad events</th><th>Availability</th><th>Share of the budget</th></tr></thead><tbody>`);
    for (const w of slo.worstPeriods) {
      parts.push(`<tr><td>${escapeHtml(formatRange(w))}</td><td class="num">${formatEvents(w.errorEvents)}</td>`
        + `<td class="num">${w.availability !== undefined ? formatAvailability(w.availability, slo.objective) : '—'}</td>`
        + `<td class="num">${w.budgetShare !== undefined ? formatShare(w.budgetShare) : '—'}</td></tr>`);
    }
    parts.push('</tbody></table>');
  }
  parts.push(alertsSection(slo.alerts), '</section>');
  return parts.join('\n');
}

function alertsSection(alerts: readonly FiredAlert[]): string {
  if (alerts.length === 0) return '<p>No alerts fired.</p>';
  const rows = alerts.map((alert) => {
    const name = [alert.alertname, ...alert.distinguishing.map(([k, v]) => `${k}=${v}`)].join(' ');
    const episodes = alert.episodes.slice(0, EPISODES_SHOWN)
      .map((e) => `<li>${escapeHtml(formatTime(e.start))}, ${formatDuration(e.end - e.start)}${e.ongoing ? ' (still firing)' : ''}</li>`);
    if (alert.episodes.length > EPISODES_SHOWN) episodes.push(`<li>and ${alert.episodes.length - EPISODES_SHOWN} more</li>`);
    return `<tr><td>${escapeHtml(name)}</td><td>${escapeHtml(alert.severity ?? '—')}</td><td>${escapeHtml(alertWindows(alert) ?? '—')}</td>`
      + `<td class="num">${alert.episodes.length}</td><td class="num">${formatDuration(alert.firingSeconds)}</td><td><ul class="episodes">${episodes.join('')}</ul></td></tr>`;
  });
  return [
    '<h3>Alerts fired</h3>',
    '<table class="alerts"><thead><tr><th>Alert</th><th>Severity</th><th>Windows</th><th>Episodes</th><th>Firing for</th><th>Episodes (start, duration)</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table>`,
  ].join('\n');
}
