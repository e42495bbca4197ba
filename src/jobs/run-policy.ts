import { errorMessage, isPermanentJiraError, isTransientJiraError } from '../jira/index.ts';

/** Consecutive transient failures after which Jira is taken to be down for this run. */
export const GIVE_UP_AFTER_FAILURES = 5;

/**
 * When a sweep stops starting issues, and why. A shutdown, Jira down (five transient failures in
 * a row) or a search that failed transiently stop the run with its report (`stoppedEarly`); a bug
 * (anything but a Jira failure) stops it too, and is raised once the issues in hand are done.
 * Jira's permanent refusals never stop it: they are the failure of one issue or one project. The
 * issues in hand are always finished: the policy only decides what starts.
 */
export class RunPolicy {
  private readonly shouldStop: () => boolean;
  private stopped: string | undefined;
  private bug: { error: unknown } | undefined;
  private failuresInARow = 0;

  /** `shouldStop`: asked before each issue is started (a shutdown) */
  constructor(shouldStop: () => boolean = () => false) {
    this.shouldStop = shouldStop;
  }

  /** Why the run stopped before the end, if it did (the next run picks up the rest). */
  get stoppedEarly(): string | undefined {
    return this.stopped;
  }

  /** False once the run must start no more issues. */
  mayStart(): boolean {
    if (this.stopped === undefined && this.shouldStop()) this.stopped = 'shutting down';
    return this.stopped === undefined && this.bug === undefined;
  }

  /** Counted as work completes: five transient failures in a row mean Jira is down for now. */
  noteOutcome(failedTransiently: boolean, reason: string): void {
    if (!failedTransiently) {
      this.failuresInARow = 0;
      return;
    }
    if (++this.failuresInARow >= GIVE_UP_AFTER_FAILURES)
      this.stopped ??= `Jira failed ${this.failuresInARow} times in a row: ${reason}`;
  }

  /** A bug met on the way: no new issue is started, and the first one is raised at the end. */
  noteBug(error: unknown): void {
    this.bug ??= { error };
  }

  /**
   * A project's status look-up or search failed. A permanent refusal (Jira does not have the
   * project, or the bot cannot see it: 400, 403, 404) is that project's: its reason is returned,
   * and the run goes on with the other projects. A transient failure ends the run with its report
   * of what was done so far (the next run picks up the rest); anything else is a bug.
   */
  noteSearchFailure(error: unknown): string | undefined {
    if (isPermanentJiraError(error)) return errorMessage(error);
    if (isTransientJiraError(error)) this.stopped ??= `Jira failed: ${errorMessage(error)}`;
    else this.noteBug(error);
    return undefined;
  }

  /** Raises the bug met on the way, if any: called once the issues in hand are done. */
  raiseBug(): void {
    if (this.bug) throw this.bug.error;
  }
}
