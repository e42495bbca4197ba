import {
  describeStatus,
  type IssueComment,
  type IssueSnapshot,
  type StatusRef,
} from '../domain/index.ts';
import type { Action, Decision } from '../rules/index.ts';

/** The Jira writes the runner makes (the gateway's methods of the same names). */
export interface ActionJira {
  /** the transition taken is not used here, hence unknown */
  transitionTo(issue: IssueSnapshot, target: StatusRef): Promise<unknown>;
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
    const performed: PerformedAction[] = [];
    let lastCommentMs: number | undefined;
    for (const action of decision.actions) {
      switch (action.type) {
        case 'transition':
          await this.jira.transitionTo(issue, action.to);
          break;
        case 'assign':
          await this.jira.assign(issue.key, action.accountId);
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
      performed.push({ type: action.type, summary: describeAction(action), why: action.why });
    }
    return performed;
  }
}

/** Records what would be done and calls nothing: `sweep --dry-run`. */
export class DryRunRecorder implements ActionRunner {
  readonly dryRun = true;
  readonly writes = 0;

  async run(_issue: IssueSnapshot, decision: Decision): Promise<PerformedAction[]> {
    return decision.actions.map((action) => ({
      type: action.type,
      summary: describeAction(action),
      why: action.why,
    }));
  }
}
