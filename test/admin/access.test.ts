import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { TOKEN } from './fixture.ts';
import { adminApp, bearer } from './http-app.ts';

function sessionCookieOf(res: request.Response): string {
  const set = res.headers['set-cookie'] as unknown as string[] | undefined;
  const cookie = set?.find((c) => c.startsWith('admin_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

describe('admin access', () => {
  it('answers 404 everywhere without a token', async () => {
    const app = adminApp({ token: undefined });
    for (const path of [
      '/admin',
      '/admin/login',
      '/admin/api/forecast',
      '/admin/assets/admin.css',
    ]) {
      const res = await request(app).get(path).set(bearer);
      expect(res.status).toBe(404);
    }
  });

  it('redirects a page request without credentials to the login form, and answers the API with 401 JSON', async () => {
    const app = adminApp();
    const page = await request(app).get('/admin');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/admin/login');
    const api = await request(app).get('/admin/api/runs');
    expect(api.status).toBe(401);
    expect(api.body).toEqual({ error: { code: 'unauthorized', message: 'admin token required' } });
  });

  it('takes the token as a bearer, and refuses a wrong one', async () => {
    const app = adminApp();
    expect((await request(app).get('/admin').set(bearer)).status).toBe(200);
    expect((await request(app).get('/admin/api/runs').set(bearer)).status).toBe(200);
    const wrong = await request(app).get('/admin/api/runs').set('Authorization', 'Bearer nope');
    expect(wrong.status).toBe(401);
  });

  it('refuses a wrong token at the login form with 401, the form and a message', async () => {
    const res = await request(adminApp())
      .post('/admin/login')
      .type('form')
      .send({ token: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.text).toContain('Token inválido.');
    expect(res.text).toContain('name="token"');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('answers an oversized login body with 413 and the form, not a stack', async () => {
    const res = await request(adminApp())
      .post('/admin/login')
      .type('form')
      .send({ token: 'x'.repeat(10_000) });
    expect(res.status).toBe(413);
    expect(res.text).toContain('Pedido inválido.');
    expect(res.text).not.toMatch(/at .*\.js:\d+/);
  });

  it('logs in with a session cookie that is not the token, works, and ends at logout', async () => {
    const app = adminApp();
    const login = await request(app).post('/admin/login').type('form').send({ token: TOKEN });
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/admin');
    const cookie = sessionCookieOf(login);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\/admin(;|$)/);
    expect(cookie).not.toMatch(/Secure/); // plain http, no trust proxy
    expect(cookie).not.toContain(TOKEN);
    expect(cookie).not.toContain(encodeURIComponent(TOKEN));
    const pair = cookie.split(';')[0] ?? '';
    expect((await request(app).get('/admin').set('Cookie', pair)).status).toBe(200);
    const logout = await request(app).post('/admin/logout').set('Cookie', pair);
    expect(logout.status).toBe(303);
    expect(sessionCookieOf(logout)).toMatch(/^admin_session=; .*Max-Age=0/);
    // the old cookie no longer opens the page
    expect((await request(app).get('/admin').set('Cookie', pair)).status).toBe(303);
  });

  it('marks the cookie Secure when the request is https (trust proxy set) or when told to', async () => {
    const app = adminApp();
    app.set('trust proxy', true);
    const https = await request(app)
      .post('/admin/login')
      .set('X-Forwarded-Proto', 'https')
      .type('form')
      .send({ token: TOKEN });
    expect(sessionCookieOf(https)).toMatch(/; Secure/);
    const forced = await request(adminApp({ secureCookies: true }))
      .post('/admin/login')
      .type('form')
      .send({ token: TOKEN });
    expect(sessionCookieOf(forced)).toMatch(/; Secure/);
  });

  it('does not trust X-Forwarded-Proto without trust proxy', async () => {
    const res = await request(adminApp())
      .post('/admin/login')
      .set('X-Forwarded-Proto', 'https')
      .type('form')
      .send({ token: TOKEN });
    expect(sessionCookieOf(res)).not.toMatch(/Secure/);
  });

  it('expires a session after its lifetime', async () => {
    let now = 1_000_000;
    const app = adminApp({ now: () => now });
    const login = await request(app).post('/admin/login').type('form').send({ token: TOKEN });
    const pair = sessionCookieOf(login).split(';')[0] ?? '';
    now += 13 * 60 * 60 * 1000;
    expect((await request(app).get('/admin').set('Cookie', pair)).status).toBe(303);
  });

  it('sets the security headers on every answer, the 404 and the login included', async () => {
    for (const [app, path] of [
      [adminApp({ token: undefined }), '/admin'],
      [adminApp(), '/admin/login'],
      [adminApp(), '/admin/api/runs'],
    ] as const) {
      const res = await request(app).get(path);
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });
});
