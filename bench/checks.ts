/** Correctness checks: any failed check makes the bench exit non-zero. */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  /** What was found (always shown for a failure). */
  readonly detail: string;
}
