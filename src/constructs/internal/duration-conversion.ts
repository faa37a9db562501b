import { Duration } from 'cdk8s';

/**
 * Seconds in a cdk8s Duration, possibly fractional. cdk8s refuses fractional conversions
 * (`Duration.millis(300).toSeconds()` throws), so go through milliseconds.
 */
export function durationSeconds(duration: Duration): number {
  return duration.toMilliseconds() / 1000;
}
