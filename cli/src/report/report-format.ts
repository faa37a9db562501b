/**
 * Numbers, times and text as the Markdown and HTML reports show them, and the escaping that keeps a
 * label value (a service called `<script>`, a `|` in an SLO name) text rather than markup.
 */
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from 'cdk8s-slo/lib/model/duration';
import { TimeRange } from 'cdk8s-slo/lib/planning/budget-accounting';
import { ReportPeriod } from './report-period';
import { SloReport } from './slo-report';

/**
 * Availability with as many decimals as the objective needs (99.9% → 99.912%, 99.99% → 99.9912%),
 * rounded down, so 99.8996% never shows as a met 99.900%.
 */
export function formatAvailability(availability: number, objective: number | undefined): string {
  const budget = objective !== undefined && objective < 1 ? 1 - objective : 0.01;
  const decimals = Math.min(6, Math.max(2, Math.ceil(-Math.log10(budget) - 1e-9)));
  const factor = 10 ** decimals;
  const percent = Math.floor(availability * 100 * factor + 1e-6) / factor;
  return `${percent.toFixed(decimals)}%`;
}

/** The objective as people write it: 0.999 → "99.9%". */
export function formatObjective(objective: number): string {
  return `${Number((objective * 100).toPrecision(10))}%`;
}

/** A share of the budget: "42.3%", "0.04%", "312.5%". */
export function formatShare(ratio: number): string {
  const percent = ratio * 100;
  if (percent !== 0 && Math.abs(percent) < 0.1) return `${percent.toPrecision(1)}%`;
  return `${percent.toFixed(1)}%`;
}

/** An event count, rounded to a whole number, with thousands separators. */
export function formatEvents(events: number): string {
  const rounded = Math.round(events);
  return (Object.is(rounded, -0) ? 0 : rounded).toLocaleString('en-US');
}

/** "2024-05-03 14:00 UTC". */
export function formatTime(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A day range as "2024-05-03", an hour as "2024-05-03 14:00–15:00 UTC", anything else start → end. */
export function formatRange(range: TimeRange): string {
  const start = new Date(range.start * 1000).toISOString();
  const end = new Date(range.end * 1000).toISOString();
  if (range.end - range.start === SECONDS_PER_DAY && range.start % SECONDS_PER_DAY === 0) return start.slice(0, 10);
  if (start.slice(0, 10) === end.slice(0, 10) || (range.end % SECONDS_PER_DAY === 0 && range.end - range.start < SECONDS_PER_DAY)) {
    return `${start.slice(0, 10)} ${start.slice(11, 16)}–${range.end % SECONDS_PER_DAY === 0 ? '24:00' : end.slice(11, 16)} UTC`;
  }
  return `${formatTime(range.start)} → ${formatTime(range.end)}`;
}

/** "3d 4h", "2h 15m", "45m", "30s". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const parts: string[] = [];
  const days = Math.floor(s / SECONDS_PER_DAY);
  const hours = Math.floor((s % SECONDS_PER_DAY) / SECONDS_PER_HOUR);
  const minutes = Math.floor((s % SECONDS_PER_HOUR) / SECONDS_PER_MINUTE);
  if (days) parts.push(`${days}d`);
  if (hours) parts.push(`${hours}h`);
  if (minutes && !days) parts.push(`${minutes}m`);
  if (parts.length === 0) parts.push(`${s % SECONDS_PER_MINUTE}s`);
  return parts.join(' ');
}

/** The period in words: "last 30 days (2024-04-03 00:00 UTC → 2024-05-03 00:00 UTC)". */
export function describePeriod(period: ReportPeriod): string {
  const span = `${formatTime(period.start)} → ${formatTime(period.end)}`;
  if (period.kind === 'month' || period.kind === 'quarter') {
    return period.partial
      ? `${period.label} (partial ${period.kind}: ${span}; the ${period.kind} ends ${formatTime(period.nominalEnd)})`
      : `${period.label} (${span})`;
  }
  return `${period.label} (${span})`;
}

/**
 * Where an SLO's totals come from, when it is a calendar SLO of a month or quarter report (rolling SLOs
 * are always counted from the 5-minute rates, as the report's description says).
 */
export function describeSource(slo: SloReport): string | undefined {
  if (slo.source.kind === 'period-series') {
    return `the SLO's recorded period series (slo:period_sli_errors:increase and slo:period_sli_total:increase, last evaluated ${formatTime(slo.source.totals.at)}); the chart and worst periods are from the 5-minute rates`;
  }
  return slo.source.reason === undefined ? undefined : `the 5-minute rates: ${slo.source.reason}`;
}

/** What a status means, in a sentence. */
export function describeStatus(slo: SloReport): string | undefined {
  switch (slo.status) {
    case 'no-data':
      return 'No data: no samples of slo:sli_total:rate5m in the period, so nothing could be counted (are the recording rules loaded?).';
    case 'no-traffic':
      return 'No traffic: the rates were recorded, but no events happened in the period, so no budget was spent or earned.';
    case 'bad-objective':
      return 'Unusable objective: slo:objective:ratio is not a ratio between 0 and 1, so the budget cannot be computed.';
    default:
      return undefined;
  }
}

/** Text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' })[c]!);
}

/**
 * Text for Markdown (GitHub-flavoured, also in table cells): the punctuation that starts emphasis, code,
 * links or cells is backslash-escaped,
 * and `<`, `>` and `&` become entities, because GitHub renders inline HTML. Line breaks become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}
