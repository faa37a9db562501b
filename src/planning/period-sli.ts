import { roundSignificant } from '../model/decimal';

/**
 * The SLI over the SLO window from the recorded burn rate: burn rate = error ratio ÷ error budget, so
 * SLI = 1 − burn rate × budget. Null when either is unknown (no traffic yet gives NaN). Rounded,
 * so that 1 − 0.5 × 0.01 reads 0.995 and not 0.9950000000000001.
 */
export function sliFromPeriodBurnRate(periodBurnRate: number | null, errorBudget: number | null): number | null {
  if (periodBurnRate === null || errorBudget === null || !Number.isFinite(periodBurnRate) || !Number.isFinite(errorBudget)) return null;
  return roundSignificant(1 - periodBurnRate * errorBudget);
}
