/**
 * The forecast of a calendar SLO: the alert's value is the date the budget runs out, and it fires only
 * when that is before the period ends. `calendar-window.test.ts` runs the scenario in `promtool test
 * rules`; `test/live/victoria-metrics-calendar.test.ts` on VictoriaMetrics + vmalert. The date is a Unix
 * time: on an engine whose time 0 is elsewhere it is that time 0 later.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import { CalendarWindow, Sli, Slo, SloProps } from '../../src';
import { BehaviourScenario, minuteScenario, PROMTOOL_ENGINE } from '../helpers/scenario';
import { ruleGroupsOf, rulesOf } from '../helpers/synth';
import { HOUR, traffic } from '../helpers/traffic';

// At UTC−12:00 January starts at 12:00 UTC (minute 720), and ends 31 days later.
const BOUNDARY = 12 * HOUR;
const START_SECONDS = 12 * 3600;
const LENGTH_SECONDS = 31 * 86400;

/** A 99% monthly SLO at UTC−12:00 over the requests of job `name`, forecast from the last hour. */
function monthlySlo(name: string): SloProps {
  return {
    service: 'checkout',
    name,
    target: 0.99,
    calendarWindow: CalendarWindow.MONTH,
    utcOffset: '-12:00',
    budgetPolicy: { forecastLookback: Duration.hours(1) },
    indicator: Sli.ratio({ errors: `http_requests_total{job="${name}",code=~"5.."}`, total: `http_requests_total{job="${name}"}` }),
  };
}

export const CALENDAR_FORECAST_SCENARIOS: BehaviourScenario[] = [{
  title: 'the forecast of a calendar SLO fires with the date the budget runs out when that is before the month ends, and not otherwise',
  calendar: true,
  build: (engine = PROMTOOL_ENGINE) => {
    const chart = new Chart(Testing.app(), 'app');
    new Slo(chart, 'fast', monthlySlo('fast'));
    new Slo(chart, 'slow', monthlySlo('slow'));
    const groups = ruleGroupsOf(Testing.synth(chart));
    const forecastOf = (name: string) => rulesOf(groups).find((r) => r.alert === 'SloErrorBudgetExhaustionForecast' && r.labels.slo_name === name);
    // Twice the budgeted error rate from the start of January: at minute BOUNDARY + 6h, 6 of 744 hours
    // have spent 2 × 6/744 of the month's budget; the rest lasts (1 − 12/744) × 744h ÷ 2 = 366h more.
    const minutes = BOUNDARY + 6 * HOUR;
    const input = [
      ...traffic('job="fast"', [{ minutes: BOUNDARY, rps: 10, errorRatio: 0 }, { minutes: minutes - BOUNDARY, rps: 10, errorRatio: 0.02 }]),
      ...traffic('job="slow"', [{ minutes: BOUNDARY, rps: 10, errorRatio: 0 }, { minutes: minutes - BOUNDARY, rps: 10, errorRatio: 0.005 }]),
    ];
    const now = minutes * 60;
    const elapsed = now - START_SECONDS;
    const burndown = 1 - 2 * (elapsed / LENGTH_SECONDS);
    const runsOut = now + (burndown * LENGTH_SECONDS) / 2;
    expect(runsOut).toBeLessThan(START_SECONDS + LENGTH_SECONDS);
    return minuteScenario(groups, input, [
      // The alert's own expression: its value is the time the budget runs out (within a minute of it).
      { expr: `abs(max(${forecastOf('fast').expr.replace(/\n/g, ' ')}) - ${engine.timeZeroSeconds + runsOut}) < bool 60`, eval_time: `${minutes}m`, exp_samples: [{ labels: '{}', value: 1 }] },
      // Half the budgeted rate: the budget outlasts the month, so nothing fires.
      { expr: `count(${forecastOf('slow').expr.replace(/\n/g, ' ')}) or vector(0)`, eval_time: `${minutes}m`, exp_samples: [{ labels: '{}', value: 0 }] },
      { expr: '(count(ALERTS{alertname="SloErrorBudgetExhaustionForecast",alertstate="firing",slo_name="fast"}) or vector(0)) > bool 0', eval_time: `${minutes}m`, exp_samples: [{ labels: '{}', value: 1 }] },
    ]);
  },
}];
