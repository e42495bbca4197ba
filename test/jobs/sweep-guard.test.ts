/**
 * The in-process sweep and the webhook path take the same per-issue lock: the sweep reads an issue
 * fresh and acts on it only while it holds it, so a delivery acting at the same moment is either
 * wholly before (and the sweep sees its writes) or wholly after.
 */
import { describe, expect, it } from '@jest/globals';
import { IssueLock } from '../../src/processing/issue-lock.ts';
import { FAKE_STATUS } from '../support/fake-jira.ts';
import { ANALYST, CLINIC } from '../rules/fixtures.ts';
import { DUE, NIGHT, threads, world, writesIn, type World } from './in-memory.ts';

/**
 * A delivery that holds `key` from before the sweep starts, and once the sweep has read its first
 * search page (on a later turn of the event loop) does `work` and gives the issue back.
 */
async function deliveryHolding(w: World, lock: IssueLock, key: string, work: () => void) {
  const release = await lock.acquire(key);
  let started = false;
  w.onCall('searchIssues', () => {
    if (started) return;
    started = true;
    setTimeout(() => {
      work();
      w.jira.calls.push({ op: 'delivery', key });
      release();
    }, 0);
  });
}

describe('the sweep and the per-issue lock', () => {
  it('reads an issue about to close only once a delivery holding it is done, and acts on what it did', async () => {
    const w = world();
    const lock = new IssueLock();
    w.put(1, DUE);
    // The customer rejected the solution: the delivery reopens the issue meanwhile.
    await deliveryHolding(w, lock, 'SUP-1', () =>
      w.jira.move('SUP-1', FAKE_STATUS.analysts, ANALYST),
    );

    const report = await w.sweep({ guard: lock });

    expect(threads(w.jira)['SUP-1']).toEqual(['delivery SUP-1', 'rereadIssues SUP-1']);
    expect(writesIn(w.jira)).toEqual([]);
    expect(report.counts).toMatchObject({ closed: 0, 'no-action': 1 });
    expect(lock.size).toBe(0);
  });

  it('acts on a pending issue decided from its page only after the delivery holding it, on a fresh read', async () => {
    const w = world();
    const lock = new IssueLock();
    const key = w.put(5, '2026-03-16T10:00:00-03:00', 'pending');
    w.clock.now = Date.parse('2026-03-17T10:00:00-03:00');
    w.jira.comment(key, CLINIC);
    w.clock.now = NIGHT;
    // The reply's own webhook sends it back to the analysts while the sweep waits.
    await deliveryHolding(w, lock, key, () => w.jira.move(key, FAKE_STATUS.analysts, ANALYST));

    const report = await w.sweep({ guard: lock });

    expect(threads(w.jira)[key]).toEqual([
      'delivery SUP-5',
      'commentsSince SUP-5',
      'rereadIssues SUP-5',
    ]);
    expect(writesIn(w.jira)).toEqual([]);
    expect(report.plan).toEqual([]);
    expect(report.counts['no-action']).toBe(1);
  });

  it('holds the issue through its fresh read and every write, and gives it back after', async () => {
    const w = world();
    const lock = new IssueLock();
    w.put(1, DUE);
    const heldAt: string[] = [];
    for (const op of ['rereadIssues', 'addComment', 'transitionTo'])
      w.onCall(op, () => heldAt.push(`${op} ${lock.size > 0 ? 'held' : 'free'}`));

    await w.sweep({ guard: lock });

    expect(heldAt).toEqual(['rereadIssues held', 'addComment held', 'transitionTo held']);
    expect(lock.size).toBe(0);
  });
});
