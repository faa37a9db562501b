import { Duration } from 'cdk8s';
import { BurnRateWindowPair } from '../../model/burn-rate';
import { BurnRateWindow } from '../burn-rate-window';

/** A model window pair as the construct-level `BurnRateWindow` users read and pass. */
export function burnRateWindowOf(pair: BurnRateWindowPair): BurnRateWindow {
  return {
    longWindow: Duration.seconds(pair.longSeconds),
    shortWindow: Duration.seconds(pair.shortSeconds),
    budgetConsumed: pair.budgetConsumed,
    severity: pair.severity,
    ...(pair.labels ? { labels: { ...pair.labels } } : {}),
    ...(pair.forSeconds !== undefined ? { for: Duration.seconds(pair.forSeconds) } : {}),
  };
}
