/**
 * Firing episodes of an alert from the times of its `ALERTS{alertstate="firing"}` samples: the rule writes
 * one sample per evaluation while firing, so a run of samples one evaluation apart is one episode, and a
 * longer silence means it resolved.
 */
import { SECONDS_PER_MINUTE } from 'cdk8s-slo/lib/model/duration';
import { TimeRange } from 'cdk8s-slo/lib/planning/budget-accounting';

/** One episode: firing from `start` until `end` (the evaluation that no longer found it firing). */
export interface AlertEpisode extends TimeRange {
  /** Still firing at the end of the period. */
  readonly ongoing: boolean;
}

/**
 * Splits sorted sample times into episodes. The evaluation interval is the shortest spacing of the samples
 * (one minute when there is a single sample); a gap of more than 1.5 intervals ends an episode. An
 * episode lasts from its first sample to one interval after its last, clipped to `periodEnd`.
 */
export function alertEpisodes(timestamps: readonly number[], periodEnd: number): AlertEpisode[] {
  if (timestamps.length === 0) return [];
  let interval = Infinity;
  for (let i = 1; i < timestamps.length; i++) {
    const gap = timestamps[i] - timestamps[i - 1];
    if (gap > 0) interval = Math.min(interval, gap);
  }
  if (!Number.isFinite(interval)) interval = SECONDS_PER_MINUTE;

  const episodes: AlertEpisode[] = [];
  let first = timestamps[0];
  let last = timestamps[0];
  const close = () => episodes.push({
    start: first,
    end: Math.min(periodEnd, last + interval),
    ongoing: last + interval * 1.5 > periodEnd,
  });
  for (const time of timestamps.slice(1)) {
    if (time - last > interval * 1.5) {
      close();
      first = time;
    }
    last = time;
  }
  close();
  return episodes;
}
