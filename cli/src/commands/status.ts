import { CliError } from '../cli-error';
import { CliIo, useColor } from '../cli-io';
import { booleanOption, Command, ParsedArgs, stringListOption } from '../command';
import { ExitCode } from '../exit-codes';
import { readManifests } from '../manifests/manifest-files';
import { SynthesizedSlo, synthesizedSlos } from '../manifests/synthesized-slos';
import { Palette } from '../output/color';
import { printAnswerWarnings, PROMETHEUS_OPTIONS, prometheusFromArgs } from '../prometheus/prometheus-options';
import { buildSloStatuses } from '../status/slo-status';
import { queryStatusSeries } from '../status/status-queries';
import { renderStatusTable } from '../status/status-table';

/** `cdk8s-slo status`: the current SLI, budget, burn rate and firing alerts of every SLO. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'show every SLO\'s current SLI, error budget left, burn rate and firing alerts',
  description: `
Reads the recorded slo:* series of every SLO from Prometheus and shows, per SLO:
  OBJECTIVE    the target (slo:objective:ratio)
  SLI          the good-event ratio over the SLO window (1 - slo:period_burn_rate:ratio x error budget)
  BUDGET LEFT  the fraction of the error budget left over the window, negative when overspent
               (slo:period_error_budget_remaining:ratio)
  BURN RATE    the burn rate over the last 5 minutes (slo:current_burn_rate:ratio); 1x spends the
               budget in exactly one window
  ALERTS       the severities of the SLO's firing alerts, burn-rate and error-budget policy alike
SLOs with a calendar window (a week, month or quarter in a fixed UTC offset) count SLI and budget since the
start of the current period, and add three columns (only when such an SLO is shown):
  PERIOD       the calendar period, e.g. "month (UTC+05:30)"; "rolling" (with the window, when the
               manifests tell it) for the other SLOs
  SINCE        the local date the current period started
  DAYS LEFT    days until the next period starts (and the budget is full again)
The period's bounds are the recorded slo:period_start:timestamp and slo:period_end:timestamp; when
Prometheus has none for the current period, they are computed from the SLO's definition (--manifests).
Grouped SLOs show their worst group (least budget left) on the SLO's row, and every group below it.
On a terminal, rows are red when the budget is overspent or a critical alert fires, and yellow when a
warning fires or less than 25% of the budget is left.

SLOs are found from their series; with --manifests the list comes from synthesized manifests instead,
and SLOs whose rules are not loaded yet are shown with empty values and a note.

--json prints an array with one object per SLO, sorted by service and SLO name:
  {"service", "slo", "objective", "sli", "budgetRemaining", "burnRate", "alertsFiring",
   "errorBudget", "window", "worstGroup", "groups", "alerts", "note"}
Unknown values (no data yet, no traffic) are null. Calendar SLOs add, after "window":
  "period": {"unit" (week|month|quarter), "utcOffset" ("+05:30"), "label" ("month (UTC+05:30)"),
             "start", "end" (ISO 8601 in the SLO's offset), "daysLeft" (number),
             "source" ("recorded": from Prometheus, or "computed": from the manifests)}
The key is absent for rolling windows.

Answers with warnings (Thanos or Mimir could not ask every store) are shown on stderr after the table or
the JSON, which may then be computed from partial data; --fail-on-warnings makes them an error (exit 4).`,
  positionals: [],
  options: {
    ...PROMETHEUS_OPTIONS,
    manifests: {
      type: 'string',
      multiple: true,
      valueName: 'PATH',
      description: 'take the SLO list from these synthesized manifest files or directories',
    },
    service: {
      type: 'string',
      multiple: true,
      valueName: 'NAME',
      description: 'only the SLOs of this service',
    },
  },
  exitCodes: [ExitCode.USAGE, ExitCode.BAD_INPUT, ExitCode.UNAVAILABLE],
  examples: [
    'cdk8s-slo status --prometheus-url http://prometheus.monitoring:9090',
    'cdk8s-slo status --prometheus-url http://localhost:9090 --json',
    'PROMETHEUS_URL=http://localhost:9090 cdk8s-slo status --manifests dist/ --service checkout',
    'cdk8s-slo status --prometheus-url http://mimir-gateway/prometheus --tenant team-payments',
    'cdk8s-slo status --prometheus-url http://thanos-query:9090 --fail-on-warnings',
  ],
  run: async (args, io) => runStatus(args, io),
};

async function runStatus(args: ParsedArgs, io: CliIo): Promise<number> {
  const api = prometheusFromArgs(args, io, 'status');
  const services = stringListOption(args, 'service');
  if (services.some((s) => s === '')) throw CliError.usage('--service needs a service name (see: cdk8s-slo status --help)');
  const manifestPaths = stringListOption(args, 'manifests');
  let manifestSlos: SynthesizedSlo[] | undefined;
  if (manifestPaths.length > 0) {
    manifestSlos = synthesizedSlos(readManifests(manifestPaths, io.cwd));
    if (manifestSlos.length === 0) {
      throw CliError.badInput(manifestPaths.join(', '), 'holds no SLO rules (no PrometheusRule with slo_service/slo_name labels): pass the synthesized manifests (cdk8s synth output)');
    }
  }

  const { series, firingAlerts } = await queryStatusSeries(api, services);
  const statuses = buildSloStatuses({ series, firingAlerts, manifestSlos, services, nowSeconds: io.now() / 1000 });

  if (booleanOption(args, 'json')) {
    io.stdout(`${JSON.stringify(statuses, null, 2)}\n`);
  } else if (statuses.length > 0) {
    io.stdout(renderStatusTable(statuses, new Palette(useColor(io))));
  }
  if (statuses.length === 0) {
    const what = services.length > 0 ? ` of service ${services.join(', ')}` : '';
    const where = manifestSlos ? `in ${manifestPaths.join(', ')}` : `at ${api.url} (no slo:objective:ratio, slo:current_burn_rate:ratio or related series: are the rules loaded?)`;
    io.stderr(`cdk8s-slo status: no SLOs${what} found ${where}\n`);
  }
  printAnswerWarnings(api, io, 'status');
  return ExitCode.OK;
}
