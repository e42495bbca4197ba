/**
 * The browser tests' harness: a real headless Chromium (the one the npm package @sparticuz/chromium
 * ships, driven by playwright-core), so no system browser and no download is needed. One browser
 * per test file (useBrowser); each page in a fresh context (no cookies shared), watched for
 * console errors, page errors, failed requests and answers >= 400, so a test can assert that none
 * happened; screenshots under test-artifacts/screenshots/ (git-ignored).
 *
 * Tests never reach the network: Chromium's own background connections are switched off by flags,
 * its host resolver answers nothing but 127.0.0.1, and every request of a page to another host is
 * aborted and recorded as a problem.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from '@jest/globals';
import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = fileURLToPath(
  new URL('../../test-artifacts/screenshots/', import.meta.url),
);

/** No connection of Chromium's own (updates, sync, safe browsing, QUIC probes, DNS prefetch). */
const OFFLINE_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/**
 * @sparticuz/chromium's flags (made for a serverless function), minus those that weaken what a
 * user's browser enforces (the admin page's Content-Security-Policy and same-origin rules must be
 * tested as a person's browser applies them) and --single-process, with which closing one context
 * of several takes the browser down.
 */
const LEFT_OUT_ARGS = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
  '--single-process',
]);

/** What went wrong on a page, each as one line. */
export interface PageProblems {
  /** console.error calls, and Chromium's own error lines (a failed resource load) */
  consoleErrors: string[];
  /** uncaught exceptions in the page */
  pageErrors: string[];
  /** requests that got no answer (refused, aborted, blocked as off-loopback) */
  failedRequests: string[];
  /** answers with a status >= 400, the document's own included */
  badResponses: string[];
}

export interface WatchedPage {
  page: Page;
  problems: PageProblems;
  /** every problem, labelled; [] when the page behaved */
  allProblems(): string[];
  /** closes the page's context */
  close(): Promise<void>;
}

export interface BrowserHandle {
  /** the file's browser (after beforeAll) */
  browser(): Browser;
  /** how long launching it took, in ms */
  launchMs(): number;
  /** a new page in its own context, watched for problems; closed after the file */
  page(options?: BrowserContextOptions): Promise<WatchedPage>;
}

/**
 * Launches Chromium. Throws a message that says what failed: a machine without the libraries
 * Chromium needs must fail the browser tests, never skip them.
 */
export async function launchBrowser(options: { executablePath?: string } = {}): Promise<Browser> {
  let executablePath = options.executablePath;
  try {
    executablePath ??= await sparticuz.executablePath();
    return await chromium.launch({
      executablePath,
      headless: true,
      args: [...sparticuz.args.filter((arg) => !LEFT_OUT_ARGS.has(arg)), ...OFFLINE_ARGS],
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Chromium could not start (${executablePath ?? "@sparticuz/chromium's executablePath() failed"}): ` +
        `${reason}\nThe browser tests need it; on a machine without its shared libraries, ` +
        'install them (ldd on the path above lists the missing ones).',
    );
  }
}

/** One browser for the test file: launched before its tests, closed after them. */
export function useBrowser(): BrowserHandle {
  let browser: Browser | undefined;
  let launchMs = 0;
  const pages: WatchedPage[] = [];
  beforeAll(async () => {
    const started = performance.now();
    browser = await launchBrowser();
    launchMs = performance.now() - started;
  }, 60_000);
  afterAll(async () => {
    for (const page of pages) await page.close();
    await browser?.close();
  });
  const current = () => {
    if (!browser) throw new Error('the browser is not launched (useBrowser() at the top level)');
    return browser;
  };
  return {
    browser: current,
    launchMs: () => launchMs,
    page: async (options) => {
      const watched = await watchedPage(current(), options);
      pages.push(watched);
      return watched;
    },
  };
}

async function watchedPage(
  browser: Browser,
  options?: BrowserContextOptions,
): Promise<WatchedPage> {
  const context = await browser.newContext(options);
  // Loopback only: anything else is aborted (and so recorded as a failed request).
  await context.route(
    (url) =>
      !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && url.protocol !== 'data:',
    (route) => route.abort('blockedbyclient'),
  );
  const page = await context.newPage();
  const problems: PageProblems = {
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    badResponses: [],
  };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  page.on('requestfailed', (request) =>
    problems.failedRequests.push(
      `${request.method()} ${request.url()}: ${request.failure()?.errorText ?? 'failed'}`,
    ),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.badResponses.push(
        `${response.request().method()} ${response.url()}: ${response.status()}`,
      );
    }
  });
  let closed = false;
  return {
    page,
    problems,
    allProblems: () => [
      ...problems.consoleErrors.map((line) => `console error: ${line}`),
      ...problems.pageErrors.map((line) => `page error: ${line}`),
      ...problems.failedRequests.map((line) => `failed request: ${line}`),
      ...problems.badResponses.map((line) => `bad response: ${line}`),
    ],
    close: async () => {
      if (closed) return;
      closed = true;
      await context.close();
    },
  };
}

/**
 * Saves a PNG (of the whole page, or of the viewport) as test-artifacts/screenshots/<name>.png (the name made file-safe) and
 * returns its path.
 */
export async function screenshot(
  page: Page,
  name: string,
  { fullPage = true }: { fullPage?: boolean } = {},
): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = `${SCREENSHOT_DIR}${name.replace(/[^\w.-]+/g, '-')}.png`;
  await page.screenshot({ path: file, fullPage });
  return file;
}
