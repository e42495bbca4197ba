import { Semaphore } from 'async-mutex';
import pLimit, { type LimitFunction } from 'p-limit';
import type { IssueSnapshot } from '../domain/index.ts';
import {
  errorMessage,
  isPermanentJiraError,
  isTransientJiraError,
  type CallCounter,
} from '../jira/index.ts';
import { acquireAll, type IssueGuard } from './issue-guard.ts';
import { failedIssue, type Reread, type SweepKind, type SweptIssue } from './issue-sweeper.ts';
import type { RunPolicy } from './run-policy.ts';
import { SWEEP_READ as READ, type SweepJira } from './sweep-jira.ts';

/**
 * Issues read again before acting that may be in hand at once, in multiples of `concurrency`: one
 * batch is acted on while the next is read, and no more, so that no issue waits long between its
 * fresh read and its writes.
 */
export const READ_AHEAD_BATCHES = 2;

/** Issues taken from the search pages and not yet done, at most: a bound on memory, not on calls. */
export const ISSUES_IN_HAND = 500;

/** One issue done: its entry, the calls spent on it (its share of shared reads included), and
 * its place in the order the searches found the issues. */
export interface FinishedIssue {
  entry: SweptIssue;
  calls: number;
  order: number;
}

/** How the issues of one search are worked on (the per-issue sweeper, for one status of one project). */
export interface SearchWork {
  kind: SweepKind;
  /** whether the issue is about to be closed or reminded, and is read again just before */
  wantsFreshRead(issue: IssueSnapshot): boolean;
  sweep(issue: IssueSnapshot, reread?: Reread): Promise<SweptIssue>;
}

export interface SweepPagesOptions {
  jira: Pick<SweepJira, 'searchIssues' | 'rereadIssues'>;
  calls: Pick<CallCounter, 'measure'>;
  policy: RunPolicy;
  /** issues worked on side by side, and the size of a batch of fresh reads */
  concurrency: number;
  /** held from an issue's fresh read to its last write (the webhook path's per-issue lock) */
  guard: IssueGuard;
  /** each issue as it finishes, in whatever order Jira answers */
  onFinished(finished: FinishedIssue): void;
}

type Done = Omit<FinishedIssue, 'order'>;
type Finish = (order: number, done: Done | undefined) => void;
type Found = { issue: IssueSnapshot; order: number };

/**
 * The mechanics of a sweep: search pages read ahead of the work (the next page is read while the
 * current one is worked on, within the issues-in-hand bound), issues side by side in `concurrency`
 * slots, and the issues about to be closed or reminded read again in one `rereadIssues` call per
 * batch of `concurrency`, with at most READ_AHEAD_BATCHES batches in hand. Room is taken a batch
 * or a page at a time (first come, first served) and given back an issue at a time: a weighted
 * semaphore, where p-limit bounds whole tasks. The run's policy decides what starts.
 */
export class SweepPages {
  private readonly options: SweepPagesOptions;
  private readonly issueSlots: LimitFunction;
  private readonly readAhead: Semaphore;
  private readonly inHand = new Semaphore(ISSUES_IN_HAND);
  private readonly pagesInHand: Array<Promise<void>> = [];
  private found = 0;

  constructor(options: SweepPagesOptions) {
    this.options = options;
    this.issueSlots = pLimit(options.concurrency);
    this.readAhead = new Semaphore(READ_AHEAD_BATCHES * options.concurrency);
  }

  /**
   * Reads a search page by page and starts each page's issues. Resolves once the search is read to
   * its end or the policy stops the run, with issues possibly still in hand (see `settle`); a page
   * that cannot be read rejects.
   */
  async search(jql: string, work: SearchWork): Promise<void> {
    const { jira, calls, policy } = this.options;
    const pages = jira.searchIssues(jql, READ);
    const fetchPage = () => {
      const fetched = calls.measure(() => pages.next());
      fetched.catch(() => undefined); // a prefetch nobody waits for must not go unhandled
      return fetched;
    };
    let next = fetchPage();
    while (policy.mayStart()) {
      const { value: result, calls: searchCalls } = await next;
      if (result.done) break;
      // Room for the page's issues first: pages are read ahead of the work, but not far.
      const room = Math.min(result.value.length, ISSUES_IN_HAND);
      if (room > 0) await this.inHand.acquire(room);
      next = fetchPage(); // the next page is read while this one is worked on
      this.pagesInHand.push(this.workPage(result.value, searchCalls, work, room));
    }
  }

  /** Waits until every issue in hand is done: whatever stopped the run, nothing is left running. */
  async settle(): Promise<void> {
    await Promise.all(this.pagesInHand);
  }

  /**
   * Starts every issue of a page; resolves once they are all done (a bug is given to the policy,
   * never raised here). `room` is what the page holds of the issues-in-hand bound.
   */
  private async workPage(
    page: IssueSnapshot[],
    searchCalls: number,
    work: SearchWork,
    room: number,
  ): Promise<void> {
    const searchShare = page.length > 0 ? searchCalls / page.length : 0;
    let holding = room;
    const finish: Finish = (order, done) => {
      if (holding > 0) {
        holding--;
        this.inHand.release(1);
      }
      if (done) this.options.onFinished({ ...done, order });
    };
    try {
      const rereads: Found[] = [];
      const direct: Found[] = [];
      for (const issue of page) {
        (work.wantsFreshRead(issue) ? rereads : direct).push({ issue, order: this.found++ });
      }
      const tasks = direct.map(async ({ issue, order }) => {
        let done: Done | undefined;
        try {
          done = await this.issueSlots(() => this.workGuarded(issue, work, searchShare));
        } finally {
          finish(order, done);
        }
      });
      const { concurrency } = this.options;
      for (let i = 0; i < rereads.length; i += concurrency) {
        tasks.push(this.workBatch(rereads.slice(i, i + concurrency), work, searchShare, finish));
      }
      // Every issue is waited for, even after one fails unexpectedly: nothing is left running.
      for (const result of await Promise.allSettled(tasks))
        if (result.status === 'rejected') this.options.policy.noteBug(result.reason);
    } catch (error) {
      this.options.policy.noteBug(error);
    } finally {
      // Only left when the page failed before its issues were started.
      if (holding > 0) this.inHand.release(holding);
      holding = 0;
    }
  }

  /**
   * Issues to be closed or reminded, read again together just before acting. The batch waits for
   * read-ahead room first; each issue gives its room back when done, so one slow issue (a 429
   * waited out) holds up only itself.
   */
  private async workBatch(
    batch: Found[],
    work: SearchWork,
    searchShare: number,
    finish: Finish,
  ): Promise<void> {
    const { jira, calls, policy } = this.options;
    await this.readAhead.acquire(batch.length);
    if (!policy.mayStart()) {
      for (const { order } of batch) {
        this.readAhead.release(1);
        finish(order, undefined);
      }
      return;
    }
    // Held from before the fresh read until each issue is done, so that what is acted on is what
    // was read: a delivery for one of them waits, and is decided after the sweep's writes.
    const held = await acquireAll(
      this.options.guard,
      batch.map(({ issue }) => issue.key),
    );
    const give = (found: Found, done: Done | undefined) => {
      held.get(found.issue.key)?.();
      this.readAhead.release(1);
      finish(found.order, done);
    };
    let fresh: Map<string, IssueSnapshot>;
    let readCalls: number;
    try {
      ({ value: fresh, calls: readCalls } = await calls.measure(() =>
        jira.rereadIssues(
          batch.map(({ issue }) => issue),
          READ,
        ),
      ));
    } catch (error) {
      const transient = isTransientJiraError(error);
      if (!transient && !isPermanentJiraError(error)) {
        policy.noteBug(error);
        for (const found of batch) give(found, undefined);
        return;
      }
      // Jira failed or refused: each issue of the batch failed with it, its share of the search spent.
      const reason = errorMessage(error);
      policy.noteOutcome(transient, reason);
      for (const found of batch) {
        give(found, {
          entry: failedIssue(found.issue.key, work.kind, reason, transient),
          calls: searchShare,
        });
      }
      return;
    }
    const shared = searchShare + readCalls / batch.length;
    await Promise.all(
      batch.map(async (found) => {
        let done: Done | undefined;
        try {
          const reread = { issue: fresh.get(found.issue.key) };
          done = await this.workIssue(found.issue, work, shared, reread);
        } finally {
          give(found, done);
        }
      }),
    );
  }

  /** An issue decided from its search page: held while it is read fresh and acted on. */
  private async workGuarded(
    issue: IssueSnapshot,
    work: SearchWork,
    shared: number,
  ): Promise<Done | undefined> {
    if (!this.options.policy.mayStart()) return undefined;
    const release = await this.options.guard.acquire(issue.key);
    try {
      return await this.workIssue(issue, work, shared);
    } finally {
      release();
    }
  }

  /** One issue, if the policy lets it start; `shared` is its share of the reads made for it. */
  private async workIssue(
    issue: IssueSnapshot,
    work: SearchWork,
    shared: number,
    reread?: Reread,
  ): Promise<Done | undefined> {
    const { calls, policy } = this.options;
    if (!policy.mayStart()) return undefined;
    try {
      const { value: entry, calls: own } = await calls.measure(() => work.sweep(issue, reread));
      policy.noteOutcome(entry.outcome === 'failed' && entry.transient === true, entry.reason);
      return { entry, calls: own + shared };
    } catch (error) {
      policy.noteBug(error); // raised once the issues in hand are done
      return undefined;
    }
  }
}
