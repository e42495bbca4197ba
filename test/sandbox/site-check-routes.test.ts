import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.ts';

let sandbox: Sandbox;
let url: string;
const auth = (email: string) => `Basic ${Buffer.from(`${email}:sandbox`).toString('base64')}`;
const get = (path: string, email = 'bot@pixeon.example') =>
  fetch(`${url}${path}`, { headers: { Authorization: auth(email), Accept: 'application/json' } });

beforeAll(async () => {
  sandbox = createSandbox({ demoIssues: false });
  url = (await sandbox.start(0, '127.0.0.1')).url;
});
afterAll(async () => {
  await sandbox.close();
});

describe('GET /rest/api/3/mypermissions', () => {
  it("answers each asked key with the caller's havePermission", async () => {
    const bot = await get(
      '/rest/api/3/mypermissions?projectKey=SUP&permissions=USER_PICKER,ADD_COMMENTS',
    );
    expect(bot.status).toBe(200);
    expect(await bot.json()).toEqual({
      permissions: {
        USER_PICKER: expect.objectContaining({
          key: 'USER_PICKER',
          type: 'GLOBAL',
          havePermission: true,
        }),
        ADD_COMMENTS: expect.objectContaining({
          key: 'ADD_COMMENTS',
          type: 'PROJECT',
          havePermission: true,
        }),
      },
    });
    const customer = await get(
      '/rest/api/3/mypermissions?projectKey=SUP&permissions=ADD_COMMENTS',
      'clinica@cliente.example',
    );
    expect(
      ((await customer.json()) as { permissions: Record<string, { havePermission: boolean }> })
        .permissions.ADD_COMMENTS!.havePermission,
    ).toBe(false);
  });

  it('refuses a request without permissions (400), an unknown key (400) or project (404)', async () => {
    expect((await get('/rest/api/3/mypermissions?projectKey=SUP')).status).toBe(400);
    expect((await get('/rest/api/3/mypermissions?permissions=NOPE')).status).toBe(400);
    expect(
      (await get('/rest/api/3/mypermissions?projectKey=XYZ&permissions=ADD_COMMENTS')).status,
    ).toBe(404);
  });
});

describe('JSM service desks and queues', () => {
  it('lists the seeded service desk', async () => {
    const answer = (await (await get('/rest/servicedeskapi/servicedesk')).json()) as {
      values: Array<{ id: string; projectKey: string }>;
    };
    expect(answer.values.map((d) => [d.id, d.projectKey])).toEqual([['1', 'SUP']]);
  });

  it('queues are for agents only: 200 for the bot, 403 for an account without a licence', async () => {
    expect((await get('/rest/servicedeskapi/servicedesk/1/queue')).status).toBe(200);
    expect((await get('/rest/servicedeskapi/servicedesk/SUP/queue')).status).toBe(200);
    const other = await get(
      '/rest/servicedeskapi/servicedesk/1/queue',
      'recepcao@clinica2.example',
    );
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ errorMessage: expect.any(String) });
    expect((await get('/rest/servicedeskapi/servicedesk/99/queue')).status).toBe(404);
  });
});
