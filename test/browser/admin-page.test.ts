import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { calendarFor, formatIsoDate } from '../../src/calendar/index.ts';
import { serveCommand } from '../../src/cli/commands/serve.ts';
import type { ProjectsFile } from '../../src/config/index.ts';
import { parseJiraDateTime } from '../../src/domain/index.ts';
import type { Service } from '../../src/service/service.ts';
import { screenshot, useBrowser } from '../support/browser.ts';
import { fakeCliIo } from '../support/cli-io.ts';
import { captureLog } from '../support/log-capture.ts';
import { eventually } from '../support/poll.ts';

// The admin page in a real headless Chromium, served by `serve` in the embedded default (what
// `npm start` runs): the demo seed, the token made up for the run, the default cache.

const VALIDATION = 'Tarefa Resolvida – Aguardando Validação do cliente';
const SCRIPT_SUMMARY = '<script>window.__pwned = 1</script> Impressora some da rede';
const BOT = `Basic ${Buffer.from('bot@pixeon.example:sandbox').toString('base64')}`;

const browser = useBrowser();
const signals = new EventEmitter();
let serving: Promise<number>;
let service: Service;
let url: string;
let jira: string;
let token: string;
let config: ProjectsFile;
let scriptKey: string;

async function jiraCall(path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await fetch(`${jira}${path}`, {
    ...init,
    headers: { authorization: BOT, 'content-type': 'application/json', ...init.headers },
  });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status}`);
  return response.status === 204 ? undefined : response.json();
}

/** A customer's issue with a hostile summary, resolved into validation through the REST API. */
async function createScriptIssue(): Promise<string> {
  const created = (await jiraCall('/rest/api/3/issue', {
    method: 'POST',
    body: JSON.stringify({
      fields: { project: { key: 'SUP' }, issuetype: { id: '10010' }, summary: SCRIPT_SUMMARY },
    }),
  })) as { key: string };
  for (const transition of [{ id: '11' }, { id: '41' }]) {
    await jiraCall(`/rest/api/3/issue/${created.key}/transitions`, {
      method: 'POST',
      body: JSON.stringify({
        transition,
        ...(transition.id === '41' ? { fields: { resolution: { name: 'Resolvido' } } } : {}),
      }),
    });
  }
  // Jira's search lags behind writes (the sandbox models it): wait until it sees them.
  await eventually(
    async () =>
      ((await jiraCall('/_sandbox/search')) as { behind: number }).behind === 0 || undefined,
    { what: 'the sandbox search to index the new issue', timeoutMs: 10_000, intervalMs: 100 },
  );
  return created.key;
}

/** Every issue in validation, as Jira reads it, with when it entered the status. */
async function issuesInValidation(): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (let n = 1; ; n++) {
    const response = await fetch(`${jira}/rest/api/3/issue/SUP-${n}?expand=changelog`, {
      headers: { authorization: BOT },
    });
    if (response.status === 404) return found;
    const issue = (await response.json()) as {
      key: string;
      fields: { status: { name: string } };
      changelog: { histories: { created: string; items: { field: string; toString: string }[] }[] };
    };
    if (issue.fields.status.name !== VALIDATION) continue;
    const entries = issue.changelog.histories.filter((h) =>
      h.items.some((i) => i.field === 'status' && i.toString === VALIDATION),
    );
    found.set(issue.key, parseJiraDateTime(entries.at(-1)!.created)!);
  }
}

/** dd/mm/aaaa 00:00: how the page writes a closing moment (always midnight in São Paulo). */
function closingText(closesAt: string): string {
  const [year, month, day] = closesAt.slice(0, 10).split('-');
  return `${day}/${month}/${year} 00:00`;
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${url}/admin`);
  await page.fill('input[name="token"]', token);
  await Promise.all([page.waitForURL(`${url}/admin`), page.click('button[type="submit"]')]);
}

beforeAll(async () => {
  const cli = fakeCliIo({ PORT: '0', SANDBOX_PORT: '0', LOG_LEVEL: 'warn' });
  const started = new Promise<void>((resolve) => {
    serving = serveCommand([], cli.io, {
      signals,
      logStream: captureLog('warn').stream,
      onStarted: (s) => {
        service = s.service;
        url = s.url;
        jira = s.boot.connection.baseUrl;
        token = s.boot.adminToken!;
        config = s.boot.config;
        resolve();
      },
    });
  });
  await started;
  expect(cli.stdout()).toContain(`admin    ${url}/admin   (token: ${token};`);
  scriptKey = await createScriptIssue();
}, 60_000);

afterAll(async () => {
  signals.emit('SIGTERM');
  await serving;
});

describe('the admin page in a browser', () => {
  it('asks for the token, refuses a wrong one, and lets the right one in', async () => {
    const { page, problems } = await browser.page();
    await page.goto(`${url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.fill('input[name="token"]', 'not-the-token');
    await page.click('button[type="submit"]');
    await expect(page.textContent('body')).resolves.toContain('Token inválido.');
    await screenshot(page, 'admin-login');
    await page.fill('input[name="token"]', token);
    await Promise.all([page.waitForURL(`${url}/admin`), page.click('button[type="submit"]')]);
    await expect(page.textContent('h1')).resolves.toBe('Painel do suporte');
    // The wrong token's 401 is the one answer above 400 the page got (Chromium logs it too).
    expect(problems.badResponses).toEqual([`POST ${url}/admin/login: 401`]);
    expect(problems.consoleErrors).toEqual([
      'Failed to load resource: the server responded with a status of 401 (Unauthorized)',
    ]);
    expect([...problems.pageErrors, ...problems.failedRequests]).toEqual([]);
  });

  it('lists every issue in validation with the closing date the calendar gives', async () => {
    const { page, allProblems } = await browser.page({
      locale: 'pt-BR',
      timezoneId: 'America/Sao_Paulo',
      viewport: { width: 1280, height: 1100 },
    });
    await signIn(page);
    const sup = config.projects.SUP!;
    const calendar = calendarFor(sup.calendar);
    const expected = [...(await issuesInValidation())].map(([key, entered]) => ({
      key,
      closesAtMs: calendar.deadline(entered, sup.validation.businessDays).closesAtMs,
      closes: closingText(calendar.deadline(entered, sup.validation.businessDays).closesAt),
    }));
    expected.sort((a, b) => a.closesAtMs - b.closesAtMs);
    expect(expected.length).toBeGreaterThanOrEqual(10);
    const rows = page.locator('#encerramentos tr[data-issue]');
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({
        key: tr.getAttribute('data-issue'),
        closes: tr.querySelector('td.closes')?.textContent?.trim(),
      })),
    );
    // The same issues, in closing order, each closing when the calendar says.
    expect(shown.map((r) => r.closes)).toEqual(expected.map((e) => e.closes));
    expect(new Set(shown.map((r) => r.key))).toEqual(new Set(expected.map((e) => e.key)));
    // The chart: one bar group per day, the demo's company closure among them, named.
    const chart = page.locator('#encerramentos svg').first();
    await expect(chart.getAttribute('role')).resolves.toBe('img');
    await expect(chart.textContent()).resolves.toContain('Recesso');
    await screenshot(page, 'admin-page');
    await screenshot(page, 'admin-page-top', { fullPage: false });
    expect(allProblems()).toEqual([]);
  });

  it('shows a summary with <script> as text, and runs none of it', async () => {
    const { page, allProblems } = await browser.page();
    await signIn(page);
    const row = page.locator(`#encerramentos tr[data-issue="${scriptKey}"]`);
    await expect(row.locator('td').first().textContent()).resolves.toBe(SCRIPT_SUMMARY);
    await expect(page.evaluate('window.__pwned')).resolves.toBe(undefined);
    expect(allProblems()).toEqual([]);
  });

  it('marks the holidays and the company closure of the next months in the calendar', async () => {
    const { page, allProblems } = await browser.page();
    await signIn(page);
    const sup = config.projects.SUP!;
    const calendar = calendarFor(sup.calendar);
    const today = calendar.zone.localDay(Date.now());
    const closure = sup.calendar.closures?.[0] as { date: string; name?: string } | undefined;
    expect(closure?.name).toBe('Recesso da empresa (demonstração)');
    // The first holiday in the months the grids show, found by the calendar (not by the page).
    const months = await page
      .locator('#calendario table.month')
      .evaluateAll((tables) => tables.map((t) => t.getAttribute('data-month')));
    expect(months.length).toBeGreaterThanOrEqual(3);
    let holiday: { date: string; name: string } | undefined;
    for (let day = today - 31; day <= today + 92 && !holiday; day++) {
      const date = formatIsoDate(day);
      const name = calendar.dayOffReason(day);
      if (
        months.includes(date.slice(0, 7)) &&
        name &&
        name !== 'fim de semana' &&
        date !== closure!.date
      )
        holiday = { date, name };
    }
    expect(holiday).toBeDefined();
    const cell = page.locator(`#calendario td[data-date="${holiday!.date}"]`).first();
    await expect(cell.getAttribute('class')).resolves.toMatch(/\bkind-holiday\b/);
    await expect(cell.getAttribute('title')).resolves.toContain(holiday!.name);
    const closed = page.locator(`#calendario td[data-date="${closure!.date}"]`).first();
    await expect(closed.getAttribute('class')).resolves.toMatch(/\bkind-closure\b/);
    await screenshot(page, 'admin-calendar');
    expect(allProblems()).toEqual([]);
  });

  it('shows the last sweep once it ran, and the issue it closed is gone from the forecast', async () => {
    const { page, allProblems } = await browser.page();
    await signIn(page);
    await expect(page.textContent('#execucao')).resolves.toContain('Nenhuma execução');
    const report = await service.sweep('full');
    expect(report.issues.closed).toEqual(['SUP-2']);
    await page.reload();
    const run = page.locator('#execucao article.run[data-mode="full"]');
    await expect(run.count()).resolves.toBe(1);
    await expect(run.textContent()).resolves.toContain('SUP-2');
    await expect(page.locator('#encerramentos tr[data-issue="SUP-2"]').count()).resolves.toBe(0);
    await screenshot(page, 'admin-after-sweep');
    expect(allProblems()).toEqual([]);
  });

  it('fits a phone: no sideways scroll at 390 px', async () => {
    const { page, allProblems } = await browser.page({
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    await signIn(page);
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, 'admin-phone', { fullPage: false });
    expect(allProblems()).toEqual([]);
  });
});
