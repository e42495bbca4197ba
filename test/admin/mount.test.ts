import { pathToFileURL } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import express from 'express';
import request from 'supertest';
import { assetsDirectory } from '../../src/admin/http/assets.ts';
import { secretScrubber } from '../../src/domain/index.ts';
import { ServiceMetrics } from '../../src/service/metrics.ts';
import { createLogger } from '../../src/service/logger.ts';
import { createServiceApp } from '../../src/service/service-app.ts';
import { captureLog } from '../support/log-capture.ts';
import { fixtureData, SECRET, TOKEN } from './fixture.ts';

function serviceApp(
  token: string | undefined,
  onView?: (calls: number) => void,
  log = captureLog('info').logger,
) {
  return createServiceApp({
    webhooks: express.Router() as never,
    metrics: new ServiceMetrics({ defaultMetrics: false }),
    log,
    scrubber: secretScrubber({ values: [SECRET, TOKEN] }),
    projects: ['SUP'],
    stopping: () => false,
    jira: () => ({ ready: true, jira: 'ok' }),
    admin: { data: fixtureData(), token, ...(onView ? { onView } : {}) },
  });
}

describe('the service mounts the admin page', () => {
  it('at /admin with the service scrubber, counting views', async () => {
    const views: number[] = [];
    const app = serviceApp(TOKEN, (calls) => views.push(calls));
    const res = await request(app).get('/admin').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(SECRET);
    expect(views).toEqual([3]);
    expect((await request(app).get('/admin')).status).toBe(303);
    expect((await request(app).get('/healthz')).status).toBe(200);
  });

  it('answers 404 at /admin without a token', async () => {
    const res = await request(serviceApp(undefined)).get('/admin/login');
    expect(res.status).toBe(404);
    expect(res.headers['content-security-policy']).toBeDefined();
  });
});

it('never logs the session id, coming or going', async () => {
  const capture = captureLog('info');
  const log = createLogger({ level: 'info', destination: 'stdout', stream: capture.stream });
  const app = serviceApp(TOKEN, undefined, log);
  const login = await request(app).post('/admin/login').type('form').send({ token: TOKEN });
  const pair = String((login.headers['set-cookie'] as unknown as string[])[0]).split(';')[0] ?? '';
  const id = pair.split('=')[1] ?? '';
  expect(id.length).toBeGreaterThan(20);
  expect((await request(app).get('/admin').set('Cookie', pair)).status).toBe(200);
  expect(capture.lines.length).toBeGreaterThan(0);
  expect(capture.text()).not.toContain(id);
  expect(capture.text()).not.toContain(TOKEN);
});

describe('the assets', () => {
  it('are found beside the module (src) and from dist/, in the src tree', () => {
    const src = assetsDirectory();
    expect(src).toMatch(/src\/admin\/http\/assets\/$/);
    const root = src.replace(/src\/admin\/http\/assets\/$/, '');
    const fromDist = pathToFileURL(`${root}dist/admin/http/assets.js`).href;
    expect(assetsDirectory(fromDist)).toBe(src);
    expect(() => assetsDirectory('file:///nowhere/at/all/assets.js')).toThrow(/assets not found/);
  });
});
