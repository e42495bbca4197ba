import { adfToWiki } from '../adf.ts';
import { jsdPublicOf, type Comment, type Issue, type User } from '../model.ts';
import {
  parseFieldSelection,
  renderIssue,
  renderUser,
  timestamp,
  type RenderContext,
} from '../render.ts';
import type { SandboxEvent } from '../store.ts';

export type WebhookEventName =
  | 'jira:issue_created'
  | 'jira:issue_updated'
  | 'jira:issue_deleted'
  | 'comment_created'
  | 'comment_deleted';

export function webhookEventName(event: SandboxEvent): WebhookEventName {
  switch (event.kind) {
    case 'issue_created':
      return 'jira:issue_created';
    case 'issue_updated':
      return 'jira:issue_updated';
    case 'comment_created':
      return 'comment_created';
    case 'comment_deleted':
      return 'comment_deleted';
    case 'issue_deleted':
      return 'jira:issue_deleted';
  }
}

const NAVIGABLE = parseFieldSelection(['*navigable'], '*navigable');

/**
 * The body Jira Cloud posts to an admin webhook, after the real captures in
 * ../shared/fixtures/jira-webhooks: `self` links under /rest/api/2, rich text rendered to wiki
 * markup strings, comment events without a top-level `user` and with a reduced `issue.fields`.
 */
export function webhookBody(event: SandboxEvent, ctx: RenderContext): Record<string, unknown> {
  const common = { timestamp: event.at, webhookEvent: webhookEventName(event) };
  switch (event.kind) {
    case 'issue_created':
      return {
        ...common,
        issue_event_type_name: 'issue_created',
        user: renderUser(ctx, event.actor),
        issue: fullIssue(ctx, event.issue),
        changelog: { id: event.changelog.id, items: event.changelog.items.map((i) => ({ ...i })) },
      };
    case 'issue_updated':
      return {
        ...common,
        issue_event_type_name: event.eventType,
        user: renderUser(ctx, event.actor),
        issue: fullIssue(ctx, event.issue),
        ...(event.history
          ? {
              changelog: {
                id: event.history.id,
                items: event.history.items.map((i) => ({ ...i })),
              },
            }
          : {}),
        ...(event.comment ? { comment: webhookComment(ctx, event.issue, event.comment) } : {}),
      };
    case 'issue_deleted':
      // The issue as it was; no issue_event_type_name and no changelog.
      return { ...common, user: renderUser(ctx, event.actor), issue: fullIssue(ctx, event.issue) };
    // comment_deleted has comment_created's shape, with the comment as it was
    // (../shared/fixtures/jira-webhooks/webhook-cloud-comment-deleted.json).
    case 'comment_created':
    case 'comment_deleted': {
      const issue = event.issue;
      const full = fullIssue(ctx, issue);
      const fields = full.fields as Record<string, unknown>;
      return {
        ...common,
        comment: webhookComment(ctx, issue, event.comment),
        issue: {
          id: issue.id,
          self: full.self,
          key: issue.key,
          fields: {
            summary: fields.summary,
            issuetype: fields.issuetype,
            project: fields.project,
            assignee: fields.assignee,
            priority: fields.priority,
            status: fields.status,
          },
        },
      };
    }
  }
}

function fullIssue(ctx: RenderContext, issue: Issue) {
  const rendered = renderIssue(ctx, issue, { fields: NAVIGABLE }) as {
    id: string;
    key: string;
    fields: Record<string, unknown>;
  };
  return {
    id: rendered.id,
    self: `${ctx.base}/rest/api/2/issue/${issue.id}`,
    key: rendered.key,
    fields: {
      ...rendered.fields,
      description: issue.description === null ? null : adfToWiki(issue.description),
    },
  };
}

/**
 * A comment's author or updateAuthor as a comment webhook writes it: no email (Jira leaves it out
 * of every webhook user), and no accountType when the profile is private.
 */
function commentUser(ctx: RenderContext, user: User) {
  const { accountType, ...rest } = renderUser(ctx, user);
  return user.privateProfile ? rest : { ...rest, accountType };
}

function webhookComment(ctx: RenderContext, issue: Issue, comment: Comment) {
  const author = ctx.site.findUser(comment.authorId)!;
  const updateAuthor = ctx.site.findUser(comment.updateAuthorId)!;
  return {
    self: `${ctx.base}/rest/api/2/issue/${issue.id}/comment/${comment.id}`,
    id: comment.id,
    author: commentUser(ctx, author),
    body: adfToWiki(comment.body),
    updateAuthor: commentUser(ctx, updateAuthor),
    created: timestamp(ctx, comment.created),
    updated: timestamp(ctx, comment.updated),
    ...(comment.visibility ? { visibility: comment.visibility } : {}),
    jsdPublic: jsdPublicOf(comment),
    // Only an e-mailed comment carries it (no real capture of an ordinary comment has it).
    ...(comment.authorCanSeeRequest === undefined
      ? {}
      : { jsdAuthorCanSeeRequest: comment.authorCanSeeRequest }),
  };
}
