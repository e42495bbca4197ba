/**
 * Which transition a move takes, on a workflow like the vendor's real site: a global "Cancelar"
 * into "Fechado" (with resolution Cancelado) listed before "Fechar", whose screen requires a
 * Resolution. The gateway's transitions module runs over the in-memory Jira's endpoints, which
 * answer as Jira does (listing by the issue's status now, 400 with Jira's bodies).
 */
import { describe, expect, it } from '@jest/globals';
import type { IssueSnapshot } from '../../src/domain/index.ts';
import { TransitionBlockedError, TransitionUnavailableError } from '../../src/jira/index.ts';
import { FAKE_STATUS, FakeJira, type WorkflowEdge } from '../support/fake-jira.ts';

const S = FAKE_STATUS;
const RESOLUTIONS = [
  { id: '10000', name: 'Resolvido' },
  { id: '10001', name: 'Cancelado' },
];
const RESOLUTION_REQUIRED = {
  resolution: { name: 'Resolution', required: true, allowedValues: RESOLUTIONS },
};

/** The vendor's site: "Cancelar" is global and listed first; "Fechar" needs a Resolution. */
const SITE_WORKFLOW: WorkflowEdge[] = [
  { id: '71', name: 'Cancelar', from: '', to: S.closed, isGlobal: true, screen: {} },
  { id: '21', name: 'Pedir informação', from: S.analysts.id, to: S.pending, screen: {} },
  { id: '31', name: 'Resolver', from: S.analysts.id, to: S.validation, screen: {} },
  { id: '41', name: 'Cliente respondeu', from: S.pending.id, to: S.analysts, screen: {} },
  {
    id: '51',
    name: 'Reabrir',
    from: S.validation.id,
    to: S.analysts,
    screen: { resolution: { name: 'Resolution', allowedValues: RESOLUTIONS } },
  },
  { id: '61', name: 'Fechar', from: S.validation.id, to: S.closed, screen: RESOLUTION_REQUIRED },
];

const CLOSE = {
  target: 'closed',
  name: 'Fechar',
  fields: { resolution: { name: 'Resolvido' } },
} as const;

function site(workflow = SITE_WORKFLOW, keys = ['SUP-1', 'SUP-2']) {
  const jira = new FakeJira({ now: () => Date.parse('2026-03-10T02:00:00-03:00'), workflow });
  for (const [i, key] of keys.entries()) {
    jira.put({
      id: String(i + 1),
      key,
      projectKey: 'SUP',
      issueTypeId: '10001',
      status: S.validation,
      statusChanges: [],
    });
  }
  return jira;
}

/** The statuses as the projects file names them. */
const CLOSED = { name: 'Fechado' };
const ANALYSTS = { name: 'Em Atendimento' };

const seen = (jira: FakeJira, key: string): IssueSnapshot => structuredClone(jira.issues.get(key)!);

describe('the bug on the real site: an issue moved between the decision and the move', () => {
  it('is not closed through the global "Cancelar" when a list cached for validation is at hand', async () => {
    const jira = site();
    await jira.transitionTo(seen(jira, 'SUP-1'), CLOSED, CLOSE); // caches validation's list
    const decidedOn = seen(jira, 'SUP-2'); // in validation, due
    jira.move('SUP-2', S.analysts, { accountId: 'analyst' }); // an analyst takes it back

    const error = await jira.transitionTo(decidedOn, CLOSED, CLOSE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransitionUnavailableError);
    expect((error as Error).message).toBe(
      'SUP-2: transition to "Fechado" is not available from "Em Atendimento" (it moved meanwhile)',
    );
    expect(jira.issues.get('SUP-2')!.status).toEqual(S.analysts);
    expect(jira.transitioned.map((t) => `${t.key} ${t.transition}`)).toEqual(['SUP-1 61']);
  });

  it('is not closed through "Cancelar" either with nothing configured (only a non-global transition is taken)', async () => {
    const jira = site();
    await jira.transitionTo(seen(jira, 'SUP-1'), CLOSED, {
      target: 'closed',
      fields: CLOSE.fields,
    });
    const decidedOn = seen(jira, 'SUP-2');
    jira.move('SUP-2', S.analysts, { accountId: 'analyst' });
    await expect(
      jira.transitionTo(decidedOn, CLOSED, { target: 'closed', fields: CLOSE.fields }),
    ).rejects.toThrow('it moved meanwhile');
    expect(jira.transitioned.map((t) => t.transition)).toEqual(['61']);
  });

  it("is found moved from a fresh look-up too, and that list (Em Atendimento's) is not kept for validation", async () => {
    const jira = site();
    const decidedOn = seen(jira, 'SUP-2');
    jira.move('SUP-2', S.analysts, { accountId: 'analyst' });
    await expect(jira.planTransition(decidedOn, CLOSED, CLOSE)).rejects.toThrow(
      'it moved meanwhile',
    );
    expect(jira.endpointCalls.getTransitions).toBe(1);
    // The next issue in validation looks its own transitions up and closes through "Fechar".
    await jira.transitionTo(seen(jira, 'SUP-1'), CLOSED, CLOSE);
    expect(jira.endpointCalls.getTransitions).toBe(2);
    expect(jira.transitioned).toEqual([{ key: 'SUP-1', transition: '61', fields: CLOSE.fields }]);
  });
});

describe('the transition to take', () => {
  it('is the one named, compared as status names are, with its fields sent', async () => {
    const jira = site();
    await expect(
      jira.transitionTo(seen(jira, 'SUP-1'), CLOSED, { ...CLOSE, name: '  fechar ' }),
    ).resolves.toMatchObject({ id: '61', name: 'Fechar' });
    expect(jira.transitioned).toEqual([{ key: 'SUP-1', transition: '61', fields: CLOSE.fields }]);
  });

  it('is the one of the id given, though it is global', async () => {
    const jira = site();
    await jira.transitionTo(seen(jira, 'SUP-1'), CLOSED, { target: 'closed', id: '71' });
    expect(jira.transitioned).toEqual([{ key: 'SUP-1', transition: '71' }]);
  });

  it('is never chosen among several non-global ones: blocked, naming them', async () => {
    const jira = site([
      ...SITE_WORKFLOW,
      { id: '62', name: 'Encerrar', from: S.validation.id, to: S.closed, screen: {} },
    ]);
    await expect(
      jira.planTransition(seen(jira, 'SUP-1'), CLOSED, { target: 'closed' }),
    ).rejects.toThrow(
      new TransitionBlockedError(
        'SUP-1',
        'several transitions lead to "Fechado" ("Fechar", "Encerrar"); name the one to take in transitions.closed.name',
      ),
    );
  });

  it('is blocked when only a global one leads there', async () => {
    const jira = site(SITE_WORKFLOW.filter((e) => e.id !== '61'));
    await expect(
      jira.planTransition(seen(jira, 'SUP-1'), CLOSED, { target: 'closed' }),
    ).rejects.toThrow(
      'SUP-1: only global transitions lead to "Fechado" ("Cancelar"); name the one to take in transitions.closed.name',
    );
  });

  it('is blocked when the one named is not there from where the issue is', async () => {
    const jira = site();
    await expect(
      jira.planTransition(seen(jira, 'SUP-1'), CLOSED, { ...CLOSE, name: 'Concluir' }),
    ).rejects.toThrow(
      'SUP-1: no transition "Concluir" leads from "Tarefa Resolvida – Aguardando Validação do cliente" to "Fechado" (into "Fechado": "Cancelar", "Fechar"); check transitions.closed.name',
    );
    await expect(
      jira.planTransition(seen(jira, 'SUP-1'), CLOSED, { target: 'closed', id: '99' }),
    ).rejects.toThrow('no transition id 99 leads from');
  });

  it('asks for an id when two transitions into the target share the name', async () => {
    const jira = site([
      ...SITE_WORKFLOW,
      { id: '63', name: 'Fechar', from: S.validation.id, to: S.closed, screen: {} },
    ]);
    await expect(jira.planTransition(seen(jira, 'SUP-1'), CLOSED, CLOSE)).rejects.toThrow(
      'SUP-1: several transitions named "Fechar" lead to "Fechado" (ids 61, 63); set transitions.closed.id instead',
    );
  });
});

describe("the transition's screen", () => {
  it('blocks a move without a required field, before anything is sent, in the words of the brief', async () => {
    const jira = site();
    const error = await jira
      .planTransition(seen(jira, 'SUP-1'), CLOSED, { target: 'closed', name: 'Fechar' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransitionBlockedError);
    expect((error as Error).message).toBe(
      'SUP-1: "Fechar" needs Resolution; set transitions.closed.fields.resolution',
    );
    expect(jira.endpointCalls).toEqual({ getTransitions: 1, doTransition: 0 });
  });

  it('counts a null as not set for a required field', async () => {
    const jira = site();
    await expect(
      jira.planTransition(seen(jira, 'SUP-1'), CLOSED, {
        ...CLOSE,
        fields: { resolution: null },
      }),
    ).rejects.toThrow('"Fechar" needs Resolution');
  });

  it('blocks a field that is not on the screen, and a value Jira does not allow', async () => {
    const jira = site();
    await expect(
      jira.planTransition(seen(jira, 'SUP-1'), CLOSED, {
        ...CLOSE,
        fields: { ...CLOSE.fields, priority: { name: 'Alta' } },
      }),
    ).rejects.toThrow(
      'SUP-1: "Fechar" has no field priority on its screen, so Jira would refuse it; remove transitions.closed.fields.priority',
    );
    await expect(
      jira.planTransition(seen(jira, 'SUP-1'), CLOSED, {
        ...CLOSE,
        fields: { resolution: { name: 'Resolvida' } },
      }),
    ).rejects.toThrow(
      'SUP-1: "Fechar": Resolution has no value name "Resolvida" (allowed: "Resolvido", "Cancelado"); check transitions.closed.fields.resolution',
    );
  });

  it('lets a reopen clear the resolution (null on a field that is on the screen)', async () => {
    const jira = site();
    await jira.transitionTo(seen(jira, 'SUP-1'), ANALYSTS, {
      target: 'reopen',
      name: 'Reabrir',
      fields: { resolution: null },
    });
    expect(jira.transitioned).toEqual([
      { key: 'SUP-1', transition: '51', fields: { resolution: null } },
    ]);
  });

  it("is not judged when Jira did not list it; then a refusal brings Jira's own words", async () => {
    // Jira requires the resolution although its listing did not say so.
    const jira = site(
      SITE_WORKFLOW.map((e) => (e.id === '61' ? { ...e, screenListed: false } : e)),
    );
    const error = await jira
      .transitionTo(seen(jira, 'SUP-1'), CLOSED, { target: 'closed', name: 'Fechar' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransitionBlockedError);
    expect((error as Error).message).toBe(
      'SUP-1: Jira refused "Fechar" to "Fechado": Field Resolution is required.',
    );
    expect(jira.issues.get('SUP-1')!.status).toEqual(S.validation);
  });
});
