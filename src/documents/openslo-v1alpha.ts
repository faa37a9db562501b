/**
 * OpenSLO `v1alpha` SLOs, as Sloth reads them: each objective of `ratioMetrics` (good or bad over total
 * Prometheus queries with the `{{.window}}` placeholder) is one SLO named `<name>-<index>`, with the
 * window of `timeWindows` (rolling, or a calendar week, month or quarter as in v1). v1alpha has no alert policies and Sloth writes no alerts for it: neither does
 * the import.
 */
import { ImportedSlo } from './imported';
import { readOpenSloCalendarWindow } from './openslo-calendar';
import { checkShape, Field, ObjectShape, Shape } from './shape';
import { queryGrouping } from './sloth-queries';
import { InputDocument, YamlPath } from './yaml-input';
import { DEFAULT_BURN_RATE_ALERT_NAME } from '../model/alerting-policy';
import { NOMINAL_PERIOD_SECONDS } from '../model/calendar-period';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from '../model/duration';
import { Objective } from '../model/objective';
import { SloDefinition, validateSloDefinition } from '../model/slo-definition';
import { tryNormalizeSelector } from '../promql/selector';
import { WINDOW_PLACEHOLDER } from '../promql/window-placeholder';

export const OPENSLO_V1ALPHA_API_VERSION = 'openslo/v1alpha';

const UNIT_SECONDS: Record<string, number> = {
  Second: 1, Minute: SECONDS_PER_MINUTE, Hour: SECONDS_PER_HOUR, Day: SECONDS_PER_DAY, Week: 7 * SECONDS_PER_DAY,
};

/** v1alpha units as OpenSLO v1 duration letters, for calendar windows. */
const CALENDAR_UNIT_LETTERS: Record<string, string> = { Day: 'd', Week: 'w', Month: 'M', Quarter: 'Q', Year: 'Y' };

const str: Shape = { type: 'string' };
const req = (shape: Shape): Field => ({ ...shape, required: true });
const obj = (fields: Record<string, Field>): ObjectShape => ({ type: 'object', fields });
const source = obj({ source: req(str), queryType: req(str), query: req(str), metadata: { type: 'any' } });
const SHAPE = obj({
  apiVersion: req(str),
  kind: req({ type: 'string', oneOf: ['SLO'] }),
  metadata: req(obj({ name: req(str), displayName: str, namespace: str, labels: { type: 'any' }, annotations: { type: 'any' } })),
  spec: req(obj({
    service: req(str),
    description: str,
    budgetingMethod: req({ type: 'string', oneOf: ['Occurrences', 'Timeslices'] }),
    indicator: { type: 'any' },
    objectives: req({
      type: 'array',
      minItems: 1,
      items: obj({
        displayName: str,
        op: str,
        value: { type: 'number' },
        target: req({ type: 'number' }),
        timeSliceTarget: { type: 'number' },
        // `counter` is what oslo's v1alpha types call `incremental`.
        ratioMetrics: obj({ incremental: { type: 'boolean' }, counter: { type: 'boolean' }, good: source, bad: source, total: req(source) }),
      }),
    }),
    timeWindows: req({
      type: 'array',
      minItems: 1,
      maxItems: 1,
      items: obj({ count: req({ type: 'number' }), unit: req(str), isRolling: { type: 'boolean' }, calendar: { type: 'any' } }),
    }),
  })),
});

/** The SLOs of one v1alpha SLO document, or the problems that stop them. */
export function fromV1alpha(input: InputDocument, label: string): { slos: ImportedSlo[]; problems: string[]; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  const at = (path: YamlPath, message: string) => {
    const line = input.lineOf?.(path);
    const field = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${p}`)).join('');
    return `${label}${line !== undefined ? `, line ${line}` : ''}: ${field}: ${message}`;
  };
  const shapeProblems: string[] = [];
  checkShape(input.value, SHAPE, '', shapeProblems);
  if (shapeProblems.length > 0) return { slos: [], problems: shapeProblems.map((p) => `${label}: ${p}`), warnings };
  const value = input.value as any;
  const spec = value.spec;
  if (spec.budgetingMethod !== 'Occurrences') {
    problems.push(at(['spec', 'budgetingMethod'], `${spec.budgetingMethod} is not read from v1alpha documents (Sloth reads Occurrences only)`));
  }
  const window = spec.timeWindows[0];
  const timeWindow = v1alphaWindow(window, (field, message) => problems.push(at(['spec', 'timeWindows', 0, ...field], message)),
    (field, message) => warnings.push(at(['spec', 'timeWindows', 0, ...field], message)));
  const slos: ImportedSlo[] = [];
  (spec.objectives as any[]).forEach((entry, index) => {
    const path: YamlPath = ['spec', 'objectives', index];
    const ratio = entry.ratioMetrics;
    if (!ratio) {
      problems.push(at(path, 'only ratioMetrics objectives are read from v1alpha documents (as Sloth reads them)'));
      return;
    }
    for (const side of ['good', 'bad', 'total'] as const) {
      const metric = ratio[side];
      if (metric && String(metric.source).toLowerCase() !== 'prometheus') {
        problems.push(at([...path, 'ratioMetrics', side, 'source'], `the metric source "${metric.source}" is not Prometheus; cdk8s-slo reads Prometheus queries only`));
      }
    }
    if ((ratio.good === undefined) === (ratio.bad === undefined)) {
      problems.push(at([...path, 'ratioMetrics'], 'set exactly one of good and bad'));
    }
    if (problems.length > 0 || timeWindow === undefined) return;
    // A counter's plain selector means its rate, as OpenSLO v1's counter: true: summed over the window placeholder.
    const counter = ratio.incremental === true || ratio.counter === true;
    const query = (text: string): string => {
      const selector = counter ? tryNormalizeSelector(text.trim()) : undefined;
      return selector !== undefined ? `sum(rate(${selector}[${WINDOW_PLACEHOLDER}]))` : text;
    };
    const totalQuery = query(ratio.total.query);
    const definition: SloDefinition = {
      service: spec.service,
      // Sloth's naming: one SLO per objective, suffixed with its index.
      name: `${value.metadata.name}-${index}`,
      objective: { target: entry.target, ...timeWindow },
      indicator: {
        kind: 'query',
        ...(ratio.good ? { goodQuery: query(ratio.good.query) } : { errorQuery: query(ratio.bad.query) }),
        totalQuery,
        grouping: queryGrouping(totalQuery),
      },
      labels: {},
      ...(spec.description !== undefined ? { description: spec.description } : {}),
      alerting: { enabled: false, alertName: DEFAULT_BURN_RATE_ALERT_NAME, pairs: [], labels: {}, annotations: {} },
    };
    const issues = validateSloDefinition(definition).filter((issue) => issue.severity === 'error');
    if (issues.length > 0) {
      problems.push(...issues.map((issue) => at(path, `${issue.field}: ${issue.message}`)));
      return;
    }
    slos.push({ definition, source: at(path, '').replace(/: $/, '') });
  });
  if (slos.length > 0) {
    warnings.push(at(['spec'], 'OpenSLO v1alpha has no alert policies: imported without alerts, as Sloth writes none; add alerting in TypeScript'));
  }
  return { slos: problems.length > 0 ? [] : slos, problems, warnings };
}

type Report = (field: YamlPath, message: string) => void;

/**
 * The window of `timeWindows[0]`: a rolling count of a unit, or a calendar week, month or quarter (read as
 * OpenSLO v1 reads them, see openslo-calendar.ts); undefined after reporting why not.
 */
function v1alphaWindow(window: any, problem: Report, warn: Report): Pick<Objective, 'windowSeconds' | 'calendar'> | undefined {
  if (window.calendar !== undefined || window.isRolling === false) {
    const letter = CALENDAR_UNIT_LETTERS[window.unit];
    const reading = readOpenSloCalendarWindow(letter !== undefined ? `${window.count}${letter}` : `${window.count} ${window.unit}`, window.calendar);
    const path = (field: string): YamlPath => (field === 'duration' ? [] : field.split('.'));
    reading.problems.forEach((finding) => problem(path(finding.field), finding.field === 'duration'
      ? `${window.count} ${window.unit} is not a calendar period cdk8s-slo has: use count 1 with unit Week, Month or Quarter (or 7 Day, 3 Month)`
      : finding.message));
    reading.warnings.forEach((finding) => warn(path(finding.field), finding.message));
    return reading.period ? { windowSeconds: NOMINAL_PERIOD_SECONDS[reading.period.unit], calendar: reading.period } : undefined;
  }
  const unitSeconds = UNIT_SECONDS[window.unit];
  if (unitSeconds === undefined || !(window.count > 0)) {
    problem([], `must be a positive count of Second, Minute, Hour, Day or Week, got ${window.count} ${window.unit}`);
    return undefined;
  }
  return { windowSeconds: window.count * unitSeconds };
}
