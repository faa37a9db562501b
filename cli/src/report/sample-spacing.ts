/**
 * The spacing of an SLO's recorded 5-minute rate samples: its short-window group's interval (60 s by
 * default, 15 s on vmalert unless set otherwise). A report counts events as Σ samples × spacing, so a
 * wrong spacing scales every count (15 s samples counted as 60 s would be 4 times too many).
 *
 * It is not in the recorded series, so it is read from them: the most samples any step holds is a step
 * covered fully, step / spacing samples (ranges hold one end only, see report-queries.ts). The result is
 * snapped to the intervals the rules allow, so a step that holds one sample too many or too few does not
 * skew it. An SLO whose interval changed inside the period is counted at its finest spacing throughout.
 */
import { DEFAULT_SHORT_WINDOW_INTERVAL_SECONDS, SHORT_WINDOW_INTERVALS_SECONDS } from 'cdk8s-slo/lib/model/short-window-interval';

/** The sample spacing in seconds from the sample counts of steps of `stepSeconds`; the default without samples. */
export function sampleSpacingSeconds(stepSeconds: number, sampleCounts: Iterable<number>): number {
  let most = 0;
  for (const count of sampleCounts) {
    if (Number.isFinite(count) && count > most) most = count;
  }
  if (most === 0) return DEFAULT_SHORT_WINDOW_INTERVAL_SECONDS;
  const measured = stepSeconds / most;
  // Nearest on a log scale: 4 samples too many in a 15-minute step of 15 s samples still reads 15 s.
  return SHORT_WINDOW_INTERVALS_SECONDS.reduce((best, interval) =>
    (Math.abs(Math.log(interval / measured)) < Math.abs(Math.log(best / measured)) ? interval : best));
}
