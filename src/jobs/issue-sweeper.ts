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
  decidePending,
  decideValidation,
  type Decision,
  type JudgedComment,
  type RuleName,
  type SweepContext,
  type SweepDecision,
  type SweepRule,
  type ValidationWindow,
} from '../rules/index.ts';
import type { SweepJira } from './sweep-jira.ts';
import type { SweepMode } from './sweep-mode.ts';
import { OUTCOME_OF_RULE, type PlannedIssue } from './sweep-report.ts';
import type { WriteBudget } from './write-budget.ts';

/** The two statuses the sweep looks at: awaiting the customer's validation, or their answer. */
export type SweepKind = 'validation' | 'pending';

/** One issue's final entry in the report; `transient` tells the run's policy how a failure was. */
export type SweptIssue = PlannedIssue & { transient?: boolean };

/** The issue as read again just before acting; undefined when Jira no longer returned it. */
export interface Reread {
  issue: IssueSnapshot | undefined;
}

export interface IssueSweeperOptions {
  jira: Pick<SweepJira, 'commentsSince' | 'userGroups'>;
  runner: ActionRunner;
  budget: WriteBudget;
  botAccountId: string;
  nowMs: number;
  mode: SweepMode;
}

/** Repairs of missed webhooks: what the light catch-up run does. Closing waits for the nightly run. */
const CATCH_UP_RULES = new Set<RuleName>(['customer-reply', 'customer-rejection']);

const RULES: Record<SweepKind, SweepRule> = {
  validation: decideValidation,
  pending: decidePending,
};

/** The entry of an issue whose work failed on a Jira error. */
export function failedIssue(
  key: string,
  kind: SweepKind,
  reason: string,
  transient: boolean,
): SweptIssue {
  return {
    issue: key,
    status: kind,
    outcome: 'failed',
    rule: 'none',
    reason,
    actions: [],
    transient,
  };
}

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
    if (reread && !reread.issue) {
      return {
        issue: issue.key,
        status: kind,
        outcome: 'no-action',
        rule: 'none',
        reason: 'no longer found when read again (deleted, or out of reach)',
        actions: [],
      };
    }
    try {
      return await this.decideAndAct(reread?.issue ?? issue, kind, project);
    } catch (error) {
      if (
        error instanceof TransitionUnavailableError &&
        statusMatches(error.target, error.status)
      ) {
        // Moved to the target meanwhile, by another run (a CLI sweep beside this one) or a person.
        const reason = `already in "${error.status.name}"`;
        return {
          issue: issue.key,
          status: kind,
          outcome: 'no-action',
          rule: 'none',
          reason,
          actions: [],
        };
      }
      const transient = isTransientJiraError(error);
      // A refusal of this issue (a 4xx, a transition it no longer has) is this issue's alone.
      const refused = error instanceof TransitionUnavailableError || isPermanentJiraError(error);
      if (!transient && !refused) throw error;
      return failedIssue(issue.key, kind, errorMessage(error), transient);
    }
  }

  private async decideAndAct(
    issue: IssueSnapshot,
    kind: SweepKind,
    project: ProjectConfig,
  ): Promise<SweptIssue> {
    const { budget, runner, nowMs } = this.options;
    const context = this.context(issue, project);
    const verdict = await this.decide(context, kind);
    const decision = this.withinMode(verdict.decision);
    const entry = {
      issue: issue.key,
      status: kind,
      ...windowOf(context, verdict.window),
      rule: decision.rule,
      reason: decision.reason,
    };
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
      return { ...entry, outcome: 'blocked', reason: error.message, actions: [] };
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
      verdict.window?.enteredAtMs ?? enteredCurrentStatus(issue)?.atMs ?? issue.createdMs ?? 0;
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
        issue,
        project,
        botAccountId,
        groupsOf: (accountId) => jira.userGroups(accountId),
      });
      judged.push({ ...comment, customer });
    }
    return judged;
  }

  /** The catch-up run only repairs missed replies; the rest is left for the nightly sweep. */
  private withinMode(decision: Decision): Decision {
    if (this.options.mode !== 'catch-up' || CATCH_UP_RULES.has(decision.rule)) return decision;
    return { rule: 'none', actions: [], reason: `${decision.reason} (left for the nightly sweep)` };
  }

  private context(issue: IssueSnapshot, project: ProjectConfig): SweepContext {
    return {
      issue,
      project,
      calendar: projectCalendar(project),
      nowMs: this.options.nowMs,
      botAccountId: this.options.botAccountId,
    };
  }
}

/** When the issue's validation window closes, as the report shows it. */
function windowOf(
  context: SweepContext,
  window: ValidationWindow | undefined,
): Pick<PlannedIssue, 'closesAt' | 'lastBusinessDay'> {
  if (!window) return {};
  return {
    closesAt: context.calendar.zone.formatInstant(window.closesAtMs),
    lastBusinessDay: window.lastBusinessDay,
  };
}
