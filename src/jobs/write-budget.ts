/**
 * The per-run cap on writes. Issues in hand side by side reserve their writes before acting, so
 * the cap holds however they interleave; a reservation is kept even when the issue fails half way
 * (how many of its writes reached Jira is not known), which errs on the side of fewer writes.
 */
export class WriteBudget {
  readonly cap: number;
  private reservedSoFar: number;

  /** `alreadyWritten`: the runner's writes before the run, which count against the cap. */
  constructor(cap: number, alreadyWritten: number) {
    this.cap = cap;
    this.reservedSoFar = alreadyWritten;
  }

  /** Writes taken so far, those already made before the run included. */
  get reserved(): number {
    return this.reservedSoFar;
  }

  /** Takes `writes` from the budget if they all fit; none are taken otherwise. */
  reserve(writes: number): boolean {
    if (this.reservedSoFar + writes > this.cap) return false;
    this.reservedSoFar += writes;
    return true;
  }
}
