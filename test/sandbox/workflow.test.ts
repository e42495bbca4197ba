import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_SEED_FILE, parseSeed } from '../../src/sandbox/index.ts';
import {
  adf,
  ANALYST,
  CUSTOMER,
  startSandbox,
  STATUS,
  VALIDATION_NAME,
  type Json,
  type TestSandbox,
} from './helpers.ts';

describe('the workflow', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  const newIssue = () =>
    t.sandbox.store.createIssue({ summary: 'Chamado', reporter: CUSTOMER }, { by: CUSTOMER }).key;
  const transitions = async (key: string) =>
    (await t.api('GET', `/rest/api/3/issue/${key}/transitions`)).body.transitions.map(
      (tr: Json) => `${tr.id} ${tr.name} -> ${tr.to.name}`,
    );
  const transition = (key: string, id: string, extra: Record<string, unknown> = {}) =>
    t.api('POST', `/rest/api/3/issue/${key}/transitions`, {
      as: ANALYST,
      body: { transition: { id }, ...extra },
    });
  const fields = async (key: string) =>
    (await t.api('GET', `/rest/api/3/issue/${key}?fields=status,resolution,resolutiondate`)).body
      .fields;
  const lastHistory = async (key: string) =>
    (await t.api('GET', `/rest/api/3/issue/${key}/changelog`)).body.values.at(-1);

  it('lists the transitions available from the current status, the global Cancelar before Fechar', async () => {
    const key = newIssue();
    expect(await transitions(key)).toEqual([
      '11 Iniciar atendimento -> Em Atendimento',
      '71 Cancelar -> Fechado',
    ]);
    await transition(key, '11');
    await transition(key, '21');
    expect(await transitions(key)).toEqual([
      '31 Retomar atendimento -> Em Atendimento',
      '41 Resolver -> Tarefa Resolvida – Aguardando Validação do cliente',
      '71 Cancelar -> Fechado',
    ]);
    const listed = await t.api('GET', `/rest/api/3/issue/${key}/transitions`);
    expect(listed.body.transitions[0]).toMatchObject({
      id: '31',
      isAvailable: true,
      hasScreen: false,
      isGlobal: false,
      to: { id: STATUS.inProgress, statusCategory: { key: 'indeterminate' } },
    });
    expect(listed.body.transitions[2]).toMatchObject({ id: '71', isGlobal: true });
    expect(listed.body.transitions.every((tr: Json) => !('fields' in tr))).toBe(true);

    await transition(key, '41', { fields: { resolution: { name: 'Resolvido' } } });
    expect(await transitions(key)).toEqual([
      '51 Reabrir -> Em Atendimento',
      '71 Cancelar -> Fechado',
      '61 Fechar -> Fechado',
    ]);
    await transition(key, '61', { fields: { resolution: { name: 'Resolvido' } } });
    // A global transition is offered in its own target status too.
    expect(await transitions(key)).toEqual([
      '51 Reabrir -> Em Atendimento',
      '71 Cancelar -> Fechado',
    ]);
  });

  it('performs a transition with 204 and records who did it', async () => {
    const key = newIssue();
    const response = await transition(key, '11');
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect((await fields(key)).status.name).toBe('Em Atendimento');
    expect(await lastHistory(key)).toMatchObject({
      author: { displayName: 'Ana Analista' },
      items: [{ field: 'status', from: STATUS.open, to: STATUS.inProgress }],
    });
  });

  it("refuses a transition the status does not offer with Jira's 400", async () => {
    const key = newIssue();
    const response = await transition(key, '61');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errorMessages: ["Transition id '61' is not valid for this issue."],
      errors: {},
    });
    const missing = await t.api('POST', `/rest/api/3/issue/${key}/transitions`, { body: {} });
    expect(missing.status).toBe(400);
    expect((await fields(key)).status.name).toBe('Aberto');
  });

  it('sets the resolution only from the request: Resolver with one (two changelog items), without one none', async () => {
    const key = newIssue();
    await transition(key, '11');
    await transition(key, '41', { fields: { resolution: { name: 'Resolvido' } } });
    const resolved = await fields(key);
    expect(resolved.resolution).toMatchObject({ id: '10000', name: 'Resolvido' });
    expect(resolved.resolutiondate).toBe('2026-02-13T17:00:00.000-0300');
    expect((await lastHistory(key)).items).toEqual([
      {
        field: 'resolution',
        fieldtype: 'jira',
        fieldId: 'resolution',
        from: null,
        fromString: null,
        to: '10000',
        toString: 'Resolvido',
      },
      {
        field: 'status',
        fieldtype: 'jira',
        fieldId: 'status',
        from: STATUS.inProgress,
        fromString: 'Em Atendimento',
        to: STATUS.validation,
        toString: 'Tarefa Resolvida – Aguardando Validação do cliente',
      },
    ]);

    // Entering a done status does not resolve by itself.
    const unresolved = newIssue();
    await transition(unresolved, '11');
    expect((await transition(unresolved, '41')).status).toBe(204);
    const done = await fields(unresolved);
    expect(done.status.statusCategory.key).toBe('done');
    expect(done.resolution).toBeNull();
    expect(done.resolutiondate).toBeNull();
    expect((await lastHistory(unresolved)).items.map((i: Json) => i.field)).toEqual(['status']);
  });

  it('keeps the resolution when Reabrir leaves the done category, and clears it when the request sends null', async () => {
    const key = newIssue();
    await transition(key, '11');
    await transition(key, '41', { fields: { resolution: { id: '10000' } } });
    expect((await transition(key, '51')).status).toBe(204);
    const reopened = await fields(key);
    expect(reopened.status.name).toBe('Em Atendimento');
    expect(reopened.resolution).toMatchObject({ name: 'Resolvido' });
    expect(reopened.resolutiondate).toBe('2026-02-13T17:00:00.000-0300');
    expect((await lastHistory(key)).items.map((i: Json) => i.field)).toEqual(['status']);

    await transition(key, '41');
    expect((await transition(key, '51', { fields: { resolution: null } })).status).toBe(204);
    const cleared = await fields(key);
    expect(cleared.resolution).toBeNull();
    expect(cleared.resolutiondate).toBeNull();
    expect((await lastHistory(key)).items.map((i: Json) => [i.field, i.from, i.to])).toEqual([
      ['resolution', '10000', null],
      ['status', STATUS.validation, STATUS.inProgress],
    ]);
  });

  it("refuses Fechar without its required resolution with Jira's 400, and closes with one", async () => {
    const key = newIssue();
    await transition(key, '11');
    await transition(key, '41', { fields: { resolution: { name: 'Resolvido' } } });
    // The issue already has a resolution: the request must still send it.
    for (const extra of [{}, { fields: {} }, { fields: { resolution: null } }]) {
      const refused = await transition(key, '61', extra);
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({
        errorMessages: ['Field Resolution is required.'],
        errors: {},
      });
    }
    expect((await fields(key)).status.name).toBe(VALIDATION_NAME);

    const closed = await transition(key, '61', { fields: { resolution: { name: 'Resolvido' } } });
    expect(closed.status).toBe(204);
    expect((await fields(key)).status.name).toBe('Fechado');
    // The same resolution again is no change: one changelog item.
    expect((await lastHistory(key)).items.map((i: Json) => i.field)).toEqual(['status']);
  });

  it('takes the resolution from update.resolution set too, and refuses an unknown one', async () => {
    const key = newIssue();
    await transition(key, '11');
    await transition(key, '41');
    const unknown = await transition(key, '61', { fields: { resolution: { name: 'Talvez' } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      errorMessages: [],
      errors: { resolution: 'Specify a valid value for resolution' },
    });
    const closed = await transition(key, '61', {
      update: { resolution: [{ set: { name: 'Cancelado' } }] },
    });
    expect(closed.status).toBe(204);
    expect((await fields(key)).resolution.name).toBe('Cancelado');
  });

  it('sets its own resolution on the global Cancelar, from any status, Fechado included', async () => {
    const cancelled = newIssue();
    await transition(cancelled, '71');
    expect((await fields(cancelled)).resolution.name).toBe('Cancelado');
    expect((await lastHistory(cancelled)).items.map((i: Json) => [i.field, i.to])).toEqual([
      ['resolution', '10001'],
      ['status', STATUS.closed],
    ]);

    const closed = newIssue();
    await transition(closed, '11');
    await transition(closed, '41', { fields: { resolution: { name: 'Resolvido' } } });
    await transition(closed, '61', { fields: { resolution: { name: 'Resolvido' } } });
    expect((await transition(closed, '71')).status).toBe(204);
    const after = await fields(closed);
    expect(after.status.name).toBe('Fechado');
    expect(after.resolution.name).toBe('Cancelado');
  });

  it('silently drops a comment sent in update.comment when the transition has no comment screen', async () => {
    const key = newIssue();
    await transition(key, '11');
    await transition(key, '41');
    const response = await transition(key, '61', {
      fields: { resolution: { name: 'Resolvido' } },
      update: { comment: [{ add: { body: adf('Fechado automaticamente.') } }] },
    });
    expect(response.status).toBe(204);
    expect((await fields(key)).status.name).toBe('Fechado');
    const comments = await t.api('GET', `/rest/api/3/issue/${key}/comment`);
    expect(comments.body.total).toBe(0);
  });

  it("keeps a comment sent with a transition whose screen has a comment field (Resolver's)", async () => {
    const key = newIssue();
    await transition(key, '11');
    await transition(key, '41', {
      fields: { resolution: { name: 'Cancelado' } },
      update: { comment: [{ add: { body: adf('Resolvido na versão 2.1.') } }] },
    });
    expect((await fields(key)).resolution.name).toBe('Cancelado');
    const comments = await t.api('GET', `/rest/api/3/issue/${key}/comment`);
    expect(comments.body.comments.map((c: Json) => c.body)).toEqual([
      adf('Resolvido na versão 2.1.'),
    ]);
  });

  it('refuses fields that are not on the transition screen, as Jira does', async () => {
    const key = newIssue();
    const response = await transition(key, '11', { fields: { resolution: { name: 'Resolvido' } } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errorMessages: [],
      errors: {
        resolution:
          "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown.",
      },
    });
    expect((await fields(key)).status.name).toBe('Aberto');

    // Both problems in one answer: a field off the screen and a required one missing.
    await transition(key, '11');
    await transition(key, '41');
    const both = await transition(key, '61', { fields: { assignee: null } });
    expect(both.status).toBe(400);
    expect(both.body).toEqual({
      errorMessages: ['Field Resolution is required.'],
      errors: {
        assignee:
          "Field 'assignee' cannot be set. It is not on the appropriate screen, or unknown.",
      },
    });
  });

  it('describes each screen field with expand=transitions.fields, as FieldMetadata', async () => {
    const key = newIssue();
    await transition(key, '11');
    await transition(key, '41');
    const listed = await t.api(
      'GET',
      `/rest/api/3/issue/${key}/transitions?expand=transitions.fields`,
    );
    const byId = Object.fromEntries(listed.body.transitions.map((tr: Json) => [tr.id, tr]));
    const resolutionValues = [
      {
        self: `${t.url}/rest/api/3/resolution/10000`,
        id: '10000',
        description: 'O chamado foi resolvido.',
        name: 'Resolvido',
      },
      {
        self: `${t.url}/rest/api/3/resolution/10001`,
        id: '10001',
        description: 'O chamado foi cancelado.',
        name: 'Cancelado',
      },
    ];
    expect(byId['61'].fields).toEqual({
      resolution: {
        required: true,
        schema: { type: 'resolution', system: 'resolution' },
        name: 'Resolution',
        key: 'resolution',
        hasDefaultValue: false,
        operations: ['set'],
        allowedValues: resolutionValues,
      },
    });
    expect(byId['51'].fields.resolution).toMatchObject({ required: false, name: 'Resolution' });
    expect(byId['71']).toMatchObject({ hasScreen: false, fields: {} });

    await transition(key, '51');
    const resolver = await t.api(
      'GET',
      `/rest/api/3/issue/${key}/transitions?expand=transitions.fields&transitionId=41`,
    );
    expect(resolver.body.transitions).toHaveLength(1);
    expect(resolver.body.transitions[0].fields).toEqual({
      resolution: expect.objectContaining({ required: false, allowedValues: resolutionValues }),
      comment: {
        required: false,
        schema: { type: 'comments-page', system: 'comment' },
        name: 'Comment',
        key: 'comment',
        hasDefaultValue: false,
        operations: ['add', 'edit', 'remove'],
      },
    });
  });
});

describe('a workflow with a clearing post-function', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    // The default seed, with Reabrir clearing the resolution as Jira's classic workflow does.
    const text = readFileSync(DEFAULT_SEED_FILE, 'utf8').replace(
      '      screen: [resolution] # the resolution stays unless the request clears it (null)\n',
      '      clearResolution: true\n',
    );
    t = await startSandbox({ seed: parseSeed(text, 'clearing.yaml') });
  });
  afterAll(() => t.close());

  it('clears the resolution on Reabrir without anything in the request', async () => {
    const store = t.sandbox.store;
    const { key } = store.createIssue({ summary: 'Chamado', reporter: CUSTOMER }, { silent: true });
    store.transition(key, 'Iniciar atendimento', { silent: true });
    store.transition(key, 'Resolver', { resolution: 'Resolvido', silent: true });
    const response = await t.api('POST', `/rest/api/3/issue/${key}/transitions`, {
      as: ANALYST,
      body: { transition: { id: '51' } },
    });
    expect(response.status).toBe(204);
    expect(store.requireIssue(key)).toMatchObject({ resolutionId: null, resolutionDate: null });
    expect(
      store
        .requireIssue(key)
        .histories.at(-1)!
        .items.map((i) => i.field),
    ).toEqual(['resolution', 'status']);
  });
});
