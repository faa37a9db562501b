import * as path from 'path';
import { CliError } from '../cli-error';
import { CliIo } from '../cli-io';
import { booleanOption, Command, outputOption, ParsedArgs, stringOption } from '../command';
import { ExitCode } from '../exit-codes';
import { checkOutputTarget, writeFileAtomically } from '../output/atomic-write';
import { printAnswerWarnings, PROMETHEUS_OPTIONS, prometheusFromArgs } from '../prometheus/prometheus-options';
import { htmlReport } from '../report/html-report';
import { markdownReport } from '../report/markdown-report';
import { MAX_DAYS, monthPeriod, quarterPeriod, ReportPeriod, rollingPeriod } from '../report/report-period';
import { fetchReportData } from '../report/report-queries';
import { buildReport, reportJson } from '../report/slo-report';

const DEFAULT_DAYS = 30;
type Format = 'markdown' | 'html';

/** `cdk8s-slo report`: availability, error budget, worst periods and alerts of SLOs over a period. */
export const reportCommand: Command = {
  name: 'report',
  summary: 'report SLO availability, error budget, worst periods and alerts over N days, a month or a quarter',
  description: `
Reports, for the SLOs of SERVICE (or of every service), over a rolling window of whole days ending at the
last full step, or over a UTC calendar month or quarter (the current one is reported as partial, and said so):
availability (good / all events), the error budget ((1 − objective) × all events) and how much of it was
consumed (over 100% when overspent), the worst days (hours for periods under a week) with their share of the
budget, the alerts that fired (episodes per alert, from ALERTS{alertstate="firing"}), gaps in the data, and
a chart of the budget remaining over time.

Everything is read from the series the cdk8s-slo rules record: the SLOs from slo:objective:ratio, events
from slo:sli_errors:rate5m and slo:sli_total:rate5m (integrated step by step with sum_over_time, so events
are counted rather than sampled; grouped SLOs are summed over their groups). The samples' spacing (the
short-window group's interval: 60 s, or 15 s with RuleEngine.victoriaMetrics()) is read per SLO from how
many samples a step holds.

Calendar SLOs (calendarWindow) of the reported unit (a month SLO with --month, a quarter SLO with --quarter)
are reported over their own period, from midnight in their UTC offset (e.g. 2024-05 in UTC+05:30 starts
2024-04-30 18:30 UTC). Their totals (events, availability, budget) are the ones their rules recorded at the
last evaluation before the period's end (slo:period_sli_errors:increase, slo:period_sli_total:increase,
slo:period_sli_error:ratio, slo:period_error_budget_remaining:ratio) when those series cover the whole
period; otherwise (rules deployed during the period) they are counted from the rates as above. The report
says which ("Totals from"; "source" in --json: period-series or rates, with "sourceNote" saying why not).

Formats: Markdown (default; for people and pull-request comments), or one self-contained HTML file with an
inline SVG chart (no scripts, no external resources). --json prints the numbers on stdout instead (with
--output, the file is written too). With --output the report is written to FILE completely or not at all;
its format follows a .html extension unless --format says otherwise.

Exit codes of report: 1 when there is nothing to report (no SLO of SERVICE recorded in the period, or none
with usable data; nothing is written); 3 when the output file cannot be written; 4 when Prometheus cannot
be used; 5 when some SLOs have no usable data (listed as "no data" in the report, which is written).`,
  positionals: [{ name: 'SERVICE', description: 'the slo_service to report on (default: every service)', optional: true }],
  options: {
    ...PROMETHEUS_OPTIONS,
    days: { type: 'string', valueName: 'N', description: `a rolling window of N days (1 to ${MAX_DAYS}) ending now`, defaultText: String(DEFAULT_DAYS) },
    month: { type: 'string', valueName: 'YYYY-MM', description: 'a UTC calendar month instead (the current month is partial)' },
    quarter: { type: 'string', valueName: 'YYYY-Qn', description: 'a UTC calendar quarter instead, Q1 to Q4 (the current quarter is partial)' },
    format: { type: 'string', valueName: 'FORMAT', description: 'markdown or html', defaultText: 'markdown, or html for an --output ending in .html' },
    output: { type: 'string', short: 'o', valueName: 'FILE', description: 'write the report to FILE instead of stdout; - is stdout' },
  },
  exitCodes: [ExitCode.FINDINGS, ExitCode.USAGE, ExitCode.BAD_INPUT, ExitCode.UNAVAILABLE, ExitCode.PARTIAL],
  examples: [
    'cdk8s-slo report checkout --prometheus-url http://prometheus:9090',
    'cdk8s-slo report --days 7 --prometheus-url http://prometheus:9090 > slo-report.md',
    'cdk8s-slo report checkout --month 2024-05 --output checkout-2024-05.html',
    'cdk8s-slo report checkout --quarter 2024-Q2 --prometheus-url http://prometheus:9090',
    'cdk8s-slo report --month 2024-05 --json | jq \'.slos[] | {service, slo, availability, consumed: .budget.consumed}\'',
  ],
  run: async (args, io) => {
    const service = args.positionals[0];
    if (service === '') throw CliError.usage('SERVICE must not be empty (leave it out to report on every service)');
    const period = periodFromArgs(args, io);
    const output = outputOption(args, 'report');
    const format = formatFromArgs(args, output);
    const json = booleanOption(args, 'json');
    const api = prometheusFromArgs(args, io, 'report');
    if (output !== undefined) checkOutputTarget(path.resolve(io.cwd, output), output);

    const data = await fetchReportData(api, period, service, io.now() / 1000);
    const scope = service === undefined ? 'any service' : `service ${JSON.stringify(service)}`;
    if (data.slos.length === 0 && data.badObjectives.length === 0) {
      throw new CliError(`no SLO of ${scope} is recorded in Prometheus at ${api.url} between ${iso(period.start)} and ${iso(period.end)} `
        + '(no slo:objective:ratio series: are the cdk8s-slo rules loaded, and is the service name right?); nothing written', ExitCode.FINDINGS);
    }
    const report = buildReport(data, period, { service, prometheusUrl: api.url, generatedAt: io.now() / 1000, warnings: api.warnings });
    const measured = report.slos.filter((slo) => slo.status === 'ok' || slo.status === 'no-traffic');
    if (measured.length === 0) {
      const reasons = report.slos.map((s) => `${s.service}/${s.slo} ${s.status === 'bad-objective' ? 'has an objective that is not a ratio between 0 and 1' : 'has no usable samples of slo:sli_total:rate5m'}`);
      throw new CliError(`no data for ${scope} in Prometheus at ${api.url} between ${iso(period.start)} and ${iso(period.end)}: ${reasons.join(', ')}; nothing written`, ExitCode.FINDINGS);
    }

    const rendered = format === 'html' ? htmlReport(report) : markdownReport(report);
    if (output !== undefined) writeFileAtomically(path.resolve(io.cwd, output), rendered, output);
    if (json) io.stdout(`${JSON.stringify(reportJson(report), null, 2)}\n`);
    else if (output === undefined) io.stdout(rendered);
    else io.stderr(`wrote the ${format === 'html' ? 'HTML' : 'Markdown'} report of ${report.slos.length} SLO(s) to ${output}\n`);

    printAnswerWarnings(api, io, 'report');
    const unmeasured = report.slos.filter((slo) => slo.status === 'no-data' || slo.status === 'bad-objective');
    if (unmeasured.length) {
      io.stderr(`cdk8s-slo report: ${unmeasured.length} SLO(s) without usable data: ${unmeasured.map((s) => `${s.service}/${s.slo} (${s.status})`).join(', ')}\n`);
      return ExitCode.PARTIAL;
    }
    return ExitCode.OK;
  },
};

function periodFromArgs(args: ParsedArgs, io: CliIo): ReportPeriod {
  const days = stringOption(args, 'days');
  const month = stringOption(args, 'month');
  const quarter = stringOption(args, 'quarter');
  const given = [['--days', days], ['--month', month], ['--quarter', quarter]].filter(([, value]) => value !== undefined).map(([name]) => name);
  if (given.length > 1) throw CliError.usage(`${given.join(' and ')} cannot be used together (see: cdk8s-slo report --help)`);
  const now = io.now() / 1000;
  if (month !== undefined) return monthPeriod(month, now);
  if (quarter !== undefined) return quarterPeriod(quarter, now);
  if (days === undefined) return rollingPeriod(DEFAULT_DAYS, now);
  const n = Number(days);
  if (!/^\d+$/.test(days.trim()) || !Number.isInteger(n) || n < 1 || n > MAX_DAYS) {
    throw CliError.usage(`--days "${days}" must be a whole number of days from 1 to ${MAX_DAYS}`);
  }
  return rollingPeriod(n, now);
}

function formatFromArgs(args: ParsedArgs, output: string | undefined): Format {
  const format = stringOption(args, 'format');
  if (format === undefined) return output !== undefined && /\.html?$/i.test(output) ? 'html' : 'markdown';
  const normalized = format.toLowerCase();
  if (normalized === 'markdown' || normalized === 'md') return 'markdown';
  if (normalized === 'html') return 'html';
  throw CliError.usage(`--format "${format}" must be markdown or html`);
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
