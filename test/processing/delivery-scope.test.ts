/**
 * What a delivery may touch, inside the processor (issue 13, item 3): screening lets through only a
 * key of the payload's own configured project, and after the re-read the issue Jira returns must
 * still be in that project. Jira answers an old key with the issue it names now, so an issue moved
 * to another project (its key changed) comes back as that project's issue: nothing is done to it.
 * Against the in-memory Jira, asserting the exact calls.
 */
import { describe, expect, it } from '@jest/globals';
import type { IssueSnapshot, JiraUser } from '../../src/domain/index.ts';
import type { CommentCreatedPayload } from '../../src/webhooks/index.ts';
import type { FakeJira } from '../support/fake-jira.ts';
import { processorOverFakeJira } from './processor-world.ts';
import { captureLog } from '../support/log-capture.ts';
import { ANALYST, at, change, CLINIC, config, issue, STATUS } from '../rules/fixtures.ts';

const NOW = at('2026-03-04T11:05:00-03:00');

const HISTORY = {
  pending: [
    change('open', 'analysts', '2026-03-02T09:00:00-03:00'),
    change('analysts', 'pending', '2026-03-02T10:00:00-03:00', ANALYST),
  ],
  validation: [
    change('open', 'analysts', '2026-03-02T09:00:00-03:00'),
    change('analysts', 'validation', '2026-03-03T10:00:00-03:00'),
  ],
} as const;

function world() {
  const { jira, processor, decisions } = processorOverFakeJira(NOW);
  return { jira, processor, decisions };
}

/**
 * SUP-1, moved to project OPS as OPS-7 after the comment was made: Jira answers SUP-1 with OPS-7
 * (the in-memory Jira finds it under both keys, as Jira's old-key redirect does).
 */
function movedToOps(jira: FakeJira, status: keyof typeof HISTORY): IssueSnapshot {
  const moved = issue(status, [...HISTORY[status]], {
    key: 'OPS-7',
    projectKey: 'OPS',
    assignee: { accountId: 'someone-else' },
  });
  jira.put(moved);
  jira.issues.set('SUP-1', structuredClone(moved));
  return moved;
}

function replyOn(
  status: keyof typeof HISTORY,
  author: JiraUser = CLINIC,
  issueFields: Partial<CommentCreatedPayload['issue']> = {},
): CommentCreatedPayload {
  return {
    webhookEvent: 'comment_created',
    timestamp: NOW,
    issue: { id: '10001', key: 'SUP-1', projectKey: 'SUP', status: STATUS[status], ...issueFields },
    comment: { id: '10500', author, createdMs: NOW, jsdPublic: true },
  };
}

async function deliver(
  processor: ReturnType<typeof world>['processor'],
  payload: CommentCreatedPayload,
) {
  const log = captureLog();
  const screening = processor.screen(payload);
  if ('ignore' in screening) throw new Error(`screened out: ${screening.ignore}`);
  const result = await processor.process(
    { identifier: 'd-1', retry: 0, payload, receivedAtMs: NOW, via: 'token' },
    screening.screened,
    log.logger,
  );
  return { result, log };
}

describe('after the re-read, the issue must be in the delivery’s configured project', () => {
  it.each([
    ['a customer reply on a pending issue', 'pending'],
    ['a customer rejection during validation', 'validation'],
  ] as const)(
    '%s, the issue since moved to OPS: one read, no write, no decision',
    async (_, status) => {
      const { jira, processor, decisions } = world();
      const before = structuredClone(movedToOps(jira, status));
      const { result, log } = await deliver(processor, replyOn(status));

      const reason = 'Jira has the issue in another project than SUP: nothing done';
      expect(jira.sequence()).toEqual(['getIssue SUP-1']);
      expect(result).toEqual({ outcome: 'no-action', reason });
      expect(decisions).toEqual([]);
      expect(jira.issues.get('OPS-7')).toEqual(before);
      expect(jira.comments.get('OPS-7')).toEqual([]);
      expect(log.find('the issue is not in its project')).toEqual([
        expect.objectContaining({
          level: 40,
          outcome: 'no-action',
          reason,
          jiraKey: 'OPS-7',
          jiraProject: 'OPS',
        }),
      ]);
    },
  );

  it('a reply whose webhook lacks the accountType is not read back either: the check comes first', async () => {
    const { jira, processor } = world();
    movedToOps(jira, 'pending');
    const privateProfile = { accountId: CLINIC.accountId, displayName: 'Clínica' };
    const { result } = await deliver(processor, replyOn('pending', privateProfile));
    expect(jira.sequence()).toEqual(['getIssue SUP-1']);
    expect(result.outcome).toBe('no-action');
  });

  it('an issue still in SUP is acted on, every call naming the key Jira returned', async () => {
    const { jira, processor } = world();
    jira.put(issue('pending', [...HISTORY.pending], { assignee: { accountId: 'someone-else' } }));
    const { result } = await deliver(processor, replyOn('pending'));
    expect(jira.sequence()).toEqual([
      'getIssue SUP-1',
      `userGroups ${CLINIC.accountId}`,
      `assign SUP-1 ${ANALYST.accountId}`,
      'transitionTo SUP-1 "Em Atendimento"',
    ]);
    expect(result.outcome).toBe('acted');
  });
});

describe('screening: only a Jira key of the payload’s own configured project', () => {
  // The payload schema refuses these with a 400 first; the processor's screen does not rely on it.
  it.each([
    ['OPS-1', 'SUP', "the issue key names an issue of project OPS, not of the payload's project"],
    ['SUP-1/../../myself', 'SUP', 'the issue key is not a Jira issue key'],
    ['SUP-1?fields=*all', 'SUP', 'the issue key is not a Jira issue key'],
    ['10001', 'SUP', 'the issue key is not a Jira issue key'],
  ])('key %j in project %s: ignored (%s), no Jira call', (key, projectKey, reason) => {
    const { jira, processor } = world();
    expect(processor.screen(replyOn('pending', CLINIC, { key, projectKey }))).toEqual({
      ignore: reason,
    });
    expect(jira.calls).toEqual([]);
  });

  it('hands processing the project and its key', () => {
    const { processor } = world();
    expect(processor.screen(replyOn('pending'))).toEqual({
      screened: { project: config.projects.SUP, projectKey: 'SUP' },
    });
  });
});
