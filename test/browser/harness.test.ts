import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { launchBrowser, screenshot, SCREENSHOT_DIR, useBrowser } from '../support/browser.ts';

// The harness the admin page's browser tests rely on: it must see what goes wrong on a page,
// or "no request failed and the console has no errors" would pass on anything.

const browser = useBrowser();
let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.get('/ok', (_req, res) => {
    res.type('html').send('<!doctype html><title>ok</title><h1>Tudo certo</h1>');
  });
  app.get('/broken', (_req, res) => {
    res
      .type('html')
      .send(
        '<!doctype html><title>broken</title><h1>Quebrada</h1>' +
          '<img src="/missing.png" alt="">' +
          "<script>console.error('falhou de propósito'); undefinedFunction();</script>",
      );
  });
  app.get('/outside', (_req, res) => {
    res.type('html').send('<!doctype html><img src="http://example.com/pixel.png" alt="">');
  });
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('the browser harness', () => {
  it('launches Chromium, and a page that behaves has no problem', async () => {
    expect(browser.browser().isConnected()).toBe(true);
    const { page, allProblems } = await browser.page();
    await page.goto(`${base}/ok`);
    expect(await page.textContent('h1')).toBe('Tudo certo');
    expect(allProblems()).toEqual([]);
  });

  it('catches a console error, a page error and a sub-request answered 404', async () => {
    const { page, problems } = await browser.page();
    await page.goto(`${base}/broken`, { waitUntil: 'load' });
    expect(problems.consoleErrors).toContain('falhou de propósito');
    expect(problems.pageErrors).toEqual([expect.stringContaining('undefinedFunction')]);
    expect(problems.badResponses).toEqual([`GET ${base}/missing.png: 404`]);
  });

  it('never lets a page reach beyond 127.0.0.1: the request is aborted and recorded', async () => {
    const { page, problems } = await browser.page();
    await page.goto(`${base}/outside`, { waitUntil: 'load' });
    expect(problems.failedRequests).toEqual([
      expect.stringMatching(/^GET http:\/\/example\.com\/pixel\.png: net::ERR_BLOCKED_BY_CLIENT/),
    ]);
  });

  it('saves a screenshot as a PNG under the git-ignored folder', async () => {
    const { page } = await browser.page({ viewport: { width: 390, height: 700 } });
    await page.goto(`${base}/ok`);
    const file = await screenshot(page, 'harness ok/page');
    expect(file).toBe(`${SCREENSHOT_DIR}harness-ok-page.png`);
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).size).toBeGreaterThan(1000);
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
  });

  it('fails, saying so, when Chromium cannot start (never a silent skip)', async () => {
    await expect(launchBrowser({ executablePath: '/nonexistent/chromium' })).rejects.toThrow(
      /^Chromium could not start \(\/nonexistent\/chromium\): [^]*The browser tests need it/,
    );
  });

  it('launched within a few seconds', () => {
    expect(browser.launchMs()).toBeLessThan(15_000);
  });
});
