/**
 * What `doctor` asks a site about its own account: its permissions in a project
 * (GET /rest/api/3/mypermissions, getMyPermissions), the service desks (JSM
 * GET /rest/servicedeskapi/servicedesk) and whether it is an agent of one (a desk's queues are
 * agent-only: GET /rest/servicedeskapi/servicedesk/{id}/queue). Sources: src/sandbox/README.md.
 */
import type { Request, Response } from 'express';
import type { Project } from '../model.ts';
import type { SandboxStore } from '../store.ts';
import { badRequest, JiraHttpError, sendJsmError } from './errors.ts';
import { baseUrl, caller, queryString } from './request.ts';
import type { Route } from './route.ts';

/** The permissions the sandbox knows, as Jira's Get all permissions lists them. */
const PERMISSIONS: Record<string, { id: string; name: string; type: 'PROJECT' | 'GLOBAL' }> = {
  BROWSE_PROJECTS: { id: '10', name: 'Browse Projects', type: 'PROJECT' },
  EDIT_ISSUES: { id: '12', name: 'Edit Issues', type: 'PROJECT' },
  ASSIGN_ISSUES: { id: '13', name: 'Assign Issues', type: 'PROJECT' },
  ADD_COMMENTS: { id: '15', name: 'Add Comments', type: 'PROJECT' },
  USER_PICKER: { id: '27', name: 'Browse users and groups', type: 'GLOBAL' },
  TRANSITION_ISSUES: { id: '46', name: 'Transition Issues', type: 'PROJECT' },
  ADMINISTER: { id: '0', name: 'Administer Jira', type: 'GLOBAL' },
};

function page<T>(values: T[]) {
  return { size: values.length, start: 0, limit: 50, isLastPage: true, values };
}

function desks(store: SandboxStore): Array<Project & { serviceDeskId: string }> {
  return store.site.projects.filter(
    (p): p is Project & { serviceDeskId: string } => p.serviceDeskId !== undefined,
  );
}

function myPermissions(req: Request, res: Response, store: SandboxStore): void {
  const wanted = queryString(req, 'permissions');
  if (!wanted) throw badRequest('The permissions query parameter is required.');
  const projectKey = queryString(req, 'projectKey');
  if (projectKey !== undefined && !store.site.projects.some((p) => p.key === projectKey)) {
    throw new JiraHttpError(404, [`No project could be found with key '${projectKey}'.`]);
  }
  const user = caller(res);
  const granted = new Set(user.permissions ?? []);
  if (user.siteAdmin) granted.add('ADMINISTER');
  const permissions: Record<string, unknown> = {};
  for (const key of wanted.split(',').map((k) => k.trim())) {
    const known = PERMISSIONS[key];
    if (!known) throw badRequest(`The permission key '${key}' does not exist.`);
    permissions[key] = { ...known, key, description: known.name, havePermission: granted.has(key) };
  }
  res.json({ permissions });
}

export function siteCheckRoutes(store: SandboxStore): Route[] {
  return [
    {
      method: 'get',
      path: '/rest/api/3/mypermissions',
      operation: 'getMyPermissions',
      handler: (req, res) => myPermissions(req, res, store),
    },
    {
      method: 'get',
      path: '/rest/servicedeskapi/servicedesk',
      operation: 'getServiceDesks',
      handler: (req, res) => {
        const base = baseUrl(req);
        res.json(
          page(
            desks(store).map((p) => ({
              id: p.serviceDeskId,
              projectId: p.id,
              projectName: p.name,
              projectKey: p.key,
              _links: { self: `${base}/rest/servicedeskapi/servicedesk/${p.serviceDeskId}` },
            })),
          ),
        );
      },
    },
    {
      method: 'get',
      path: '/rest/servicedeskapi/servicedesk/:serviceDeskId/queue',
      operation: 'getQueues',
      handler: (req, res) => {
        const ref = String(req.params.serviceDeskId);
        // The id, or (as JSM allows) the project's id or key.
        const desk = desks(store).find((p) => [p.serviceDeskId, p.id, p.key].includes(ref));
        if (!desk) return sendJsmError(res, 404, `Service Desk with id ${ref} does not exist.`);
        if (!caller(res).serviceDeskAgent) {
          return sendJsmError(res, 403, 'You do not have permission to access these queues.');
        }
        const jql = `project = ${desk.key} AND resolution = Unresolved ORDER BY created DESC`;
        res.json(page([{ id: '1', name: 'All open', jql, fields: ['issuetype', 'summary'] }]));
      },
    },
  ];
}
