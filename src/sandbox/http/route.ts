import type { Request, RequestHandler } from 'express';
import type { Issue } from '../model.ts';
import type { RenderContext } from '../render.ts';
import type { SandboxStore } from '../store.ts';
import { ISSUE_NOT_FOUND, JiraHttpError } from './errors.ts';
import { baseUrl } from './request.ts';

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
