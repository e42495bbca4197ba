import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AdminInputError } from '../../src/admin/admin-model.ts';
import { formatDate, formatInstant } from '../../src/admin/http/format.ts';
import { fixtureData, SECRET } from './fixture.ts';
import { adminApp, bearer } from './http-app.ts';

/** The markup with its layout whitespace gone (the templates are formatted by prettier). */
function norm(markup: string): string {
  return markup.replace(/\s+/g, ' ').replace(/\s*([<>])\s*/g, '$1');
}

/** The page, normalized: assertions compare normalized fragments. */
async function page(path = '/admin', options: Parameters<typeof adminApp>[0] = {}) {
  const res = await request(adminApp(options)).get(path).set(bearer);
  expect(res.status).toBe(200);
  return norm(res.text);
}

describe('admin page', () => {
  it('has the five sections in order, a viewport meta and no inline script', async () => {
    const html = await page();
    const ids = ['encerramentos', 'aguardando', 'execucao', 'calendario', 'configuracao'];
    const positions = ids.map((id) => html.indexOf(`<section id="${id}"`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(html).toContain(
      '<meta name="viewport" content="width=device-width, initial-scale=1" />',
    );
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/\ssrc="/);
    expect(html).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/);
    expect(html).not.toMatch(/\son[a-z]+="/); // no inline event handlers
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('escapes a summary holding a script tag', async () => {
    const html = await page();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)</script>');
  });

  it('scrubs a secret from the HTML and the JSON', async () => {
    const html = await page();
    expect(html).not.toContain(SECRET);
    expect(html).toContain('[redacted]');
    const json = await request(adminApp()).get('/admin/api/forecast').set(bearer);
    expect(json.status).toBe(200);
    expect(JSON.stringify(json.body)).not.toContain(SECRET);
    expect(json.body.rows[0].decision.reason).toBe('token [redacted] in a reason');
  });

  it('formats instants in São Paulo time and dates as dd/mm/aaaa', async () => {
    expect(formatInstant('2026-02-25T03:00:00Z')).toBe('25/02/2026 00:00');
    expect(formatInstant('2026-03-02T00:00:00-03:00')).toBe('02/03/2026 00:00');
    expect(formatDate('2026-04-21')).toBe('21/04/2026');
    const html = await page();
    expect(html).toContain('<td class="closes">02/03/2026 00:00</td>');
    expect(html).toContain('20/02/2026 14:30');
  });

  it('links the issue to Jira in a new tab without opener or referrer', async () => {
    expect(await page()).toContain(
      '<a href="https://example.atlassian.net/browse/SUP-1" target="_blank" rel="noopener noreferrer">SUP-1</a>',
    );
  });

  it('draws one bar per day with the days off shaded, named and told apart', async () => {
    const html = await page();
    const svg = /<svg role="img" aria-label="([^"]+)"[\s\S]*?<\/svg>/.exec(html);
    expect(svg?.[1]).toContain('SUP');
    const chart = svg?.[0] ?? '';
    expect(chart).toMatch(/^<svg[^>]*>\s*<title>/);
    expect(chart.match(/class="bar"/g)).toHaveLength(7);
    expect(chart).toContain('data-closes="4"');
    expect(chart.match(/day-off-weekend/g)).toHaveLength(2);
    expect(chart).toMatch(
      /day-off-holiday" data-date="2026-03-02">\s*<title>02\/03\/2026: 4 encerramentos \(feriado: Aniversário da cidade\)<\/title>/,
    );
    expect(chart).toMatch(
      /day-off-closure" data-date="2026-03-03">\s*<title>[^<]*recesso da empresa: Recesso/,
    );
    expect(html).toContain('02/03/2026: Aniversário da cidade (feriado)');
  });

  it("links the other pages of both lists, keeping the other list's page", async () => {
    const html = await page('/admin?page=2&pending_page=2');
    expect(html).toContain('href="/admin?page=1&amp;pending_page=2#encerramentos" rel="prev"');
    expect(html).toContain('href="/admin?page=3&amp;pending_page=2#encerramentos" rel="next"');
    expect(html).toContain('href="/admin?pending_page=1&amp;page=2#aguardando" rel="prev"');
    expect(html).toContain('página 2 de 3 (120 no total)');
    const json = await request(adminApp()).get('/admin/api/forecast?page=3').set(bearer);
    expect(json.body.paging.page).toBe(3);
  });

  it("marks a pending reply and counts only the uncached sections' Jira calls", async () => {
    const views: number[] = [];
    const html = await page('/admin', { onView: (calls) => views.push(calls) });
    expect(html).toContain('(a próxima recuperação corrige)');
    // forecast spent 3 calls; pending came from the cache (its 5 are not this view's)
    expect(html).toContain('3 chamadas ao Jira nesta visualização');
    expect(views).toEqual([3]);
  });

  it('shows the calendar with pt-BR month and weekday names and named holidays', async () => {
    const html = await page();
    expect(html).toContain('abril de 2026');
    expect(html).toContain('<th scope="col">seg</th>');
    expect(html).toMatch(/data-date="2026-04-21" title="Tiradentes \(feriado nacional\)"/);
    // 1 April 2026 is a Wednesday: two blanks before it
    expect(html).toMatch(
      /<tr><td class="blank"><\/td><td class="blank"><\/td><td class="day business" data-date="2026-04-01"/,
    );
  });

  it('answers the calculator form server-side, and says what was wrong with bad input', async () => {
    const ok = await page('/admin?calc_project=SUP&calc_from=2026-02-20T14:30');
    expect(ok).toContain(
      norm(
        'Se resolvido em <strong>20/02/2026 14:30</strong>, encerra em <strong data-closes-at="2026-02-28T00:00:00-03:00">28/02/2026 00:00</strong>',
      ),
    );
    const bad = await page('/admin?calc_project=SUP&calc_from=amanh%C3%A3');
    expect(bad).toContain(
      'Não foi possível calcular o prazo. Pedido inválido: data ilegível: amanhã',
    );
    const empty = await page('/admin?calc_project=SUP&calc_from=');
    expect(empty).toContain('informe o projeto (project) e a data da resolução (from)');
  });

  it('answers the deadline API, 400 for bad input', async () => {
    const app = adminApp();
    const ok = await request(app)
      .get('/admin/api/deadline?project=SUP&from=2026-02-20T14:30')
      .set(bearer);
    expect(ok.status).toBe(200);
    expect(ok.body.closesAt).toBe('2026-02-28T00:00:00-03:00');
    const bad = await request(app)
      .get('/admin/api/deadline?project=XYZ&from=2026-02-20T14:30')
      .set(bearer);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: { code: 'bad-request', message: 'projeto desconhecido: XYZ' },
    });
  });

  it('isolates a failing section: Jira down fails the forecast, the calendar still shows', async () => {
    const data = fixtureData({
      forecast: () => Promise.reject(new Error(`connect ECONNREFUSED (auth ${SECRET})`)),
      pending: () => Promise.reject(new AdminInputError('página fora do intervalo')),
    });
    const html = await page('/admin', { data });
    expect(html).toMatch(
      /Não foi possível carregar “Próximos encerramentos”: o Jira não respondeu/,
    );
    expect(html).toContain('Pedido inválido: página fora do intervalo');
    expect(html).not.toContain(SECRET);
    expect(html).toContain('abril de 2026');
    expect(html).toContain('0 chamadas ao Jira nesta visualização');
    const api = await request(adminApp({ data })).get('/admin/api/forecast').set(bearer);
    expect(api.status).toBe(502);
    expect(api.body.error.message).toBe('connect ECONNREFUSED (auth [redacted])');
    const pending = await request(adminApp({ data })).get('/admin/api/pending').set(bearer);
    expect(pending.status).toBe(400);
  });

  it("says so when nothing ran yet, and shows the doctor's checklist", async () => {
    const html = await page();
    expect(html).toContain('Nenhuma execução desde que o serviço iniciou em 25/02/2026 08:00.');
    expect(html).toContain('! aviso');
    expect(html).toContain('run register');
    expect(html).toContain('26/02/2026 01:00');
  });

  it('serves its CSS and JS as files', async () => {
    const app = adminApp();
    const css = await request(app).get('/admin/assets/admin.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
    const js = await request(app).get('/admin/assets/admin.js');
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.text).toContain("querySelector('form.calculator')");
    expect((await request(app).get('/admin/assets/nope.js')).status).toBe(404);
  });
});
