import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { runCommand } from '../support/cli-io.ts';

const STACK_LINE = /\n\s+at /;
let sandbox: Sandbox;
let jiraUrl: string;

beforeAll(async () => {
  sandbox = createSandbox({ demoIssues: false });
  jiraUrl = (await sandbox.start(0, '127.0.0.1')).url;
});
afterAll(async () => {
  await sandbox.close();
});

const envFor = (email: string, token: string) => ({
  JIRA_BASE_URL: jiraUrl,
  JIRA_EMAIL: email,
  JIRA_API_TOKEN: token,
  WEBHOOK_SECRETS: 'a-webhook-secret-123',
  PUBLIC_URL: 'https://support-bot.example.com',
  LOG_LEVEL: 'silent',
});

describe('webhooks against a Jira that refuses', () => {
  it.each(['list', 'register', 'delete'])(
    '%s with a wrong API token (401) exits 2 saying which settings to check',
    async (action) => {
      const { code, stdout, stderr } = await runCommand(
        ['webhooks', action],
        envFor('bot@pixeon.example', 'not-the-token'),
      );
      expect(stderr).toMatch(/Jira refused the credentials \(401\).*JIRA_EMAIL and JIRA_API_TOKEN/);
      expect(stderr).not.toMatch(STACK_LINE);
      expect(stderr).not.toContain('not-the-token');
      expect(stdout).toBe('');
      expect(code).toBe(2);
    },
  );

  it('register with a bot that is not a Jira admin (403) exits 2 and says to create it by hand', async () => {
    const { code, stderr } = await runCommand(
      ['webhooks', 'register'],
      envFor('analista@pixeon.example', 'sandbox'),
    );
    expect(stderr).toMatch(/not a Jira administrator/);
    expect(stderr).toContain('create the webhook by hand in Jira (Settings → System → WebHooks)');
    expect(stderr).not.toMatch(STACK_LINE);
    expect(code).toBe(2);
  });

  it('a working registration still succeeds (the control)', async () => {
    const { code, stdout } = await runCommand(
      ['webhooks', 'register', '--json'],
      envFor('bot@pixeon.example', 'sandbox'),
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ action: 'created' });
    expect(
      (await runCommand(['webhooks', 'delete'], envFor('bot@pixeon.example', 'sandbox'))).code,
    ).toBe(0);
  });
});

describe('webhooks: secrets never reach stderr', () => {
  const TOKEN = 'tok-0123456789-jira-api';
  let server: Server;
  let url: string;
  beforeAll(async () => {
    // A Jira whose error answer quotes the caller's credentials back.
    server = createServer((req, res) => {
      const basic = Buffer.from(String(req.headers.authorization).slice(6), 'base64').toString();
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errorMessages: [`bad credentials ${basic}`], errors: {} }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it.each(['list', 'register', 'delete'])(
    '%s: the API token quoted in a Jira error is blanked, logs included',
    async (action) => {
      const { code, stderr } = await runCommand(['webhooks', action], {
        JIRA_BASE_URL: url,
        JIRA_EMAIL: 'bot@example.com',
        JIRA_API_TOKEN: TOKEN,
        WEBHOOK_SECRETS: 'a-webhook-secret-123',
        PUBLIC_URL: 'https://support-bot.example.com',
        LOG_LEVEL: 'trace',
      });
      expect(stderr).toContain('400 Bad Request');
      expect(stderr).toContain('[redacted]');
      expect(stderr).not.toContain(TOKEN);
      expect(stderr).not.toMatch(STACK_LINE);
      expect(code).toBe(1);
    },
  );
});
