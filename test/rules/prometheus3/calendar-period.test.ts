/**
 * The scenarios of ../calendar-period.test.ts, unchanged, with the rules and the checks selecting ranges as
 * Prometheus 3 does (left-open; emulated on promtool 2.42, see test/helpers/left-open-ranges.ts).
 */
import '../../helpers/prometheus3-ranges-mode';
import '../calendar-period.test';
