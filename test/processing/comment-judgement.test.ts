/**
 * How the webhook path judges a new comment (issue 12, "one judgement of public"): a visibility
 * restriction makes it internal although Jira sends jsdPublic true, and an author whose accountType
 * the webhook leaves out (a private profile) is judged on the comment and the user record read
 * from Jira. The exact Jira calls of each case, against the in-memory Jira.
 */
import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { JiraActionRunner } from '../../src/actions/index.ts';
import type { CommentVisibility, IssueSnapshot, JiraUser } from '../../src/domain/index.ts';
import { createDeliveryProcessor } from '../../src/processing/delivery-processor.ts';
import type { CommentCreatedPayload, ProcessResult } from '../../src/webhooks/index.ts';
import { FAKE_STATUS, FakeJira, jiraUnavailable } from '../support/fake-jira.ts';
import { ANALYST, at, BOT, change, CLINIC, config, issue, STATUS } from '../rules/fixtures.ts';

const NOW = at('2026-03-04T11:05:00-03:00');

/** A portal customer who is not the reporter, as a webhook shows them with a private profile. */
const PRIVATE_COLLEAGUE: JiraUser = { accountId: 'clinic-colleague', displayName: 'Recepção' };

const pendingIssue = (): IssueSnapshot =>
  issue(
    'pending',
    [
      change('open', 'analysts', '2026-03-02T09:00:00-03:00'),
      change('analysts', 'pending', '2026-03-02T10:00:00-03:00', ANALYST),
    ],
    { assignee: { accountId: 'someone-else' } },
  );

function world() {
  const jira = new FakeJira({ now: () => NOW, bot: BOT });
  jira.put(pendingIssue());
  jira.groups.set(ANALYST.accountId, ['suporte']);
  const processor = createDeliveryProcessor({
    gateway: jira,
    config,
    runner: new JiraActionRunner(jira),
    botAccountId: async () => BOT.accountId,
  });
  let deliveries = 0;
  const deliver = (payload: CommentCreatedPayload): Promise<ProcessResult> => {
    const screening = processor.screen(payload);
    if ('ignore' in screening) throw new Error(`screened out: ${screening.ignore}`);
    return processor.process(
      { identifier: `d-${++deliveries}`, retry: 0, payload, receivedAtMs: NOW, via: 'signature' },
      screening.screened,
      pino({ level: 'silent' }),
    );
  };
  return { jira, deliver };
}

/** A comment_created delivery for SUP-1 (pending), with what the webhook said of the comment. */
function delivery(
  commentId: string,
  author: JiraUser,
  said: {
    jsdPublic?: boolean;
    visibility?: CommentVisibility;
    jsdAuthorCanSeeRequest?: boolean;
  } = { jsdPublic: true },
): CommentCreatedPayload {
  return {
    webhookEvent: 'comment_created',
    timestamp: NOW,
    issue: { id: '1', key: 'SUP-1', projectKey: 'SUP', status: STATUS.pending },
    comment: { id: commentId, author, createdMs: NOW, ...said },
  };
}

const MOVED_BACK = [
  `assign SUP-1 ${ANALYST.accountId}`,
  'transitionTo SUP-1 "Em Atendimento"',
] as const;

describe('a comment restricted to a role or group (jsdPublic true)', () => {
  it.each<[string, CommentVisibility]>([
    ['a role', { type: 'role', value: 'Service Desk Team' }],
    ['a group', { type: 'group', value: 'suporte', identifier: 'g-1' }],
  ])(
    'by the customer, restricted to %s: internal, no action, the issue stays pending',
    async (_, visibility) => {
      const { jira, deliver } = world();
      const result = await deliver(delivery('700', CLINIC, { jsdPublic: true, visibility }));
      expect(jira.sequence()).toEqual(['getIssue SUP-1']);
      expect(result).toEqual({
        outcome: 'no-action',
        reason: 'internal comments never count as the customer',
      });
      expect(jira.issues.get('SUP-1')?.status).toEqual(FAKE_STATUS.pending);
    },
  );
});

describe('an author the webhook shows without accountType (a private profile)', () => {
  it('is read back: a portal customer by the user record, so the reply goes to the analysts', async () => {
    const { jira, deliver } = world();
    jira.comment('SUP-1', PRIVATE_COLLEAGUE, { id: '701' });
    jira.users.set(PRIVATE_COLLEAGUE.accountId, { ...PRIVATE_COLLEAGUE, accountType: 'customer' });

    const result = await deliver(delivery('701', PRIVATE_COLLEAGUE));

    expect(jira.sequence()).toEqual([
      'getIssue SUP-1',
      'getComment SUP-1 701',
      `getUser ${PRIVATE_COLLEAGUE.accountId}`,
      `userGroups ${PRIVATE_COLLEAGUE.accountId}`,
      ...MOVED_BACK,
    ]);
    expect(result).toEqual(
      expect.objectContaining({ outcome: 'acted', reason: 'customer replied on a pending issue' }),
    );
  });

  it('is read back: an Atlassian account by the user record, so nothing is done', async () => {
    const { jira, deliver } = world();
    jira.comment('SUP-1', PRIVATE_COLLEAGUE, { id: '702' });
    jira.users.set(PRIVATE_COLLEAGUE.accountId, { ...PRIVATE_COLLEAGUE, accountType: 'atlassian' });

    const result = await deliver(delivery('702', PRIVATE_COLLEAGUE));

    expect(jira.sequence()).toEqual([
      'getIssue SUP-1',
      'getComment SUP-1 702',
      `getUser ${PRIVATE_COLLEAGUE.accountId}`,
      `userGroups ${PRIVATE_COLLEAGUE.accountId}`,
      // Not a customer by any cheaper rule: the request's participants are asked last.
      'requestMembers SUP-1',
    ]);
    expect(result).toEqual({
      outcome: 'no-action',
      reason:
        'the author is neither a customer account, the reporter, listed nor part of the request',
    });
  });

  it('needs no user record when the comment read names the accountType', async () => {
    const { jira, deliver } = world();
    jira.comment('SUP-1', { ...PRIVATE_COLLEAGUE, accountType: 'customer' }, { id: '703' });

    const result = await deliver(delivery('703', PRIVATE_COLLEAGUE));

    expect(jira.sequence()).toEqual([
      'getIssue SUP-1',
      'getComment SUP-1 703',
      `userGroups ${PRIVATE_COLLEAGUE.accountId}`,
      ...MOVED_BACK,
    ]);
    expect(result.outcome).toBe('acted');
  });

  it('is judged internal when the comment read says so, without reading the user', async () => {
    const { jira, deliver } = world();
    // A hand-written body says nothing of jsdPublic; the comment as Jira holds it is internal.
    jira.comment('SUP-1', PRIVATE_COLLEAGUE, {
      id: '704',
      isPublic: false,
      properties: { 'sd.public.comment': { internal: true } },
    });

    const result = await deliver(delivery('704', PRIVATE_COLLEAGUE, {}));

    expect(jira.sequence()).toEqual(['getIssue SUP-1', 'getComment SUP-1 704']);
    expect(result).toEqual({
      outcome: 'no-action',
      reason: 'internal comments never count as the customer',
    });
  });

  it('whose comment was deleted meanwhile (404): no action, with the reason', async () => {
    const { jira, deliver } = world();
    const result = await deliver(delivery('705', PRIVATE_COLLEAGUE));
    expect(jira.sequence()).toEqual(['getIssue SUP-1', 'getComment SUP-1 705']);
    expect(result).toEqual({ outcome: 'no-action', reason: 'the comment no longer exists' });
    expect(jira.issues.get('SUP-1')?.status).toEqual(FAKE_STATUS.pending);
  });

  it('when Jira fails reading the comment (503): a transient failure, so Jira retries', async () => {
    const { jira, deliver } = world();
    jira.comment('SUP-1', PRIVATE_COLLEAGUE, { id: '706' });
    jira.failNext('getComment', jiraUnavailable('GET /rest/api/3/issue/SUP-1/comment/706'));
    const result = await deliver(delivery('706', PRIVATE_COLLEAGUE));
    expect(result.outcome).toBe('transient-failure');
    expect(jira.issues.get('SUP-1')?.status).toEqual(FAKE_STATUS.pending);
  });

  it('an internal note by such an author is not read back: it never counts anyway', async () => {
    const { jira, deliver } = world();
    const result = await deliver(delivery('707', PRIVATE_COLLEAGUE, { jsdPublic: false }));
    expect(jira.sequence()).toEqual(['getIssue SUP-1']);
    expect(result.outcome).toBe('no-action');
  });
});

describe('an author the webhook shows with accountType', () => {
  it('costs no comment or user read: the normal path', async () => {
    const { jira, deliver } = world();
    jira.comment('SUP-1', CLINIC, { id: '708' });
    const result = await deliver(delivery('708', CLINIC));
    expect(jira.sequence()).toEqual([
      'getIssue SUP-1',
      `userGroups ${CLINIC.accountId}`,
      ...MOVED_BACK,
    ]);
    expect(result.outcome).toBe('acted');
  });
});

describe('the whole clinic: participants and e-mail senders (issue 14)', () => {
  const PARTICIPANT: JiraUser = { accountId: 'marta', accountType: 'atlassian' };

  it("a participant's reply reads the request's members once, then goes to the analysts", async () => {
    const { jira, deliver } = world();
    jira.requestMembersOf.set('SUP-1', {
      participantAccountIds: [PARTICIPANT.accountId],
      organizationMemberAccountIds: [],
    });
    const result = await deliver(delivery('710', PARTICIPANT));
    expect(jira.sequence()).toEqual([
      'getIssue SUP-1',
      `userGroups ${PARTICIPANT.accountId}`,
      'requestMembers SUP-1',
      ...MOVED_BACK,
    ]);
    expect(result).toEqual(expect.objectContaining({ outcome: 'acted' }));
  });

  it('a portal customer needs no JSM read: the cheaper rule decides first', async () => {
    const { jira, deliver } = world();
    await deliver(delivery('711', CLINIC));
    expect(jira.sequence()).not.toContain('requestMembers SUP-1');
  });

  it('an e-mail sender Jira flags jsdAuthorCanSeeRequest:false is not the customer, and costs no JSM read', async () => {
    const { jira, deliver } = world();
    const result = await deliver(
      delivery('712', CLINIC, { jsdPublic: true, jsdAuthorCanSeeRequest: false }),
    );
    expect(jira.sequence()).toEqual(['getIssue SUP-1', `userGroups ${CLINIC.accountId}`]);
    expect(result).toEqual({
      outcome: 'no-action',
      reason: 'the comment was e-mailed by someone who is not part of the request',
    });
  });
});
