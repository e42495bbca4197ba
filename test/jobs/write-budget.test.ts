import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { WriteBudget } from '../../src/jobs/write-budget.ts';

describe('the per-run write budget', () => {
  it('grants a reservation only when all of it fits, and takes nothing otherwise', () => {
    const budget = new WriteBudget(5, 0);
    expect(budget.reserve(2)).toBe(true);
    expect(budget.reserve(4)).toBe(false);
    expect(budget.reserved).toBe(2);
    expect(budget.reserve(3)).toBe(true);
    expect(budget.reserve(1)).toBe(false);
    expect(budget.reserved).toBe(5);
  });

  it('counts what the runner already wrote against the cap', () => {
    const budget = new WriteBudget(4, 3);
    expect(budget.reserve(2)).toBe(false);
    expect(budget.reserve(1)).toBe(true);
    expect(budget.reserve(1)).toBe(false);
  });

  it('grants nothing when the writes already made exceed the cap', () => {
    expect(new WriteBudget(2, 5).reserve(1)).toBe(false);
    expect(new WriteBudget(0, 0).reserve(1)).toBe(false);
  });

  it('keeps the reservation of an issue that failed half way: its writes are not known', async () => {
    const budget = new WriteBudget(4, 0);
    const issue = async (writes: number, fail: boolean) => {
      if (!budget.reserve(writes)) return 'deferred';
      if (fail) throw new Error('Jira failed after the first write');
      return 'done';
    };
    await expect(issue(2, true)).rejects.toThrow('after the first write');
    expect(await issue(2, false)).toBe('done');
    expect(await issue(2, false)).toBe('deferred');
  });

  it('is never overshot however issues side by side interleave, and grants what fits in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 10 }),
        fc.array(fc.record({ writes: fc.integer({ min: 1, max: 4 }), fails: fc.boolean() }), {
          maxLength: 30,
        }),
        async (s, cap, already, issues) => {
          const budget = new WriteBudget(cap, already);
          let written = already;
          let granted = already;
          const work = issues.map(async ({ writes, fails }, i) => {
            await s.schedule(Promise.resolve(), `issue ${i} starts`);
            const fits = granted + writes <= cap;
            expect(budget.reserve(writes)).toBe(fits);
            if (!fits) return;
            granted += writes;
            // Each write is a call that may interleave with the other issues' reservations.
            for (let w = 0; w < (fails ? writes - 1 : writes); w++) {
              await s.schedule(Promise.resolve(), `issue ${i} write ${w}`);
              written++;
            }
          });
          await s.waitAll();
          await Promise.all(work);
          expect(budget.reserved).toBe(granted);
          expect(written).toBeLessThanOrEqual(Math.max(cap, already));
        },
      ),
      { numRuns: 200 },
    );
  });
});
