import { renderTemplate, type ProjectConfig } from '../config/index.ts';
import {
  describeStatus,
  enteredCurrentStatus,
  statusMatches,
  type IssueSnapshot,
  type JiraUser,
} from '../domain/index.ts';
import { noAction, transitionTo, type Action, type RuleDecision } from './actions.ts';
import type { CustomerVerdict } from './customer.ts';
import { markerProperty, type Marker } from './markers.ts';

export interface NewComment {
  id: string;
  author?: JiraUser;
  isPublic: boolean;
  createdMs: number;
}

export interface CommentContext {
  comment: NewComment;
  /** the issue as re-read from Jira now, with its status history */
  issue: IssueSnapshot;
  project: ProjectConfig;
  customer: CustomerVerdict;
  botAccountId: string;
  /** the service's marked comments since the issue entered its status (a reopen note already posted) */
  markers?: readonly Marker[];
}

/**
 * A comment was added (webhook, or found by the sweep). Behaviours B1 and B2 of docs/architecture.md §1: a customer's
 * public comment on a pending issue sends it back to the analysts; on an issue in validation it is
 * a rejection and reopens it. Everything else is no action, with the reason.
 */
export function decideOnComment(context: CommentContext): RuleDecision {
  const { comment, issue, project } = context;
  if (!comment.isPublic)
    return noAction('internal-comment', 'internal comments never count as the customer');
  if (!context.customer.isCustomer) return noAction('not-customer', context.customer.reason);

  const statuses = project.statuses;
  const pending = statusMatches(statuses.pending, issue.status);
  const validation = statusMatches(statuses.validation, issue.status);
  if (!pending && !validation) {
    return noAction(
      'status-not-handled',
      `${issue.key} is in "${issue.status.name}", not pending (${describeStatus(statuses.pending)}) or validation`,
    );
  }

  // A late or replayed delivery of a comment older than the current status (the analyst read it
  // and moved the issue on) must not undo the analyst's move.
  const entered = enteredCurrentStatus(issue);
  if (entered && comment.createdMs < entered.atMs) {
    return noAction(
      'before-current-status',
      `the comment predates the issue entering "${issue.status.name}"`,
    );
  }

  if (pending) {
    return {
      rule: 'customer-reply',
      actions: replyActions(issue, project, context.botAccountId),
      reason: 'customer replied on a pending issue',
      code: 'customer-replied',
    };
  }

  return {
    rule: 'customer-rejection',
    actions: reopenActions(issue, project, entered?.historyId ?? '', context.markers ?? []),
    reason: 'customer commented during validation: the solution was rejected',
    code: 'customer-rejected',
  };
}

/** What the template placeholders say about the issue itself. */
export function issueTemplateValues(issue: IssueSnapshot) {
  return {
    issueKey: issue.key,
    summary: issue.summary ?? '',
    customerName: issue.reporter?.displayName ?? '',
  };
}

/**
 * A customer reply on a pending issue: back to the analyst who asked (if configured), then to the
 * analysts' status. Assigning first: if the move then fails, Jira's retry finds the issue still
 * pending and does both; the other way round, the retry would find it moved and never assign.
 */
export function replyActions(
  issue: IssueSnapshot,
  project: ProjectConfig,
  botAccountId: string,
): Action[] {
  const actions: Action[] = [];
  const asker = enteredCurrentStatus(issue)?.author;
  if (project.assignBackToAnalyst && asker && asker.accountId !== botAccountId) {
    if (issue.assignee?.accountId !== asker.accountId) {
      actions.push({
        type: 'assign',
        accountId: asker.accountId,
        why: 'back to the analyst who asked',
      });
    }
  }
  actions.push(
    transitionTo(project, 'analystQueue', 'the customer answered the request for information'),
  );
  return actions;
}

/**
 * A rejection during validation: an internal note saying why, then back to the analysts. The note
 * comes first and carries a marker of the validation cycle (`cycle`: the changelog id of the entry
 * into validation the comment was made in), so a retry after a failed move does not lose it (the
 * issue would no longer be in validation) nor post it twice.
 */
export function reopenActions(
  issue: IssueSnapshot,
  project: ProjectConfig,
  cycle: string,
  markers: readonly Marker[],
): Action[] {
  const noted = markers.some((m) => m.kind === 'reopen' && m.cycle === cycle);
  return [
    ...(noted
      ? []
      : [
          {
            type: 'comment' as const,
            text: renderTemplate(project.templates.reopenNote, issueTemplateValues(issue)),
            internal: true,
            properties: markerProperty('reopen', cycle),
            why: 'tell the analysts why the issue reopened',
          },
        ]),
    transitionTo(project, 'reopen', 'the customer commented during validation'),
  ];
}
