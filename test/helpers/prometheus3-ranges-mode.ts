/**
 * Imported first by a test file, switches that file's promtool runs to Prometheus 3's left-open ranges
 * (see left-open-ranges.ts), so a scenario file imported after it runs its scenarios under them.
 */
import { useRangeSemantics } from './traffic';

useRangeSemantics('prometheus3');
