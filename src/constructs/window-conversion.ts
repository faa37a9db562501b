import { Duration } from 'cdk8s';
import { BurnRateWindow } from './burn-rate-window';
import { BurnRateWindowPair } from '../model/burn-rate';

/** A model window pair as the construct-level `BurnRateWindow` users read and pass. */
export function burnRateWindowOf(pair: BurnRateWindowPair): BurnRateWindow {
  return {
    longWindow: Duration.seconds(pair.longSeconds),
    shortWindow: Duration.seconds(pair.shortSeconds),
    budgetConsumed: pair.budgetConsumed,
    severity: pair.severity,
    ...(pair.labels ? { labels: { ...pair.labels } } : {}),
  };
}
