import type { ActionRunner } from '../actions/index.ts';
import { projectCalendar, type ProjectConfig } from '../config/index.ts';
import { enteredCurrentStatus, statusMatches, type IssueSnapshot } from '../domain/index.ts';
import {
  errorMessage,
  isPermanentJiraError,
  isTransientJiraError,
  TransitionBlockedError,
  TransitionUnavailableError,
} from '../jira/index.ts';
import { judgeCommentAuthor } from '../processing/comment-author.ts';
import {
  decideClosed,
  decidePending,
  decideValidation,
  type Decision,
  type JudgedComment,
  type RuleName,
  type SweepContext,
  type SweepDecision,
  type SweepRule,
} from '../rules/index.ts';
import { SWEEP_READ, type SweepJira } from './sweep-jira.ts';
import type { SweepMode } from './sweep-mode.ts';
import {
  changedSince,
  failedIssue,
  gone,
  nothingDone,
  ownReason,
  windowOf,
  type SeenIssue,
} from './sweep-entries.ts';
import { OUTCOME_OF_RULE, type PlannedIssue } from './sweep-report.ts';
import type { WriteBudget } from './write-budget.ts';

/**
 * The statuses the sweep looks at: awaiting the customer's validation, or their answer; and, in
 * the catch-up, closed (a rejection made just before the service closed the issue).
 */
export type SweepKind = 'validation' | 'pending' | 'closed';

/** One issue's final entry in the report; `transient` tells the run's policy how a failure was. */
export type SweptIssue = PlannedIssue & { transient?: boolean };

export { failedIssue, type SeenIssue } from './sweep-entries.ts';

/** The issue as read again just before acting; undefined when Jira no longer returned it. */
export interface Reread {
  issue: IssueSnapshot | undefined;
}

export interface IssueSweeperOptions {
  jira: Pick<SweepJira, 'commentsSince' | 'userGroups' | 'requestMembers' | 'rereadIssues'>;
  runner: ActionRunner;
  budget: WriteBudget;
  botAccountId: string;
  nowMs: number;
  mode: SweepMode;
  /** the catch-up's look-back start: the closes it looks at again (SweepContext.lookbackStartMs) */
  lookbackStartMs?: number;
}

/** Repairs of missed webhooks: what the light catch-up run does. Closing waits for the nightly run. */
const CATCH_UP_RULES = new Set<RuleName>(['customer-reply', 'customer-rejection']);

const RULES: Record<SweepKind, SweepRule> = {
  validation: decideValidation,
  pending: decidePending,
  closed: decideClosed,
};

/**
 * One issue of the sweep: decided with the pure rules (reading its comments when they ask for
 * them), then acted on through the runner within the run's write budget.
 */
export class IssueSweeper {
  private readonly options: IssueSweeperOptions;

  constructor(options: IssueSweeperOptions) {
    this.options = options;
  }

  /**
   * Whether an issue is about to be closed or reminded, judged from its search page: such writes
   * are seen by the customer, and act on the issue as read again just before them.
   */
  wantsFreshRead(issue: IssueSnapshot, kind: SweepKind, project: ProjectConfig): boolean {
    const { mode, nowMs } = this.options;
    if (kind !== 'validation' || mode !== 'full') return false;
    const planned = decideValidation(this.context(issue, project)).window;
    return (
      planned !== undefined &&
      (nowMs >= planned.closesAtMs ||
        (planned.reminderAtMs !== undefined && nowMs >= planned.reminderAtMs))
    );
  }

  /**
   * The issue's final entry. `reread` is the issue as read again just before acting, when it was.
   * A Jira failure (transient, or a refused transition: the issue moved meanwhile) is a failure of
   * this issue; a move that cannot be made as configured is `blocked`; only a bug escapes, as an
   * exception.
   */
  async sweep(
    issue: IssueSnapshot,
    kind: SweepKind,
    project: ProjectConfig,
    reread?: Reread,
  ): Promise<SweptIssue> {
    return (await this.sweepSeen(issue, kind, project, reread)).entry;
  }

  /** sweep(), with the snapshot and window the final entry was decided from. */
  async sweepSeen(
    issue: IssueSnapshot,
    kind: SweepKind,
    project: ProjectConfig,
    reread?: Reread,
  ): Promise<SeenIssue> {
    const seen: Omit<SeenIssue, 'entry'> = { kind, issue: reread?.issue ?? issue };
    const entry = await this.finalEntry(issue, kind, project, reread, seen);
    return { ...seen, entry };
  }

  private async finalEntry(
    issue: IssueSnapshot,
    kind: SweepKind,
    project: ProjectConfig,
    reread: Reread | undefined,
    seen: Omit<SeenIssue, 'entry'>,
  ): Promise<SweptIssue> {
    if (reread && !reread.issue) return gone(issue.key, kind);
    try {
      let planned = await this.plan(reread?.issue ?? issue, kind, project, seen);
      if (!reread && planned.decision.actions.length > 0) {
        // Decided from a search page, which lags behind Jira's writes by seconds: act only on the
        // issue as it is now, and decide again if it changed.
        const fresh = (await this.options.jira.rereadIssues([issue], SWEEP_READ)).get(issue.key);
        if (!fresh) return gone(issue.key, kind);
        if (changedSince(issue, fresh)) planned = await this.plan(fresh, kind, project, seen);
      }
      const entry = await this.act(planned);
      // Only now is the entry this decision's (a reread that finds the issue gone, a move refused
      // meanwhile are no decision's).
      seen.decision = planned.decision;
      return entry;
    } catch (error) {
      if (error instanceof TransitionUnavailableError) {
        // Moved to the target meanwhile, by another run (a CLI sweep beside this one) or a person.
        if (statusMatches(error.target, error.status)) {
          return nothingDone(issue.key, kind, `already in "${error.status.name}"`);
        }
        // A person or another process moved it elsewhere while it was worked on: the decision is void.
        const reason = ownReason(issue.key, error.message);
        return { ...failedIssue(issue.key, kind, reason, false), outcome: 'moved' };
      }
      const transient = isTransientJiraError(error);
      // A refusal of this issue (a 4xx) is this issue's alone.
      if (!transient && !isPermanentJiraError(error)) throw error;
      return failedIssue(issue.key, kind, errorMessage(error), transient);
    }
  }

  /** The decision for the issue as given, and the report entry it makes so far. */
  private async plan(
    issue: IssueSnapshot,
    kind: SweepKind,
    project: ProjectConfig,
    seen?: Omit<SeenIssue, 'entry'>,
  ) {
    const context = this.context(issue, project);
    const verdict = await this.decide(context, kind);
    if (seen) {
      seen.issue = issue;
      if (verdict.window) seen.window = verdict.window;
    }
    const decision = this.withinMode(verdict.decision);
    const entry = {
      issue: issue.key,
      status: kind,
      ...windowOf(context, verdict.window),
      rule: decision.rule,
      reason: decision.reason,
    };
    return { issue, kind, verdict, decision, entry };
  }

  private async act({
    issue,
    kind,
    verdict,
    decision,
    entry,
  }: Awaited<ReturnType<IssueSweeper['plan']>>): Promise<SweptIssue> {
    const { budget, runner, nowMs } = this.options;
    if (decision.actions.length === 0) {
      const notDue = kind === 'validation' && verdict.window && nowMs < verdict.window.closesAtMs;
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
    let performed;
    try {
      performed = await runner.run(issue, decision);
    } catch (error) {
      // Found before anything was written (or Jira refused the move): an admin must act; the
      // run goes on, and this is no sign of Jira being down.
      if (!(error instanceof TransitionBlockedError)) throw error;
      return {
        ...entry,
        outcome: 'blocked',
        reason: ownReason(issue.key, error.message),
        actions: [],
      };
    }
    return {
      ...entry,
      outcome: OUTCOME_OF_RULE[decision.rule],
      actions: performed.map((p) => p.summary),
    };
  }

  /** The rules' final verdict: when they ask for the comments, these are read and judged first. */
  private async decide(context: SweepContext, kind: SweepKind): Promise<SweepDecision> {
    const rule = RULES[kind];
    const verdict = rule(context);
    if (verdict.kind === 'decided') return verdict;
    const { issue } = context;
    const since =
      verdict.sinceMs ??
      verdict.window?.enteredAtMs ??
      enteredCurrentStatus(issue)?.atMs ??
      issue.createdMs ??
      0;
    return rule({ ...context, comments: await this.judgedCommentsSince(context, since) });
  }

  /** Each comment since `sinceMs` with the verdict on its author (group look-ups are cached). */
  private async judgedCommentsSince(
    { issue, project }: SweepContext,
    sinceMs: number,
  ): Promise<JudgedComment[]> {
    const { jira, botAccountId } = this.options;
    const judged: JudgedComment[] = [];
    for (const comment of await jira.commentsSince(issue.key, sinceMs)) {
      const customer = await judgeCommentAuthor({
        author: comment.author,
        isPublic: comment.isPublic,
        authorCanSeeRequest: comment.authorCanSeeRequest,
        issue,
        project,
        botAccountId,
        groupsOf: (accountId) => jira.userGroups(accountId),
        requestMembersOf: (issueKey) => jira.requestMembers(issueKey),
      });
      judged.push({ ...comment, customer });
    }
    return judged;
  }

  /** The catch-up run only repairs missed replies; the rest is left for the nightly sweep. */
  private withinMode(decision: Decision): Decision {
    // A decision to do nothing keeps its reason: nothing is left for the night.
    if (this.options.mode !== 'catch-up' || decision.actions.length === 0) return decision;
    if (CATCH_UP_RULES.has(decision.rule)) return decision;
    return { rule: 'none', actions: [], reason: `${decision.reason} (left for the nightly sweep)` };
  }

  private context(issue: IssueSnapshot, project: ProjectConfig): SweepContext {
    return {
      issue,
      project,
      calendar: projectCalendar(project),
      nowMs: this.options.nowMs,
      botAccountId: this.options.botAccountId,
      lookbackStartMs: this.options.lookbackStartMs,
    };
  }
}
