import { describe, expect, it } from '@jest/globals';
import { loadProjectsFile } from '../../src/config/index.ts';
import type { IssueSnapshot, Status } from '../../src/domain/index.ts';
import { runDoctor, type DoctorJira } from '../../src/doctor/index.ts';
import type { AdminWebhook, Transition } from '../../src/jira/index.ts';
import { loadWebhookDefinition } from '../../src/service/webhook-registration.ts';

const config = loadProjectsFile('config/projects.yaml');
const definition = loadWebhookDefinition();
const NOW = Date.parse('2026-02-13T20:00:00Z');
const S = {
  pending: { id: '10001', name: 'Pendente Informação do cliente' },
  atendimento: { id: '10002', name: 'Em Atendimento' },
  validation: { id: '10003', name: 'Tarefa Resolvida – Aguardando Validação do cliente' },
  fechado: { id: '10004', name: 'Fechado' },
} satisfies Record<string, Status>;
const resolution = { resolution: { name: 'Resolution', required: true } };

/** An in-memory Jira that records each call the doctor makes. */
function fakeJira(
  options: {
    closing?: Transition[];
    webhooks?: AdminWebhook[];
    lacking?: string[];
    agent?: boolean;
  } = {},
) {
  const calls: string[] = [];
  const issue = (key: string, status: Status) => ({ key, id: key, status }) as IssueSnapshot;
  const jira: DoctorJira = {
    myPermissions: async (key, keys) => (
      calls.push(`permissions ${key} ${keys.join(',')}`),
      Object.fromEntries(keys.map((k) => [k, !(options.lacking ?? []).includes(k)]))
    ),
    serviceDesks: async () => (calls.push('service desks'), [{ id: '4', projectKey: 'SUP' }]),
    isServiceDeskAgent: async (id) => (calls.push(`agent ${id}`), options.agent ?? true),
    myself: async () => (calls.push('myself'), { accountId: 'bot', displayName: 'Bot' }),
    serverTime: async () => (calls.push('serverTime'), NOW - 2_000),
    projectStatuses: async (key) => (calls.push(`statuses ${key}`), Object.values(S)),
    async *searchIssues(jql) {
      calls.push(`search ${jql}`);
      yield jql.includes(S.pending.id)
        ? [issue('SUP-1', S.pending)]
        : [issue('SUP-2', S.validation)];
    },
    listTransitions: async (key) => {
      calls.push(`transitions ${key}`);
      if (key === 'SUP-1')
        return [{ id: '31', name: 'Retomar', to: S.atendimento, isGlobal: false, fields: {} }];
      return [
        {
          id: '51',
          name: 'Reabrir',
          to: S.atendimento,
          isGlobal: false,
          fields: { resolution: { name: 'Resolution', required: false } },
        },
        ...(options.closing ?? [
          { id: '61', name: 'Fechar', to: S.fechado, isGlobal: false, fields: resolution },
          { id: '71', name: 'Cancelar', to: S.fechado, isGlobal: true, fields: resolution },
        ]),
      ];
    },
    listAdminWebhooks: async () => (
      calls.push('webhooks'),
      options.webhooks ?? [
        {
          id: '1',
          name: definition.name,
          url: 'https://bot.example.com/webhooks/jira',
          events: definition.events,
          filters: { 'issue-related-events-section': 'project in (SUP)' },
        },
      ]
    ),
  };
  return { jira, calls };
}

const doctor = (jira: DoctorJira) =>
  runDoctor({
    jira,
    config,
    definition,
    baseUrl: 'https://clinica.atlassian.net',
    publicUrl: 'https://bot.example.com',
    hasSecret: true,
    now: () => NOW,
  });

describe('runDoctor over an in-memory Jira', () => {
  it('makes exactly these reads, one issue per source status, and passes', async () => {
    const { jira, calls } = fakeJira();
    const report = await doctor(jira);
    expect(calls).toEqual([
      'myself',
      'serverTime',
      'webhooks',
      'service desks',
      'permissions SUP BROWSE_PROJECTS,ADD_COMMENTS,TRANSITION_ISSUES,ASSIGN_ISSUES,EDIT_ISSUES,USER_PICKER',
      'agent 4',
      'statuses SUP',
      'search project = "SUP" AND status in (10001) ORDER BY updated DESC',
      'search project = "SUP" AND status in (10003) ORDER BY updated DESC',
      'search project = "SUP" AND status in (10003) ORDER BY updated DESC',
      'transitions SUP-1',
      'transitions SUP-2',
      'transitions SUP-2',
    ]);
    expect(report.ok).toBe(true);
    expect(report.checks.find((c) => c.name === 'base URL form')!.detail).toContain(
      'https://clinica.atlassian.net/_edge/tenant_info',
    );
  });

  it('two non-global transitions into Fechado and none named: names both, says to name one', async () => {
    const { jira } = fakeJira({
      closing: [
        { id: '61', name: 'Fechar', to: S.fechado, isGlobal: false, fields: resolution },
        { id: '62', name: 'Encerrar', to: S.fechado, isGlobal: false, fields: resolution },
      ],
    });
    const report = await runDoctor({
      jira,
      config: { ...config, projects: { SUP: { ...config.projects.SUP!, transitions: {} } } },
      definition,
      baseUrl: 'https://clinica.atlassian.net',
      publicUrl: 'https://bot.example.com',
      hasSecret: true,
      now: () => NOW,
    });
    const closing = report.checks.find((c) => c.name === 'SUP: transition validation → closed')!;
    expect(closing).toMatchObject({ ok: false, severity: 'error' });
    expect(closing.detail).toContain(
      'several transitions lead to "Fechado" ("Fechar", "Encerrar")',
    );
    expect(closing.detail).toContain('transitions.closed.name');
    expect(report.ok).toBe(false);
  });

  it('a clock two minutes off Jira is an error; a missing secret fails the webhook', async () => {
    const { jira } = fakeJira();
    const report = await runDoctor({
      jira: { ...jira, serverTime: async () => NOW - 120_000 },
      config,
      definition,
      baseUrl: 'https://clinica.atlassian.net',
      publicUrl: 'https://bot.example.com',
      hasSecret: false,
      now: () => NOW,
    });
    const failing = report.checks.filter((c) => !c.ok && c.severity === 'error');
    expect(failing.map((c) => c.name)).toEqual(['clock', 'webhook']);
    expect(failing[0]!.detail).toBe("this machine's clock is 120 s ahead of Jira's");
    expect(failing[1]!.fix).toMatch(/^set WEBHOOK_SECRETS/);
  });

  it('a failed myself is a failed check, not a throw', async () => {
    const { jira } = fakeJira();
    const report = await doctor({
      ...jira,
      myself: async () => {
        throw new Error('Request failed with status code 401');
      },
    });
    expect(report.checks[0]).toMatchObject({ name: 'credentials', ok: false });
    expect(report.checks[0]!.fix).toContain('JIRA_EMAIL and JIRA_API_TOKEN');
  });

  it('unreadable statuses fail every move check; no issue to list on is a warning, not an ok', async () => {
    const { jira } = fakeJira();
    const unreadable = await doctor({
      ...jira,
      projectStatuses: async () => {
        throw new Error('GET /rest/api/3/project/SUP/statuses failed: no answer from Jira');
      },
    });
    const moves = unreadable.checks.filter((c) => c.name.startsWith('SUP: transition'));
    expect(moves).toHaveLength(3);
    for (const move of moves) expect(move).toMatchObject({ ok: false, severity: 'error' });
    expect(unreadable.ok).toBe(false);

    const empty = await doctor({
      ...jira,
      async *searchIssues() {
        yield [];
      },
    });
    const unchecked = empty.checks.filter((c) => c.name.startsWith('SUP: transition'));
    for (const move of unchecked) {
      expect(move).toMatchObject({ ok: false, severity: 'warning' });
      expect(move.detail).toContain('not checked');
    }
    expect(empty.ok).toBe(true);
  });

  it('a missing permission is named with what it is for and where to grant it', async () => {
    const { jira } = fakeJira({ lacking: ['USER_PICKER', 'ASSIGN_ISSUES'] });
    const check = (await doctor(jira)).checks.find((c) => c.name === 'SUP: permissions')!;
    expect(check).toMatchObject({ ok: false, severity: 'error' });
    expect(check.detail).toBe(
      'the bot lacks ASSIGN_ISSUES (to assign a reply back to the analyst), USER_PICKER (to read the groups that tell analysts from the customer)',
    );
    expect(check.fix).toContain('"Assign Issues" in SUP\'s permission scheme');
    expect(check.fix).toContain('global permission "Browse users and groups"');
  });

  it('a bot that is not an agent fails: its comments would be internal', async () => {
    const { jira } = fakeJira({ agent: false });
    const report = await doctor(jira);
    const check = report.checks.find((c) => c.name === 'SUP: service desk agent')!;
    expect(check).toMatchObject({ ok: false, severity: 'error' });
    expect(check.fix).toContain('Jira Service Management agent licence');
    expect(report.ok).toBe(false);
  });
});

describe('the gateway form of JIRA_BASE_URL', () => {
  const CLOUD = '1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7081';
  const OTHER = '9f8e7d6c-5b4a-4392-8a1b-0c9d8e7f6a50';
  const gateway = (siteCloud: () => Promise<string>) =>
    runDoctor({
      jira: fakeJira().jira,
      config,
      definition,
      baseUrl: `https://api.atlassian.com/ex/jira/${CLOUD}`,
      siteUrl: 'https://clinica.atlassian.net',
      tenantCloudId: siteCloud,
      publicUrl: 'https://bot.example.com',
      hasSecret: true,
      now: () => NOW,
    });
  const baseUrlCheck = (report: Awaited<ReturnType<typeof gateway>>) =>
    report.checks.find((c) => c.name === 'base URL form')!;

  it("passes when its cloud id is the site's, read from the site's tenant_info", async () => {
    const asked: string[] = [];
    const report = await gateway(async () => (asked.push('tenant'), CLOUD));
    expect(asked).toEqual(['tenant']);
    expect(baseUrlCheck(report)).toMatchObject({ ok: true });
    expect(baseUrlCheck(report).detail).toContain("the cloud of JIRA_SITE_URL's site");
  });

  it('fails, naming the right gateway URL, when the cloud ids differ', async () => {
    const report = await gateway(async () => OTHER);
    expect(baseUrlCheck(report)).toMatchObject({ ok: false, severity: 'error' });
    expect(baseUrlCheck(report).fix).toContain(`https://api.atlassian.com/ex/jira/${OTHER}`);
    expect(report.ok).toBe(false);
  });

  it('warns when the site does not tell its cloud id', async () => {
    const report = await gateway(async () => {
      throw new Error('GET /_edge/tenant_info failed: 404');
    });
    expect(baseUrlCheck(report)).toMatchObject({ ok: false, severity: 'warning' });
    expect(report.ok).toBe(true);
  });

  it('is not asked for with a site URL', async () => {
    const asked: string[] = [];
    await runDoctor({
      jira: fakeJira().jira,
      config,
      definition,
      baseUrl: 'https://clinica.atlassian.net',
      siteUrl: 'https://clinica.atlassian.net',
      tenantCloudId: async () => (asked.push('tenant'), CLOUD),
      publicUrl: 'https://bot.example.com',
      hasSecret: true,
      now: () => NOW,
    });
    expect(asked).toEqual([]);
  });
});
