import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startService } from '../support/world.ts';

const TOKEN = 'admin-token-0123456789abcdef';

/** The service's login answer, for a given PUBLIC_URL (no Jira call is made for it). */
async function loginCookie(publicUrl: string | undefined): Promise<string> {
  const instance = await startService('http://127.0.0.1:9', {
    env: publicUrl ? { PUBLIC_URL: publicUrl } : {},
    adminToken: TOKEN,
    register: false,
    jiraRetry: { maxAttempts: 1 },
  });
  try {
    const login = await request(instance.service.app)
      .post('/admin/login')
      .type('form')
      .send({ token: TOKEN });
    expect(login.status).toBe(303);
    return String((login.headers['set-cookie'] as unknown as string[])[0]);
  } finally {
    await instance.stop();
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
