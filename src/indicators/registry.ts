/**
 * Every indicator kind by name. The type makes the registry complete: a member of the indicator union
 * without an entry here, or an entry whose module lacks a piece, does not compile.
 *
 * The order matters where kinds are recognized in documents: kinds of one OpenSLO metric form are tried in
 * this order, so the more specific kind comes first (latency before ratio, query before boolGauge,
 * freshness before gaugeThreshold).
 */
import { AVERAGED_ERROR_RATIO } from './averaged-error-ratio';
import { BOOL_GAUGE } from './bool-gauge';
import { FRESHNESS } from './freshness';
import { GAUGE_THRESHOLD } from './gauge-threshold';
import { IndicatorKind, OpenSloReadContext, OpenSloSliQueries } from './indicator-kind';
import { LATENCY } from './latency';
import { NATIVE_LATENCY } from './native-latency';
import { QUERY } from './query';
import { QUERY_THRESHOLD } from './query-threshold';
import { RATIO } from './ratio';
import { Indicator, IndicatorKindName } from '../model/indicator';

type KindRegistry = { readonly [K in IndicatorKindName]: IndicatorKind<Extract<Indicator, { kind: K }>> };

export const INDICATOR_KINDS: KindRegistry = {
  latency: LATENCY,
  ratio: RATIO,
  nativeLatency: NATIVE_LATENCY,
  query: QUERY,
  boolGauge: BOOL_GAUGE,
  freshness: FRESHNESS,
  gaugeThreshold: GAUGE_THRESHOLD,
  averagedErrorRatio: AVERAGED_ERROR_RATIO,
  // Last of the threshold kinds: any query the specific ones do not claim.
  queryThreshold: QUERY_THRESHOLD,
};

/** The logic of an indicator's kind. */
export function kindOf<I extends Indicator>(indicator: I): IndicatorKind<I> {
  // The registry's mapped type guarantees the pairing; TypeScript cannot follow it through an index.
  return INDICATOR_KINDS[indicator.kind] as unknown as IndicatorKind<I>;
}

/** Whether `name` names an indicator kind. */
export function isIndicatorKindName(name: string): name is IndicatorKindName {
  return Object.prototype.hasOwnProperty.call(INDICATOR_KINDS, name);
}

/**
 * The indicator an OpenSLO SLI's queries describe: the first kind of their metric form that recognizes
 * them. `{}` when a kind recognized them but could not read them (it reported why), undefined when none did.
 */
export function indicatorFromOpenSlo(queries: OpenSloSliQueries, context: OpenSloReadContext): { readonly indicator?: Indicator } | undefined {
  for (const kind of Object.values(INDICATOR_KINDS) as IndicatorKind<Indicator>[]) {
    if (kind.fromOpenSlo?.metric !== queries.metric) continue;
    const result = kind.fromOpenSlo.read(queries, context);
    if (result !== undefined) return result;
  }
  return undefined;
}
