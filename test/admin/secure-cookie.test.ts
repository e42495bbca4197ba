import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { loadEnv } from '../../src/config/index.ts';
import { jiraConnection } from '../../src/service/jira-connection.ts';
import { createService } from '../../src/service/service.ts';
import { captureLog } from '../support/log-capture.ts';
import { CONFIG } from '../support/world.ts';

const TOKEN = 'admin-token-0123456789abcdef';

/** The service's login answer, for a given PUBLIC_URL (no Jira call is made for it). */
async function loginCookie(publicUrl: string | undefined): Promise<string> {
  const env = loadEnv({
    JIRA_BASE_URL: 'http://127.0.0.1:9',
    JIRA_EMAIL: 'bot@example.com',
    JIRA_API_TOKEN: 'api-token-0123456789',
    WEBHOOK_SECRETS: 'webhook-secret-0123456789',
    ...(publicUrl ? { PUBLIC_URL: publicUrl } : {}),
  });
  const service = createService({
    env,
    config: CONFIG,
    connection: jiraConnection(env),
    log: captureLog('silent').logger,
    webhookSecrets: env.WEBHOOK_SECRETS,
    scheduler: false,
    adminToken: TOKEN,
  });
  try {
    const login = await request(service.app)
      .post('/admin/login')
      .type('form')
      .send({ token: TOKEN });
    expect(login.status).toBe(303);
    return String((login.headers['set-cookie'] as unknown as string[])[0]);
  } finally {
    await service.shutdown();
  }
}

describe("the admin session cookie's Secure flag", () => {
  it('is set when PUBLIC_URL is https, as behind a TLS-terminating proxy', async () => {
    expect(await loginCookie('https://support.example.com')).toMatch(/; Secure$/);
  });

  it('is left out over plain http without an https PUBLIC_URL (a laptop)', async () => {
    expect(await loginCookie(undefined)).not.toMatch(/Secure/);
    expect(await loginCookie('http://10.0.0.5:3000')).not.toMatch(/Secure/);
  });
});
