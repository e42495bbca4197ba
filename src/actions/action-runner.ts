import {
  describeStatus,
  statusMatches,
  type IssueComment,
  type IssueSnapshot,
  type StatusRef,
} from '../domain/index.ts';
import { isJiraRefusal, refusalText, TransitionUnavailableError } from '../jira/index.ts';
import {
  markerInProperties,
  type Action,
  type Decision,
  type TransitionChoice,
} from '../rules/index.ts';
import { deleteCopy, keepFirstCopy, type FirstCopy } from './first-copy.ts';

/** The Jira calls the runner makes (the gateway's methods of the same names). */
export interface ActionJira {
  /** the transition taken is not used here, hence unknown */
  transitionTo(issue: IssueSnapshot, target: StatusRef, via?: TransitionChoice): Promise<unknown>;
  /**
   * Reads only: the transition transitionTo would take. Throws TransitionBlockedError when it
   * cannot be made (not there, ambiguous, a required field not configured).
   */
  planTransition(issue: IssueSnapshot, target: StatusRef, via?: TransitionChoice): Promise<unknown>;
  assign(key: string, accountId: string): Promise<void>;
  addComment(
    key: string,
    text: string,
    options?: { internal?: boolean; properties?: Record<string, unknown> },
  ): Promise<IssueComment>;
  setIssueProperty(key: string, propertyKey: string, value: Record<string, unknown>): Promise<void>;
  /** comments created at or after `sinceMs`, oldest first, with their properties */
  commentsSince(key: string, sinceMs: number): Promise<IssueComment[]>;
  deleteComment(key: string, commentId: string): Promise<void>;
}

/** One action as performed (or, in a dry run, as planned), for logs and reports. */
export interface PerformedAction {
  type: Action['type'];
  summary: string;
  why: string;
  /** Jira refused this step and the decision went on without it (an assignee Jira will not take) */
  refused?: string;
  /**
   * Part of this step failed and the decision went on: a marked comment posted, but its duplicates
   * not checked or not removed; a duplicate not deleted
   */
  problem?: string;
}

/** Performs a decision's actions in order. A dry run is the same path with a runner that records. */
export interface ActionRunner {
  readonly dryRun: boolean;
  /** write calls made so far (for the sweep's per-run cap) */
  readonly writes: number;
  run(issue: IssueSnapshot, decision: Decision): Promise<PerformedAction[]>;
}

/** The one-line summary of an action. A comment's text is whole: a dry run shows what will be posted. */
export function describeAction(action: Action): string {
  switch (action.type) {
    case 'transition':
      return `transition to ${describeStatus(action.to)}`;
    case 'assign':
      return `assign to ${action.accountId}`;
    case 'comment':
      return `${action.internal ? 'internal note' : 'public comment'}: ${action.text}`;
    case 'set-property':
      return `set issue property ${action.key}`;
    case 'delete-comment':
      return `delete comment ${action.commentId}: ${action.why}`;
  }
}

/**
 * One action as performed, the writes it took, and the comment it left: its creation time, and its
 * id when the copy that stays is this run's.
 */
interface Step {
  performed: PerformedAction;
  writes: number;
  commentMs?: number;
  ownCommentId?: string;
}

export class JiraActionRunner implements ActionRunner {
  readonly dryRun = false;
  writes = 0;
  private readonly jira: ActionJira;

  constructor(jira: ActionJira) {
    this.jira = jira;
  }

  async run(issue: IssueSnapshot, decision: Decision): Promise<PerformedAction[]> {
    // Nothing is promised that cannot be kept: a closing comment without its move, a note saying
    // the issue reopened while it stays put.
    await planMove(this.jira, issue, decision);
    const performed: PerformedAction[] = [];
    const posted: string[] = [];
    let lastCommentMs: number | undefined;
    try {
      for (const action of decision.actions) {
        const step = await this.perform(issue, action, lastCommentMs);
        this.writes += step.writes;
        lastCommentMs = step.commentMs ?? lastCommentMs;
        if (step.ownCommentId !== undefined) posted.push(step.ownCommentId);
        performed.push(step.performed);
      }
    } catch (error) {
      // Someone moved the issue elsewhere between the check and the move: the comment posted for
      // this decision ("encerrado automaticamente", "reaberto") announces what did not happen.
      if (error instanceof TransitionUnavailableError) await this.takeBack(issue.key, posted);
      throw error;
    }
    return performed;
  }

  /** Deletes this run's comments of a decision that came to nothing; a delete that fails is let be. */
  private async takeBack(key: string, commentIds: readonly string[]): Promise<void> {
    for (const id of commentIds) {
      const outcome = await deleteCopy(this.jira, key, id);
      if (outcome.done) this.writes++;
    }
  }

  private async perform(
    issue: IssueSnapshot,
    action: Action,
    lastCommentMs: number | undefined,
  ): Promise<Step> {
    const done = { type: action.type, summary: describeAction(action), why: action.why };
    switch (action.type) {
      case 'transition':
        return this.transition(issue, action);
      case 'assign': {
        const refused = await this.assign(issue.key, action.accountId);
        if (refused === undefined) return { performed: done, writes: 1 };
        const summary = `${done.summary} refused by Jira: ${refused}`;
        return { performed: { ...done, summary, refused }, writes: 1 };
      }
      case 'comment':
        return this.comment(issue, action);
      case 'set-property': {
        const stamp = action.stampWithCommentTime;
        const value =
          stamp && lastCommentMs !== undefined
            ? { ...action.value, [stamp]: new Date(lastCommentMs).toISOString() }
            : action.value;
        await this.jira.setIssueProperty(issue.key, action.key, value);
        return { performed: done, writes: 1 };
      }
      case 'delete-comment': {
        const outcome = await deleteCopy(this.jira, issue.key, action.commentId);
        if (outcome.done) return { performed: done, writes: 1 };
        const summary = `${done.summary} failed: ${outcome.problem}`;
        return { performed: { ...done, summary, problem: outcome.problem }, writes: 1 };
      }
    }
  }

  /**
   * Posts the comment; a marked one (closing, reminder, reopen note) is read back and only its
   * first copy kept (first-copy.ts). The comment that stays is the one a set-property stamps.
   */
  private async comment(
    issue: IssueSnapshot,
    action: Extract<Action, { type: 'comment' }>,
  ): Promise<Step> {
    const posted = await this.jira.addComment(issue.key, action.text, {
      internal: action.internal,
      ...(action.properties ? { properties: action.properties } : {}),
    });
    const done = { type: action.type, summary: describeAction(action), why: action.why };
    const marker = markerInProperties(action.properties);
    if (!marker)
      return { performed: done, writes: 1, commentMs: posted.createdMs, ownCommentId: posted.id };
    const copy = await keepFirstCopy(this.jira, issue, posted, marker);
    const performed: PerformedAction = {
      ...done,
      summary: done.summary + copyNote(posted, copy),
      ...(copy.problem !== undefined ? { problem: copy.problem } : {}),
    };
    return {
      performed,
      writes: 1 + copy.deletes,
      commentMs: copy.kept.createdMs,
      ...(copy.kept.id === posted.id ? { ownCommentId: posted.id } : {}),
    };
  }

  /**
   * The move; one found already made (another run beside this one got there first, after this one
   * posted its comment) is done, with nothing sent.
   */
  private async transition(
    issue: IssueSnapshot,
    action: Extract<Action, { type: 'transition' }>,
  ): Promise<Step> {
    const done = { type: action.type, summary: describeAction(action), why: action.why };
    try {
      await this.jira.transitionTo(issue, action.to, action.via);
      return { performed: done, writes: 1 };
    } catch (error) {
      if (!(error instanceof TransitionUnavailableError && statusMatches(action.to, error.status)))
        throw error;
      return { performed: { ...done, summary: `${done.summary} (already there)` }, writes: 0 };
    }
  }

  /**
   * Assigning back is a courtesy: an analyst Jira will not assign (400 "User 'X' cannot be
   * assigned issues.": left the project, deactivated) must not keep the reply from the analysts.
   */
  private async assign(key: string, accountId: string): Promise<string | undefined> {
    try {
      await this.jira.assign(key, accountId);
      return undefined;
    } catch (error) {
      if (!isJiraRefusal(error)) throw error;
      return refusalText(error);
    }
  }
}

/** What the duplicate check adds to a marked comment's summary; nothing when it found none. */
function copyNote(posted: IssueComment, copy: FirstCopy): string {
  const notes: string[] = [];
  if (copy.kept.id !== posted.id) {
    notes.push(
      `removed as a duplicate: comment ${copy.kept.id}, posted first by another run, stays`,
    );
  } else if (copy.removed.length > 0) {
    notes.push(`removed the later duplicate ${copy.removed.join(', ')} posted by another run`);
  }
  if (copy.problem !== undefined) notes.push(`duplicates not checked: ${copy.problem}`);
  return notes.length > 0 ? ` (${notes.join('; ')})` : '';
}

/** Checks the decision's move, if it has one, before anything is written. */
async function planMove(
  jira: Pick<ActionJira, 'planTransition'>,
  issue: IssueSnapshot,
  decision: Decision,
): Promise<void> {
  const move = decision.actions.find((a) => a.type === 'transition');
  if (move?.type === 'transition') await jira.planTransition(issue, move.to, move.via);
}

/**
 * Records what would be done and writes nothing: `sweep --dry-run`. Given Jira's reads, it checks
 * each move the way a real run would before its first write, so a move that would be blocked is
 * reported blocked.
 */
export class DryRunRecorder implements ActionRunner {
  readonly dryRun = true;
  readonly writes = 0;
  private readonly jira: Pick<ActionJira, 'planTransition'> | undefined;

  constructor(jira?: Pick<ActionJira, 'planTransition'>) {
    this.jira = jira;
  }

  async run(issue: IssueSnapshot, decision: Decision): Promise<PerformedAction[]> {
    if (this.jira) await planMove(this.jira, issue, decision);
    return decision.actions.map((action) => ({
      type: action.type,
      summary: describeAction(action),
      why: action.why,
    }));
  }
}
