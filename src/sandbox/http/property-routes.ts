import type { SandboxStore } from '../store.ts';
import { badRequest, JiraHttpError } from './errors.ts';
import { jsonBody } from './request.ts';
import { pathIssue, renderContext, type Route } from './route.ts';

/** Jira keeps issue property values up to 32 KB. */
const MAX_VALUE_LENGTH = 32_768;
const MAX_KEY_LENGTH = 255;

function propertyKey(value: unknown): string {
  const key = typeof value === 'string' ? value : '';
  if (key === '' || key.length > MAX_KEY_LENGTH) {
    throw badRequest(`The property key must be 1 to ${MAX_KEY_LENGTH} characters long.`);
  }
  return key;
}

const notFound = (key: string) =>
  new JiraHttpError(404, [`The property with key '${key}' does not exist.`]);

export function propertyRoutes(store: SandboxStore): Route[] {
  return [
    {
      method: 'get',
      path: '/rest/api/3/issue/:issueIdOrKey/properties',
      operation: 'getIssuePropertyKeys',
      handler: (req, res) => {
        const issue = pathIssue(req, store);
        const base = renderContext(req, store).base;
        res.json({
          keys: [...issue.properties.keys()].map((key) => ({
            key,
            self: `${base}/rest/api/3/issue/${issue.key}/properties/${encodeURIComponent(key)}`,
          })),
        });
      },
    },
    {
      method: 'get',
      path: '/rest/api/3/issue/:issueIdOrKey/properties/:propertyKey',
      operation: 'getIssueProperty',
      handler: (req, res) => {
        const issue = pathIssue(req, store);
        const key = propertyKey(req.params.propertyKey);
        if (!issue.properties.has(key)) throw notFound(key);
        res.json({ key, value: issue.properties.get(key) });
      },
    },
    {
      method: 'put',
      path: '/rest/api/3/issue/:issueIdOrKey/properties/:propertyKey',
      operation: 'setIssueProperty',
      handler: (req, res) => {
        const issue = pathIssue(req, store);
        const key = propertyKey(req.params.propertyKey);
        const value = jsonBody(req);
        if (value === undefined) throw badRequest('The property value is missing.');
        if (JSON.stringify(value).length > MAX_VALUE_LENGTH) {
          throw badRequest(
            `The property value is too long: at most ${MAX_VALUE_LENGTH} characters.`,
          );
        }
        const created = store.setProperty(issue.key, key, value);
        res.status(created ? 201 : 200).end();
      },
    },
    {
      method: 'delete',
      path: '/rest/api/3/issue/:issueIdOrKey/properties/:propertyKey',
      operation: 'deleteIssueProperty',
      handler: (req, res) => {
        const issue = pathIssue(req, store);
        const key = propertyKey(req.params.propertyKey);
        if (!store.deleteProperty(issue.key, key)) throw notFound(key);
        res.status(204).end();
      },
    },
  ];
}
