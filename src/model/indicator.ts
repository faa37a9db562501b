/**
 * Service level indicators as plain data. Each variant says how to count bad and total events over five
 * minutes; everything longer is derived from those two counts by the rule generator. Each kind's type and
 * logic live in its own module under `src/indicators/`; this is the union of them.
 */
import type { AveragedErrorRatioIndicator } from '../indicators/averaged-error-ratio';
import type { BoolGaugeIndicator } from '../indicators/bool-gauge';
import type { FreshnessIndicator } from '../indicators/freshness';
import type { GaugeThresholdIndicator } from '../indicators/gauge-threshold';
import type { LatencyIndicator } from '../indicators/latency';
import type { NativeLatencyIndicator } from '../indicators/native-latency';
import type { QueryIndicator } from '../indicators/query';
import type { QueryThresholdIndicator } from '../indicators/query-threshold';
import type { RatioIndicator } from '../indicators/ratio';

export type {
  AveragedErrorRatioIndicator, BoolGaugeIndicator,
  FreshnessIndicator, GaugeThresholdIndicator, LatencyIndicator, NativeLatencyIndicator, QueryIndicator, QueryThresholdIndicator, RatioIndicator,
};

export type Indicator =
  | RatioIndicator | LatencyIndicator | NativeLatencyIndicator | BoolGaugeIndicator | QueryIndicator
  | FreshnessIndicator | GaugeThresholdIndicator | AveragedErrorRatioIndicator | QueryThresholdIndicator;

/** The name of an indicator kind, e.g. `ratio`. */
export type IndicatorKindName = Indicator['kind'];
