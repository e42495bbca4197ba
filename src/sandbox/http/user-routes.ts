import type { SandboxStore } from '../store.ts';
import { renderGroupName, renderMyself } from '../render.ts';
import { formatJiraTimestamp } from '../jira-time.ts';
import { badRequest, JiraHttpError } from './errors.ts';
import { baseUrl, caller, queryString } from './request.ts';
import { renderContext, type Route } from './route.ts';

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
      path: '/rest/api/3/user/groups',
      operation: 'getUserGroups',
      handler: (req, res) => {
        const accountId = queryString(req, 'accountId');
        if (!accountId) throw badRequest('The accountId query parameter is required.');
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
