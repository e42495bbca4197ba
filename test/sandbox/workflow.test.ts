import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  adf,
  ANALYST,
  CUSTOMER,
  startSandbox,
  STATUS,
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

  it('lists the transitions available from the current status', async () => {
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
      to: { id: STATUS.inProgress, statusCategory: { key: 'indeterminate' } },
    });
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

  it('sets the resolution when resolving (two changelog items) and clears it when reopening', async () => {
    const key = newIssue();
    await transition(key, '11');
    await transition(key, '41');
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

    await transition(key, '51');
    const reopened = await fields(key);
    expect(reopened.resolution).toBeNull();
    expect(reopened.resolutiondate).toBeNull();
    expect((await lastHistory(key)).items.map((i: Json) => [i.field, i.from, i.to])).toEqual([
      ['resolution', '10000', null],
      ['status', STATUS.validation, STATUS.inProgress],
    ]);
  });

  it('keeps the resolution from validation to closed (one item) and sets its own on cancel', async () => {
    const key = newIssue();
    await transition(key, '11');
    await transition(key, '41');
    await transition(key, '61');
    expect((await fields(key)).status.name).toBe('Fechado');
    expect((await lastHistory(key)).items.map((i: Json) => i.field)).toEqual(['status']);

    const cancelled = newIssue();
    await transition(cancelled, '71');
    expect((await fields(cancelled)).resolution.name).toBe('Cancelado');
  });

  it('silently drops a comment sent in update.comment when the transition has no comment screen', async () => {
    const key = newIssue();
    await transition(key, '11');
    await transition(key, '41');
    const response = await transition(key, '61', {
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
    expect(response.body.errors).toEqual({
      resolution:
        "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown.",
    });
    expect((await fields(key)).status.name).toBe('Aberto');
  });
});
