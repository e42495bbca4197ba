import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OpenAPIBackend } from 'openapi-backend';
import {
  adf,
  ANALYST,
  CUSTOMER,
  jql,
  PRIVATE_CUSTOMER,
  startSandbox,
  type Json,
  type TestSandbox,
} from './helpers.ts';

const specFile = fileURLToPath(
  new URL('../../../shared/jira-openapi/jira-platform-v3.json', import.meta.url),
);
const available = existsSync(specFile);
if (!available) {
  console.warn(
    `SKIPPED: OpenAPI conformance suite, ${specFile} is absent (../shared is not beside the checkout)`,
  );
}

/**
 * Atlassian's description needs small fixes before a validator accepts Jira's real answers. Each
 * is made in memory, minimally:
 * - `Fields.issuetype` is a `$ref` with a sibling `description`, which OpenAPI 3.0 forbids.
 * - `ChangeDetails.from/to/fromString/toString` are plain strings, but Jira writes null for an
 *   empty side of a change (the description's own getChangeLogs example has `"from": null`).
 */
function patchedSpec(): Json {
  const spec = JSON.parse(readFileSync(specFile, 'utf8'));
  const schemas = spec.components.schemas;
  delete schemas.Fields.properties.issuetype.description;
  for (const side of ['from', 'fromString', 'to', 'toString']) {
    schemas.ChangeDetails.properties[side].nullable = true;
  }
  return spec;
}

// Jira writes `2026-02-13T17:00:00.000-0300`: its real timestamp format, which is what must hold.
const FORMATS: Record<string, (value: string) => boolean> = {
  'date-time': (v) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}$/.test(v),
  date: (v) => /^\d{4}-\d\d-\d\d$/.test(v),
  uri: (v) => URL.canParse(v),
  url: (v) => URL.canParse(v),
  uuid: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
};

(available ? describe : describe.skip)(
  'conformance with the Jira Cloud REST API v3 description',
  () => {
    let api: OpenAPIBackend;
    let t: TestSandbox;

    beforeAll(async () => {
      api = new OpenAPIBackend({
        definition: patchedSpec(),
        quick: true,
        customizeAjv: (ajv) => {
          for (const [name, validate] of Object.entries(FORMATS))
            ajv.addFormat(name, { type: 'string', validate });
          return ajv;
        },
      });
      await api.init();
      t = await startSandbox({ demoIssues: true });
      const { store } = t.sandbox;
      store.setProperty('SUP-1', 'support.reminder', { cycle: 1 });
      store.addComment(
        'SUP-1',
        { body: 'Nota', properties: [{ key: 'sd.public.comment', value: { internal: true } }] },
        { by: ANALYST },
      );
      store.addComment(
        'SUP-1',
        { body: 'Só suporte', visibility: { type: 'group', value: 'suporte' } },
        { by: ANALYST },
      );
    });
    afterAll(() => t?.close());

    /**
     * Calls the sandbox, then checks that the description has this operation at this path, that it
     * declares the status code, and that the body matches the schema of that code.
     */
    async function conforms(
      operationId: string,
      method: string,
      path: string,
      expectedStatus: number,
      options: { body?: unknown; as?: string | null } = {},
    ) {
      const response = await t.api(method, path, options);
      expect({ operationId, status: response.status }).toEqual({
        operationId,
        status: expectedStatus,
      });
      const url = new URL(path, t.url);
      const operation = api.matchOperation({
        method,
        path: url.pathname,
        headers: {},
        query: Object.fromEntries(url.searchParams),
      });
      expect(operation?.operationId).toBe(operationId);
      expect(Object.keys(operation!.responses ?? {})).toContain(String(response.status));
      if (response.status === 204) expect(response.text).toBe('');
      // An empty answer is "no body": openapi-backend reads that as null.
      const body = response.text === '' ? null : response.body;
      const result = api.validateResponse(body, operation!, response.status);
      expect({ operationId, status: response.status, errors: result.errors ?? [] }).toEqual({
        operationId,
        status: response.status,
        errors: [],
      });
      return response;
    }

    it('GET /myself', async () => {
      await conforms('getCurrentUser', 'GET', '/rest/api/3/myself', 200);
      await conforms('getCurrentUser', 'GET', '/rest/api/3/myself', 401, { as: null });
    });

    it('GET /serverInfo', async () => {
      await conforms('getServerInfo', 'GET', '/rest/api/3/serverInfo', 200);
    });

    it('GET /mypermissions', async () => {
      const path = '/rest/api/3/mypermissions';
      await conforms(
        'getMyPermissions',
        'GET',
        `${path}?projectKey=SUP&permissions=BROWSE_PROJECTS,USER_PICKER`,
        200,
      );
      await conforms('getMyPermissions', 'GET', `${path}?projectKey=SUP`, 400);
      await conforms(
        'getMyPermissions',
        'GET',
        `${path}?projectKey=NOPE&permissions=BROWSE_PROJECTS`,
        404,
      );
    });

    it('GET /user/groups', async () => {
      const analyst = t.sandbox.site.user(ANALYST).accountId;
      await conforms(
        'getUserGroups',
        'GET',
        `/rest/api/3/user/groups?accountId=${encodeURIComponent(analyst)}`,
        200,
      );
      await conforms('getUserGroups', 'GET', '/rest/api/3/user/groups?accountId=nobody', 404);
    });

    it('GET /user, a private profile included', async () => {
      for (const email of [ANALYST, PRIVATE_CUSTOMER]) {
        const accountId = encodeURIComponent(t.sandbox.site.user(email).accountId);
        await conforms('getUser', 'GET', `/rest/api/3/user?accountId=${accountId}`, 200);
      }
      await conforms('getUser', 'GET', '/rest/api/3/user?accountId=nobody', 404);
    });

    it('GET /project/{key}/statuses', async () => {
      await conforms('getAllStatuses', 'GET', '/rest/api/3/project/SUP/statuses', 200);
      await conforms('getAllStatuses', 'GET', '/rest/api/3/project/NOPE/statuses', 404);
    });

    it('GET /field, the Organizations custom field included', async () => {
      const response = await conforms('getFields', 'GET', '/rest/api/3/field', 200);
      expect(response.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'Organizations',
            custom: true,
            schema: expect.objectContaining({
              custom: 'com.atlassian.servicedesk:sd-customer-organization',
            }),
          }),
        ]),
      );
    });

    it('POST /issue', async () => {
      await conforms('createIssue', 'POST', '/rest/api/3/issue', 201, {
        as: CUSTOMER,
        body: {
          fields: {
            project: { key: 'SUP' },
            issuetype: { name: 'Chamado' },
            summary: 'Novo',
            description: adf('x'),
          },
        },
      });
      await conforms('createIssue', 'POST', '/rest/api/3/issue', 400, { body: { fields: {} } });
    });

    it('GET /issue/{key}, with every field, with the changelog and properties, and 404', async () => {
      await conforms('getIssue', 'GET', '/rest/api/3/issue/SUP-1', 200);
      await conforms(
        'getIssue',
        'GET',
        '/rest/api/3/issue/SUP-2?expand=changelog&properties=*all',
        200,
      );
      await conforms('getIssue', 'GET', '/rest/api/3/issue/SUP-404', 404);
    });

    it('PUT /issue/{key} and PUT /issue/{key}/assignee', async () => {
      await conforms('editIssue', 'PUT', '/rest/api/3/issue/SUP-4', 204, {
        body: { fields: { summary: 'Outro' } },
      });
      await conforms('editIssue', 'PUT', '/rest/api/3/issue/SUP-4', 400, {
        body: { fields: { status: {} } },
      });
      const analyst = t.sandbox.site.user(ANALYST).accountId;
      await conforms('assignIssue', 'PUT', '/rest/api/3/issue/SUP-4/assignee', 204, {
        body: { accountId: analyst },
      });
      await conforms('assignIssue', 'PUT', '/rest/api/3/issue/SUP-4/assignee', 400, {
        body: { accountId: 'x' },
      });
      const app = t.sandbox.site.user('automation@apps.pixeon.example').accountId;
      await conforms('assignIssue', 'PUT', '/rest/api/3/issue/SUP-4/assignee', 400, {
        body: { accountId: app },
      });
    });

    it('DELETE /issue/{key}', async () => {
      const { key } = t.sandbox.store.createIssue({ summary: 'Apagar' }, { silent: true });
      await conforms('deleteIssue', 'DELETE', `/rest/api/3/issue/${key}`, 204);
      await conforms('deleteIssue', 'DELETE', `/rest/api/3/issue/${key}?deleteSubtasks=true`, 404);
    });

    it('GET /issue/{key}/changelog', async () => {
      await conforms('getChangeLogs', 'GET', '/rest/api/3/issue/SUP-2/changelog', 200);
      await conforms(
        'getChangeLogs',
        'GET',
        '/rest/api/3/issue/SUP-2/changelog?startAt=1&maxResults=1',
        200,
      );
      await conforms('getChangeLogs', 'GET', '/rest/api/3/issue/SUP-404/changelog', 404);
    });

    it('GET and POST /issue/{key}/transitions', async () => {
      await conforms('getTransitions', 'GET', '/rest/api/3/issue/SUP-3/transitions', 200);
      await conforms(
        'getTransitions',
        'GET',
        '/rest/api/3/issue/SUP-3/transitions?expand=transitions.fields',
        200,
      );
      await conforms('getTransitions', 'GET', '/rest/api/3/issue/SUP-404/transitions', 404);
      await conforms('doTransition', 'POST', '/rest/api/3/issue/SUP-3/transitions', 400, {
        body: { transition: { id: '61' } },
      });
      await conforms('doTransition', 'POST', '/rest/api/3/issue/SUP-3/transitions', 400, {
        body: { transition: { id: '11' } },
      });
      await conforms('doTransition', 'POST', '/rest/api/3/issue/SUP-3/transitions', 204, {
        body: { transition: { id: '51' } },
      });
    });

    it('GET and POST /issue/{key}/comment, GET and DELETE /issue/{key}/comment/{id}', async () => {
      await conforms(
        'getComments',
        'GET',
        '/rest/api/3/issue/SUP-1/comment?orderBy=-created&expand=properties',
        200,
      );
      const created = await conforms('addComment', 'POST', '/rest/api/3/issue/SUP-1/comment', 201, {
        as: CUSTOMER,
        body: { body: adf('Segue a foto.'), properties: [{ key: 'origem', value: 'portal' }] },
      });
      await conforms('addComment', 'POST', '/rest/api/3/issue/SUP-1/comment', 400, {
        body: { body: 'texto' },
      });
      await conforms(
        'getComment',
        'GET',
        `/rest/api/3/issue/SUP-1/comment/${created.body.id}`,
        200,
      );
      await conforms('getComment', 'GET', '/rest/api/3/issue/SUP-1/comment/1', 404);
      const path = `/rest/api/3/issue/SUP-1/comment/${created.body.id}`;
      await conforms('deleteComment', 'DELETE', path, 400, { as: ANALYST });
      await conforms('deleteComment', 'DELETE', path, 204);
      await conforms('deleteComment', 'DELETE', path, 404);
    });

    it('issue properties', async () => {
      await conforms('setIssueProperty', 'PUT', '/rest/api/3/issue/SUP-3/properties/marker', 201, {
        body: { cycle: 1 },
      });
      await conforms('setIssueProperty', 'PUT', '/rest/api/3/issue/SUP-3/properties/marker', 200, {
        body: { cycle: 2 },
      });
      await conforms('getIssuePropertyKeys', 'GET', '/rest/api/3/issue/SUP-3/properties', 200);
      await conforms('getIssueProperty', 'GET', '/rest/api/3/issue/SUP-3/properties/marker', 200);
      await conforms(
        'deleteIssueProperty',
        'DELETE',
        '/rest/api/3/issue/SUP-3/properties/marker',
        204,
      );
      await conforms('getIssueProperty', 'GET', '/rest/api/3/issue/SUP-3/properties/marker', 404);
      await conforms(
        'deleteIssueProperty',
        'DELETE',
        '/rest/api/3/issue/SUP-3/properties/marker',
        404,
      );
    });

    it('GET and POST /search/jql', async () => {
      const path = '/rest/api/3/search/jql';
      await conforms(
        'searchAndReconsileIssuesUsingJql',
        'GET',
        `${path}?jql=${jql('project = SUP')}&maxResults=2`,
        200,
      );
      await conforms(
        'searchAndReconsileIssuesUsingJql',
        'GET',
        `${path}?jql=${jql('project = SUP ORDER BY key ASC')}&fields=*all&expand=changelog&properties=*all`,
        200,
      );
      await conforms(
        'searchAndReconsileIssuesUsingJql',
        'GET',
        `${path}?jql=${jql('summary ~ x')}`,
        400,
      );
      await conforms('searchAndReconsileIssuesUsingJqlPost', 'POST', path, 200, {
        body: { jql: 'project = SUP', fields: ['summary', 'status'], maxResults: 1 },
      });
      await conforms('searchAndReconsileIssuesUsingJqlPost', 'POST', path, 400, {
        body: { jql: 'foo = bar' },
      });
    });

    it('the removed /search answers 410, which the description (still listing it) does not declare', async () => {
      const operation = api.matchOperation({
        method: 'GET',
        path: '/rest/api/3/search',
        headers: {},
        query: {},
      });
      expect(operation?.operationId).toBe('searchForIssuesUsingJql');
      expect(operation?.deprecated).toBe(true);
      expect((await t.api('GET', `/rest/api/3/search?jql=${jql('project = SUP')}`)).status).toBe(
        410,
      );
    });

    it('covers every /rest/api/3 operation the sandbox serves', async () => {
      const { apiRoutes } = await import('../../src/sandbox/http/app.ts');
      const served = apiRoutes(t.sandbox.store, { list: () => [] } as never)
        .filter((route) => route.path.startsWith('/rest/api/3/'))
        .map((route) => route.operation)
        .filter(
          (operation) =>
            !['searchForIssuesUsingJql', 'searchForIssuesUsingJqlPost'].includes(operation),
        );
      const tested = [
        'getCurrentUser',
        'getServerInfo',
        'getMyPermissions',
        'getUserGroups',
        'getUser',
        'getAllStatuses',
        'getFields',
        'createIssue',
        'getIssue',
        'editIssue',
        'assignIssue',
        'deleteIssue',
        'getChangeLogs',
        'getTransitions',
        'doTransition',
        'getComments',
        'addComment',
        'getComment',
        'deleteComment',
        'setIssueProperty',
        'getIssuePropertyKeys',
        'getIssueProperty',
        'deleteIssueProperty',
        'searchAndReconsileIssuesUsingJql',
        'searchAndReconsileIssuesUsingJqlPost',
      ];
      expect([...served].sort()).toEqual([...tested].sort());
      for (const operationId of served) expect(api.getOperation(operationId)).toBeDefined();
    });
  },
);

describe('the admin webhook REST shape (not in the v3 description)', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  it('matches what Jira answers: self, name, url, events, filters, excludeBody, enabled, lastUpdated*', async () => {
    const created = await t.api('POST', '/rest/webhooks/1.0/webhook', {
      body: {
        name: 'support-middleware',
        url: 'https://support.example/webhooks/jira',
        events: ['comment_created', 'jira:issue_updated'],
        filters: { 'issue-related-events-section': 'project = SUP' },
        excludeBody: false,
        secret: 'write-only',
      },
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(
      [
        'enabled',
        'events',
        'excludeBody',
        'filters',
        'lastUpdated',
        'lastUpdatedDisplayName',
        'lastUpdatedUser',
        'name',
        'self',
        'url',
      ].sort(),
    );
    expect(created.body.self).toMatch(/\/rest\/webhooks\/1\.0\/webhook\/\d+$/);
    expect(typeof created.body.lastUpdated).toBe('number');
    const listed = await t.api('GET', '/rest/webhooks/1.0/webhook');
    expect(Array.isArray(listed.body)).toBe(true);
    expect(listed.body[0]).toEqual(created.body);
  });
});
