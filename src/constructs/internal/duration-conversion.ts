import { Duration } from 'cdk8s';

/**
 * Seconds in a cdk8s Duration, possibly fractional. cdk8s refuses fractional conversions
 * (`Duration.millis(300).toSeconds()` throws), so go through milliseconds. A Duration that cannot be
 * converted at all (`Duration.days(NaN)`, `Duration.days(Infinity)`, not a Duration) is NaN seconds, so
 * that the prop's validation reports it as `[path] prop: ...` instead of the conversion crashing.
 */
export function durationSeconds(duration: Duration): number {
  try {
    const millis = duration.toMilliseconds();
    return Number.isFinite(millis) ? millis / 1000 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
