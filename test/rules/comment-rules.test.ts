import { describe, expect, it } from '@jest/globals';
import { decideOnComment, screenDelivery, type CommentContext } from '../../src/rules/index.ts';
import {
  ANALYST,
  BOT,
  CLINIC,
  change,
  config,
  issue,
  STATUS,
  sup,
  typedWithHyphen,
} from './fixtures.ts';

const customer = {
  isCustomer: true,
  code: 'customer-account',
  reason: 'the author is a customer account',
} as const;
const pendingIssue = issue(
  'pending',
  [
    change('open', 'analysts', '2026-03-02T09:00:00-03:00'),
    change('analysts', 'pending', '2026-03-02T10:00:00-03:00', ANALYST),
  ],
  { assignee: undefined },
);
const validationIssue = issue('validation', [
  change('open', 'analysts', '2026-03-02T09:00:00-03:00'),
  change('analysts', 'validation', '2026-03-03T10:00:00-03:00'),
]);
const reply = {
  id: '500',
  author: CLINIC,
  isPublic: true,
  createdMs: Date.parse('2026-03-03T11:00:00-03:00'),
};

function decide(extra: Partial<CommentContext>) {
  return decideOnComment({
    comment: reply,
    issue: pendingIssue,
    project: sup,
    customer,
    botAccountId: BOT.accountId,
    ...extra,
  });
}

describe('a comment on an issue', () => {
  it('a customer reply on a pending issue goes back to the analyst queue, assigned first to the analyst who asked', () => {
    expect(decide({})).toEqual({
      rule: 'customer-reply',
      code: 'customer-replied',
      reason: 'customer replied on a pending issue',
      actions: [
        { type: 'assign', accountId: ANALYST.accountId, why: 'back to the analyst who asked' },
        {
          type: 'transition',
          to: sup.statuses.analystQueue,
          // SUP names no transition into the analysts' queue: the only non-global one is taken.
          via: { target: 'analystQueue' },
          why: 'the customer answered the request for information',
        },
      ],
    });
  });

  it('does not reassign when the config says not to, or the asker is already the assignee', () => {
    const noAssign = decide({ project: { ...sup, assignBackToAnalyst: false } });
    expect(noAssign.actions.map((a) => a.type)).toEqual(['transition']);
    const alreadyAssigned = decide({ issue: { ...pendingIssue, assignee: ANALYST } });
    expect(alreadyAssigned.actions.map((a) => a.type)).toEqual(['transition']);
  });

  it('a customer comment during validation reopens the issue, the marked internal note first', () => {
    const decision = decide({ issue: validationIssue });
    expect(decision).toMatchObject({ rule: 'customer-rejection', code: 'customer-rejected' });
    const cycle = validationIssue.statusChanges![1]!.historyId;
    expect(decision.actions).toEqual([
      expect.objectContaining({
        type: 'comment',
        internal: true,
        text: expect.stringContaining('reaberto'),
        properties: { 'jira-support': { kind: 'reopen', cycle } },
      }),
      {
        type: 'transition',
        to: sup.statuses.reopen,
        via: { target: 'reopen', name: 'Reabrir', fields: { resolution: null } },
        why: 'the customer commented during validation',
      },
    ]);
  });

  it('does not post the reopen note twice in one cycle (a retry after a failed move)', () => {
    const cycle = validationIssue.statusChanges![1]!.historyId;
    const decision = decide({ issue: validationIssue, markers: [{ kind: 'reopen', cycle }] });
    expect(decision.actions.map((a) => a.type)).toEqual(['transition']);
  });

  it('an internal comment never counts, even by the customer', () => {
    expect(decide({ comment: { ...reply, isPublic: false } })).toMatchObject({
      rule: 'none',
      actions: [],
      code: 'internal-comment',
    });
  });

  it('a comment by someone who is not the customer changes nothing, with the reason', () => {
    const decision = decide({
      customer: {
        isCustomer: false,
        code: 'own-account',
        reason: "the author is the service's own account",
      },
    });
    // The verdict's reason is what the log line shows: passed on as it is.
    expect(decision).toEqual({
      rule: 'none',
      actions: [],
      code: 'not-customer',
      reason: "the author is the service's own account",
    });
  });

  it('an issue that already moved on is left alone (the same comment twice is harmless)', () => {
    const moved = { ...pendingIssue, status: STATUS.analysts };
    const decision = decide({ issue: moved });
    expect(decision).toMatchObject({ rule: 'none', code: 'status-not-handled', actions: [] });
    // The log line names the status the issue is in.
    expect(decision.reason).toContain('"Em Atendimento"');
  });

  it('a late delivery of a comment older than the current status does not undo the analyst', () => {
    const early = { ...reply, createdMs: Date.parse('2026-03-02T09:30:00-03:00') };
    expect(decide({ comment: early })).toMatchObject({
      rule: 'none',
      code: 'before-current-status',
      actions: [],
    });
  });

  it('matches statuses typed with a hyphen instead of an en dash', () => {
    const decision = decide({ issue: validationIssue, project: typedWithHyphen });
    expect(decision.rule).toBe('customer-rejection');
    expect(decide({ project: typedWithHyphen }).rule).toBe('customer-reply');
  });
});

describe('screening a delivery before any Jira call', () => {
  it('ignores projects that are not configured', () => {
    expect(
      screenDelivery(
        { event: 'comment_created', projectKey: 'OPS', status: STATUS.pending },
        config,
      ),
    ).toEqual({
      ignore: 'project OPS is not configured',
    });
  });

  it('ignores comments made in statuses the service does not act on', () => {
    expect(
      screenDelivery(
        { event: 'comment_created', projectKey: 'SUP', status: STATUS.analysts },
        config,
      ),
    ).toEqual({
      ignore: 'a comment on an issue in "Em Atendimento"',
    });
  });

  it('passes comments on pending and validation issues, whatever the dash the admin typed', () => {
    const hyphenConfig = { ...config, projects: { SUP: typedWithHyphen } };
    for (const status of [STATUS.pending, STATUS.validation]) {
      expect(
        screenDelivery({ event: 'comment_created', projectKey: 'SUP', status }, hyphenConfig),
      ).toEqual({
        project: typedWithHyphen,
      });
    }
  });

  it('passes issue updates only when they move into pending or validation', () => {
    const update = (movedTo: (typeof STATUS)[keyof typeof STATUS][]) =>
      screenDelivery({ event: 'jira:issue_updated', projectKey: 'SUP', movedTo }, config);
    expect(update([STATUS.validation])).toEqual({ project: sup });
    expect(update([])).toEqual({ ignore: 'no move into the pending or validation status' });
    expect(update([STATUS.closed])).toEqual({
      ignore: 'no move into the pending or validation status',
    });
  });
});

describe('templates', () => {
  it("fill the customer's name and the issue in the reopen note", () => {
    const project = {
      ...sup,
      templates: {
        ...sup.templates,
        reopenNote: '{{customerName}} reabriu {{issueKey}} ({{summary}})',
      },
    };
    const decision = decide({ issue: validationIssue, project });
    expect(decision.actions[0]).toMatchObject({
      text: 'Clínica reabriu SUP-1 (Laudo não imprime)',
    });
  });
});

describe('the transition a move takes', () => {
  it("is the project's configured one for its target, with the fields to send", () => {
    const project = {
      ...sup,
      transitions: { ...sup.transitions, analystQueue: { id: '41', fields: { priority: null } } },
    };
    expect(decide({ project }).actions.at(-1)).toEqual({
      type: 'transition',
      to: sup.statuses.analystQueue,
      via: { target: 'analystQueue', id: '41', fields: { priority: null } },
      why: 'the customer answered the request for information',
    });
  });

  it('names only its target when the project configures none (the only non-global one is taken)', () => {
    const decision = decide({ issue: validationIssue, project: typedWithHyphen });
    expect(decision.actions.at(-1)).toMatchObject({
      type: 'transition',
      via: { target: 'reopen' },
    });
    expect(typedWithHyphen.transitions).toEqual({});
  });
});
