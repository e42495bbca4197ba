/**
 * A webhook's decision performed (processing/act.ts): a move that cannot be made as configured is
 * answered `failed` with the reason (HTTP 200, so Jira does not send it again) and nothing is
 * written; a refused assignee is logged and the issue still reaches the analysts.
 */
import { describe, expect, it } from '@jest/globals';
import { JiraActionRunner } from '../../src/actions/index.ts';
import { act } from '../../src/processing/act.ts';
import { decideOnComment, type Decision } from '../../src/rules/index.ts';
import { captureLog } from '../support/log-capture.ts';
import {
  assigneeRefused,
  FAKE_STATUS,
  FakeJira,
  jiraRefused,
  jiraUnavailable,
  type WorkflowEdge,
} from '../support/fake-jira.ts';
import {
  ANALYST,
  at,
  BOT,
  change,
  CLINIC,
  CUSTOMER_VERDICT,
  issue,
  sup,
} from '../rules/fixtures.ts';

const NOW = at('2026-03-04T11:05:00-03:00');

/** Reabrir's screen requires a resolution on this site (a misconfigured file would send none). */
const WORKFLOW: WorkflowEdge[] = [
  { id: '41', name: 'Cliente respondeu', from: FAKE_STATUS.pending.id, to: FAKE_STATUS.analysts },
  {
    id: '51',
    name: 'Reabrir',
    from: FAKE_STATUS.validation.id,
    to: FAKE_STATUS.analysts,
    screen: {
      resolution: { name: 'Resolution' },
      customfield_10070: { name: 'Motivo', required: true },
    },
  },
];

function setUp(status: 'pending' | 'validation') {
  const jira = new FakeJira({ now: () => NOW, bot: BOT, workflow: WORKFLOW });
  const snapshot = issue(
    status,
    [
      change('open', 'analysts', '2026-03-02T09:00:00-03:00'),
      change('analysts', status, '2026-03-03T10:00:00-03:00', ANALYST),
    ],
    { assignee: { accountId: 'someone-else' } },
  );
  jira.put(snapshot);
  const decision = decideOnComment({
    comment: { id: '900', author: CLINIC, isPublic: true, createdMs: NOW },
    issue: snapshot,
    project: sup,
    customer: CUSTOMER_VERDICT,
    botAccountId: BOT.accountId,
  });
  const outcomes: string[] = [];
  const log = captureLog();
  const run = () =>
    act(
      snapshot,
      decision,
      {
        gateway: jira,
        runner: new JiraActionRunner(jira),
        onDecision: (_d: Decision, outcome) => outcomes.push(outcome),
      },
      log.logger,
    );
  return { jira, run, outcomes, log };
}

describe('acting on a delivery', () => {
  it('answers failed with the reason when the move is blocked, and posts no reopen note', async () => {
    const { jira, run, outcomes, log } = setUp('validation');
    const reason = 'SUP-1: "Reabrir" needs Motivo; set transitions.reopen.fields.customfield_10070';
    expect(await run()).toEqual({ outcome: 'failed', reason });
    expect(outcomes).toEqual(['failed']);
    expect(jira.sequence()).toEqual([]);
    expect(jira.issues.get('SUP-1')!.status).toEqual(FAKE_STATUS.validation);
    expect(log.find('action blocked')).toEqual([
      expect.objectContaining({ outcome: 'failed', err: reason, rule: 'customer-rejection' }),
    ]);
  });

  it('moves a reply to the analysts although Jira refuses the analyst as assignee, and logs the refusal', async () => {
    const { jira, run, log } = setUp('pending');
    jira.failNext('assign', assigneeRefused('SUP-1', ANALYST.accountId));
    const result = await run();
    expect(jira.sequence()).toEqual([
      `assign SUP-1 ${ANALYST.accountId}`,
      'transitionTo SUP-1 "Em Atendimento"',
    ]);
    expect(result).toMatchObject({ outcome: 'acted' });
    expect(jira.issues.get('SUP-1')!.status).toEqual(FAKE_STATUS.analysts);
    expect(log.find('Jira refused a step')).toEqual([
      expect.objectContaining({
        action: 'assign',
        refused: `assignee: User '${ANALYST.accountId}' cannot be assigned issues.`,
      }),
    ]);
  });

  it("reopens although the reopen note's read-back fails, and logs what was not checked", async () => {
    const { jira, run, log } = setUp('validation');
    jira.workflow = [
      { id: '51', name: 'Reabrir', from: FAKE_STATUS.validation.id, to: FAKE_STATUS.analysts },
    ];
    jira.failNext('commentsSince', jiraUnavailable('GET /rest/api/3/issue/SUP-1/comment'));
    const result = await run();
    expect(jira.sequence()).toEqual([
      'addComment SUP-1 internal',
      'commentsSince SUP-1',
      'transitionTo SUP-1 "Em Atendimento"',
    ]);
    expect(result).toMatchObject({ outcome: 'acted' });
    expect(log.find('part of a step failed')).toEqual([
      expect.objectContaining({
        action: 'comment',
        problem: 'GET /rest/api/3/issue/SUP-1/comment failed: 503 Service Unavailable',
      }),
    ]);
  });

  it('counts a write Jira refuses for good (403) as a failed decision, and leaves the answer to the processor', async () => {
    const { jira, run, outcomes } = setUp('pending');
    jira.failNext('assign', jiraRefused(403, 'PUT /rest/api/3/issue/SUP-1/assignee'));
    await expect(run()).rejects.toThrow('403');
    expect(outcomes).toEqual(['failed']);
  });
});
