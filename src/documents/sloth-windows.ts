/**
 * Sloth's `AlertWindows` documents (sloth.slok.dev/v1): the burn-rate windows of SLOs of one period, as
 * Sloth's `--slo-period-windows-path` reads them. A page and a ticket alert, each with a quick and a slow
 * pair of windows and the share of the error budget spent in the long window.
 */
import { checkShape, Field, ObjectShape, Shape } from './shape';
import { InputDocument } from './yaml-input';
import { BASE_WINDOW_SECONDS } from '../model/alerting-policy';
import { BurnRateWindowPair } from '../model/burn-rate';
import { roundSignificant } from '../model/decimal';
import { parsePromDuration } from '../model/duration';

/** The window pairs of Sloth's page and ticket alerts for SLOs of one period. */
export interface SlothWindowCatalog {
  readonly periodSeconds: number;
  readonly page: readonly BurnRateWindowPair[];
  readonly ticket: readonly BurnRateWindowPair[];
  /** The document, for messages. */
  readonly source: string;
}

const req = (shape: Shape): Field => ({ ...shape, required: true });
const obj = (fields: Record<string, Field>): ObjectShape => ({ type: 'object', fields });
const duration: Shape = { type: 'string', pattern: { pattern: { test: (text: string) => safeDuration(text) !== undefined }, description: 'a Prometheus duration such as 5m or 1h' } };
const pair = obj({ errorBudgetPercent: req({ type: 'number' }), shortWindow: req(duration), longWindow: req(duration) });
const alert = obj({ quick: req(pair), slow: req(pair) });
const SHAPE = obj({
  apiVersion: req({ type: 'string' }),
  kind: req({ type: 'string', oneOf: ['AlertWindows'] }),
  metadata: { type: 'freeObject' },
  spec: req(obj({ sloPeriod: req(duration), page: req(alert), ticket: req(alert) })),
});

/** The catalog of an AlertWindows document, or the problems that stop it. */
export function slothWindowCatalog(input: InputDocument): { catalog?: SlothWindowCatalog; problems: string[]; warnings: string[] } {
  const source = `${input.where} (AlertWindows)`;
  const shapeProblems: string[] = [];
  checkShape(input.value, SHAPE, '', shapeProblems);
  const problems = shapeProblems.map((problem) => `${source}: ${problem}`);
  const warnings: string[] = [];
  if (problems.length > 0) return { problems, warnings };
  const spec = (input.value as any).spec;
  const pairOf = (which: 'page' | 'ticket', speed: 'quick' | 'slow', severity: string): BurnRateWindowPair | undefined => {
    const written = spec[which][speed];
    const percent = written.errorBudgetPercent;
    if (!(percent > 0 && percent <= 100)) {
      problems.push(`${source}: spec.${which}.${speed}.errorBudgetPercent: must be a percentage in (0, 100], got ${percent}`);
      return undefined;
    }
    let shortSeconds = safeDuration(written.shortWindow)!;
    // cdk8s-slo derives every window from recorded 5-minute rates, so no window is shorter than that.
    if (shortSeconds < BASE_WINDOW_SECONDS) {
      warnings.push(`${source}: spec.${which}.${speed}.shortWindow: ${written.shortWindow} is shorter than the 5m rates cdk8s-slo derives its windows from: used 5m (the alert resolves a little later)`);
      shortSeconds = BASE_WINDOW_SECONDS;
    }
    return {
      longSeconds: safeDuration(written.longWindow)!,
      shortSeconds,
      budgetConsumed: roundSignificant(percent / 100),
      severity,
    };
  };
  const page = [pairOf('page', 'quick', 'critical'), pairOf('page', 'slow', 'critical')];
  const ticket = [pairOf('ticket', 'quick', 'warning'), pairOf('ticket', 'slow', 'warning')];
  if (problems.length > 0) return { problems, warnings };
  return {
    catalog: { periodSeconds: safeDuration(spec.sloPeriod)!, page: page as BurnRateWindowPair[], ticket: ticket as BurnRateWindowPair[], source },
    problems,
    warnings,
  };
}

function safeDuration(text: string): number | undefined {
  try {
    const seconds = parsePromDuration(text);
    return seconds > 0 ? seconds : undefined;
  } catch {
    return undefined;
  }
}
