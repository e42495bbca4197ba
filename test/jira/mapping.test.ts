import { describe, expect, it } from '@jest/globals';
import {
  projectStatusesOf,
  sortByTime,
  statusChangesOf,
  toAdminWebhook,
  toComment,
  toSnapshot,
  toTransitions,
  toUser,
  type RawHistory,
} from '../../src/jira/mapping.ts';

const ANALYST = { accountId: 'analyst-1', displayName: 'Analista', accountType: 'atlassian' };

describe('an issue', () => {
  it('keeps what the rules read, with instants in milliseconds (offsets without a colon)', () => {
    expect(
      toSnapshot({
        id: '10042',
        key: 'SUP-42',
        properties: { 'jira-support.validation': { cycle: 'c1' } },
        fields: {
          summary: 'Impressora',
          status: { id: '10002', name: 'Pendente Informação do cliente', statusCategory: {} },
          issuetype: { id: '10001', name: 'Chamado' },
          project: { id: '10000', key: 'SUP' },
          reporter: { accountId: 'clinic-1', accountType: 'customer', active: true },
          assignee: ANALYST,
          created: '2026-02-10T09:00:00.000-0300',
          updated: new Date('2026-02-13T20:00:00Z'),
        },
      }),
    ).toEqual({
      id: '10042',
      key: 'SUP-42',
      projectKey: 'SUP',
      issueTypeId: '10001',
      status: { id: '10002', name: 'Pendente Informação do cliente' },
      summary: 'Impressora',
      properties: { 'jira-support.validation': { cycle: 'c1' } },
      reporter: { accountId: 'clinic-1', accountType: 'customer' },
      assignee: ANALYST,
      createdMs: Date.parse('2026-02-10T12:00:00Z'),
      updatedMs: Date.parse('2026-02-13T20:00:00Z'),
    });
  });

  it('leaves out what is missing or unreadable, and takes the project from the key', () => {
    expect(
      toSnapshot({
        id: '7',
        key: 'OPS-7',
        properties: {},
        fields: {
          summary: null,
          assignee: null,
          reporter: { displayName: 'no account id' },
          created: 'yesterday',
        },
      }),
    ).toEqual({
      id: '7',
      key: 'OPS-7',
      projectKey: 'OPS',
      issueTypeId: '',
      status: { id: '', name: '' },
    });
    expect(toSnapshot({})).toEqual({
      id: '',
      key: '',
      projectKey: '',
      issueTypeId: '',
      status: { id: '', name: '' },
    });
  });
});

describe('a user', () => {
  it('is an account id with what Jira says of it, or nothing without one', () => {
    expect(toUser(ANALYST)).toEqual(ANALYST);
    expect(toUser({ accountId: 'bot-1' })).toEqual({ accountId: 'bot-1' });
    expect(toUser({ displayName: 'Anônimo' })).toBeUndefined();
    expect(toUser(null)).toBeUndefined();
    expect(toUser(undefined)).toBeUndefined();
  });
});

describe('status changes', () => {
  const item = (extra: object) => ({
    from: '3',
    fromString: 'Em Atendimento',
    to: '10002',
    toString: 'Pendente Informação do cliente',
    ...extra,
  });

  it('are the status items of a history, named by `field` or by `fieldId`', () => {
    const history: RawHistory = {
      id: '501',
      created: '2026-02-11T10:00:00.000+0000',
      author: ANALYST,
      items: [
        item({ field: 'status' }),
        item({ fieldId: 'status', field: 'Status' }),
        item({ field: 'assignee', fieldId: 'assignee' }),
        item({ field: 'resolution' }),
      ],
    };
    const change = {
      historyId: '501',
      atMs: Date.parse('2026-02-11T10:00:00Z'),
      author: ANALYST,
      from: { id: '3', name: 'Em Atendimento' },
      to: { id: '10002', name: 'Pendente Informação do cliente' },
    };
    expect(statusChangesOf(history)).toEqual([change, change]);
  });

  it('carry empty statuses for missing ends and no author when Jira names none', () => {
    expect(
      statusChangesOf({
        id: '9',
        created: '2026-02-11T10:00:00.000-0300',
        items: [
          { field: 'status', from: null, fromString: null, to: '1', toString: null },
          // From the wire, without `toString`: it must not read Object.prototype.toString.
          JSON.parse('{"field": "status", "to": "1"}'),
        ],
      }),
    ).toEqual([
      {
        historyId: '9',
        atMs: Date.parse('2026-02-11T13:00:00Z'),
        from: { id: '', name: '' },
        to: { id: '1', name: '' },
      },
      {
        historyId: '9',
        atMs: Date.parse('2026-02-11T13:00:00Z'),
        from: { id: '', name: '' },
        to: { id: '1', name: '' },
      },
    ]);
  });

  it('are none for a history whose time cannot be read', () => {
    expect(
      statusChangesOf({ id: '1', created: 'soon', items: [item({ field: 'status' })] }),
    ).toEqual([]);
    expect(statusChangesOf({ id: '1', items: [item({ field: 'status' })] })).toEqual([]);
  });

  it('sort by time, then by history id as a number', () => {
    const at = (historyId: string, atMs: number) => ({
      historyId,
      atMs,
      from: { id: '1', name: 'a' },
      to: { id: '2', name: 'b' },
    });
    const sorted = sortByTime([at('10', 2_000), at('11', 1_000), at('9', 2_000), at('2', 3_000)]);
    expect(sorted.map((c) => c.historyId)).toEqual(['11', '9', '10', '2']);
  });
});

describe('a comment', () => {
  const raw = {
    id: '100',
    author: { accountId: 'clinic-1', accountType: 'customer' },
    created: '2026-02-19T10:00:00.000-0300',
  };

  it('is public unless JSM marks it internal in any of its three ways', () => {
    expect(toComment(raw).isPublic).toBe(true);
    expect(toComment({ ...raw, jsdPublic: true }).isPublic).toBe(true);
    expect(toComment({ ...raw, jsdPublic: false }).isPublic).toBe(false);
    // Jira reports a comment restricted to a role or group as jsdPublic true.
    expect(
      toComment({ ...raw, jsdPublic: true, visibility: { type: 'role', value: 'Analistas' } })
        .isPublic,
    ).toBe(false);
    expect(
      toComment({
        ...raw,
        jsdPublic: true,
        visibility: { type: 'group', value: 'suporte', identifier: 'g-1' },
      }).isPublic,
    ).toBe(false);
    expect(
      toComment({ ...raw, properties: [{ key: 'sd.public.comment', value: { internal: true } }] })
        .isPublic,
    ).toBe(false);
    expect(
      toComment({ ...raw, properties: [{ key: 'sd.public.comment', value: { internal: false } }] })
        .isPublic,
    ).toBe(true);
  });

  it('carries its properties by key, its author and its instant', () => {
    expect(
      toComment({
        ...raw,
        properties: [{ key: 'jira-support', value: { kind: 'reminder' } }, { value: 'no key' }],
      }),
    ).toEqual({
      id: '100',
      author: { accountId: 'clinic-1', accountType: 'customer' },
      createdMs: Date.parse('2026-02-19T13:00:00Z'),
      isPublic: true,
      properties: { 'jira-support': { kind: 'reminder' } },
    });
  });

  it('carries its restriction, without the null identifier Jira sends for a role', () => {
    expect(
      toComment({
        ...raw,
        jsdPublic: true,
        visibility: { type: 'role', value: 'Service Desk Team', identifier: null },
      }),
    ).toMatchObject({ isPublic: false, visibility: { type: 'role', value: 'Service Desk Team' } });
    expect(toComment({ ...raw, visibility: null })).not.toHaveProperty('visibility');
  });

  it('without a readable instant or an author is at 0 and anonymous', () => {
    expect(toComment({ id: '5', created: 'n/a' })).toEqual({
      id: '5',
      createdMs: 0,
      isPublic: true,
      properties: {},
    });
  });
});

describe('transitions', () => {
  it('are those available now that say where they lead', () => {
    expect(
      toTransitions([
        { id: '21', name: 'Retomar atendimento', to: { id: '3', name: 'Em Atendimento' } },
        { id: '31', isAvailable: true, to: { id: 10003 } },
        { id: '41', name: 'Fechar', isAvailable: false, to: { id: '6', name: 'Fechado' } },
        { id: '51', name: 'Nowhere' },
        { name: 'No id', to: { id: '7' } },
      ]),
    ).toEqual([
      {
        id: '21',
        name: 'Retomar atendimento',
        to: { id: '3', name: 'Em Atendimento' },
        isGlobal: false,
      },
      { id: '31', name: '31', to: { id: '10003', name: '' }, isGlobal: false },
    ]);
    expect(toTransitions(undefined)).toEqual([]);
  });

  it('say whether they are global and, when Jira listed it, what their screen holds', () => {
    expect(
      toTransitions([
        {
          id: '71',
          name: 'Cancelar',
          isGlobal: true,
          fields: {},
          to: { id: '6', name: 'Fechado' },
        },
        {
          id: '61',
          name: 'Fechar',
          to: { id: '6', name: 'Fechado' },
          fields: {
            resolution: {
              name: 'Resolution',
              required: true,
              allowedValues: [{ id: '10000', name: 'Resolvido' }],
            },
            customfield_1: {},
          },
        },
        { id: '51', name: 'Reabrir', hasScreen: false, to: { id: '3', name: 'Em Atendimento' } },
        { id: '31', name: 'Resolver', hasScreen: true, to: { id: '10003', name: 'Validação' } },
      ]),
    ).toEqual([
      { id: '71', name: 'Cancelar', to: { id: '6', name: 'Fechado' }, isGlobal: true, fields: {} },
      {
        id: '61',
        name: 'Fechar',
        to: { id: '6', name: 'Fechado' },
        isGlobal: false,
        fields: {
          resolution: {
            name: 'Resolution',
            required: true,
            allowedValues: [{ id: '10000', name: 'Resolvido' }],
          },
          customfield_1: { name: 'customfield_1', required: false },
        },
      },
      // No screen: no field can be sent. A screen not listed: nothing is known of it.
      {
        id: '51',
        name: 'Reabrir',
        to: { id: '3', name: 'Em Atendimento' },
        isGlobal: false,
        fields: {},
      },
      { id: '31', name: 'Resolver', to: { id: '10003', name: 'Validação' }, isGlobal: false },
    ]);
  });
});

describe('project statuses', () => {
  it('are listed once each across issue types, ids as strings', () => {
    expect(
      projectStatusesOf([
        {
          statuses: [
            { id: '1', name: 'Aberto' },
            { id: 3, name: 'Em Atendimento' },
          ],
        },
        { statuses: [{ id: '3', name: 'Em Atendimento' }, { name: 'no id' }, { id: '6' }] },
        {},
      ]),
    ).toEqual([
      { id: '1', name: 'Aberto' },
      { id: '3', name: 'Em Atendimento' },
      { id: '6', name: '' },
    ]);
  });
});

describe('an admin webhook', () => {
  it('takes its id from `id`, else from the end of `self`', () => {
    expect(toAdminWebhook({ id: 4, self: 'https://x/rest/webhooks/1.0/webhook/9' }).id).toBe('4');
    expect(toAdminWebhook({ self: 'https://x/rest/webhooks/1.0/webhook/9' }).id).toBe('9');
    expect(toAdminWebhook({}).id).toBe('');
  });

  it('keeps `enabled` only when Jira says it as a boolean', () => {
    expect(toAdminWebhook({ enabled: false })).toEqual({
      id: '',
      name: '',
      url: '',
      events: [],
      filters: {},
      enabled: false,
    });
    expect(toAdminWebhook({ enabled: 'yes', events: 'comment_created' })).toEqual({
      id: '',
      name: '',
      url: '',
      events: [],
      filters: {},
    });
  });
});
