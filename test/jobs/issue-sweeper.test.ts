import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DryRunRecorder, JiraActionRunner } from '../../src/actions/index.ts';
import { projectCalendar } from '../../src/config/index.ts';
import type { JiraGateway } from '../../src/jira/index.ts';
import { toComment, type RawVisibility } from '../../src/jira/mapping.ts';
import { IssueSweeper, type SweepKind } from '../../src/jobs/issue-sweeper.ts';
import { WriteBudget } from '../../src/jobs/write-budget.ts';
import { decidePending, decideValidation, type JudgedComment } from '../../src/rules/index.ts';
import { FAKE_STATUS, FakeJira, jiraUnavailable, type WorkflowEdge } from '../support/fake-jira.ts';
import { ANALYST, at, change, CLINIC, comment, issue, sup } from '../rules/fixtures.ts';
import { DUE, NIGHT, NOT_DUE, REMINDER, writesIn } from './in-memory.ts';

function setUp(
  options: {
    mode?: 'full' | 'catch-up';
    cap?: number;
    dryRun?: boolean;
    workflow?: WorkflowEdge[];
  } = {},
) {
  const jira = new FakeJira({
    now: () => NIGHT,
    ...(options.workflow ? { workflow: options.workflow } : {}),
  });
  const runner = options.dryRun
    ? new DryRunRecorder(options.workflow ? jira : undefined)
    : new JiraActionRunner(jira as unknown as JiraGateway);
  const sweeper = new IssueSweeper({
    jira,
    runner,
    budget: new WriteBudget(options.cap ?? 500, 0),
    botAccountId: jira.bot.accountId,
    nowMs: NIGHT,
    mode: options.mode ?? 'full',
  });
  const put = (
    enteredAt: string,
    kind: SweepKind = 'validation',
    comments = [] as ReturnType<typeof comment>[],
  ) => {
    const snapshot = issue(kind, [
      change('open', 'analysts', '2026-02-27T09:00:00-03:00'),
      change('analysts', kind, enteredAt),
    ]);
    if (comments.length > 0) snapshot.updatedMs = Math.max(...comments.map((c) => c.createdMs));
    jira.put(snapshot, comments);
    return snapshot;
  };
  const sweep = (
    snapshot: ReturnType<typeof put>,
    kind: SweepKind = 'validation',
    reread?: { issue: typeof snapshot | undefined },
  ) => sweeper.sweep(snapshot, kind, sup, reread);
  /** As the pages sweep an issue about to be closed or reminded: with its fresh read. */
  const sweepRead = (snapshot: ReturnType<typeof put>) =>
    sweeper.sweep(snapshot, 'validation', sup, { issue: structuredClone(snapshot) });
  return { jira, sweeper, put, sweep, sweepRead };
}

const byClinic = comment('c1', CLINIC, '2026-03-17T10:00:00-03:00');

describe('the per-issue sweeper', () => {
  it('decides a quiet issue not yet due from its page alone, with its window', async () => {
    const { jira, put, sweep } = setUp();
    expect(await sweep(put(NOT_DUE))).toEqual({
      issue: 'SUP-1',
      status: 'validation',
      closesAt: '2026-03-26T00:00:00-03:00',
      lastBusinessDay: '2026-03-25',
      rule: 'none',
      reason: 'not due, and no customer comment since it entered validation',
      outcome: 'not-due',
      actions: [],
    });
    expect(jira.sequence()).toEqual([]);
  });

  it('reads the comments once when the rules ask for them, and decides on them', async () => {
    const { jira, put, sweepRead } = setUp();
    const entry = await sweepRead(put(DUE, 'validation', [byClinic]));
    expect(entry).toMatchObject({ outcome: 'reopened', rule: 'customer-rejection' });
    expect(jira.sequence()).toEqual([
      'commentsSince SUP-1',
      'userGroups clinic',
      'addComment SUP-1 internal',
      'commentsSince SUP-1',
      'transitionTo SUP-1 "Em Atendimento"',
    ]);
  });

  it('acts on the issue as read again, not as the page showed it', async () => {
    const { jira, put, sweep } = setUp();
    const page = put(DUE);
    jira.comment('SUP-1', CLINIC);
    const fresh = structuredClone(jira.issues.get('SUP-1')!);
    expect(await sweep(page, 'validation', { issue: fresh })).toMatchObject({
      outcome: 'reopened',
    });
  });

  it('reads an issue decided from its search page again before acting, and acts on that', async () => {
    const { jira, put, sweep } = setUp();
    const page = put('2026-03-16T10:00:00-03:00', 'pending', [byClinic]);
    expect(await sweep(page, 'pending')).toMatchObject({ outcome: 'moved-to-analysts' });
    // Unchanged since the page: the decision stands, on comments read once.
    expect(jira.sequence()).toEqual([
      'commentsSince SUP-1',
      'userGroups clinic',
      'rereadIssues SUP-1',
      'transitionTo SUP-1 "Em Atendimento"',
    ]);
  });

  it('does nothing when the fresh read shows the webhook path already acted (the page lagged)', async () => {
    const { jira, put, sweep } = setUp();
    const page = put('2026-03-16T10:00:00-03:00', 'pending', [byClinic]);
    jira.move('SUP-1', FAKE_STATUS.analysts, ANALYST);
    expect(await sweep(page, 'pending')).toMatchObject({
      outcome: 'no-action',
      reason: 'SUP-1 is no longer pending',
    });
    expect(writesIn(jira)).toEqual([]);
  });

  it('reports an issue deleted between its page and its fresh read as no action, with no write', async () => {
    const { jira, put, sweep } = setUp();
    const page = put('2026-03-16T10:00:00-03:00', 'pending', [byClinic]);
    jira.issues.delete('SUP-1');
    expect(await sweep(page, 'pending')).toMatchObject({
      outcome: 'no-action',
      reason: 'no longer found when read again (deleted, or out of reach)',
    });
    expect(writesIn(jira)).toEqual([]);
  });

  it('reports an issue gone when read again as no action, with no call', async () => {
    const { jira, put, sweep } = setUp();
    expect(await sweep(put(DUE), 'validation', { issue: undefined })).toMatchObject({
      outcome: 'no-action',
      reason: 'no longer found when read again (deleted, or out of reach)',
    });
    expect(jira.sequence()).toEqual([]);
  });

  it('leaves closing and reminding to the nightly sweep in catch-up mode, and repairs replies', async () => {
    const { jira, put, sweep } = setUp({ mode: 'catch-up' });
    expect(await sweep(put(DUE))).toMatchObject({
      outcome: 'no-action',
      rule: 'none',
      reason: expect.stringMatching(/^deadline passed .*\(left for the nightly sweep\)$/),
      actions: [],
    });
    expect(await sweep(put(REMINDER))).toMatchObject({
      outcome: 'not-due',
      reason: expect.stringMatching(/reminding the customer once \(left for the nightly sweep\)$/),
    });
    expect(writesIn(jira)).toEqual([]);
    const pending = put('2026-03-16T10:00:00-03:00', 'pending', [byClinic]);
    expect(await sweep(pending, 'pending')).toMatchObject({ outcome: 'moved-to-analysts' });
  });

  it.each<[string, string, RawVisibility | undefined]>([
    [
      'restricted to a role',
      'not-due',
      { type: 'role', value: 'Service Desk Team', identifier: null },
    ],
    ['restricted to a group', 'not-due', { type: 'group', value: 'suporte', identifier: 'g-1' }],
    ['with no restriction', 'reopened', undefined],
  ])(
    "a customer's comment during validation %s, read from Jira with jsdPublic true: %s",
    async (_, outcome, visibility) => {
      const { jira, put, sweep } = setUp();
      // The comment as GET .../comment answers it: Jira keeps jsdPublic true under a restriction.
      const read = toComment({
        id: 'c9',
        author: { accountId: CLINIC.accountId, accountType: 'customer' },
        created: '2026-03-17T10:00:00.000-0300',
        jsdPublic: true,
        ...(visibility ? { visibility } : {}),
      });
      const entry = await sweep(put('2026-03-16T10:00:00-03:00', 'validation', [read]));
      expect(entry.outcome).toBe(outcome);
      if (visibility) expect(writesIn(jira)).toEqual([]);
      expect(jira.issues.get('SUP-1')?.status).toEqual(
        visibility ? FAKE_STATUS.validation : FAKE_STATUS.analysts,
      );
    },
  );

  it('defers an issue whose writes do not fit the budget, and makes no write', async () => {
    const { jira, put, sweepRead } = setUp({ cap: 1 });
    expect(await sweepRead(put(DUE))).toMatchObject({
      outcome: 'deferred',
      reason: expect.stringMatching(/^write cap of 1 reached: /),
      actions: [],
    });
    expect(jira.sequence()).toEqual([]);
  });

  it('ends a transient Jira failure in a failed entry that says so', async () => {
    const { jira, put, sweepRead } = setUp();
    jira.failNext('addComment', jiraUnavailable('POST /rest/api/3/issue/SUP-1/comment'));
    expect(await sweepRead(put(DUE))).toEqual({
      issue: 'SUP-1',
      status: 'validation',
      outcome: 'failed',
      rule: 'none',
      reason: 'POST /rest/api/3/issue/SUP-1/comment failed: 503 Service Unavailable',
      actions: [],
      transient: true,
    });
  });

  it('reports an issue that moved after its fresh read as moved, before posting anything', async () => {
    const { jira, put, sweepRead } = setUp();
    const page = put(DUE);
    jira.move('SUP-1', FAKE_STATUS.analysts, ANALYST);
    expect(await sweepRead(page)).toMatchObject({
      outcome: 'moved',
      reason: 'transition to "Fechado" is not available from "Em Atendimento" (it moved meanwhile)',
    });
    // The move is checked before the first write: no closing comment on an issue that left.
    expect(jira.sequence()).toEqual([]);
  });

  it('fails an issue transiently when Jira fails the move after the comment; nothing else is tried', async () => {
    const { jira, put, sweepRead } = setUp();
    jira.failNext('transitionTo', jiraUnavailable('POST /rest/api/3/issue/SUP-1/transitions'));
    expect(await sweepRead(put(DUE))).toMatchObject({
      outcome: 'failed',
      transient: true,
    });
    expect(jira.sequence()).toEqual([
      'addComment SUP-1 public',
      'commentsSince SUP-1',
      'transitionTo SUP-1 "Fechado"',
    ]);
  });

  it("reports an issue blocked, with the reason, when the move's screen needs a field not configured; nothing is posted", async () => {
    const workflow: WorkflowEdge[] = [
      {
        id: '61',
        name: 'Fechar',
        from: FAKE_STATUS.validation.id,
        to: FAKE_STATUS.closed,
        screen: { resolution: { name: 'Resolution', required: true } },
      },
    ];
    const project = { ...sup, transitions: { closed: { name: 'Fechar' } } };
    for (const dryRun of [false, true]) {
      const { jira, put, sweeper } = setUp({ workflow, dryRun });
      const page = put(DUE);
      const entry = await sweeper.sweep(page, 'validation', project, { issue: page });
      expect(entry).toEqual({
        issue: 'SUP-1',
        status: 'validation',
        closesAt: '2026-03-10T00:00:00-03:00',
        lastBusinessDay: '2026-03-09',
        rule: 'auto-close',
        outcome: 'blocked',
        reason: '"Fechar" needs Resolution; set transitions.closed.fields.resolution',
        actions: [],
      });
      expect(jira.sequence()).toEqual([]);
    }
  });

  it('raises a bug instead of reporting it as a failure', async () => {
    const { jira, put, sweep } = setUp();
    jira.failNext('commentsSince', new TypeError('a bug'));
    await expect(sweep(put(DUE, 'validation', [byClinic]))).rejects.toThrow('a bug');
  });

  it('asks for a fresh read of the issues about to be closed or reminded, in full mode only', () => {
    const full = setUp();
    const catchUp = setUp({ mode: 'catch-up' });
    const wants = (
      s: ReturnType<typeof setUp>,
      enteredAt: string,
      kind: SweepKind = 'validation',
    ) => s.sweeper.wantsFreshRead(s.put(enteredAt, kind), kind, sup);
    expect([wants(full, DUE), wants(full, REMINDER), wants(full, NOT_DUE)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(wants(full, '2026-03-16T10:00:00-03:00', 'pending')).toBe(false);
    expect([wants(catchUp, DUE), wants(catchUp, REMINDER)]).toEqual([false, false]);
  });
});

// The sweeper relies on the rules deciding once the comments are read (their overloads say so).
describe('the rules given the comments', () => {
  const calendar = projectCalendar(sup);
  const judged = fc.record({
    customer: fc.boolean(),
    isPublic: fc.boolean(),
    minutes: fc.integer({ min: -20_000, max: 40_000 }),
  });

  it('always decide, whatever the comments and the time', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<SweepKind>('validation', 'pending'),
        fc.array(judged, { maxLength: 4 }),
        fc.integer({ min: 0, max: 40 * 24 * 60 }),
        (kind, raw, nowMinutes) => {
          const entered = at('2026-03-02T10:00:00-03:00');
          const snapshot = issue(kind, [change('analysts', kind, '2026-03-02T10:00:00-03:00')]);
          const comments: JudgedComment[] = raw.map((c, i) => ({
            ...comment(String(i), c.customer ? CLINIC : ANALYST, '2026-03-02T10:00:00-03:00'),
            createdMs: entered + c.minutes * 60_000,
            isPublic: c.isPublic,
            customer: c.customer
              ? { isCustomer: true, code: 'customer-account', reason: 'arbitrary' }
              : { isCustomer: false, code: 'not-listed', reason: 'arbitrary' },
          }));
          const context = {
            issue: snapshot,
            project: sup,
            calendar,
            nowMs: entered + nowMinutes * 60_000,
            comments,
          };
          const verdict =
            kind === 'validation' ? decideValidation(context) : decidePending(context);
          expect(verdict.kind).toBe('decided');
        },
      ),
      { numRuns: 300 },
    );
  });
});
