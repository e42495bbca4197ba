import { describe, expect, it } from '@jest/globals';
import type { RunRecord, RunsSection } from '../../src/admin/admin-model.ts';
import { MAX_SESSIONS, SessionStore } from '../../src/admin/http/auth.ts';
import { formatDuration, formatInstant, reminderText } from '../../src/admin/http/format.ts';
import { html, raw } from '../../src/admin/http/html.ts';
import { renderConfig } from '../../src/admin/http/section-config.ts';
import { renderForecast } from '../../src/admin/http/section-lists.ts';
import { renderRuns } from '../../src/admin/http/section-runs.ts';
import { fixtureData, forecast } from './fixture.ts';

const norm = (markup: string) => markup.replace(/\s+/g, ' ').replace(/\s*([<>])\s*/g, '$1');

const counts = {
  closed: 2,
  reopened: 1,
  reminded: 0,
  'moved-to-analysts': 0,
  'not-due': 7,
  'no-action': 0,
  deferred: 0,
  blocked: 1,
  moved: 0,
  failed: 1,
};

function record(mode: 'full' | 'catch-up', startedAt: string): RunRecord {
  return {
    mode,
    startedAt,
    durationMs: 1500,
    counts,
    issues: [
      {
        issue: 'SUP-7',
        outcome: 'closed',
        reason: 'window over',
        actions: ['comment', 'transition'],
      },
      { issue: 'SUP-8', outcome: 'blocked', reason: 'no transition to Fechado', actions: [] },
      { issue: 'SUP-9', outcome: 'not-due', reason: 'still open', actions: [] },
    ],
    jiraCalls: { total: 12, retries: 2, byOperation: {} },
    writes: 3,
    stoppedEarly: 'write budget spent',
    failedProjects: [{ project: 'OPS', reason: '403 Forbidden' }],
  };
}

describe('the sections', () => {
  it('show the last full sweep and the catch-ups with counts, issues and calls', () => {
    const runs: RunsSection = {
      ...fixtureData().runs(),
      lastFull: record('full', '2026-02-25T01:00:00-03:00'),
      catchUps: [record('catch-up', '2026-02-25T08:30:00-03:00')],
      deliveries: {
        since: '2026-02-25T06:00:00-03:00',
        byOutcome: { processed: 40, rejected: 2 },
        byHour: [],
        lastFailures: [
          {
            at: '2026-02-25T07:10:00-03:00',
            outcome: 'rejected',
            status: 401,
            reason: 'bad signature',
          },
        ],
      },
    };
    const out = norm(renderRuns(runs).value);
    expect(out).toContain('Varredura completa em 25/02/2026 01:00');
    expect(out).toContain('Recuperação (catch-up) em 25/02/2026 08:30');
    expect(out).toContain(
      'Duração: 1,5 s. Chamadas ao Jira: 12 (2 novas tentativas). Escritas: 3.',
    );
    expect(out).toContain('<li><strong>2</strong>encerrados</li>');
    expect(out).toContain('<td>encerrados</td><td>window over</td><td>comment; transition</td>');
    expect(out).toContain('<td>bloqueados</td><td>no transition to Fechado</td>');
    expect(out).not.toContain('SUP-9'); // not-due is counted, not listed
    expect(out).toContain('Parou antes do fim: write budget spent');
    expect(out).toContain('Projeto OPS não lido: 403 Forbidden');
    expect(out).toContain('<li><strong>40</strong>processadas</li>');
    expect(out).toContain('<td>25/02/2026 07:10</td>');
    expect(out).toContain('bad signature');
    expect(out).not.toContain('Nenhuma execução');
  });

  it('say when only catch-ups ran', () => {
    const runs = {
      ...fixtureData().runs(),
      catchUps: [record('catch-up', '2026-02-25T08:30:00-03:00')],
    };
    expect(norm(renderRuns(runs).value)).toContain(
      'Nenhuma varredura completa desde que o serviço iniciou em 25/02/2026 08:00.',
    );
  });

  it('name the projects the dry run could not read, and an empty list', () => {
    const data = { ...forecast(), rows: [], failedProjects: [{ project: 'OPS', reason: '403' }] };
    data.paging = { page: 1, pageSize: 50, total: 0, pages: 1 };
    const out = norm(renderForecast(data, () => '#').value);
    expect(out).toContain('O projeto OPS não pôde ser lido do Jira: 403');
    expect(out).toContain('Nenhum chamado em validação.');
    expect(out).not.toContain('class="pager"');
  });

  it('say when the doctor has not run', () => {
    const config = fixtureData().config();
    delete config.doctor;
    expect(norm(renderConfig(config).value)).toContain('O diagnóstico (doctor) ainda não rodou.');
  });

  it('word the reminder states and durations in pt-BR', () => {
    expect(reminderText({ state: 'sent' })).toBe('enviado');
    expect(reminderText({ state: 'due' })).toBe('vai na próxima varredura');
    expect(reminderText({ state: 'not-sent' })).toBe('não enviado (o prazo acabou)');
    expect(reminderText({ state: 'off' })).toBe('desativado');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatInstant(undefined)).toBe('—');
    expect(formatInstant('not a date')).toBe('not a date');
  });
});

describe('html', () => {
  it('escapes interpolations and keeps raw fragments', () => {
    const tag = html; // not named html: prettier would reformat the template
    const out = tag`<p title="${'"x"'}">${'<b>'}${raw('<i>ok</i>')}${[1, '&']}${undefined}${false}</p>`;
    expect(out.toString()).toBe('<p title="&quot;x&quot;">&lt;b&gt;<i>ok</i>1&amp;</p>');
  });
});

describe('sessions', () => {
  it('are bounded, oldest dropped first, and end at logout', () => {
    const store = new SessionStore();
    const first = store.create();
    for (let i = 0; i < MAX_SESSIONS; i += 1) store.create();
    expect(store.size).toBe(MAX_SESSIONS);
    expect(store.valid(first)).toBe(false);
    const last = store.create();
    expect(store.valid(last)).toBe(true);
    store.end(last);
    expect(store.valid(last)).toBe(false);
  });
});
