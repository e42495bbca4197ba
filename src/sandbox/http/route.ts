import type { Request, RequestHandler } from 'express';
import type { Issue } from '../model.ts';
import type { RenderContext } from '../render.ts';
import type { Site } from '../site.ts';
import type { SandboxStore } from '../store.ts';
import { ISSUE_NOT_FOUND, JiraHttpError } from './errors.ts';
import { baseUrl, isObject } from './request.ts';

/** One REST operation: its Jira operationId names it in the call statistics. */
export interface Route {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  operation: string;
  handler: RequestHandler;
}

export function renderContext(req: Request, store: SandboxStore): RenderContext {
  return { base: baseUrl(req), site: store.site, users: new Map() };
}

/** The issue named in the path, or Jira's 404. */
export function pathIssue(req: Request, store: SandboxStore): Issue {
  const ref = req.params.issueIdOrKey;
  const issue = typeof ref === 'string' ? store.issue(ref) : undefined;
  if (!issue) throw new JiraHttpError(404, [ISSUE_NOT_FOUND]);
  return issue;
}

export const CANNOT_SET = (field: string) =>
  `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;

export const NOT_ADF =
  'Operation value must be an Atlassian Document (see the Atlassian Document Format)';

/**
 * `{accountId}` (or null) to a user's account id. An unknown user is recorded in `errors` under
 * `field` and answers undefined.
 */
export function userRef(
  site: Site,
  value: unknown,
  field: string,
  errors: Record<string, string>,
): string | null | undefined {
  if (value === null) return null;
  const accountId = isObject(value) ? (value.accountId ?? value.id) : undefined;
  const user = typeof accountId === 'string' ? site.findUser(accountId) : undefined;
  if (!user || user.accountId !== accountId) {
    errors[field] = `User '${String(accountId)}' does not exist.`;
    return undefined;
  }
  return user.accountId;
}

/**
 * Like userRef for the assignee, and Jira's refusal of a user who cannot be assigned issues (an
 * app such as Automation for Jira, a deactivated account, a portal-only customer).
 */
export function assigneeRef(
  site: Site,
  value: unknown,
  errors: Record<string, string>,
): string | null | undefined {
  const accountId = userRef(site, value, 'assignee', errors);
  if (accountId === null || accountId === undefined) return accountId;
  const user = site.user(accountId);
  if (site.isAssignable(user)) return accountId;
  errors.assignee = `User '${user.displayName}' cannot be assigned issues.`;
  return undefined;
}
