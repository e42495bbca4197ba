import { Semaphore } from 'async-mutex';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { ActionRunner } from '../actions/index.ts';
import { projectCalendar, type ProjectConfig, type ProjectsFile } from '../config/index.ts';
import {
  enteredCurrentStatus,
  projectByKey,
  type IssueComment,
  type IssueSnapshot,
  type StatusRef,
} from '../domain/index.ts';
import {
  errorMessage,
  isTransientJiraError,
  TransitionUnavailableError,
  type CallCounter,
  type JiraGateway,
} from '../jira/index.ts';
import {
  decidePending,
  decideValidation,
  VALIDATION_PROPERTY,
  type Decision,
  type JudgedComment,
  type SweepContext,
  type SweepVerdict,
} from '../rules/index.ts';
import {
  emptyCounts,
  OUTCOME_OF_RULE,
  type PlannedIssue,
  type SweepOutcome,
  type SweepReport,
} from './sweep-report.ts';
import { judgeCommentAuthor } from '../processing/comment-author.ts';
import type { SweepMode } from './sweep-mode.ts';

export interface SweepOptions {
  gateway: JiraGateway;
  /** counts the gateway's calls (the transport's observer) */
  calls: CallCounter;
  config: ProjectsFile;
  runner: ActionRunner;
  botAccountId: string;
  nowMs: number;
  log: Logger;
  /** limit to these projects; all configured projects by default */
  projectKeys?: string[];
  /** full: everything in the statuses, auto-close and reminders; catch-up: recent updates, repairs only */
  mode?: SweepMode;
  /** checked before each issue is started: a shutdown finishes the issues in hand and stops */
  shouldStop?: () => boolean;
  /**
   * Issues handled side by side (default 1). One at a time, a sweep waits on every answer and
   * spends far less than the rate limit allows; the service passes JIRA_MAX_CONCURRENCY.
   */
  concurrency?: number;
}

/** Consecutive transient failures after which Jira is taken to be down for this run. */
const GIVE_UP_AFTER_FAILURES = 5;

/** Repairs of missed webhooks: what the light catch-up run does. Closing waits for the nightly run. */
const CATCH_UP_RULES = new Set(['customer-reply', 'customer-rejection']);

/**
 * Issues read again before acting that may be in hand at once, in multiples of `concurrency`: one
 * batch is acted on while the next is read, and no more, so that no issue waits long between its
 * fresh read and its writes.
 */
const READ_AHEAD_BATCHES = 2;

/** Issues taken from the search pages and not yet done, at most: a bound on memory, not on calls. */
const ISSUES_IN_HAND = 500;

type Kind = 'validation' | 'pending';

/** What one issue's work came to, with the calls spent on it (its share of shared reads included). */
interface Done {
  entry: Entry;
  calls: number;
}

/**
 * The sweep (DESIGN 2, behaviours 3 to 6): pages through each project's issues in the validation
 * and pending statuses, decides each with the pure rules, and acts through the runner, within a
 * cap on writes per run. Decide, then act; a dry run is the same path with a recording runner.
 *
 * Issues are worked on side by side, and the next search page is read while the current one is
 * worked on. Issues about to be closed or reminded are read again, in one reconciled search per
 * batch of `concurrency`, just before acting: the writes the customer sees act on Jira as it is
 * now, not as the search page showed it. Up to two such batches are in hand at once, and up to
 * `concurrency` of the other issues, decided from the page itself. The transport under the gateway
 * bounds the requests in flight and paces them once Jira throttles, so the sweep runs at the pace
 * the site's rate limit allows rather than at the pace of one issue's round trips.
 */
export async function runSweep(options: SweepOptions): Promise<SweepReport> {
  const { gateway, calls, config, runner, log } = options;
  const mode = options.mode ?? 'full';
  const started = performance.now();
  const startCalls = calls.snapshot();
  const writeCap = config.schedules.maxWritesPerRun;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  const budget = new WriteBudget(writeCap, runner.writes);
  const issueSlots = pLimit(concurrency);
  // Room is taken a batch or a page at a time (first come, first served) and given back an issue
  // at a time: a weighted semaphore, where p-limit bounds whole tasks.
  const readAhead = new Semaphore(READ_AHEAD_BATCHES * concurrency);
  const inHand = new Semaphore(ISSUES_IN_HAND);
  let stoppedEarly: string | undefined;
  /** a bug met on the way: no new issue is started, and it is raised once the rest are done */
  let unexpected: { error: unknown } | undefined;
  let failuresInARow = 0;

  const projectKeys = options.projectKeys ?? Object.keys(config.projects);
  for (const key of projectKeys) {
    if (!projectByKey(config.projects, key)) throw new Error(`project ${key} is not configured`);
  }

  // Issues are done in whatever order Jira answers; the report lists them in the order found.
  const done: Array<Done & { order: number }> = [];
  let found = 0;
  const finish = (order: number, result: Done | undefined) => {
    if (!result) return;
    done.push({ ...result, order });
    const { entry } = result;
    const line = {
      issue: entry.issue,
      rule: entry.rule,
      reason: entry.reason,
      outcome: entry.outcome,
      dryRun: runner.dryRun,
    };
    if (entry.outcome === 'failed') log.warn(line, 'sweep issue failed');
    else if (entry.actions.length > 0)
      log.info({ ...line, actions: entry.actions }, 'sweep action');
    else log.debug(line, 'sweep no action');
  };

  /** False once the run must start no more issues; the issues in hand are finished. */
  const mayStart = (): boolean => {
    if (stoppedEarly === undefined && options.shouldStop?.()) stoppedEarly = 'shutting down';
    return stoppedEarly === undefined && unexpected === undefined;
  };

  /** Counted as work completes: five transient failures in a row mean Jira is down for now. */
  const noteOutcome = (failedTransiently: boolean, reason: string) => {
    if (!failedTransiently) {
      failuresInARow = 0;
      return;
    }
    if (++failuresInARow >= GIVE_UP_AFTER_FAILURES)
      stoppedEarly ??= `Jira failed ${failuresInARow} times in a row: ${reason}`;
  };

  const sweepOne = async (
    issue: IssueSnapshot,
    kind: Kind,
    project: ProjectConfig,
    shared: number,
    reread?: Reread,
  ): Promise<Done | undefined> => {
    if (!mayStart()) return undefined;
    const { value: entry, calls: own } = await calls.measure(() =>
      sweepIssue(issue, kind, project, options, mode, budget, reread),
    );
    noteOutcome(entry.outcome === 'failed' && entry.transient === true, entry.reason);
    return { entry, calls: own + shared };
  };

  /**
   * Issues to be closed or reminded, read again together just before acting. The batch waits for
   * read-ahead room first; each issue gives its room back when done, so one slow issue (a 429
   * waited out) holds up only itself.
   */
  const sweepBatch = async (
    batch: Array<{ issue: IssueSnapshot; order: number }>,
    kind: Kind,
    project: ProjectConfig,
    searchShare: number,
    finishIssue: typeof finish,
  ): Promise<void> => {
    await readAhead.acquire(batch.length);
    const give = (order: number, result: Done | undefined) => {
      readAhead.release(1);
      finishIssue(order, result);
    };
    if (!mayStart()) {
      for (const { order } of batch) give(order, undefined);
      return;
    }
    let fresh: Map<string, IssueSnapshot>;
    let readCalls: number;
    try {
      ({ value: fresh, calls: readCalls } = await calls.measure(() =>
        gateway.rereadIssues(
          batch.map(({ issue }) => issue),
          { changelog: true, properties: [VALIDATION_PROPERTY] },
        ),
      ));
    } catch (error) {
      if (!isTransientJiraError(error)) {
        for (const { order } of batch) give(order, undefined);
        throw error;
      }
      const reason = errorMessage(error);
      noteOutcome(true, reason);
      for (const { issue, order } of batch) {
        const entry = { issue: issue.key, status: kind, ...failure(reason, true) };
        give(order, { entry, calls: searchShare });
      }
      return;
    }
    const shared = searchShare + readCalls / batch.length;
    await Promise.all(
      batch.map(async ({ issue, order }) => {
        let result: Done | undefined;
        try {
          result = await sweepOne(issue, kind, project, shared, { issue: fresh.get(issue.key) });
        } finally {
          give(order, result);
        }
      }),
    );
  };

  /**
   * Starts every issue of a page; resolves once they are all done. `room` is what the page holds
   * of the issues-in-hand bound, given back an issue at a time.
   */
  const sweepPage = async (
    page: IssueSnapshot[],
    searchCalls: number,
    kind: Kind,
    project: ProjectConfig,
    room: number,
  ): Promise<void> => {
    const searchShare = page.length > 0 ? searchCalls / page.length : 0;
    let holding = room;
    const finishIssue = (order: number, result: Done | undefined) => {
      if (holding > 0) {
        holding--;
        inHand.release(1);
      }
      finish(order, result);
    };
    const rereads: Array<{ issue: IssueSnapshot; order: number }> = [];
    const work: Array<Promise<void>> = [];
    for (const issue of page) {
      const order = found++;
      if (wantsFreshRead(issue, kind, project, options, mode)) {
        rereads.push({ issue, order });
        continue;
      }
      work.push(
        (async () => {
          let result: Done | undefined;
          try {
            result = await issueSlots(() => sweepOne(issue, kind, project, searchShare));
          } finally {
            finishIssue(order, result);
          }
        })(),
      );
    }
    for (let i = 0; i < rereads.length; i += concurrency) {
      const batch = rereads.slice(i, i + concurrency);
      work.push(sweepBatch(batch, kind, project, searchShare, finishIssue));
    }
    // Every issue is waited for, even after one fails unexpectedly: nothing is left running.
    const settled = await Promise.allSettled(work);
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  };

  const pagesInHand: Array<Promise<void>> = [];
  try {
    outer: for (const key of projectKeys) {
      const project = config.projects[key]!;
      for (const kind of ['validation', 'pending'] as const) {
        const jql = await statusQuery(
          gateway,
          key,
          kind === 'validation' ? project.statuses.validation : project.statuses.pending,
          mode,
          config,
        );
        if (!jql) {
          log.warn(
            { project: key, status: kind },
            'no Jira status matches the configured one; skipped',
          );
          continue;
        }
        const pages = gateway.searchIssues(jql, {
          changelog: true,
          properties: [VALIDATION_PROPERTY],
        });
        const fetchPage = () => {
          const fetched = calls.measure(() => pages.next());
          fetched.catch(() => undefined); // a prefetch nobody waits for must not go unhandled
          return fetched;
        };
        let next = fetchPage();
        while (mayStart()) {
          const { value: result, calls: searchCalls } = await next;
          if (result.done) break;
          // Room for the page's issues first: pages are read ahead of the work, but not far.
          const room = Math.min(result.value.length, ISSUES_IN_HAND);
          if (room > 0) await inHand.acquire(room);
          next = fetchPage(); // the next page is read while this one is worked on
          const page = sweepPage(result.value, searchCalls, kind, project, room);
          page.catch((error: unknown) => {
            unexpected ??= { error }; // raised at the end; meanwhile no new issue is started
          });
          pagesInHand.push(page);
        }
        if (!mayStart()) break outer;
      }
    }
  } catch (error) {
    // A search that fails ends the run with its report of what was done so far; the next run
    // picks up the rest. Anything else is a bug, raised once the issues in hand are done.
    if (isTransientJiraError(error)) stoppedEarly ??= `Jira failed: ${errorMessage(error)}`;
    else unexpected ??= { error };
  }
  // The issues in hand are finished, whatever stopped the run: nothing is left running.
  for (const result of await Promise.allSettled(pagesInHand)) {
    if (result.status === 'rejected') unexpected ??= { error: result.reason };
  }
  if (unexpected) throw unexpected.error;

  const counts = emptyCounts();
  const issues: Partial<Record<SweepOutcome, string[]>> = {};
  const plan: PlannedIssue[] = [];
  const spent = { closed: 0, notDue: 0 };
  done.sort((a, b) => a.order - b.order);
  for (const { entry, calls: callsSpent } of done) {
    counts[entry.outcome]++;
    (issues[entry.outcome] ??= []).push(entry.issue);
    if (entry.outcome === 'closed') spent.closed += callsSpent;
    if (entry.outcome === 'not-due') spent.notDue += callsSpent;
    if (entry.actions.length > 0 || entry.outcome === 'failed' || entry.outcome === 'deferred')
      plan.push(entry);
  }

  const end = calls.snapshot();
  const report: SweepReport = {
    mode,
    dryRun: runner.dryRun,
    now: new Date(options.nowMs).toISOString(),
    projects: projectKeys,
    startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
    durationMs: Math.round(performance.now() - started),
    counts,
    issues,
    plan,
    jiraCalls: {
      total: end.total - startCalls.total,
      retries: end.retries - startCalls.retries,
      byOperation: difference(end.byOperation, startCalls.byOperation),
      perClosedIssue: counts.closed > 0 ? round(spent.closed / counts.closed) : null,
      perNotDueIssue: counts['not-due'] > 0 ? round(spent.notDue / counts['not-due']) : null,
    },
    writes: runner.writes,
    writeCap,
    ...(stoppedEarly ? { stoppedEarly } : {}),
  };
  log.info(
    {
      counts,
      jiraCalls: report.jiraCalls.total,
      durationMs: report.durationMs,
      mode,
      dryRun: runner.dryRun,
    },
    'sweep finished',
  );
  return report;
}

/**
 * The per-run cap on writes. Issues in hand side by side reserve their writes before acting, so
 * the cap holds however they interleave; a reservation is kept even when the issue fails half way
 * (how many of its writes reached Jira is not known), which errs on the side of fewer writes.
 */
class WriteBudget {
  private reserved: number;
  readonly cap: number;

  constructor(cap: number, alreadyWritten: number) {
    this.cap = cap;
    this.reserved = alreadyWritten;
  }

  reserve(writes: number): boolean {
    if (this.reserved + writes > this.cap) return false;
    this.reserved += writes;
    return true;
  }
}

/**
 * Whether an issue is about to be closed or reminded, judged from its search page: such writes
 * are seen by the customer, and act on the issue as read again just before them.
 */
function wantsFreshRead(
  issue: IssueSnapshot,
  kind: Kind,
  project: ProjectConfig,
  options: SweepOptions,
  mode: SweepMode,
): boolean {
  if (kind !== 'validation' || mode !== 'full') return false;
  const planned = decideValidation(sweepContext(issue, project, options)).window;
  return (
    planned !== undefined &&
    (options.nowMs >= planned.closesAtMs ||
      (planned.reminderAtMs !== undefined && options.nowMs >= planned.reminderAtMs))
  );
}

function sweepContext(
  issue: IssueSnapshot,
  project: ProjectConfig,
  options: SweepOptions,
): SweepContext {
  return {
    issue,
    project,
    calendar: projectCalendar(project),
    nowMs: options.nowMs,
    botAccountId: options.botAccountId,
  };
}

async function statusQuery(
  gateway: JiraGateway,
  projectKey: string,
  status: StatusRef,
  mode: SweepMode,
  config: ProjectsFile,
): Promise<string | undefined> {
  const ids = await gateway.statusIds(projectKey, status);
  if (ids.length === 0) return undefined;
  const recent =
    mode === 'catch-up' ? ` AND updated >= -${config.schedules.catchUpLookbackMinutes}m` : '';
  return `project = ${projectKey} AND status in (${ids.join(', ')})${recent} ORDER BY key ASC`;
}

type Entry = PlannedIssue & { transient?: boolean };

/** The issue as read again just before acting; undefined when Jira no longer returned it. */
interface Reread {
  issue: IssueSnapshot | undefined;
}

function failure(reason: string, transient: boolean): Omit<Entry, 'issue' | 'status'> {
  return { outcome: 'failed', rule: 'none', reason, actions: [], transient };
}

async function sweepIssue(
  issue: IssueSnapshot,
  kind: Kind,
  project: ProjectConfig,
  options: SweepOptions,
  mode: SweepMode,
  budget: WriteBudget,
  reread?: Reread,
): Promise<Entry> {
  const { gateway, runner } = options;
  const context = sweepContext(issue, project, options);
  const decide = kind === 'validation' ? decideValidation : decidePending;
  const base = { issue: issue.key, status: kind } as const;
  try {
    if (reread && !reread.issue) {
      return {
        ...base,
        outcome: 'no-action',
        rule: 'none',
        reason: 'no longer found when read again (deleted, or out of reach)',
        actions: [],
      };
    }
    const current = reread?.issue ?? issue;
    const freshContext = { ...context, issue: current };
    let verdict: SweepVerdict = decide(freshContext);
    if (verdict.kind === 'read-comments') {
      const since =
        verdict.window?.enteredAtMs ??
        enteredCurrentStatus(current)?.atMs ??
        current.createdMs ??
        0;
      const comments = await judge(
        await gateway.commentsSince(current.key, since),
        current,
        project,
        options,
      );
      verdict = decide({ ...freshContext, comments });
    }
    if (verdict.kind !== 'decided') throw new Error('unreachable: comments were read');
    const window = verdict.window
      ? {
          closesAt: context.calendar.zone.formatInstant(verdict.window.closesAtMs),
          lastBusinessDay: verdict.window.lastBusinessDay,
        }
      : {};
    let decision: Decision = verdict.decision;
    if (mode === 'catch-up' && !CATCH_UP_RULES.has(decision.rule)) {
      decision = {
        rule: 'none',
        actions: [],
        reason: `${decision.reason} (left for the nightly sweep)`,
      };
    }
    const entry = { ...base, ...window, rule: decision.rule, reason: decision.reason };
    if (decision.actions.length === 0) {
      const notDue =
        kind === 'validation' && verdict.window && options.nowMs < verdict.window.closesAtMs;
      return { ...entry, outcome: notDue ? 'not-due' : 'no-action', actions: [] };
    }
    if (!budget.reserve(decision.actions.length)) {
      return {
        ...entry,
        outcome: 'deferred',
        reason: `write cap of ${budget.cap} reached: ${decision.reason}`,
        actions: [],
      };
    }
    const performed = await runner.run(current, decision);
    return {
      ...entry,
      outcome: OUTCOME_OF_RULE[decision.rule],
      actions: performed.map((p) => p.summary),
    };
  } catch (error) {
    const transient = isTransientJiraError(error);
    if (!transient && !(error instanceof TransitionUnavailableError)) throw error;
    return { ...base, ...failure(errorMessage(error), transient) };
  }
}

/** Each comment with the verdict on its author (group look-ups are cached by the gateway). */
async function judge(
  comments: IssueComment[],
  issue: IssueSnapshot,
  project: ProjectConfig,
  options: SweepOptions,
): Promise<JudgedComment[]> {
  const judged: JudgedComment[] = [];
  for (const comment of comments) {
    const customer = await judgeCommentAuthor({
      author: comment.author,
      isPublic: comment.isPublic,
      issue,
      project,
      botAccountId: options.botAccountId,
      groupsOf: (accountId) => options.gateway.userGroups(accountId),
    });
    judged.push({ ...comment, customer });
  }
  return judged;
}

function difference(
  after: Record<string, number>,
  before: Record<string, number>,
): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) {
    const delta = value - (before[key] ?? 0);
    if (delta > 0) result[key] = delta;
  }
  return result;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
