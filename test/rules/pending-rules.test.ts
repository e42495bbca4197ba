import { describe, expect, it } from '@jest/globals';
import { projectCalendar } from '../../src/config/index.ts';
import { decidePending } from '../../src/rules/index.ts';
import {
  ANALYST,
  ANALYST_VERDICT,
  at,
  judged,
  CLINIC,
  change,
  comment,
  issue,
  STATUS,
  sup,
} from './fixtures.ts';

const calendar = projectCalendar(sup);

describe('an issue pending on the customer', () => {
  const asked = change('analysts', 'pending', '2026-03-02T10:00:00-03:00', ANALYST);
  const pending = issue('pending', [asked], { assignee: undefined });

  it('is left alone without reading comments when nothing happened since', () => {
    const verdict = decidePending({
      issue: pending,
      project: sup,
      calendar,
      nowMs: at('2026-03-05T02:00:00-03:00'),
    });
    expect(verdict).toMatchObject({
      kind: 'decided',
      decision: { rule: 'none', code: 'quiet-since-pending', actions: [] },
    });
  });

  it('asks for comments when it was updated, and moves a missed customer reply to the analysts', () => {
    const touched = { ...pending, updatedMs: at('2026-03-03T08:00:00-03:00') };
    expect(
      decidePending({
        issue: touched,
        project: sup,
        calendar,
        nowMs: at('2026-03-05T02:00:00-03:00'),
      }),
    ).toMatchObject({ kind: 'read-comments', code: 'updated-since' });
    const answer = judged(comment('950', CLINIC, '2026-03-03T08:00:00-03:00'));
    const verdict = decidePending({
      issue: touched,
      project: sup,
      calendar,
      nowMs: at('2026-03-05T02:00:00-03:00'),
      comments: [answer],
    });
    expect(verdict.kind === 'decided' && verdict.decision).toMatchObject({
      rule: 'customer-reply',
      code: 'missed-reply',
      actions: [
        { type: 'assign', accountId: ANALYST.accountId },
        { type: 'transition', to: sup.statuses.analystQueue },
      ],
    });
  });

  it('leaves an issue that is no longer pending', () => {
    const verdict = decidePending({
      issue: { ...pending, status: STATUS.analysts },
      project: sup,
      calendar,
      nowMs: at('2026-03-05T02:00:00-03:00'),
    });
    expect(verdict).toMatchObject({
      decision: { rule: 'none', code: 'left-pending', actions: [] },
    });
  });

  it('does nothing for comments by analysts', () => {
    const touched = { ...pending, updatedMs: at('2026-03-03T08:00:00-03:00') };
    const note = judged(comment('951', ANALYST, '2026-03-03T08:00:00-03:00'), ANALYST_VERDICT);
    const verdict = decidePending({
      issue: touched,
      project: sup,
      calendar,
      nowMs: at('2026-03-05T02:00:00-03:00'),
      comments: [note],
    });
    expect(verdict).toMatchObject({
      decision: { rule: 'none', code: 'no-customer-comment', actions: [] },
    });
  });
});
