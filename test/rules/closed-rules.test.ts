/**
 * A customer's comment made during validation, on an issue the service then closed (the close
 * beat the comment's webhook, or the webhook was lost): decideCommentOnClosed for the late
 * webhook, decideClosed for the catch-up sweep.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { projectCalendar } from '../../src/config/index.ts';
import type { IssueSnapshot } from '../../src/domain/index.ts';
import {
  decideClosed,
  decideCommentOnClosed,
  MARKER_PROPERTY,
  type CommentContext,
  type SweepContext,
} from '../../src/rules/index.ts';
import {
  ANALYST,
  ANALYST_VERDICT,
  at,
  BOT,
  change,
  CLINIC,
  comment,
  CUSTOMER_VERDICT,
  issue,
  judged,
  STATUS,
  sup,
} from './fixtures.ts';

const ENTERED = '2026-03-02T10:00:00-03:00';
const CLOSED = '2026-03-10T02:00:05-03:00';
const validationEntry = change('analysts', 'validation', ENTERED);
const serviceClose = change('validation', 'closed', CLOSED, BOT);
/** Resolved on 2026-03-02, closed by the service's nightly sweep of 2026-03-10. */
const closedByService = issue('closed', [
  change('open', 'analysts', '2026-02-27T09:00:00-03:00'),
  validationEntry,
  serviceClose,
]);

const REOPEN = {
  type: 'transition',
  to: sup.statuses.reopen,
  via: { target: 'reopen', name: 'Reabrir', fields: { resolution: null } },
  why: 'the customer commented during validation',
};

function onComment(createdIso: string, extra: Partial<CommentContext> = {}) {
  return decideCommentOnClosed({
    comment: { id: '900', author: CLINIC, isPublic: true, createdMs: at(createdIso) },
    issue: closedByService,
    project: sup,
    customer: CUSTOMER_VERDICT,
    botAccountId: BOT.accountId,
    ...extra,
  });
}

describe('a late webhook of a comment on an issue the service closed', () => {
  it('reopens it when the customer commented in validation just before the close: the note marked for the validation cycle, then "Reabrir" clearing the resolution', () => {
    const decision = onComment('2026-03-10T02:00:03-03:00');
    expect(decision).toMatchObject({ rule: 'customer-rejection', code: 'rejected-before-close' });
    expect(decision.actions).toEqual([
      expect.objectContaining({
        type: 'comment',
        internal: true,
        text: expect.stringContaining('reaberto'),
        // The cycle the comment belongs to, not the close's own history id.
        properties: { [MARKER_PROPERTY]: { kind: 'reopen', cycle: validationEntry.historyId } },
      }),
      REOPEN,
    ]);
  });

  it('reopens on a comment made at the very moment of the close, or the moment the issue entered validation', () => {
    expect(onComment(CLOSED).code).toBe('rejected-before-close');
    expect(onComment(ENTERED).code).toBe('rejected-before-close');
  });

  it('posts no second note when the cycle already has one (a retry after a failed move)', () => {
    const noted = onComment('2026-03-09T15:00:00-03:00', {
      markers: [{ kind: 'reopen', cycle: validationEntry.historyId }],
    });
    expect(noted.actions).toEqual([REOPEN]);
    // A note of another cycle (here the close's id) is not this cycle's.
    const other = onComment('2026-03-09T15:00:00-03:00', {
      markers: [{ kind: 'reopen', cycle: serviceClose.historyId }],
    });
    expect(other.actions.map((a) => a.type)).toEqual(['comment', 'transition']);
  });

  it('leaves it closed when the comment came after the close', () => {
    expect(onComment('2026-03-10T02:00:06-03:00')).toMatchObject({
      rule: 'none',
      code: 'comment-after-close',
      actions: [],
    });
  });

  it('leaves it closed when the comment predates the validation the service closed', () => {
    expect(onComment('2026-03-02T09:59:59-03:00')).toMatchObject({
      rule: 'none',
      code: 'before-validation',
    });
  });

  it('leaves it closed when a person closed it, or the service closed it from another status', () => {
    const byAnalyst = issue('closed', [validationEntry, change('validation', 'closed', CLOSED)]);
    expect(onComment('2026-03-09T15:00:00-03:00', { issue: byAnalyst })).toMatchObject({
      rule: 'none',
      code: 'not-closed-by-service',
    });
    const fromAnalysts = issue('closed', [
      validationEntry,
      change('validation', 'analysts', '2026-03-05T10:00:00-03:00'),
      change('analysts', 'closed', CLOSED, BOT),
    ]);
    expect(onComment('2026-03-09T15:00:00-03:00', { issue: fromAnalysts })).toMatchObject({
      rule: 'none',
      code: 'closed-from-other-status',
    });
  });

  it('takes the cycle of the last validation: a comment of an earlier one, closed and reopened since, is not a rejection of this one', () => {
    const second = change('analysts', 'validation', '2026-03-20T10:00:00-03:00');
    const twice = issue('closed', [
      validationEntry,
      change('validation', 'closed', '2026-03-10T02:00:00-03:00', BOT),
      change('closed', 'analysts', '2026-03-11T09:00:00-03:00'),
      second,
      change('validation', 'closed', '2026-03-28T02:00:00-03:00', BOT),
    ]);
    expect(onComment('2026-03-09T15:00:00-03:00', { issue: twice }).code).toBe('before-validation');
    const rejected = onComment('2026-03-27T15:00:00-03:00', { issue: twice });
    expect(rejected.actions[0]).toMatchObject({
      properties: { [MARKER_PROPERTY]: { kind: 'reopen', cycle: second.historyId } },
    });
  });

  it('never counts an internal note or a comment by someone who is not the customer', () => {
    expect(
      onComment('2026-03-09T15:00:00-03:00', {
        comment: { id: '901', author: CLINIC, isPublic: false, createdMs: at(ENTERED) + 1 },
      }).code,
    ).toBe('internal-comment');
    expect(onComment('2026-03-09T15:00:00-03:00', { customer: ANALYST_VERDICT })).toEqual({
      rule: 'none',
      actions: [],
      code: 'not-customer',
      reason: ANALYST_VERDICT.reason,
    });
  });

  it('is not for an issue that is no longer closed (reopened meanwhile)', () => {
    const reopened = issue('analysts', [
      validationEntry,
      serviceClose,
      change('closed', 'analysts', '2026-03-10T08:00:00-03:00'),
    ]);
    expect(onComment('2026-03-09T15:00:00-03:00', { issue: reopened })).toMatchObject({
      code: 'status-not-handled',
      reason: expect.stringContaining('"Em Atendimento"'),
    });
  });

  it('reopens exactly when the comment was made from the entry into validation to the close', () => {
    const from = at(ENTERED);
    const to = at(CLOSED);
    fc.assert(
      fc.property(fc.integer({ min: from - 86_400_000, max: to + 86_400_000 }), (createdMs) => {
        const decision = onComment(new Date(createdMs).toISOString());
        const inWindow = createdMs >= from && createdMs <= to;
        expect(decision.rule).toBe(inWindow ? 'customer-rejection' : 'none');
      }),
    );
  });
});

/** The catch-up at 02:15 with its 60-minute look-back. */
const CATCH_UP = at('2026-03-10T02:15:00-03:00');

function sweepClosed(extra: Partial<SweepContext> = {}, closed: IssueSnapshot = closedByService) {
  return decideClosed({
    issue: closed,
    project: sup,
    calendar: projectCalendar(sup),
    nowMs: CATCH_UP,
    botAccountId: BOT.accountId,
    lookbackStartMs: CATCH_UP - 60 * 60_000,
    ...extra,
  });
}

describe('the catch-up sweep on a closed issue', () => {
  it('asks for the comments since the entry into validation when the service closed it from there in the look-back', () => {
    expect(sweepClosed()).toEqual({
      kind: 'read-comments',
      sinceMs: validationEntry.atMs,
      reason: 'closed by the service from validation',
      code: 'closed-by-service',
    });
  });

  it('decides from the changelog alone, with no comment read, when a person closed it, the service closed it from elsewhere, or before the look-back', () => {
    const byAnalyst = issue('closed', [validationEntry, change('validation', 'closed', CLOSED)]);
    expect(sweepClosed({}, byAnalyst)).toMatchObject({
      kind: 'decided',
      decision: { rule: 'none', code: 'not-closed-by-service' },
    });
    const cancelled = issue('closed', [
      change('open', 'analysts', '2026-03-09T09:00:00-03:00'),
      change('analysts', 'closed', CLOSED, BOT),
    ]);
    expect(sweepClosed({}, cancelled)).toMatchObject({
      decision: { code: 'closed-from-other-status' },
    });
    expect(
      sweepClosed({ nowMs: CATCH_UP + 3 * 3_600_000, lookbackStartMs: CATCH_UP + 2 * 3_600_000 }),
    ).toMatchObject({
      kind: 'decided',
      decision: { rule: 'none', code: 'close-before-lookback' },
    });
  });

  it("reopens on the customer's public comment made during validation before the close, even among an analyst's and the service's own", () => {
    const comments = [
      judged(comment('c1', ANALYST, '2026-03-05T10:00:00-03:00'), ANALYST_VERDICT),
      judged(comment('c2', CLINIC, '2026-03-10T02:00:04-03:00')),
      judged(
        comment('c3', BOT, CLOSED, {
          properties: { [MARKER_PROPERTY]: { kind: 'closing', cycle: validationEntry.historyId } },
        }),
        { isCustomer: false, code: 'own-account', reason: "the service's own account" },
      ),
    ];
    const verdict = sweepClosed({ comments });
    expect(verdict).toMatchObject({
      kind: 'decided',
      decision: {
        rule: 'customer-rejection',
        code: 'rejected-before-close',
        reason: expect.stringContaining('c2'),
      },
    });
    expect(verdict.kind === 'decided' && verdict.decision.actions).toEqual([
      expect.objectContaining({
        type: 'comment',
        internal: true,
        properties: { [MARKER_PROPERTY]: { kind: 'reopen', cycle: validationEntry.historyId } },
      }),
      REOPEN,
    ]);
  });

  it('only moves it when the reopen note of the cycle is already among the comments', () => {
    const comments = [
      judged(comment('c2', CLINIC, '2026-03-09T15:00:00-03:00')),
      judged(
        comment('c4', BOT, '2026-03-10T02:10:00-03:00', {
          isPublic: false,
          properties: { [MARKER_PROPERTY]: { kind: 'reopen', cycle: validationEntry.historyId } },
        }),
      ),
    ];
    const verdict = sweepClosed({ comments });
    expect(verdict.kind === 'decided' && verdict.decision.actions).toEqual([REOPEN]);
  });

  it("leaves it closed when the customer's comment came after the close, was internal, or was an analyst's", () => {
    const comments = [
      judged(comment('c1', ANALYST, '2026-03-05T10:00:00-03:00'), ANALYST_VERDICT),
      judged(comment('c2', CLINIC, '2026-03-09T15:00:00-03:00', { isPublic: false })),
      judged(comment('c3', CLINIC, '2026-03-10T02:05:00-03:00')),
    ];
    expect(sweepClosed({ comments })).toMatchObject({
      kind: 'decided',
      decision: { rule: 'none', code: 'no-rejection-before-close', actions: [] },
    });
  });

  it('leaves an issue that is no longer closed to the other rules', () => {
    const reopened = { ...closedByService, status: STATUS.analysts };
    expect(sweepClosed({}, reopened)).toMatchObject({
      kind: 'decided',
      decision: { code: 'left-closed' },
    });
  });
});
