import type { Request } from 'express';
import type { User } from '../model.ts';
import type { SandboxStore } from '../store.ts';
import { renderGroupName, renderMyself, renderUserRecord } from '../render.ts';
import { formatJiraTimestamp } from '../jira-time.ts';
import { badRequest, JiraHttpError } from './errors.ts';
import { baseUrl, caller, queryString } from './request.ts';
import { renderContext, type Route } from './route.ts';

function requiredAccountId(req: Request): string {
  const accountId = queryString(req, 'accountId');
  if (!accountId) throw badRequest('The accountId query parameter is required.');
  return accountId;
}

/** Jira Cloud's 404 for an account it does not know (or the caller may not browse). */
export const USER_NOT_FOUND =
  'Specified user does not exist or you do not have required permissions';

/** The user `accountId` names: by account id only, as Jira looks it up (never by email). */
function queriedUser(req: Request, store: SandboxStore): User {
  const accountId = requiredAccountId(req);
  const user = store.site.findUser(accountId);
  if (!user || user.accountId !== accountId) throw new JiraHttpError(404, [USER_NOT_FOUND]);
  return user;
}

export function userRoutes(store: SandboxStore): Route[] {
  return [
    {
      method: 'get',
      path: '/rest/api/3/myself',
      operation: 'getCurrentUser',
      handler: (req, res) => {
        res.json(renderMyself(renderContext(req, store), caller(res)));
      },
    },
    {
      method: 'get',
      path: '/rest/api/3/user',
      operation: 'getUser',
      handler: (req, res) => {
        const user = queriedUser(req, store);
        res.json(renderUserRecord(renderContext(req, store), user));
      },
    },
    {
      method: 'get',
      path: '/rest/api/3/user/groups',
      operation: 'getUserGroups',
      handler: (req, res) => {
        const accountId = requiredAccountId(req);
        const user = store.site.findUser(accountId);
        if (!user || user.accountId !== accountId) {
          throw new JiraHttpError(404, [`The user with account ID '${accountId}' does not exist.`]);
        }
        const ctx = renderContext(req, store);
        res.json(user.groups.map((name) => renderGroupName(ctx, name)));
      },
    },
    {
      method: 'get',
      path: '/rest/api/3/serverInfo',
      operation: 'getServerInfo',
      handler: (req, res) => {
        res.json({
          baseUrl: baseUrl(req),
          displayUrl: baseUrl(req),
          version: '1001.0.0-SNAPSHOT',
          versionNumbers: [1001, 0, 0],
          deploymentType: 'Cloud',
          buildNumber: 100_000,
          buildDate: '2026-01-01T00:00:00.000+0000',
          serverTime: formatJiraTimestamp(store.now(), store.site.zone),
          scmInfo: 'sandbox',
          serverTitle: 'Sandbox Jira',
        });
      },
    },
  ];
}
