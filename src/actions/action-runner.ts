import {
  describeStatus,
  type IssueComment,
  type IssueSnapshot,
  type StatusRef,
} from '../domain/index.ts';
import { isJiraRefusal, refusalText } from '../jira/index.ts';
import type { Action, Decision, TransitionChoice } from '../rules/index.ts';

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
}

/** One action as performed (or, in a dry run, as planned), for logs and reports. */
export interface PerformedAction {
  type: Action['type'];
  summary: string;
  why: string;
  /** Jira refused this step and the decision went on without it (an assignee Jira will not take) */
  refused?: string;
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
  }
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
    let lastCommentMs: number | undefined;
    for (const action of decision.actions) {
      let refused: string | undefined;
      switch (action.type) {
        case 'transition':
          await this.jira.transitionTo(issue, action.to, action.via);
          break;
        case 'assign':
          refused = await this.assign(issue.key, action.accountId);
          break;
        case 'comment':
          lastCommentMs = (
            await this.jira.addComment(issue.key, action.text, {
              internal: action.internal,
              ...(action.properties ? { properties: action.properties } : {}),
            })
          ).createdMs;
          break;
        case 'set-property': {
          const stamp = action.stampWithCommentTime;
          const value =
            stamp && lastCommentMs !== undefined
              ? { ...action.value, [stamp]: new Date(lastCommentMs).toISOString() }
              : action.value;
          await this.jira.setIssueProperty(issue.key, action.key, value);
          break;
        }
      }
      this.writes++;
      performed.push(
        refused === undefined
          ? { type: action.type, summary: describeAction(action), why: action.why }
          : {
              type: action.type,
              summary: `${describeAction(action)} refused by Jira: ${refused}`,
              why: action.why,
              refused,
            },
      );
    }
    return performed;
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
