/**
 * The action runners against an in-memory Jira: the exact calls, in order, and the summaries the
 * logs, the dry run and the sweep report show.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { DryRunRecorder, JiraActionRunner } from '../../src/actions/index.ts';
import { TransitionBlockedError } from '../../src/jira/index.ts';
import { markerProperty, transitionTo, type Decision } from '../../src/rules/index.ts';
import {
  assigneeRefused,
  FAKE_STATUS,
  FakeJira,
  jiraUnavailable,
  type WorkflowEdge,
} from '../support/fake-jira.ts';
import { ANALYST, at, change, issue, sup } from '../rules/fixtures.ts';

const NOW = at('2026-03-10T10:00:00-03:00');
const CLOSING_TEXT = sup.templates.closing;

function world(status: 'pending' | 'validation' = 'pending', workflow?: WorkflowEdge[]) {
  const jira = new FakeJira({ now: () => NOW, ...(workflow ? { workflow } : {}) });
  const snapshot = issue(status, [change('analysts', status, '2026-03-02T10:00:00-03:00')], {
    assignee: { accountId: 'someone-else' },
  });
  jira.put(snapshot);
  return { jira, snapshot, runner: new JiraActionRunner(jira) };
}

const reply: Decision = {
  rule: 'customer-reply',
  reason: 'customer replied on a pending issue',
  actions: [
    { type: 'assign', accountId: ANALYST.accountId, why: 'back to the analyst who asked' },
    { type: 'transition', to: sup.statuses.analystQueue, why: 'the customer answered' },
  ],
};

const reopen: Decision = {
  rule: 'customer-rejection',
  reason: 'customer commented during validation',
  actions: [
    {
      type: 'comment',
      text: 'Chamado reaberto automaticamente.',
      internal: true,
      properties: markerProperty('reopen', '100'),
      why: 'tell the analysts why',
    },
    { type: 'transition', to: sup.statuses.reopen, why: 'the customer commented' },
  ],
};

const remind: Decision = {
  rule: 'reminder',
  reason: 'one business day left',
  actions: [
    { type: 'comment', text: 'Olá! Lembrete.', internal: false, why: 'remind the customer' },
    {
      type: 'set-property',
      key: 'jira-support.validation',
      value: { cycle: '100' },
      stampWithCommentTime: 'remindedAt',
      why: 'remember the reminder',
    },
  ],
};

const close: Decision = {
  rule: 'auto-close',
  reason: 'five business days without the customer',
  actions: [
    { type: 'comment', text: CLOSING_TEXT, internal: false, why: 'tell the customer' },
    { type: 'transition', to: sup.statuses.closed, why: 'validation window over' },
  ],
};

describe('JiraActionRunner', () => {
  it('assigns, then transitions, and counts both writes', async () => {
    const { jira, snapshot, runner } = world();
    const performed = await runner.run(snapshot, reply);
    expect(jira.sequence()).toEqual([
      `assign SUP-1 ${ANALYST.accountId}`,
      'transitionTo SUP-1 "Em Atendimento"',
    ]);
    expect(performed).toEqual([
      { type: 'assign', summary: `assign to ${ANALYST.accountId}`, why: reply.actions[0]!.why },
      {
        type: 'transition',
        summary: 'transition to "Em Atendimento"',
        why: reply.actions[1]!.why,
      },
    ]);
    expect(runner.writes).toBe(2);
    expect(jira.issues.get('SUP-1')?.status).toEqual(FAKE_STATUS.analysts);
    expect(jira.issues.get('SUP-1')?.assignee?.accountId).toBe(ANALYST.accountId);
  });

  it('posts an internal note with its marker, as an internal comment, before the move', async () => {
    const { jira, snapshot, runner } = world('validation');
    const addComment = jest.spyOn(jira, 'addComment');
    await runner.run(snapshot, reopen);
    expect(jira.sequence()).toEqual([
      'addComment SUP-1 internal',
      'transitionTo SUP-1 "Em Atendimento"',
    ]);
    expect(addComment).toHaveBeenCalledWith('SUP-1', 'Chamado reaberto automaticamente.', {
      internal: true,
      properties: markerProperty('reopen', '100'),
    });
    const [note] = jira.comments.get('SUP-1')!;
    expect(note?.isPublic).toBe(false);
    expect(runner.writes).toBe(2);
  });

  it('stamps a set-property with the creation time Jira gave the comment just posted', async () => {
    const { jira, snapshot, runner } = world('validation');
    const setIssueProperty = jest.spyOn(jira, 'setIssueProperty');
    await runner.run(snapshot, remind);
    expect(jira.sequence()).toEqual([
      'addComment SUP-1 public',
      'setIssueProperty SUP-1 jira-support.validation',
    ]);
    const posted = jira.comments.get('SUP-1')!.at(-1)!;
    expect(setIssueProperty).toHaveBeenCalledWith('SUP-1', 'jira-support.validation', {
      cycle: '100',
      remindedAt: new Date(posted.createdMs).toISOString(),
    });
    expect(jira.issues.get('SUP-1')?.properties?.['jira-support.validation']).toEqual({
      cycle: '100',
      remindedAt: '2026-03-10T13:00:00.000Z',
    });
  });

  it('sets a property as given when no comment was posted before it', async () => {
    const { jira, snapshot, runner } = world('validation');
    await runner.run(snapshot, { ...remind, actions: remind.actions.slice(1) });
    expect(jira.issues.get('SUP-1')?.properties?.['jira-support.validation']).toEqual({
      cycle: '100',
    });
  });

  it('stops at the first failure: later actions are not attempted, earlier writes are counted', async () => {
    const { jira, snapshot, runner } = world();
    jira.failNext('transitionTo', jiraUnavailable('POST /rest/api/3/issue/SUP-1/transitions'));
    await expect(
      runner.run(snapshot, {
        ...reply,
        actions: [
          ...reply.actions,
          { type: 'comment', text: 'never', internal: true, why: 'must not be attempted' },
        ],
      }),
    ).rejects.toThrow(/503/);
    expect(jira.sequence()).toEqual([
      `assign SUP-1 ${ANALYST.accountId}`,
      'transitionTo SUP-1 "Em Atendimento"',
    ]);
    expect(jira.comments.get('SUP-1')).toEqual([]);
    expect(runner.writes).toBe(1);
  });

  it('summarises a comment with its whole text, so a dry run shows what the customer will read', async () => {
    expect(CLOSING_TEXT.length).toBeGreaterThan(60);
    const { snapshot, runner } = world('validation');
    const performed = await runner.run(snapshot, close);
    expect(performed[0]?.summary).toBe(`public comment: ${CLOSING_TEXT}`);
  });
});

describe('DryRunRecorder', () => {
  it('calls nothing, writes nothing, and records the summaries the real runner reports', async () => {
    for (const decision of [reply, reopen, remind, close]) {
      const { jira, snapshot, runner } = world(decision === reply ? 'pending' : 'validation');
      const dryRun = new DryRunRecorder();
      const planned = await dryRun.run(snapshot, decision);
      expect(jira.calls).toEqual([]);
      expect(dryRun.writes).toBe(0);
      expect(dryRun.dryRun).toBe(true);
      expect(planned).toEqual(await runner.run(snapshot, decision));
    }
  });

  it('shows the whole closing text', async () => {
    const { snapshot } = world('validation');
    const [comment] = await new DryRunRecorder().run(snapshot, close);
    expect(comment).toEqual({
      type: 'comment',
      summary: `public comment: ${CLOSING_TEXT}`,
      why: 'tell the customer',
    });
  });
});

/** The vendor's site: "Fechar" requires a Resolution; a global "Cancelar" also leads to "Fechado". */
const SITE: WorkflowEdge[] = [
  {
    id: '71',
    name: 'Cancelar',
    from: '',
    to: FAKE_STATUS.closed,
    isGlobal: true,
    screen: {},
  },
  {
    id: '61',
    name: 'Fechar',
    from: FAKE_STATUS.validation.id,
    to: FAKE_STATUS.closed,
    screen: { resolution: { name: 'Resolution', required: true } },
  },
  { id: '41', name: 'Cliente respondeu', from: FAKE_STATUS.pending.id, to: FAKE_STATUS.analysts },
];

/** The closing decision as the rules make it for SUP: through "Fechar", with its resolution. */
const closeAsConfigured: Decision = {
  ...close,
  actions: [close.actions[0]!, transitionTo(sup, 'closed', 'validation window over')],
};

describe('a decision with a move', () => {
  it('closes through the configured transition, sending its fields', async () => {
    const { jira, snapshot, runner } = world('validation', SITE);
    await runner.run(snapshot, closeAsConfigured);
    expect(jira.sequence()).toEqual(['addComment SUP-1 public', 'transitionTo SUP-1 "Fechado"']);
    expect(jira.transitioned).toEqual([
      { key: 'SUP-1', transition: '61', fields: { resolution: { name: 'Resolvido' } } },
    ]);
  });

  it('posts nothing when the move is blocked: no closing comment promising a close that will not happen', async () => {
    const { jira, snapshot, runner } = world('validation', SITE);
    const error = await runner.run(snapshot, close).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransitionBlockedError);
    // Without the projects file's transitions.closed, "Fechar" is taken but its Resolution is not sent.
    expect((error as Error).message).toBe(
      'SUP-1: "Fechar" needs Resolution; set transitions.<target>.fields.resolution',
    );
    expect(jira.sequence()).toEqual([]);
    expect(jira.comments.get('SUP-1')).toEqual([]);
    expect(runner.writes).toBe(0);
  });

  it('goes on to the analysts when Jira will not take the analyst back as assignee', async () => {
    const { jira, snapshot, runner } = world();
    jira.failNext('assign', assigneeRefused('SUP-1', ANALYST.accountId));
    const performed = await runner.run(snapshot, reply);
    expect(jira.sequence()).toEqual([
      `assign SUP-1 ${ANALYST.accountId}`,
      'transitionTo SUP-1 "Em Atendimento"',
    ]);
    expect(jira.issues.get('SUP-1')?.status).toEqual(FAKE_STATUS.analysts);
    expect(performed[0]).toEqual({
      type: 'assign',
      summary: `assign to ${ANALYST.accountId} refused by Jira: assignee: User '${ANALYST.accountId}' cannot be assigned issues.`,
      why: 'back to the analyst who asked',
      refused: `assignee: User '${ANALYST.accountId}' cannot be assigned issues.`,
    });
    expect(runner.writes).toBe(2);
  });

  it('still stops when assigning fails transiently', async () => {
    const { jira, snapshot, runner } = world();
    jira.failNext('assign', jiraUnavailable('PUT /rest/api/3/issue/SUP-1/assignee'));
    await expect(runner.run(snapshot, reply)).rejects.toThrow(/503/);
    expect(jira.sequence()).toEqual([`assign SUP-1 ${ANALYST.accountId}`]);
  });

  it('a dry run given Jira reads reports the same block, and writes nothing', async () => {
    const { jira, snapshot } = world('validation', SITE);
    await expect(new DryRunRecorder(jira).run(snapshot, close)).rejects.toThrow(
      TransitionBlockedError,
    );
    await expect(new DryRunRecorder(jira).run(snapshot, closeAsConfigured)).resolves.toHaveLength(
      2,
    );
    expect(jira.calls).toEqual([]);
    expect(jira.transitioned).toEqual([]);
  });
});
