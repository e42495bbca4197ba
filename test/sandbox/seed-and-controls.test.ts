import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigError } from '../../src/config/index.ts';
import { DEFAULT_SEED_FILE, loadSeedFile, parseSeed } from '../../src/sandbox/index.ts';
import { startSandbox, STATUS, T0, type Json, type TestSandbox } from './helpers.ts';

const DAY = 86_400_000;

describe('the default seed (config/sandbox.yaml)', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox({ demoIssues: true });
  });
  afterAll(() => t.close());

  it('declares the seeded users with stable account ids', () => {
    expect(
      t.sandbox.site.users.map((u) => [u.email, u.accountType, u.groups.includes('suporte')]),
    ).toEqual([
      ['bot@pixeon.example', 'atlassian', false],
      ['analista@pixeon.example', 'atlassian', true],
      ['clinica@cliente.example', 'customer', false],
      ['recepcao@clinica2.example', 'atlassian', false],
      ['automation@apps.pixeon.example', 'app', false],
      ['ex-analista@pixeon.example', 'atlassian', true],
      ['contato@clinica3.example', 'customer', false],
      ['marta@cliente.example', 'atlassian', false],
    ]);
    expect(t.sandbox.site.users.filter((u) => u.privateProfile).map((u) => u.email)).toEqual([
      'contato@clinica3.example',
    ]);
    expect(t.sandbox.site.user('ex-analista@pixeon.example').active).toBe(false);
    expect(t.sandbox.site.users.filter((u) => !u.active)).toHaveLength(1);
    expect(loadSeedFile().users.map((u) => u.accountId)).toEqual(
      t.sandbox.site.users.map((u) => u.accountId),
    );
  });

  it('seeds demo issues with a past: pending, overdue in validation, recent in validation, new, pending on a private profile', () => {
    const { store, site } = t.sandbox;
    const now = store.now();
    const [pending, overdue, recent, fresh, hidden] = [
      'SUP-1',
      'SUP-2',
      'SUP-3',
      'SUP-4',
      'SUP-5',
    ].map((key) => store.requireIssue(key));
    expect(hidden!.statusId).toBe(STATUS.pending);
    expect(hidden!.reporterId).toBe(site.user('contato@clinica3.example').accountId);
    expect(site.user('contato@clinica3.example').privateProfile).toBe(true);
    expect(pending!.statusId).toBe(STATUS.pending);
    expect(pending!.comments).toHaveLength(1);
    expect(overdue!.statusId).toBe(STATUS.validation);
    expect(overdue!.resolutionId).toBe('10000');
    expect(now - overdue!.histories.at(-1)!.created).toBe(20 * DAY);
    expect(recent!.statusId).toBe(STATUS.validation);
    expect(now - recent!.histories.at(-1)!.created).toBeLessThan(DAY);
    expect(fresh!.statusId).toBe(STATUS.open);
    expect(overdue!.updated).toBe(overdue!.histories.at(-1)!.created);
  });
});

describe('seed files', () => {
  const text = readFileSync(DEFAULT_SEED_FILE, 'utf8');

  it('list every cross-reference problem with its path', () => {
    const broken = text
      .replace(
        'name: Fechar\n      from: [Tarefa Resolvida – Aguardando Validação do cliente]\n      to: Fechado',
        'name: Fechar\n      from: [Tarefa Resolvida – Aguardando Validação do cliente]\n      to: Encerrado',
      )
      .replace('3d4e04', '3d4e01');
    let error: ConfigError | undefined;
    try {
      parseSeed(broken, 'broken.yaml');
    } catch (caught) {
      error = caught as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^users\[3\]\.accountId: duplicate accountId 712020:\S+4e01$/),
        expect.stringMatching(/^workflow\.transitions\[6\]\.to: unknown status "Encerrado"/),
      ]),
    );
  });

  it('check transition screens: known fields, required ones on the screen, set or clear', () => {
    const broken = text
      .replace(
        '      screen: [resolution]\n      required: [resolution]\n',
        '      screen: [resolution, fixVersions]\n      required: [comment]\n      clearResolution: true\n',
      )
      .replace('        resolution: Resolvido # chosen', '        resolution: Talvez # chosen');
    expect(broken).not.toBe(text);
    let error: ConfigError | undefined;
    try {
      parseSeed(broken, 'broken.yaml');
    } catch (caught) {
      error = caught as ConfigError;
    }
    expect(error!.problems).toEqual(
      expect.arrayContaining([
        'workflow.transitions[6].screen[1]: unknown screen field "fixVersions" (known: resolution, comment, assignee)',
        'workflow.transitions[6].required[0]: required field "comment" is not on the screen',
        'issues[1].history[1].resolution: unknown resolution "Talvez"',
      ]),
    );
    const both = text.replace(
      '      to: Fechado\n      resolution: Cancelado\n',
      '      to: Fechado\n      resolution: Cancelado\n      clearResolution: true\n',
    );
    expect(() => parseSeed(both, 'both.yaml')).toThrow(
      /workflow\.transitions\[5\]\.clearResolution: a transition cannot both set and clear the resolution/,
    );
  });

  it('check the shape before cross-references', () => {
    const broken = text.replace('name: Aberto, category: new', 'name: Aberto, category: todo');
    expect(() => parseSeed(broken, 'broken.yaml')).toThrow(
      /statuses\[0\]\.category: expected one of new, indeterminate, done/,
    );
  });

  it('report YAML errors with line and column, and a missing file plainly', () => {
    expect(() => parseSeed('users: [\n', 'bad.yaml')).toThrow(
      /bad.yaml is not valid:\n {2}- line \d+, column \d+/,
    );
    expect(() => loadSeedFile('/nowhere/sandbox.yaml')).toThrow(/file not found/);
  });

  it('accept issues with ISO instants and relative periods', () => {
    const seed = parseSeed(
      `${text}\n  - summary: Extra\n    reporter: clinica@cliente.example\n    created: 2026-01-05T10:00:00-03:00\n    history:\n      - { status: Em Atendimento, at: '2026-01-05T11:00:00', by: analista@pixeon.example }\n`,
      'extra.yaml',
    );
    expect(seed.issues.at(-1)).toMatchObject({
      summary: 'Extra',
      created: '2026-01-05T10:00:00-03:00',
    });
    const bad = `${text}\n  - summary: Extra\n    reporter: clinica@cliente.example\n    created: ontem\n`;
    expect(() => parseSeed(bad, 'bad.yaml')).toThrow(
      /issues\[5\]\.created: expected an ISO date-time/,
    );
  });
});

describe('/_sandbox controls', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox({ demoIssues: true });
  });
  afterAll(() => t.close());

  it('reset issues, clock and statistics to the seed, and keep registered webhooks', async () => {
    t.sandbox.webhooks.register({
      name: 'w',
      url: 'http://127.0.0.1:9/hook',
      events: ['jira:issue_created'],
    });
    t.sandbox.store.createIssue({ summary: 'a mais' }, { silent: true });
    await t.api('POST', '/_sandbox/clock', { as: null, body: { now: '2030-01-01T00:00:00Z' } });
    await t.api('GET', '/rest/api/3/myself');
    expect(t.sandbox.store.size).toBe(6);

    const reset = await t.api('POST', '/_sandbox/reset', { as: null });
    expect(reset.body).toEqual({ issues: 5 });
    expect(t.sandbox.store.issue('SUP-6')).toBeUndefined();
    expect(new Date(t.sandbox.clock.now()).toISOString()).toBe(new Date(T0).toISOString());
    expect(t.sandbox.stats.snapshot().total).toBe(0);
    expect(t.sandbox.webhooks.list()).toHaveLength(1);
  });

  it('list the seeded users and the API token', async () => {
    const response = await t.api('GET', '/_sandbox/users', { as: null });
    expect(response.body.apiToken).toBe('sandbox');
    expect(response.body.users.map((u: Json) => u.email)).toContain('clinica@cliente.example');
  });

  it('answer unknown paths with a Jira-style 404', async () => {
    const response = await t.api('GET', '/rest/api/3/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body.errorMessages[0]).toMatch(/nothing-here/);
  });

  it("answer malformed JSON with a 400 in Jira's shape", async () => {
    const response = await t.api('POST', '/rest/api/3/issue/SUP-1/comment', { body: '{"body":' });
    expect(response.status).toBe(400);
    expect(response.body.errorMessages[0]).toMatch(/JSON/);
  });
});

describe('arranging issues through the store', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  it('refuses a change at an invalid time instead of storing it for a search to trip on', () => {
    const store = t.sandbox.store;
    const issue = store.createIssue(
      { summary: 'Laudo', reporter: 'clinica@cliente.example' },
      { silent: true },
    );
    expect(() =>
      store.moveToStatus(issue.key, STATUS.inProgress, {
        at: Date.parse('2026-02-04T9:00:00-03:00'), // hour without its leading zero: NaN
        silent: true,
      }),
    ).toThrow(/invalid time/);
    expect(store.issue(issue.key)!.histories).toHaveLength(0);
  });
});
