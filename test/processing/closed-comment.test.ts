/**
 * A comment's webhook that arrives after the service closed the issue: the customer commented
 * while the issue was in validation, the nightly sweep closed it without seeing the comment, and
 * the delivery processor, against the in-memory Jira, reopens it. The exact Jira calls, in order.
 */
import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import type { IssueSnapshot, JiraUser } from '../../src/domain/index.ts';
import { MARKER_PROPERTY } from '../../src/rules/index.ts';
import type { CommentCreatedPayload, ProcessResult } from '../../src/webhooks/index.ts';
import { FAKE_STATUS, jiraUnavailable } from '../support/fake-jira.ts';
import { ANALYST, at, BOT, change, CLINIC, issue, STATUS } from '../rules/fixtures.ts';
import { processorOverFakeJira } from './processor-world.ts';

const ENTERED = '2026-03-02T10:00:00-03:00';
const CLOSED = '2026-03-10T02:00:05-03:00';
/** Made between the sweep's read of the issue and its close. */
const COMMENTED = at('2026-03-10T02:00:03-03:00');
/** The webhook arrives a minute later (Jira's retry, or a slow delivery). */
const NOW = at('2026-03-10T02:01:00-03:00');

const entry = change('analysts', 'validation', ENTERED);
const closedBy = (author: JiraUser): IssueSnapshot =>
  issue('closed', [
    change('open', 'analysts', '2026-03-02T09:00:00-03:00'),
    entry,
    change('validation', 'closed', CLOSED, author),
  ]);

function world(closed: IssueSnapshot) {
  const { jira, processor, decisions } = processorOverFakeJira(NOW);
  // The vendor's workflow reopens a closed issue through "Reabrir" too (config/sandbox.yaml).
  jira.workflow = [
    ...jira.workflow,
    { id: '51', name: 'Reabrir', from: FAKE_STATUS.closed.id, to: FAKE_STATUS.analysts },
  ];
  jira.put(closed);
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
  const notes = () =>
    (jira.comments.get('SUP-1') ?? []).filter(
      (c) => (c.properties[MARKER_PROPERTY] as { kind?: string } | undefined)?.kind === 'reopen',
    );
  return { jira, decisions, deliver, notes };
}

/** The comment's webhook as Jira sent it: the issue in validation when the comment was made. */
function customerComment(createdMs = COMMENTED, author = CLINIC): CommentCreatedPayload {
  return {
    webhookEvent: 'comment_created',
    timestamp: createdMs,
    issue: { id: '1', key: 'SUP-1', projectKey: 'SUP', status: STATUS.validation },
    comment: { id: '900', author, createdMs, jsdPublic: true },
  };
}

describe('a late webhook of a customer comment made just before the service closed the issue', () => {
  it('reopens it: looks for a note of the validation cycle, posts it, then "Reabrir" clearing the resolution', async () => {
    const { jira, decisions, deliver, notes } = world(closedBy(BOT));

    const result = await deliver(customerComment());

    expect(jira.sequence()).toEqual([
      'getIssue SUP-1',
      `userGroups ${CLINIC.accountId}`,
      'commentsSince SUP-1',
      'addComment SUP-1 internal',
      'commentsSince SUP-1',
      'transitionTo SUP-1 "Em Atendimento"',
    ]);
    expect(result).toMatchObject({
      outcome: 'acted',
      reason: expect.stringContaining('just before the service closed it'),
    });
    expect(decisions).toEqual([['customer-rejection', 'acted']]);
    expect(jira.issues.get('SUP-1')!.status).toEqual(FAKE_STATUS.analysts);
    expect(jira.transitioned).toEqual([
      { key: 'SUP-1', transition: '51', fields: { resolution: null } },
    ]);
    expect(notes().map((n) => n.properties[MARKER_PROPERTY])).toEqual([
      { kind: 'reopen', cycle: entry.historyId },
    ]);
  });

  it('a retry after the move failed only moves it: the note of the cycle is already there', async () => {
    const { jira, deliver, notes } = world(closedBy(BOT));
    jira.failNext('transitionTo', jiraUnavailable('POST /rest/api/3/issue/SUP-1/transitions'));

    expect((await deliver(customerComment())).outcome).toBe('transient-failure');
    jira.calls.length = 0;
    expect((await deliver(customerComment())).outcome).toBe('acted');

    expect(jira.sequence()).toEqual([
      'getIssue SUP-1',
      `userGroups ${CLINIC.accountId}`,
      'commentsSince SUP-1',
      'transitionTo SUP-1 "Em Atendimento"',
    ]);
    expect(notes()).toHaveLength(1);
    expect(jira.issues.get('SUP-1')!.status).toEqual(FAKE_STATUS.analysts);
  });

  it('once reopened, the same comment delivered again changes nothing', async () => {
    const { jira, deliver, notes } = world(closedBy(BOT));
    await deliver(customerComment());
    jira.calls.length = 0;

    expect(await deliver(customerComment())).toMatchObject({ outcome: 'no-action' });

    expect(jira.sequence()).toEqual(['getIssue SUP-1', `userGroups ${CLINIC.accountId}`]);
    expect(notes()).toHaveLength(1);
  });

  it('leaves it closed, with no comment read, when an analyst closed it', async () => {
    const { jira, decisions, deliver } = world(closedBy(ANALYST));

    const result = await deliver(customerComment());

    expect(jira.sequence()).toEqual(['getIssue SUP-1', `userGroups ${CLINIC.accountId}`]);
    expect(result).toEqual({
      outcome: 'no-action',
      reason: 'SUP-1 was closed by someone other than the service',
    });
    expect(decisions).toEqual([['none', 'no-action']]);
  });

  it("leaves it closed when the comment was made after the close, or is an analyst's", async () => {
    const after = world(closedBy(BOT));
    const late = { ...customerComment(at(CLOSED) + 1_000) };
    // Made after the close: the webhook says so only through the time (no status here).
    late.issue = { id: '1', key: 'SUP-1', projectKey: 'SUP' };
    expect(await after.deliver(late)).toEqual({
      outcome: 'no-action',
      reason: 'the comment was made after the service closed it',
    });
    const analyst = world(closedBy(BOT));
    expect(await analyst.deliver(customerComment(COMMENTED, ANALYST))).toMatchObject({
      outcome: 'no-action',
    });
    for (const { jira } of [after, analyst]) {
      expect(jira.sequence().filter((call) => !/^(getIssue|userGroups)/.test(call))).toEqual([]);
    }
  });
});
