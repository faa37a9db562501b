/**
 * The length of a time slice: how much time one event of a time-slice indicator stands for. One minute
 * (the default) judges every evaluation as it happens; a longer slice tiles the time line into slices of
 * that length, aligned to multiples of it since the Unix epoch (so to clock hours), each one event judged
 * once, at its end. OpenSLO calls the length `timeSliceWindow`.
 */
import { formatPromDuration, SECONDS_PER_MINUTE } from './duration';
import { error, ValidationIssue } from './validation-issue';

/** The default slice: one minute, judged at every evaluation (the behaviour before slices had a length). */
export const DEFAULT_TIME_SLICE_SECONDS = SECONDS_PER_MINUTE;

/**
 * Slice lengths that tile an hour: whole minutes dividing 60. Every clock hour then holds whole slices,
 * so hourly rollups, calendar periods and the report count whole slices too.
 */
export const TIME_SLICE_LENGTHS_SECONDS: readonly number[] = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60].map((m) => m * SECONDS_PER_MINUTE);

/** Whether a slice of this length is tiled (judged once per slice) rather than judged at every evaluation. */
export function isTiledSlice(sliceSeconds: number | undefined): sliceSeconds is number {
  return sliceSeconds !== undefined && sliceSeconds > DEFAULT_TIME_SLICE_SECONDS;
}

/** Why `seconds` cannot be a slice length (the caller says what it got), or undefined when it can. */
export function timeSliceProblem(seconds: number): string | undefined {
  if (TIME_SLICE_LENGTHS_SECONDS.includes(seconds)) return undefined;
  const allowed = TIME_SLICE_LENGTHS_SECONDS.map(formatPromDuration).join(', ');
  return `must be whole minutes that divide an hour (${allowed}), so that slices align with clock hours`;
}

/** Problems with an indicator's optional slice length at `field`. */
export function timeSliceIssues(field: string, seconds: number | undefined): ValidationIssue[] {
  const problem = seconds === undefined ? undefined : timeSliceProblem(seconds);
  return problem === undefined ? [] : [error(field, `${problem}; got ${seconds} seconds`)];
}

/**
 * Problems with a slice length against the alert windows: a slice is seen up to one slice after it ends,
 * so a long window shorter than a slice would hold no whole slice and alert a slice late at best.
 */
export function timeSliceAlertIssues(field: string, sliceSeconds: number | undefined, longWindowsSeconds: readonly number[]): ValidationIssue[] {
  if (!isTiledSlice(sliceSeconds) || longWindowsSeconds.length === 0) return [];
  const shortest = Math.min(...longWindowsSeconds);
  if (!Number.isInteger(shortest) || shortest <= 0 || sliceSeconds <= shortest) return [];
  return [error(field, `a ${formatPromDuration(sliceSeconds)} slice is longer than the shortest alert window ${formatPromDuration(shortest)}, which then holds no whole slice; use a slice of at most ${formatPromDuration(shortest)} or longer alert windows`)];
}
