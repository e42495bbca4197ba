import { describe, expect, it } from '@jest/globals';
import { Pacer, PER_ISSUE_LIMIT } from '../../src/jira/pacer.ts';

/** A pacer on a fake clock: sleeping moves the clock. */
function fakePacer() {
  let now = 10_000;
  const slept: number[] = [];
  const pacer = new Pacer({
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  });
  return {
    pacer,
    slept,
    advance: (ms: number) => (now += ms),
    /** `count` accepted responses spread evenly over the next second (the first drops out) */
    acceptOverOneSecond(count: number) {
      for (let i = 0; i < count; i++) {
        pacer.onAccepted();
        now += 1000 / count;
      }
    },
  };
}

describe('Pacer', () => {
  it('holds nothing back until Jira throttles', async () => {
    const { pacer, slept, acceptOverOneSecond } = fakePacer();
    acceptOverOneSecond(500);
    for (let i = 0; i < 100; i++) await pacer.turn();
    expect(slept).toEqual([]);
    expect(pacer.requestsPerSecond).toBe(Number.POSITIVE_INFINITY);
  });

  it('after a 429, spaces requests a little under the rate Jira was accepting', async () => {
    const { pacer, slept, acceptOverOneSecond } = fakePacer();
    acceptOverOneSecond(200);
    pacer.onThrottled('jira-burst-based');
    expect(pacer.requestsPerSecond).toBeCloseTo(180, 5);

    for (let i = 0; i < 10; i++) await pacer.turn();
    // The first goes at once, each next one 1/180 s later (the cap grows a hair meanwhile).
    expect(slept).toHaveLength(9);
    for (const ms of slept) expect(ms).toBeCloseTo(1000 / 180, 1);
  });

  it('takes the 429s of one burst as one signal, and cuts again on a later one', () => {
    const { pacer, advance, acceptOverOneSecond } = fakePacer();
    acceptOverOneSecond(200);
    pacer.onThrottled();
    pacer.onThrottled();
    pacer.onThrottled();
    expect(pacer.requestsPerSecond).toBeCloseTo(180, 5);
    advance(500);
    pacer.onThrottled();
    expect(pacer.requestsPerSecond).toBeLessThan(190);
    expect(pacer.requestsPerSecond).toBeGreaterThan(180);

    acceptOverOneSecond(150);
    pacer.onThrottled();
    expect(pacer.requestsPerSecond).toBeCloseTo(135, 0);
  });

  it('grows back while Jira accepts, and lifts the cap in the end', () => {
    const { pacer, advance, acceptOverOneSecond } = fakePacer();
    acceptOverOneSecond(100);
    pacer.onThrottled();
    const cut = pacer.requestsPerSecond;
    advance(10_000);
    expect(pacer.requestsPerSecond).toBeGreaterThan(cut * 1.4);
    advance(10 * 60_000);
    expect(pacer.requestsPerSecond).toBe(Number.POSITIVE_INFINITY);
  });

  it('recovers from a 429 that came with nothing accepted before it within seconds, not minutes', () => {
    const { pacer, advance } = fakePacer();
    pacer.onThrottled();
    expect(pacer.requestsPerSecond).toBe(1);
    advance(10_000);
    expect(pacer.requestsPerSecond).toBeGreaterThanOrEqual(20);
  });

  it('is not slowed by the per-issue write limit, which says nothing of the site', () => {
    const { pacer, acceptOverOneSecond } = fakePacer();
    acceptOverOneSecond(200);
    pacer.onThrottled(PER_ISSUE_LIMIT);
    expect(pacer.requestsPerSecond).toBe(Number.POSITIVE_INFINITY);
  });
});
