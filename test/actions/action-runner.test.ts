/**
 * The action runners against an in-memory Jira: the exact calls, in order, and the summaries the
 * logs, the dry run and the sweep report show.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { DryRunRecorder, JiraActionRunner } from '../../src/actions/index.ts';
import { enteredCurrentStatus, type IssueComment } from '../../src/domain/index.ts';
import { TransitionBlockedError, TransitionUnavailableError } from '../../src/jira/index.ts';
import { markerProperty, transitionTo, type Action, type Decision } from '../../src/rules/index.ts';
import {
  assigneeRefused,
  FAKE_STATUS,
  FakeJira,
  jiraNotFound,
  jiraRefused,
  jiraUnavailable,
  type WorkflowEdge,
} from '../support/fake-jira.ts';
import { ANALYST, at, change, issue, sup } from '../rules/fixtures.ts';

const NOW = at('2026-03-10T10:00:00-03:00');

/** Jira's answer to the close when the issue turned out to be in `status` (it moved meanwhile). */
const closeFoundIn = (status: (typeof FAKE_STATUS)[keyof typeof FAKE_STATUS]) =>
  new TransitionUnavailableError('SUP-1', sup.statuses.closed, status, [], 'it moved meanwhile');
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
      'commentsSince SUP-1', // the read-back: no other copy of the note
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

  it('takes a move found already made (another run got there after this one posted) as done', async () => {
    const { jira, snapshot, runner } = world('validation');
    jira.failNext('transitionTo', closeFoundIn(FAKE_STATUS.closed));
    const performed = await runner.run(snapshot, close);
    expect(performed[1]?.summary).toBe('transition to "Fechado" (already there)');
    expect(runner.writes).toBe(1);
  });

  it('still fails a move found elsewhere than the target', async () => {
    const { jira, snapshot, runner } = world('validation');
    jira.failNext('transitionTo', closeFoundIn(FAKE_STATUS.analysts));
    await expect(runner.run(snapshot, close)).rejects.toThrow(TransitionUnavailableError);
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

/**
 * Two processes (a CLI sweep beside the service) can both find no marker and both post. After
 * posting, the runner reads the cycle's comments back and keeps only the copy posted first.
 */
describe('a marked comment: one copy per cycle, however many runs post it', () => {
  function marked() {
    const w = world('validation');
    const cycle = enteredCurrentStatus(w.snapshot)!.historyId;
    const closing: Decision = {
      ...close,
      actions: [
        { ...close.actions[0]!, properties: markerProperty('closing', cycle) } as Action,
        close.actions[1]!,
      ],
    };
    const reminder: Decision = {
      ...remind,
      actions: [
        { ...remind.actions[0]!, properties: markerProperty('reminder', cycle) } as Action,
        remind.actions[1]!,
      ],
    };
    /** Another process's copy of the same marked comment, posted at `createdMs` with `id`. */
    const otherCopy = (kind: 'closing' | 'reminder', createdMs: number, id: string) =>
      w.jira.comment('SUP-1', w.jira.bot, {
        id,
        createdMs,
        properties: markerProperty(kind, cycle),
      });
    return { ...w, cycle, closing, reminder, otherCopy };
  }

  it('posts a lone closing comment, reads the cycle back once, deletes nothing, and closes', async () => {
    const { jira, snapshot, runner, closing } = marked();
    const commentsSince = jest.spyOn(jira, 'commentsSince');
    const performed = await runner.run(snapshot, closing);
    expect(jira.sequence()).toEqual([
      'addComment SUP-1 public',
      'commentsSince SUP-1',
      'transitionTo SUP-1 "Fechado"',
    ]);
    // Read back from the entry into validation: the cycle's comments and nothing older.
    expect(commentsSince).toHaveBeenCalledWith('SUP-1', at('2026-03-02T10:00:00-03:00'));
    expect(jira.comments.get('SUP-1')).toHaveLength(1);
    expect(performed[0]?.summary).toBe(`public comment: ${CLOSING_TEXT}`);
    expect(runner.writes).toBe(2);
  });

  it('takes back its closing comment when a person moved the issue elsewhere before the close', async () => {
    const { jira, snapshot, runner, closing } = marked();
    const moved = closeFoundIn(FAKE_STATUS.analysts);
    jira.failNext('transitionTo', moved);
    await expect(runner.run(snapshot, closing)).rejects.toBe(moved);
    expect(jira.sequence()).toEqual([
      'addComment SUP-1 public',
      'commentsSince SUP-1',
      'transitionTo SUP-1 "Fechado"',
      expect.stringMatching(/^deleteComment SUP-1/),
    ]);
    expect(jira.comments.get('SUP-1') ?? []).toHaveLength(0);
    expect(runner.writes).toBe(2);
  });

  it("leaves another run's copy alone when its own was the duplicate and the move then fails", async () => {
    const { jira, snapshot, runner, closing, otherCopy } = marked();
    jira.beforeNext('commentsSince', () => otherCopy('closing', NOW - 1_000, '900'));
    jira.failNext('transitionTo', closeFoundIn(FAKE_STATUS.analysts));
    await expect(runner.run(snapshot, closing)).rejects.toThrow(TransitionUnavailableError);
    // Its own copy went as a duplicate; the other run takes back the one that stays, if it must.
    expect(jira.comments.get('SUP-1')!.map((c) => c.id)).toEqual(['900']);
  });

  it('deletes its own copy when another run posted one first, and still closes the issue', async () => {
    const { jira, snapshot, runner, closing, otherCopy } = marked();
    let other: IssueComment | undefined;
    jira.beforeNext('commentsSince', () => (other = otherCopy('closing', NOW - 1_000, '900')));
    const performed = await runner.run(snapshot, closing);
    // The fake gives ids from 1000: the copy just posted is 1000.
    expect(jira.sequence()).toEqual([
      'addComment SUP-1 public',
      'commentsSince SUP-1',
      'deleteComment SUP-1 1000',
      'transitionTo SUP-1 "Fechado"',
    ]);
    expect(jira.comments.get('SUP-1')).toEqual([other]);
    expect(jira.issues.get('SUP-1')?.status).toEqual(FAKE_STATUS.closed);
    expect(performed[0]?.summary).toBe(
      `public comment: ${CLOSING_TEXT} (removed as a duplicate: comment 900, posted first by another run, stays)`,
    );
    expect(runner.writes).toBe(3);
  });

  it('orders copies posted in the same millisecond by comment id as a number, not as text', async () => {
    const { jira, snapshot, runner, closing, otherCopy } = marked();
    // "999" sorts after "1000" as text; as Jira's ids it was given first.
    jira.beforeNext('commentsSince', () => otherCopy('closing', NOW, '999'));
    await runner.run(snapshot, closing);
    expect(jira.comments.get('SUP-1')!.map((c) => c.id)).toEqual(['999']);
    expect(jira.sequence()).toContain('deleteComment SUP-1 1000');
  });

  it("stamps a reminder's record with the time of the copy that stays, not of its own deleted one", async () => {
    const { jira, snapshot, runner, reminder, otherCopy } = marked();
    const earlier = NOW - 60_000;
    jira.beforeNext('commentsSince', () => otherCopy('reminder', earlier, '900'));
    const performed = await runner.run(snapshot, reminder);
    expect(jira.sequence()).toEqual([
      'addComment SUP-1 public',
      'commentsSince SUP-1',
      'deleteComment SUP-1 1000',
      'setIssueProperty SUP-1 jira-support.validation',
    ]);
    expect(jira.issues.get('SUP-1')?.properties?.['jira-support.validation']).toEqual({
      cycle: '100',
      remindedAt: new Date(earlier).toISOString(),
    });
    expect(performed[1]?.summary).toBe('set issue property jira-support.validation');
  });

  it('deletes a later copy another run posted, whoever posted it, and keeps its own', async () => {
    const { jira, snapshot, runner, closing, otherCopy } = marked();
    jira.beforeNext('commentsSince', () => otherCopy('closing', NOW + 1_000, '1500'));
    const performed = await runner.run(snapshot, closing);
    expect(jira.sequence()).toEqual([
      'addComment SUP-1 public',
      'commentsSince SUP-1',
      'deleteComment SUP-1 1500',
      'transitionTo SUP-1 "Fechado"',
    ]);
    expect(jira.comments.get('SUP-1')!.map((c) => c.id)).toEqual(['1000']);
    expect(performed[0]?.summary).toMatch(
      /\(removed the later duplicate 1500 posted by another run\)$/,
    );
  });

  it('leaves other kinds and other cycles alone', async () => {
    const { jira, snapshot, runner, closing, cycle } = marked();
    jira.beforeNext('commentsSince', () => {
      jira.comment('SUP-1', jira.bot, {
        id: '901',
        createdMs: NOW - 9,
        properties: markerProperty('reminder', cycle),
      });
      jira.comment('SUP-1', jira.bot, {
        id: '902',
        createdMs: NOW - 9,
        properties: markerProperty('closing', 'older-cycle'),
      });
    });
    await runner.run(snapshot, closing);
    expect(jira.sequence().filter((call) => call.startsWith('deleteComment'))).toEqual([]);
    expect(
      jira.comments
        .get('SUP-1')!
        .map((c) => c.id)
        .sort(),
    ).toEqual(['1000', '901', '902']);
  });

  it('takes a 404 on the delete as done: the other run deleted that copy first', async () => {
    const { jira, snapshot, runner, closing, otherCopy } = marked();
    jira.beforeNext('commentsSince', () => otherCopy('closing', NOW - 1_000, '900'));
    jira.failNext('deleteComment', jiraNotFound('DELETE /rest/api/3/issue/SUP-1/comment/1000'));
    const performed = await runner.run(snapshot, closing);
    expect(jira.sequence().at(-1)).toBe('transitionTo SUP-1 "Fechado"');
    expect(performed[0]?.problem).toBeUndefined();
    expect(performed[0]?.summary).toMatch(/removed as a duplicate: comment 900/);
  });

  it('sends no delete when its own copy is already gone from the read-back', async () => {
    const { jira, snapshot, runner, reminder, otherCopy } = marked();
    const earlier = NOW - 5_000;
    jira.beforeNext('commentsSince', () => {
      otherCopy('reminder', earlier, '900');
      jira.comments.set(
        'SUP-1',
        jira.comments.get('SUP-1')!.filter((c) => c.id !== '1000'),
      );
    });
    const performed = await runner.run(snapshot, reminder);
    expect(jira.sequence()).toEqual([
      'addComment SUP-1 public',
      'commentsSince SUP-1',
      'setIssueProperty SUP-1 jira-support.validation',
    ]);
    expect(runner.writes).toBe(2);
    expect(performed[0]?.summary).toMatch(/removed as a duplicate: comment 900/);
    expect(jira.issues.get('SUP-1')?.properties?.['jira-support.validation']).toMatchObject({
      remindedAt: new Date(earlier).toISOString(),
    });
  });

  it('closes anyway when the read-back fails, and says the duplicates were not checked', async () => {
    const { jira, snapshot, runner, closing } = marked();
    jira.failNext('commentsSince', jiraUnavailable('GET /rest/api/3/issue/SUP-1/comment'));
    const performed = await runner.run(snapshot, closing);
    expect(jira.sequence()).toEqual([
      'addComment SUP-1 public',
      'commentsSince SUP-1',
      'transitionTo SUP-1 "Fechado"',
    ]);
    expect(jira.issues.get('SUP-1')?.status).toEqual(FAKE_STATUS.closed);
    expect(performed[0]?.problem).toMatch(/503/);
    expect(performed[0]?.summary).toMatch(
      /\(duplicates not checked: GET .* 503 Service Unavailable\)$/,
    );
  });

  it('closes anyway when the delete fails, and says which copy was not removed', async () => {
    const { jira, snapshot, runner, closing, otherCopy } = marked();
    jira.beforeNext('commentsSince', () => otherCopy('closing', NOW + 1_000, '1500'));
    jira.failNext('deleteComment', jiraUnavailable('DELETE /rest/api/3/issue/SUP-1/comment/1500'));
    const performed = await runner.run(snapshot, closing);
    expect(jira.sequence().at(-1)).toBe('transitionTo SUP-1 "Fechado"');
    expect(jira.comments.get('SUP-1')).toHaveLength(2);
    expect(performed[0]?.problem).toMatch(/^not removed: 1500: DELETE .* 503/);
  });

  it('lets a bug in the read-back escape: only Jira failures are reported and passed over', async () => {
    const { jira, snapshot, runner, closing } = marked();
    jira.failNext('commentsSince', new TypeError('a bug'));
    await expect(runner.run(snapshot, closing)).rejects.toThrow(TypeError);
    expect(jira.sequence()).not.toContain('transitionTo SUP-1 "Fechado"');
  });

  it('reads nothing back after an unmarked comment', async () => {
    const { jira, snapshot, runner } = marked();
    await runner.run(snapshot, close);
    expect(jira.sequence()).toEqual(['addComment SUP-1 public', 'transitionTo SUP-1 "Fechado"']);
  });
});

describe("a decision's delete-comment (a later copy the rules found)", () => {
  const cleanup = (commentId: string): Decision => ({
    ...close,
    actions: [
      { type: 'delete-comment', commentId, why: "a later copy of this cycle's closing comment" },
      close.actions[1]!,
    ],
  });

  it('deletes the copy, then closes', async () => {
    const { jira, snapshot, runner } = world('validation');
    const copy = jira.comment('SUP-1', jira.bot);
    const performed = await runner.run(snapshot, cleanup(copy.id));
    expect(jira.sequence()).toEqual([
      `deleteComment SUP-1 ${copy.id}`,
      'transitionTo SUP-1 "Fechado"',
    ]);
    expect(jira.comments.get('SUP-1')).toEqual([]);
    expect(performed[0]?.summary).toBe(
      `delete comment ${copy.id}: a later copy of this cycle's closing comment`,
    );
    expect(runner.writes).toBe(2);
  });

  it('takes a copy already gone (404) as deleted, and closes when the delete fails', async () => {
    const gone = world('validation');
    await gone.runner.run(gone.snapshot, cleanup('4242'));
    expect(gone.jira.issues.get('SUP-1')?.status).toEqual(FAKE_STATUS.closed);

    const { jira, snapshot, runner } = world('validation');
    const copy = jira.comment('SUP-1', jira.bot);
    jira.failNext(
      'deleteComment',
      jiraRefused(403, `DELETE /rest/api/3/issue/SUP-1/comment/${copy.id}`),
    );
    const performed = await runner.run(snapshot, cleanup(copy.id));
    expect(jira.issues.get('SUP-1')?.status).toEqual(FAKE_STATUS.closed);
    expect(performed[0]?.problem).toMatch(/403/);
  });

  it('is planned, not performed, by a dry run', async () => {
    const { jira, snapshot } = world('validation');
    const planned = await new DryRunRecorder().run(snapshot, cleanup('77'));
    expect(planned[0]).toEqual({
      type: 'delete-comment',
      summary: "delete comment 77: a later copy of this cycle's closing comment",
      why: "a later copy of this cycle's closing comment",
    });
    expect(jira.calls).toEqual([]);
  });
});
