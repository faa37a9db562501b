/**
 * The panels only a calendar SLO's section has: the budget burn-down of the current period against the
 * ideal line, and the previous period's final SLI and budget left.
 *
 * Grafana rounds a panel's time to the browser's calendar (`now/M`), the SLO to its own UTC offset: where
 * they differ, the burn-down panel starts up to a day before or after the period. The queries keep only
 * the current period's samples, so the previous period never shows in it; the period-start annotation
 * marks where the SLO's period begins.
 */
import { PanelSpec, statPanel, ThresholdStep, timeseriesPanel } from './panels';
import { PeriodQueries } from './period-queries';
import { formatPercent } from '../model/decimal';

/** What the calendar panels need from their section. */
export interface PeriodPanelContext {
  readonly period: PeriodQueries;
  readonly target: number;
  /** Decimals that show the target exactly, plus one. */
  readonly decimals: number;
  /** What the SLI counts, lower case: `requests` or `events`. */
  readonly noun: string;
  /** A legend text followed by the labels naming the group. */
  readonly legend: (text: string) => string;
  /** The colors of the budget left. */
  readonly budgetThresholds: readonly ThresholdStep[];
}

/** The legend of the ideal burn-down. */
const IDEAL_LEGEND = 'ideal';
const STAT_WIDTH = 3;
const STAT_HEIGHT = 5;

/** `this month`, `last week`: how titles name a period. */
export function periodName(period: PeriodQueries, which: 'this' | 'last'): string {
  return `${which} ${period.unit}`;
}

/** The previous period's SLI and budget left at its end, as two stats (instant queries). */
export function previousPeriodStats(c: PeriodPanelContext): PanelSpec[] {
  const last = periodName(c.period, 'last');
  const atEnd = `at the end of ${last}, as the last evaluation before this ${c.period.unit} began recorded it`;
  return [
    statPanel({
      title: `SLI (${last})`,
      description: `Good ${c.noun} over all of ${last}, ${atEnd}: red below the objective.`,
      query: { expr: c.period.previousSli(), legend: c.legend(`SLI ${last}`) },
      unit: 'percentunit',
      decimals: c.decimals,
      thresholds: [{ color: 'red' }, { value: c.target, color: 'green' }],
      instant: true,
      width: STAT_WIDTH,
      height: STAT_HEIGHT,
    }),
    statPanel({
      title: `Budget left (${last})`,
      description: `Share of ${last}'s error budget not spent, ${atEnd}; below 0 the SLO was missed.`,
      query: { expr: c.period.previousBudgetRemaining(), legend: c.legend(`budget left ${last}`) },
      unit: 'percentunit',
      decimals: 1,
      thresholds: c.budgetThresholds,
      instant: true,
      width: STAT_WIDTH,
      height: STAT_HEIGHT,
    }),
  ];
}

/** The budget of the current period over the period so far, against spending it evenly. */
export function periodBurnDownGraph(c: PeriodPanelContext, width: number, height: number): PanelSpec {
  const current = periodName(c.period, 'this');
  return timeseriesPanel({
    title: `Error budget burn-down (${current})`,
    description: `The budget of all of ${current} left if the rest of it goes as it has so far (1 − budget spent × time elapsed ÷ `
      + `the ${c.period.unit}'s length): 100% at the start, the budget left at the end. The ideal (dashed) spends the budget `
      + `evenly and reaches 0 at the end; above it, ${current} is within budget. Shows ${current} so far in the browser's `
      + `time zone${c.period.unit === 'week' ? ', weeks from Monday' : ''}; the SLO's ${c.period.unit} starts at midnight of its `
      + 'own UTC offset, marked by the period-start annotation.',
    queries: [
      { expr: c.period.burnDown(), legend: c.legend('budget left') },
      { expr: c.period.idealBurnDown(), legend: IDEAL_LEGEND },
    ],
    referenceSeries: [IDEAL_LEGEND],
    thresholdLines: [{ color: 'transparent' }, { value: 0, color: 'red' }],
    unit: 'percentunit',
    decimals: 1,
    timeFrom: c.period.periodSoFar(),
    width,
    height,
  });
}

/** The objective's description for a calendar SLO. */
export function periodObjectiveDescription(target: number, noun: string, calendar: string): string {
  return `The target: at least ${formatPercent(target)} of ${noun} good over each ${calendar}; the budget is full again when the next one starts.`;
}
