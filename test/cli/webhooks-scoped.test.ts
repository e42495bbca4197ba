import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { useNock } from '../setup/no-network.ts';
import { runCommand } from '../support/cli-io.ts';

// `webhooks` through Atlassian's gateway, the base URL a scoped API token needs. nock stands in
// for api.atlassian.com: the test never leaves the process.

useNock();

const GATEWAY = 'https://api.atlassian.com';
const CLOUD = '/ex/jira/0f5a0e8c-1b2c-4d3e-8f90-a1b2c3d4e5f6';
const SECRET = 'a-webhook-secret-123';
const TOKEN = 'scoped-token-0123456789';
const ENV = {
  JIRA_BASE_URL: `${GATEWAY}${CLOUD}`,
  JIRA_SITE_URL: 'https://example.atlassian.net',
  JIRA_EMAIL: 'bot@pixeon.example',
  JIRA_API_TOKEN: TOKEN,
  WEBHOOK_SECRETS: SECRET,
  PUBLIC_URL: 'https://support-bot.example.com',
  LOG_LEVEL: 'silent',
};
const BOT = { accountId: 'bot-1', displayName: 'Bot', accountType: 'atlassian' };
// What the gateway answers a scoped token without the scope an endpoint needs.
const SCOPE_MISMATCH = { code: 401, message: 'Unauthorized; scope does not match' };

beforeEach(() => {
  nock.cleanAll();
});
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
});

describe('webhooks with a scoped API token (api.atlassian.com/ex/jira/{cloudId})', () => {
  it('list works through the gateway, its path prefix kept', async () => {
    nock(GATEWAY).get(`${CLOUD}/rest/webhooks/1.0/webhook`).reply(200, []);
    const { code, stdout } = await runCommand(['webhooks', 'list'], ENV);
    expect(stdout).toBe('no webhook named jira-support-middleware in Jira\n');
    expect(code).toBe(0);
  });

  it.each([401, 403])(
    'register refused (%i) while the token works says a scoped token cannot manage webhooks, and what to register by hand',
    async (status) => {
      nock(GATEWAY)
        .get(`${CLOUD}/rest/webhooks/1.0/webhook`)
        .reply(status, SCOPE_MISMATCH)
        .get(`${CLOUD}/rest/api/3/myself`)
        .reply(200, BOT);
      const { code, stdout, stderr } = await runCommand(['webhooks', 'register'], ENV);
      expect(stderr).toContain('a scoped API token cannot manage admin webhooks');
      expect(stderr).toContain('create the webhook by hand in Jira (Settings → System → WebHooks)');
      expect(stderr).toContain('URL:      https://support-bot.example.com/webhooks/jira');
      expect(stderr).toMatch(/Events: {3}comment_created/);
      expect(stderr).toMatch(/JQL: {6}project in \(.*SUP.*\)/);
      expect(stderr).toContain('Secret:   the first value of WEBHOOK_SECRETS');
      expect(stderr).not.toContain(SECRET);
      expect(stderr).not.toContain(TOKEN);
      expect(stderr).not.toMatch(/revoked|expired/);
      expect(stdout).toBe('');
      expect(code).toBe(2);
    },
  );

  it('register with credentials the gateway refuses everywhere says the credentials are wrong', async () => {
    nock(GATEWAY)
      .get(`${CLOUD}/rest/webhooks/1.0/webhook`)
      .reply(401, SCOPE_MISMATCH)
      .get(`${CLOUD}/rest/api/3/myself`)
      .reply(401, SCOPE_MISMATCH);
    const { code, stderr } = await runCommand(['webhooks', 'register'], ENV);
    expect(stderr).toMatch(
      /Jira refused the credentials \(401\): the credentials are wrong: check JIRA_EMAIL and JIRA_API_TOKEN/,
    );
    expect(stderr).not.toContain('scoped API token cannot');
    expect(code).toBe(2);
  });
});
