/**
 * The delivery processor against an in-memory Jira: for each kind of delivery, the exact Jira
 * calls it makes (reads and writes, in order) and what it answers the receiver.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { pino } from 'pino';
import type { IssueSnapshot, JiraUser } from '../../src/domain/index.ts';
import type { ScreenedDelivery } from '../../src/processing/delivery-processor.ts';
import type {
  CommentCreatedPayload,
  HandledPayload,
  IssueUpdatedPayload,
  ProcessResult,
} from '../../src/webhooks/index.ts';
import { FAKE_STATUS, jiraRefused, jiraUnavailable } from '../support/fake-jira.ts';
import { captureLog } from '../support/log-capture.ts';
import { ANALYST, at, BOT, change, CLINIC, config, issue, STATUS } from '../rules/fixtures.ts';
import { processorOverFakeJira } from './processor-world.ts';

const NOW = at('2026-03-04T11:05:00-03:00');
const silent = pino({ level: 'silent' });

/** SUP-1 waiting on the customer since an analyst asked; its assignee is someone else. */
const pendingIssue = (key = 'SUP-1'): IssueSnapshot =>
  issue(
    'pending',
    [
      change('open', 'analysts', '2026-03-02T09:00:00-03:00'),
      change('analysts', 'pending', '2026-03-02T10:00:00-03:00', ANALYST),
    ],
    { key, assignee: { accountId: 'someone-else' } },
  );

/** SUP-1 resolved on Tuesday 2026-03-03, awaiting validation. */
const validationIssue = (): IssueSnapshot =>
  issue('validation', [
    change('open', 'analysts', '2026-03-02T09:00:00-03:00'),
    change('analysts', 'validation', '2026-03-03T10:00:00-03:00'),
  ]);

function world(...issues: IssueSnapshot[]) {
  const { jira, processor, decisions } = processorOverFakeJira(NOW);
  for (const i of issues) jira.put(i);
  let deliveries = 0;
  const screen = (payload: HandledPayload): ScreenedDelivery => {
    const screening = processor.screen(payload);
    if ('ignore' in screening) throw new Error(`screened out: ${screening.ignore}`);
    return screening.screened;
  };
  const deliver = (payload: HandledPayload): Promise<ProcessResult> =>
    processor.process(
      {
        identifier: `delivery-${++deliveries}`,
        retry: 0,
        payload,
        receivedAtMs: NOW,
        via: 'signature',
      },
      screen(payload),
      silent,
    );
  return { jira, processor, decisions, deliver };
}

let commentIds = 500;

function commentOn(
  status: keyof typeof STATUS,
  author: JiraUser,
  extra: { key?: string; projectKey?: string; jsdPublic?: boolean } = {},
): CommentCreatedPayload {
  const projectKey = extra.projectKey ?? 'SUP';
  return {
    webhookEvent: 'comment_created',
    timestamp: NOW,
    issue: { id: '1', key: extra.key ?? `${projectKey}-1`, projectKey, status: STATUS[status] },
    comment: {
      id: String(commentIds++),
      author,
      createdMs: NOW,
      jsdPublic: extra.jsdPublic ?? true,
    },
  };
}

function movedInto(to: keyof typeof STATUS, iso: string, projectKey = 'SUP'): IssueUpdatedPayload {
  return {
    webhookEvent: 'jira:issue_updated',
    timestamp: at(iso),
    issue: { id: '1', key: `${projectKey}-1`, projectKey, status: STATUS[to] },
    user: ANALYST,
    statusChanges: [
      {
        from: STATUS.analysts.id,
        fromString: STATUS.analysts.name,
        to: STATUS[to].id,
        toString: STATUS[to].name,
      },
    ],
  };
}

describe('a customer reply on a pending issue', () => {
  it('re-reads the issue, looks up the author groups the config needs, assigns back, then moves it', async () => {
    const { jira, decisions, deliver } = world(pendingIssue());
    const result = await deliver(commentOn('pending', CLINIC));
    expect(jira.sequence()).toEqual([
      'getIssue SUP-1',
      `userGroups ${CLINIC.accountId}`,
      `assign SUP-1 ${ANALYST.accountId}`,
      'transitionTo SUP-1 "Em Atendimento"',
    ]);
    expect(result).toEqual({
      outcome: 'acted',
      actions: [`assign to ${ANALYST.accountId}`, 'transition to "Em Atendimento"'],
      reason: 'customer replied on a pending issue',
    });
    expect(decisions).toEqual([['customer-reply', 'acted']]);
    expect(jira.issues.get('SUP-1')?.status).toEqual(FAKE_STATUS.analysts);
  });

  it('answers "already in" when the move is refused because someone moved it there meanwhile', async () => {
    const { jira, decisions, deliver } = world(pendingIssue());
    const read = jira.getIssue.bind(jira);
    jest.spyOn(jira, 'getIssue').mockImplementationOnce(async (key, options) => {
      const seen = await read(key, options);
      jira.move(key, FAKE_STATUS.analysts, ANALYST); // an analyst, just after the re-read
      return seen;
    });
    const result = await deliver(commentOn('pending', CLINIC));
    // The move is checked before the first write and finds the issue moved: nothing is assigned.
    expect(jira.sequence()).toEqual([
      'getIssue SUP-1',
      `userGroups ${CLINIC.accountId}`,
      'getIssue SUP-1',
    ]);
    expect(result).toEqual({ outcome: 'no-action', reason: 'already in "Em Atendimento"' });
    expect(decisions).toEqual([['customer-reply', 'no-action']]);
  });

  it('fails (for good) when the move is refused and the issue is somewhere else', async () => {
    const { jira, decisions, deliver } = world(pendingIssue());
    const read = jira.getIssue.bind(jira);
    jest.spyOn(jira, 'getIssue').mockImplementationOnce(async (key, options) => {
      const seen = await read(key, options);
      jira.move(key, FAKE_STATUS.closed, ANALYST);
      return seen;
    });
    const result = await deliver(commentOn('pending', CLINIC));
    expect(jira.sequence().at(-1)).toBe('getIssue SUP-1');
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(/SUP-1/);
    expect(decisions).toEqual([['customer-reply', 'failed']]);
  });
});

describe('comments that are not the customer', () => {
  it("the service's own comment: no Jira call at all", async () => {
    const { jira, decisions, deliver } = world(pendingIssue());
    const result = await deliver(commentOn('pending', BOT));
    expect(jira.calls).toEqual([]);
    expect(result).toEqual({ outcome: 'no-action', reason: "the service's own comment" });
    expect(decisions).toEqual([]);
  });

  it("an analyst's public comment: read, judged by its groups, no write", async () => {
    const { jira, decisions, deliver } = world(pendingIssue());
    const result = await deliver(commentOn('pending', ANALYST));
    expect(jira.sequence()).toEqual(['getIssue SUP-1', `userGroups ${ANALYST.accountId}`]);
    expect(result.outcome).toBe('no-action');
    expect(decisions).toEqual([['none', 'no-action']]);
    expect(jira.issues.get('SUP-1')?.status).toEqual(FAKE_STATUS.pending);
  });

  it('an internal note: read, no group look-up, no write', async () => {
    const { jira, deliver } = world(pendingIssue());
    const result = await deliver(commentOn('pending', ANALYST, { jsdPublic: false }));
    expect(jira.sequence()).toEqual(['getIssue SUP-1']);
    expect(result).toEqual({
      outcome: 'no-action',
      reason: 'internal comments never count as the customer',
    });
  });
});

describe('a customer comment during validation (a rejection)', () => {
  it('looks for its reopen note, posts it as an internal note, then reopens', async () => {
    const { jira, decisions, deliver } = world(validationIssue());
    const result = await deliver(commentOn('validation', CLINIC));
    expect(jira.sequence()).toEqual([
      'getIssue SUP-1',
      `userGroups ${CLINIC.accountId}`,
      'commentsSince SUP-1',
      'addComment SUP-1 internal',
      'commentsSince SUP-1', // the note's read-back: one copy per cycle
      'transitionTo SUP-1 "Em Atendimento"',
    ]);
    expect(result.outcome).toBe('acted');
    expect(decisions).toEqual([['customer-rejection', 'acted']]);
  });

  it('a retry after a failed move does not post the note twice', async () => {
    const { jira, deliver } = world(validationIssue());
    jira.failNext('transitionTo', jiraUnavailable('POST /rest/api/3/issue/SUP-1/transitions'));
    const payload = commentOn('validation', CLINIC);
    const first = await deliver(payload);
    expect(first.outcome).toBe('transient-failure');
    expect(jira.issues.get('SUP-1')?.status).toEqual(FAKE_STATUS.validation);
    jira.calls.length = 0;

    const retry = await deliver(payload);
    expect(jira.sequence()).toEqual([
      'getIssue SUP-1',
      `userGroups ${CLINIC.accountId}`,
      'commentsSince SUP-1',
      'transitionTo SUP-1 "Em Atendimento"',
    ]);
    expect(retry).toEqual(expect.objectContaining({ outcome: 'acted' }));
    expect(jira.comments.get('SUP-1')).toHaveLength(1);
    expect(jira.issues.get('SUP-1')?.status).toEqual(FAKE_STATUS.analysts);
  });
});

describe('when Jira does not answer as hoped', () => {
  it('an issue that no longer exists (404): no action, so Jira does not retry', async () => {
    const { jira, deliver } = world();
    const result = await deliver(commentOn('pending', CLINIC, { key: 'SUP-9' }));
    expect(jira.sequence()).toEqual(['getIssue SUP-9']);
    expect(result).toEqual({ outcome: 'no-action', reason: 'the issue no longer exists' });
  });

  it('Jira unavailable (503): a transient failure, so Jira sends it again', async () => {
    const { jira, deliver } = world(pendingIssue());
    jira.failNext('getIssue', jiraUnavailable('GET /rest/api/3/issue/SUP-1'));
    const result = await deliver(commentOn('pending', CLINIC));
    expect(jira.sequence()).toEqual(['getIssue SUP-1']);
    expect(result).toEqual({
      outcome: 'transient-failure',
      reason: 'GET /rest/api/3/issue/SUP-1 failed: 503 Service Unavailable',
    });
  });
});

describe('when Jira refuses for good', () => {
  it.each([
    // (a 400 on the assign-back does not stop the move: see the action runner's tests)
    ['a forbidden write (403)', 'assign', 403, 'PUT /rest/api/3/issue/SUP-1/assignee'],
    ['a conflicting write (409)', 'transitionTo', 409, 'POST /rest/api/3/issue/SUP-1/transitions'],
    ['the issue out of reach (403)', 'getIssue', 403, 'GET /rest/api/3/issue/SUP-1'],
  ])('%s: failed with its reason, answered 200 (not 503), logged', async (_, op, status, what) => {
    const { jira, processor } = world(pendingIssue());
    jira.failNext(
      op,
      jiraRefused(status, what, { errorMessages: ['Jira says no'], errors: { field: 'bad' } }),
    );
    const log = captureLog();
    const payload = commentOn('pending', CLINIC);
    const screened = processor.screen(payload) as { screened: ScreenedDelivery };

    const result = await processor.process(
      { identifier: 'd-1', retry: 0, payload, receivedAtMs: NOW, via: 'signature' },
      screened.screened,
      log.logger,
    );

    const reason = expect.stringMatching(
      new RegExp(`^${what} failed: ${status} .*\\(Jira says no; field: bad\\)$`),
    );
    expect(result).toEqual({ outcome: 'failed', reason });
    expect(log.find('Jira refused')).toEqual([
      expect.objectContaining({ issue: 'SUP-1', outcome: 'failed', reason }),
    ]);
  });

  it('a bug still surfaces as an exception', async () => {
    const { jira, deliver } = world(pendingIssue());
    jira.failNext('getIssue', new TypeError('a bug in reading the issue'));
    await expect(deliver(commentOn('pending', CLINIC))).rejects.toThrow(
      'a bug in reading the issue',
    );
  });
});

describe('jira:issue_updated', () => {
  it('into validation: no Jira call; the reason says when the sweep will close it', async () => {
    const { jira, deliver } = world(validationIssue());
    // Resolved on Tuesday 03-03: five business days of São Paulo are 03-04 to 03-10.
    const result = await deliver(movedInto('validation', '2026-03-03T10:00:00-03:00'));
    expect(jira.calls).toEqual([]);
    expect(result).toEqual({
      outcome: 'no-action',
      reason:
        'entered validation on 2026-03-03; closes at 2026-03-11T00:00:00-03:00 without a customer comment',
    });
  });

  it('into pending: no Jira call, waiting for the customer', async () => {
    const { jira, deliver } = world(pendingIssue());
    const result = await deliver(movedInto('pending', '2026-03-02T10:00:00-03:00'));
    expect(jira.calls).toEqual([]);
    expect(result).toEqual({
      outcome: 'no-action',
      reason: 'entered pending: waiting for the customer',
    });
  });
});

describe('screening', () => {
  it.each(['OTHER', 'constructor', '__proto__', 'toString'])(
    'screens out project %s, which the config does not map, with no Jira call',
    (projectKey) => {
      const { jira, processor } = world(pendingIssue());
      for (const payload of [
        commentOn('pending', CLINIC, { projectKey }),
        movedInto('validation', '2026-03-03T10:00:00-03:00', projectKey),
      ]) {
        expect(processor.screen(payload)).toEqual({
          ignore: `project ${projectKey} is not configured`,
        });
      }
      expect(jira.calls).toEqual([]);
    },
  );

  it('hands processing the project it found', () => {
    const { processor } = world();
    expect(processor.screen(commentOn('pending', CLINIC))).toEqual({
      screened: { project: config.projects.SUP, projectKey: 'SUP' },
    });
  });

  it('screens out a comment made in another status, and a move elsewhere', () => {
    const { jira, processor } = world();
    expect(processor.screen(commentOn('closed', CLINIC))).toEqual({
      ignore: 'a comment on an issue in "Fechado"',
    });
    expect(processor.screen(movedInto('closed', '2026-03-03T10:00:00-03:00'))).toEqual({
      ignore: 'no move into the pending or validation status',
    });
    expect(jira.calls).toEqual([]);
  });
});

describe('deliveries for one issue at the same time', () => {
  it('are processed one after the other: the second re-reads the issue the first moved', async () => {
    const { jira, deliver } = world(pendingIssue());
    const [first, second] = await Promise.all([
      deliver(commentOn('pending', CLINIC)),
      deliver(commentOn('pending', CLINIC)),
    ]);
    expect(jira.sequence()).toEqual([
      'getIssue SUP-1',
      `userGroups ${CLINIC.accountId}`,
      `assign SUP-1 ${ANALYST.accountId}`,
      'transitionTo SUP-1 "Em Atendimento"',
      'getIssue SUP-1',
      `userGroups ${CLINIC.accountId}`,
    ]);
    expect(first?.outcome).toBe('acted');
    expect(second).toEqual({
      outcome: 'no-action',
      reason: expect.stringContaining('SUP-1 is in "Em Atendimento"'),
    });
  });

  it('for different issues are not held back by each other', async () => {
    const { jira, deliver } = world(pendingIssue('SUP-1'), pendingIssue('SUP-2'));
    const results = await Promise.all([
      deliver(commentOn('pending', CLINIC, { key: 'SUP-1' })),
      deliver(commentOn('pending', CLINIC, { key: 'SUP-2' })),
    ]);
    expect(jira.sequence().slice(0, 2)).toEqual(['getIssue SUP-1', 'getIssue SUP-2']);
    expect(results.map((r) => r.outcome)).toEqual(['acted', 'acted']);
  });
});
