import type { Request, Response } from 'express';
import type { Issue, User } from '../model.ts';
import { renderFieldList } from '../render-fields.ts';
import { SYSTEM_FIELD_IDS } from '../render.ts';
import type { SandboxStore } from '../store.ts';
import { sendJsmError } from './errors.ts';
import { baseUrl, caller, jsonObject, queryInteger } from './request.ts';
import type { Route } from './route.ts';

/**
 * The Jira Service Management REST API (/rest/servicedeskapi) the service reads: a request's
 * participants (read and add) and an organization's users, and the platform's field list that
 * names the Organizations field. Modelled from Atlassian's documentation
 * (developer.atlassian.com/cloud/jira/service-desk/rest/), with no OpenAPI at hand: see
 * src/sandbox/README.md. JSM answers errors as `{errorMessage, i18nErrorMessage}`, not Jira's
 * ErrorCollection.
 */

/** JSM's page size when `limit` is absent, and the most it gives (its documented default). */
const JSM_PAGE_LIMIT = 50;

/** JSM's UserDTO: no accountType; the e-mail only when the profile shows it. */
function renderJsmUser(base: string, user: User) {
  return {
    accountId: user.accountId,
    ...(user.privateProfile ? {} : { emailAddress: user.email }),
    displayName: user.displayName,
    active: user.active,
    timeZone: user.timeZone,
    _links: {
      jiraRest: `${base}/rest/api/2/user?accountId=${encodeURIComponent(user.accountId)}`,
      self: `${base}/rest/api/3/user?accountId=${encodeURIComponent(user.accountId)}`,
    },
  };
}

/** JSM's PagedDTO over account ids, with `start`/`limit` from the query. */
function page(req: Request, store: SandboxStore, accountIds: readonly string[]) {
  const start = queryInteger(req, 'start', 0);
  const limit = Math.min(Math.max(queryInteger(req, 'limit', JSM_PAGE_LIMIT), 1), JSM_PAGE_LIMIT);
  const base = baseUrl(req);
  const values = accountIds
    .slice(start, start + limit)
    .map((id) => renderJsmUser(base, store.site.user(id)));
  return {
    size: values.length,
    start,
    limit,
    isLastPage: start + values.length >= accountIds.length,
    values,
    _links: { base, context: '', self: `${base}${req.path}` },
  };
}

/** The request in the path, or JSM's 404 (`undefined` once answered). */
function pathRequest(req: Request, res: Response, store: SandboxStore): Issue | undefined {
  const ref = req.params.issueIdOrKey;
  const issue = typeof ref === 'string' ? store.issue(ref) : undefined;
  if (!issue) sendJsmError(res, 404, 'The request could not be found.');
  return issue;
}

/** Portal-only customers may not list an organization's users: agents and admins may. */
function isAgent(user: User): boolean {
  return user.accountType === 'atlassian';
}

export function jsmRequestRoutes(store: SandboxStore): Route[] {
  return [
    {
      method: 'get',
      path: '/rest/api/3/field',
      operation: 'getFields',
      handler: (_req, res) => {
        res.json(renderFieldList(SYSTEM_FIELD_IDS));
      },
    },
    {
      method: 'get',
      path: '/rest/servicedeskapi/request/:issueIdOrKey/participant',
      operation: 'getRequestParticipants',
      handler: (req, res) => {
        const issue = pathRequest(req, res, store);
        if (issue) res.json(page(req, store, issue.participantIds));
      },
    },
    {
      method: 'post',
      path: '/rest/servicedeskapi/request/:issueIdOrKey/participant',
      operation: 'addRequestParticipants',
      handler: (req, res) => {
        const issue = pathRequest(req, res, store);
        if (!issue) return;
        const ids = jsonObject(req).accountIds;
        if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
          sendJsmError(res, 400, 'accountIds must be a list of account ids.');
          return;
        }
        const unknown = (ids as string[]).find((id) => store.site.findUser(id)?.accountId !== id);
        if (unknown !== undefined) {
          sendJsmError(res, 400, `The user '${unknown}' does not exist.`);
          return;
        }
        if (!isAgent(caller(res))) {
          sendJsmError(res, 403, 'You do not have permission to add participants to this request.');
          return;
        }
        store.addParticipants(issue.key, ids as string[]);
        res.json(page(req, store, store.issue(issue.key)!.participantIds));
      },
    },
    {
      method: 'get',
      path: '/rest/servicedeskapi/organization/:organizationId/user',
      operation: 'getOrganizationUsers',
      handler: (req, res) => {
        const id = req.params.organizationId;
        const organization = typeof id === 'string' ? store.site.organization(id) : undefined;
        if (!organization) {
          sendJsmError(res, 404, 'The organization could not be found.');
          return;
        }
        if (!isAgent(caller(res))) {
          sendJsmError(
            res,
            403,
            'You do not have permission to view the users of this organization.',
          );
          return;
        }
        res.json(page(req, store, organization.memberIds));
      },
    },
  ];
}
